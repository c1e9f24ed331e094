"""One settings module, driven by the environment.

DJANGO_DEBUG=1 turns on development mode (`make run` sets it); everything else
defaults to production-safe values.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DJANGO_DEBUG")
# The one switch for serving plain HTTP in production mode on 127.0.0.1 (the
# benchmark and the load test): no HTTPS redirect, no secure-only cookies.
PLAIN_HTTP = DEBUG or env_flag("DJANGO_PLAIN_HTTP")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# Checking for missing migrations signs nothing, so it needs no key.
_keyless_command = sys.argv[1:2] == ["makemigrations"]
if not SECRET_KEY:
    if DEBUG or os.environ.get("PYTEST_VERSION") or _keyless_command:
        SECRET_KEY = "insecure-development-key-not-for-production"
    else:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(for local development run `make run`, which turns DEBUG on)."
        )

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]

SITE_NAME = os.environ.get("SITE_NAME", "US–Pakistan Relations: A Sourced Timeline")
# The site's public address: canonical links, share previews, feeds, the sitemap,
# embed snippets and citations of timeline entries all name pages under it.
SITE_BASE_URL = os.environ.get("SITE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_DESCRIPTION = (
    "A sourced timeline of US–Pakistan relations: every event cites the exact "
    "article passages it rests on."
)
# The licence the data package (export/datapackage.zip) declares for the curated
# records; the quoted words of the articles remain their publishers'.
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "relations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files first, as WhiteNoise asks: it sends them precompressed.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside GZip, as Django's own cache middleware: public pages kept as sent.
    "relations.views.cache.PublicPageCache",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin logins: five wrong passwords for one username from one address lock
# it for an hour; administrators see and clear lockouts in the admin.
# A curator's new or changed event goes public when a second curator approves it.
# A single-curator site turns this off (REVIEW_REQUIRED=0); `make run` (DEBUG) does.
REVIEW_REQUIRED = env_flag("REVIEW_REQUIRED", default=not DEBUG)

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "relations.admin.lockout_response"

ROOT_URLCONF = "relations.urls"

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
                "relations.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "relations.wsgi.application"

# DATABASE_URL chooses the database (postgres://user:pass@host:port/name);
# without it, the embedded SQLite file.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"),
            # Kept open between requests, as PostgreSQL's is: a new connection reads the
            # schema and starts with a cold page cache (about 3 ms of every page).
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                # WAL lets readers go on while a curator or the loader writes;
                # immediate transactions and a busy timeout avoid "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# A strict Content Security Policy: no inline script or style, no eval. Every
# script is a file of ours, so no nonce is needed, and a page is the same bytes
# for every reader (which lets a public page be cached whole, views/cache.py).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_SSL_REDIRECT = not PLAIN_HTTP
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not PLAIN_HTTP
SECURE_HSTS_SECONDS = 0 if PLAIN_HTTP else 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = not PLAIN_HTTP
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_flag("DJANGO_BEHIND_PROXY") else None
)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The one exception: the embeddable timeline (/embed/) may be framed by any site
# (views/embed.py exempts it from X_FRAME_OPTIONS); the rest of its policy is the same.
EMBED_CSP = {**SECURE_CSP, "frame-ancestors": ["*"]}

# Public pages are cached whole for anonymous readers (views/cache.py), under
# the data version the write path moves. By default each server process keeps
# its own cache; CACHE_URL (redis://host:port/db) shares one among several.
if os.environ.get("CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
            "KEY_PREFIX": "relations",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2_000},
        }
    }
# PAGE_CACHE=0 turns the page cache off (the benchmark measures pages both ways).
PAGE_CACHE = env_flag("PAGE_CACHE", default=True)

# Where `load_seeds` and `export_seeds` read and write by default.
SEEDS_DIR = BASE_DIR / "seeds"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Source pages show the whole cleaned article ("full") or only the cited
# passages with one passage of context either side ("excerpts"), for
# deployments that may not republish full articles (copyright).
SOURCE_TEXT_MODE = os.environ.get("SOURCE_TEXT_MODE", "full")
if SOURCE_TEXT_MODE not in {"full", "excerpts"}:
    raise ImproperlyConfigured("SOURCE_TEXT_MODE must be 'full' or 'excerpts'.")
