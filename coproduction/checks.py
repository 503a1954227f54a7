"""Deploy checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Error, Tags, register

# Caches that live inside one process: each app server (and each gunicorn worker) would keep its own.
_PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.security, Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs) -> list[Error]:
    """Sign-in rate limits and the once-only form guard live in the cache. A cache inside each process
    forgets them between workers: password guesses go unlimited and a meeting pack can be sent twice."""
    if settings.DEBUG:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in _PER_PROCESS_CACHES:
        return []
    return [
        Error(
            "Production needs a shared cache, and this one lives inside each process.",
            hint=(
                "Set CACHE_URL=redis://… (for example redis://127.0.0.1:6379/1). Sign-in rate limits and the "
                "guard that stops a form (such as sending a meeting pack) going through twice live in the "
                "cache, so every app server and worker must share one."
            ),
            id="coproduction.E001",
        )
    ]
