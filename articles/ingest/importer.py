"""Records in, articles out: the one path by which outside content enters the archive.

Records are checked before any is saved (``checking``), so a bad one fails
alone, with its reason. New articles are saved in runs, a transaction each
(``runs``); any other record, and the records of a run the database refused,
in a transaction of its own. Either way no transaction leaves half an
article.

A record is matched to an article we already hold by canonical URL, else by
the hash of its normalised headline and body. A URL match is updated from
the record, or reported as a duplicate when that changes nothing; a record
without a URL whose words we hold is a duplicate. Imports add tags and
editorial links but never remove them: those may be an editor's work. The
search index is written once, when the run ends.
"""

import itertools
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import DatabaseError, OperationalError, transaction
from django.utils import timezone

from articles import planner
from articles.ingest import checking, checkpoints, stopping, tags, variants
from articles.ingest.article_fields import (
    add_detail,
    editorial_fields,
    editorial_slug,
    fill_fields,
    unique_slug,
)
from articles.ingest.detect import records_from_paths
from articles.ingest.identity import canonical_url, normalise_words
from articles.ingest.jsonl import RECORD_PARTS, article_to_record
from articles.ingest.runs import best_match, save_new, version_note
from articles.ingest.surroundings import Made
from articles.ingest.tags import apply_tags, resolve_countries, resolve_topics, with_countries
from articles.ingest.validation import RecordError
from articles.models import AlsoReadLink, Article, Caption, Editorial, ImportItem
from articles.models.status import Status
from articles.search import indexing


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DUPLICATE = "skipped as duplicate"
    FAILED = "failed"


@dataclass(frozen=True)
class RecordOutcome:
    location: str
    outcome: Outcome
    reason: str = ""
    article_id: int | None = None
    headline: str = ""

    @property
    def file(self):
        """The location without its ":LINE" suffix."""
        name, _, line = self.location.rpartition(":")
        return name if name and line.isdigit() else self.location

    def __str__(self):
        text = f"{self.location}: {self.outcome}"
        if self.headline:
            text += f" — {self.headline}"
        if self.reason:
            text += f" ({self.reason})"
        return text


@dataclass
class ImportReport:
    source_name: str = ""
    outcomes: list = field(default_factory=list)

    def add(self, location, outcome, reason="", article=None, headline=""):
        self.outcomes.append(
            RecordOutcome(
                location=location,
                outcome=outcome,
                reason=reason,
                article_id=article.pk if article else None,
                headline=article.headline if article else headline,
            )
        )

    @property
    def counts(self):
        counted = Counter(item.outcome for item in self.outcomes)
        return {outcome: counted.get(outcome, 0) for outcome in Outcome}

    def of(self, outcome):
        return [item for item in self.outcomes if item.outcome == outcome]

    @property
    def created(self):
        return self.of(Outcome.CREATED)

    @property
    def updated(self):
        return self.of(Outcome.UPDATED)

    @property
    def duplicates(self):
        return self.of(Outcome.DUPLICATE)

    @property
    def failed(self):
        return self.of(Outcome.FAILED)

    @property
    def has_failures(self):
        return bool(self.failed)

    def by_file(self):
        """{file name: [outcomes]} in the order the files were read."""
        grouped = defaultdict(list)
        for item in self.outcomes:
            grouped[item.file].append(item)
        return dict(grouped)

    def count_line(self, outcomes=None):
        outcomes = self.outcomes if outcomes is None else outcomes
        counted = Counter(item.outcome for item in outcomes)
        return ", ".join(f"{counted.get(outcome, 0)} {outcome}" for outcome in Outcome)

    def summary(self):
        lines = [f"Import of {self.source_name}:" if self.source_name else "Import:"]
        for name, outcomes in self.by_file().items():
            lines.append(f"{name}: {self.count_line(outcomes)}")
            lines.extend(f"  {item}" for item in outcomes)
        lines.append(f"Total: {self.count_line()}")
        return "\n".join(lines)


class _Unchanged(Exception):
    """Raised inside a record's transaction to roll back an update that changed nothing."""

    def __init__(self, article, reason=""):
        self.article = article
        self.reason = reason


class _DryRun(Exception):
    """Raised at the end of a preview to roll back everything it did."""


