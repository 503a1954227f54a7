"""The agenda's "someone coming needs a break every N minutes" asks the database one small query
(`_break_needs`) instead of listing everyone invited: it must find exactly the people
`coming_people(invited_people(meeting))` finds."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance
from meetings.services.agenda import break_interval_needed
from meetings.services.meetings import invited_people
from partners.models import Role
from tests.factories import make_member, make_need, make_partnership, make_user

TODAY = timezone.localdate


def _member(partnership, role=Role.MEMBER, **fields):
    person = make_user()
    make_member(partnership, person, role=role, **fields)
    make_need(person, "regular_breaks", minutes=20)
    return person


def _attendance(meeting, person, **fields):
    Attendance.objects.create(partnership_id=meeting.partnership_id, meeting=meeting, person=person, **fields)


CASES = {
    "a member": (lambda p, m: _member(p), 20),
    "a member who has left": (lambda p, m: _member(p, left_on=TODAY() - timedelta(days=1)), None),
    "a member leaving later": (lambda p, m: _member(p, left_on=TODAY() + timedelta(days=30)), 20),
    "a member left out": (lambda p, m: _attendance(m, _member(p), excluded=True), None),
    "a member not coming": (lambda p, m: _attendance(m, _member(p), reply="not_attending"), None),
    "a member not sure": (lambda p, m: _attendance(m, _member(p), reply="not_sure"), 20),
    "a member coming": (lambda p, m: _attendance(m, _member(p), reply="attending"), 20),
    "an observer": (lambda p, m: _member(p, role=Role.OBSERVER), 20),
    "a visiting expert not asked": (lambda p, m: _member(p, role=Role.VISITING_EXPERT), None),
    "a visiting expert asked": (lambda p, m: _attendance(m, _member(p, role=Role.VISITING_EXPERT)), 20),
    "a visiting expert asked, not coming": (
        lambda p, m: _attendance(m, _member(p, role=Role.VISITING_EXPERT), reply="not_attending"),
        None,
    ),
    "a visiting expert left out": (
        lambda p, m: _attendance(m, _member(p, role=Role.VISITING_EXPERT), excluded=True),
        None,
    ),
    "someone from another partnership": (lambda p, m: _member(make_partnership("Other")), None),
    "a member whose need has no minutes": (
        lambda p, m: make_need(make_member(p).person, "regular_breaks", minutes=None),
        None,
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_the_break_interval_comes_from_exactly_the_people_coming(case, meeting, partnership):
    make, expected = CASES[case]
    make(partnership, meeting)
    assert break_interval_needed(meeting) == expected
    assert break_interval_needed(meeting, invited_people(meeting)) == expected


def test_the_shortest_need_of_those_coming_wins(meeting, partnership):
    for minutes, reply in [(30, "not_attending"), (45, "attending"), (60, "no_reply")]:
        person = make_user()
        make_member(partnership, person)
        make_need(person, "regular_breaks", minutes=minutes)
        _attendance(meeting, person, reply=reply)
    assert break_interval_needed(meeting) == 45
    assert break_interval_needed(meeting, invited_people(meeting)) == 45


def test_the_agenda_page_says_so(dana_client, meeting, partnership):
    person = _member(partnership)
    url = reverse("meetings:agenda", args=[partnership.slug, meeting.pk])
    assert "Someone coming needs a break at least every 20 minutes." in dana_client.get(url).content.decode()
    _attendance(meeting, person, reply="not_attending")
    assert "needs a break" not in dana_client.get(url).content.decode()
