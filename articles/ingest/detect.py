"""Which reader a file needs, and reading files and uploads into records.

Every reader yields ``(location, record)`` pairs, where location is
``file:LINE`` (or the file alone) and record is a JSONL-schema dict or an
``Unreadable`` explaining, for that spot, why nothing could be read.
"""

from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from articles.ingest.csv_format import read_csv
from articles.ingest.decoding import DecodeError, decode_html, decode_text
from articles.ingest.feeds import read_feed
from articles.ingest.html_page import HtmlError, parse_html_page
from articles.ingest.jsonl import read_jsonl
from articles.ingest.page_format import ParseError, parse_page
from articles.ingest.validation import Unreadable
from articles.ingest.zips import read_zip

FORMATS = ("auto", "page", "jsonl", "html", "feed", "csv", "zip")
FORMAT_LABELS = {
    "auto": "Detect from each file",
    "page": "Scraped news page (text)",
    "jsonl": "JSON Lines",
    "html": "Saved HTML page",
    "feed": "RSS or Atom feed",
    "csv": "CSV spreadsheet",
    "zip": "Zip of any of these",
}
_SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".csv": "csv",
    ".zip": "zip",
}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_file_bytes():
    return settings.NEWSARCHIVE.get("IMPORT_MAX_FILE_BYTES", DEFAULT_MAX_BYTES)


def detect_format(name, data):
    """The format of one file from its first bytes, then its extension."""
    if data[:4] == b"PK\x03\x04":
        return "zip"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith((b"<!doctype html", b"<html")) or (
        head.startswith((b"<?xml", b"<!--")) and b"<html" in head
    ):
        return "html"
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf:rdf")):
        return "feed"
    by_suffix = _SUFFIXES.get(Path(name).suffix.lower())
    if by_suffix:
        return by_suffix
    first_line = head.split(b"\n", 1)[0]
    if b"," in first_line and b"headline" in first_line:
        return "csv"
    if head.startswith(b"<"):
        return "html"
    return "page"


def _located(name, line):
    return f"{name}:{line}" if line else name


def records_from_bytes(name, data, fmt="auto", *, depth=0):
    """Yield ``(location, record)`` pairs from one file's bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    limit = max_file_bytes()
    if len(data) > limit:
        yield (
            name,
            Unreadable(
                f"the file is {filesizeformat(len(data))};"
                f" files may be at most {filesizeformat(limit)}"
            ),
        )
        return
    if fmt == "auto":
        fmt = detect_format(name, data)
    if fmt == "zip":
        if depth:
            yield name, Unreadable("a zip inside a zip is not opened; unpack it first")
            return
        for member, member_data in read_zip(name, data):
            if isinstance(member_data, Unreadable):
                yield member, member_data
            else:
                yield from records_from_bytes(member, member_data, "auto", depth=depth + 1)
        return
    if fmt == "feed":
        # feedparser reads the XML declaration's encoding itself.
        yield from read_feed(name, data)
        return
    try:
        if fmt == "html":
            text, note = decode_html(data), ""
        else:
            text, note = decode_text(data)
    except DecodeError as error:
        yield _located(name, error.line), Unreadable(error.message)
        return
    yield from _records_from_text(name, text, fmt, note)


def _records_from_text(name, text, fmt, note):
    found = False
    if fmt == "html":
        try:
            yield name, parse_html_page(text, name)
        except HtmlError as error:
            yield name, Unreadable(str(error))
        return
    if fmt == "page":
        try:
            record = parse_page(text)
        except ParseError as error:
            yield _located(name, error.line), Unreadable(error.message)
            return
        yield name, {**record, "_note": note} if note else record
        return
    reader = read_csv(text, name) if fmt == "csv" else read_jsonl(text.split("\n"), name)
    for location, record in reader:
        found = True
        if note and isinstance(record, dict):
            record = {**record, "_note": note}
        yield location, record
    if not found:
        yield name, Unreadable("the file holds no records")


def records_from_text(name, text, fmt="auto"):
    """Records from text already decoded (tests and callers holding a str)."""
    yield from records_from_bytes(name, text.encode("utf-8"), fmt)


def records_from_paths(paths, fmt="auto"):
    limit = max_file_bytes()
    for path in paths:
        path = Path(path)
        try:
            size = path.stat().st_size
            if size > limit:
                yield (
                    str(path),
                    Unreadable(
                        f"the file is {filesizeformat(size)}; files may be at most "
                        f"{filesizeformat(limit)} (NEWSARCHIVE['IMPORT_MAX_FILE_BYTES'])"
                    ),
                )
                continue
            data = path.read_bytes()
        except OSError as error:
            yield str(path), Unreadable(f"cannot read the file: {error.strerror or error}")
            continue
        yield from records_from_bytes(str(path), data, fmt)


__all__ = ["FORMATS", "FORMAT_LABELS", "decode_html", "detect_format", "records_from_bytes"]
