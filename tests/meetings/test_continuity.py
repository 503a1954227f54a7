"""The continuity figure on the meetings list ("how many partners have been at every meeting") counts only
partners who were members for every meeting it counts: joined on or before the first, not left before the
last. Someone who joined half way could never have been at them all."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance, Meeting
from meetings.services.meetings import continuity
from partners.models import Membership, Role
from tests.factories import make_meeting, make_member, make_user


def _held(partnership, days_ago: int, present: list) -> Meeting:
    meeting = make_meeting(partnership, days_ahead=-days_ago)
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status"])
    for person in present:
        Attendance.objects.update_or_create(
            meeting=meeting, person=person, defaults={"partnership": partnership, "present": True}
        )
    return meeting


def test_only_partners_who_were_members_for_every_meeting_held_are_counted(
    partnership, alice, bob, alice_client
):
    today = timezone.localdate()
    Membership.objects.filter(partnership=partnership).update(joined_on=today - timedelta(days=90))
    late = make_user(full_name="Lena Late")
    make_member(partnership, late, joined_on=today - timedelta(days=20))
    leaver = make_user(full_name="Len Leaver")
    make_member(partnership, leaver, joined_on=today - timedelta(days=90), left_on=today - timedelta(days=15))
    expert = make_user(full_name="Ewan Expert")
    make_member(partnership, expert, role=Role.VISITING_EXPERT, joined_on=today - timedelta(days=90))
    assert continuity(partnership=partnership)["held"] == 0

    _held(partnership, 60, [alice, bob, leaver])
    _held(partnership, 30, [alice, bob, leaver])
    _held(partnership, 10, [alice, late])

    # Alice came to all 3; Bob missed one. Lena joined after the first and Len left before the last, so
    # neither could have been at every meeting: they are not counted either way.
    assert continuity(partnership=partnership) == {"held": 3, "members": 2, "at_every": 1}
    page = alice_client.get(reverse("meetings:meeting_list", args=[partnership.slug])).content.decode()
    assert "1 of 2 partners have been at every one of the 3 meetings held so far" in page


def test_a_partner_who_joined_on_the_day_of_the_first_meeting_counts(partnership, alice):
    first = _held(partnership, 40, [alice])
    _held(partnership, 20, [alice])
    day = timezone.localtime(first.starts_at, ZoneInfo(partnership.time_zone)).date()
    Membership.objects.filter(partnership=partnership, person=alice).update(joined_on=day)
    assert continuity(partnership=partnership) == {"held": 2, "members": 1, "at_every": 1}
    Membership.objects.filter(partnership=partnership, person=alice).update(joined_on=day + timedelta(days=1))
    assert continuity(partnership=partnership) == {"held": 2, "members": 0, "at_every": 0}
