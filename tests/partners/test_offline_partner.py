"""A partner who has no email address or does not use computers: added by a coordinator, reached by post or
phone, their needs recorded on their behalf, and planned for like anyone's."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings.services.access_plan import access_plan
from meetings.services.packs import pack_plans
from meetings.services.reminders import reminders_send
from partners.models import AccessNeed, CommunicationPreference, Membership, Role, User
from tests.factories import make_group, make_meeting


def _url(name, partnership, **kwargs):
    return reverse(f"partners:{name}", kwargs={"slug": partnership.slug, **kwargs})


def _add_graham(alice_client, partnership, **changes) -> Membership:
    group = make_group(partnership, "Riverside Access Panel")
    data = {
        "full_name": "Graham Post",
        "known_as": "Graham",
        "phone": "01234 567890",
        "postal_address": "4 Mill Lane\nRiverside\nRV1 2AB",
        "support_person_name": "Jean",
        "channels": ["post", "phone"],
        "paper_format": "large_print",
        "role": Role.MEMBER,
        "group": group.pk,
        "recorded_how": "phone",
        **changes,
    }
    response = alice_client.post(_url("member_offline_add", partnership), data)
    assert response.status_code == 302, response.content.decode()
    return Membership.objects.get(partnership=partnership, person__full_name="Graham Post")


@pytest.fixture
def graham(alice_client, partnership) -> Membership:
    return _add_graham(alice_client, partnership)


def test_coordinator_adds_a_partner_who_does_not_use_email(alice_client, partnership, alice, graham):
    person = graham.person
    assert graham.role == Role.MEMBER and graham.group.name == "Riverside Access Panel"
    # No invitation, no way to sign in, and nothing they could be emailed at.
    assert not partnership.invitations.exists()
    assert not person.has_usable_password() and not person.is_active and not person.has_email
    assert Client().login(email=person.email, password="") is False
    pref = CommunicationPreference.objects.get(person=person)
    assert pref.channels == ["post", "phone"] and pref.paper_format == "large_print"
    assert pref.postal_address.startswith("4 Mill Lane") and pref.support_person_name == "Jean"
    assert pref.recorded_by == alice and pref.recorded_how == "phone"

    listing = alice_client.get(_url("member_list", partnership)).content.decode()
    assert "Graham" in listing and "By post or phone" in listing
    page = alice_client.get(_url("member_detail", partnership, pk=graham.pk)).content.decode()
    assert "does not use email" in page and "no-email" not in page
    today = timezone.localdate().strftime("%-d %B %Y")
    assert f"Recorded by Alice Coordinator on {today}, told by phone" in page


def test_the_new_partner_form_asks_for_a_way_to_reach_them(alice_client, partnership):
    response = alice_client.post(
        _url("member_offline_add", partnership),
        {
            "full_name": "Graham Post",
            "channels": ["post"],
            "paper_format": "standard",
            "role": "member",
            "recorded_how": "phone",
        },
    )
    assert response.status_code == 200
    assert "Give a phone number or a postal address" in response.content.decode()
    response = alice_client.post(
        _url("member_offline_add", partnership),
        {
            "full_name": "Graham Post",
            "phone": "0123",
            "channels": ["post"],
            "paper_format": "standard",
            "role": "member",
            "recorded_how": "phone",
        },
    )
    assert "Give their postal address, or untick post." in response.content.decode()
    assert not User.objects.filter(full_name="Graham Post").exists()


def test_only_coordinators_add_offline_partners(bob_client, charlie_client, client, partnership):
    url = _url("member_offline_add", partnership)
    assert bob_client.post(url, {"full_name": "X"}).status_code == 403
    assert charlie_client.get(url).status_code == 404
    assert client.get(url).status_code == 302
    assert not User.objects.filter(full_name="X").exists()


def test_coordinator_records_their_needs_and_their_page_says_who_did(
    alice_client, dana_client, bob_client, partnership, alice, graham
):
    url = _url("member_access_need_add", partnership, pk=graham.pk)
    response = alice_client.post(
        url, {"code": "hearing_loop", "note": "Left ear", "recorded_how": "in_person"}
    )
    assert response.status_code == 302
    need = AccessNeed.objects.get(person=graham.person)
    assert need.recorded_by == alice and need.recorded_how == "in_person"

    # The chair sees who recorded it; bob, a partner, does not see Graham's needs at all.
    page = dana_client.get(_url("member_detail", partnership, pk=graham.pk)).content.decode()
    assert "Hearing loop" in page and "Recorded by Alice Coordinator on" in page and "told in person" in page
    page = bob_client.get(_url("member_detail", partnership, pk=graham.pk)).content.decode()
    assert "Hearing loop" not in page

    # Changing it and saying how is required; removing it asks first.
    url = _url("member_access_need_edit", partnership, pk=graham.pk, need_pk=need.pk)
    response = alice_client.post(url, {"code": "hearing_loop", "note": "Both ears"})
    assert "Say how they told you" in response.content.decode()
    response = alice_client.post(url, {"code": "hearing_loop", "note": "Both", "recorded_how": "letter"})
    assert response.status_code == 302, response.content.decode()
    need.refresh_from_db()
    assert need.note == "Both" and need.recorded_how == "letter"
    remove = _url("member_access_need_delete", partnership, pk=graham.pk, need_pk=need.pk)
    assert alice_client.get(remove).status_code == 200
    alice_client.post(remove)
    assert not AccessNeed.objects.filter(person=graham.person).exists()


def test_records_are_written_only_for_offline_partners_by_coordinators(
    alice_client, dana_client, partnership, bob, graham
):
    bob_member = Membership.objects.get(person=bob)
    # Bob writes his own needs: nobody writes them for him.
    url = _url("member_access_need_add", partnership, pk=bob_member.pk)
    assert alice_client.post(url, {"code": "large_print", "recorded_how": "phone"}).status_code == 404
    assert alice_client.get(_url("member_communication", partnership, pk=bob_member.pk)).status_code == 404
    # A chair sees needs but does not write them.
    url = _url("member_access_need_add", partnership, pk=graham.pk)
    assert dana_client.post(url, {"code": "large_print", "recorded_how": "phone"}).status_code == 403
    # Someone else's need, by its id, is a page that does not exist.
    other = AccessNeed.objects.create(person=bob, code="large_print")
    theirs = _url("member_access_need_edit", partnership, pk=graham.pk, need_pk=other.pk)
    assert alice_client.get(theirs).status_code == 404
    other.delete()
    assert not AccessNeed.objects.exists()


def test_coordinator_changes_how_they_hear_from_us(alice_client, partnership, alice, graham):
    url = _url("member_communication", partnership, pk=graham.pk)
    page = alice_client.get(url).content.decode()
    assert 'value="email"' not in page  # email is no way to reach them
    response = alice_client.post(
        url,
        {
            "channels": ["text"],
            "phone": "07700 900123",
            "paper_format": "easy_read",
            "frequency": "packs_only",
            "recorded_how": "support_person",
            "support_person_name": "Jean",
        },
    )
    assert response.status_code == 302, response.content.decode()
    pref = CommunicationPreference.objects.get(person=graham.person)
    assert pref.channels == ["text"] and pref.paper_format == "easy_read"
    assert pref.recorded_how == "support_person"
    graham.person.refresh_from_db()
    assert graham.person.phone == "07700 900123"
    page = alice_client.get(_url("member_detail", partnership, pk=graham.pk)).content.decode()
    assert "told through their support person" in page


def test_their_pack_goes_by_post_and_nothing_is_emailed_to_them(
    alice_client, partnership, alice, bob, graham
):
    AccessNeed.objects.create(person=graham.person, code="bsl_interpreter")
    meeting = make_meeting(partnership, days_ahead=1, created_by=alice)

    plan = {p.person.pk: p for p in pack_plans(meeting)}[graham.person.pk]
    assert plan.routes == ["post"] and plan.variant == "large_print"
    assert plan.postal_address.startswith("4 Mill Lane")

    # Their need counts in the access plan like anyone's.
    row = next(
        r
        for r in access_plan(meeting, Membership.objects.get(person=alice)).rows
        if r.need.code == "bsl_interpreter"
    )
    assert row.count == 1 and "Graham" in [p.name for p in row.people]

    mail.outbox.clear()
    reminders_send(now=timezone.now() + timedelta(minutes=1))
    recipients = {address for message in mail.outbox for address in message.to + message.cc}
    assert graham.person.email not in recipients
    assert not any(address.endswith(".invalid") for address in recipients)


def test_nothing_is_emailed_to_them_even_if_their_preferences_go(alice_client, partnership, alice, graham):
    """Without any contact preference (deleted, or never set) people are emailed by default; a partner who
    does not use email goes on the print and post list instead, for packs and for minutes."""
    from meetings.models import Attendance
    from meetings.services.minutes import minutes_send
    from partners.models import CommunicationPreference
    from tests.factories import make_minutes

    CommunicationPreference.objects.filter(person=graham.person).delete()
    meeting = make_meeting(partnership, days_ahead=1, created_by=alice)
    plan = {p.person.pk: p for p in pack_plans(meeting)}[graham.person.pk]
    assert plan.routes == ["post"]

    past = make_meeting(partnership, days_ahead=-3, created_by=alice)
    Attendance.objects.filter(meeting=past, person=graham.person).update(present=True)
    minutes = make_minutes(past, by=alice)
    mail.outbox.clear()
    minutes_send(minutes=minutes, by=alice, minutes_url="http://testserver/")
    recipients = {address for message in mail.outbox for address in message.to + message.cc}
    assert not any(address.endswith(".invalid") for address in recipients)
