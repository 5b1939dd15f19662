"""The articles held around a chunk of new records' dates, read a chunk ahead.

A new article takes a slug free on its day, and it may be a version of an
article published within ``variants.WINDOW`` of it. Both questions are
answered by the articles held in those windows. In a large archive a record
has some sixty of them: reading them and comparing their sketches with the
record's was half of the saving process's work. None of it needs the
records being saved, so a checking worker does it for the next chunk
(``checking``) while the saving process works on this one.

What such a read cannot see is the import itself: the articles it has saved
or changed since. The saving process keeps those (``Made``) and puts them in
place of what the read found for them, so a run sees the archive as it
would have seen it reading at that moment. Another writer's article saved
in between is not seen. A slug it took would then be taken twice on one
day, so the run checks its slugs before it writes (``runs``).
"""

import bisect
import datetime
import os
from array import array
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection
from django.utils import timezone

from articles.ingest import variants
from articles.models import Article


class Held(NamedTuple):
    """What a run needs of an article held within a record's window."""

    pk: int
    published: datetime.datetime
    slug: str
    content_hash: str
    canonical_id: int | None
    headline: str


@dataclass
class Surroundings:
    """What one read found around a chunk's records (``CheckedRecord.position`` keys them)."""

    # {local day: {pk: slug}} for each record's day.
    slugs: dict
    # {position: ids of the articles within the record's window, ascending}.
    windows: dict
    # {position: [Held]}: the articles of the window (its first
    # ``variants.MAX_CANDIDATES``) whose sketches may resemble the record's.
    close: dict
    # The process that read them.
    read_by: int

    @classmethod
    def read(cls, items):
        """Read the surroundings of ``items`` (``CheckedRecord``s) from the database now."""
        zone = timezone.get_current_timezone()
        # Windows merged and in date order: the rows come sorted by date.
        rows = _read_windows(merged_windows([item.record.published for item in items]))
        dates = [row[1] for row in rows]
        slugs = {}
        for day in {item.record.published.astimezone(zone).date() for item in items}:
            start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()), zone)
            end = start + datetime.timedelta(days=1)
            on_day = rows[bisect.bisect_left(dates, start) : bisect.bisect_left(dates, end)]
            slugs[day] = {row[0]: row[2] for row in on_day}
        windows, close = {}, {}
        for item in items:
            published = item.record.published
            low = bisect.bisect_left(dates, published - variants.WINDOW)
            high = bisect.bisect_right(dates, published + variants.WINDOW)
            around = sorted(rows[low:high])  # by id, as the window is cut
            windows[item.position] = array("q", [row[0] for row in around])
            if not item.sketch:
                continue
            mine = variants.sketch_values(item.sketch)
            close[item.position] = [
                Held(*row[:6])
                for row in around[: variants.MAX_CANDIDATES]
                if variants.may_resemble(mine, row[6])
            ]
        return cls(slugs=slugs, windows=windows, close=close, read_by=os.getpid())

    def taken_on(self, day, made):
        """The slugs taken on local ``day``, with what this import made (``Made``) since."""
        taken = {slug for pk, slug in self.slugs[day].items() if pk not in made.rows}
        return taken | made.slugs_on(day)

    def held_close_to(self, item, made):
        """(articles that may be earlier versions of ``item``, how many its window holds).

        The window as a read now would give it: the read's articles with
        this import's own in place of what the read found for them. Only
        its first ``variants.MAX_CANDIDATES`` by id are compared.
        """
        window = self.windows[item.position]
        own = made.around(item.record.published)
        if own or any(pk in made.rows for pk in window):
            window = sorted({pk for pk in window if pk not in made.rows} | own)
        compared = set(window[: variants.MAX_CANDIDATES])
        found = [held for held in self.close.get(item.position, ()) if held.pk not in made.rows]
        if own & compared:
            mine = variants.sketch_values(item.sketch)
            found.extend(
                made.rows[pk].held
                for pk in own & compared
                if variants.may_resemble(mine, made.rows[pk].sketch)
            )
        found.sort(key=lambda held: held.pk)
        return found, len(window)


