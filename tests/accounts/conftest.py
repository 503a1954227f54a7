import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth keeps its rate limits and used TOTP codes in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()
