"""Which reader a file needs, and reading files and uploads into records."""

from pathlib import Path

from articles.ingest.jsonl import read_jsonl
from articles.ingest.page_format import ParseError, parse_page
from articles.ingest.validation import Unreadable

FORMATS = ("auto", "page", "jsonl")
_JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}


def detect_format(name, text):
    """ "jsonl" or "page": content first (a page never opens with "{"), then the extension."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        return "jsonl"
    if Path(name).suffix.lower() in _JSONL_SUFFIXES:
        return "jsonl"
    return "page"


def records_from_text(name, text, fmt="auto"):
    """Yield ``(location, record)`` pairs from one file's text."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "auto":
        fmt = detect_format(name, text)
    if fmt == "page":
        try:
            yield name, parse_page(text)
        except ParseError as error:
            yield f"{name}:{error.line}" if error.line else name, Unreadable(error.message)
        return
    found = False
    for pair in read_jsonl(text.split("\n"), name):
        found = True
        yield pair
    if not found:
        yield name, Unreadable("the file holds no records")


def records_from_bytes(name, data, fmt="auto"):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        yield name, Unreadable(f"not UTF-8 text (bad byte at offset {error.start})")
        return
    yield from records_from_text(name, text, fmt)


def records_from_paths(paths, fmt="auto"):
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            yield str(path), Unreadable(f"cannot read the file: {error.strerror or error}")
            continue
        yield from records_from_bytes(str(path), data, fmt)
