"""What is held around new records, read a chunk ahead, and what such a read cannot see.

A checking worker reads the articles around the next chunk's dates while the
saving process saves this one. The read cannot see what the import saves
after it (``Made`` fills that in) nor another writer's articles (the run
checks its slugs before it writes). Each is tested here against what a
fresh read would give.
"""

import multiprocessing
import os

import pytest
from django.db import transaction

from articles.countries import ensure_countries
from articles.ingest import checking, checkpoints, importer, tags
from articles.ingest.runs import save_new
from articles.ingest.surroundings import Made, Surroundings
from articles.models import Article, Country
from articles.tests import factories
from articles.tests.test_import_runs import (
    RECORDS,
    held_archive,
    imported,
    record,
    snapshot,
    story,
)


@pytest.fixture
def no_draining(settings):
    settings.NEWSARCHIVE = {**settings.NEWSARCHIVE, "INDEX_DRAIN_IN_PROCESS": False}


def checked(data, position):
    item, failure = checking.check(f"r.jsonl:{position}", data, tags.keyword_topics())
    assert failure is None, failure
    item.position = position
    return item


def saved(run, **kwargs):
    with transaction.atomic():
        save_new(run, **kwargs)
    return [item.article for item in run]


@pytest.mark.django_db(transaction=True)
def test_chunks_read_ahead_in_a_worker_import_as_records_saved_one_at_a_time(
    no_draining, monkeypatch
):
    # Committed, so that a worker's own connection sees the held archive.
    ensure_countries(Country)
    held_archive()
    alone_report, alone = imported(RECORDS, together=False)

    # Three records a chunk: versions, slugs and links cross chunks, so
    # each chunk's read ahead may miss what the chunks before it saved.
    monkeypatch.setattr(importer, "RUN_SIZE", 3)
    chunks = []
    checked_chunks = checking.checked_chunks

    def recorded(*args, **kwargs):
        for chunk in checked_chunks(*args, **kwargs):
            chunks.append(chunk)
            yield chunk

    monkeypatch.setattr(checking, "checked_chunks", recorded)
    workers_at_checkpoints = []
    beside = checkpoints.beside

    def counted():
        workers_at_checkpoints.append(len(multiprocessing.active_children()))
        return beside()

    monkeypatch.setattr(checkpoints, "beside", counted)
    report = importer.import_records(
        [(f"runs.jsonl:{n}", data) for n, data in enumerate(RECORDS, start=1)], workers=1
    )

    # The worker was forked before the checkpoint thread started.
    assert workers_at_checkpoints == [1]
    # The first chunk is checked by the saving process, which reads at save time.
    assert len(chunks) == 4
    assert chunks[0].around is None
    assert all(chunk.around is not None for chunk in chunks[1:])
    assert {chunk.around.read_by for chunk in chunks[1:]}.isdisjoint({os.getpid()})
    assert [(item.location, item.outcome, item.headline) for item in report.outcomes] == [
        (location, outcome, headline) for location, outcome, _, headline in alone_report
    ]
    together = snapshot()
    for part in alone:
        assert together[part] == alone[part], part


@pytest.mark.django_db
def test_a_worker_reads_nothing_ahead_inside_a_transaction(no_draining):
    # A preview runs in a transaction that a worker's connection cannot see
    # into: the runs read what is held themselves.
    records = [record(f"Story {n}", n, day=1 + n) for n in range(9)]
    with transaction.atomic():
        chunks = list(
            checking.checked_chunks(
                [(f"r:{n}", data) for n, data in enumerate(records)],
                3,
                tags.keyword_topics(),
                workers=1,
            )
        )
    assert [chunk.around for chunk in chunks] == [None, None, None]


@pytest.mark.django_db
def test_what_the_import_made_after_a_read_stands_in_for_it(no_draining):
    first = checked(record("Floods close the river road", 1, hour=9), 0)
    # The same headline on the same day, and a version of the first.
    later = checked(
        record("Floods close the river road", 1, hour=15, body_text=story(1, "more rain")), 1
    )
    stale = Surroundings.read([later])  # read before the first was saved
    made = Made()
    (article,) = saved([first], made=made)
    made.add(article)

    (version,) = saved([later], around=stale, made=made)

    assert version.slug == f"{article.slug}-2"
    assert version.canonical_id == article.pk


@pytest.mark.django_db
def test_without_what_the_import_made_a_stale_read_would_miss_a_version(no_draining):
    # Why ``Made`` is there: the same read, nothing made known. (A slug taken
    # twice would still be caught by the check before the run writes.)
    first = checked(record("Floods close the river road", 1, hour=9), 0)
    later = checked(
        record("River road shut as water rises", 1, hour=15, body_text=story(1, "more rain")), 1
    )
    stale = Surroundings.read([later])
    saved([first])

    (version,) = saved([later], around=stale, made=Made())

    assert version.canonical_id is None


@pytest.mark.django_db
def test_a_slug_another_writer_took_after_a_read_ahead_is_not_taken_twice(no_draining):
    item = checked(record("Floods close the river road", 1, hour=15), 0)
    ahead = Surroundings.read([item])
    # An editor's article, saved between the read and the run.
    other = factories.article(
        "Floods close the river road", published=factories.when(2021, 3, 14, 10)
    )

    (article,) = saved([item], around=ahead, made=Made())

    assert other.slug == "floods-close-the-river-road"
    assert article.slug == "floods-close-the-river-road-2"
    assert Article.objects.filter(slug=other.slug).count() == 1


@pytest.mark.django_db
def test_an_article_the_import_moved_to_another_day_leaves_its_old_day(no_draining):
    made = Made()
    article = factories.article("Moving story", published=factories.when(2021, 3, 14, 10))
    made.add(article)
    article.published = factories.when(2021, 3, 20, 10)
    article.slug = "moved-story"
    made.add(article)

    zone = made.zone
    assert made.slugs_on(factories.when(2021, 3, 14).astimezone(zone).date()) == set()
    assert made.slugs_on(factories.when(2021, 3, 20).astimezone(zone).date()) == {"moved-story"}
    assert made.around(factories.when(2021, 3, 14, 10)) == set()
    assert made.around(factories.when(2021, 3, 22, 10)) == {article.pk}


@pytest.mark.django_db
def test_what_every_read_to_come_saw_is_forgotten(no_draining):
    made = Made()
    first = factories.article("First story", published=factories.when(2021, 3, 14, 10))
    second = factories.article("Second story", published=factories.when(2021, 3, 14, 11))
    made.add(first)
    sent_at = made.count  # a chunk goes to a worker: its read will see the first
    made.add(second)

    made.forget_before(sent_at)

    day = factories.when(2021, 3, 14, 10).astimezone(made.zone).date()
    assert set(made.rows) == {second.pk}
    assert made.slugs_on(day) == {second.slug}
    assert made.around(factories.when(2021, 3, 14, 10)) == {second.pk}
    # Changed again later, the first is taken in anew.
    made.add(first)
    made.forget_before(sent_at + 1)
    assert set(made.rows) == {first.pk}
