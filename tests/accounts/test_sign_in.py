import re

from django.contrib.auth import get_user
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from partners.adapters import PLAIN_ACCOUNT_ERRORS
from tests.accounts.helpers import error_summary, our_page, page_title, sign_in


def test_sign_in_with_password_lands_on_home(alice):
    client = Client()
    page = our_page(client.get(reverse("account_login")))
    assert page_title(page) == "Sign in – Co-production workspace"
    assert 'autocomplete="email"' in page
    assert 'autocomplete="current-password"' in page

    response = sign_in(client, "alice@example.org")

    assert response.status_code == 302
    assert response.url == "/"
    assert get_user(client) == alice
    assert client.get("/").status_code == 200


def test_wrong_password_shows_the_error_summary_and_keeps_the_email(alice):
    client = Client()
    response = sign_in(client, "alice@example.org", "not-my-password")

    assert response.status_code == 200
    assert not get_user(client).is_authenticated
    body = our_page(response)
    assert page_title(body) == "Error: Sign in – Co-production workspace"
    assert error_summary(body) == [("#id_login", PLAIN_ACCOUNT_ERRORS["email_password_mismatch"])]
    # The message also shows at the field the summary links to, tied to it for screen readers.
    assert 'id="id_login-error" class="govuk-error-message"' in body
    assert re.search(
        r'<input class="govuk-input govuk-input--error" id="id_login" [^>]*aria-describedby="id_login-error"',
        body,
    )
    assert 'value="alice@example.org"' in body
    assert 'value="not-my-password"' not in body


def test_empty_sign_in_links_each_error_to_its_field(db):
    body = our_page(Client().post(reverse("account_login"), {"login": "", "password": ""}))
    assert [href for href, _ in error_summary(body)] == ["#id_login", "#id_password"]
    assert (
        'class="govuk-input govuk-password-input__input govuk-js-password-input-input govuk-input--error"'
        in body
    )


def test_sign_in_page_offers_a_code_by_email(db):
    body = our_page(Client().get(reverse("account_login")))
    code_url = reverse("account_request_login_code")
    assert f'<a class="govuk-link" href="{code_url}">Email me a sign-in code instead</a>' in body
    assert "invitation" in body


def test_sign_in_by_emailed_code(alice):
    client = Client()
    response = client.post(reverse("account_request_login_code"), {"email": "alice@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("account_confirm_login_code")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["alice@example.org"]
    assert email.subject == "Your sign-in code"
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", email.body, re.MULTILINE).group(1)
    (html, mimetype) = email.alternatives[0]
    assert mimetype == "text/html"
    assert f">{code}</p>" in html
    assert '<html lang="en-GB">' in html

    page = our_page(client.get(response.url))
    assert page_title(page) == "Enter your sign-in code – Co-production workspace"
    assert "<strong>alice@example.org</strong>" in page
    assert 'autocomplete="one-time-code"' in page

    wrong = client.post(reverse("account_confirm_login_code"), {"code": "AAAA-AAAA"})
    assert error_summary(our_page(wrong)) == [("#id_code", "That code is not right. Check it and try again.")]
    assert not get_user(client).is_authenticated

    response = client.post(reverse("account_confirm_login_code"), {"code": code.lower()})
    assert response.status_code == 302
    assert response.url == "/"
    assert get_user(client) == alice


def test_code_for_an_unknown_address_sends_a_no_account_email(db):
    client = Client()
    response = client.post(reverse("account_request_login_code"), {"email": "nobody@example.org"})
    # The page cannot tell whether there is an account: that would tell strangers who is a member.
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.subject == "We could not find your account"
    assert "invitation from a coordinator" in email.body
    assert "invitation from a coordinator" in email.alternatives[0][0]
    assert "/accounts/signup/" not in email.body


def test_signup_is_closed_and_says_how_to_join(db):
    response = Client().get(reverse("account_signup"))
    assert response.status_code == 200
    body = our_page(response)
    assert page_title(body) == "Sign-up is closed – Co-production workspace"
    assert '<h1 class="govuk-heading-l">Sign-up is closed</h1>' in body
    assert "People join the workspace by invitation from a coordinator." in body
    assert "<form" not in body.split('id="main-content"')[1]


def test_too_many_failed_sign_ins_are_refused_then_answered_429(alice):
    cache.clear()
    client = Client()
    responses = [sign_in(client, "alice@example.org", "guess") for _ in range(40)]
    statuses = [response.status_code for response in responses]

    # After 5 wrong passwords for one address in 5 minutes, allauth stops checking passwords for it...
    assert "You have tried to sign in too many times" not in responses[4].content.decode()
    assert "You have tried to sign in too many times" in responses[5].content.decode()
    # ...and after 30 sign-in attempts in a minute from one place, the sign-in page answers 429.
    assert 429 in statuses
    first_429 = responses[statuses.index(429)]
    assert set(statuses[: statuses.index(429)]) == {200}
    body = our_page(first_429)
    assert page_title(body) == "Too many attempts – Co-production workspace"
    assert "You have tried to sign in too many times. Wait a few minutes and try again." in body
    # Even the right password is refused while the limit lasts.
    assert sign_in(client, "alice@example.org").status_code == 429
    assert not get_user(client).is_authenticated


def test_sign_out_asks_first(alice_client):
    body = our_page(alice_client.get(reverse("account_logout")))
    assert page_title(body) == "Sign out – Co-production workspace"
    response = alice_client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response.url == reverse("account_login")
    assert not get_user(alice_client).is_authenticated
