"""A meeting's page asks the database the same few times for a coordinator, a chair and a member, however
many people, replies and pack deliveries the meeting has; who has had the pack is a figure, not a list that
grows with every send."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import Attendance, MeetingRole, PackDelivery
from tests.factories import make_meeting, make_member, make_need, make_user


def _send(meeting, people, *, when, sent_by, late=False):
    for person in people:
        PackDelivery.objects.create(
            partnership=meeting.partnership,
            meeting=meeting,
            person=person,
            variant="standard",
            paper_format="standard",
            channel=PackDelivery.Channel.EMAIL,
            sent_at=when,
            late=late,
            sent_by=sent_by,
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["alice_client", "dana_client", "bob_client"])
def test_the_meeting_page_stays_at_12_queries_as_the_meeting_grows(who, request, partnership, alice, bob):
    client = request.getfixturevalue(who)
    meeting = make_meeting(partnership, created_by=alice)
    url = meeting.get_absolute_url()
    client.get(url)
    small = _queries(client, url)
    for _ in range(15):
        person = make_user()
        make_member(partnership, person)
        make_need(person, "hearing_loop")
        Attendance.objects.create(
            partnership=partnership, meeting=meeting, person=person, reply=Attendance.Reply.ATTENDING
        )
    MeetingRole.objects.create(partnership=partnership, meeting=meeting, person=bob, role="chair")
    everyone = [m.person for m in partnership.memberships.select_related("person")]
    for days in (9, 5, 2):  # the pack sent three times to everyone
        _send(meeting, everyone, when=timezone.now() - timedelta(days=days), sent_by=alice)
    assert _queries(client, url) == small
    assert small <= 12


def test_who_has_had_the_pack_is_a_figure_for_those_who_send_it(
    alice_client, bob_client, partnership, alice, bob
):
    meeting = make_meeting(partnership, created_by=alice)
    first = timezone.now() - timedelta(days=3)
    _send(meeting, [alice, bob], when=first, sent_by=alice)
    _send(meeting, [bob], when=first + timedelta(days=1), sent_by=alice, late=True)
    page = alice_client.get(meeting.get_absolute_url()).content.decode()
    latest = timezone.localtime(first + timedelta(days=1))
    assert (
        f"The meeting pack has gone to 2 people, most recently on {latest:%-d %B %Y} at {latest:%H:%M}."
        in page
    )
    assert "See who has had it" in page
    # The papers deadline line reads the first send.
    assert f"The meeting pack was sent on {timezone.localtime(first):%A %-d %B %Y}" in page
    member_page = bob_client.get(meeting.get_absolute_url()).content.decode()
    assert "The meeting pack has gone to" not in member_page
    assert "The meeting pack was sent on" in member_page
