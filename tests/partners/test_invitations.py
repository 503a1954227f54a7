from datetime import timedelta

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partners.models import Invitation, Membership, Partnership, Role, User
from tests.factories import make_group, make_user


def _new(slug):
    return reverse("partners:invitation_new", kwargs={"slug": slug})


def test_coordinator_invites_and_the_person_sets_up_an_account(alice_client, partnership, client):
    group = make_group(partnership, "Riverside Council")
    response = alice_client.post(
        _new(partnership.slug),
        {
            "email": "New.Person@Example.org",
            "role": Role.MEMBER,
            "group": group.pk,
            "message": "Hope you can join!",
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "new.person@example.org"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["new.person@example.org"]
    assert email.subject == "You are invited to join Working Together"
    link = f"http://testserver{invitation.get_accept_url()}"
    assert link in email.body
    html = email.alternatives[0][0]
    assert link in html and "Hope you can join!" in html and "Hope you can join!" in email.body

    page = client.get(invitation.get_accept_url())
    assert "Set up your account" in page.content.decode()
    response = client.post(
        invitation.get_accept_url(),
        {"full_name": "New Person", "known_as": "Newbie", "password": "a-long-enough-passphrase"},
    )
    assert response.status_code == 302
    person = User.objects.get(email="new.person@example.org")
    membership = Membership.objects.get(person=person)
    assert (membership.partnership, membership.role, membership.group) == (partnership, Role.MEMBER, group)
    # Signed in straight away, and the invitation cannot be used again.
    assert client.get(reverse("workspace", kwargs={"slug": partnership.slug})).status_code == 200
    assert client.get(invitation.get_accept_url()).status_code == 410


def test_account_form_errors_keep_what_was_typed(client, partnership, alice):
    invitation = Invitation.objects.create(partnership=partnership, email="kim@example.org", invited_by=alice)
    response = client.post(
        invitation.get_accept_url(), {"full_name": "", "known_as": "Kim", "password": "short"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert '<a href="#id_full_name">Enter your full name.</a>' in body
    assert 'value="Kim"' in body
    assert not User.objects.filter(email="kim@example.org").exists()


def test_someone_with_an_account_signs_in_then_joins(client, partnership, alice, charlie):
    invitation = Invitation.objects.create(
        partnership=partnership, email=charlie.email, role=Role.CHAIR, invited_by=alice
    )
    page = client.get(invitation.get_accept_url())
    assert "You already have an account" in page.content.decode()
    client.force_login(charlie)
    assert client.get(invitation.get_accept_url()).status_code == 200
    client.post(invitation.get_accept_url())
    assert Membership.objects.get(partnership=partnership, person=charlie).role == Role.CHAIR
    # One person, several partnerships.
    assert charlie.memberships.count() == 2


def test_invitation_for_another_address_cannot_be_taken(bob_client, partnership, alice):
    invitation = Invitation.objects.create(partnership=partnership, email="kim@example.org", invited_by=alice)
    response = bob_client.post(invitation.get_accept_url())
    assert response.status_code == 403
    assert "sent to a different email address" in response.content.decode()
    assert Invitation.objects.get().accepted_at is None


def test_inviting_a_current_member_gets_a_plain_message(alice_client, partnership, bob):
    response = alice_client.post(_new(partnership.slug), {"email": "BOB@example.org", "role": Role.MEMBER})
    assert response.status_code == 200
    assert "This person is already in the partnership." in response.content.decode()
    assert 'value="BOB@example.org"' in response.content.decode()
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_inviting_twice_points_to_send_again(alice_client, partnership, alice):
    Invitation.objects.create(partnership=partnership, email="kim@example.org", invited_by=alice)
    response = alice_client.post(_new(partnership.slug), {"email": "kim@example.org", "role": Role.MEMBER})
    assert "already has an invitation waiting" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_bad_invitation_form_shows_every_error(alice_client, partnership):
    response = alice_client.post(_new(partnership.slug), {"email": "not-an-email", "role": "emperor"})
    body = response.content.decode()
    assert "Enter an email address in the right format" in body
    assert "Select a valid choice" in body
    assert body.count("govuk-error-summary__list") == 1


def test_expired_and_revoked_links_say_why(client, partnership, alice):
    expired = Invitation.objects.create(
        partnership=partnership, email="a@example.org", expires_at=timezone.now() - timedelta(minutes=1)
    )
    revoked = Invitation.objects.create(
        partnership=partnership, email="b@example.org", revoked_at=timezone.now()
    )
    assert "has expired" in client.get(expired.get_accept_url()).content.decode()
    assert "was withdrawn" in client.get(revoked.get_accept_url()).content.decode()
    assert (
        client.post(expired.get_accept_url(), {"full_name": "A", "password": "a-long-passphrase"}).status_code
        == 410
    )
    assert not User.objects.filter(email="a@example.org").exists()
    assert client.get("/invitations/not-a-real-token/").status_code == 404


def test_resend_gives_a_fresh_expiry_and_sends_again(alice_client, partnership, alice):
    invitation = Invitation.objects.create(
        partnership=partnership, email="kim@example.org", expires_at=timezone.now() - timedelta(days=1)
    )
    alice_client.post(
        reverse("partners:invitation_resend", kwargs={"slug": partnership.slug, "pk": invitation.pk})
    )
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert len(mail.outbox) == 1


def test_revoke_stops_the_link(alice_client, client, partnership):
    invitation = Invitation.objects.create(partnership=partnership, email="kim@example.org")
    response = alice_client.post(
        reverse("partners:invitation_revoke", kwargs={"slug": partnership.slug, "pk": invitation.pk}),
        follow=True,
    )
    assert "is withdrawn" in response.content.decode()
    assert client.get(invitation.get_accept_url()).status_code == 410
    # Withdrawing twice is a message, not an error page.
    again = alice_client.post(
        reverse("partners:invitation_revoke", kwargs={"slug": partnership.slug, "pk": invitation.pk}),
        follow=True,
    )
    assert "Only a waiting invitation can be withdrawn." in again.content.decode()


def test_invitation_list_is_for_coordinators(alice_client, bob_client, partnership, alice):
    Invitation.objects.create(partnership=partnership, email="kim@example.org", invited_by=alice)
    url = reverse("partners:invitation_list", kwargs={"slug": partnership.slug})
    assert "kim@example.org" in alice_client.get(url).content.decode()
    assert bob_client.get(url).status_code == 403


def test_support_person_is_copied_in(alice_client, partnership):
    from partners.models import CommunicationPreference

    person = make_user("kim@example.org")
    CommunicationPreference.objects.create(person=person, support_person_email="helper@example.org")
    alice_client.post(_new(partnership.slug), {"email": "kim@example.org", "role": Role.MEMBER})
    assert mail.outbox[0].cc == ["helper@example.org"]


def test_dates_show_in_the_partnerships_time_zone(alice_client, partnership, alice):
    from datetime import UTC, datetime

    Partnership.objects.filter(pk=partnership.pk).update(time_zone="America/New_York")
    invitation = Invitation.objects.create(partnership=partnership, email="kim@example.org", invited_by=alice)
    Invitation.objects.filter(pk=invitation.pk).update(created_at=datetime(2026, 1, 1, 3, 0, tzinfo=UTC))
    body = alice_client.get(
        reverse("partners:invitation_list", kwargs={"slug": partnership.slug})
    ).content.decode()
    # 3am on New Year's Day in London is still 31 December in New York.
    assert "Sent 31 December 2025" in body


def test_an_unverified_address_on_someone_elses_account_does_not_capture_an_invitation(
    client, charlie, partnership, alice
):
    from allauth.account.models import EmailAddress

    # Charlie adds the victim's address to his own account but cannot verify it.
    EmailAddress.objects.create(user=charlie, email="victim@example.org", verified=False, primary=False)
    invitation = Invitation.objects.create(
        partnership=partnership, email="victim@example.org", invited_by=alice
    )
    page = client.get(invitation.get_accept_url()).content.decode()
    assert "Set up your account" in page  # not "you already have an account: sign in"
    # Nor do a password reset or a sign-in code for that address reach Charlie's account.
    client.post(reverse("account_reset_password"), {"email": "victim@example.org"})
    client.post(reverse("account_request_login_code"), {"email": "victim@example.org"})
    assert all("charlie" not in m.body.lower() for m in mail.outbox)
    assert not [m for m in mail.outbox if "/password/reset/key/" in m.body]


def test_an_old_invitation_never_changes_a_current_members_role(partnership, alice, bob, bob_client):
    invitation = Invitation.objects.create(partnership=partnership, email=bob.email, role=Role.OBSERVER)
    bob_client.post(invitation.get_accept_url())
    assert Membership.objects.get(person=bob).role == Role.MEMBER


def test_resending_to_someone_already_in_is_refused(alice_client, partnership, bob):
    invitation = Invitation.objects.create(
        partnership=partnership, email=bob.email, expires_at=timezone.now() - timedelta(days=1)
    )
    url = reverse("partners:invitation_resend", kwargs={"slug": partnership.slug, "pk": invitation.pk})
    body = alice_client.post(url, follow=True).content.decode()
    assert "is already in the partnership" in body
    assert not mail.outbox


def test_an_account_without_an_email_record_signs_in_to_join(client, partnership, alice):
    User.objects.create_user(email="admin@example.org", password="x" * 12, full_name="Made in the admin")
    invitation = Invitation.objects.create(
        partnership=partnership, email="admin@example.org", invited_by=alice
    )
    response = client.get(invitation.get_accept_url())
    assert response.status_code == 200
    assert "You already have an account" in response.content.decode()


def test_a_double_submit_of_the_account_form_is_not_an_error(client, partnership, alice):
    invitation = Invitation.objects.create(partnership=partnership, email="kim@example.org", invited_by=alice)
    data = {"full_name": "Kim", "password": "a-long-enough-passphrase"}
    first = client.post(invitation.get_accept_url(), data)
    assert first.status_code == 302
    second = Client().post(invitation.get_accept_url(), data)
    assert second.status_code == 410
    assert "already been used" in second.content.decode()
    assert User.objects.filter(email="kim@example.org").count() == 1


def test_joining_twice_from_two_tabs_is_not_an_error(partnership, alice, charlie):
    invitation = Invitation.objects.create(partnership=partnership, email=charlie.email, invited_by=alice)
    tab_one, tab_two = Client(), Client()
    tab_one.force_login(charlie)
    tab_two.force_login(charlie)
    tab_one.get(invitation.get_accept_url())
    tab_two.get(invitation.get_accept_url())
    assert tab_one.post(invitation.get_accept_url()).status_code == 302
    assert tab_two.post(invitation.get_accept_url()).status_code == 410


def test_a_partnership_name_with_a_line_break_still_sends_invitations(alice_client, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(name="Working\nTogether")
    response = alice_client.post(_new(partnership.slug), {"email": "kim@example.org", "role": Role.MEMBER})
    assert response.status_code == 302
    assert mail.outbox[0].subject == "You are invited to join Working Together"


def test_account_form_offers_the_address_to_password_managers(client, partnership, alice):
    invitation = Invitation.objects.create(partnership=partnership, email="kim@example.org", invited_by=alice)
    body = client.get(invitation.get_accept_url()).content.decode()
    assert 'autocomplete="username"' in body and 'value="kim@example.org"' in body
    failed = client.post(invitation.get_accept_url(), {"full_name": "", "password": "a-secret-passphrase"})
    assert "a-secret-passphrase" not in failed.content.decode()