class _Own(NamedTuple):
    held: Held
    sketch: bytes
    count: int  # when it was taken in (``Made.count``)


class Made:
    """The articles an import saved lately, as a read made now would find them.

    Only those a read ahead may have missed are kept: ``forget_before``
    drops what was saved before the oldest read still to be used began.
    """

    def __init__(self):
        self.rows = {}  # {pk: _Own}
        self.dates = []  # [(published, pk)], ascending
        self.days = {}  # {local day: {pk: slug}}
        self.zone = timezone.get_current_timezone()
        # Articles taken in so far: a read that began when this was N saw
        # (committed) every one taken in before.
        self.count = 0

    def add(self, article):
        """Take in ``article`` as saved just now (created, or changed by the import)."""
        self._drop(article.pk)
        held = Held(
            article.pk,
            article.published,
            article.slug,
            article.content_hash,
            article.canonical_id,
            article.headline,
        )
        self.rows[article.pk] = _Own(held, bytes(article.shingle_sketch or b""), self.count)
        self.count += 1
        bisect.insort(self.dates, (article.published, article.pk))
        self.days.setdefault(article.published.astimezone(self.zone).date(), {})[article.pk] = (
            article.slug
        )

    def forget_before(self, count):
        """Drop the articles taken in before ``count``: every read from then on saw them."""
        for pk in [pk for pk, own in self.rows.items() if own.count < count]:
            self._drop(pk)

    def _drop(self, pk):
        own = self.rows.pop(pk, None)
        if own is not None:
            held = own.held
            self.dates.remove((held.published, held.pk))
            day = self.days[held.published.astimezone(self.zone).date()]
            del day[held.pk]

    def around(self, published):
        """Ids of the articles made within a version's window of ``published``."""
        low = bisect.bisect_left(self.dates, (published - variants.WINDOW,))
        # (date, inf) sorts after every id of that date.
        high = bisect.bisect_right(self.dates, (published + variants.WINDOW, float("inf")))
        return {pk for _, pk in self.dates[low:high]}

    def slugs_on(self, day):
        return set(self.days.get(day, {}).values())


_FIELDS = ("id", "published", "slug", "content_hash", "canonical_id", "headline", "shingle_sketch")


def _read_windows(spans):
    """The rows (``_FIELDS``) of the articles published within each (low, high) of ``spans``.

    A query a window, as SQLite reads the whole date index for an OR of
    ranges. The query is built once by the ORM and run for each window:
    building it anew took twice as long as running it, a chunk having some
    hundred windows.
    """
    if not spans:
        return []
    published = Article._meta.get_field("published")
    window = Article.objects.filter(published__range=spans[0]).values_list(*_FIELDS)
    # In the order of the date index (which ends in the id): nothing to sort.
    window = window.order_by("published", "id")
    sql, _ = window.query.get_compiler(connection=connection).as_sql()
    rows = []
    with connection.cursor() as cursor:
        for low, high in spans:
            bounds = [published.get_db_prep_value(when, connection) for when in (low, high)]
            cursor.execute(sql, bounds)
            rows.extend(map(list, cursor.fetchall()))
    for row in rows:
        # As stored: UTC, naive where the database keeps no zone (SQLite).
        if row[1].tzinfo is None:
            row[1] = row[1].replace(tzinfo=datetime.UTC)
        row[6] = bytes(row[6] or b"")
    return rows


def merged_windows(dates):
    """The version windows around ``dates``, overlapping ones merged, as (low, high) pairs."""
    spans = sorted((when - variants.WINDOW, when + variants.WINDOW) for when in dates)
    merged = []
    for low, high in spans:
        if merged and low <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return [tuple(span) for span in merged]
