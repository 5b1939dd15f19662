"""How many published articles a timeline holds, per month and per tag, read from the index.

A topic timeline's month totals and its "narrow to a country" choices count
every article of the topic: 23,000 rows for a common topic at 100,000
articles, which SQLite reads and groups in 40–60 ms (three times that with
Django's per-row time-zone conversion), on every page view after a change.
The search index already keeps each tag's documents and each local month's
as sets (``docsets``), so there the same counts are a few set intersections.

The index can answer only while it holds exactly the published rows, that
is while no index task waits: a save not yet applied, or a task that keeps
failing. Otherwise, and when the index cannot be read at all, these
functions return None and the caller counts in the database.
"""

import logging
from datetime import date

from haystack import connections
from haystack.query import SearchQuerySet

from articles.models import Article, IndexTask
from articles.search.query import is_embedded, narrow_to_days, narrow_to_tag

log = logging.getLogger(__name__)


def index_is_current():
    """True when every change the database recorded has reached the index."""
    return not IndexTask.objects.filter(done_at__isnull=True).exists()


def _answering_backend():
    """Our backend (it counts from docsets tables) when the index is current, else None."""
    backend = connections["default"].get_backend()
    if not is_embedded(backend) or not index_is_current():
        return None
    return backend


def _fell_back():
    log.warning("Counting from the search index failed; counting in the database.", exc_info=True)


def _counted(facet, options, tags, first_day, last_day):
    """The index's facet counts for published articles with ``tags``, or None."""
    if _answering_backend() is None:
        return None
    sqs = SearchQuerySet().models(Article)
    for tag in tags:
        if tag is not None:
            sqs = narrow_to_tag(sqs, tag)
    if first_day or last_day:
        sqs = narrow_to_days(sqs, first_day, last_day)
    sqs = sqs.facet(facet, **options)
    # No hits, only the counts (made over every match): with a window of none
    # the backend neither ranks nor sorts the matches.
    sqs.query.set_limits(0, 0)
    try:
        return sqs.facet_counts().get("fields", {}).get(facet, [])
    except Exception:  # noqa: BLE001 - the database can always count instead
        _fell_back()
        return None


def per_month(*tags, first_day=None, last_day=None):
    """{(year, month): count} in the site's zone, as ``TimelineMixin.per_month`` counts, or None."""
    found = _counted("published", {"by": "month"}, tags, first_day, last_day)
    if found is None:
        return None
    return {(start.year, start.month): n for start, n in found if isinstance(start, date)}


def per_tag(field, *tags):
    """{index value (topic slug, lower-case country code): count} for ``field``, or None."""
    found = _counted(field, {"missing": False}, tags, None, None)
    if found is None:
        return None
    return {value: n for value, n in found if value is not None}


def per_year_of_articles():
    """{year: count} of all published articles, or None."""
    found = _counted("year", {"missing": False}, (), None, None)
    if found is None:
        return None
    return {int(year): n for year, n in found}


def per_year(model):
    """{tag id: {year: count}} of published articles for every Topic or Country, or None."""
    backend = _answering_backend()
    if backend is None:
        return None
    try:
        pivot = backend.pivot_counts([Article], model.index_field, "year")
    except Exception:  # noqa: BLE001 - the database can always count instead
        _fell_back()
        return None
    ids = {tag.index_value: tag.pk for tag in model.objects.all()}
    return {
        ids[value]: {int(year): n for year, n in years.items()}
        for value, years in pivot.items()
        if value in ids
    }
