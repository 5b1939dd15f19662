"""New articles saved in runs end up exactly as if each had been saved on its own.

The records below are built to make the records of one run depend on each
other and on what the archive already held: versions of an earlier record
and of a held article, equal headlines on one day (slugs), "Also read"
lines naming earlier and later records and held articles, held links waiting
for an article of the run, shared editorials, duplicates and a failure in
the middle. Each import runs in a savepoint that is rolled back, once saved
in runs and once a record at a time, and the two databases are compared.
"""

import random
import re

import pytest
from django.db import IntegrityError, transaction

from articles.ingest import importer
from articles.ingest.importer import Outcome, import_records
from articles.models import (
    AlsoReadLink,
    Article,
    Caption,
    Editorial,
    IndexTask,
    TagEvidence,
    Topic,
)
from articles.tests import factories

# Stories are these words in an order of their own: two stories share hardly a
# run of four words, while versions of one share nearly all.
STORY = (
    "river water rose through the night and crews worked along the embankment while "
    "families carried furniture to the upper floors of schools that opened as shelters "
    "officials said the road would stay closed until engineers had checked each bridge "
    "pier for damage and traders waited beside their trucks for news of the crossing"
)


def story(seed, extra=""):
    words = STORY.split()
    random.Random(seed).shuffle(words)
    return " ".join(words) + (f" {extra}" if extra else "")


def record(headline, seed, day=14, hour=9, **overrides):
    data = {
        "headline": headline,
        "published": f"2021-03-{day:02d}T{hour:02d}:00:00+00:00",
        "body_text": story(seed),
        "captions": [{"text": f"Photo for {headline}.", "credit": "Staff"}],
        "topics": ["Floods"],
        "countries": ["PK"],
    }
    data.update(overrides)
    return data


def held_archive():
    """Articles (and a waiting link) the archive holds before the import."""
    factories.article(
        "Harvest festival returns",
        published=factories.when(2021, 3, 12),
        url="https://paper.example/harvest",
    )
    factories.article(
        "Bridge piers checked",
        published=factories.when(2021, 3, 13),
        body=story(2),
    )
    market = factories.article("Market day moves", published=factories.when(2021, 3, 10))
    factories.also_read(market, "Dam repairs begin")  # waits for a target
    factories.editorial("The river and us", date=factories.when(2021, 3, 14).date())


RECORDS = [
    record(
        "Floods close the river road",
        1,
        url="https://paper.example/floods",
        also_read=[{"title": "Dam repairs begin"}, {"title": "Market day moves"}],
        editorials=[{"title": "A season of water", "date": "2021-03-14"}],
    ),
    # A version of the first, and one of the held "Bridge piers checked".
    record("River road shut as water rises", 1, hour=11, body_text=story(1, "more rain")),
    record("Piers of the bridge are checked", 2, day=13, hour=15),
    # The same headline the same day: the next free slug.
    record("Floods close the river road", 3, hour=16),
    record(
        "Dam repairs begin",
        4,
        day=15,
        url="https://paper.example/dam",
        also_read=[{"title": "Elsewhere", "url": "https://paper.example/floods?utm_source=x"}],
        editorials=[
            {
                "title": "A season of water",
                "date": "2021-03-14",
                "teaser": "<p>What the floods ask of us.</p>",
                "url": "https://paper.example/editorials/water",
            },
            {"title": "The river and us", "date": "2021-03-14", "teaser": "Filled in."},
        ],
    ),
    # Words an earlier record of the run has: a duplicate, saved alone.
    record("Floods close the river road", 3, hour=16),
    record("No such place", 5, countries=["Atlantis"]),  # fails
    record(
        "Night of the flood",
        6,
        day=16,
        also_read=[{"title": "Harvest festival returns"}, {"title": "Relief convoy arrives"}],
    ),
    # An address held: an update, saved alone, between two runs.
    record(
        "Harvest festival returns",
        7,
        day=12,
        url="https://paper.example/harvest",
        body_text="The festival came back after two dry years.",
    ),
    record("Relief convoy arrives", 8, day=17, topics=["Relief"]),
]


