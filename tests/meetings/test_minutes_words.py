"""No words are lost in the minutes: the chair's notes from the Run meeting page reach the minute-taker; a
partner's view quoted in the minutes can be changed or removed (kept in the versions) and corrected, and the
person quoted confirms their own words; partners who use BSL give a view or a correction as a video link."""

import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import MinuteEntry
from meetings.services import minutes as services
from meetings.services import run
from partners.models import Role
from tests.factories import make_member, make_minutes, make_user


def _url(name, meeting, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk, **kwargs})


def _body(response) -> str:
    return response.content.decode()


def _items(meeting):
    return services.minute_items(meeting)


@pytest.fixture
def aileen(partnership):
    """The partnership's minute-taker."""
    person = make_user("aileen@example.org", full_name="Aileen Macleod", known_as="Aileen")
    make_member(partnership, person, role=Role.MINUTE_TAKER)
    return person


@pytest.fixture
def aileen_client(aileen):
    client = Client()
    client.force_login(aileen)
    return client


@pytest.fixture
def noted(past_meeting, dana):
    """Last month's meeting, run by Dana, who noted two things under its first item."""
    first = _items(past_meeting)[0]
    run.meeting_start(meeting=past_meeting, chair=dana)
    run.note_add(meeting=past_meeting, author=dana, item=first, text="Loop working in room 2.")
    run.note_add(meeting=past_meeting, author=dana, item=first, text="Fi to check the ramp.")
    return first


# ---------------------------------------------------------------- the chair's notes


def test_the_chairs_notes_show_under_their_item_for_the_minute_taker_only(
    aileen_client, bob_client, past_meeting, noted
):
    body = _body(aileen_client.get(_url("minutes", past_meeting)))
    heading = body.index(f"1. {noted.title}")
    second = body.index(f"2. {_items(past_meeting)[1].title}")
    assert "The chair's notes from the meeting" in body
    assert heading < body.index("Loop working in room 2.") < body.index("Fi to check the ramp.") < second

    # Partners read the minutes, not the chair's working notes.
    assert "Loop working in room 2." not in _body(bob_client.get(_url("minutes", past_meeting)))


def test_the_chairs_notes_are_the_starting_text_only_where_nothing_is_written(
    aileen_client, aileen, past_meeting, noted
):
    page = _body(aileen_client.get(_url("minutes_edit", past_meeting)))
    assert "Loop working in room 2.\n\nFi to check the ramp.</textarea>" in page
    assert "This starts with the chair's notes from the meeting." in page

    make_minutes(past_meeting, texts={noted: "The loop worked."}, by=aileen)
    page = _body(aileen_client.get(_url("minutes_edit", past_meeting)))
    assert "The loop worked.</textarea>" in page
    assert "Fi to check the ramp.</textarea>" not in page
    # Nothing is written until the minute-taker saves.
    assert (
        MinuteEntry.objects.get(minutes__meeting=past_meeting, agenda_item=noted).text == "The loop worked."
    )
