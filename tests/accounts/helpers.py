"""Small checks on allauth pages, shared by the account tests."""

import re

from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD


def our_page(response) -> str:
    """The page's HTML, after checking it is drawn in our base layout with exactly one h1."""
    body = response.content.decode()
    assert '<html lang="en-GB"' in body
    assert '<a href="#main-content" class="govuk-skip-link"' in body
    assert len(re.findall(r"<h1[\s>]", body)) == 1, "a page has exactly one h1"
    return body


def page_title(body: str) -> str:
    match = re.search(r"<title>(.*?)</title>", body, re.DOTALL)
    assert match, "the page has a <title>"
    return " ".join(match.group(1).split())


def error_summary(body: str) -> list[tuple[str, str]]:
    """The (link target, message) pairs of the page's GOV.UK error summary; it must sit above the h1."""
    start = body.index('class="govuk-error-summary"')
    assert start < body.index("<h1"), "the error summary comes before the h1, at the top of the page"
    block = body[start : body.index("</ul>", start)]
    assert 'role="alert"' in block
    return [
        (href, " ".join(text.split())) for href, text in re.findall(r'<a href="([^"]*)">(.*?)</a>', block)
    ]


def sign_in(client: Client, email: str, password: str = PASSWORD):
    """Signs in through the sign-in form, as a person does (which also counts as a fresh authentication)."""
    return client.post(reverse("account_login"), {"login": email, "password": password})


def confirm_password(client: Client, password: str = PASSWORD) -> None:
    """Confirms it is the person (allauth's reauthentication), as pages that change sign-in settings ask."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302