def _by_key(pk):
    article = Article.objects.filter(pk=pk).first()
    return article and (article.slug, article.published.isoformat())


def _task_key(task):
    if task.model_label == "articles.article":
        return _by_key(task.object_id)
    editorial = Editorial.objects.get(pk=task.object_id)
    return (editorial.slug, editorial.date.isoformat())


def snapshot():
    """The database's content with ids replaced by natural keys."""
    key = _by_key
    return {
        "articles": sorted(
            (
                article.slug,
                article.published.isoformat(),
                article.headline,
                article.url,
                article.status,
                article.body,
                article.content_hash,
                key(article.canonical_id),
                sorted(article.topics.values_list("slug", flat=True)),
                sorted(article.countries.values_list("code", flat=True)),
                sorted(
                    (editorial.slug, editorial.date.isoformat())
                    for editorial in article.editorials.all()
                ),
            )
            for article in Article.objects.all()
        ),
        "captions": sorted(
            (key(c.article_id), c.order, c.text, c.credit, str(c.photo_date))
            for c in Caption.objects.all()
        ),
        "links": sorted(
            (key(link.article_id), link.order, link.title, link.url, key(link.target_id))
            for link in AlsoReadLink.objects.all()
        ),
        "editorials": sorted(
            (e.slug, e.date.isoformat(), e.title, e.teaser, e.url, e.date_is_updated)
            for e in Editorial.objects.all()
        ),
        "evidence": sorted(
            (
                key(row.article_id),
                row.country_id and row.country.code,
                row.topic_id and row.topic.slug,
                row.sentence,
                row.matched,
                row.confidence,
            )
            for row in TagEvidence.objects.all()
        ),
        # Which documents are stale (one at a time, a document can be marked
        # stale in several transactions, so more than once).
        "index tasks": sorted(
            {
                (task.model_label, _task_key(task))
                for task in IndexTask.objects.filter(done_at__isnull=True)
            }
        ),
    }


def imported(records, *, together):
    with transaction.atomic():
        report = import_records(
            [(f"runs.jsonl:{n}", data) for n, data in enumerate(records, start=1)],
            together=together,
        )
        state = snapshot()
        transaction.set_rollback(True)
    lines = [
        (item.location, item.outcome, re.sub(r"#\d+", "#N", item.reason), item.headline)
        for item in report.outcomes
    ]
    return lines, state


@pytest.fixture
def no_draining(settings):
    settings.NEWSARCHIVE = {**settings.NEWSARCHIVE, "INDEX_DRAIN_IN_PROCESS": False}


@pytest.mark.django_db
def test_runs_save_what_records_saved_one_at_a_time_would(no_draining):
    held_archive()
    alone_report, alone = imported(RECORDS, together=False)
    runs_report, together = imported(RECORDS, together=True)

    assert runs_report == alone_report
    for part in alone:
        assert together[part] == alone[part], part


