"""A person's calendar feed and a meeting's .ics, as calendar programs meet them: the feed covers the last 3
months and everything ahead, in the same few queries however much there is, and a program polling every few
minutes gets 304 Not Modified until something in the file changes."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.calendar import _months_before, feed_window_start
from meetings.models import Attendance, CalendarFeed, Meeting
from meetings.services.meetings import invitations_set, meeting_cancel, meeting_update
from partners.models import Role
from tests.factories import make_meeting, make_member, make_partnership, make_user, make_venue


def _feed_url(person) -> str:
    feed, _ = CalendarFeed.objects.get_or_create(person=person)
    return reverse("meetings:calendar_feed", args=[feed.token])


def _ics_url(meeting) -> str:
    return reverse("meetings:meeting_ics", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk})


def _held(partnership, days_ago: int, title: str) -> Meeting:
    """A meeting that happened `days_ago` days ago (written straight in: services refuse the past)."""
    starts = timezone.now() - timedelta(days=days_ago)
    return Meeting.objects.create(
        partnership=partnership, title=title, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )


def _again(client, url, response, **extra):
    """The same request as a calendar program makes it the second time, with what it was told."""
    return client.get(url, HTTP_IF_NONE_MATCH=response["ETag"], **extra)


def test_months_before_keeps_to_real_days():
    assert _months_before(date(2025, 5, 31), 3) == date(2025, 2, 28)
    assert _months_before(date(2025, 2, 15), 3) == date(2024, 11, 15)
    assert _months_before(date(2024, 5, 31), 3) == date(2024, 2, 29)


def test_feed_shows_the_last_3_months_and_everything_ahead(client, partnership, bob):
    _held(partnership, 400, "Meeting two years back")
    _held(partnership, 120, "Meeting four months back")
    _held(partnership, 30, "Meeting last month")
    make_meeting(partnership, days_ahead=400, title="Meeting next year")
    text = client.get(_feed_url(bob)).content.decode()
    assert "Meeting last month" in text and "Meeting next year" in text
    assert "four months back" not in text and "two years back" not in text
    assert feed_window_start().date() == _months_before(timezone.localdate(), 3)


def test_my_calendar_page_says_what_the_feed_covers(bob_client):
    body = bob_client.get(reverse("meetings:my_calendar")).content.decode()
    assert "from the last 3 months and everything ahead" in body


def test_feed_keeps_privacy_rules_in_one_query_for_all_partnerships(client, partnership, bob):
    """Every partnership the person is in, a visiting expert's only where invited, none they were left
    out of; the same number of queries with one partnership or five."""
    shown = make_meeting(partnership, title="Our meeting")
    left_out = make_meeting(partnership, title="Not for Bob")
    Attendance.objects.create(partnership=partnership, meeting=left_out, person=bob, excluded=True)
    elsewhere = make_partnership()
    make_member(elsewhere, bob, role=Role.VISITING_EXPERT)
    asked = make_meeting(elsewhere, title="Expert asked")
    make_meeting(elsewhere, title="Expert not asked")
    Attendance.objects.create(partnership=elsewhere, meeting=asked, person=bob)
    make_meeting(make_partnership(), title="Someone else's")
    url = _feed_url(bob)
    text = client.get(url).content.decode()
    assert shown.title in text and asked.title in text
    assert "Not for Bob" not in text and "Expert not asked" not in text and "Someone else" not in text

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        other = make_partnership()
        make_member(other, bob)
        for _ in range(3):
            make_meeting(other)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("BEGIN:VEVENT") == 2 + 12
    # The feed by its token and the meetings in its window; its version is kept in the cache.
    assert len(few.captured_queries) == len(many.captured_queries) == 2


def test_feed_answers_304_until_it_changes(client, partnership, bob):
    meeting = make_meeting(partnership, title="Budget")
    url = _feed_url(bob)
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"] and first["Cache-Control"] == "no-cache"

    again = _again(client, url, first)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304 and by_date.content == b""
    # Polled again with nothing changed, the file is the same, stamp and all.
    assert client.get(url).content == first.content

    meeting_update(meeting=meeting, title="Budget, moved")
    changed = _again(client, url, first)
    assert changed.status_code == 200 and "Budget\\, moved" in changed.content.decode()
    assert changed["ETag"] != first["ETag"]
    # A program that goes by date alone sees the change too, though it came within the same second.
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200
    assert _again(client, url, changed).status_code == 304


@pytest.mark.parametrize(
    "change",
    ["cancelled", "added", "left_out", "left_partnership", "venue_renamed", "out_of_window"],
)
def test_feed_changes_its_validators_with_whatever_changes_in_it(change, client, partnership, bob):
    venue = make_venue(partnership, name="Town Hall")
    meeting = make_meeting(partnership, title="Budget", venue=venue)
    old = _held(partnership, 80, "Spring review")
    url = _feed_url(bob)
    first = client.get(url)
    assert _again(client, url, first).status_code == 304
    if change == "cancelled":
        meeting_cancel(meeting=meeting, reason="Snow")
    elif change == "added":
        make_meeting(partnership, title="Extra meeting")
    elif change == "left_out":
        invitations_set(meeting=meeting, invited_person_ids=set(), listed_person_ids={bob.pk})
    elif change == "left_partnership":
        bob.memberships.update(left_on=timezone.localdate())
    elif change == "venue_renamed":
        venue.name = "Riverside Hall"
        venue.save()
    elif change == "out_of_window":
        Meeting.objects.filter(pk=old.pk).update(
            starts_at=old.starts_at - timedelta(days=60), ends_at=old.ends_at - timedelta(days=60)
        )
    response = _again(client, url, first)
    assert response.status_code == 200
    assert response["ETag"] != first["ETag"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200


def test_a_new_feed_address_starts_afresh_and_the_old_one_is_gone(bob_client, client, bob, partnership):
    make_meeting(partnership)
    url = _feed_url(bob)
    first = client.get(url)
    bob_client.post(reverse("meetings:my_calendar"))
    assert _again(client, url, first).status_code == 404
    assert client.get(_feed_url(bob)).status_code == 200


def test_meeting_ics_answers_304_until_the_meeting_changes(bob_client, alice_client, partnership):
    meeting = make_meeting(partnership, title="Budget")
    url = _ics_url(meeting)
    first = bob_client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert first["Content-Disposition"] == f'attachment; filename="meeting-{meeting.pk}.ics"'
    assert _again(bob_client, url, first).status_code == 304
    assert bob_client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    # Every event's DTSTAMP is when the file last changed, the same as its Last-Modified.
    stamp = timezone.datetime.strptime(first["Last-Modified"], "%a, %d %b %Y %H:%M:%S GMT")
    assert f"DTSTAMP:{stamp:%Y%m%dT%H%M%S}Z" in first.content.decode()

    meeting_cancel(meeting=meeting, reason="Snow")
    changed = _again(bob_client, url, first)
    assert changed.status_code == 200 and "STATUS:CANCELLED" in changed.content.decode()
    assert changed["ETag"] != first["ETag"] and changed["Last-Modified"] != first["Last-Modified"]
    # Still only for people in the partnership, validators or not.
    outsider = make_user()
    make_member(make_partnership(), outsider)
    from django.test import Client

    stranger = Client()
    stranger.force_login(outsider)
    assert stranger.get(url, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 404
