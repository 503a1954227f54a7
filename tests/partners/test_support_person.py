"""A support person's address is confirmed by the support person before anything is copied to them: packs
carry other partners' words, so they must never go to an address someone typed by mistake."""

import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from meetings.models import Meeting
from partners import services
from partners.models import CommunicationPreference
from tests.factories import make_meeting

HELPER = "helper@example.org"


@pytest.fixture(autouse=True)
def _print_cache(settings, tmp_path_factory):
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media")


def _preferences(client, **fields) -> object:
    data = {
        "channels": ["email"],
        "paper_format": "standard",
        "frequency": "as_it_happens",
        "contact_between_meetings": "on",
        "support_person_name": "Helen Helper",
        "support_person_email": HELPER,
    }
    data.update(fields)
    return client.post(reverse("partners:communication"), data)


def _link(message) -> str:
    return re.search(r"http://testserver(/support-person/\S+/)", message.body).group(1)


def _send_url(meeting: Meeting) -> str:
    return reverse("meetings:pack_send", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk})


def _send_pack(client, meeting: Meeting, capture, who: str = "everyone"):
    url = _send_url(meeting)
    page = client.get(url).content.decode()
    once = re.search(r'name="once" value="([0-9a-f]{32})"', page).group(1)
    seen = re.search(r'name="seen" value="(\d+)"', page)
    with capture(execute=True):
        return client.post(url, {"once": once, "who": who, "seen": seen[1] if seen else ""})


def _pack_emails(person) -> list:
    return [m for m in mail.outbox if m.subject.startswith("Meeting pack") and person.email in m.to]


def test_a_support_person_confirms_before_any_pack_is_copied_to_them(
    partnership, alice, alice_client, bob, bob_client, django_capture_on_commit_callbacks
):
    meeting = make_meeting(partnership, days_ahead=20)
    CommunicationPreference.objects.create(person=alice, channels=["email"])

    # Bob names his support person: she is emailed a link, in plain words saying who asked and what comes.
    assert _preferences(bob_client).status_code == 302
    [ask] = mail.outbox
    assert ask.to == [HELPER]
    assert ask.subject == "Bob Member asks us to copy you in on their messages"
    assert "Bob Member (bob@example.org) has named you as their support person in Working Together" in (
        ask.body
    )
    assert "meeting packs" in ask.body and "Until you say yes, we send you nothing." in ask.body
    assert ask.alternatives and "Until you say yes, we send you nothing." in ask.alternatives[0][0]
    profile = bob_client.get(reverse("partners:profile")).content.decode()
    assert f"Waiting for {HELPER} to confirm." in profile

    # The coordinator's Send page says she is not copied in; the pack goes to Bob alone.
    send_page = alice_client.get(_send_url(meeting)).content.decode()
    assert f"Not copied to their support person: {HELPER} has not confirmed their address yet" in send_page
    _send_pack(alice_client, meeting, django_capture_on_commit_callbacks)
    [first] = _pack_emails(bob)
    assert first.cc == []
    assert not [m for m in mail.outbox[1:] if HELPER in m.to + m.cc]

    # Opening the link changes nothing (mail scanners open links); pressing yes confirms.
    link = _link(ask)
    page = bob_client.__class__().get(link)
    assert page.status_code == 200
    assert "Be Bob Member's support person?" in html.unescape(page.content.decode())
    assert CommunicationPreference.objects.get(person=bob).support_person_email == ""
    done = bob_client.__class__().post(link, {"answer": "yes"})
    assert "You are Bob Member's support person" in html.unescape(done.content.decode())
    profile = bob_client.get(reverse("partners:profile")).content.decode()
    assert "Waiting for" not in profile and HELPER in profile
    assert "Not copied to their support person" not in alice_client.get(_send_url(meeting)).content.decode()

    # Now the pack is copied to her.
    _send_pack(alice_client, meeting, django_capture_on_commit_callbacks)
    second = _pack_emails(bob)[-1]
    assert second.cc == [HELPER]

    # The same link cannot be used again.
    again = bob_client.__class__().get(link)
    assert again.status_code == 410
    assert "This link is no longer needed" in again.content.decode()


