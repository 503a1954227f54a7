"""The demo partnership's work plan, as the issue's Demo section describes it: the outcome "More disabled
people in employment" with three themes in an agreed order (three dots each, then a decision at the first
meeting), tasks with outputs in easy read, one task taking longer than planned with its reason, one waiting
on another, an "involve our networks" activity (the 50 conversations), the existing meetings as its rhythm,
the plan agreed at a meeting; plus a second outcome just proposed. Loading the demo twice leaves one of
each. The last tests read the pages as a partner would."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduction import demo
from meetings.models import ActionPoint, Decision, Meeting
from partners.models import Partnership, User
from workplan.models import (
    Activity,
    Comment,
    Outcome,
    Output,
    PlanChange,
    PlanVersion,
    ProposedMove,
    Ranking,
    RankingAnswer,
    Task,
    TaskActionPoint,
)
from workplan.services.plan import plan_for
from workplan.services.schedule import day_words

THEMES = ["What stops people getting work", "What employers need to know", "Interview skills training"]


@pytest.fixture
def work(db):
    demo.load()
    demo.load()
    return Partnership.objects.get(slug="work-together-riverside")


def _meetings(work) -> list[Meeting]:
    return list(Meeting.objects.filter(partnership=work).order_by("starts_at"))


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _client(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def test_the_outcome_is_agreed_with_easy_read_and_one_lead_from_each_side(work):
    outcome = Outcome.objects.get(partnership=work, title="More disabled people in employment")
    assert outcome.status == Outcome.Status.AGREED
    assert outcome.easy_read_text and outcome.easy_read_picture.startswith("openmoji:")
    assert {outcome.lead_group.kind, outcome.second_lead_group.kind} == {"dpo", "council"}
    assert Outcome.objects.filter(partnership=work).count() == 2  # loaded twice, made once


def test_three_themes_in_the_order_the_partners_agreed_at_the_first_meeting(work):
    plan = plan_for(work)
    outcome = plan.outcomes[0]
    assert [t.title for t in outcome.themes_list] == THEMES
    decision = outcome.themes_list[0].order_decision
    assert all(t.order_decision == decision for t in outcome.themes_list)
    assert decision.meeting == _meetings(work)[0]
    assert "1. What stops people getting work" in decision.text
    # The ranking behind it: three dots each, from eight people, closed, with the decision.
    ranking = Ranking.objects.get(outcome=outcome)
    assert ranking.method == Ranking.Method.DOTS and ranking.closed_at and ranking.decision == decision
    answers = RankingAnswer.objects.filter(ranking=ranking)
    people = {a.person_id for a in answers}
    assert len(people) == 8
    for person in people:
        assert sum(a.value for a in answers if a.person_id == person) == 3
    totals = [sum(a.value for a in answers if a.theme_id == t.pk) for t in outcome.themes_list]
    assert totals == sorted(totals, reverse=True)  # the agreed order is the dots' order


def test_tasks_have_outputs_in_easy_read_and_dates_that_move_with_the_demo(work):
    tasks = {t.title: t for t in Task.objects.filter(partnership=work)}
    assert tasks["Survey: what stops people getting work"].status == Task.Status.DONE
    outputs = {o.title: o for o in Output.objects.filter(partnership=work).select_related("task")}
    for title in ("Interview skills training course", "Guide for employers"):
        assert outputs[title].easy_read_text and outputs[title].easy_read_picture
    assert outputs["Guide for employers"].task.theme.title == "What employers need to know"
    assert outputs["Interview skills training course"].task.theme.title == "Interview skills training"
    today = timezone.localdate()
    # Some done, some under way or coming: the plan is a living one whatever day the demo is loaded.
    assert any(t.planned_end < today for t in tasks.values())
    assert any(t.planned_start > today for t in tasks.values())


def test_one_task_takes_longer_than_planned_and_says_why(work):
    plan = plan_for(work)
    talk = next(t for t in plan.tasks if t.title == "Talk to 50 disabled people")
    assert talk.expected_end > talk.planned_end
    assert "Taking longer than planned, by 3 weeks" in talk.state.words
    change = PlanChange.objects.get(task=talk, field=PlanChange.Field.DATES)
    assert change.reason == "the venue was not ready"
    assert "now expected to end" in change.words
    # It is the one thing the plan's check says is late.
    assert [t.title for t in plan.late] == ["Talk to 50 disabled people"]
    assert "Talk to 50 disabled people" in plan.following_words


def test_one_task_waits_for_the_slipped_one_with_new_dates_to_confirm(work):
    heard = Task.objects.get(partnership=work, title="Write what we heard")
    talk = Task.objects.get(partnership=work, title="Talk to 50 disabled people")
    assert list(heard.needs.all()) == [talk]
    assert heard.status == Task.Status.CANNOT_START and "50 conversations" in heard.status_note
    move = ProposedMove.objects.get(task=heard)
    assert move.status == ProposedMove.Status.OPEN and move.because_of == talk
    assert move.new_start > talk.expected_end
    # Nothing moved silently: the task keeps its dates until a person confirms.
    assert heard.planned_start < talk.expected_end


def test_the_networks_window_comes_before_the_task_that_needs_it(work):
    networks = Activity.objects.get(partnership=work, kind=Activity.Kind.NETWORKS)
    assert networks.title == "50 conversations with disabled people"
    assert (networks.ends_on - networks.starts_on).days + 1 == 28
    assert networks.task.title == "Write what we heard" and networks.lead_weeks == 2
    assert (networks.task.planned_start - networks.ends_on).days >= 14


def test_the_demo_meetings_are_the_plans_rhythm_and_its_record(work):
    first, second, following = _meetings(work)
    linked = {a.meeting_id: a for a in Activity.objects.filter(partnership=work, kind=Activity.Kind.MEETING)}
    assert set(linked) == {first.pk, second.pk, following.pk}
    assert linked[following.pk].task.title == "Talk to 50 disabled people"
    assert linked[second.pk].theme.title == THEMES[0]
    assert len({m.series_id for m in (first, second, following)} - {None}) == 1
    # An action point from the second meeting belongs to a task.
    link = TaskActionPoint.objects.get(partnership=work)
    assert link.action_point.text == "Draft the questions for the 50 conversations"
    assert link.action_point.status == ActionPoint.Status.OPEN


def test_the_plan_was_agreed_at_the_second_meeting_and_has_changed_since(work):
    _, second, _ = _meetings(work)
    version = PlanVersion.objects.get(partnership=work)
    assert version.number == 1 and version.meeting == second
    assert Decision.objects.filter(pk=version.decision_id, meeting=second).exists()
    titles = [t["title"] for t in version.snapshot["tasks"]]
    assert "Talk to 50 disabled people" in titles and len(titles) == 7
    # Snapshotted before the slip: the agreed plan had it ending as planned.
    agreed = next(t for t in version.snapshot["tasks"] if t["title"] == "Talk to 50 disabled people")
    assert agreed["expected_end"] == agreed["planned_end"]
    since = PlanChange.objects.filter(partnership=work, changed_at__gt=second.ends_at)
    assert "the venue was not ready" in {c.reason for c in since}


def test_partners_comment_and_suggest(work):
    comments = Comment.objects.filter(partnership=work).select_related("author")
    assert {c.kind for c in comments} == {Comment.Kind.COMMENT, Comment.Kind.SUGGESTION}
    assert {c.author.email for c in comments} == {"member@example.org", "easyread@example.org"}


def test_a_second_outcome_just_proposed_by_jamie(work):
    proposed = Outcome.objects.get(partnership=work, title="Disabled people can travel independently")
    assert proposed.status == Outcome.Status.PROPOSED
    assert proposed.created_by.email == "member@example.org"
    assert not proposed.tasks.exists() and not proposed.themes.exists()


# ---------------------------------------------------------------- what a partner reads on the pages


def test_a_partner_reads_the_plan(work):
    page = _text(_client("easyread@example.org").get(reverse("workplan:plan", args=[work.slug])))
    assert "More disabled people in employment" in page
    positions = [page.index(title) for title in THEMES]
    assert positions == sorted(positions)
    for words in (
        "Talk to 50 disabled people",
        "Taking longer than planned, by 3 weeks",
        "Write what we heard",
        "Disabled people can travel independently",
    ):
        assert words in page, words


def test_a_partner_reads_why_the_slipped_task_is_late_and_what_waits_for_it(work):
    talk = Task.objects.get(partnership=work, title="Talk to 50 disabled people")
    page = _text(_client("member@example.org").get(reverse("workplan:task", args=[work.slug, talk.pk])))
    assert "the venue was not ready" in page
    assert "Write what we heard" in page  # waits for it
    assert day_words(talk.expected_end) in page


def test_a_partner_reads_what_has_changed_since_the_plan_was_agreed(work):
    page = _text(_client("member@example.org").get(reverse("workplan:changes", args=[work.slug])))
    assert "Talk to 50 disabled people" in page and "the venue was not ready" in page


def test_a_partner_reads_the_networks_window_among_the_activities(work):
    page = _text(_client("member@example.org").get(reverse("workplan:activities", args=[work.slug])))
    assert "50 conversations with disabled people" in page
    assert "Planning the 50 conversations" in page


def test_the_outcome_page_says_how_the_order_was_agreed(work):
    outcome = Outcome.objects.get(partnership=work, title="More disabled people in employment")
    decision = outcome.themes.first().order_decision
    page = _text(_client("member@example.org").get(reverse("workplan:outcome", args=[work.slug, outcome.pk])))
    positions = [page.index(title) for title in THEMES]
    assert positions == sorted(positions)
    assert decision.reference in page
