"""Production safety: HSTS as the domain owner chooses, a shared cache or no start, the Django admin off (or
behind our own sign-in), and odd addresses answered with 404 rather than an error."""

import importlib
import os
import runpy
import subprocess
import sys

import pytest
from django.contrib.auth import get_user
from django.test import Client
from django.urls import clear_url_caches, reverse

from coproduction.checks import shared_cache
from coproduction.settings import BASE_DIR
from tests.accounts.helpers import sign_in
from tests.factories import make_meeting, make_user

SETTINGS_FILE = str(BASE_DIR / "coproduction" / "settings.py")
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "-a-long-random-production-key-0987654321",
    "ALLOWED_HOSTS": "workspace.example.org",
}


def _settings_with(monkeypatch, **env) -> dict:
    """The settings module's values under these environment variables, read afresh (the running settings are
    untouched)."""
    for name in ("SECURE_HSTS_PRELOAD", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_SECONDS", "CACHE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(SETTINGS_FILE)


# ---------------------------------------------------------------- HSTS


def test_hsts_is_on_in_production_without_preload_or_subdomains(monkeypatch):
    values = _settings_with(monkeypatch, **PRODUCTION)
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SECURE_HSTS_PRELOAD"] is False
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False


def test_hsts_preload_and_subdomains_are_the_owners_choice(monkeypatch):
    values = _settings_with(
        monkeypatch, **PRODUCTION, SECURE_HSTS_PRELOAD="true", SECURE_HSTS_INCLUDE_SUBDOMAINS="true"
    )
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True


def test_the_hsts_header_says_only_what_was_chosen(db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_PRELOAD = False
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = False
    response = Client().get(reverse("help"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000"

    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = Client().get(reverse("help"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


# ---------------------------------------------------------------- a shared cache, or no start


def _deploy_check(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**environment, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        cwd=str(BASE_DIR),
    )


def test_deploy_check_refuses_a_cache_inside_each_process():
    result = _deploy_check()
    assert result.returncode != 0
    assert "coproduction.E001" in result.stderr
    assert "CACHE_URL=redis://" in result.stderr
    assert "rate limits" in result.stderr


def test_deploy_check_is_clean_with_a_shared_cache():
    result = _deploy_check(CACHE_URL="redis://127.0.0.1:6379/1")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("backend", "refused"),
    [
        ("django.core.cache.backends.locmem.LocMemCache", True),
        ("django.core.cache.backends.dummy.DummyCache", True),
        ("django.core.cache.backends.redis.RedisCache", False),
        ("django.core.cache.backends.db.DatabaseCache", False),
    ],
)
def test_shared_cache_check_names_per_process_caches(settings, backend, refused):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "redis://127.0.0.1:6379/1"}}
    assert [error.id for error in shared_cache(None)] == (["coproduction.E001"] if refused else [])

    settings.DEBUG = True  # development runs on one process: the memory cache is fine there
    assert shared_cache(None) == []


# ---------------------------------------------------------------- the Django admin


def _reload_urls() -> None:
    import coproduction.urls

    importlib.reload(coproduction.urls)
    clear_url_caches()


@pytest.fixture
def admin_enabled(settings):
    settings.ADMIN_ENABLED = True
    _reload_urls()
    yield
    settings.ADMIN_ENABLED = False
    _reload_urls()


@pytest.fixture
def staff(db):
    return make_user("staff@example.org", full_name="Sam Staff", is_staff=True, is_superuser=True)


def test_admin_is_not_there_in_production(staff):
    # The tests run with DEBUG off, as production does, and ADMIN_ENABLED is not set.
    _reload_urls()
    client = Client()
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404
    client.force_login(staff)
    assert client.get("/admin/").status_code == 404


def test_admin_when_enabled_has_no_sign_in_form_of_its_own(admin_enabled, staff):
    client = Client()
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=%2Fadmin%2F"

    # Posting a password to the admin's own door signs nobody in: only the workspace's sign-in does.
    response = client.post(
        "/admin/login/", {"username": "staff@example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not get_user(client).is_authenticated

    assert sign_in(client, "staff@example.org").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_admin_when_enabled_is_only_for_staff(admin_enabled, alice_client):
    assert alice_client.get("/admin/login/").status_code == 403
    assert alice_client.get("/admin/").status_code == 302  # the admin's own "not staff" redirect to login
    assert alice_client.get("/admin/partners/user/").status_code == 302


# ---------------------------------------------------------------- odd addresses


@pytest.mark.parametrize(
    "address",
    [
        "/calendar/%00.ics",
        "/invitations/%00/",
        "/invitations/abc%01def/",
        "/p/%00/",
        "/profile/?page=%00",
        "/?x=%1b",
        "/help/?%00=1",
        "/p/working-together/meetings/?page=1%7f",
    ],
)
def test_control_characters_in_an_address_are_not_found(alice_client, partnership, address):
    response = alice_client.get(address)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Content-Security-Policy" in response


def test_control_characters_in_a_meeting_calendar_address_are_not_found(alice_client, partnership):
    meeting = make_meeting(partnership)
    url = reverse("meetings:meeting_ics", kwargs={"slug": partnership.slug, "pk": meeting.pk})
    assert alice_client.get(url).status_code == 200
    assert alice_client.get(url.replace("calendar.ics", "%00.ics")).status_code == 404
    assert alice_client.get(url + "?v=%00").status_code == 404
    # Tabs and line breaks are ordinary text in a query (a search box), so they are let through.
    assert alice_client.get(url + "?q=a%09b%0Ac").status_code == 200
