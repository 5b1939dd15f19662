"""Reading configuration from the environment.

Settings modules call these helpers so that every deployment knob has one
name, one parser and one error message.
"""

import math
import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def env_str(name, default=None, *, required=False):
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if required:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be set for this configuration."
        )
    return default


def env_bool(name, default=False):
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


# Load shedding's defaults, read by the settings and by the launcher
# (``newsarchive.serve``), which sizes gunicorn's threads before Django starts.
DEFAULT_MAX_IN_FLIGHT = 8
DEFAULT_BURST_IN_FLIGHT = 4


def _env_number(name, default, convert, acceptable, description, environ=None):
    value = (os.environ if environ is None else environ).get(name, "").strip() or None
    if value is None:
        return default
    try:
        number = convert(value)
    except ValueError:
        number = None
    if number is None or not acceptable(number):
        raise ImproperlyConfigured(f"{name} must be {description}, not {value!r}.")
    return number


def env_int(name, default, *, minimum=0, environ=None):
    """A whole number of at least ``minimum``; a typo names the variable, not a bare ValueError.

    ``environ``: the mapping to read instead of ``os.environ``.
    """
    return _env_number(
        name,
        default,
        int,
        lambda n: n >= minimum,
        f"a whole number of at least {minimum}",
        environ,
    )


def env_seconds(name, default):
    """A positive, finite number of seconds (fractions allowed)."""
    return _env_number(
        name, default, float, lambda s: 0 < s < math.inf, "a positive number of seconds"
    )


def env_list(name, default=()):
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or list(default)


def search_connection(url, whoosh_path):
    """Translate SEARCH_URL into one HAYSTACK_CONNECTIONS entry.

    No URL means the embedded Whoosh index; otherwise haystack's own
    backends for a search server:
    ``elasticsearch://host:9200/index`` or ``solr://host:8983/solr/core``.
    """
    if not url:
        return {
            "ENGINE": "articles.search.backend.ArchiveWhooshEngine",
            "PATH": str(whoosh_path),
        }
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    # A trailing "s" on the scheme asks for TLS: elasticsearchs://, solrs://.
    transport = "https" if scheme.endswith("s") else "http"
    if scheme in {"elasticsearch", "elasticsearchs", "opensearch", "opensearchs"}:
        return {
            "ENGINE": "haystack.backends.elasticsearch7_backend.Elasticsearch7SearchEngine",
            "URL": f"{transport}://{parts.netloc}/",
            "INDEX_NAME": parts.path.strip("/") or "newsarchive",
        }
    if scheme in {"solr", "solrs"}:
        return {
            "ENGINE": "haystack.backends.solr_backend.SolrEngine",
            "URL": f"{transport}://{parts.netloc}{parts.path}",
        }
    raise ImproperlyConfigured(
        f"SEARCH_URL scheme {parts.scheme!r} is not supported; "
        "use elasticsearch://, opensearch:// or solr:// (or leave it unset for Whoosh)."
    )


def cache_config(url, *, timeout=300, memory_mb=None):
    """Translate CACHE_URL into Django's CACHES["default"].

    No URL means a cache in each process's memory, which is right for one
    process; several processes (gunicorn workers) should share Redis, e.g.
    ``redis://127.0.0.1:6379/1``, so a change seen by one is seen by all.
    ``locmem://`` (the same) and ``dummy://`` (no caching) can also be named.
    A cache in memory holds at most ``memory_mb`` megabytes of entries (a
    number or its text, as NEWSARCHIVE_CACHE_MB gives it; None: the
    default of ``newsarchive.memory_cache``).
    """
    options = {"TIMEOUT": timeout}
    in_memory = {
        "BACKEND": "newsarchive.memory_cache.BoundedLocMemCache",
        "LOCATION": "newsarchive",
        "OPTIONS": {"MAX_ENTRIES": 5000, **_memory_budget(memory_mb)},
        **options,
    }
    if not url:
        return in_memory
    scheme = urlsplit(url).scheme.lower()
    if scheme in {"redis", "rediss", "unix"}:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            **options,
        }
    if scheme == "locmem":
        return in_memory
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL scheme {scheme!r} is not supported; "
        "use redis://host:port/db, rediss://, locmem:// or dummy:// (or leave it unset)."
    )


def _memory_budget(memory_mb):
    if memory_mb in (None, ""):
        return {}
    try:
        megabytes = float(memory_mb)
    except ValueError:
        megabytes = -1
    if not megabytes > 0:
        raise ImproperlyConfigured(
            f"NEWSARCHIVE_CACHE_MB must be a positive number of megabytes, not {memory_mb!r}."
        )
    return {"MAX_BYTES": int(megabytes * 2**20)}