def import_records(
    records,
    *,
    source_name="",
    is_demo=False,
    batch=None,
    dry_run=False,
    progress=None,
    together=True,
    workers=0,
):
    """Import ``(location, record)`` pairs; return an ``ImportReport``.

    ``record`` is a dict in the JSONL schema (or an ``Unreadable`` from a
    reader).  ``source_name`` labels the run in the report; ``is_demo`` marks
    created articles as generated demo content.  With ``batch`` (an
    ``ImportBatch``) each outcome is recorded in the same transaction as the
    article it made, so a batch that dies halfway still knows what it made.
    ``dry_run`` does everything and rolls it all back: the report is the
    preview of what a real run would do now.  ``progress(done, total)`` is
    called as records are handled. ``together``: save runs of new articles
    in bulk (``runs``); without it every record is saved on its own, which
    is the reference the bulk path is tested against. ``workers``: processes
    that check records ahead of the saving (``checking.checked_chunks``;
    only from a single-threaded command).
    """
    records = list(records)
    report = ImportReport(source_name=source_name)
    tracker = _Progress(batch, len(records), progress)
    if dry_run:
        try:
            with transaction.atomic(), tags.cached():
                _Import(report, tracker, is_demo, None, together).run(records, workers)
                raise _DryRun
        except _DryRun:
            pass
        return report
    with indexing.deferred(), tags.cached():
        _Import(report, tracker, is_demo, batch, together).run(records, workers)
    tracker.finish(report)
    planner.refresh_after(report.counts[Outcome.CREATED])
    return report


class _Progress:
    """Reports progress to a callback and, every so often, to the batch row."""

    EVERY_SECONDS = 1.0

    def __init__(self, batch, total, callback):
        self.batch, self.total, self.callback = batch, total, callback
        self.done = 0
        self.last_write = 0.0
        if batch is not None:
            type(batch).objects.filter(pk=batch.pk).update(
                total=total, processed=0, heartbeat=timezone.now()
            )

    def step(self, report):
        # Between two records, where a stop leaves no query half done.
        stopping.check()
        self.done += 1
        if self.callback:
            self.callback(self.done, self.total)
        if self.batch is not None and time.monotonic() - self.last_write > self.EVERY_SECONDS:
            self.write(report)

    def write(self, report):
        self.last_write = time.monotonic()
        counts = report.counts
        type(self.batch).objects.filter(pk=self.batch.pk).update(
            processed=self.done,
            heartbeat=timezone.now(),
            created_count=counts[Outcome.CREATED],
            updated_count=counts[Outcome.UPDATED],
            duplicate_count=counts[Outcome.DUPLICATE],
            failed_count=counts[Outcome.FAILED],
        )

    def finish(self, report):
        if self.batch is not None:
            self.write(report)


def import_files(paths, *, fmt="auto", batch=None, progress=None):
    """Import files of any supported format (``fmt``: one of ``detect.FORMATS``)."""
    paths = [str(path) for path in paths]
    return import_records(
        records_from_paths(paths, fmt),
        source_name=", ".join(paths),
        batch=batch,
        progress=progress,
    )


# Records checked and looked up together; a run saved in bulk is at most this long.
RUN_SIZE = 200


