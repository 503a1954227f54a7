"""Standing items carry easy read words and a picture, edited once per partnership on the standing items page
and copied into each new agenda, so a new meeting's easy read pack does not start with them missing."""

from django.urls import reverse

from coproduction import demo
from meetings.models import AgendaItem, StandingItem
from meetings.services.agenda import standing_items_for
from meetings.services.easy_read import readiness
from partners.models import Partnership
from tests.factories import make_meeting


def _standing(partnership, title) -> StandingItem:
    standing_items_for(partnership)
    return StandingItem.objects.get(partnership=partnership, title=title)


def test_a_new_partnerships_standing_items_have_easy_read_words_and_pictures(alice_client, partnership):
    items = standing_items_for(partnership)
    assert len(items) == 6
    assert all(item.easy_read_text and item.easy_read_picture for item in items)
    page = alice_client.get(reverse("meetings:standing_items", args=[partnership.slug])).content.decode()
    assert "We say hello. We check everyone can take part." in page
    assert 'alt="' in page and "/static/easyread/openmoji/1F44B.svg" in page


def test_a_new_meetings_standing_items_are_not_missing_from_the_easy_read_pack(partnership, alice):
    meeting = make_meeting(partnership, created_by=alice)
    welcome = meeting.agenda_items.get(title="Welcome and access check")
    assert welcome.easy_read_text == "We say hello. We check everyone can take part."
    assert welcome.easy_read_picture == "openmoji:1F44B"
    assert readiness(meeting).missing == []


def test_easy_read_words_edited_once_go_into_each_new_agenda(alice_client, partnership, alice):
    apologies = _standing(partnership, "Apologies")
    url = reverse("meetings:standing_item_edit", args=[partnership.slug, apologies.pk])
    form = alice_client.get(url).content.decode()
    assert "data-easy-read" in form and 'value="openmoji:1F464" checked' in form
    data = {
        "title": "Apologies",
        "purpose": "information",
        "duration_minutes": "5",
        "easy_read_text": "We say who is not here.",
        "easy_read_picture": "openmoji:1F465",
    }
    response = alice_client.post(url, data)
    assert response.status_code == 302
    earlier = make_meeting(partnership, created_by=alice, days_ahead=40)
    later = make_meeting(partnership, created_by=alice, days_ahead=70)
    for meeting in (earlier, later):
        item = meeting.agenda_items.get(title="Apologies")
        assert (item.easy_read_text, item.easy_read_picture) == ("We say who is not here.", "openmoji:1F465")


def test_a_standing_items_easy_read_words_warn_but_save(alice_client, partnership):
    aob = _standing(partnership, "Any other business")
    url = reverse("meetings:standing_item_edit", args=[partnership.slug, aob.pk])
    long = " ".join(["thing"] * 20) + "."
    data = {"title": "Any other business", "purpose": "discussion", "duration_minutes": "10", "at_end": "on"}
    response = alice_client.post(url, {**data, "easy_read_text": long}, follow=True)
    aob.refresh_from_db()
    assert aob.easy_read_text == long
    assert "has 20 words. Easy read sentences have 15 at most." in response.content.decode()
    # An unknown picture is still refused, with the words kept.
    page = alice_client.post(url, {**data, "easy_read_text": "Ok.", "easy_read_picture": "openmoji:NOPE"})
    assert "Choose a picture from the list" in page.content.decode()
    aob.refresh_from_db()
    assert aob.easy_read_text == long


def test_who_may_change_standing_items(bob_client, charlie_client, client, partnership):
    item = _standing(partnership, "Apologies")
    url = reverse("meetings:standing_item_edit", args=[partnership.slug, item.pk])
    data = {"title": "X", "purpose": "information", "duration_minutes": "5", "easy_read_text": "Taken."}
    assert bob_client.post(url, data).status_code == 403
    assert charlie_client.post(url, data).status_code == 404
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.easy_read_text == "We say who cannot come today."


def test_the_demos_standing_items_and_next_meeting_have_easy_read(db):
    demo.load()
    work = Partnership.objects.get(slug="work-together-riverside")
    standing = StandingItem.objects.filter(partnership=work)
    assert standing.count() == 6
    assert all(item.easy_read_text and item.easy_read_picture for item in standing)
    upcoming = work.meetings.order_by("-starts_at").first()
    items = AgendaItem.objects.filter(meeting=upcoming).exclude(purpose="break")
    assert items.filter(special="process_check").get().easy_read_text == "We say how the meeting went for us."
    assert not items.filter(easy_read_text="").exists()
