"""Settings for the page benchmark (bench/pages.py) only: the app's own settings, read from the same
environment variables, with the bare Django page it compares every page with (bench.urls) and a cache key
prefix of the run's own, so one run never reads what another left in a shared Redis."""

import os

from coproduction.settings import *  # noqa: F403
from coproduction.settings import BASE_DIR, CACHES, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_CACHE_PREFIX", "bench")
