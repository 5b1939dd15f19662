"""The index never drifts: tasks in the database, one writer, reconcile, live rebuild."""

import importlib.util
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django import db
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from haystack import connections
from haystack.query import SearchQuerySet

from articles.models import Article, IndexTask
from articles.models.index_task import MAX_ATTEMPTS
from articles.search import indexing, writing
from articles.search.maintenance import find_drift, rebuild
from articles.tests import factories as f
from articles.tests.shared_data import REPO


def ids_in_index():
    return connections["default"].get_backend().indexed_identifiers()


def ids_in_database():
    return {
        f"articles.article.{pk}" for pk in Article.objects.published().values_list("pk", flat=True)
    }


def test_a_change_records_its_task_in_the_same_transaction(search_index):
    with transaction.atomic():
        article = f.article("Task written with the row")
        assert IndexTask.objects.filter(object_id=article.pk).exists()
        # Not applied yet: the transaction is still open.
        assert list(SearchQuerySet().auto_query("row")) == []
    assert [r.pk for r in SearchQuerySet().auto_query("row")] == [str(article.pk)]
    assert IndexTask.objects.pending().count() == 0


def test_a_rolled_back_change_leaves_no_task(search_index):
    with pytest.raises(RuntimeError), transaction.atomic():
        f.article("Never happened")
        raise RuntimeError
    assert IndexTask.objects.count() == 0


def test_gathered_records_each_stale_row_once_and_nothing_when_the_block_fails(db):
    article = f.article("Gathered")
    IndexTask.objects.all().delete()
    with transaction.atomic(), indexing.gathered():
        article.summary = "changed"
        article.save()
        article.topics.add(f.topic("Harbours"))
        with indexing.gathered():  # nested: the outer block records
            indexing.mark_many_stale(Article, [article.pk, article.pk])
        assert IndexTask.objects.count() == 0  # not yet: at the end of the block
    assert list(IndexTask.objects.values_list("model_label", "object_id")) == [
        ("articles.article", article.pk)
    ]

    IndexTask.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic(), indexing.gathered():
        f.article("Rolled back")
        raise RuntimeError
    assert IndexTask.objects.count() == 0
    assert not Article.objects.filter(headline="Rolled back").exists()
    # Outside a gathering block, marks are recorded at once again.
    indexing.mark_stale(Article, article.pk)
    assert IndexTask.objects.count() == 1


def test_a_poisoned_task_does_not_block_the_others(search_index):
    with indexing.deferred():
        IndexTask.objects.create(model_label="articles.nosuchmodel", object_id=1)
        article = f.article("Healthy neighbour")
    assert [r.pk for r in SearchQuerySet().auto_query("neighbour")] == [str(article.pk)]
    poisoned = IndexTask.objects.get(model_label="articles.nosuchmodel")
    assert poisoned.done_at is None
    assert 1 <= poisoned.attempts < MAX_ATTEMPTS
    assert "nosuchmodel" in poisoned.last_error


def test_reconcile_finds_and_repairs_drift(search_index, capsys):
    kept = f.article("Kept article")
    lost = f.article("Lost article")
    draft = f.article("Draft article", status="draft")
    backend = connections["default"].get_backend()
    backend.remove(lost)  # behind the database's back
    from articles.search_indexes import ArticleIndex

    backend.update(ArticleIndex(), [draft])

    drift = find_drift()
    assert drift.missing == {f"articles.article.{lost.pk}"}
    assert drift.extra == {f"articles.article.{draft.pk}"}

    with pytest.raises(CommandError) as error:
        call_command("reconcile_index", "--check")
    assert error.value.returncode == 1
    assert "1 missing from the index" in capsys.readouterr().out

    call_command("reconcile_index")
    assert ids_in_index() == {f"articles.article.{kept.pk}", f"articles.article.{lost.pk}"}
    call_command("reconcile_index", "--check")


def test_rebuild_swaps_in_a_complete_index_while_searches_go_on(search_index):
    with indexing.deferred():
        for n in range(60):
            f.article(f"Rebuild subject {n} barley")
    seen_counts, stop = [], threading.Event()

    def search_loop():
        while not stop.is_set():
            seen_counts.append(SearchQuerySet().auto_query("barley").count())

    searcher_thread = threading.Thread(target=search_loop)
    searcher_thread.start()
    made_during = []

    def progress(count):
        # A change in the middle of the build must reach the new index too.
        if not made_during:
            made_during.append(f.article("Written during the rebuild: barley"))

    try:
        total = rebuild(batch_size=20, progress=progress)
    finally:
        stop.set()
        searcher_thread.join()

    assert total >= 60
    assert seen_counts and min(seen_counts) >= 60  # never an empty or partial index
    assert SearchQuerySet().auto_query("barley").count() == 61
    assert ids_in_index() == ids_in_database()
    path = settings.HAYSTACK_CONNECTIONS["default"]["PATH"]
    assert os.path.islink(path)


def test_a_rebuild_whose_writer_fails_keeps_the_live_index(search_index, monkeypatch):
    with indexing.deferred():
        for n in range(5):
            f.article(f"Kept subject {n} barley")
    before = ids_in_index()
    generations = set(os.listdir(os.path.dirname(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])))

    def refused(backend, index, objects):
        # A document the writer processes cannot index (no such field).
        yield {"id": "articles.article.0", "no_such_field": "x"}

    monkeypatch.setattr(writing, "documents", refused)
    with pytest.raises(CommandError, match="live index is unchanged") as error:
        call_command("rebuild_index", verbosity=0)
    assert "no_such_field" in str(error.value)  # the writer's own account
    assert ids_in_index() == before
    assert SearchQuerySet().auto_query("barley").count() == 5
    # The half-built generation is gone.
    parent = os.path.dirname(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])
    assert set(os.listdir(parent)) == generations


