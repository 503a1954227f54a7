"""The meetings list after years of meetings: the next 10, the latest 5 past, counts in words, and a page of
its own for each kind (all upcoming, all past newest first, all cancelled), a page at a time."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance, Meeting
from partners.models import Role
from tests.factories import make_meeting, make_member, make_user


def _list(partnership, show: str = "", page: int | None = None) -> str:
    url = reverse("meetings:meeting_list", args=[partnership.slug])
    query = "&".join(
        part for part in (f"show={show}" if show else "", f"page={page}" if page else "") if part
    )
    return f"{url}?{query}" if query else url


def _held(partnership, days_ago: int, title: str, **fields) -> Meeting:
    starts = timezone.now() - timedelta(days=days_ago)
    return Meeting.objects.create(
        partnership=partnership, title=title, starts_at=starts, ends_at=starts + timedelta(hours=2), **fields
    )


def _years_of_meetings(partnership, upcoming: int = 12, past: int = 48, start: int = 0) -> None:
    for n in range(start, start + upcoming):
        make_meeting(partnership, days_ahead=10 + n, title=f"Coming {n + 1:02}")
    for n in range(start, start + past):
        _held(partnership, 10 + 7 * n, f"Held {n + 1:02} weeks back")


def test_the_list_shows_the_next_10_and_the_latest_5_with_counts_in_words(bob_client, partnership):
    _years_of_meetings(partnership)
    body = bob_client.get(_list(partnership)).content.decode()
    coming_up, past = body.split("Coming up</h2>")[1].split("Past meetings</h2>")
    assert "12 upcoming meetings. These are the next 10." in coming_up
    assert "Coming 10" in coming_up and "Coming 11" not in coming_up
    assert 'href="?show=upcoming">See all 12 upcoming meetings</a>' in coming_up
    assert "48 past meetings. These are the latest 5." in past
    assert "Held 01 weeks back" in past and "Held 05 weeks back" in past and "Held 06 weeks" not in past
    assert 'href="?show=past">See all 48 past meetings</a>' in past


def test_past_meetings_page_by_page_newest_first(bob_client, partnership):
    _years_of_meetings(partnership)
    first = bob_client.get(_list(partnership, "past")).content.decode()
    assert '<h1 class="govuk-heading-l">Past meetings</h1>' in first
    assert "48 past meetings, newest first. Page 1 of 3." in first
    assert "Held 01 weeks back" in first and "Held 20 weeks back" in first and "Held 21" not in first
    assert first.index("Held 01 weeks") < first.index("Held 02 weeks")
    assert 'class="govuk-pagination" aria-label="Pages of past meetings"' in first
    assert 'href="?show=past&amp;page=2" rel="next"' in first
    last = bob_client.get(_list(partnership, "past", page=3)).content.decode()
    assert "Page 3 of 3." in last and "Held 48 weeks back" in last and "Held 40 weeks back" not in last
    assert 'href="?show=past&amp;page=2" rel="prev"' in last
    assert "Coming 01" not in first + last


def test_all_upcoming_meetings_page_by_page(bob_client, partnership):
    _years_of_meetings(partnership, upcoming=25, past=0)
    first = bob_client.get(_list(partnership, "upcoming")).content.decode()
    assert "25 upcoming meetings, soonest first. Page 1 of 2." in first
    assert "Coming 01" in first and "Coming 20" in first and "Coming 21" not in first
    second = bob_client.get(_list(partnership, "upcoming", page=2)).content.decode()
    assert "Coming 21" in second and "Coming 25" in second and "Coming 20" not in second


def test_cancelled_meetings_are_counted_and_have_their_page(alice_client, partnership, alice):
    from meetings.services.meetings import meeting_cancel

    for n in range(7):
        meeting_cancel(
            meeting=make_meeting(partnership, days_ahead=5 + n, title=f"Off {n + 1}"), reason="Rain"
        )
    body = alice_client.get(_list(partnership)).content.decode()
    cancelled = body.split("Cancelled</h2>")[1].split("Past meetings</h2>")[0]
    assert "Off 5" in cancelled and "Off 6" not in cancelled
    assert "See all 7 cancelled meetings" in cancelled
    assert "No meetings are planned yet." in body  # cancelled ones are not coming up
    assert "Off 7" in alice_client.get(_list(partnership, "cancelled")).content.decode()


def test_a_visiting_expert_counts_and_pages_only_their_meetings(client, partnership):
    expert = make_user()
    make_member(partnership, expert, role=Role.VISITING_EXPERT)
    _years_of_meetings(partnership, upcoming=3, past=3)
    theirs = _held(partnership, 200, "The expert session")
    Attendance.objects.create(partnership=partnership, meeting=theirs, person=expert)
    client.force_login(expert)
    body = client.get(_list(partnership)).content.decode()
    assert "No meetings are planned yet." in body and "1 past meeting." in body
    assert "The expert session" in body and "Held 01" not in body
    past = client.get(_list(partnership, "past")).content.decode()
    assert "1 past meeting, newest first." in past and "Held 01" not in past


def test_the_list_asks_the_same_few_queries_however_many_meetings(alice_client, partnership):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(url).status_code == 200
        return len(queries)

    _years_of_meetings(partnership, upcoming=2, past=2)
    small = [
        count(_list(partnership)),
        count(_list(partnership, "past")),
        count(_list(partnership, "upcoming")),
    ]
    _years_of_meetings(partnership, upcoming=30, past=60, start=2)
    grown = [
        count(_list(partnership)),
        count(_list(partnership, "past", page=2)),
        count(_list(partnership, "upcoming", page=2)),
    ]
    assert small == grown
    assert max(grown) <= 12
