"""Settings for snsblog, read from the environment with safe local defaults.

Every value that differs between a laptop and production comes from an
environment variable; docs/configuration.md lists them.
"""

import datetime
import hashlib
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 0 or 1, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

# The fallback key is only good for local development; production sets SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0")
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "taggit",
    "simple_history",
    "csp",
    "axes",
    "snsblog",
    "articles",
    "comments",
]

# Pages, feeds and the API gzip-compressed for clients that accept it (static files are
# compressed once by collectstatic and served by whitenoise). Django's GZipMiddleware pads
# each answer with random bytes, its mitigation of BREACH for pages with a CSRF token.
# It costs the app server CPU (about 12 ms for a 330 KB page): behind a proxy that
# compresses (deploy/nginx), set it to 0 and let the proxy do it.
COMPRESS_RESPONSES = env_bool("COMPRESS_RESPONSES", True)

MIDDLEWARE = [
    "snsblog.middleware.RequestLogMiddleware",
    "snsblog.middleware.HealthCheckMiddleware",
    "snsblog.middleware.RequestInputMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "snsblog.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *(["django.middleware.gzip.GZipMiddleware"] if COMPRESS_RESPONSES else []),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "snsblog.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who changed a fact, for its history (articles/models/history.py).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so it sees the 404s of every view: old addresses of imported blogs.
    "articles.redirects.RedirectMiddleware",
]

ROOT_URLCONF = "snsblog.urls"

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
                "snsblog.context_processors.site",
            ],
        },
    },
    {
        # Jinja2 renders the two templates whose speed matters most, the comment
        # tree (templates/comments/discussion.jinja) and the facts table
        # (templates/articles/facts_table.jinja); everything else is Django's.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "snsblog.jinja2.environment"},
    },
]

WSGI_APPLICATION = "snsblog.wsgi.application"

# SQLite is tuned for a real site: WAL lets readers run beside a writer, the
# busy timeout and IMMEDIATE transactions make concurrent writers queue
# instead of failing with "database is locked".
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    # A file, not memory, so that live-server tests see real concurrent connections;
    # one per test run, so that two runs in one checkout do not meet.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get(
            "SQLITE_TEST_PATH", str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")
        )
    }


def release_fingerprint() -> str:
    """A digest of the code and templates that render pages; part of every cache key,
    so a deploy never serves fragments rendered by the previous release."""
    digest = hashlib.sha256()
    for folder in ("templates", "static", "articles", "comments", "snsblog"):
        for path in sorted((BASE_DIR / folder).rglob("*")):
            if path.suffix in {".html", ".jinja", ".css", ".js", ".py"} and path.is_file():
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


RELEASE = os.environ.get("RELEASE") or release_fingerprint()

# Shared between worker processes: Redis when REDIS_URL is set, otherwise a
# file cache on this machine (never a per-process memory cache).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"snsblog-{RELEASE}",
        }
    }
    # Sessions read from Redis and are written through to the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache")),
            "KEY_PREFIX": f"snsblog-{RELEASE}",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Each worker keeps recently used page fragments in memory, up to this many bytes.
FRAGMENT_MEMORY_BYTES = env_int("FRAGMENT_MEMORY_BYTES", 32 * 1024 * 1024)
# Page fragments expire after this many seconds in the shared cache, so fragments
# of articles nobody reads any more age out (snsblog/fragments.py).
FRAGMENT_TIMEOUT = env_int("FRAGMENT_TIMEOUT", 86400)
# The discussion under every article (articles/page.py's Discussion): the articles app
# asks for it through this name and never imports the comments app, which builds on it.
ARTICLE_DISCUSSION = "comments.section.article_discussion"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface in English (at /...) and Japanese (at /ja/...): snsblog/urls.py.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ja", "日本語")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["snsblog.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
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

# whitenoise serves static files under gunicorn (and in live-server tests): from
# STATIC_ROOT, as collected, in production; straight from the source folders in
# development.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TAGGIT_CASE_INSENSITIVE = True

