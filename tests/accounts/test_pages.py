"""Every allauth page a person can reach: drawn in our layout, with a unique title and one h1."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import confirm_password, error_summary, our_page, page_title, sign_in

ANONYMOUS_PAGES = [
    ("account_login", {}, "Sign in"),
    ("account_request_login_code", {}, "Email me a sign-in code"),
    ("account_signup", {}, "Sign-up is closed"),
    ("account_reset_password", {}, "Reset your password"),
    ("account_reset_password_done", {}, "Check your email for a link to reset your password"),
    (
        "account_reset_password_from_key",
        {"uidb36": "1", "key": "not-a-key"},
        "This password reset link does not work",
    ),
    ("account_reset_password_from_key_done", {}, "Your password has been changed"),
    ("account_inactive", {}, "Your account is switched off"),
    ("account_email_verification_sent", {}, "Check your email to confirm your address"),
    ("account_confirm_email", {"key": "not-a-key"}, "This confirmation link does not work"),
]

SIGNED_IN_PAGES = [
    ("account_logout", "Sign out"),
    ("account_email", "Your email address"),
    ("account_change_password", "Change your password"),
    ("account_reauthenticate", "Enter your password to carry on"),
    ("mfa_index", "Two-factor authentication"),
    ("mfa_activate_totp", "Set up an authenticator app"),
]


@pytest.mark.parametrize(("url_name", "kwargs", "title"), ANONYMOUS_PAGES)
def test_anonymous_pages_use_our_layout(db, url_name, kwargs, title):
    response = Client().get(reverse(url_name, kwargs=kwargs))
    assert response.status_code == 200
    assert page_title(our_page(response)) == f"{title} – Co-production workspace"


@pytest.mark.parametrize(("url_name", "title"), SIGNED_IN_PAGES)
def test_signed_in_pages_use_our_layout(alice, url_name, title):
    client = Client()
    sign_in(client, "alice@example.org")
    confirm_password(client)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert page_title(our_page(response)) == f"{title} – Co-production workspace"


def test_every_page_title_is_different():
    titles = [title for _, _, title in ANONYMOUS_PAGES] + [title for _, title in SIGNED_IN_PAGES]
    assert len(set(titles)) == len(titles)


@pytest.mark.parametrize(
    "url_name", ["account_confirm_login_code", "mfa_authenticate", "account_email", "mfa_index"]
)
def test_pages_that_need_a_sign_in_in_progress_send_strangers_to_sign_in(db, url_name):
    response = Client().get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_signed_in_person_is_not_shown_the_sign_in_form_again(alice_client):
    response = alice_client.get(reverse("account_login"))
    assert response.status_code == 302
    assert response.url == "/"


def test_reset_page_says_who_is_signed_in(alice_client):
    body = our_page(alice_client.get(reverse("account_reset_password")))
    assert "You are already signed in as" in body


def test_changing_settings_that_protect_the_account_asks_for_the_password_again(alice_client):
    # A session that did not just sign in (here: made by the test) must confirm it is the person.
    response = alice_client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    body = our_page(alice_client.get(response.url))
    assert 'autocomplete="current-password"' in body

    response = alice_client.post(response.url, {"password": "wrong"})
    assert response.status_code == 200
    assert "#id_password" in our_page(response)


def test_manage_pages_link_to_each_other(alice_client):
    body = our_page(alice_client.get(reverse("account_email")))
    assert 'aria-current="page">Email addresses</a>' in body
    assert f'href="{reverse("mfa_index")}"' in body
    assert f'href="{reverse("account_change_password")}"' in body


def test_email_page_shows_one_address_and_a_change_form(alice_client):
    # A person holds one address at a time and changes it by confirming the new one (ACCOUNT_CHANGE_EMAIL).
    body = our_page(alice_client.get(reverse("account_email")))
    assert "alice@example.org" in body
    assert "Change my email address" in body


def test_changing_email_keeps_the_old_address_until_the_new_one_is_confirmed(alice_client, alice):
    from allauth.account.models import EmailAddress
    from django.core import mail

    alice_client.post(reverse("account_email"), {"action_add": "", "email": "alice.new@example.org"})
    alice.refresh_from_db()
    assert alice.email == "alice@example.org"
    assert not EmailAddress.objects.get(email="alice.new@example.org").verified
    assert mail.outbox[-1].to == ["alice.new@example.org"]


def test_adding_a_bad_email_address_shows_the_error_summary(alice_client):
    response = alice_client.post(reverse("account_email"), {"action_add": "", "email": "not-an-address"})
    assert response.status_code == 200
    body = our_page(response)
    assert [href for href, _ in error_summary(body)] == ["#id_email"]
    assert 'value="not-an-address"' in body


def test_change_password_failure_links_to_the_current_password(alice_client):
    response = alice_client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": "a-brand-new-secret", "password2": "a-brand-new-secret"},
    )
    body = our_page(response)
    assert 'href="#id_oldpassword"' in body
    assert page_title(body) == "Error: Change your password – Co-production workspace"
