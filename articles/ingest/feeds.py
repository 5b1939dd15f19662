"""RSS and Atom feed files, read with feedparser: one article per item or entry.

feedparser recovers from broken XML with a lenient parser, which can turn a
truncated file into a feed with fewer items and no complaint; an editor
would never know what was lost, so a feed that is not well-formed XML is
refused, naming the line where the XML breaks.
"""

import calendar
import re
import xml.sax
from datetime import UTC, datetime

import feedparser

from articles.ingest.decoding import DecodeError, check_not_empty_or_binary
from articles.ingest.html_page import find_dateline
from articles.ingest.validation import Unreadable
from articles.sanitize import strip_tags

_ENTRY_START = re.compile(rb"<(?:\w+:)?(?:item|entry)\b", re.IGNORECASE)


def _raw(entry, key):
    # Plain dict access: feedparser's own maps "updated" to "published" with a warning.
    return dict.get(entry, key)


def _when(entry, key):
    parsed = _raw(entry, f"{key}_parsed")
    if parsed:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC).isoformat()
    return None


def _entry_lines(data):
    return [data.count(b"\n", 0, match.start()) + 1 for match in _ENTRY_START.finditer(data)]


def entry_to_record(entry):
    """The JSONL-schema record for one feedparser entry, or an ``Unreadable``."""
    published = _when(entry, "published") or _when(entry, "updated")
    if published is None:
        raw = _raw(entry, "published") or _raw(entry, "updated")
        if raw:
            return Unreadable(f"the date {raw!r} cannot be parsed")
        return Unreadable("the entry has no publication date (pubDate / published / updated)")
    updated = _when(entry, "updated") if _raw(entry, "published_parsed") else None
    content = entry.get("content") or []
    body = content[0].get("value") if content else entry.get("summary")
    summary = strip_tags(entry.get("summary") or "") if content else None
    tags = [tag.get("term") for tag in entry.get("tags") or [] if tag.get("term")]
    return {
        "headline": strip_tags(entry.get("title") or ""),
        "published": published,
        "updated": updated if updated != published else None,
        "url": entry.get("link") or None,
        "byline": entry.get("author") or None,
        "dateline": find_dateline(strip_tags(body or "")[:200]),
        "section": tags[0][:100] if tags else None,
        "summary": " ".join((summary or "").split()) or None,
        "body_html": body or "",
        "captions": [],
        "also_read": [],
        "editorials": [],
        "topics": [],
        "countries": [],
    }


def read_feed(name, data):
    try:
        check_not_empty_or_binary(data)
    except DecodeError as error:
        yield name, Unreadable(error.message)
        return
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    error = parsed.get("bozo_exception")
    if isinstance(error, xml.sax.SAXParseException):
        yield (
            f"{name}:{error.getLineNumber()}",
            Unreadable(
                f"malformed XML: {error.getMessage()} (column {error.getColumnNumber()});"
                " nothing in this feed was imported"
            ),
        )
        return
    if not parsed.entries:
        if parsed.get("version"):
            yield name, Unreadable("the feed has no items")
        else:
            yield name, Unreadable("not an RSS or Atom feed")
        return
    lines = _entry_lines(data)
    for n, entry in enumerate(parsed.entries):
        line = lines[n] if n < len(lines) else None
        yield (f"{name}:{line}" if line else name), entry_to_record(entry)
