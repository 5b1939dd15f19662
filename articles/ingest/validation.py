"""Checking one incoming record and turning it into clean Python values.

Every problem is reported as a ``RecordError`` whose message names the field,
so an editor reading an import report can fix the file without the code.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug

from articles.ingest.dates import page_zone
from articles.models import AlsoReadLink, Article, Caption, Editorial
from articles.models.status import Status
from articles.sanitize import sanitize_html, text_to_html


class RecordError(ValueError):
    """A record that cannot become an article, with a reason fit for a report."""


@dataclass(frozen=True)
class Unreadable:
    """Stands in for a record a reader could not decode (bad JSON line, unparseable page)."""

    message: str


@dataclass
class CleanCaption:
    text: str
    credit: str
    photo_date: date | None


@dataclass
class CleanLink:
    title: str
    url: str


@dataclass
class CleanEditorial:
    title: str
    date: date
    updated: bool
    teaser: str
    url: str


@dataclass
class CleanRecord:
    headline: str
    published: datetime
    body: str
    updated: datetime | None = None
    url: str = ""
    source: str = ""
    section: str = ""
    dateline: str = ""
    byline: str = ""
    summary: str = ""
    slug: str = ""
    status: str | None = None
    captions: list = field(default_factory=list)
    also_read: list = field(default_factory=list)
    editorials: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    countries: list = field(default_factory=list)


def _limit(model, name):
    return model._meta.get_field(name).max_length


def _text(data, key, where, *, required=False, max_length=None):
    value = data.get(key)
    if value is None:
        if required:
            raise RecordError(f"{where}{key} is missing")
        return ""
    if not isinstance(value, str):
        raise RecordError(f"{where}{key} must be a string, not {type(value).__name__}")
    if "\x00" in value:
        raise RecordError(f"{where}{key} contains a NUL byte")
    value = value.strip()
    if required and not value:
        raise RecordError(f"{where}{key} is empty")
    if max_length and len(value) > max_length:
        raise RecordError(
            f"{where}{key} is {len(value)} characters long; the limit is {max_length}"
        )
    return value


def _one_line(value):
    return " ".join(value.split())


def _datetime(data, key, where, *, required=False):
    raw = _text(data, key, where, required=required)
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise RecordError(
            f"{where}{key} {raw!r} is not an ISO 8601 date-time (e.g. 2014-11-21T09:00:00+05:00)"
        ) from None
    if value.tzinfo is None:
        # Zone-less times come from the same papers as the pages.
        value = value.replace(tzinfo=page_zone())
    return value


def _date(data, key, where):
    raw = _text(data, key, where, required=True)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(raw).date()
    except ValueError:
        raise RecordError(
            f"{where}{key} {raw!r} is not an ISO 8601 date (e.g. 2024-03-19)"
        ) from None


def _list(data, key):
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(f"{key} must be a list, not {type(value).__name__}")
    return value


def _objects(data, key):
    items = _list(data, key)
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise RecordError(f"{key}[{n}] must be an object, not {type(item).__name__}")
    return [(f"{key}[{n}].", item) for n, item in enumerate(items, start=1)]


def _url(data, key, where, max_length):
    value = _text(data, key, where, max_length=max_length)
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise RecordError(f"{where}{key} {value!r} is not an http(s) URL") from None
    return value


def _body(data):
    if data.get("body_html") is not None:
        return sanitize_html(_text(data, "body_html", ""))
    text = _text(data, "body_text", "")
    # Plain text is escaped, never read as markup, whatever it contains.
    return text_to_html(text)


def _captions(data):
    captions = []
    for where, item in _objects(data, "captions"):
        photo_date = _date(item, "photo_date", where) if item.get("photo_date") else None
        captions.append(
            CleanCaption(
                text=_text(item, "text", where, required=True),
                credit=_text(item, "credit", where, max_length=_limit(Caption, "credit")),
                photo_date=photo_date,
            )
        )
    return captions


def _links(data):
    return [
        CleanLink(
            title=_one_line(
                _text(item, "title", where, required=True, max_length=_limit(AlsoReadLink, "title"))
            ),
            url=_url(item, "url", where, _limit(AlsoReadLink, "url")),
        )
        for where, item in _objects(data, "also_read")
    ]


def _editorials(data):
    editorials = []
    title_limit = _limit(Editorial, "title")
    for where, item in _objects(data, "editorials"):
        updated = item.get("updated", False)
        if not isinstance(updated, bool):
            raise RecordError(f"{where}updated must be true or false")
        editorials.append(
            CleanEditorial(
                title=_one_line(_text(item, "title", where, required=True, max_length=title_limit)),
                date=_date(item, "date", where),
                updated=updated,
                teaser=_text(item, "teaser", where),
                url=_url(item, "url", where, _limit(Editorial, "url")),
            )
        )
    return editorials


def _names(data, key):
    names = []
    for n, item in enumerate(_list(data, key), start=1):
        if not isinstance(item, str) or not item.strip():
            raise RecordError(f"{key}[{n}] must be a non-empty string")
        if "\x00" in item:
            raise RecordError(f"{key}[{n}] contains a NUL byte")
        names.append(item.strip())
    return names


def _slug(data):
    value = _text(data, "slug", "", max_length=_limit(Article, "slug"))
    if value:
        try:
            validate_slug(value)
        except ValidationError:
            raise RecordError(f"slug {value!r} may hold only letters, digits, - and _") from None
    return value


def _status(data):
    if data.get("status") is None:
        return None
    value = _text(data, "status", "")
    if value not in Status.values:
        raise RecordError(f"status must be one of {', '.join(Status.values)}, not {value!r}")
    return value


def clean_record(data):
    """Check ``data`` (a decoded JSON object) and return a ``CleanRecord``.

    Raises ``RecordError`` naming the first problem found.
    """
    if not isinstance(data, dict):
        raise RecordError(f"a record must be a JSON object, not {type(data).__name__}")
    limit = _limit
    return CleanRecord(
        headline=_one_line(
            _text(data, "headline", "", required=True, max_length=limit(Article, "headline"))
        ),
        published=_datetime(data, "published", "", required=True),
        updated=_datetime(data, "updated", ""),
        body=_body(data),
        url=_url(data, "url", "", limit(Article, "url")),
        source=_text(data, "source", "", max_length=limit(Article, "source")),
        section=_text(data, "section", "", max_length=limit(Article, "section")),
        dateline=_text(data, "dateline", "", max_length=limit(Article, "dateline")),
        byline=_text(data, "byline", "", max_length=limit(Article, "byline")),
        summary=_text(data, "summary", ""),
        slug=_slug(data),
        status=_status(data),
        captions=_captions(data),
        also_read=_links(data),
        editorials=_editorials(data),
        topics=_names(data, "topics"),
        countries=_names(data, "countries"),
    )