@pytest.mark.django_db
def test_the_records_exercise_what_runs_must_get_right(no_draining):
    """Guards the test above: its records do make each case happen."""
    held_archive()
    with transaction.atomic():
        report = import_records([(f"r:{n}", data) for n, data in enumerate(RECORDS)])
        outcomes = [item.outcome for item in report.outcomes]
        assert outcomes.count(Outcome.CREATED) == 7
        assert outcomes[5:9] == [
            Outcome.DUPLICATE,
            Outcome.FAILED,
            Outcome.CREATED,
            Outcome.UPDATED,
        ]
        first = Article.objects.get(url="https://paper.example/floods")
        dam = Article.objects.get(url="https://paper.example/dam")
        assert Article.objects.get(headline="River road shut as water rises").canonical == first
        piers = Article.objects.get(headline="Piers of the bridge are checked")
        assert piers.canonical.headline == "Bridge piers checked"
        assert first.also_read_links.get(title="Dam repairs begin").target == dam
        assert dam.also_read_links.get().target == first
        held_link = AlsoReadLink.objects.get(article__headline="Market day moves")
        assert held_link.target == dam
        night = Article.objects.get(headline="Night of the flood")
        assert night.also_read_links.get(title="Relief convoy arrives").target.headline == (
            "Relief convoy arrives"
        )
        assert {a.slug for a in Article.objects.filter(headline="Floods close the river road")} == {
            "floods-close-the-river-road",
            "floods-close-the-river-road-2",
        }
        water = Editorial.objects.get(title="A season of water")
        assert water.url == "https://paper.example/editorials/water"
        assert water.articles.count() == 2
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_a_run_the_database_refuses_is_saved_one_record_at_a_time(no_draining, monkeypatch):
    save_new = importer.save_new
    refused = []

    def refused_at_the_end(run, **kwargs):
        save_new(run, **kwargs)  # everything, a new topic included, then refused
        refused.append(len(run))
        raise IntegrityError("refused for the test")

    monkeypatch.setattr(importer, "save_new", refused_at_the_end)
    records = [
        record("Convoy leaves the capital", 1, topics=["Relief"]),
        record("Convoy reaches the valley", 2, day=16, topics=["Relief"]),
        record("Convoy returns", 3, day=18, topics=["relief"]),
    ]
    report = import_records([(f"r:{n}", data) for n, data in enumerate(records)])

    assert refused == [3]
    assert [item.outcome for item in report.outcomes] == [Outcome.CREATED] * 3
    relief = Topic.objects.get(slug="relief")  # made again, once, and used by all three
    assert set(relief.articles.values_list("headline", flat=True)) == {
        data["headline"] for data in records
    }


@pytest.mark.django_db
def test_a_generated_archive_imports_the_same_in_runs_with_a_checking_worker(
    no_draining, monkeypatch
):
    # Generated records share editorials; here they also get addresses and
    # name each other (before and after, in and across chunks) in "Also
    # read" lines, by title and by address. Several chunks, checked in a worker.
    from articles.corpus.generator import generate_records

    monkeypatch.setattr(importer, "RUN_SIZE", 40)
    records = [data for _, data in generate_records(200, 7)]
    for n in range(0, 200, 7):
        records[n]["url"] = f"https://paper.example/{n}"
    for n in range(3, 200, 11):
        by_address = (n * 3) % 200 // 7 * 7
        records[n]["also_read"] = [
            {"title": records[(n * 7) % 200]["headline"]},
            {"title": "By address", "url": f"https://paper.example/{by_address}"},
        ]
    records[50] = records[10]  # a duplicate in a later chunk
    records[120] = {**records[30], "headline": "Retitled"}  # a version

    alone_report, alone = imported(records, together=False)
    with transaction.atomic():
        report = import_records(
            [(f"runs.jsonl:{n}", data) for n, data in enumerate(records, start=1)],
            workers=1,
        )
        together = snapshot()
        transaction.set_rollback(True)

    assert [
        (item.location, item.outcome, re.sub(r"#\d+", "#N", item.reason))
        for item in report.outcomes
    ] == [line[:3] for line in alone_report]
    assert len(together["articles"]) == 199
    links = together["links"]
    assert len(links) == 36
    assert sum(1 for *_, target in links if target) == 36
    canonical = 7  # the place of the canonical article's key in a snapshot's row
    assert [row[2] for row in together["articles"] if row[canonical]] == ["Retitled"]
    for part in alone:
        assert together[part] == alone[part], part


@pytest.mark.django_db
def test_a_checking_worker_that_dies_loses_no_record(no_draining, monkeypatch, caplog):
    import os

    from articles.ingest import checking

    parent = os.getpid()
    check = checking.check

    def dies_in_a_worker(location, data, keyword_topics):
        if os.getpid() != parent and location.endswith(":45"):
            os._exit(9)  # as if killed: no exception, no result
        return check(location, data, keyword_topics)

    monkeypatch.setattr(checking, "check", dies_in_a_worker)
    monkeypatch.setattr(importer, "RUN_SIZE", 20)
    records = [
        record(f"Story number {n}", n, day=1 + n % 28, url=f"https://paper.example/{n}")
        for n in range(100)
    ]
    report = import_records([(f"r.jsonl:{n}", data) for n, data in enumerate(records)], workers=1)

    assert [item.outcome for item in report.outcomes] == [Outcome.CREATED] * 100
    assert Article.objects.count() == 100
    assert "A checking worker died" in caplog.text
