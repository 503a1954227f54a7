"""Run meeting and the access plan ask the database a fixed number of times, at most 12, however many people,
needs, notes, decisions and action points there are; and what they show is worked out as before."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Arrangement, MeetingRole
from meetings.services import run as services
from meetings.services.actions import action_point_record, decision_record
from meetings.services.agenda import break_interval_needed
from meetings.services.meetings import invited_people
from partners.models import Role
from tests.factories import make_member, make_need

BUDGET = 12


def _url(name, meeting):
    return reverse(f"meetings:{name}", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk})


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _reopened_and_running(meeting, dana, alice):
    """The busiest Run meeting page: running, on an item with notes, reopened once, and a coordinator (not a
    chair) in control, so every part of the page is there."""
    services.meeting_start(meeting=meeting, chair=dana, ask_if_early=False)
    services.meeting_end(meeting=meeting, chair=dana, expected_item_id=meeting.current_item_id)
    services.meeting_reopen(meeting=meeting, chair=dana)
    meeting.refresh_from_db()
    services.control_take(meeting=meeting, chair=alice)
    meeting.refresh_from_db()
    return meeting


def _more(meeting, n, recorder=None):
    """n more people with needs, co-chairs and chairs; and, while it runs, what `recorder` records."""
    for _ in range(n):
        person = make_member(meeting.partnership).person
        make_need(person, "regular_breaks", minutes=40)
        make_need(person, "hearing_loop")
        MeetingRole.objects.create(
            partnership=meeting.partnership, meeting=meeting, person=person, role=MeetingRole.Role.CHAIR
        )
        make_member(meeting.partnership, role=Role.CHAIR)
        if recorder is None:
            continue
        services.note_add(meeting=meeting, author=recorder, text="Said something.")
        item = meeting.current_item
        decision_record(
            meeting=meeting, agenda_item=item, text="We agreed.", how="consensus", recorded_by=recorder
        )
        action_point_record(
            meeting=meeting,
            agenda_item=item,
            text="Do it.",
            owner_person=person,
            owner_group=None,
            due_on=date.today() + timedelta(days=30),
            created_by=recorder,
        )


def test_the_busiest_run_meeting_page_stays_in_budget_and_flat(meeting, dana, alice, alice_client):
    meeting = _reopened_and_running(meeting, dana, alice)
    _more(meeting, 1, alice)
    small = _count(alice_client, _url("run", meeting))
    _more(meeting, 10, alice)
    page = alice_client.get(_url("run", meeting)).content.decode()
    assert "Reopened by Dana Chair" in page and "Alice" in page
    assert _count(alice_client, _url("run", meeting)) == small <= BUDGET


def test_run_people_finds_co_chairs_the_one_in_control_and_who_reopened(meeting, dana, alice, bob):
    MeetingRole.objects.create(
        partnership=meeting.partnership, meeting=meeting, person=bob, role=MeetingRole.Role.CHAIR
    )
    chairs, named = services.run_people(meeting, [alice.pk, None])
    assert [c.pk for c in chairs] == [c.pk for c in services.co_chairs(meeting)]
    assert {c.pk for c in chairs} == {dana.pk, bob.pk}  # the coordinator is not a co-chair
    assert set(named) == {dana.pk, bob.pk, alice.pk}


def test_the_break_interval_comes_with_the_agenda_as_before(meeting, dana, bob):
    people = invited_people(meeting)
    assert services.run_agenda(meeting, people)[1] is None
    make_need(bob, "regular_breaks", minutes=50)
    make_need(dana, "regular_breaks", minutes=35)
    make_need(dana, "regular_breaks")  # no minutes: not counted
    items, every = services.run_agenda(meeting, people)
    assert every == break_interval_needed(meeting, people) == 35
    assert [i.pk for i in items] == list(
        meeting.agenda_items.order_by("position", "pk").values_list("pk", flat=True)
    )
    meeting.agenda_items.all().delete()
    assert services.run_agenda(meeting, people) == ([], 35)


@pytest.mark.parametrize("who", ["alice", "dana", "bob"])
def test_the_access_plan_page_stays_in_budget_for_every_role(who, request, meeting, alice, dana, bob):
    client = request.getfixturevalue(f"{who}_client")
    _more(meeting, 1)
    small = _count(client, _url("access_plan", meeting))
    _more(meeting, 10)
    Arrangement.objects.create(
        partnership=meeting.partnership, meeting=meeting, need_code="hearing_loop", description="Loop"
    )
    assert _count(client, _url("access_plan", meeting)) == small <= BUDGET


def test_a_member_chairing_the_meeting_sees_names_on_the_access_plan_and_a_member_does_not(
    meeting, bob, bob_client
):
    """The plan page answers "does this member chair the meeting?" from meeting_access, not the database:
    the answer must still be the rule's."""
    other = make_member(meeting.partnership).person
    other.full_name = "Private Person"
    other.save()
    make_need(other, "hearing_loop")
    assert "Private Person" not in bob_client.get(_url("access_plan", meeting)).content.decode()
    MeetingRole.objects.create(
        partnership=meeting.partnership, meeting=meeting, person=bob, role=MeetingRole.Role.CHAIR
    )
    assert "Private Person" in bob_client.get(_url("access_plan", meeting)).content.decode()
    MeetingRole.objects.filter(person=bob).update(role=MeetingRole.Role.MINUTE_TAKER)
    assert "Private Person" not in bob_client.get(_url("access_plan", meeting)).content.decode()