def test_changing_the_address_needs_confirming_again(bob, bob_client, alice_client, partnership):
    _preferences(bob_client)
    old_link = _link(mail.outbox[-1])
    bob_client.__class__().post(old_link, {"answer": "yes"})
    assert CommunicationPreference.objects.get(person=bob).support_person_email == HELPER

    # Saving the form again with the same address sends nothing and keeps it confirmed.
    _preferences(bob_client, best_times="Mornings")
    assert len(mail.outbox) == 1
    assert CommunicationPreference.objects.get(person=bob).support_person_email == HELPER

    _preferences(bob_client, support_person_email="new.helper@example.org")
    pref = CommunicationPreference.objects.get(person=bob)
    # The old address stops at once; the new one waits.
    assert (pref.support_person_email, pref.support_person_email_waiting) == ("", "new.helper@example.org")
    assert mail.outbox[-1].to == ["new.helper@example.org"]
    assert services._support_cc(bob) == []
    # The old link was for the old address: it does not confirm the new one.
    assert bob_client.__class__().post(old_link, {"answer": "yes"}).status_code == 410
    assert CommunicationPreference.objects.get(person=bob).support_person_email == ""
    # The form shows the address Bob gave, so he can see and correct it.
    form = bob_client.get(reverse("partners:communication")).content.decode()
    assert 'value="new.helper@example.org"' in form
    assert "Waiting for new.helper@example.org to confirm." in form

    bob_client.__class__().post(_link(mail.outbox[-1]), {"answer": "yes"})
    assert services._support_cc(bob) == ["new.helper@example.org"]

    # Removing the address stops the copies.
    _preferences(bob_client, support_person_name="", support_person_email="")
    assert services._support_cc(bob) == []


def test_a_support_person_may_say_no(bob, bob_client):
    _preferences(bob_client)
    link = _link(mail.outbox[-1])
    done = bob_client.__class__().post(link, {"answer": "no"})
    assert "We will not send you anything" in done.content.decode()
    pref = CommunicationPreference.objects.get(person=bob)
    assert (pref.support_person_email, pref.support_person_email_waiting) == ("", "")
    # No answer at all is a plain message, not a change.
    _preferences(bob_client, support_person_email="other@example.org")
    page = bob_client.__class__().post(_link(mail.outbox[-1]), {"answer": "maybe"})
    assert page.status_code == 200 and "Choose yes or no" in page.content.decode()
    assert CommunicationPreference.objects.get(person=bob).support_person_email == ""


def test_links_that_do_not_work_say_so(bob, bob_client, monkeypatch):
    _preferences(bob_client)
    link = _link(mail.outbox[-1])
    monkeypatch.setattr(services, "SUPPORT_PERSON_LINK_DAYS", -1)
    expired = bob_client.__class__().post(link, {"answer": "yes"})
    assert expired.status_code == 410
    assert "The link has expired" in expired.content.decode()
    assert CommunicationPreference.objects.get(person=bob).support_person_email == ""

    for broken in ("/support-person/nonsense/", link[:-6] + "xxxxx/"):
        response = bob_client.__class__().get(broken)
        assert response.status_code == 404
        assert "Check you copied the whole link" in response.content.decode()


def test_sending_the_email_again(bob, bob_client):
    _preferences(bob_client)
    url = reverse("partners:support_person_send_again")
    # Straight away: refused, so a button cannot flood someone's inbox.
    response = bob_client.post(url, follow=True)
    assert "a few minutes ago" in response.content.decode()
    assert len(mail.outbox) == 1
    CommunicationPreference.objects.filter(person=bob).update(support_person_asked_at=None)
    response = bob_client.post(url, follow=True)
    assert f"We have emailed {HELPER} the link again." in response.content.decode()
    assert len(mail.outbox) == 2 and mail.outbox[-1].to == [HELPER]
    assert bob_client.get(url).status_code == 405


def test_addresses_given_before_confirmation_existed_wait(bob):
    """The migration moves every existing address to waiting: nobody ever confirmed them."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("partners.migrations.0003_support_person_confirmation")
    CommunicationPreference.objects.create(person=bob, support_person_email=HELPER)
    migration.addresses_wait_for_confirmation(apps, None)
    pref = CommunicationPreference.objects.get(person=bob)
    assert (pref.support_person_email, pref.support_person_email_waiting) == ("", HELPER)
    assert services._support_cc(bob) == []
