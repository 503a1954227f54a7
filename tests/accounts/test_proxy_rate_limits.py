"""Behind the load balancer, sign-in rate limits count each person's own address, so a flood of bad
passwords from one place locks out that place only, and a client cannot dodge the count by forging
X-Forwarded-For.

Every request reaches the app from the balancer (REMOTE_ADDR); the balancer appends the address it saw to
X-Forwarded-For, after anything the client sent itself."""

import runpy

import pytest
from django.contrib.auth import get_user
from django.test import Client

from coproduction.settings import BASE_DIR
from tests.accounts.helpers import sign_in

BALANCER = "10.0.0.2"
ATTACKER = "203.0.113.7"
NEIGHBOUR = "198.51.100.20"


def _trusted_proxy_count(monkeypatch, **env) -> int:
    """allauth's trusted proxy count as the settings module sets it from these environment variables."""
    monkeypatch.delenv("PROXY_COUNT", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(BASE_DIR / "coproduction" / "settings.py"))["ALLAUTH_TRUSTED_PROXY_COUNT"]


@pytest.fixture
def behind_one_balancer(settings, monkeypatch):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = _trusted_proxy_count(monkeypatch, BEHIND_PROXY="true")


def _from(client_address: str, forwarded_by_client: str | None = None) -> Client:
    """A browser at client_address, reaching us through the balancer (which appends what it saw)."""
    chain = f"{forwarded_by_client}, {client_address}" if forwarded_by_client else client_address
    return Client(REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=chain)


def _flood(client: Client, attempts: int = 31) -> list[int]:
    # Different made-up addresses, so only the per-place limits are at work (not the per-account one).
    return [sign_in(client, f"guess{n}@example.org", "wrong-password").status_code for n in range(attempts)]


def test_proxy_settings_follow_behind_proxy_and_proxy_count(monkeypatch):
    assert _trusted_proxy_count(monkeypatch, BEHIND_PROXY="false") == 0
    assert _trusted_proxy_count(monkeypatch, BEHIND_PROXY="true") == 1
    assert _trusted_proxy_count(monkeypatch, BEHIND_PROXY="true", PROXY_COUNT="2") == 2


def test_a_flood_from_one_address_locks_out_that_address_only(behind_one_balancer, alice, bob):
    attacker = _from(ATTACKER)
    statuses = _flood(attacker)
    assert statuses[-1] == 429
    # Even a right password is refused from there while the limit lasts.
    assert sign_in(attacker, "alice@example.org").status_code == 429
    assert not get_user(attacker).is_authenticated

    # Someone else, through the same balancer, signs in as usual.
    neighbour = _from(NEIGHBOUR)
    assert sign_in(neighbour, "bob@example.org").status_code == 302
    assert get_user(neighbour) == bob


def test_ten_failures_from_one_address_stop_password_checks_there_only(behind_one_balancer, alice, bob):
    attacker = _from(ATTACKER)
    assert set(_flood(attacker, attempts=10)) == {200}
    refused = sign_in(attacker, "alice@example.org")
    assert "You have tried to sign in too many times" in refused.content.decode()
    assert not get_user(attacker).is_authenticated

    neighbour = _from(NEIGHBOUR)
    assert sign_in(neighbour, "alice@example.org").status_code == 302
    assert get_user(neighbour) == alice


def test_a_forged_forwarded_address_does_not_dodge_the_limit(behind_one_balancer, alice):
    _flood(_from(ATTACKER))
    # The attacker sends its own X-Forwarded-For; the balancer still appends the real address last.
    for forged in (NEIGHBOUR, "127.0.0.1", "not-an-address"):
        disguised = _from(ATTACKER, forwarded_by_client=forged)
        assert sign_in(disguised, "alice@example.org").status_code == 429, forged
        assert not get_user(disguised).is_authenticated


def test_two_proxies_count_the_address_the_first_one_saw(settings, monkeypatch, alice, bob):
    # Load balancer, then a reverse proxy on the app server: "client, balancer" arrives from the proxy.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = _trusted_proxy_count(
        monkeypatch, BEHIND_PROXY="true", PROXY_COUNT="2"
    )

    def through_both(client_address: str) -> Client:
        return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{client_address}, {BALANCER}")

    assert _flood(through_both(ATTACKER))[-1] == 429
    neighbour = through_both(NEIGHBOUR)
    assert sign_in(neighbour, "bob@example.org").status_code == 302
    assert get_user(neighbour) == bob


def test_bad_passwords_for_a_partners_address_do_not_lock_the_partner_out(behind_one_balancer, alice):
    attacker = _from(ATTACKER)
    statuses = [sign_in(attacker, "alice@example.org", "wrong-password").status_code for _ in range(12)]
    assert (
        "You have tried to sign in too many times" in sign_in(attacker, "alice@example.org").content.decode()
    )
    assert statuses[0] == 200

    # Alice, at her own desk, signs in as usual.
    alice_at_home = _from(NEIGHBOUR)
    assert sign_in(alice_at_home, "alice@example.org").status_code == 302
    assert get_user(alice_at_home) == alice
