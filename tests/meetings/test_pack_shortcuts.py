"""The shortcuts that keep the meeting pack and the Send meeting pack page within budget give the same answers
as the long way round: the meetings the pack looks back to read with the meeting, the last minutes' entries
read with the agenda, the needs read with the people, the papers without a version from the papers in hand,
and everyone invited (with their preferences and needs) in one query."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Meeting, MinuteEntry, PaperVersion
from meetings.services import access_plan as plans
from meetings.services import documents, packs
from meetings.services.meetings import invited_people
from partners.models import CommunicationPreference, User
from tests.factories import make_decision, make_meeting, make_minutes, make_need, make_paper


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _earlier_shape(earlier: documents.Earlier):
    previous, last = earlier.previous, earlier.last
    minutes = documents._minutes_of(last) if last is not None else None
    return (
        (previous.pk, previous.starts_at) if previous else None,
        (last.pk, last.title, last.starts_at) if last else None,
        (minutes.pk, minutes.status, minutes.approved_at) if minutes else None,
    )


def _read_with_meeting(meeting: Meeting) -> Meeting:
    return documents.with_earlier(Meeting.objects.select_related("partnership")).get(pk=meeting.pk)


def test_the_meetings_a_pack_looks_back_to_read_with_the_meeting_are_the_long_ways(partnership, alice):
    first = make_meeting(partnership, days_ahead=-60, created_by=alice, title="First")
    meeting = make_meeting(partnership, days_ahead=20, created_by=alice, title="Next")
    assert _earlier_shape(documents.earlier_meetings(_read_with_meeting(first))) == (None, None, None)
    # A meeting before, not held and without minutes: previous, but not last.
    assert _earlier_shape(documents.earlier_meetings(_read_with_meeting(meeting)))[1] is None
    held = make_meeting(partnership, days_ahead=-30, created_by=alice, title="Held", status="held")
    between = make_meeting(partnership, days_ahead=-5, created_by=alice, title="Not held yet")
    cancelled = make_meeting(partnership, days_ahead=-2, created_by=alice, title="Off", status="cancelled")
    for minutes in (False, True):
        if minutes:
            make_minutes(held, by=alice)
        in_hand = _read_with_meeting(meeting)
        with CaptureQueriesContext(connection) as queries:
            shortcut = documents.earlier_meetings(in_hand)
            shape = _earlier_shape(shortcut)
        assert len(queries) == 0
        assert shape == _earlier_shape(documents.earlier_meetings(meeting))
        assert shortcut.previous.pk == between.pk != cancelled.pk and shortcut.last.pk == held.pk
        assert (shape[2] is not None) is minutes


def test_the_pack_shows_the_same_whether_the_meetings_before_are_read_with_it_or_not(partnership, alice, bob):
    last = make_meeting(partnership, days_ahead=-20, created_by=alice, title="Last time", status="held")
    make_minutes(last, by=alice)
    make_decision(last, text="We meet monthly.")
    meeting = make_meeting(partnership, days_ahead=20, created_by=alice, title="Next time")
    for variant in ("standard", "easy_read"):
        long_way = documents.document_context(meeting, "pack", variant, None)
        shortcut = documents.document_context(_read_with_meeting(meeting), "pack", variant, None)
        assert documents.document_html(shortcut, "pack", variant) == documents.document_html(
            long_way, "pack", variant
        )
        assert "We meet monthly." in documents.document_html(shortcut, "pack", variant)


def test_the_last_minutes_entries_read_with_the_agenda_are_the_ones_saved(partnership, alice):
    last = make_meeting(partnership, days_ahead=-20, created_by=alice)
    meeting = make_meeting(partnership, days_ahead=20, created_by=alice)
    make_minutes(last, by=alice)
    items = documents._agenda_items_of(meeting, last, minute_text=True)
    saved = sorted(MinuteEntry.objects.filter(minutes__meeting=last).values_list("agenda_item_id", "text"))
    assert saved and sorted(documents._minute_entries(items[last.pk])) == saved
    assert documents._minute_entries(items[meeting.pk]) == []


def test_needs_read_with_the_people_are_the_long_ways(partnership, alice, bob, dana):
    make_need(bob, "large_print")
    make_need(bob, "regular_breaks", minutes=45)
    make_need(dana, "easy_read")
    CommunicationPreference.objects.create(person=alice, paper_format="braille")  # a preference, no need
    CommunicationPreference.objects.create(person=bob, paper_format="large_print")
    ids = [alice.pk, bob.pk, dana.pk]
    needs, preferences = plans.needs_from(plans.with_needs(User.objects.filter(pk__in=ids)).order_by("pk"))
    long_needs, long_preferences = plans._needs_and_preferences(ids)
    assert [(n.pk, n.person_id, n.code, n.minutes) for n in needs] == [
        (n.pk, n.person_id, n.code, n.minutes) for n in long_needs
    ]
    assert (
        sorted(preferences)
        == sorted(long_preferences)
        == sorted([(alice.pk, "braille"), (bob.pk, "large_print")])
    )


def test_papers_without_a_version_from_the_papers_in_hand_are_the_long_ways(partnership, alice):
    meeting = make_meeting(partnership, days_ahead=20, created_by=alice)
    make_paper(partnership, meeting=meeting, title="Budget", uploaded_by=alice)
    easy = make_paper(partnership, meeting=meeting, title="apples", uploaded_by=alice)
    PaperVersion.objects.filter(paper=easy).update(format="easy_read")
    make_paper(partnership, meeting=meeting, title="Zebra", uploaded_by=alice)
    papers = documents._papers(meeting, documents._agenda_items(meeting))
    shortcut = plans.papers_without_from(documents._in_title_order(papers))
    assert shortcut == plans.papers_without(meeting)
    assert [p.title for p in shortcut["easy_read"]] == [
        p.title for p in plans.papers_without(meeting)["easy_read"]
    ]
    assert "apples" not in [p.title for p in shortcut["easy_read"]]


def test_everyone_invited_in_one_query_with_the_same_plans_either_way(partnership, alice, bob, dana):
    meeting = make_meeting(partnership, days_ahead=20, created_by=alice)
    make_need(bob, "easy_read")
    make_need(bob, "extra_reading_time", days=3)
    CommunicationPreference.objects.create(person=dana, paper_format="large_print", channels=["post"])
    with CaptureQueriesContext(connection) as queries:
        people = invited_people(meeting)
    assert len(queries) == 1
    assert {p.pk for p, _ in people} >= {alice.pk, bob.pk, dana.pk}

    def shape(found):
        return [(p.person.pk, p.variant, p.routes, p.extra_days, p.postal_address) for p in found]

    assert shape(packs.pack_plans(meeting)) == shape(packs.pack_plans(meeting, people))
    by_person = {p.person.pk: p for p in packs.pack_plans(meeting)}
    assert by_person[bob.pk].variant == "easy_read" and by_person[bob.pk].extra_days == 3
    assert by_person[dana.pk].variant == "large_print"


def test_the_send_page_asks_within_budget_as_the_partnership_grows(partnership, alice, bob, dana):
    from tests.factories import make_member, make_user

    make_meeting(partnership, days_ahead=-20, created_by=alice, title="Last time", status="held")
    meeting = make_meeting(partnership, days_ahead=20, created_by=alice)
    make_need(bob, "easy_read")
    client = Client()
    client.force_login(alice)
    url = reverse("meetings:pack_send", kwargs={"slug": partnership.slug, "pk": meeting.pk})

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    for number in range(6):
        person = make_user(full_name=f"Person {number}")
        make_member(partnership, person)
        make_need(person, "easy_read" if number % 2 else "large_print")
        make_decision(make_meeting(partnership, days_ahead=-10 + number, created_by=alice), text="More.")
    assert count() == small <= 12