ARTICLES_PER_PAGE = env_int("ARTICLES_PER_PAGE", 10)
# Search approved reader comments too (articles/search.py).
SEARCH_INCLUDES_COMMENTS = env_bool("SEARCH_INCLUDES_COMMENTS", False)

# Reader comments; docs/comments.md explains each setting.
COMMENTS_MODERATION = os.environ.get("COMMENTS_MODERATION", "first-time")
if COMMENTS_MODERATION not in {"first-time", "all", "none"}:
    raise ImproperlyConfigured("COMMENTS_MODERATION must be first-time, all or none")
COMMENTS_RATE_LIMIT = os.environ.get("COMMENTS_RATE_LIMIT", "5/m")
COMMENTS_MIN_SUBMIT_SECONDS = env_int("COMMENTS_MIN_SUBMIT_SECONDS", 3)
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)
COMMENTS_MAX_DEPTH = max(1, env_int("COMMENTS_MAX_DEPTH", 4))
COMMENTS_PER_PAGE = max(1, env_int("COMMENTS_PER_PAGE", 50))
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 0)
COMMENTS_IP_RETENTION_DAYS = env_int("COMMENTS_IP_RETENTION_DAYS", 60)
COMMENTS_BLOCKLIST = env_list("COMMENTS_BLOCKLIST", "")
COMMENTS_FORM_MAX_AGE_DAYS = env_int("COMMENTS_FORM_MAX_AGE_DAYS", 7)
COMMENTS_DIGEST_MINUTES = env_int("COMMENTS_DIGEST_MINUTES", 30)
CSRF_FAILURE_VIEW = "snsblog.views.csrf_failure"

# Mail: printed to the console unless EMAIL_HOST names an SMTP server. Mail is sent
# after the commit in a background thread, never inside a reader's request.
# The public address, such as https://snsblog.example (snsblog/site.py). Unset, pages
# use the request's own address; emails need it in production.
SITE_URL = os.environ.get("SITE_URL", "")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "snsblog <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
NOTIFICATIONS_IN_BACKGROUND = env_bool("NOTIFICATIONS_IN_BACKGROUND", True)

# HTTPS: on by default in production (DEBUG=0); each can be set from the environment,
# for example SECURE_SSL_REDIRECT=0 when a proxy in front already redirects.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The proxies in front of the app servers whose X-Forwarded-For is believed: empty
# (none: the client is the socket's peer), a number of hops, or addresses and
# networks, such as "127.0.0.1" or "10.0.0.0/8,192.0.2.7". See snsblog/client_ip.py.
TRUSTED_PROXIES = os.environ.get("TRUSTED_PROXIES", "")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Asking browsers to preload HSTS is a commitment for the whole domain, so it is
# opt-in (SECURE_HSTS_PRELOAD=1) and its reminder is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# No inline script or style anywhere: everything the pages run or style with is
# a static file of our own.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# Admin logins: after AXES_FAILURE_LIMIT failures from one address, or for one
# username from one address, logins are refused for AXES_COOLOFF_MINUTES. Attempts are kept in the
# database, so every process and machine sees them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
# A username is locked only together with the address it is tried from, so nobody
# can lock an editor out from elsewhere; an address trying many usernames is locked
# on its own (credential stuffing).
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "snsblog.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# make bench only: a reference page served from memory.
BENCH_REFERENCE_VIEW = env_bool("BENCH_REFERENCE_VIEW", False)

TEST_RUNNER = "pytest_django.runner.TestRunner"

SLOW_REQUEST_MS = env_int("SLOW_REQUEST_MS", 1000)

# Logs go to stdout, one JSON object a line; 500s and slow requests carry the
# request id that is also returned in the X-Request-ID header.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "snsblog.logformat.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django": {"handlers": ["stdout"], "level": "INFO", "propagate": False}},
}
