"""JSON Lines in and out: one article per line, the archive's interchange format.

Export is deterministic (sorted keys, ordered lists, ISO dates with the
archive's offset) so that export → import into an empty archive → export
gives the same bytes.

A record::

    {"headline": str, "published": ISO 8601, "updated": ISO 8601 | null,
     "url": str | null, "source", "section", "dateline", "byline", "summary": str | null,
     "body_html": str,            # or, on import only, "body_text": paragraphs
                                  # separated by blank lines, escaped, never markup
     "captions": [{"text": str, "credit": str | null, "photo_date": date | null}],
     "also_read": [{"title": str, "url": str | null}],
     "editorials": [{"title": str, "date": date, "updated": bool,
                     "teaser": str | null, "url": str | null}],
     "topics": [slug], "countries": [alpha-2 code],
     "status": "draft" | "published",   # optional; new articles default to published
     "slug": str}                       # optional; kept when free that day

On import, topics and countries may also be names (any case); unknown topics
are created, unknown countries fail the record.  Times without an offset are
read in ``NEWSARCHIVE["PAGE_IMPORT_TIME_ZONE"]``.
"""

import json

from django.utils import timezone

from articles.ingest.validation import Unreadable
from articles.models import Article

# The related rows ``article_to_record`` reads; prefetch them when exporting many.
RECORD_PARTS = ("topics", "countries", "captions", "also_read_links", "editorials")


def read_jsonl(lines, name):
    """Yield ``("name:LINE", record)`` for each non-blank line.

    A line that is not JSON yields an ``Unreadable`` in place of the record,
    so one bad line fails alone.
    """
    for number, line in enumerate(lines, start=1):
        if number == 1:
            line = line.lstrip("\ufeff")
        if not line.strip():
            continue
        location = f"{name}:{number}"
        try:
            yield location, json.loads(line)
        except json.JSONDecodeError as error:
            yield location, Unreadable(f"not valid JSON: {error.msg} at column {error.colno}")
        except RecursionError:
            yield location, Unreadable("not valid JSON: nested too deeply")


def _iso_datetime(value):
    if value is None:
        return None
    return timezone.localtime(value, timezone.get_default_timezone()).isoformat()


def _or_none(value):
    return value or None


def article_to_record(article):
    """The JSONL record for ``article`` (a dict ready for ``json.dumps``)."""
    editorials = sorted(article.editorials.all(), key=lambda e: (e.date, e.slug))
    return {
        "headline": article.headline,
        "slug": article.slug,
        "status": article.status,
        "published": _iso_datetime(article.published),
        "updated": _iso_datetime(article.updated),
        "url": _or_none(article.url),
        "source": _or_none(article.source),
        "section": _or_none(article.section),
        "dateline": _or_none(article.dateline),
        "byline": _or_none(article.byline),
        "summary": _or_none(article.summary),
        "body_html": article.body,
        "captions": [
            {
                "text": caption.text,
                "credit": _or_none(caption.credit),
                "photo_date": caption.photo_date.isoformat() if caption.photo_date else None,
            }
            for caption in sorted(article.captions.all(), key=lambda c: (c.order, c.pk))
        ],
        "also_read": [
            {"title": link.title, "url": _or_none(link.url)}
            for link in sorted(article.also_read_links.all(), key=lambda c: (c.order, c.pk))
        ],
        "editorials": [
            {
                "title": editorial.title,
                "date": editorial.date.isoformat(),
                "updated": editorial.date_is_updated,
                "teaser": _or_none(editorial.teaser),
                "url": _or_none(editorial.url),
            }
            for editorial in editorials
        ],
        "topics": sorted(topic.slug for topic in article.topics.all()),
        "countries": sorted(country.code for country in article.countries.all()),
    }


def record_to_line(record):
    line = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # Legal inside JSON strings, but some line readers split on them.
    return line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n"


def export_queryset():
    """Every article with what its record needs, oldest first (a stable order)."""
    return Article.objects.prefetch_related(*RECORD_PARTS).order_by("published", "id")


def write_jsonl(stream, articles=None):
    """Write every article (or ``articles``) to ``stream`` as JSONL; return the count."""
    articles = export_queryset() if articles is None else articles
    count = 0
    for article in articles.iterator(chunk_size=500):
        stream.write(record_to_line(article_to_record(article)))
        count += 1
    return count
