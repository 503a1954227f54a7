"""One settings module, driven by environment variables.

Development defaults are safe and need nothing set. Production sets at least SECRET_KEY, DEBUG=false,
ALLOWED_HOSTS and DATABASE_URL; `manage.py check --deploy` is then clean.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
# A development key is only acceptable while DEBUG is on; production must give its own.
_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105 (development only)
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "crispy_forms",
    "crispy_forms_gds",
    "coproduction",
    "partners",
    "meetings",
    "groundrules",
    "workplan",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The headers every response carries, even the 404 for a URL with control characters in it.
    "coproduction.middleware.ContentSecurityPolicyMiddleware",
    "coproduction.middleware.PermissionsPolicyMiddleware",
    # Before anything reads the path or query: a NUL byte must never reach PostgreSQL, which refuses it.
    "coproduction.middleware.ControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After sign-in is known and after WhiteNoise, so static files keep their long cache lifetimes.
    "coproduction.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "coproduction.middleware.AccessMiddleware",
]

ROOT_URLCONF = "coproduction.urls"
WSGI_APPLICATION = "coproduction.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coproduction.context_processors.display_preferences",
            ],
            "builtins": ["coproduction.templatetags.display"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Each gunicorn worker keeps its connection instead of opening one per request (a PostgreSQL
        # connection costs a few milliseconds: much of a fast page). Not under runserver, which starts a
        # thread per request and would leave each one's connection open.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "partners.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Sign-in: email is the identifier; no usernames; no open sign-up (people join by invitation).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "partners.adapters.AccountAdapter"
# A person changes their address by verifying the new one; they never hold two at once.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_FORMS = {
    "reset_password": "partners.account_forms.ResetPasswordForm",
    "request_login_code": "partners.account_forms.RequestLoginCodeForm",
}
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins per address and per IP, sign-in codes and resets; allauth answers 429 past these.
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "request_login_code": "20/m/ip,3/m/key",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# The rate limits above count the client's own address. Behind the load balancer every request comes from
# the balancer, so allauth reads the address it appends to X-Forwarded-For instead: PROXY_COUNT is how many
# proxies we run in front of the app (1 for a load balancer alone); the client cannot forge what they append.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
PROXY_COUNT = env_int("PROXY_COUNT", 1 if BEHIND_PROXY else 0)
if PROXY_COUNT < 0 or (BEHIND_PROXY and PROXY_COUNT < 1):
    raise ImproperlyConfigured("PROXY_COUNT must be 1 or more when BEHIND_PROXY is on (0 or unset otherwise)")
ALLAUTH_TRUSTED_PROXY_COUNT = PROXY_COUNT if BEHIND_PROXY else 0
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
MFA_ADAPTER = "partners.adapters.MFAAdapter"
# Tell people by email when their password, email address or two-factor settings change.
ACCOUNT_EMAIL_NOTIFICATIONS = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Co-production workspace"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# crispy-forms-gds styles only text, email and password inputs; these are text boxes too.
CRISPY_CLASS_CONVERTERS = dict.fromkeys(
    ("numberinput", "timeinput", "dateinput", "datetimeinput", "urlinput"), "govuk-input"
)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Co-production workspace <workspace@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The cache also backs allauth's rate limits, so several app servers must share one (Redis).
CACHE_URL = env_str("CACHE_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# With a shared cache, a signed-in page reads its session from the cache instead of the database (written
# through to both). Not with a per-process memory cache: a session ended in one worker would live on in
# another.
if CACHE_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background work (sending packs and reminders) through Django's task API. "immediate" runs a task at once,
# in the request (development and tests); "database" queues it for `manage.py db_worker` (the default in
# production); "rq" queues it in Redis (REDIS_URL) for several servers (`manage.py rqworker`).
TASK_BACKEND = env_str("TASK_BACKEND", "immediate" if DEBUG else "database")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.backend.RQBackend",
}
if TASK_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASK_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASK_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASK_BACKEND]}}
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
if TASK_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}

# The workspace's own address, for links in emails and PDFs made outside a request (reminders, packs).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Rendered meeting packs are kept (by a hash of their content) and reused until the content changes.
PRINT_CACHE_DIR = "printed"

# Uploaded papers and photos: the largest file accepted, in megabytes.
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 20)
# What one upload or one document may cost, so a big one slows only itself. A picture with more pixels than
# this (width × height) is refused before it is decoded; a paper with more pages is listed in the pack but
# not appended.
MAX_IMAGE_PIXELS = env_int("MAX_IMAGE_PIXELS", 40_000_000)
MAX_PAPER_PAGES = env_int("MAX_PAPER_PAGES", 300)
# A document not printed yet is made in the background (the task queue) unless it is small enough to make
# while the person waits; a web request never spends longer than this printing.
PRINT_WAIT_SECONDS = env_int("PRINT_WAIT_SECONDS", 5)
# Printed documents nobody has fetched for this many days are deleted (send_reminders or prune_printed).
PRINT_CACHE_DAYS = env_int("PRINT_CACHE_DAYS", 30)
# Django keeps uploads up to this size in memory; larger ones go to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Invitations stay open this many days.
INVITATION_DAYS = env_int("INVITATION_DAYS", 14)
# The demo password exists only where the demo is loaded (`make run`); load_demo refuses without DEBUG.
DEMO_PASSWORD = "together-now-demo"  # noqa: S105 (the demo's published password)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
# Subdomains and the browsers' preload list are the domain owner's decision (other services may live on the
# subdomains, and leaving the preload list takes months), so both are off until asked for.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [
    "security.W005",  # HSTS without includeSubDomains: opt-in, see above
    "security.W021",  # HSTS without preload: opt-in, see above
]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts, styles, fonts and pictures from our own address only, never
# inline, so a stray piece of markup in someone's words cannot run or restyle the page. Pictures may also be
# data: URLs (the two-factor set-up page shows its QR code as one).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Powerful browser features the workspace never uses, switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), serial=(), usb=(), xr-spatial-tracking=()"
)

# The Django admin is a second way in: there with DEBUG on, off in production unless ADMIN_ENABLED=true, and
# always behind the workspace's own sign-in (rate limits, two-factor) rather than a login form of its own.
ADMIN_ENABLED = env_bool("ADMIN_ENABLED", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
