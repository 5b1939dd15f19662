"""Settings shared by every environment; the others import and adjust these."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from newsarchive.env import (
    DEFAULT_BURST_IN_FLIGHT,
    DEFAULT_MAX_IN_FLIGHT,
    cache_config,
    env_bool,
    env_int,
    env_list,
    env_seconds,
    env_str,
    search_connection,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Everything the app writes (database, search index, uploads) lives here.
DATA_DIR = Path(env_str("NEWSARCHIVE_DATA_DIR", str(BASE_DIR / "var"))).resolve()

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-never-used-in-production")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Before haystack: our rebuild_index (build beside, then swap) replaces its own.
    "articles",
    "haystack",
    # Background imports: Django 6's tasks framework (backport) with its database queue.
    "django_tasks",
    "django_tasks_db",
    # Content-Security-Policy header; admin login throttling kept in the database.
    "csp",
    "axes",
]

MIDDLEWARE = [
    # First, so a request turned away for overload costs next to nothing.
    "articles.middleware.LoadSheddingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "articles.middleware.ServiceUnavailableMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

# Axes first: it refuses a locked-out username+address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "newsarchive.urls"
WSGI_APPLICATION = "newsarchive.wsgi.application"

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
                "articles.context_processors.archive",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while the importer writes; the timeout turns
    # short lock waits into waits rather than "database is locked" errors.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        # Take the write lock when a transaction begins, so a busy database is
        # waited for (up to the timeout) instead of failing at the first write.
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Connections are kept between requests (conn_max_age above), as for
    # PostgreSQL: a new one registers Django's SQL functions and runs the
    # pragmas, 3.4 % of a loaded worker's time.

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Dates are shown in the newsroom's zone; the first papers we hold are Pakistani.
TIME_ZONE = env_str("NEWSARCHIVE_TIME_ZONE", "Asia/Karachi")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"

# Search pages and timelines are cached (articles/results_cache.py) and dropped
# on every content change; CACHE_URL=redis://127.0.0.1:6379/1 shares the cache
# between processes. Also holds the API's rate-limit counters.
CACHES = {"default": cache_config(env_str("CACHE_URL"), memory_mb=env_str("NEWSARCHIVE_CACHE_MB"))}

HAYSTACK_CONNECTIONS = {
    "default": search_connection(env_str("SEARCH_URL"), DATA_DIR / "whoosh_index"),
}
HAYSTACK_SIGNAL_PROCESSOR = "articles.search.signals.OnCommitSignalProcessor"
# Every indexed model is ours, so the per-query "registered models" narrowing
# is pure cost (it scans the whole index on every search).
HAYSTACK_LIMIT_TO_REGISTERED_MODELS = False
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 20

NEWSARCHIVE = {
    # Pages scraped from Pakistani papers carry local times without a zone.
    "PAGE_IMPORT_TIME_ZONE": env_str("NEWSARCHIVE_PAGE_TIME_ZONE", "Asia/Karachi"),
    "ARTICLES_PER_PAGE": 25,
    # /api/v1/: requests allowed per client address per window (seconds), and page size.
    # 0 turns the limit off (the benchmark does: all its clients share one address).
    "API_RATE_LIMIT": env_int("NEWSARCHIVE_API_RATE_LIMIT", 120),
    "API_RATE_WINDOW": 60,
    "API_PAGE_SIZE": 25,
    "FEED_ITEMS": 30,
    # Requests one process works on at once; more are answered 503 at once (0: no bound).
    "MAX_IN_FLIGHT": env_int("NEWSARCHIVE_MAX_IN_FLIGHT", DEFAULT_MAX_IN_FLIGHT),
    # ...and this many more while a request finished, or the oldest in progress
    # began, less than BURST_SECONDS ago (articles.middleware.LoadSheddingMiddleware).
    "BURST_IN_FLIGHT": env_int("NEWSARCHIVE_BURST_IN_FLIGHT", DEFAULT_BURST_IN_FLIGHT),
    "BURST_SECONDS": env_seconds("NEWSARCHIVE_BURST_SECONDS", 1.0),
    # False on deployments with several web nodes: one `manage.py index_worker
    # --loop` then applies the index tasks every change records.
    "INDEX_DRAIN_IN_PROCESS": env_bool("NEWSARCHIVE_INDEX_DRAIN_IN_PROCESS", True),
    # Public pages kept whole for readers without a session, at most this many
    # seconds and never past a change of content (articles.views.page_cache); 0: off.
    "PAGE_CACHE_SECONDS": env_int("NEWSARCHIVE_PAGE_CACHE_SECONDS", 300),
}

# Long imports run as tasks in this database-backed queue. The web process
# drains it in a thread after each enqueue (nothing extra to run on the default
# setup); a deployment may also run `manage.py db_worker --queue-name imports`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "imports"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Content Security Policy (django-csp 4), in every environment so the tests see
# the policy production sends. No inline scripts and no inline styles: every
# script and stylesheet is a static file, so markup that slipped past the
# sanitizer still cannot run. 'self' covers the admin's own scripts too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# django-axes: five wrong passwords for one username from one address lock that
# pair out for 15 minutes. Attempts live in the database (the default handler),
# so every worker process and server sees the same count.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "newsarchive.client_ip.client_ip"
# Behind a TLS-terminating proxy (NEWSARCHIVE_BEHIND_TLS_PROXY=1) the scheme and
# the client's address come from the headers that proxy sets.
BEHIND_TLS_PROXY = env_bool("NEWSARCHIVE_BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
