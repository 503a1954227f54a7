"""The security headers every page carries: the Content-Security-Policy (our own scripts and styles only,
nothing inline), the Permissions-Policy, and no-store for everything a signed-in person sees."""

import base64
import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse

from coproduction.middleware import inline_style_sources
from partners.models import Membership
from tests.factories import make_meeting, make_need, make_venue, make_venue_photo


def _policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


OUR_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def _assert_our_policy(response) -> None:
    policy = _policy(response)
    for directive, sources in OUR_POLICY.items():
        assert policy.get(directive) == sources, (directive, response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def _inline_code(body: str) -> list[str]:
    """Everything on the page that a policy without 'unsafe-inline' would block: <script> elements with code
    in them (JSON data blocks are not run, so they are allowed), <style> elements, style="" attributes and
    on…="" event handler attributes."""
    found = []
    for attributes, code in re.findall(r"<script\b([^>]*)>(.*?)</script>", body, re.DOTALL | re.IGNORECASE):
        if code.strip() and 'type="application/json"' not in attributes:
            found.append(f"<script>{code[:60]}")
    found += re.findall(r"<style\b[^>]*>", body, re.IGNORECASE)
    found += re.findall(r"\sstyle=\"[^\"]*\"", body, re.IGNORECASE)
    found += re.findall(r"\son[a-z]+=\"[^\"]*\"", body, re.IGNORECASE)
    return found


@pytest.fixture
def venue_with_photo(partnership, alice):
    venue = make_venue(partnership)
    make_venue_photo(venue, uploaded_by=alice)
    return venue


def test_every_kind_of_page_carries_our_policy_and_nothing_inline(
    alice_client, partnership, alice, bob, venue_with_photo
):
    meeting = make_meeting(partnership, venue=venue_with_photo)
    bob_membership = Membership.objects.get(partnership=partnership, person=bob)
    slug = partnership.slug
    pages = [
        reverse("home"),
        reverse("workspace", kwargs={"slug": slug}),
        reverse("partners:profile"),
        reverse("partners:member_detail", kwargs={"slug": slug, "pk": bob_membership.pk}),
        reverse("partners:access_needs", kwargs={"slug": slug}),
        reverse("partners:picture_list", kwargs={"slug": slug}),
        reverse("partners:glossary", kwargs={"slug": slug}),
        reverse("meetings:meeting_detail", kwargs={"slug": slug, "pk": meeting.pk}),
        reverse("meetings:access_plan", kwargs={"slug": slug, "pk": meeting.pk}),
        reverse("meetings:venue_detail", kwargs={"slug": slug, "pk": venue_with_photo.pk}),
        reverse("account_email"),
        reverse("mfa_index"),
    ]
    for url in pages:
        response = alice_client.get(url)
        assert response.status_code == 200, url
        _assert_our_policy(response)
        assert _inline_code(response.content.decode()) == [], url


def test_signed_out_and_error_pages_carry_the_policy_too(db, alice_client):
    client = Client()
    sign_in = client.get(reverse("account_login"))
    assert sign_in.status_code == 200
    _assert_our_policy(sign_in)
    assert _inline_code(sign_in.content.decode()) == []

    missing = alice_client.get("/p/no-such-partnership/")
    assert missing.status_code == 404
    _assert_our_policy(missing)
    assert _inline_code(missing.content.decode()) == []


def test_the_first_paint_script_is_a_file_of_our_own(db):
    # GOV.UK Frontend's body classes are set by a script file at the top of <body>, and its components are
    # started by a module file at the end: both from our own address, so the policy lets them run.
    body = Client().get(reverse("account_login")).content.decode()
    assert re.search(r'<body[^>]*>\s*<script src="/static/js/js-enabled\.js"></script>', body)
    assert '<script type="module" src="/static/js/init.js"></script>' in body


def test_document_web_page_allows_exactly_its_own_stylesheet(alice_client, partnership):
    meeting = make_meeting(partnership)
    url = reverse(
        "meetings:document_web",
        kwargs={"slug": partnership.slug, "pk": meeting.pk, "document": "agenda", "variant": "large_print"},
    )
    response = alice_client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    stylesheet = re.search(r"<style>(.*?)</style>", body, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(stylesheet.encode()).digest()).decode()

    policy = _policy(response)
    assert f"'sha256-{digest}'" in policy["style-src"]
    assert policy["style-src"][0] == "'self'"
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_inline_style_sources_hash_style_attributes_as_the_browser_reads_them():
    page = '<style>p { color: red; }</style><p style="margin-left: 3.5cm">x</p><i style="a:&quot;b&quot;">'
    sources = inline_style_sources(page)

    def source(css: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"

    assert sources == [
        source("p { color: red; }"),
        "'unsafe-hashes'",
        source("margin-left: 3.5cm"),
        source('a:"b"'),
    ]
    assert inline_style_sources("<p>No styles here</p>") == []


def test_permissions_policy_switches_off_what_we_never_use(db, alice_client):
    for response in (Client().get(reverse("account_login")), alice_client.get(reverse("partners:profile"))):
        features = dict(item.strip().split("=") for item in response["Permissions-Policy"].split(","))
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert features[feature] == "()", feature


# ---------------------------------------------------------------- nothing personal is kept by a browser


def test_pages_with_personal_data_are_never_stored(alice_client, partnership, alice, bob):
    make_need(bob, "bsl_interpreter", note="Only Sam, please")
    meeting = make_meeting(partnership)
    bob_membership = Membership.objects.get(partnership=partnership, person=bob)
    slug = partnership.slug
    for url in (
        reverse("partners:profile"),
        reverse("partners:member_detail", kwargs={"slug": slug, "pk": bob_membership.pk}),
        reverse("meetings:access_plan", kwargs={"slug": slug, "pk": meeting.pk}),
        reverse("partners:data_download"),
    ):
        response = alice_client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store", url


def test_documents_for_signed_in_people_are_never_stored_either(alice_client, partnership):
    # The document views say "private, no-cache" themselves; for a signed-in person that becomes no-store.
    meeting = make_meeting(partnership)
    url = reverse(
        "meetings:document_web",
        kwargs={"slug": partnership.slug, "pk": meeting.pk, "document": "agenda", "variant": "standard"},
    )
    response = alice_client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_static_files_keep_their_own_caching(settings, alice):
    # WhiteNoise answers before anyone is signed in, so our scripts and styles stay cacheable.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()
    client.force_login(alice)
    response = client.get("/static/js/init.js")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_signed_out_pages_are_not_forced_to_no_store(db):
    response = Client().get(reverse("help"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
