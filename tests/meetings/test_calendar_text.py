"""Calendar files (a meeting's .ics and a person's private feed) carry words people typed: a meeting's title,
what it is for and its venue. Whatever they typed, a calendar app must read back the same words and nothing
more: no line break may start a property (an attendee, an alarm) that we never wrote."""

import icalendar
import pytest
from django.urls import reverse

from meetings.models import CalendarFeed
from tests.factories import make_meeting, make_venue

# What every event we write has, and nothing else.
EVENT_PROPERTIES = {
    "UID",
    "DTSTAMP",
    "DTSTART",
    "DTEND",
    "SUMMARY",
    "DESCRIPTION",
    "LOCATION",
    "URL",
    "STATUS",
}

HOSTILE = [
    "Budget\rX-EVIL:1",
    "Budget\nATTENDEE:mailto:x@example.org",
    "Budget\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nEND:VALARM",
]


def _as_read(text: str) -> str:
    """The words as a calendar app shows them: every kind of line break is a line break."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _events(content: bytes) -> list:
    calendar = icalendar.Calendar.from_ical(content.decode())
    assert not calendar.errors
    return list(calendar.walk("VEVENT"))


def _only_our_properties(event) -> None:
    assert set(event.keys()) == EVENT_PROPERTIES
    assert not event.subcomponents  # no alarm, nothing nested
    assert not event.errors


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_meeting_file_gains_no_property_from_what_people_typed(hostile, bob_client, partnership, alice):
    venue = make_venue(partnership, name=f"Hall {hostile}", address=f"1 High Street{hostile}")
    meeting = make_meeting(
        partnership, title=f"Planning {hostile}"[:150], description=f"Bring {hostile}", venue=venue
    )
    response = bob_client.get(
        reverse("meetings:meeting_ics", kwargs={"slug": partnership.slug, "pk": meeting.pk})
    )
    assert response.status_code == 200
    raw = response.content.decode()
    for line in raw.split("\r\n"):
        assert not line.startswith(("X-EVIL", "ATTENDEE", "BEGIN:VALARM", "ACTION")), line
    # A lone CR or LF anywhere in the file is a line break some reader would split on.
    assert "\r" not in raw.replace("\r\n", "") and "\n" not in raw.replace("\r\n", "")

    [event] = _events(response.content)
    _only_our_properties(event)
    assert str(event["SUMMARY"]) == _as_read(f"Planning {hostile}")
    assert str(event["LOCATION"]) == _as_read(f"Hall {hostile}, 1 High Street{hostile}")
    assert str(event["DESCRIPTION"]).startswith(_as_read(f"Bring {hostile}") + "\n\nhttp")


def test_the_private_feed_gains_no_property_either(client, partnership, bob):
    meeting = make_meeting(partnership, title="Planning\rX-EVIL:1", description="A\nATTENDEE:mailto:x")
    feed = CalendarFeed.objects.create(person=bob)
    response = client.get(reverse("meetings:calendar_feed", args=[feed.token]))
    assert response.status_code == 200
    [event] = _events(response.content)
    _only_our_properties(event)
    assert str(event["SUMMARY"]) == "Planning\nX-EVIL:1"
    assert str(event["DESCRIPTION"]).startswith("A\nATTENDEE:mailto:x")
    assert str(event["UID"]) == f"meeting-{meeting.pk}@testserver"


def test_commas_semicolons_and_backslashes_come_back_as_typed(bob_client, partnership):
    title = 'Access; transport, and the "C:\\Shared\\notes" folder'
    meeting = make_meeting(partnership, title=title, description="Tea, coffee; biscuits \\ fruit")
    response = bob_client.get(
        reverse("meetings:meeting_ics", kwargs={"slug": partnership.slug, "pk": meeting.pk})
    )
    raw = response.content.decode()
    assert 'SUMMARY:Access\\; transport\\, and the "C:\\\\Shared\\\\notes" folder' in raw
    [event] = _events(response.content)
    assert str(event["SUMMARY"]) == title
    assert str(event["DESCRIPTION"]).startswith("Tea, coffee; biscuits \\ fruit\n\n")


def test_long_lines_are_folded_and_read_back_whole(bob_client, partnership):
    # Multi-byte letters and signs, so a fold in the middle of a character would show.
    description = "Ŵelcome to the café – bring your ideas 💡 for the plan. " * 12
    meeting = make_meeting(partnership, title="Plan " + "é" * 100, description=description.strip())
    response = bob_client.get(
        reverse("meetings:meeting_ics", kwargs={"slug": partnership.slug, "pk": meeting.pk})
    )
    lines = response.content.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)
    [event] = _events(response.content)
    assert str(event["SUMMARY"]) == "Plan " + "é" * 100
    assert str(event["DESCRIPTION"]).startswith(description.strip() + "\n\n")
