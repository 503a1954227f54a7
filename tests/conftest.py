"""The fixed cast, as in the house style.

alice coordinates the partnership "Working Together"; dana co-chairs it; bob is a partner member (he can
read, and propose, but not manage); charlie belongs only to another partnership and must get 404 everywhere
in alice's; an anonymous visitor is sent to sign in.
"""

import pytest
from django.test import Client

from partners.models import Role
from tests.factories import make_member, make_partnership, make_user


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs a quarter of a second a person; tests make dozens of people.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth's sign-in rate limits live in the cache; each test starts with none used.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def partnership(db):
    return make_partnership("Working Together", slug="working-together")


@pytest.fixture
def other_partnership(db):
    return make_partnership("Another Partnership", slug="another")


@pytest.fixture
def alice(partnership):
    person = make_user("alice@example.org", full_name="Alice Coordinator")
    make_member(partnership, person, role=Role.COORDINATOR)
    return person


@pytest.fixture
def dana(partnership):
    person = make_user("dana@example.org", full_name="Dana Chair")
    make_member(partnership, person, role=Role.CHAIR)
    return person


@pytest.fixture
def bob(partnership):
    person = make_user("bob@example.org", full_name="Bob Member")
    make_member(partnership, person, role=Role.MEMBER)
    return person


@pytest.fixture
def charlie(other_partnership):
    person = make_user("charlie@example.org", full_name="Charlie Outsider")
    make_member(other_partnership, person, role=Role.COORDINATOR)
    return person


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice):
    return _client_for(alice)


@pytest.fixture
def dana_client(dana):
    return _client_for(dana)


@pytest.fixture
def bob_client(bob):
    return _client_for(bob)


@pytest.fixture
def charlie_client(charlie):
    return _client_for(charlie)
