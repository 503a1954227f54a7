import json

from django.urls import reverse

from partners.models import AccessNeed, CommunicationPreference, Membership, User
from tests.factories import make_need


def test_profile_details_are_saved(bob_client, bob):
    response = bob_client.post(
        reverse("partners:profile_edit"),
        {"full_name": "Robert Member", "known_as": "Bob", "pronouns": "he/him", "phone": "01234 567890"},
    )
    assert response.status_code == 302
    bob.refresh_from_db()
    assert (bob.full_name, bob.known_as, bob.pronouns) == ("Robert Member", "Bob", "he/him")


def test_blank_name_is_refused_and_the_header_is_untouched(bob_client, bob):
    response = bob_client.post(reverse("partners:profile_edit"), {"full_name": "", "known_as": "Robbie"})
    body = response.content.decode()
    assert '<a href="#id_full_name">' in body
    assert 'value="Robbie"' in body
    bob.refresh_from_db()
    assert bob.full_name == "Bob Member"


def test_display_preferences_change_every_page(bob_client, bob, partnership):
    bob_client.post(
        reverse("partners:display_preferences"), {"text_size": "extra_large", "high_contrast": "on"}
    )
    page = bob_client.get(reverse("workspace", kwargs={"slug": partnership.slug})).content.decode()
    assert '<html lang="en-GB" class="govuk-template cp-text-xlarge cp-contrast-high">' in page
    bob_client.post(reverse("partners:display_preferences"), {"text_size": "large"})
    page = bob_client.get(reverse("help")).content.decode()
    assert '<html lang="en-GB" class="govuk-template cp-text-large">' in page


def test_unknown_text_size_is_refused(bob_client, bob):
    response = bob_client.post(reverse("partners:display_preferences"), {"text_size": "gigantic"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    bob.refresh_from_db()
    assert bob.text_size == "standard"


def test_communication_preferences(bob_client, bob):
    url = reverse("partners:communication")
    data = {
        "channels": ["email", "post"],
        "paper_format": "large_print",
        "frequency": "weekly",
        "contact_between_meetings": "on",
        "best_times": "Mornings",
        "postal_address": "",
        "support_person_name": "Ann",
        "support_person_email": "",
    }
    response = bob_client.post(url, data)
    body = response.content.decode()
    assert "Give a postal address, or untick post." in body
    assert "Give your support person" in body
    assert 'value="Mornings"' in body
    data.update(postal_address="1 High Street", support_person_email="ann@example.org")
    assert bob_client.post(url, data).status_code == 302
    pref = CommunicationPreference.objects.get(person=bob)
    assert pref.channels == ["email", "post"]
    assert (pref.paper_format, pref.frequency) == ("large_print", "weekly")


def test_phone_contact_needs_a_phone_number(bob_client, bob):
    data = {"channels": ["text"], "paper_format": "standard", "frequency": "weekly"}
    response = bob_client.post(reverse("partners:communication"), data)
    assert "Give a phone number for phone calls and text messages" in response.content.decode()
    # ...asked for on the same page, not somewhere else first.
    response = bob_client.post(reverse("partners:communication"), {**data, "phone": "07700 900456"})
    assert response.status_code == 302
    bob.refresh_from_db()
    assert bob.phone == "07700 900456"


def test_download_my_data(bob_client, bob, partnership):
    make_need(bob, "regular_breaks", minutes=45, note="Stiff knees")
    response = bob_client.get(reverse("partners:data_download"))
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["email"] == "bob@example.org"
    assert data["access_needs"]["needs"] == [
        {
            "code": "regular_breaks",
            "need": "Regular breaks",
            "detail": "every 45 minutes",
            "note": "Stiff knees",
            "recorded_for_you": "",
        }
    ]
    assert data["memberships"][0]["partnership"] == "Working Together"
    assert data["email_addresses"] == [{"email": "bob@example.org", "verified": True, "primary": True}]
    assert data["two_factor_authentication"] == []


def test_delete_account_keeps_records_as_a_former_partner(bob_client, bob, alice_client, partnership):
    make_need(bob, "large_print")
    url = reverse("partners:account_delete")
    response = bob_client.post(url, {})
    assert "Tick the box to confirm" in response.content.decode()
    assert User.objects.filter(pk=bob.pk).exists()

    response = bob_client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(email="bob@example.org").exists()
    assert not AccessNeed.objects.exists()
    former = Membership.objects.get(partnership=partnership, person__isnull=True)
    assert former.name == "A former partner"
    people = alice_client.get(
        reverse("partners:member_list", kwargs={"slug": partnership.slug})
    ).content.decode()
    assert "A former partner" in people
    assert "Bob" not in people
    # Signed out.
    assert bob_client.get(reverse("partners:profile")).status_code == 302


def test_profile_pages_need_sign_in(client):
    for name in [
        "profile",
        "profile_edit",
        "display_preferences",
        "communication",
        "my_access_needs",
        "access_need_add",
        "data_download",
        "account_delete",
        "partnership_new",
    ]:
        response = client.get(reverse(f"partners:{name}"))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("account_login"))
