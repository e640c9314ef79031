"""Settings for Drehscheibe: every deployment choice comes from the environment.

README.md lists each variable. Defaults are safe for production; `make run`
switches DEBUG on for local work.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from xstatic.pkg import bootstrap as xstatic_bootstrap
from xstatic.pkg import jquery_ui as xstatic_jquery_ui

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production needs a long random secret key "
            "in the environment (see README.md); only DJANGO_DEBUG=1 may run without one."
        )
    SECRET_KEY = "insecure-key-for-local-development-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin, so that its translation fields exist when the admin and the history
    # models are built (each app's translation.py registers both, see core/translation.py).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "phonenumber_field",
    "simple_history",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "core",
    "contacts",
    "coordination",
    "planning",
    "portal",
]

# The apps whose records the public reads (and staff edit, by canton: contacts.editing_scope).
PORTAL_CONTENT_APPS = ["contacts", "coordination", "planning", "portal"]

MIDDLEWARE = [
    # First, so that a stored page is answered before any other work (core/pagecache.py).
    "core.pagecache.PageCacheMiddleware",
    # Near the top, so that every other middleware's response handling (security headers,
    # CSP) applies to its 503 page; its hooks need no other place (portal/unavailable.py).
    "portal.unavailable.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "portal.languages.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff enter a TOTP code (all of them, or the Administration group: PORTAL_OTP_REQUIRED_FOR).
    "portal.security.AdminSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last so that it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        # A persistent connection broken by a database restart is replaced at the next
        # request's first query instead of failing it; one that failed during a request is
        # closed at its end. Either way the portal recovers without a restart.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer must fail fast, with the 503 page (portal/unavailable.py)
    # instead of a worker held for minutes: 2 seconds to connect (psycopg's minimum), as long
    # for a send left unacknowledged on an open connection (a vanished host). DATABASE_URL may
    # set others, e.g. ?connect_timeout=5.
    _database_options = DATABASES["default"].setdefault("OPTIONS", {})
    _database_options.setdefault("connect_timeout", 2)
    _database_options.setdefault("tcp_user_timeout", 2000)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds rate limits and the stored public pages (core/pagecache.py). Several worker
# processes or servers must share it: REDIS_URL (e.g. redis://127.0.0.1:6379/0) selects
# Redis; DJANGO_CACHE=database keeps it in the database (run `manage.py createcachetable`).
# Without either, each process has its own (fine for one process, as `make run`).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
# Seconds to wait for Redis: an unreachable one must not hold up a page.
REDIS_TIMEOUT = float(os.environ.get("PORTAL_REDIS_TIMEOUT", "0.5"))
# Public pages for anonymous visitors come from the cache (core/pagecache.py); 0 switches it off.
PORTAL_PAGE_CACHE = env_bool("PORTAL_PAGE_CACHE", True)
# Never from the cache: staff pages, and the probes, which must see the database and cache now.
PORTAL_PAGE_CACHE_EXEMPT = ["/admin/", "/healthz", "/livez"]
# Rendered cards and member lines kept per worker process, keyed by the records they show
# (core/fragments.py): how many; 0 switches it off.
PORTAL_FRAGMENT_MEMO = int(os.environ.get("PORTAL_FRAGMENT_MEMO", "2000"))
PAGE_CACHE_SECONDS = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", str(24 * 60 * 60)))


def cache_backend(prefix, timeout):
    if REDIS_URL:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
            "TIMEOUT": timeout,
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    if os.environ.get("DJANGO_CACHE") == "database":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": f"portal_cache_{prefix}" if prefix != "portal" else "portal_cache",
            "TIMEOUT": timeout,
        }
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": f"drehscheibe-{prefix}",
        "TIMEOUT": timeout,
        # Pages are 10-100 KB: a few hundred per process keep a worker's memory small.
        "OPTIONS": {"MAX_ENTRIES": 300 if prefix == "pages" else 1000},
    }


CACHES = {
    "default": cache_backend("portal", 300),
    "pages": cache_backend("pages", PAGE_CACHE_SECONDS),
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# German is the source language: its URLs carry no prefix, French, Italian and English live
# under /fr/, /it/ and /en/ (portal/urls.py). The names stay in their own language in the
# language switcher, so they are not marked for translation.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("fr", "Français"), ("it", "Italiano"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Swiss conventions for dates and numbers in each language (de-CH, fr-CH, it-CH).
FORMAT_MODULE_PATH = ["portal.formats"]

# One column per language for every text a visitor reads; a missing translation falls back
# to German, and core.translation marks the fallback with lang="de".
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("de",)
# The admin's language tabs need jQuery UI: served from a Python package, never from a CDN.
JQUERY_UI_URL = "jquery-ui/jquery-ui.min.js"
TIME_ZONE = "Europe/Zurich"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap comes from a Python package, so the portal works without a CDN.
    ("bootstrap", xstatic_bootstrap.BASE_DIR),
    ("jquery-ui", xstatic_jquery_ui.BASE_DIR),
]
# Uploaded documents must be seen by every server: a shared folder (DJANGO_MEDIA_ROOT), or
# S3-compatible object storage (django-storages, `pip install -e ".[s3]"`) when
# PORTAL_S3_BUCKET is set; boto3 reads the credentials from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY. Links to the files are signed and expire (querystring_auth).
PORTAL_S3_BUCKET = os.environ.get("PORTAL_S3_BUCKET", "").strip()
UPLOAD_STORAGE = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": PORTAL_S3_BUCKET,
            "endpoint_url": os.environ.get("PORTAL_S3_ENDPOINT_URL", "").strip() or None,
            "region_name": os.environ.get("PORTAL_S3_REGION", "").strip() or None,
            "file_overwrite": False,  # a new version never replaces a file another page links
            "querystring_auth": True,
        },
    }
    if PORTAL_S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": UPLOAD_STORAGE,
    "staticfiles": {
        "BACKEND": "core.staticfiles.ManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MAX_UPLOAD_MEGABYTES = int(os.environ.get("PORTAL_MAX_UPLOAD_MEGABYTES", "20"))

# Where the official municipality and postcode registers are read from (see README.md).
_default_reference_dir = BASE_DIR.parent / "shared" / "data"
PORTAL_REFERENCE_DATA_DIR = os.environ.get(
    "PORTAL_REFERENCE_DATA_DIR",
    str(_default_reference_dir) if _default_reference_dir.is_dir() else "",
)

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
# Seconds before an unresponsive mail server is given up on: a print order waits at most this
# long for its mails (it is stored first either way).
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "5"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

PHONENUMBER_DEFAULT_REGION = "CH"
PHONENUMBER_DB_FORMAT = "E164"

# Security. The secure defaults hold unless DEBUG is on; tests relax them in tests/conftest.py.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Probes ask over plain http on the instance's own port; a redirect would count as healthy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]
# Off only to try production settings locally over plain http (README, "Production").
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# No script reads the CSRF token from its cookie (the forms carry it), so none may.
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_SECONDS", str(60 * 60)))
# Every request renews the session, so it lapses only after SESSION_COOKIE_AGE of inactivity.
SESSION_SAVE_EVERY_REQUEST = True
LOGIN_URL = "admin:login"
OTP_TOTP_ISSUER = "Drehscheibe"
# Who must log in with a second factor (TOTP): "all" staff (ASVS 5.0 L2) or only the
# "administration" group (and whoever set up a device).
PORTAL_OTP_REQUIRED_FOR = os.environ.get("PORTAL_OTP_REQUIRED_FOR", "all").strip().lower()
if PORTAL_OTP_REQUIRED_FOR not in {"all", "administration"}:
    raise ImproperlyConfigured("PORTAL_OTP_REQUIRED_FOR must be 'all' or 'administration'.")
# Where the portal really runs, e.g. https://drehscheibe.example.ch: links printed by commands.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "").strip().rstrip("/")
# Importing needs the add permission of the model, exporting its view permission.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws some controls with inline SVG data URIs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = {
    "camera": [],
    "geolocation": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "interest-cohort": [],
}

AXES_FAILURE_LIMIT = int(os.environ.get("PORTAL_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("PORTAL_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_LOCKOUT_CALLABLE = "portal.security.lockout_response"  # renders the template above
AXES_VERBOSE = False  # its start-up banner would clutter every management command

# Login throttling and rate limits identify a client by its address: behind reverse
# proxies, set PORTAL_PROXY_COUNT so that it is read from X-Forwarded-For (portal/client_ip.py).
PORTAL_PROXY_COUNT = int(os.environ.get("PORTAL_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "portal.client_ip.client_ip"
RATELIMIT_IP_META_KEY = "portal.client_ip.client_ip"

# Printed plans: where order notifications go when the plan's contact has no email address,
# and how many stored orders one client may place (django-ratelimit syntax, e.g. "10/h").
PORTAL_PRINT_ORDER_EMAIL = os.environ.get("PORTAL_PRINT_ORDER_EMAIL", "")
PORTAL_PRINT_ORDER_RATE = os.environ.get("PORTAL_PRINT_ORDER_RATE", "10/h")
# Stored change reports ("Änderung melden") per address and hour.
PORTAL_CHANGE_REPORT_RATE = os.environ.get("PORTAL_CHANGE_REPORT_RATE", "10/h")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint reports each step of every PDF (portal.pdf) at INFO; its warnings still show.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
