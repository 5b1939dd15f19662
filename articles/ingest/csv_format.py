"""CSV spreadsheets: one article per row, under a header of documented columns.

Columns (header names in any case and order; only the first two are required):

    headline, published, body, url, section, byline, topics, countries,
    caption, caption_credit

``published`` is ISO 8601 ("2014-11-21T09:00:00+05:00", "2014-11-21") or as
pages print it ("November 21, 2014 08:15pm", "21 Nov, 2014"); without a zone
it is read in the pages' zone.  ``body`` is plain text, paragraphs split by
blank lines.  ``topics`` and ``countries`` hold several values split by ``;``
or ``|``.  Unknown columns are an error: a misspelt "headlnie" would
otherwise import silently without its data.
"""

import csv
import io

from articles.ingest.dates import parse_printed_datetime
from articles.ingest.html_page import find_dateline
from articles.ingest.validation import Unreadable

COLUMNS = (
    "headline",
    "published",
    "body",
    "url",
    "section",
    "byline",
    "topics",
    "countries",
    "caption",
    "caption_credit",
)
REQUIRED = ("headline", "published")


def _split_list(value):
    parts = value.replace("|", ";").split(";")
    return [part.strip() for part in parts if part.strip()]


def _published(value):
    value = value.strip()
    printed = parse_printed_datetime(value)
    # Anything else is handed on as written, for validation to name if it is bad.
    return printed.isoformat() if printed else value


def row_to_record(row):
    def cell(key):
        return (row.get(key) or "").strip()

    caption = cell("caption")
    return {
        "headline": cell("headline"),
        "published": _published(cell("published")) or None,
        "url": cell("url") or None,
        "section": cell("section") or None,
        "byline": cell("byline") or None,
        "dateline": find_dateline((row.get("body") or "").lstrip()[:200]),
        "body_text": row.get("body") or "",
        "captions": (
            [{"text": caption, "credit": cell("caption_credit") or None, "photo_date": None}]
            if caption
            else []
        ),
        "topics": _split_list(cell("topics")),
        "countries": _split_list(cell("countries")),
    }


def read_csv(text, name):
    """Yield ``("name:LINE", record)`` per data row; LINE is where the row starts."""
    stream = io.StringIO(text.lstrip("\ufeff"), newline="")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # Strict: an unclosed quote is an error, not a field that swallows the rest of the file.
    reader = csv.reader(stream, dialect, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        yield name, Unreadable("the file is empty")
        return
    except csv.Error as error:
        yield f"{name}:1", Unreadable(f"malformed CSV header: {error}")
        return
    columns = [column.strip().casefold() for column in header]
    unknown = [column for column in columns if column not in COLUMNS]
    missing = [column for column in REQUIRED if column not in columns]
    if unknown or missing:
        problems = []
        if missing:
            problems.append(f"missing required column(s) {', '.join(missing)}")
        if unknown:
            problems.append(f"unknown column(s) {', '.join(repr(c) for c in unknown)}")
        yield (
            f"{name}:1",
            Unreadable(f"{'; '.join(problems)} in the header; columns are {', '.join(COLUMNS)}"),
        )
        return
    start = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield f"{name}:{start}", Unreadable(f"malformed CSV: {error}")
            return
        location = f"{name}:{start}"
        start = reader.line_num + 1
        if not any(value.strip() for value in values):
            continue
        if len(values) > len(columns):
            yield (
                location,
                Unreadable(
                    f"the row has {len(values)} fields but the header has {len(columns)}"
                    " (an unquoted comma?)"
                ),
            )
            continue
        yield location, row_to_record(dict(zip(columns, values, strict=False)))