class _Import:
    """One import's records, taken a chunk at a time.

    Records of a chunk are checked first, then the archive is asked once
    which of their addresses and words it holds. Records that hold nothing
    known gather into a run saved in bulk; any other record (a failure, an
    update, a duplicate) first saves the run gathered so far, so that
    outcomes stay in the file's order and each record sees the ones before it.
    """

    def __init__(self, report, tracker, is_demo, batch, together):
        self.report, self.tracker = report, tracker
        self.is_demo, self.batch, self.together = is_demo, batch, together
        # The articles saved lately, which a chunk's surroundings read ahead may lack.
        self.made = Made()
        self.around = None

    def run(self, records, workers=0):
        keyword_topics = tags.keyword_topics()
        chunks = checking.checked_chunks(
            records, RUN_SIZE, keyword_topics, workers, clock=lambda: self.made.count
        )
        first = next(chunks, None)
        if first is None:
            return
        # Any checking workers were forked before the first chunk came: the
        # checkpoint thread starts after them, so that no worker is forked
        # while a thread of this process is inside SQLite.
        with checkpoints.beside():
            for chunk in itertools.chain([first], chunks):
                self.take(chunk, keyword_topics)

    def take(self, chunk, keyword_topics):
        """Import one ``CheckedChunk``."""
        if chunk.sent_at is not None:
            # Chunks are sent in order: no read still to come began earlier.
            self.made.forget_before(chunk.sent_at)
        self.around = chunk.around
        for _, _, item, _ in chunk.rows:
            if item is not None:
                item.find_evidence(keyword_topics)
        self.import_chunk(chunk.rows)

    def import_chunk(self, checked):
        known = _held_keys([item for *_, item, _ in checked if item is not None])
        waiting = []
        for position, location, item, failure in checked:
            keys = item.keys if item else set()
            if item is not None and self.together and not keys & known:
                waiting.append((position, item))
            else:
                self.save_together(waiting)
                waiting = []
                if item is None:
                    self.fail(position, location, *failure)
                else:
                    self.save_alone(position, item)
            known |= keys
        self.save_together(waiting)

    def fail(self, position, location, reason, headline):
        self.report.add(location, Outcome.FAILED, reason, headline=headline)
        _record_item(self.batch, position, self.report)
        self.tracker.step(self.report)

    def save_alone(self, position, item):
        report = self.report
        try:
            self.made.add(_save_with_retry(report, item, self.is_demo, self.batch, position))
        except _Unchanged as unchanged:
            report.add(
                item.location, Outcome.DUPLICATE, unchanged.reason, article=unchanged.article
            )
            _record_item(self.batch, position, report)
        except RecordError as error:
            report.add(item.location, Outcome.FAILED, str(error), headline=item.record.headline)
            _record_item(self.batch, position, report)
        except DatabaseError as error:
            reason = f"the database refused it: {error}"
            report.add(item.location, Outcome.FAILED, reason, headline=item.record.headline)
            _record_item(self.batch, position, report)
        self.tracker.step(report)

    def save_together(self, waiting):
        if not waiting:
            return
        items = [item for _, item in waiting]
        outcomes = ImportReport()
        try:
            with transaction.atomic(), indexing.gathered():
                save_new(
                    items,
                    around=self.around,
                    made=self.made,
                    is_demo=self.is_demo,
                    batch=self.batch,
                )
                for item in items:
                    reason = "; ".join(filter(None, [version_note(item), item.note]))
                    outcomes.add(item.location, Outcome.CREATED, reason, article=item.article)
                if self.batch is not None:
                    ImportItem.objects.bulk_create(
                        _item_row(self.batch, position, outcome)
                        for (position, _), outcome in zip(waiting, outcomes.outcomes, strict=True)
                    )
        except DatabaseError:
            # Something in the run was refused (or the database was busy):
            # the run rolled back whole, with any tags it created; each
            # record now gets its own transaction, retries and report line.
            tags.forget()
            for position, item in waiting:
                self.save_alone(position, item)
            return
        for item, outcome in zip(items, outcomes.outcomes, strict=True):
            self.made.add(item.article)
            self.report.outcomes.append(outcome)
            self.tracker.step(self.report)


def _held_keys(items):
    """The addresses and content hashes of ``items`` that articles already hold."""
    urls = {item.url for item in items if item.url}
    digests = {item.digest for item in items}
    held = set()
    if urls:
        held.update(Article.objects.at_urls(urls).values_list("url", flat=True))
    if digests:
        found = Article.objects.filter(content_hash__in=digests)
        held.update(found.values_list("content_hash", flat=True))
    return held


_LOCK_RETRIES = 5


def _save_with_retry(report, item, is_demo, batch, position):
    """Save ``item`` alone, tried again while the database is locked; return its article."""
    # SQLite refuses at once (whatever its timeout) a transaction that read and
    # then wants to write while another connection writes; the whole record's
    # transaction rolled back, so it is simply tried again.
    for attempt in range(_LOCK_RETRIES):
        try:
            with transaction.atomic(), indexing.gathered():
                outcome, article, reason = _save(item, is_demo, batch)
                reason = "; ".join(filter(None, [reason, item.note]))
                report.add(item.location, outcome, reason, article=article)
                _record_item(batch, position, report)
            return article
        except OperationalError as error:
            if "locked" not in str(error) or attempt == _LOCK_RETRIES - 1:
                raise
            if report.outcomes and report.outcomes[-1].location == item.location:
                report.outcomes.pop()
            time.sleep(0.05 * (attempt + 1))


def _record_item(batch, position, report):
    if batch is not None:
        _item_row(batch, position, report.outcomes[-1]).save()


def _item_row(batch, position, outcome):
    return ImportItem(
        batch=batch,
        position=position,
        location=outcome.location[:1000],
        outcome=outcome.outcome.name.lower(),
        reason=outcome.reason,
        headline=outcome.headline[:500],
        article_id=outcome.article_id,
    )


def _find_existing(url, digest):
    if url:
        found = Article.objects.at_urls([url]).first()
        if found:
            return found
        # The same words under no URL are the same article, now with its address.
        return Article.objects.filter(content_hash=digest, url="").first()
    return Article.objects.filter(content_hash=digest).order_by("id").first()


def _is_same_words_without_address(article, url):
    # Nothing but the words identify this record, and we hold them: another copy
    # of the same story, however it was spaced or marked up, adds nothing.
    return not url and bool(article)


