"""Numbers in addresses: whatever someone types after `?year=` or `?item=` (a superscript two, a NUL byte, a
number too big for the database), the page answers as if the value were not given, or says the page is not
there; never a server error."""

import re

import pytest
from django.urls import reverse

from meetings.models import CalendarFeed, MinutesVersion
from tests.factories import make_decision, make_minutes

ODD_VALUES = ["²", "١٢", "\x00", "1\x00", "-1", "1.5", "1e3", "99999999999999999999999", " 1", ""]


def _meeting_url(name: str, meeting) -> str:
    return reverse(f"meetings:{name}", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk})


def _answered(response, value: str) -> bool:
    """Whether the page answered normally. An address with a NUL byte may be turned away before any view
    (404, as for a page that is not there); anything else gets the page, the odd value ignored."""
    if "\x00" in value and response.status_code == 404:
        return False
    assert response.status_code == 200
    return True


@pytest.mark.parametrize("value", ODD_VALUES)
def test_the_decisions_register_ignores_an_odd_year_or_page(value, bob_client, partnership, meeting):
    make_decision(meeting, text="We meet at the library.")
    url = reverse("meetings:decision_list", args=[partnership.slug])
    for name in ("year", "page"):
        response = bob_client.get(url, {name: value})
        if _answered(response, value):
            assert "We meet at the library." in response.content.decode(), name


@pytest.mark.parametrize("value", ODD_VALUES)
def test_the_action_log_ignores_an_odd_owner_page_or_filter(value, bob_client, partnership):
    url = reverse("meetings:action_list", args=[partnership.slug])
    for name in ("owner", "page", "show"):
        response = bob_client.get(url, {name: value})
        if _answered(response, value):
            assert "Action points" in response.content.decode(), name


@pytest.mark.parametrize("value", ODD_VALUES)
def test_recording_forms_ignore_an_odd_item(value, dana_client, meeting):
    for name in ("decision_add", "action_point_add"):
        response = dana_client.get(_meeting_url(name, meeting), {"item": value})
        if _answered(response, value):
            assert 'name="agenda_item"' in response.content.decode(), name
            assert not re.search(r'<option value="\d+" selected>', response.content.decode()), name


def test_a_plain_item_number_is_still_chosen(dana_client, meeting):
    item = meeting.agenda_items.exclude(purpose="break").last()
    page = dana_client.get(_meeting_url("decision_add", meeting), {"item": str(item.pk)}).content.decode()
    assert f'<option value="{item.pk}" selected>' in page


@pytest.mark.parametrize("value", ODD_VALUES)
def test_minutes_forms_ignore_an_odd_item(value, alice_client, bob_client, past_meeting, alice):
    make_minutes(past_meeting, by=alice)
    for client, name in ((alice_client, "partner_view_add"), (bob_client, "correction_add")):
        response = client.get(_meeting_url(name, past_meeting), {"item": value})
        if _answered(response, value):
            assert not re.search(r'<option value="\d+" selected>', response.content.decode()), name


@pytest.mark.parametrize("value", ODD_VALUES)
def test_comparing_versions_with_odd_numbers_says_they_were_not_found(value, bob_client, past_meeting, alice):
    minutes = make_minutes(past_meeting, by=alice)
    revision = MinutesVersion.objects.filter(minutes=minutes).values_list("revision", flat=True).first()
    url = _meeting_url("minutes_compare", past_meeting)
    for query in ({"from": value, "to": revision}, {"from": revision, "to": value}):
        response = bob_client.get(url, query)
        assert response.status_code == 404
        if "\x00" not in value:  # a NUL byte may be turned away before the view, with the plain 404 page
            assert "Those versions were not found" in response.content.decode()


@pytest.mark.parametrize("token", ["%00", "a%00b", "%C2%B2", "x" * 65, "..%2F"])
def test_a_calendar_address_that_cannot_be_one_is_not_found(token, client, bob):
    CalendarFeed.objects.create(person=bob)
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_the_real_calendar_address_still_works(client, bob):
    feed = CalendarFeed.objects.create(person=bob)
    assert client.get(reverse("meetings:calendar_feed", args=[feed.token])).status_code == 200


@pytest.mark.parametrize("value", ["²", "1,²,3", "\u0661"])
def test_the_invitations_form_ignores_odd_listed_people(value, alice_client, meeting, bob):
    url = reverse("meetings:meeting_invitations", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk})
    response = alice_client.post(url, {"listed": value, "people": [bob.pk]})
    assert response.status_code in {200, 302}
