"""Whole result sets as CSV, JSON and Atom: every page, streamed in batches.

Rows are produced batch by batch (one search and one database query per type
per batch), so memory stays flat however many results there are. Every
export carries the query, the filters and the time it was made.
"""

import csv
import datetime
import io
import json

from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator, slugify

from articles.models import Article
from articles.sanitize import feed_description, without_control_chars
from articles.search.query import load_objects

BATCH = 250
FEED_ITEMS = 50
CSV_COLUMNS = [
    "type",
    "id",
    "headline",
    "published",
    "url",
    "byline",
    "dateline",
    "source",
    "topics",
    "countries",
    "query",
    "exported_at",
]


def export_filename(prepared, moment, extension):
    label = slugify(prepared.outcome.query)[:60] or "all"
    return f"search-{label}-{moment:%Y%m%d-%H%M%S}.{extension}"


def iter_objects(prepared):
    """Every (search result, row) of the prepared search, in its order, batch by batch."""
    sqs = prepared.sqs
    total = sqs.count()
    for start in range(0, total, BATCH):
        # A fresh clone per batch: slicing one queryset would keep every
        # result seen so far in its cache.
        batch = list(sqs._clone()[start : start + BATCH])
        yield from load_objects(batch)


def _date(obj):
    value = getattr(obj, "published", None)
    if value is None:
        return obj.date.isoformat()
    return timezone.localtime(value).isoformat()


def row(obj, build_url):
    is_article = isinstance(obj, Article)
    return {
        "type": obj._meta.model_name,
        "id": obj.pk,
        "headline": obj.headline if is_article else obj.title,
        "published": _date(obj),
        "url": build_url(obj.get_absolute_url()),
        "byline": obj.byline if is_article else "",
        "dateline": obj.dateline if is_article else "",
        "source": obj.source if is_article else "",
        "topics": [t.slug for t in obj.topics.all()],
        "countries": [c.code.lower() for c in obj.countries.all()],
    }


def describe(prepared, moment):
    values = prepared.values
    filters = {
        key: str(values[key])
        for key in ("topic", "country", "from", "to", "type")
        if values.get(key)
    }
    return {
        "query": prepared.outcome.query,
        "filters": filters,
        "sort": prepared.outcome.sort,
        "exported_at": moment.isoformat(),
    }


def _safe_cell(value):
    # A cell starting with = + - @ is run as a formula by spreadsheet programs.
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def csv_lines(prepared, build_url, moment):
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush():
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield "\ufeff" + flush()  # a byte-order mark, so spreadsheets read UTF-8
    query, stamp = prepared.outcome.query, moment.isoformat()
    for count, (_, obj) in enumerate(iter_objects(prepared), 1):
        data = row(obj, build_url)
        data["topics"] = " ".join(data["topics"])
        data["countries"] = " ".join(data["countries"])
        data.update(query=query, exported_at=stamp)
        writer.writerow([_safe_cell(data[column]) for column in CSV_COLUMNS])
        if count % 50 == 0:
            yield flush()
    yield flush()


def json_chunks(prepared, build_url, moment):
    header = json.dumps(describe(prepared, moment), ensure_ascii=False)
    yield header[:-1] + ', "results": [\n'
    count = 0
    for _, obj in iter_objects(prepared):
        yield ("," if count else "") + json.dumps(row(obj, build_url), ensure_ascii=False) + "\n"
        count += 1
    # The count comes last: it is what was written, even if rows vanished meanwhile.
    yield f'], "count": {count}}}\n'


def atom_feed(prepared, build_url, moment, *, page_url, feed_url):
    query = prepared.outcome.query
    title = f"News archive search: {query}" if query else "News archive search"
    filters = describe(prepared, moment)["filters"]
    subtitle = "Newest results"
    if filters:
        subtitle += " (" + ", ".join(f"{key} {value}" for key, value in filters.items()) + ")"
    feed = Atom1Feed(
        title=title,
        link=page_url,
        description=f"{subtitle}; feed made {moment:%Y-%m-%d %H:%M %Z}.",
        subtitle=f"{subtitle}; feed made {moment:%Y-%m-%d %H:%M %Z}.",
        feed_url=feed_url,
        language="en",
        id=page_url,
    )
    sqs = prepared.sqs.order_by("-published")[:FEED_ITEMS]
    for _, obj in load_objects(list(sqs)):
        data = row(obj, build_url)
        published = getattr(obj, "published", None) or timezone.make_aware(
            datetime.datetime.combine(obj.date, datetime.time())
        )
        text = obj.body_text() if isinstance(obj, Article) else obj.text()
        feed.add_item(
            # XML cannot carry the control characters a stored headline may hold.
            title=without_control_chars(data["headline"]),
            link=data["url"],
            description=feed_description(Truncator(text).words(60)),
            pubdate=published,
            updateddate=getattr(obj, "updated", None) or published,
            unique_id=data["url"],
            categories=data["topics"],
        )
    return feed