def _save(item, is_demo, batch=None):
    """(outcome, article, reason) for one ``CheckedRecord``, inside its transaction."""
    record, url, digest = item.record, item.url, item.digest
    article = _find_existing(url, digest)
    if _is_same_words_without_address(article, url):
        raise _Unchanged(article, "the same headline and body are already held")
    before = None
    reason = ""
    if article is None:
        article = Article(is_demo=is_demo, status=record.status or Status.PUBLISHED)
        canonical = variants.find_canonical(item.shingles, record.published)
        if canonical is not None:
            article.canonical = canonical
            reason = f"a version of article #{canonical.pk} ({canonical.headline[:80]})"
    else:
        before = _snapshot(article)
    new = before is None
    _fill(article, record, url, digest)
    article.shingle_sketch = item.sketch
    article.save()
    _save_captions(article, record.captions, new)
    _save_links(article, record.also_read, new)
    created_editorials = _link_editorials(article, record.editorials, is_demo)
    if batch is not None and created_editorials:
        batch.created_editorials.add(*created_editorials)
    _tag(article, item, new)
    _resolve_links_to(article)
    if new:
        return Outcome.CREATED, article, reason
    if _snapshot(article) == before:
        raise _Unchanged(article, "already held at this URL, unchanged")
    return Outcome.UPDATED, article, "already held at this URL; its fields changed"


def _snapshot(article):
    return article_to_record(Article.objects.prefetch_related(*RECORD_PARTS).get(pk=article.pk))


def _fill(article, record, url, digest):
    moved = article.pk is None or timezone.localdate(article.published) != timezone.localdate(
        record.published
    )
    fill_fields(article, record, url, digest)
    if record.slug:
        wanted = record.slug
    elif article.slug and not moved:
        return
    else:
        wanted = article.slug or record.headline
    article.slug = unique_slug(wanted, record.published, article.pk)


def _save_captions(article, captions, new):
    existing = {} if new else {normalise_words(c.text): c for c in article.captions.all()}
    kept, added = set(), []
    for order, caption in enumerate(captions):
        key = normalise_words(caption.text)
        row = existing.get(key) or Caption(article=article)
        row.text, row.credit, row.photo_date, row.order = (
            caption.text,
            caption.credit,
            caption.photo_date,
            order,
        )
        if row.pk is None:
            added.append(row)
        else:
            row.save()
            kept.add(row.pk)
    # One insert for the new ones. bulk_create sends no signals; the index
    # task for the article was recorded when the article was saved just before.
    Caption.objects.bulk_create(added)
    for row in existing.values():
        # A caption an editor gave a picture stays even if the record dropped it.
        if row.pk not in kept and not row.image:
            row.delete()


def _target_for(link, article):
    if link.url:
        found = Article.objects.at_urls([canonical_url(link.url)]).exclude(pk=article.pk).first()
        if found:
            return found
    wanted = normalise_words(link.title)
    candidates = [
        a
        for a in Article.objects.headlined(link.title).exclude(pk=article.pk)
        if normalise_words(a.headline) == wanted
    ]
    return best_match(candidates, article.published)


def _save_links(article, links, new):
    if not new:
        article.also_read_links.all().delete()
    # No signals from bulk_create: the article's own index task covers the links.
    AlsoReadLink.objects.bulk_create(
        AlsoReadLink(
            article=article,
            title=link.title,
            url=canonical_url(link.url),
            target=_target_for(link, article),
            order=order,
        )
        for order, link in enumerate(links)
    )


def _resolve_links_to(article):
    """Point earlier "Also read" links that name this article at it."""
    wanted = normalise_words(article.headline)
    urls = [article.url] if article.url else []
    others = AlsoReadLink.objects.exclude(article=article)
    for link in others.waiting_for([article.headline], urls):
        if (article.url and link.url == article.url) or normalise_words(link.title) == wanted:
            link.target = article
            link.save(update_fields=["target"])


def _link_editorials(article, editorials, is_demo=False):
    """Link the sidebar's editorials (stored once each); return those created now."""
    rows, created_now = [], []
    for item in editorials:
        editorial, created = Editorial.objects.get_or_create(
            slug=editorial_slug(item.title),
            date=item.date,
            defaults=editorial_fields(item, is_demo),
        )
        if not created and add_detail(editorial, item):
            editorial.save()
        rows.append(editorial)
        if created:
            created_now.append(editorial)
    if rows:
        article.editorials.add(*rows)
    return created_now


def _tag(article, item, new):
    found_countries, found_topics = item.evidence  # what the record's words called for
    apply_tags(
        article,
        resolve_topics(item.record.topics),
        resolve_countries(item.record.countries),
        with_countries(found_countries),
        found_topics,
        new=new,
    )
