"""What a clean record sets on an article and its editorials, and the slugs they get."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from articles.ingest.identity import canonical_url
from articles.models import Article
from articles.sanitize import sanitize_html

# Fields a record states outright; url, status and slug are only changed when given.
RECORD_FIELDS = (
    "headline",
    "published",
    "updated",
    "body",
    "dateline",
    "byline",
    "source",
    "section",
    "summary",
)


def fill_fields(article, record, url, digest):
    """Set ``article``'s fields from ``record`` (all but the slug)."""
    for name in RECORD_FIELDS:
        setattr(article, name, getattr(record, name))
    article.content_hash = digest
    if url:
        article.url = url
    if record.status:
        article.status = record.status


def slug_base(text):
    return (slugify(text) or "article")[:200].strip("-") or "article"


def free_slug(base, taken):
    """``base``, or ``base-2``, ``base-3``… : the first not in ``taken``."""
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = base[: 200 - len(suffix)] + suffix
        n += 1
    return slug


def local_day_range(day):
    """[start, end) of the local ``day`` as aware datetimes."""
    zone = timezone.get_current_timezone()
    following = day + datetime.timedelta(days=1)
    return (
        datetime.datetime(day.year, day.month, day.day, tzinfo=zone),
        datetime.datetime(following.year, following.month, following.day, tzinfo=zone),
    )


def unique_slug(text, published, exclude_pk=None):
    """A slug from ``text``, free among articles published the same (local) day."""
    base = slug_base(text)
    # A range on the indexed column, not ``published__date``, which SQLite
    # answers by converting every row's date in Python.
    start, end = local_day_range(timezone.localdate(published))
    taken = set(
        Article.objects.filter(published__gte=start, published__lt=end)
        .filter(slug__startswith=base[:150])
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    return free_slug(base, taken)


def editorial_slug(title):
    """The slug an editorial is stored under (with its date)."""
    return (slugify(title) or "editorial")[:200]


def editorial_fields(clean, is_demo=False):
    """The fields of a new editorial from a record's ``CleanEditorial`` (but slug and date).

    The teaser is cleaned now, as a save would: a later record's test of
    "no teaser yet" (``add_detail``) must see what will be stored.
    """
    return {
        "title": clean.title,
        "date_is_updated": clean.updated,
        "teaser": sanitize_html(clean.teaser),
        "url": canonical_url(clean.url),
        "is_demo": is_demo,
    }


def add_detail(editorial, clean):
    """Fill a held editorial's missing teaser or URL from another page; True if it changed.

    Another page may have shown the same editorial with more detail.
    """
    more = (not editorial.teaser and clean.teaser) or (not editorial.url and clean.url)
    if not more:
        return False
    editorial.teaser = sanitize_html(editorial.teaser or clean.teaser)
    editorial.url = editorial.url or canonical_url(clean.url)
    return True
