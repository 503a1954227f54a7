import html
import re
from datetime import UTC, datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags

from tests.accounts.helpers import our_page, page_title

EMAILS = [
    "account/email/login_code",
    "account/email/password_reset_key",
    "account/email/password_reset_code",
    "account/email/email_confirmation",
    "account/email/email_confirmation_signup",
    "account/email/account_already_exists",
    "account/email/unknown_account",
    "account/email/email_changed",
    "account/email/email_confirm",
    "account/email/email_deleted",
    "account/email/password_changed",
    "account/email/password_reset",
    "account/email/password_set",
    "mfa/email/totp_activated",
    "mfa/email/totp_deactivated",
    "mfa/email/recovery_codes_generated",
]

CONTEXT = {
    "code": "ABCD-EFGH",
    "email": "o'brien@example.org",
    "password_reset_url": "http://testserver/accounts/password/reset/key/1-abc/",
    "activate_url": "http://testserver/accounts/confirm-email/abc/",
    "signup_url": "http://testserver/accounts/signup/",
    "from_email": "old@example.org",
    "to_email": "new@example.org",
    "deleted_email": "gone@example.org",
    "timestamp": datetime(2025, 3, 4, 14, 5, tzinfo=UTC),
    "ip": "192.0.2.1",
    "user_agent": "Firefox",
}


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("prefix", EMAILS)
def test_html_email_has_the_same_words_as_the_text_email(prefix):
    subject = render_to_string(f"{prefix}_subject.txt", CONTEXT).strip()
    text = render_to_string(f"{prefix}_message.txt", CONTEXT)
    page = render_to_string(f"{prefix}_message.html", CONTEXT)

    assert subject and len(subject) <= 50 and "[" not in subject
    assert "&#x27;" not in subject + text, "plain text is not HTML-escaped"
    assert '<html lang="en-GB">' in page
    assert words(re.search(r"<title>(.*?)</title>", page, re.DOTALL).group(1)) == subject
    assert words(html.unescape(strip_tags(page.split("<body", 1)[1].split(">", 1)[1]))) == words(text)


def test_adding_an_email_address_sends_a_confirmation_link(alice, alice_client):
    response = alice_client.post(
        reverse("account_email"), {"action_add": "", "email": "alice.work@example.org"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.subject == "Confirm your email address"
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", email.body).group(1)
    assert f'href="http://testserver{link}"' in email.alternatives[0][0]

    body = our_page(alice_client.get(link))
    assert page_title(body) == "Confirm your email address – Co-production workspace"
    assert "<strong>alice.work@example.org</strong>" in body
    response = alice_client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="alice.work@example.org").verified
