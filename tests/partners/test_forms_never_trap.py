"""Forms that never trap a person: what a choice needs is asked for on the same page, and saved data that is
no longer valid can always be corrected and saved."""

import re

from django.urls import reverse

from partners.models import AccessNeed, CommunicationPreference

URL = "partners:communication"


def test_choosing_a_phone_call_asks_for_the_number_on_the_same_page(bob_client, bob):
    page = bob_client.get(reverse(URL)).content.decode()
    assert 'name="phone"' in page and "We need it for phone calls and text messages." in page

    data = {"channels": ["phone"], "paper_format": "standard", "frequency": "as_it_happens"}
    response = bob_client.post(reverse(URL), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Give a phone number for phone calls and text messages, or untick them." in body
    assert 'href="#id_phone"' in body  # the error summary leads to the box to fill in

    response = bob_client.post(reverse(URL), {**data, "phone": " 01234 567890 "})
    assert response.status_code == 302
    bob.refresh_from_db()
    assert bob.phone == "01234 567890"
    assert CommunicationPreference.objects.get(person=bob).channels == ["phone"]
    # The number they already gave is shown, ready to change.
    assert 'value="01234 567890"' in bob_client.get(reverse(URL)).content.decode()


def test_saved_choices_that_no_longer_exist_can_be_corrected(bob_client, bob):
    # Saved before the choices changed (or by hand): a channel, format and frequency we no longer offer, and
    # phone calls with no phone number anywhere.
    CommunicationPreference.objects.create(
        person=bob, channels=["fax", "phone"], paper_format="cassette", frequency="daily"
    )
    page = bob_client.get(reverse(URL)).content.decode()
    assert "fax" not in page and "cassette" not in page
    assert re.search(r'value="phone"[^>]*checked', page)

    response = bob_client.post(
        reverse(URL),
        {
            "channels": ["phone"],
            "phone": "07700 900123",
            "paper_format": "large_print",
            "frequency": "weekly",
        },
    )
    assert response.status_code == 302, response.content.decode()
    pref = CommunicationPreference.objects.get(person=bob)
    assert (pref.channels, pref.paper_format, pref.frequency) == (["phone"], "large_print", "weekly")


def test_a_value_too_long_says_so_plainly_and_is_corrected(bob_client, bob):
    # (Stored values longer than the column cannot exist on PostgreSQL, so the long value is the one typed.)
    CommunicationPreference.objects.create(person=bob, channels=["email"], best_times="Mornings " * 20)
    data = {"channels": ["email"], "paper_format": "standard", "frequency": "weekly"}
    response = bob_client.post(reverse(URL), {**data, "best_times": "Mornings " * 30})
    assert "Keep the best times to contact you to 200 characters." in response.content.decode()
    assert bob_client.post(reverse(URL), {**data, "best_times": "Mornings"}).status_code == 302
    assert CommunicationPreference.objects.get(person=bob).best_times == "Mornings"


def test_writing_your_own_preferences_replaces_who_recorded_them(bob_client, bob, alice):
    pref = CommunicationPreference(person=bob, channels=["post"], postal_address="1 High Street")
    pref.mark_recorded(by=alice, how="phone")
    pref.save()
    data = {"channels": ["email"], "paper_format": "standard", "frequency": "weekly"}
    assert bob_client.post(reverse(URL), data).status_code == 302
    pref.refresh_from_db()
    assert pref.recorded_by is None and pref.recorded_text == ""


def test_a_need_saved_with_an_old_code_can_be_changed(bob_client, bob):
    need = AccessNeed.objects.create(person=bob, code="retired_code", minutes=999)
    url = reverse("partners:access_need_edit", args=[need.pk])
    assert bob_client.get(url).status_code == 200
    response = bob_client.post(url, {"code": "large_print"})
    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.code, need.minutes) == ("large_print", None)
