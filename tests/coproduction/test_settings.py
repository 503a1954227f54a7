import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from coproduction.settings import BASE_DIR, env_bool, env_int, env_list

PROJECT = str(BASE_DIR)


def test_typed_helpers_reject_bad_values(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG must be true or false"):
        env_bool("X_FLAG", False)
    monkeypatch.setenv("X_NUMBER", "seven")
    with pytest.raises(ImproperlyConfigured, match="X_NUMBER must be a whole number"):
        env_int("X_NUMBER", 1)
    monkeypatch.setenv("X_FLAG", "Off")
    assert env_bool("X_FLAG", True) is False
    monkeypatch.setenv("X_LIST", "a.org, b.org,")
    assert env_list("X_LIST", []) == ["a.org", "b.org"]


def _environment(**overrides) -> dict:
    # A clean production-like environment: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for themselves.
    base = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY"}}
    return {**base, **overrides}


def _run_check(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=_environment(**env),
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )


def test_production_settings_pass_the_deploy_check():
    result = _run_check(
        {
            "DEBUG": "false",
            "SECRET_KEY": "x" * 20 + "-a-long-random-production-key-0987654321",
            "ALLOWED_HOSTS": "a.org",
            "CACHE_URL": "redis://127.0.0.1:6379/1",
        }
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {"DEBUG": "false", "ALLOWED_HOSTS": "a.org"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=_environment(**env),
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def _setting(expression: str, **env) -> str:
    """A setting's value as production would have it, read in a fresh process."""
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(  # noqa: S603 (our own code, our own interpreter)
        [sys.executable, "-c", code],
        env=_environment(DJANGO_SETTINGS_MODULE="coproduction.settings", **env),
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "a.org"}


def test_production_keeps_database_connections_and_reads_sessions_from_the_shared_cache():
    # A new PostgreSQL connection per request costs milliseconds a page; the session read is a query a page.
    assert _setting("settings.DATABASES['default']['CONN_MAX_AGE']", **PRODUCTION) == "60"
    assert _setting("settings.DATABASES['default']['CONN_MAX_AGE']", DEBUG="true") == "0"
    shared = {**PRODUCTION, "CACHE_URL": "redis://127.0.0.1:6379/1"}
    assert _setting("settings.SESSION_ENGINE", **shared) == "django.contrib.sessions.backends.cached_db"
    # Without a shared cache a session ended in one worker would live on in another's memory.
    assert _setting("settings.SESSION_ENGINE", **PRODUCTION) == "django.contrib.sessions.backends.db"


def test_production_reads_each_template_from_disk_once():
    # Django keeps compiled templates when no loaders are named; naming loaders without the cached one would
    # parse every template again on every request.
    loaders = _setting(
        "__import__('django.template').template.engines['django'].engine.loaders", **PRODUCTION
    )
    assert loaders.startswith("[('django.template.loaders.cached.Loader'"), loaders
