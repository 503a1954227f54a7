"""Hostile input on every form: whatever a person (or an attacker) types, the app answers with a page, never a
500, and shows it back escaped.

Every page a coordinator can open (each route inside a partnership, and the profile pages) is fetched, every
POST form on it is read, and each form is sent once per payload: every text box filled with script markers,
100,000 characters, right-to-left overrides, NUL bytes, superscript and Arabic-Indic digits, or an impossible
date. Selects, radios and checkboxes get a real option so the hostile text reaches the fields behind them.
The Django test client raises the view's exception instead of answering 500, so a crash fails the test with
its traceback. New pages and forms join by themselves.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.test_tenant_walk import TENANT_URLS, _url, tenant_objects  # noqa: F401 (a fixture)

MARKER = "<script>hostile()</script>"
PAYLOADS = {
    "script markers": f'{MARKER}"><img src=x onerror=hostile()>',
    "100,000 characters": "Long words " * 9_091,
    "right-to-left override": "\u202egnp.exe\u202c and \u2066isolated\u2069",
    "NUL byte": "before\x00after",
    "odd digits": "²³ ١٢ ߁",
    "impossible date": "2026-02-30",
}
# Date fields (GOV.UK date inputs are three boxes) get an impossible date whatever the payload.
DATE_PARTS = {"day": "30", "month": "2", "year": "2026"}

# Forms that would end the test's own session or account rather than test input.
SKIP_ACTIONS = ("/accounts/logout/", "/profile/delete/")

PROFILE_URLS = [
    "profile_edit",
    "display_preferences",
    "communication",
    "access_need_add",
    "partnership_new",
]


class _Forms(HTMLParser):
    """The POST forms on a page: their action and fields (name → kind, options)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": {}, "multipart": "multipart" in str(a)}
            self.forms.append(self._form)
        if self._form is None or not a.get("name"):
            if tag == "option" and self._form is not None and self._select and a.get("value"):
                self._form["fields"][self._select][1].append(a["value"])
            return
        name = a["name"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            entry = self._form["fields"].setdefault(name, [kind, []])
            if kind in {"hidden", "checkbox", "radio", "submit"}:
                entry[1].append(a.get("value", "on"))
        elif tag == "textarea":
            self._form["fields"][name] = ["textarea", []]
        elif tag == "select":
            self._form["fields"][name] = ["select", []]
            self._select = name

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _data(fields: dict, payload: str) -> dict:
    data = {}
    for name, (kind, values) in fields.items():
        if kind in {"hidden", "submit"}:
            data[name] = values[0] if values else ""
        elif kind in {"checkbox", "radio", "select"}:
            if values:
                data[name] = values[0]
        elif kind == "file":
            continue
        elif name.rsplit("_", 1)[-1] in DATE_PARTS:
            data[name] = DATE_PARTS[name.rsplit("_", 1)[-1]]
        else:
            data[name] = payload
    return data


def _send_hostile_forms(client, url: str) -> list[str]:
    """Send every form on `url` once per payload; the pages it answered with."""
    response = client.get(url)
    if response.streaming or response.status_code != 200 or "text/html" not in response["Content-Type"]:
        return []
    parser = _Forms()
    parser.feed(response.content.decode())
    pages = []
    for form in parser.forms:
        action = form["action"] or url
        if any(skip in action for skip in SKIP_ACTIONS) or urlsplit(action).netloc:
            continue
        for payload in PAYLOADS.values():
            answer = client.post(action, _data(form["fields"], payload))
            assert answer.status_code < 500, (action, answer.status_code)
            if not answer.streaming and "text/html" in answer.get("Content-Type", ""):
                pages.append(answer.content.decode())
    return pages


def _assert_escaped(pages: list[str]) -> None:
    for page in pages:
        assert MARKER not in page
        assert "onerror=hostile()>" not in page


GET_PAGES = sorted(
    (name, route)
    for name, route in TENANT_URLS
    # Downloads and PDFs hold no forms; the walk reads HTML pages.
    if not route.endswith((".pdf", ".ics", ".json", "file/"))
)


@pytest.mark.parametrize(("name", "route"), GET_PAGES)
def test_every_partnership_form_survives_hostile_input(
    name,
    route,
    alice_client,
    bob,
    partnership,
    tenant_objects,  # noqa: F811 (the fixture)
):
    url = _url(name, route, partnership, tenant_objects)
    pages = _send_hostile_forms(alice_client, url)
    # What was stored comes back escaped wherever it shows.
    for shown in (url, reverse("workspace", kwargs={"slug": partnership.slug})):
        response = alice_client.get(shown)
        if response.status_code == 200 and not response.streaming:
            pages.append(response.content.decode())
    _assert_escaped(pages)


@pytest.mark.parametrize("name", PROFILE_URLS)
def test_every_profile_form_survives_hostile_input(name, alice_client, partnership):
    url = reverse(f"partners:{name}")
    pages = _send_hostile_forms(alice_client, url)
    pages.append(alice_client.get(reverse("partners:profile")).content.decode())
    _assert_escaped(pages)


def test_the_walk_sends_forms(alice_client, partnership, tenant_objects):  # noqa: F811 (the fixture)
    """The walk is not empty: the agenda item form is found and filled."""
    url = reverse("meetings:item_add", kwargs={"slug": partnership.slug, "pk": tenant_objects["meeting"].pk})
    parser = _Forms()
    parser.feed(alice_client.get(url).content.decode())
    fields = {name for form in parser.forms for name in form["fields"]}
    assert {"title", "duration_minutes", "csrfmiddlewaretoken"} <= fields
    assert _send_hostile_forms(alice_client, url)
