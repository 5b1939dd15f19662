"""Caching search pages and timeline figures until the content changes.

One rule decides when cached results are stale: every entry's key carries the
*content version*, and any change to what the archive shows gives a new
version, so old entries are simply never asked for again (and expire).

The version is made of

* a counter in the cache, bumped after a topic or country itself is edited
  (names and slugs appear on pages but record no index task);
* for pages read from the database, the newest ``IndexTask`` id: every save,
  delete and tag change of an article, editorial, caption or "Also read"
  link records a task in the same transaction as the change, so this number
  moves the moment a change commits, in every process, whatever the cache
  backend;
* for search results, the search index's own generation instead: results
  change when the index applies those tasks, just after the commit (or when
  the index worker next runs, which applies many saves in one commit).

Entries expire after ``CACHES["default"]["TIMEOUT"]`` seconds anyway.
"""

import hashlib
import threading

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models import Count, Max, signals

COUNTER_KEY = "newsarchive:content-counter"
PREFIX = "newsarchive:results"


def _counter():
    value = cache.get(COUNTER_KEY)
    if value is None:
        cache.add(COUNTER_KEY, 1, timeout=None)
        value = cache.get(COUNTER_KEY, 1)
    return value


def bump():
    """Mark every cached result stale (after a change no index task records)."""
    try:
        cache.incr(COUNTER_KEY)
    except ValueError:  # not set yet, or evicted
        cache.add(COUNTER_KEY, 2, timeout=None)


def _index_token():
    from haystack import connections

    backend = connections["default"].get_backend()
    token = getattr(backend, "generation_token", None)
    return token() if token else ""


# The versions read during the current GET request, by kind: a timeline asks
# for its cached figures four or five times, and each ask read the newest
# task id again (a query each). A reading request sees one version, which
# also keeps its parts consistent. None outside such a request: a POST may
# change content between two asks, and commands and workers read afresh.
_request = threading.local()


def content_version(*, search=False):
    seen = getattr(_request, "versions", None)
    if seen is not None and search in seen:
        return seen[search]
    if search:
        # Search results change when the index does, and every index task
        # applied is an index commit: its generation is the finer version.
        # Saves that an index worker applies together invalidate once.
        version = f"{_counter()}.{_index_token()}"
    else:
        from articles.models import IndexTask

        latest = IndexTask.objects.aggregate(latest=Max("id"))["latest"] or 0
        version = f"{_counter()}.{latest}"
    if seen is not None:
        seen[search] = version
    return version


def _request_started(environ=None, **kwargs):
    reading = (environ or {}).get("REQUEST_METHOD") in ("GET", "HEAD")
    _request.versions = {} if reading else None


def _request_finished(**kwargs):
    _request.versions = None


def _digest(params):
    return hashlib.sha256(repr(params).encode()).hexdigest()[:40]


def key(namespace, params, *, search=False):
    return f"{PREFIX}:{namespace}:{content_version(search=search)}:{_digest(params)}"


def _kept(entry_key, compute, timeout=DEFAULT_TIMEOUT):
    found = cache.get(entry_key)
    if found is not None:
        return found
    value = compute()
    if value is not None:  # None: nothing worth keeping (e.g. the index could not answer)
        cache.set(entry_key, value, timeout)
    return value


def cached(namespace, params, compute, *, search=False):
    """``compute()``, or what it returned before for ``params`` at this content version.

    ``params`` must be built from plain values (str, int, dates, tuples) in
    a fixed order, so equal requests give equal keys.
    """
    return _kept(key(namespace, params, search=search), compute)


def cached_tags(model, params, compute):
    """``compute()`` of the rows of ``model`` (Topic or Country) alone, kept until they change.

    Article saves move the content version every few seconds, but a list
    of every country needs only the countries: 249 rows made into objects
    on each timeline view after a save. An edited tag bumps the counter;
    the rows' number and highest id are in the key too, for rows added or
    removed without signals (bulk loads).
    """
    rows = model.objects.aggregate(count=Count("id"), last=Max("id"))
    version = f"{_counter()}.{rows['count']}.{rows['last']}"
    return _kept(f"{PREFIX}:{model._meta.label_lower}:{version}:{_digest(params)}", compute)


def cached_while(namespace, params, compute, seconds):
    """``compute()``, kept ``seconds`` whatever changes elsewhere in the archive.

    For answers that may lag a little and are dear to compute: with editors
    saving, the content version moves every few seconds and would leave
    ``cached`` nothing to keep. ``params`` must say what the answer depends
    on itself (e.g. the article and when it last changed).
    """
    return _kept(f"{PREFIX}:{namespace}:lasting:{_digest(params)}", compute, seconds)


def _bump_on_commit(**kwargs):
    transaction.on_commit(bump)


def connect():
    """Bump the counter when a tag itself changes, and keep one version a request.

    Called from the app's ready().
    """
    from articles.models import Country, Topic

    request_started.connect(_request_started, dispatch_uid="results-version-start")
    request_finished.connect(_request_finished, dispatch_uid="results-version-end")

    for model in (Topic, Country):
        signals.post_save.connect(_bump_on_commit, sender=model, dispatch_uid=f"bump-{model}")
        signals.post_delete.connect(_bump_on_commit, sender=model, dispatch_uid=f"del-{model}")
