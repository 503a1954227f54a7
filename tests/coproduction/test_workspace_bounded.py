"""The workspace home shows a fixed amount however long the partnership has been going: the next 5 meetings
and the 5 most urgent of your action points, each with a "see all" link saying how many there are, in the
same number of queries on the first day and after years. The access needs not met yet for each meeting are
worked out as its access plan works them out (meetings.services.access_plan.unmet_needs)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Arrangement, Attendance, MeetingRole, PackDelivery
from meetings.services.access_plan import access_plan, unmet_needs
from partners.models import Invitation, Role
from tests.factories import (
    make_action_point,
    make_meeting,
    make_member,
    make_need,
    make_venue,
)

HOME_BUDGET = 12  # 10, one for the ground rules (review due; who has not seen them) and one for the work plan


def _home(client, partnership) -> str:
    return client.get(reverse("workspace", args=[partnership.slug])).content.decode()


def test_the_home_shows_the_next_five_meetings_and_how_many_there_are(alice_client, partnership, alice):
    meetings = [make_meeting(partnership, days_ahead=7 * n, created_by=alice) for n in range(1, 8)]
    body = _home(alice_client, partnership)
    for meeting in meetings[:5]:
        assert meeting.title in body
    for meeting in meetings[5:]:
        assert meeting.title not in body
    assert "See all 7 upcoming meetings" in body
    assert reverse("meetings:meeting_list", args=[partnership.slug]) in body
    assert body.index("Next meeting") < body.index(meetings[0].title) < body.index(meetings[1].title)


def test_a_few_meetings_are_all_shown_with_no_count(alice_client, partnership, alice):
    make_meeting(partnership, days_ahead=7, created_by=alice)
    make_meeting(partnership, days_ahead=14, created_by=alice)
    body = _home(alice_client, partnership)
    assert "upcoming meetings</a>" not in body
    assert "See all meetings" in body


def test_the_five_most_urgent_action_points_and_a_link_to_all_of_mine(bob_client, partnership, bob, alice):
    meeting = make_meeting(partnership, days_ahead=-30, created_by=alice)
    overdue = make_action_point(meeting, owner_person=bob, due_in_days=-3, text="Ring the venue")
    later = [
        make_action_point(meeting, owner_person=bob, due_in_days=10 + n, text=f"Later thing {n}")
        for n in range(6)
    ]
    make_action_point(meeting, owner_person=alice, text="Not Bob's")
    body = _home(bob_client, partnership)
    assert "Ring the venue" in body and "Overdue" in body
    assert body.index("Ring the venue") < body.index("Later thing 0")
    assert [a.text in body for a in later] == [True] * 4 + [False] * 2
    assert "Not Bob&#x27;s" not in body and "Not Bob's" not in body
    assert "See all 7 of your open action points" in body
    assert reverse("meetings:action_list", args=[partnership.slug]) + "?owner=mine" in body
    assert overdue.reference in body


def test_pending_invitations_are_counted_for_coordinators_only(alice_client, bob_client, partnership, alice):
    for n in range(3):
        Invitation.objects.create(partnership=partnership, email=f"x{n}@example.org", invited_by=alice)
    assert "3 invitations waiting for a reply." in _home(alice_client, partnership)
    assert "waiting for a reply" not in _home(bob_client, partnership)


def test_the_needs_prompt_goes_once_you_have_recorded_one(bob_client, partnership, bob):
    assert "You have not recorded any access needs." in _home(bob_client, partnership)
    make_need(bob, "hearing_loop")
    assert "You have not recorded any access needs." not in _home(bob_client, partnership)


@pytest.mark.parametrize("who", ["alice", "dana", "bob"])
def test_home_queries_are_bounded_and_flat_for_every_role(
    who, request, partnership, alice, dana, bob, django_assert_max_num_queries
):
    """Coordinator, chair and member see different sections; none of them costs more as years go by."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = request.getfixturevalue(f"{who}_client")
    url = reverse("workspace", args=[partnership.slug])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def years(n: int) -> None:
        for _ in range(n):
            person = make_member(partnership).person
            make_need(person, "large_print")
            make_need(person, "regular_breaks", minutes=45)
            meeting = make_meeting(partnership, created_by=alice)
            Arrangement.objects.create(
                partnership=partnership, meeting=meeting, need_code="large_print", description="Printed"
            )
            make_action_point(meeting, owner_person=bob)
            make_action_point(meeting, owner_person=dana)
            Invitation.objects.create(
                partnership=partnership, email=f"{person.pk}@example.org", invited_by=alice
            )

    years(1)
    small = count()
    years(12)
    with django_assert_max_num_queries(HOME_BUDGET):
        assert client.get(url).status_code == 200
    assert count() == small


