"""The work plan page, outcomes (proposed and agreed, with the gentle prompt when one reads like an
activity), themes in their agreed order (Move up / Move down, taking one out without losing its tasks),
outputs, and partners' comments and suggestions."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance
from partners.models import Role
from tests.factories import make_decision, make_group, make_meeting, make_member, make_partnership, make_user
from workplan.models import Comment, Outcome, Output, PlanChange, Task, Theme
from workplan.services.outcomes import (
    ACTIVITY_PROMPT,
    outcome_add,
    output_add,
    sounds_like_activity,
    theme_add,
    theme_move,
)
from workplan.services.schedule import day_words
from workplan.services.tasks import task_add

SLUG = "working-together"
EMPLOYMENT = "More disabled people in employment"


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _url(name, **kwargs):
    return reverse(f"workplan:{name}", kwargs={"slug": SLUG, **kwargs})


def _body(response) -> str:
    return response.content.decode()


def _reader(partnership, role) -> Client:
    person = make_user()
    make_member(partnership, person, role=role)
    return _client(person)


def _outcome(partnership, by, title=EMPLOYMENT, agreed=True, **fields) -> Outcome:
    return outcome_add(partnership=partnership, by=by, agreed=agreed, title=title, **fields)


def _task(
    partnership, outcome, by, title="Design interview skills training", *, days=(0, 56), **fields
) -> Task:
    today = timezone.localdate()
    return task_add(
        partnership=partnership,
        outcome=outcome,
        by=by,
        title=title,
        planned_start=today + timedelta(days=days[0]),
        planned_end=today + timedelta(days=days[1]),
        **fields,
    )


def _themes(outcome) -> list[str]:
    return list(
        Theme.objects.filter(outcome=outcome).order_by("position", "pk").values_list("title", flat=True)
    )


@pytest.fixture
def employment(partnership, alice):
    return _outcome(partnership, alice)


@pytest.fixture
def three_themes(partnership, alice, employment):
    return [
        theme_add(outcome=employment, by=alice, title=title)
        for title in ("What stops people getting work", "What employers need to know", "Interview skills")
    ]


# ---------------------------------------------------------------- the gentle prompt's detector


@pytest.mark.parametrize(
    "words",
    [
        "Run training for employers",
        "run training",
        "Hold events in every town",
        "Deliver workshops",
        "Delivering workshops on interview skills",
        "Organise a conference",
        "We will set up a peer support group",
        "Set up a helpline",
        "To produce a guide",
        "Write a report",
        "Training for job centre staff",
        "  Provide: advice sessions",
    ],
)
def test_words_of_doing_sound_like_an_activity(words):
    assert sounds_like_activity(words)


@pytest.mark.parametrize(
    "words",
    [
        EMPLOYMENT,
        "Disabled people can travel independently",
        "Fewer disabled people are turned away at interviews",
        "Employers understand what disabled people need",
        "Setting targets is not our job",  # "setting" alone is not a verb of doing here
        "",
        "   ",
        "Runaway costs are brought down",
    ],
)
def test_words_of_change_do_not(words):
    assert not sounds_like_activity(words)


# ---------------------------------------------------------------- who sees what on the plan page


def test_the_plan_page_for_each_role(partnership, alice, bob, charlie_client, employment):
    _task(partnership, employment, alice)
    alice_page = _body(_client(alice).get(_url("plan")))
    assert EMPLOYMENT in alice_page and "Design interview skills training" in alice_page
    assert "Add an outcome" in alice_page and "Propose an outcome" not in alice_page

    bob_page = _body(_client(bob).get(_url("plan")))
    assert "Propose an outcome" in bob_page and "Add an outcome" not in bob_page
    assert "Move up" not in bob_page

    for role in (Role.OBSERVER, Role.VISITING_EXPERT):
        page = _reader(partnership, role).get(_url("plan"))
        assert page.status_code == 200
        body = _body(page)
        assert EMPLOYMENT in body
        assert "Add an outcome" not in body and "Propose an outcome" not in body

    assert charlie_client.get(_url("plan")).status_code == 404
    assert charlie_client.get(_url("outcome", pk=employment.pk)).status_code == 404
    anonymous = Client().get(_url("plan"))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_readers_get_403_on_every_write_and_outsiders_404(partnership, alice, charlie_client, three_themes):
    outcome = three_themes[0].outcome
    task = _task(partnership, outcome, alice, theme=three_themes[0])
    output = output_add(task=task, by=alice, title="Interview skills training course")
    writes = [
        _url("outcome_add"),
        _url("outcome_edit", pk=outcome.pk),
        _url("outcome_remove", pk=outcome.pk),
        _url("outcome_status", pk=outcome.pk),
        _url("outcome_comment", pk=outcome.pk),
        _url("theme_add", pk=outcome.pk),
        _url("theme_edit", pk=three_themes[0].pk),
        _url("theme_remove", pk=three_themes[0].pk),
        _url("theme_move", pk=three_themes[1].pk),
        _url("output_add", pk=task.pk),
        _url("output_edit", pk=output.pk),
        _url("output_remove", pk=output.pk),
    ]
    data = {"title": "Taken over", "direction": "up", "status": "dropped", "reason": "x", "text": "Hi"}
    for role in (Role.OBSERVER, Role.VISITING_EXPERT):
        client = _reader(partnership, role)
        assert client.get(_url("outcome", pk=outcome.pk)).status_code == 200
        for url in writes:
            assert client.post(url, data).status_code == 403, (role, url)
            assert client.get(url).status_code == 403, (role, url)
    for url in writes:
        assert charlie_client.post(url, data).status_code == 404, url
    assert not Outcome.objects.filter(title="Taken over").exists()
    assert _themes(outcome) == [t.title for t in three_themes]
    assert Output.objects.get().title == "Interview skills training course"
    assert not Comment.objects.exists()
    assert Outcome.objects.get().status == Outcome.Status.AGREED


def test_a_visiting_expert_reads_an_outcome_without_comments_or_links_they_cannot_open(
    partnership, alice, bob, employment
):
    meeting = make_meeting(partnership, days_ahead=-3)
    decision = make_decision(meeting, text="We agree the employment outcome.")
    employment.decisions.add(decision)
    Comment.objects.create(partnership=partnership, outcome=employment, author=bob, text="Ask the job centre")
    expert_person = make_user()
    make_member(partnership, expert_person, role=Role.VISITING_EXPERT)
    expert = _client(expert_person)
    # Not invited to the meeting: its decision and the meeting are not theirs to read.
    employment.meetings.add(meeting)
    body = _body(expert.get(_url("outcome", pk=employment.pk)))
    assert decision.reference not in body and "We agree the employment outcome." not in body
    assert meeting.title not in body
    # Invited: they read the decision's words, without a link to a page they cannot open.
    Attendance.objects.create(partnership=partnership, meeting=meeting, person=expert_person)
    body = _body(expert.get(_url("outcome", pk=employment.pk)))
    assert decision.reference in body and meeting.title in body
    assert reverse("meetings:decision_detail", kwargs={"slug": SLUG, "pk": decision.pk}) not in body
    assert "Ask the job centre" not in body and "Comments and suggestions" not in body
    member_body = _body(_client(bob).get(_url("outcome", pk=employment.pk)))
    assert "Ask the job centre" in member_body
    assert reverse("meetings:decision_detail", kwargs={"slug": SLUG, "pk": decision.pk}) in member_body


# ---------------------------------------------------------------- the plan page's words


def test_the_following_answer_and_progress_in_words(partnership, alice, employment):
    body = _body(_client(alice).get(_url("plan")))
    assert "Are we following the work plan and its timetable?" in body
    assert "There are no tasks in the plan yet." in body

    _task(partnership, employment, alice, "Survey employers", days=(0, 28))
    body = _body(_client(alice).get(_url("plan")))
    assert "Yes. Everything in the plan is on time." in body
    assert "0 of 1 task done" in body and "<progress" in body

    late = _task(partnership, employment, alice, "Find a venue", days=(-70, -21))
    body = _body(_client(alice).get(_url("plan")))
    # 50 days long, so 2 extra weeks are allowed (25%): it ended 3 weeks ago, a week past the allowance.
    allowed = late.planned_end + timedelta(days=14)
    assert "Not quite. 1 task is late" in body
    assert f"\u2018Find a venue\u2019 is late: we allowed until {day_words(allowed)}, 1 week ago." in body
    assert "0 of 2 tasks done" in body
    # Each task row: dates and status in words, and a link to the task.
    assert _url("task", pk=late.pk) in body
    assert f"Late: we allowed until {day_words(allowed)}, 1 week ago." in body


def test_the_empty_plan_says_what_to_do_next(partnership, alice, bob):
    body = _body(_client(alice).get(_url("plan")))
    assert "No outcomes yet" in body and "Start by adding the first outcome" in body
    body = _body(_client(bob).get(_url("plan")))
    assert "No outcomes yet" in body and "Any partner can propose an outcome" in body
    body = _body(_reader(partnership, Role.OBSERVER).get(_url("plan")))
    assert "When the partners agree their outcomes, they will be listed here." in body


def test_themes_show_their_order_and_whether_it_is_agreed(partnership, alice, three_themes):
    outcome = three_themes[0].outcome
    _task(partnership, outcome, alice, "Ask 50 people what stops them", theme=three_themes[0])
    _task(partnership, outcome, alice, "Book a room", days=(5, 6))
    body = _body(_client(alice).get(_url("plan")))
    assert "1. What stops people getting work" in body and "3. Interview skills" in body
    assert body.index("1. What stops people") < body.index("2. What employers") < body.index("3. Interview")
    assert "Order not agreed yet." in body
    assert _url("ranking_open", pk=outcome.pk) in body
    assert "Tasks not in a theme" in body and "Book a room" in body

    decision = make_decision(make_meeting(partnership, days_ahead=-2), text="We agree the order.")
    Theme.objects.filter(outcome=outcome).update(order_decision=decision)
    body = _body(_client(alice).get(_url("plan")))
    assert f"Order agreed at {decision.reference}." in body
    assert _url("ranking_open", pk=outcome.pk) not in body
    # A theme added afterwards has no agreed place yet, and the page says so.
    theme_add(outcome=outcome, by=alice, title="Mentoring")
    body = _body(_client(alice).get(_url("plan")))
    assert f"the order was agreed at {decision.reference} before \u2018Mentoring\u2019 was added" in body


def test_proposed_outcomes_are_listed_apart(partnership, alice, bob, employment):
    _outcome(partnership, bob, "Disabled people can travel independently", agreed=False)
    body = _body(_client(bob).get(_url("plan")))
    assert "Proposed, not agreed yet" in body
    assert body.index(EMPLOYMENT) < body.index("Proposed, not agreed yet")
    assert body.index("Proposed, not agreed yet") < body.index("Disabled people can travel independently")


# ---------------------------------------------------------------- proposing and agreeing outcomes


def _outcome_form(client, url, **data):
    page = client.get(url)
    once = page.context["form"]["once"].value() if "once" in page.context["form"].fields else None
    return client.post(url, {"once": once, **data} if once else data)


def test_a_member_proposes_and_the_chair_agrees_at_a_decision(partnership, alice, bob, dana):
    bob_client = _client(bob)
    page = _body(bob_client.get(_url("outcome_add")))
    assert "What change do we want to see?" in page and "Add it as agreed" not in page
    response = _outcome_form(
        bob_client,
        _url("outcome_add"),
        title=EMPLOYMENT,
        for_whom="disabled people in Riverside",
        agreed="on",
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert outcome.status == Outcome.Status.PROPOSED  # a member's tick for "agreed" counts for nothing
    assert PlanChange.objects.get(field=PlanChange.Field.ADDED).words == "proposed as an outcome"
    page = _body(bob_client.get(response["Location"]))
    assert "is proposed" in page and "Proposed, not agreed yet" in page

    meeting = make_meeting(partnership, days_ahead=-7)
    decision = make_decision(meeting, text="We agree the employment outcome.")
    dana_client = _client(dana)
    response = dana_client.post(
        _url("outcome_status", pk=outcome.pk), {"status": "agreed", "decision": decision.pk}
    )
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.status == Outcome.Status.AGREED
    assert outcome.agreed_on == timezone.localdate(meeting.starts_at)
    assert list(outcome.decisions.all()) == [decision]
    change = PlanChange.objects.get(field=PlanChange.Field.STATUS)
    assert change.words.startswith(f"now agreed, at {decision.reference}")
    body = _body(dana_client.get(response["Location"]))
    assert "Agreed on" in body and decision.reference in body

    # Taking it out needs a reason; then it is listed as no longer in the plan.
    response = dana_client.post(_url("outcome_status", pk=outcome.pk), {"status": "dropped", "reason": ""})
    assert response.status_code == 200 and "Say why the outcome is no longer in the plan" in _body(response)
    assert _body(response).startswith("<!DOCTYPE html>") and "<title>Error: " in _body(response)
    dana_client.post(
        _url("outcome_status", pk=outcome.pk), {"status": "dropped", "reason": "The council cut it"}
    )
    outcome.refresh_from_db()
    assert outcome.status == Outcome.Status.DROPPED
    assert "No longer in the plan" in _body(dana_client.get(_url("plan")))


def test_a_coordinator_adds_an_outcome_as_agreed(partnership, alice):
    client = _client(alice)
    assert "Add it as agreed" in _body(client.get(_url("outcome_add")))
    _outcome_form(client, _url("outcome_add"), title=EMPLOYMENT, agreed="on")
    outcome = Outcome.objects.get()
    assert outcome.status == Outcome.Status.AGREED and outcome.agreed_on == timezone.localdate()


def test_an_outcome_sent_twice_is_added_once(partnership, bob):
    client = _client(bob)
    once = client.get(_url("outcome_add")).context["form"]["once"].value()
    for _ in range(2):
        assert client.post(_url("outcome_add"), {"once": once, "title": EMPLOYMENT}).status_code == 302
    assert Outcome.objects.count() == 1


def test_the_activity_prompt_then_keep_it_as_it_is(partnership, bob):
    client = _client(bob)
    once = client.get(_url("outcome_add")).context["form"]["once"].value()
    data = {"once": once, "title": "Run training for employers", "for_whom": "employers in Riverside"}
    page = client.post(_url("outcome_add"), data)
    assert page.status_code == 200
    body = _body(page)
    assert ACTIVITY_PROMPT in body and "Keep it as it is" in body
    assert 'value="Run training for employers"' in body and 'value="employers in Riverside"' in body
    assert not Outcome.objects.exists()

    response = client.post(_url("outcome_add"), {**data, "keep_as_is": "on"})
    assert response.status_code == 302
    assert Outcome.objects.get().title == "Run training for employers"

    # Kept as it is once, it is not asked again when something else about the outcome changes.
    outcome = Outcome.objects.get()
    alice = make_user(full_name="Alice Two")
    make_member(partnership, alice, role=Role.COORDINATOR)
    response = _client(alice).post(
        _url("outcome_edit", pk=outcome.pk), {"title": "Run training for employers", "for_whom": "employers"}
    )
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.for_whom == "employers"
    # Changed to other words of doing, it is asked again.
    response = _client(alice).post(_url("outcome_edit", pk=outcome.pk), {"title": "Hold job fairs"})
    assert response.status_code == 200 and ACTIVITY_PROMPT in _body(response)


def test_no_prompt_for_the_change_we_want_to_see(partnership, bob):
    client = _client(bob)
    once = client.get(_url("outcome_add")).context["form"]["once"].value()
    response = client.post(_url("outcome_add"), {"once": once, "title": EMPLOYMENT})
    assert response.status_code == 302
    assert Outcome.objects.get().title == EMPLOYMENT


def test_changing_an_outcome_links_its_decisions_and_meetings(partnership, alice, employment):
    council, forum = make_group(partnership, "Riverside Council"), make_group(partnership, "Access Forum")
    meetings = [make_meeting(partnership, days_ahead=-n) for n in range(1, 4)]
    decision = make_decision(meetings[0], text="We agree to work on employment.")
    client = _client(alice)
    response = client.post(
        _url("outcome_edit", pk=employment.pk),
        {
            "title": EMPLOYMENT,
            "lead_group": forum.pk,
            "second_lead_group": council.pk,
            "decisions": [decision.pk],
            "meetings": [meetings[0].pk, meetings[2].pk],
        },
    )
    assert response.status_code == 302
    employment.refresh_from_db()
    assert (employment.lead_group, employment.second_lead_group) == (forum, council)
    assert set(employment.meetings.all()) == {meetings[0], meetings[2]}
    body = _body(client.get(_url("plan")))
    assert "Led by Access Forum and Riverside Council" in body
    change = PlanChange.objects.filter(field=PlanChange.Field.CHANGED).get()
    assert "now led by Access Forum and Riverside Council" in change.words
    assert "linked meetings changed" in change.words


def test_the_link_lists_stay_short_with_a_hundred_meetings(partnership, alice, employment):
    from meetings.models import Meeting

    old = make_meeting(partnership, days_ahead=-400)
    employment.meetings.add(old)
    start = timezone.now() - timedelta(days=300)
    Meeting.objects.bulk_create(
        Meeting(
            partnership=partnership,
            title=f"Meeting {n}",
            starts_at=start + timedelta(days=2 * n),
            ends_at=start + timedelta(days=2 * n, hours=2),
        )
        for n in range(100)
    )
    form = _client(alice).get(_url("outcome_edit", pk=employment.pk)).context["form"]
    listed = form.fields["meetings"].choices
    assert len(listed) == 31  # the 30 latest, and the one already linked (ticked)
    assert (old.pk, f"{old.title}, {day_words(timezone.localdate(old.starts_at))}") in listed
    assert form["meetings"].initial == [old.pk]


# ---------------------------------------------------------------- bad input


def test_bad_input_gets_a_clear_message(partnership, alice, employment):
    group = make_group(partnership, "Access Forum")
    client = _client(alice)
    response = client.post(
        _url("outcome_edit", pk=employment.pk),
        {"title": EMPLOYMENT, "lead_group": group.pk, "second_lead_group": group.pk},
    )
    assert response.status_code == 200
    assert "Choose a different group for the second lead" in _body(response)

    response = client.post(_url("outcome_edit", pk=employment.pk), {"title": "  "})
    assert "Enter the change we want to see" in _body(response)

    huge = "x" * 10_000
    response = client.post(_url("outcome_edit", pk=employment.pk), {"title": huge, "description": huge})
    body = _body(response)
    assert response.status_code == 200
    assert "The title must be 200 characters or fewer. You have written 10,000." in body
    assert "More about it must be 2,000 characters or fewer" in body

    other_group = make_group(make_partnership("Another partnership"), "Their group")
    response = client.post(
        _url("outcome_edit", pk=employment.pk),
        {"title": EMPLOYMENT, "lead_group": other_group.pk, "decisions": ["abc", "99999999999999999999"]},
    )
    body = _body(response)
    assert response.status_code == 200
    assert "Choose one of this partnership\u2019s groups" in body and "Choose decisions from the list" in body
    employment.refresh_from_db()
    assert employment.title == EMPLOYMENT and employment.lead_group is None

    for name in ("outcome", "outcome_edit", "outcome_remove", "theme_add"):
        for pk in (987654, 99999999999999999999):
            assert client.get(_url(name, pk=pk)).status_code == 404, name
    assert client.post(_url("theme_move", pk=987654), {"direction": "up"}).status_code == 404
    assert client.get(_url("output_add", pk=987654)).status_code == 404


# ---------------------------------------------------------------- removing an outcome


def test_an_outcome_with_tasks_is_not_removed(partnership, alice, employment):
    _task(partnership, employment, alice)
    _task(partnership, employment, alice, "Survey employers")
    client = _client(alice)
    body = _body(client.get(_url("outcome_remove", pk=employment.pk)))
    assert "This outcome still has tasks" in body and "has 2 tasks" in body
    assert "No longer in the plan" in body
    response = client.post(_url("outcome_remove", pk=employment.pk), follow=True)
    assert "still has 2 tasks" in _body(response)
    assert Outcome.objects.filter(pk=employment.pk).exists() and Task.objects.count() == 2


def test_an_outcome_without_tasks_is_removed_after_confirming(partnership, alice, employment):
    client = _client(alice)
    assert "Take this outcome out of the plan?" in _body(client.get(_url("outcome_remove", pk=employment.pk)))
    response = client.post(_url("outcome_remove", pk=employment.pk))
    assert response["Location"] == _url("plan")
    assert not Outcome.objects.exists()
    assert PlanChange.objects.filter(field=PlanChange.Field.REMOVED, subject=EMPLOYMENT).exists()


# ---------------------------------------------------------------- themes: order, moving, removing


def test_move_up_and_down_reorders_and_is_written_down(partnership, alice, three_themes):
    outcome = three_themes[0].outcome
    client = _client(alice)
    page = _body(client.get(_url("plan")))
    assert page.count("Move up") == 2 and page.count("Move down") == 2
    response = client.post(
        _url("theme_move", pk=three_themes[2].pk), {"direction": "up", "place": 3, "back": "plan"}
    )
    assert response["Location"] == _url("plan") + f"#theme-{three_themes[2].pk}"
    assert _themes(outcome) == [
        "What stops people getting work",
        "Interview skills",
        "What employers need to know",
    ]
    change = PlanChange.objects.get(field=PlanChange.Field.ORDER)
    assert change.subject == EMPLOYMENT
    assert (
        change.words
        == "\u2018Interview skills\u2019 moved up to 2nd, above \u2018What employers need to know\u2019"
    )
    assert "moved up to 2nd" in _body(client.get(response["Location"]))

    response = client.post(_url("theme_move", pk=three_themes[0].pk), {"direction": "down", "place": 1})
    assert response["Location"] == _url("outcome", pk=outcome.pk) + f"#theme-{three_themes[0].pk}"
    assert _themes(outcome)[:2] == ["Interview skills", "What stops people getting work"]
    assert PlanChange.objects.filter(field=PlanChange.Field.ORDER).first().words == (
        "\u2018What stops people getting work\u2019 moved down to 2nd, below \u2018Interview skills\u2019"
    )


def test_stale_and_double_clicks_move_nothing(partnership, alice, three_themes):
    outcome = three_themes[0].outcome
    client = _client(alice)
    before = _themes(outcome)
    response = client.post(
        _url("theme_move", pk=three_themes[0].pk), {"direction": "up", "place": 1}, follow=True
    )
    assert response.status_code == 200
    assert "\u2018What stops people getting work\u2019 is already first, so nothing moved." in _body(response)
    # Two clicks on "Move up" from the same page: the second finds the theme has already moved.
    data = {"direction": "up", "place": 3}
    client.post(_url("theme_move", pk=three_themes[2].pk), data)
    response = client.post(_url("theme_move", pk=three_themes[2].pk), data, follow=True)
    assert "The order changed since the page was shown" in _body(response)
    assert _themes(outcome) == [before[0], before[2], before[1]]
    assert PlanChange.objects.filter(field=PlanChange.Field.ORDER).count() == 1
    # Nonsense from the form is a message, never a 500.
    response = client.post(_url("theme_move", pk=three_themes[1].pk), {"direction": "sideways", "place": "x"})
    assert response.status_code == 200 and "Choose whether to move the theme up or down" in _body(response)


def test_moving_an_agreed_order_says_so_and_asks_why(partnership, alice, three_themes):
    outcome = three_themes[0].outcome
    decision = make_decision(make_meeting(partnership, days_ahead=-2), text="We agree the order.")
    Theme.objects.filter(outcome=outcome).update(order_decision=decision)
    client = _client(alice)
    assert f"Moving a theme changes the order agreed at {decision.reference}" in _body(
        client.get(_url("outcome", pk=outcome.pk))
    )
    page = client.post(
        _url("theme_move", pk=three_themes[1].pk), {"direction": "up", "place": 2, "back": "plan"}
    )
    assert page.status_code == 200
    assert f"This changes the order agreed at {decision.reference}" in _body(page)
    assert _themes(outcome)[0] == "What stops people getting work"  # not moved yet

    response = client.post(
        _url("theme_move", pk=three_themes[1].pk),
        {
            "direction": "up",
            "place": 2,
            "confirmed": "yes",
            "back": "plan",
            "reason": "Employers asked to go first",
        },
    )
    assert response["Location"].startswith(_url("plan"))
    assert _themes(outcome)[0] == "What employers need to know"
    change = PlanChange.objects.get(field=PlanChange.Field.ORDER)
    assert change.words.endswith(f"This changes the order agreed at {decision.reference}")
    assert change.reason == "Employers asked to go first"
    # The themes keep the decision that agreed the order; the pages say it has changed since, and when.
    assert set(Theme.objects.values_list("order_decision", flat=True)) == {decision.pk}
    assert (
        f"Order agreed at {decision.reference}, then changed on {day_words(timezone.localdate())} with "
        "Move up or Move down" in _body(client.get(_url("plan")))
    )


def test_the_move_service_refuses_plainly(partnership, alice, three_themes):
    from workplan.services.outcomes import MoveRefused

    with pytest.raises(MoveRefused, match="already last"):
        theme_move(theme=three_themes[2], up=False, by=alice)


def test_taking_a_theme_out_moves_its_tasks(partnership, alice, three_themes):
    outcome = three_themes[0].outcome
    first, second = three_themes[0], three_themes[1]
    tasks = [_task(partnership, outcome, alice, f"Task {n}", theme=first) for n in range(3)]
    client = _client(alice)
    page = _body(client.get(_url("theme_remove", pk=first.pk)))
    assert "It has 3 tasks. No task is removed" in page
    assert "What employers need to know" in page and "No theme" in page

    response = client.post(_url("theme_remove", pk=first.pk), {})
    assert response.status_code == 200 and "Choose another theme of the same outcome" in _body(response)
    response = client.post(_url("theme_remove", pk=first.pk), {"move_to": str(first.pk)})
    assert response.status_code == 200 and Theme.objects.filter(pk=first.pk).exists()

    response = client.post(_url("theme_remove", pk=first.pk), {"move_to": str(second.pk)}, follow=True)
    assert "Its 3 tasks moved to \u2018What employers need to know\u2019" in _body(response)
    assert not Theme.objects.filter(pk=first.pk).exists()
    assert Task.objects.count() == 3
    assert set(Task.objects.values_list("theme", flat=True)) == {second.pk}
    assert all(t.revision == 1 for t in Task.objects.filter(pk__in=[t.pk for t in tasks]))
    assert (
        PlanChange.objects.filter(field=PlanChange.Field.CHANGED, words__startswith="moved to").count() == 3
    )
    assert _themes(outcome) == ["What employers need to know", "Interview skills"]
    assert list(Theme.objects.filter(outcome=outcome).values_list("position", flat=True)) == [1, 2]

    client.post(_url("theme_remove", pk=second.pk), {"move_to": "none"})
    assert Task.objects.count() == 3 and not Task.objects.filter(theme__isnull=False).exists()
    empty = three_themes[2]
    assert "It has no tasks" in _body(client.get(_url("theme_remove", pk=empty.pk)))
    client.post(_url("theme_remove", pk=empty.pk))
    assert not Theme.objects.exists() and Task.objects.count() == 3


def test_adding_and_changing_a_theme(partnership, alice, employment):
    client = _client(alice)
    once = client.get(_url("theme_add", pk=employment.pk)).context["form"]["once"].value()
    response = client.post(_url("theme_add", pk=employment.pk), {"once": once, "title": "Interview skills"})
    theme = Theme.objects.get()
    assert response["Location"].endswith(f"#theme-{theme.pk}")
    assert PlanChange.objects.get(field=PlanChange.Field.ADDED, words__startswith="theme").words == (
        "theme \u2018Interview skills\u2019 added, 1st in the order"
    )
    client.post(_url("theme_edit", pk=theme.pk), {"title": "Interview skills training"})
    theme.refresh_from_db()
    assert theme.title == "Interview skills training"
    # The same form sent again (the browser resending it) adds nothing more.
    response = client.post(_url("theme_add", pk=employment.pk), {"once": once, "title": "Interview skills"})
    assert response.status_code == 302 and Theme.objects.count() == 1
    response = client.post(_url("theme_add", pk=employment.pk), {"title": ""})
    assert response.status_code == 200 and "Enter the theme" in _body(response)


# ---------------------------------------------------------------- outputs


def test_a_task_lead_adds_an_output_and_another_member_cannot(partnership, alice, bob, employment):
    forum = make_group(partnership, "Access Forum")
    lead = make_user(full_name="Lee Lead")
    make_member(partnership, lead, role=Role.MEMBER, group=forum)
    task = _task(partnership, employment, alice, lead_group=forum)
    lead_client = _client(lead)
    once = lead_client.get(_url("output_add", pk=task.pk)).context["form"]["once"].value()
    response = lead_client.post(
        _url("output_add", pk=task.pk),
        {"once": once, "title": "Interview skills training course", "easy_read_text": "A course."},
    )
    assert response.status_code == 302
    output = Output.objects.get()
    assert (output.task, output.title, output.easy_read_text) == (
        task,
        "Interview skills training course",
        "A course.",
    )
    change = PlanChange.objects.get(field=PlanChange.Field.ADDED, task=task, words__startswith="will produce")
    assert change.words == "will produce \u2018Interview skills training course\u2019"
    assert "Produces: Interview skills training course" in _body(lead_client.get(_url("plan")))

    bob_client = _client(bob)
    assert bob_client.get(_url("output_add", pk=task.pk)).status_code == 403
    assert bob_client.post(_url("output_add", pk=task.pk), {"title": "Mine"}).status_code == 403
    assert bob_client.post(_url("output_remove", pk=output.pk)).status_code == 403
    assert Output.objects.count() == 1

    lead_client.post(_url("output_edit", pk=output.pk), {"title": "Interview skills course"})
    output.refresh_from_db()
    assert output.title == "Interview skills course"
    assert "Take the output" in _body(lead_client.get(_url("output_remove", pk=output.pk)))
    lead_client.post(_url("output_remove", pk=output.pk))
    assert not Output.objects.exists() and Task.objects.filter(pk=task.pk).exists()


# ---------------------------------------------------------------- comments and suggestions


def test_a_partner_suggests_once_and_everyone_reads_it(partnership, alice, bob, employment):
    client = _client(bob)
    page = client.get(_url("outcome", pk=employment.pk))
    once = page.context["comment_form"]["once"].value()
    data = {"once": once, "kind": "suggestion", "text": "Ask the job centre to join us"}
    for _ in range(2):
        assert client.post(_url("outcome_comment", pk=employment.pk), data).status_code == 302
    comment = Comment.objects.get()
    assert (comment.kind, comment.author, comment.outcome) == ("suggestion", bob, employment)
    body = _body(_client(alice).get(_url("outcome", pk=employment.pk)))
    assert "Ask the job centre to join us" in body and "Bob Member" in body and "a suggestion" in body

    response = client.post(
        _url("outcome_comment", pk=employment.pk), {"once": "0" * 32, "kind": "comment", "text": "y" * 5000}
    )
    assert response.status_code == 200
    assert "Your comment must be 2,000 characters or fewer. You have written 5,000." in _body(response)


# ---------------------------------------------------------------- the page's cost


@pytest.mark.parametrize("count", [5, 50])
def test_the_plan_page_costs_the_same_however_big(partnership, alice, django_assert_max_num_queries, count):
    lead, second = make_group(partnership, "Access Forum"), make_group(partnership, "Riverside Council")
    outcomes = [
        _outcome(partnership, alice, f"Outcome {n}", lead_group=lead, second_lead_group=second)
        for n in range(3)
    ]
    _outcome(partnership, alice, "Proposed one", agreed=False)
    dropped = _outcome(partnership, alice, "Dropped one")
    dropped.status = Outcome.Status.DROPPED
    dropped.save()
    decision = make_decision(make_meeting(partnership, days_ahead=-2), text="We agree the order.")
    themes = []
    for outcome in outcomes:
        for n in range(3):
            themes.append(theme_add(outcome=outcome, by=alice, title=f"{outcome.title}, theme {n}"))
    Theme.objects.filter(outcome=outcomes[0]).update(order_decision=decision)
    earlier = None
    for n in range(count):
        outcome = outcomes[n % 3]
        task = _task(
            partnership,
            outcome,
            alice,
            f"Task {n}",
            days=(n - 30, n),
            theme=themes[(n % 3) * 3 + (n // 3) % 3] if n % 4 else None,
            owner_person=alice if n % 2 else None,
            owner_group=lead if not n % 2 else None,
            lead_group=second,
            needs=[earlier] if earlier else [],
        )
        output_add(task=task, by=alice, title=f"Output {n}")
        earlier = task
    client = _client(alice)
    client.get(_url("plan"))  # the session and caches warmed, as for a person already signed in
    # The session and the person (2), the membership with its partnership (1), the plan's settings,
    # outcomes, themes, tasks, their outputs and needs, and the activities (plan_for: 7), the decisions that
    # agreed an order (1), the outcomes no longer in the plan (1).
    with django_assert_max_num_queries(12):
        response = client.get(_url("plan"))
    assert response.status_code == 200
    assert f"Task {count - 1}" in _body(response)


@pytest.mark.parametrize("count", [5, 50])
def test_an_outcome_page_costs_the_same_however_big(
    partnership, alice, bob, django_assert_max_num_queries, count
):
    lead = make_group(partnership, "Access Forum")
    outcome = _outcome(partnership, alice, lead_group=lead)
    meetings = [make_meeting(partnership, days_ahead=-n) for n in range(1, 4)]
    outcome.meetings.set(meetings)
    outcome.decisions.set([make_decision(meeting) for meeting in meetings])
    themes = [theme_add(outcome=outcome, by=alice, title=f"Theme {n}") for n in range(3)]
    Theme.objects.filter(outcome=outcome).update(order_decision=outcome.decisions.first())
    for n in range(count):
        task = _task(
            partnership,
            outcome,
            alice,
            f"Task {n}",
            days=(n - 30, n),
            theme=themes[n % 3] if n % 4 else None,
            owner_group=lead,
        )
        output_add(task=task, by=alice, title=f"Output {n}", lead_group=lead)
        Comment.objects.create(partnership=partnership, outcome=outcome, author=bob, text=f"Comment {n}")
    client = _client(alice)
    client.get(_url("outcome", pk=outcome.pk))
    # The session and the person (2), the membership (1), the plan's settings, the outcome with its leads
    # and who added it, its themes with their order decision, its tasks, their outputs (outcome_plan: 5),
    # the linked decisions and meetings (2), the comments with their authors (1).
    with django_assert_max_num_queries(12):
        response = client.get(_url("outcome", pk=outcome.pk))
    body = _body(response)
    assert f"Task {count - 1}" in body and f"Comment {count - 1}" in body
    assert "Produces: Output 0 (Led by Access Forum)" in body
