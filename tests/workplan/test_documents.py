"""The printed work plan (web pages in each variant: what they say, easy read not ready while words are
missing, who may read them) and the agenda item "Work plan: what is late, what is next" (who may add it,
once per meeting, only to a meeting still to come) with its paper in the meeting pack and agenda, within the
pack's query budget."""

import html
import re
import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduction.printing import VARIANTS
from meetings.models import AgendaItem, Meeting
from meetings.services import documents as meetings_documents
from partners.models import GlossaryTerm, PartnerGroup, Role
from tests.factories import make_decision, make_group, make_meeting, make_member, make_minutes, make_user
from workplan.models import Outcome, Output, PlanAgendaItem, PlanSettings, Task, Theme
from workplan.services import documents
from workplan.services.documents import agenda_add
from workplan.services.schedule import day_words
from workplan.services.tasks import task_add, task_save

pytestmark = pytest.mark.django_db


@dataclass
class PlanMade:
    outcome: Outcome
    proposed: Outcome
    themes: list[Theme]
    survey: Task  # done
    training: Task  # late, with why
    guide: Task  # waits for the training: new dates proposed
    talks: Task  # next due
    idea: Task  # of the proposed outcome
    forum: PartnerGroup
    council: PartnerGroup


def plan_in(partnership, alice, bob) -> PlanMade:
    """The demo's plan, in small: an agreed outcome with three themes in an agreed order, a task done, one
    late with why its dates moved, one waiting for it with new dates proposed, one coming up; a proposed
    outcome with one task; a hard word in the glossary."""
    today = timezone.localdate()
    forum = make_group(partnership, "Disability Forum")
    council = make_group(partnership, "City Council", kind=PartnerGroup.Kind.COUNCIL)
    outcome = Outcome.objects.create(
        partnership=partnership,
        title="More disabled people in employment",
        description="Disabled people get jobs that suit them.",
        for_whom="Disabled people in the city",
        status=Outcome.Status.AGREED,
        agreed_on=today - timedelta(days=120),
        lead_group=forum,
        second_lead_group=council,
        easy_read_text="We want more disabled people to have a job.",
        easy_read_picture="openmoji:1F4BC",
        position=1,
    )
    themes = [
        Theme.objects.create(partnership=partnership, outcome=outcome, title=title, position=n)
        for n, title in enumerate(
            ["What stops people getting work", "What employers need to know", "Interview skills training"],
            start=1,
        )
    ]

    def add(title, theme, start, end, **fields):
        return task_add(
            partnership=partnership,
            outcome=outcome,
            by=alice,
            title=title,
            theme=theme,
            planned_start=today + timedelta(days=start),
            planned_end=today + timedelta(days=end),
            **fields,
        )

    survey = add(
        "Survey of what stops people",
        themes[0],
        -150,
        -100,
        owner_group=forum,
        easy_read_text="We ask people what stops them getting a job.",
    )
    Task.objects.filter(pk=survey.pk).update(status=Task.Status.DONE, done_on=today - timedelta(days=100))
    training = add(
        "Design interview skills training",
        themes[2],
        -90,
        -40,
        owner_person=bob,
        lead_group=forum,
        description="Two half days, with a practice interview.\n\nRun by people who have been through it.",
        easy_read_text="We plan a course about job interviews.",
        easy_read_picture="openmoji:1F9D1-200D-1F3EB",
    )
    Output.objects.create(
        partnership=partnership,
        task=training,
        title="Interview skills training course",
        easy_read_text="A course to help you at a job interview.",
    )
    guide = add(
        "Write a guide for employers",
        themes[1],
        -30,
        20,
        owner_group=council,
        easy_read_text="We write a guide for employers.",
    )
    guide.needs.set([training])
    talks = add(
        "Talk to local employers",
        themes[1],
        -5,
        10,
        owner_group=council,
        easy_read_text="We talk to bosses in the city.",
    )
    Output.objects.create(
        partnership=partnership,
        task=guide,
        title="Guide for employers",
        description="In print and online",
        easy_read_text="A short guide for bosses.",
    )
    training.refresh_from_db()
    # The training slipped past the time allowed: it is late, says why, and the guide waits for it.
    task_save(
        task=training,
        revision=training.revision,
        by=alice,
        reason="the venue was not ready",
        expected_end=today - timedelta(days=10),
    )
    Task.objects.filter(pk=training.pk).update(status=Task.Status.IN_PROGRESS)
    proposed = Outcome.objects.create(
        partnership=partnership,
        title="Disabled people can travel independently",
        for_whom="Disabled people who use buses",
        status=Outcome.Status.PROPOSED,
        easy_read_text="We want disabled people to travel on their own.",
        position=2,
    )
    idea = task_add(
        partnership=partnership,
        outcome=proposed,
        by=alice,
        title="Ride the buses with drivers",
        planned_start=today + timedelta(days=60),
        planned_end=today + timedelta(days=120),
        easy_read_text="We go on buses with the drivers.",
    )
    GlossaryTerm.objects.create(
        partnership=partnership, word="employers", explanation="Employers are people who give you a job."
    )
    for theme in themes:
        theme.refresh_from_db()
    return PlanMade(outcome, proposed, themes, survey, training, guide, talks, idea, forum, council)


