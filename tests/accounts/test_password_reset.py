import re

from django.contrib.auth import get_user
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import error_summary, our_page, page_title, sign_in


def test_password_reset_by_email_link(alice):
    client = Client()
    page = our_page(client.get(reverse("account_reset_password")))
    assert page_title(page) == "Reset your password – Co-production workspace"

    response = client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    assert "Check your email" in our_page(client.get(response.url))

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.subject == "Reset your password"
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", email.body).group(1)
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="http://testserver{link}"' in html
    assert "Your password will stay the same." in email.body
    assert "Your password will stay the same." in html

    # The emailed link moves the key into the session, then shows the form.
    response = client.get(link)
    assert response.status_code == 302
    form_url = response.url
    page = our_page(client.get(form_url))
    assert page_title(page) == "Choose a new password – Co-production workspace"
    assert page.count('autocomplete="new-password"') == 2

    mismatch = client.post(form_url, {"password1": "a-brand-new-secret", "password2": "a-different-one"})
    assert error_summary(our_page(mismatch)) == [
        ("#id_password2", "You must type the same password each time.")
    ]

    response = client.post(form_url, {"password1": "a-brand-new-secret", "password2": "a-brand-new-secret"})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_from_key_done")
    assert "Your password has been changed" in our_page(client.get(response.url))

    assert sign_in(Client(), "alice@example.org").status_code == 200  # the old password no longer works
    fresh = Client()
    assert sign_in(fresh, "alice@example.org", "a-brand-new-secret").status_code == 302
    assert get_user(fresh) == alice


def test_used_reset_link_says_it_does_not_work(alice):
    client = Client()
    client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    broken = link.replace("-", "-x", 1)
    body = our_page(client.get(broken))
    assert page_title(body) == "This password reset link does not work – Co-production workspace"
    assert reverse("account_reset_password") in body


def test_reset_for_an_unknown_address_looks_the_same_but_says_no_account(db):
    client = Client()
    response = client.post(reverse("account_reset_password"), {"email": "stranger@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    assert mail.outbox[0].subject == "We could not find your account"


def test_reset_with_no_email_shows_the_error_summary(db):
    body = our_page(Client().post(reverse("account_reset_password"), {"email": ""}))
    assert error_summary(body) == [("#id_email", "This field is required.")]