# ---------------------------------------------------------------- unmet needs, as the access plan says


def _as_plan(meeting) -> list[tuple]:
    return [(r.need.code, r.status, r.explanation, r.count) for r in access_plan(meeting, None).unmet]


def _as_home(meetings) -> dict[int, list[tuple]]:
    return {
        pk: [(r.need.code, r.status, r.explanation, r.count) for r in rows]
        for pk, rows in unmet_needs(meetings).items()
    }


def test_unmet_needs_for_several_meetings_match_each_access_plan(partnership, alice, bob, dana):
    venue = make_venue(partnership, features=["step_free"])
    first = make_meeting(partnership, days_ahead=7, created_by=alice, venue=venue)
    second = make_meeting(partnership, days_ahead=14, created_by=alice, format="online")
    third = make_meeting(partnership, days_ahead=21, created_by=alice, hours=4)

    make_need(bob, "bsl_interpreter")
    make_need(bob, "step_free")
    make_need(dana, "regular_breaks", minutes=30)
    make_need(dana, "longest_meeting", minutes=150)
    sender = make_member(partnership).person
    make_need(sender, "large_print")
    make_need(sender, "extra_reading_time", days=3)
    away = make_member(partnership).person
    make_need(away, "hearing_loop")
    left_out = make_member(partnership).person
    make_need(left_out, "easy_read")
    expert = make_member(partnership, role=Role.VISITING_EXPERT).person
    make_need(expert, "quiet_room")
    asked_expert = make_member(partnership, role=Role.VISITING_EXPERT).person
    make_need(asked_expert, "electronic_text")
    gone = make_member(partnership, left_on=timezone.localdate() - timedelta(days=1)).person
    make_need(gone, "hearing_loop")

    Attendance.objects.create(partnership=partnership, meeting=first, person=away, reply="not_attending")
    Attendance.objects.create(partnership=partnership, meeting=second, person=left_out, excluded=True)
    Attendance.objects.create(partnership=partnership, meeting=first, person=asked_expert, reply="attending")
    Arrangement.objects.create(
        partnership=partnership, meeting=second, need_code="bsl_interpreter", description="Booked"
    )
    PackDelivery.objects.create(
        partnership=partnership,
        meeting=first,
        person=sender,
        variant="large_print",
        paper_format="large_print",
        channel="email",
        sent_at=first.papers_deadline - timedelta(days=5),
        ready=True,
    )
    MeetingRole.objects.create(
        partnership=partnership, meeting=third, person=bob, role=MeetingRole.Role.CHAIR
    )

    meetings = [first, second, third]
    home = _as_home(meetings)
    assert home == {m.pk: _as_plan(m) for m in meetings}
    # The cases above really differ, so the comparison means something.
    assert home[first.pk] != home[second.pk] != home[third.pk]
    assert any(code == "hearing_loop" for code, *_ in home[second.pk])  # away only from the first
    assert not any(code == "hearing_loop" and count == 2 for code, *_, count in home[first.pk])
    assert not any(code == "quiet_room" for rows in home.values() for code, *_ in rows)  # not asked


def test_unmet_needs_match_the_access_plans_of_the_grown_demo(db, settings, tmp_path):
    from coproduction import demo, grow
    from meetings.models import Meeting

    settings.MEDIA_ROOT = tmp_path
    demo.load()
    partnership = grow.grow(2)
    meetings = list(Meeting.objects.filter(partnership=partnership).upcoming().select_related("venue")[:5])
    assert len(meetings) >= 2
    home = _as_home(meetings)
    assert home == {m.pk: _as_plan(m) for m in meetings}
    assert any(home.values())  # the demo has needs not met yet


def test_unmet_needs_asks_four_queries_for_any_number_of_meetings(
    partnership, alice, bob, django_assert_num_queries
):
    make_need(bob, "hearing_loop")
    meetings = [make_meeting(partnership, days_ahead=7 * n, created_by=alice) for n in range(1, 6)]
    with django_assert_num_queries(4):
        unmet_needs(meetings[:1])
    with django_assert_num_queries(4):
        unmet_needs(meetings)
    with django_assert_num_queries(0):
        assert unmet_needs([]) == {}