@pytest.fixture
def made(partnership, alice, bob):
    return plan_in(partnership, alice, bob)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _member(partnership, role) -> Client:
    person = make_user()
    make_member(partnership, person, role=role)
    return _client(person)


def _web(variant: str, slug: str = "working-together") -> str:
    return reverse("workplan:print_web", kwargs={"slug": slug, "variant": variant})


def _pdf(variant: str, slug: str = "working-together") -> str:
    return reverse("workplan:print_pdf", kwargs={"slug": slug, "variant": variant})


def _words(response) -> str:
    """The page's text as a person reads it: tags out, spaces tidied."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


AGENDA_ADD = reverse("workplan:agenda_add", kwargs={"slug": "working-together"})


# ---------------------------------------------------------------- the printed plan on the web


def test_the_web_versions_say_what_the_plan_says_in_each_variant(made, bob):
    client = _client(bob)
    for variant in VARIANTS:
        response = client.get(_web(variant))
        assert response.status_code == 200
        page = response.content.decode()
        assert '<html lang="en-GB"' in page and page.count("<h1") == 1
        assert "<title>Working Together work plan</title>" in page
        assert _pdf(variant) in page  # the PDF of the same document
        assert reverse("workplan:plan", kwargs={"slug": "working-together"}) in page  # and back to the plan
        words = _words(response)
        assert "Are we following the work plan?" in words
        if variant == "easy_read":
            assert "Not quite. 1 thing is late." in words
            assert "What we want to change We want more disabled people to have a job." in words
            assert "What we will do We plan a course about job interviews." in words
            assert "Who Bob Member does this. Disability Forum lead this." in words
            assert "When We start in" in words and "This is late." in words
            assert "What it makes A course to help you at a job interview." in words
            assert "We want disabled people to travel on their own. We have not agreed this yet." in words
            assert "not ready" not in words  # every outcome, task and output has its easy read words
        else:
            allowed = day_words(timezone.localdate() - timedelta(days=26))
            assert (
                "Not quite. 1 task is late. ‘Design interview skills training’ is late: we allowed until "
                f"{allowed}, about 4 weeks ago."
            ) in words
            assert "Outcome 1: More disabled people in employment" in words
            assert "For whom: Disabled people in the city" in words
            assert "Who leads it: Disability Forum and City Council" in words
            assert "Progress: 1 of 4 tasks done." in words
            assert "Theme 3: Interview skills training Design interview skills training" in words
            assert "Who: Bob Member does it. Led by Disability Forum." in words
            assert "Taking longer than planned, by about 4 weeks." in words
            assert "Why the dates changed: The venue was not ready." in words
            assert "What it needs first: ‘Design interview skills training’ (not done yet)." in words
            assert "What it makes: Interview skills training course." in words
            assert "What it makes: Guide for employers (In print and online)." in words
            assert "More about it: Two half days, with a practice interview. Run by people" in words
            assert "Status: Done on" in words
            assert "Proposed, not agreed yet" in words
            assert words.index("Theme 2: What employers") < words.index("Theme 3: Interview skills")
            assert words.index("Outcome 1:") < words.index("Proposed, not agreed yet")
            assert "Ride the buses with drivers" in words.split("Proposed, not agreed yet")[1]


def test_the_themes_say_when_their_order_was_agreed(made, alice, bob):
    client = _client(bob)
    assert "The order of the themes is not agreed yet." in _words(client.get(_web("standard")))
    meeting = make_meeting(made.outcome.partnership, days_ahead=-30, created_by=alice)
    decision = make_decision(meeting, text="We agreed the order of the themes.")
    Theme.objects.filter(outcome=made.outcome).update(order_decision=decision)
    words = _words(client.get(_web("large_print")))
    assert "The themes are in the order we agreed." in words
    assert "not agreed yet. " not in words.split("Proposed, not agreed yet")[0]


def test_the_web_page_may_use_its_own_stylesheet_and_nothing_else(made, bob):
    response = _client(bob).get(_web("large_print"))
    policy = response["Content-Security-Policy"]
    style = next(part for part in policy.split(";") if part.strip().startswith("style-src"))
    assert "'sha256-" in style and "'unsafe-inline'" not in style
    assert "script-src 'self'" in policy


def test_easy_read_is_not_ready_and_names_what_has_no_easy_read_words(made, bob):
    Outcome.objects.filter(pk=made.outcome.pk).update(easy_read_text="  ")
    Output.objects.filter(title="Guide for employers").update(easy_read_text="")
    words = _words(_client(bob).get(_web("easy_read")))
    assert "Not ready This easy read document is not ready yet." in words
    assert "The outcome “More disabled people in employment”" in words
    assert "What “Write a guide for employers” makes: “Guide for employers”" in words
    assert "The task" not in words  # every task has its words
    # Where the words should be, the document says so: never the plain words printed as if easy read.
    assert "What we want to change Easy read text is not written yet for this point." in words
    assert "More disabled people in employment" not in words.split("What we want to change")[1]


def test_a_plan_with_nothing_in_it_prints_and_says_so(partnership, bob):
    client = _client(bob)
    words = _words(client.get(_web("standard")))
    assert "There are no tasks in the plan yet." in words and "No outcome is agreed yet." in words
    words = _words(client.get(_web("easy_read")))
    assert "We have not planned any tasks yet." in words
    assert "We have not written down what we want to change yet." in words
    assert client.get(_pdf("standard")).status_code == 200


def test_everyone_who_reads_the_plan_prints_it_and_nobody_else(made, partnership, charlie, client):
    for role in (Role.VISITING_EXPERT, Role.OBSERVER, Role.MEMBER, Role.CHAIR):
        reader = _member(partnership, role)
        assert reader.get(_web("easy_read")).status_code == 200, role
        assert reader.get(_pdf("standard")).status_code == 200, role
    outsider = _client(charlie)
    for url in (_web("standard"), _pdf("large_print"), AGENDA_ADD):
        assert outsider.get(url).status_code == 404
        response = client.get(url)  # nobody signed in
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_the_printed_plan_asks_a_fixed_number_of_queries_as_the_plan_grows(
    made, partnership, alice, bob, django_assert_max_num_queries
):
    client = _client(bob)
    urls = [_web(v) for v in VARIANTS] + [_pdf(v) for v in VARIANTS]

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    small = counts()
    for n in range(40):
        task = task_add(
            partnership=partnership,
            outcome=made.outcome,
            by=alice,
            title=f"Task {n}",
            theme=made.themes[n % 3],
            planned_start=timezone.localdate() - timedelta(days=60 - n),
            planned_end=timezone.localdate() - timedelta(days=20 - n),
            owner_person=bob,
            easy_read_text=f"We do thing {n}.",
        )
        task.needs.set([made.survey])
        Output.objects.create(
            partnership=partnership, task=task, title=f"Output {n}", easy_read_text="A thing."
        )
        if n % 4 == 0:
            task_save(
                task=task,
                revision=task.revision,
                by=alice,
                reason="people were ill",
                expected_end=task.planned_end + timedelta(days=30),
            )
    assert counts() == small
    assert max(small) <= 12, small


# ---------------------------------------------------------------- the agenda item


def test_a_coordinator_puts_the_work_plan_on_a_meeting_agenda(made, partnership, alice):
    past = make_meeting(partnership, days_ahead=-3, created_by=alice, title="Last month")
    meeting = make_meeting(partnership, days_ahead=10, created_by=alice, title="December meeting")
    client = _client(alice)
    page = client.get(AGENDA_ADD)
    assert page.status_code == 200
    words = _words(page)
    assert "Put the work plan on a meeting's agenda" in words
    assert "December meeting" in words and "Last month" not in words  # only meetings still to come
    once = re.search(r'name="once" value="([0-9a-f]{32})"', page.content.decode()).group(1)

    response = client.post(AGENDA_ADD, {"meeting": meeting.pk, "once": once})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "meetings:agenda", kwargs={"slug": partnership.slug, "pk": meeting.pk}
    )
    item = AgendaItem.objects.get(meeting=meeting, title="Work plan: what is late, what is next")
    assert item.purpose == AgendaItem.Purpose.DISCUSSION and item.duration_minutes == 15
    assert item.easy_read_text.startswith("We look at our work plan.") and item.easy_read_picture
    link = PlanAgendaItem.objects.get(agenda_item=item)
    assert link.partnership == partnership and link.added_by == alice
    # It goes before the closing items, as any added item does.
    titles = list(AgendaItem.objects.filter(meeting=meeting).values_list("title", flat=True))
    assert titles.index(item.title) < titles.index("Any other business")
    # The same form sent again saves nothing more.
    again = client.post(AGENDA_ADD, {"meeting": meeting.pk, "once": once}, follow=True)
    assert "That was already saved." in _words(again)
    assert PlanAgendaItem.objects.count() == 1
    assert not AgendaItem.objects.filter(meeting=past, title=item.title).exists()


def test_a_meeting_has_the_item_once(made, partnership, alice, dana):
    meeting = make_meeting(partnership, days_ahead=10, created_by=alice, title="December meeting")
    agenda_add(meeting=meeting, by=alice)
    client = _client(dana)  # a chair may add it too
    page = client.get(AGENDA_ADD)
    assert "December meeting, " in _words(page) and "(it is already on this agenda)" in _words(page)
    assert "Every meeting coming up has this item already." in _words(page)
    once = re.search(r'name="once" value="([0-9a-f]{32})"', page.content.decode()).group(1)
    response = client.post(AGENDA_ADD, {"meeting": meeting.pk, "once": once})
    assert response.status_code == 200
    words = _words(response)
    assert response.content.decode().count("<title>Error: ") == 1
    assert "“Work plan: what is late, what is next” is already on the agenda of December meeting" in words
    assert AgendaItem.objects.filter(meeting=meeting, title__startswith="Work plan").count() == 1
    # With the error put right, the same form (and token) saves on another meeting.
    other = make_meeting(partnership, days_ahead=40, created_by=alice, title="January meeting")
    assert client.post(AGENDA_ADD, {"meeting": other.pk, "once": once}).status_code == 302
    assert PlanAgendaItem.objects.filter(agenda_item__meeting=other).count() == 1
    with pytest.raises(ValidationError, match="already on the agenda of January meeting"):
        agenda_add(meeting=other, by=alice)


def test_not_for_a_meeting_held_or_cancelled(made, partnership, alice):
    held = make_meeting(partnership, days_ahead=-3, created_by=alice, title="Held")
    cancelled = make_meeting(partnership, days_ahead=20, created_by=alice, title="Called off")
    Meeting.objects.filter(pk=cancelled.pk).update(status=Meeting.Status.CANCELLED)
    ended = make_meeting(partnership, days_ahead=5, created_by=alice, title="Ended early")
    Meeting.objects.filter(pk=ended.pk).update(status=Meeting.Status.HELD)
    client = _client(alice)
    words = _words(client.get(AGENDA_ADD))
    assert "There is no meeting coming up." in words
    for meeting in (held, cancelled, ended):
        meeting.refresh_from_db()
        response = client.post(AGENDA_ADD, {"meeting": meeting.pk, "once": uuid.uuid4().hex})
        assert response.status_code == 200
        assert "Choose a meeting from the list: it may have been cancelled or already held." in _words(
            response
        )
        with pytest.raises(ValidationError, match="has not happened yet and is not cancelled"):
            agenda_add(meeting=meeting, by=alice)
    assert not PlanAgendaItem.objects.exists()


def test_odd_answers_get_a_plain_message(made, partnership, alice):
    make_meeting(partnership, days_ahead=10, created_by=alice)
    client = _client(alice)
    for data in ({}, {"meeting": "abc"}, {"meeting": "99999999999999999999999"}, {"meeting": "-1"}):
        response = client.post(AGENDA_ADD, {**data, "once": uuid.uuid4().hex})
        assert response.status_code == 200, data
        assert "<title>Error: " in response.content.decode()
        assert "Choose" in _words(response)
    response = client.post(AGENDA_ADD, {"meeting": "x"})  # no token at all
    assert response.status_code == 200 and "The form was not sent properly." in _words(response)
    assert not PlanAgendaItem.objects.exists()


def test_only_coordinators_and_chairs_put_it_on_an_agenda(made, partnership, alice, bob):
    meeting = make_meeting(partnership, days_ahead=10, created_by=alice)
    for client in (
        _client(bob),
        _member(partnership, Role.OBSERVER),
        _member(partnership, Role.MINUTE_TAKER),
    ):
        assert client.get(AGENDA_ADD).status_code == 403
        assert client.post(AGENDA_ADD, {"meeting": meeting.pk, "once": uuid.uuid4().hex}).status_code == 403
    expert = _member(partnership, Role.VISITING_EXPERT)
    assert expert.post(AGENDA_ADD, {"meeting": meeting.pk, "once": uuid.uuid4().hex}).status_code == 404
    assert not PlanAgendaItem.objects.exists()


# ---------------------------------------------------------------- its paper in the meeting's documents


def _document(client, meeting, document: str, variant: str):
    return client.get(
        reverse(
            "meetings:document_web",
            kwargs={
                "slug": meeting.partnership.slug,
                "pk": meeting.pk,
                "document": document,
                "variant": variant,
            },
        )
    )


def test_the_pack_and_agenda_carry_the_list_under_the_item_in_every_variant(made, partnership, alice, bob):
    meeting = make_meeting(partnership, days_ahead=10, created_by=alice)
    without = make_meeting(partnership, days_ahead=40, created_by=alice)
    agenda_add(meeting=meeting, by=alice)
    client = _client(bob)
    allowed = day_words(timezone.localdate() - timedelta(days=26))  # 2 extra weeks after it was to end
    for document in ("pack", "agenda"):
        for variant in VARIANTS:
            response = _document(client, meeting, document, variant)
            assert response.status_code == 200
            words = _words(response)
            after = words.split("Work plan: what is late, what is next", 1)[1]
            if variant == "easy_read":
                assert "We look at our work plan." in after
                assert "Are we following the work plan? Not quite. 1 thing is late." in after
                assert (
                    "We plan a course about job interviews. This is late. We said it would finish by "
                    f"{allowed}." in after
                )
                assert "We talk to bosses in the city. We want to finish this by" in after
                assert "This may need new dates. We need to agree them." in after
            else:
                assert "Are we following the work plan? Not quite. 1 task is late" in after
                assert (
                    "What is late. 1 task is late. Design interview skills training Late: we allowed until "
                    f"{allowed}, about 4 weeks ago." in after
                )
                assert "Why the dates changed: The venue was not ready." in after
                assert "Bob Member does it. Led by Disability Forum." in after
                assert (
                    "What is next. The next things due in the plan. Talk to local employers Due by" in after
                )
                assert "New dates waiting to be confirmed." in after
                assert "Write a guide for employers New dates proposed:" in after
                assert "Because it waits for ‘Design interview skills training’" in after
            other = _words(_document(client, without, document, variant))
            assert "Are we following the work plan?" not in other and "is late" not in other


def test_every_meetings_list_uses_the_partnerships_share_of_extra_time(made, partnership, alice, bob):
    """Each meeting with the item reads the partnership's own share, whichever item it is: at 100%, the
    training (planned to end 40 days ago, expected 10 days ago) has until 16 days from now, so it is running
    over, not late."""
    PlanSettings.objects.create(partnership=partnership, contingency_percent=100)
    first = make_meeting(partnership, days_ahead=10, created_by=alice)
    second = make_meeting(partnership, days_ahead=40, created_by=alice)
    agenda_add(meeting=first, by=alice)
    agenda_add(meeting=second, by=alice)
    assert PlanAgendaItem.objects.count() == 2
    client = _client(bob)
    expected = day_words(timezone.localdate() - timedelta(days=10))
    for meeting in (first, second):
        words = _words(_document(client, meeting, "pack", "standard"))
        after = words.split("Work plan: what is late, what is next", 1)[1]
        assert "Are we following the work plan? Yes, nothing is late. 1 task is running over" in after
        assert "What is late. Nothing is late." in after
        assert f"Design interview skills training Was due by {expected}." in after
        assert "Running over: it was expected to end on" in after


def test_the_list_says_when_nothing_is_late_or_waiting(partnership, alice, bob):
    meeting = make_meeting(partnership, days_ahead=10, created_by=alice)
    agenda_add(meeting=meeting, by=alice)
    words = _words(_document(_client(bob), meeting, "pack", "standard"))
    after = words.split("Work plan: what is late, what is next", 1)[1]
    assert "There are no tasks in the plan yet." in after
    assert "Nothing is late." in after and "Nothing else is due in the plan yet." in after
    assert "No new dates are waiting to be confirmed." in after


def test_the_list_leaves_out_outcomes_no_longer_in_the_plan(made, partnership, alice, bob):
    meeting = make_meeting(partnership, days_ahead=10, created_by=alice)
    agenda_add(meeting=meeting, by=alice)
    Outcome.objects.filter(pk=made.outcome.pk).update(status=Outcome.Status.DROPPED)
    words = _words(_document(_client(bob), meeting, "pack", "standard"))
    assert "Design interview skills training" not in words and "Nothing is late." in words
    assert "Ride the buses with drivers" in words  # the proposed outcome's task is still coming up


def _pack_queries(client, meeting, variant: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert _document(client, meeting, "pack", variant).status_code == 200
    return len(queries)


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_pack_asks_no_more_with_the_work_plan_item_than_without(
    made, partnership, alice, bob, variant, monkeypatch
):
    """The hooks read nothing for a meeting without the item, and the item's list comes with the agenda
    items: the pack's count is the same without the hooks, with them, and with the item; within the pack's
    budget (tests/meetings/test_document_queries.py), and flat as the plan grows."""
    last = make_meeting(partnership, days_ahead=-20, created_by=alice, title="Last time")
    make_minutes(last, by=alice)
    meeting = make_meeting(partnership, days_ahead=10, created_by=alice)
    client = _client(bob)
    with_hooks = _pack_queries(client, meeting, variant)
    monkeypatch.setattr(
        meetings_documents,
        "PACK_ITEM_QUERIES",
        [hook for hook in meetings_documents.PACK_ITEM_QUERIES if hook is not documents.pack_item_queryset],
    )
    monkeypatch.setattr(
        meetings_documents,
        "PACK_SECTIONS",
        [hook for hook in meetings_documents.PACK_SECTIONS if hook is not documents.pack_content],
    )
    without_hooks = _pack_queries(client, meeting, variant)
    monkeypatch.undo()
    assert with_hooks == without_hooks

    agenda_add(meeting=meeting, by=alice)
    with_item = _pack_queries(client, meeting, variant)
    assert "is late" in _words(_document(client, meeting, "pack", variant))
    for n in range(30):
        task_add(
            partnership=partnership,
            outcome=made.outcome,
            by=alice,
            title=f"Late task {n}",
            planned_start=timezone.localdate() - timedelta(days=90),
            planned_end=timezone.localdate() - timedelta(days=30 + n),
        )
    grown = _pack_queries(client, meeting, variant)
    assert with_hooks == with_item == grown
    assert grown <= (13 if variant == "easy_read" else 12)