def _worker(seed, rounds):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="newsarchive.settings.test",
        NEWSARCHIVE_TEST_DATA_DIR=str(settings.DATA_DIR),
        NEWSARCHIVE_CONNECT_TEST_DB="1",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "articles.tests.concurrency_worker", str(seed), str(rounds)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_writers_lose_nothing(search_index):
    workers = [_worker(seed, 25) for seed in (1, 2, 3)]
    # Searches keep working while the workers write.
    deadline = time.monotonic() + 120
    while any(w.poll() is None for w in workers) and time.monotonic() < deadline:
        SearchQuerySet().auto_query("lentils").count()
        time.sleep(0.05)
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        assert "locked" not in err.lower()
    indexing.drain()
    assert Article.objects.count() > 0
    assert ids_in_index() == ids_in_database()


def test_killed_writers_leave_an_index_that_opens_and_reconcile_repairs(search_index):
    # Random moments (printed on failure; NEWSARCHIVE_KILL_SEED repeats them):
    # in a save, in an index commit, in a merge, between them.
    seed = int(os.environ.get("NEWSARCHIVE_KILL_SEED") or random.randrange(10**6))
    rng = random.Random(seed)
    for worker_seed in (11, 12, 13):
        worker = _worker(worker_seed, 400)
        time.sleep(rng.uniform(0.8, 3.0))
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    # The index opens and answers.
    SearchQuerySet().auto_query("lentils").count()
    # No half-written article: every row has its caption (both were one transaction).
    assert not Article.objects.filter(captions__isnull=True).exists(), f"seed {seed}"
    call_command("reconcile_index")
    assert ids_in_index() == ids_in_database(), f"seed {seed}"


def _load_bench():
    spec = importlib.util.spec_from_file_location("load_bench", REPO / "bench/load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _admin_post(bench, client, path, changes, record):
    page = client.get(path)
    fields = [(k, v) for k, v in bench.form_fields(page.text, "article_form") if k not in changes]
    answer = client.request("POST", path, [*fields, *changes.items()], referer=path)
    record(path, answer)
    return answer


def test_admin_saves_and_deletes_over_http_while_readers_search(search_index, live_server):
    """Real requests to a real server: editors add, change and delete in the admin
    while readers search; no 5xx, no lock error shown, and the index ends equal."""
    bench = _load_bench()
    get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    seeds = [f.article(f"Seed story {n} about lentils", slug=f"seed-{n}") for n in range(8)]
    port = urlsplit(live_server.url).port
    problems, statuses, stop = [], Counter(), threading.Event()

    def record(path, response):
        statuses[response.status] += 1
        body = response.body
        if response.status >= 500 or b"database is locked" in body or b"Traceback" in body:
            problems.append(f"{path}: {response.status} {body[:300]!r}")

    def reader():
        client = bench.Client(port)
        while not stop.is_set():
            for path in ("/search/?q=lentils", "/api/search?q=lentils+story&sort=newest"):
                record(path, client.get(path))

    def editor(k):
        try:
            edit(k)
        finally:
            # This thread's own database connection (it looks articles up).
            db.connections.close_all()

    def edit(k):
        client = bench.Client(port)
        client.login("editor", "pw")
        for n in range(5):
            slug = f"http-{k}-{n}"
            added = _admin_post(
                bench,
                client,
                "/admin/articles/article/add/",
                {
                    "headline": f"Editor {k} story {n} about lentils",
                    "slug": slug,
                    "status": "published",
                    "published_0": "2020-02-03",
                    "published_1": "09:15:00",
                    "body": f"<p>Lentils, round {n}.</p>",
                },
                record,
            )
            if added.status != 302:
                problems.append(f"add refused: {added.status}")
                continue
            mine = Article.objects.get(slug=slug)
            _admin_post(
                bench,
                client,
                f"/admin/articles/article/{mine.pk}/change/",
                {"summary": f"Changed by editor {k}."},
                record,
            )
            doomed = seeds[k * 4 + n] if n < 4 else mine
            path = f"/admin/articles/article/{doomed.pk}/delete/"
            token = dict(bench.form_fields(client.get(path).text))["csrfmiddlewaretoken"]
            record(
                path, client.request("POST", path, {"csrfmiddlewaretoken": token, "post": "yes"})
            )

    readers = [threading.Thread(target=reader) for _ in range(3)]
    editors = [threading.Thread(target=editor, args=(k,)) for k in range(2)]
    for thread in readers + editors:
        thread.start()
    for thread in editors:
        thread.join(timeout=300)
    stop.set()
    for thread in readers:
        thread.join(timeout=60)

    assert not problems, problems[:5]
    assert statuses[302] >= 2 * 5 * 3 - len(problems)
    assert not [s for s in statuses if s >= 500]
    indexing.drain()
    assert Article.objects.count() == 8 + 10 - 8 - 2
    assert ids_in_index() == ids_in_database()


def test_small_commits_leave_merging_until_segments_pile_up(search_index):
    from articles.search.writing import MERGE_AT_SEGMENTS

    def segments():
        return len(search_index.index.refresh()._segments())

    counts = []
    for n in range(MERGE_AT_SEGMENTS + 2):
        f.article(f"Report number {n}")
        counts.append(segments())
    # One new segment per save, no merging, until there are enough to merge.
    assert counts[:MERGE_AT_SEGMENTS] == list(range(1, MERGE_AT_SEGMENTS + 1))
    assert counts[MERGE_AT_SEGMENTS] < MERGE_AT_SEGMENTS
    assert ids_in_index() == ids_in_database()
