"""Faults under the app: a damaged index, a full disk, a busy database, too many requests.

In each, the database keeps every change, the person sees a plain page that
says what happened (a 503, never a 500 or a traceback), and one command puts
the index right.
"""

import glob
import importlib.util
import logging
import os
import re
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from haystack.query import SearchQuerySet

from articles.middleware import LoadSheddingMiddleware
from articles.models import Article, IndexTask
from articles.search import indexing
from articles.tests import factories as f
from articles.tests.shared_data import REPO


def ids_in_index():
    from haystack import connections

    return connections["default"].get_backend().indexed_identifiers()


def ids_in_database():
    return {
        f"articles.article.{pk}" for pk in Article.objects.published().values_list("pk", flat=True)
    }


def load_bench():
    spec = importlib.util.spec_from_file_location("load_bench", REPO / "bench/load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def as_a_fresh_process(backend):
    # A worker started after the damage opens the files anew; this one's
    # long-lived searcher could still be reading what it opened before.
    backend._close_searcher()
    backend.setup_complete = False


def truncate_toc(generation):
    (toc,) = glob.glob(os.path.join(generation, "_MAIN_*.toc"))
    data = Path(toc).read_bytes()
    Path(toc).write_bytes(data[: len(data) // 2])


def garble_segment(generation):
    for segment in glob.glob(os.path.join(generation, "*.seg")):
        data = bytearray(Path(segment).read_bytes())
        for i in range(64, len(data), 7):
            data[i] ^= 0x5A
        Path(segment).write_bytes(bytes(data))


def remove_segment(generation):
    os.remove(sorted(glob.glob(os.path.join(generation, "*.seg")))[0])


@pytest.mark.parametrize("damage", [truncate_toc, garble_segment, remove_segment])
def test_a_damaged_index_answers_503_keeps_saves_and_reconcile_rebuilds(
    search_index, client, damage, caplog
):
    with indexing.deferred():
        for n in range(12):
            f.article(f"Harvest report {n} on barley", captions=[f"Barley field {n}"])
    kept = f.article("A page that needs no index")
    damage(search_index.generation_path())
    as_a_fresh_process(search_index)

    # Search pages: a plain 503 that says why, for people and for programs.
    response = client.get("/search/", {"q": "barley"})
    assert response.status_code == 503
    assert response["Retry-After"]
    text = response.content.decode()
    assert "Search is unavailable" in text and "Traceback" not in text
    for path in ("/api/search", "/api/v1/search/"):
        response = client.get(path, {"q": "barley"})
        assert response.status_code == 503, path
        assert response.json()["error"]["status"] == 503
    # Reading articles does not need the index.
    assert client.get(kept.get_absolute_url()).status_code == 200

    # A save still succeeds; its index task waits, charged no attempt.
    with caplog.at_level(logging.CRITICAL, logger="articles.search.indexing"):
        saved = f.article("Written while the index was damaged: barley")
    task = IndexTask.objects.filter(object_id=saved.pk).get()
    assert task.done_at is None and task.attempts == 0

    # The health endpoint and the system check both say so.
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["search"]["readable"] is False
    assert health.json()["database"]["ok"] is True
    assert [m.id for m in run_checks(tags=["search"])] == ["newsarchive.W010"]

    with pytest.raises(CommandError) as error:
        call_command("reconcile_index", "--check", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert error.value.returncode == 1
    call_command("reconcile_index", stdout=open(os.devnull, "w"))  # noqa: SIM115

    assert ids_in_index() == ids_in_database()
    assert SearchQuerySet().auto_query("barley").count() == 13
    assert client.get("/search/", {"q": "barley"}).status_code == 200
    assert client.get("/healthz").json()["status"] == "ok"
    assert run_checks(tags=["search"]) == []


@pytest.fixture
def small_tmpfs():
    """A 1 MB tmpfs beside the index, named like a generation directory; skipped without mount."""
    mountpoint = Path(settings.DATA_DIR) / "whoosh_index.gen-tmpfs"
    mountpoint.mkdir(exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mountpoint)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        mountpoint.rmdir()
        pytest.skip(
            "SKIPPED LOUDLY: cannot mount a tmpfs for the full-disk test "
            f"(needs root or CAP_SYS_ADMIN): {mounted.stderr.strip()}"
        )
    try:
        yield mountpoint
    finally:
        from haystack import connections

        backend = connections["default"].get_backend()
        if backend.generation_path() == str(mountpoint):
            backend.swap_to(backend.new_generation())
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)
        mountpoint.rmdir()


def fill(directory):
    """Write zeros until the filesystem refuses; return the file to delete later."""
    filler = directory / "filler"
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError as error:
            assert error.errno == 28  # ENOSPC
    return filler


def test_a_full_disk_under_the_index_loses_no_change(search_index, small_tmpfs, client, caplog):
    for n in range(5):
        f.article(f"Harvest report {n} on barley")
    search_index.swap_to(str(small_tmpfs))
    call_command("reconcile_index", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert os.path.realpath(search_index.link_path) == str(small_tmpfs)
    assert SearchQuerySet().auto_query("barley").count() == 5
    filler = fill(small_tmpfs)

    written = []
    with caplog.at_level(logging.ERROR, logger="articles.search.indexing"):
        # More saves than a task's attempts allow: none may be given up on.
        for n in range(7):
            written.append(f.article(f"Written on a full disk {n}: barley"))
    assert any("cannot be written" in r.getMessage() for r in caplog.records)
    pending = IndexTask.objects.pending().filter(object_id__in=[a.pk for a in written])
    assert pending.count() == 7
    assert not IndexTask.objects.failing().exists()
    # The failed writer let go of the lock, and what was indexed is still searchable.
    with search_index.write_lock(timeout=1):
        pass
    assert SearchQuerySet().auto_query("barley").count() == 5
    assert client.get("/search/", {"q": "barley"}).status_code == 200

    filler.unlink()
    indexing.drain()
    assert ids_in_index() == ids_in_database()
    assert SearchQuerySet().auto_query("barley").count() == 12


# --- a busy database --------------------------------------------------------------------


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "e@example.org", "pw")


def _change_form(client, article):
    fields = load_bench().form_fields(
        client.get(f"/admin/articles/article/{article.pk}/change/").content.decode(),
        "article_form",
    )
    return [(k, v) for k, v in fields if k != "summary"]


def _post(client, article, fields, summary):
    data = {}
    for key, value in [*fields, ("summary", summary), ("_save", "Save")]:
        data.setdefault(key, []).append(value)
    return client.post(f"/admin/articles/article/{article.pk}/change/", data)


def _hold_write_lock(seconds, started):
    holder = sqlite3.connect(connection.settings_dict["NAME"], timeout=5)
    holder.execute("BEGIN IMMEDIATE")
    started.set()
    time.sleep(seconds)
    holder.rollback()
    holder.close()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's single write lock")
def test_a_save_waits_for_a_busy_database(transactional_db, client, editor):
    article = f.article("Kept in the admin")
    client.force_login(editor)
    fields = _change_form(client, article)
    started = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(1.5, started))
    holder.start()
    started.wait()
    try:
        response = _post(client, article, fields, "Saved after waiting.")
    finally:
        holder.join()
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.summary == "Saved after waiting."


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's single write lock")
def test_a_database_locked_too_long_gives_a_503_and_changes_nothing(
    transactional_db, client, editor, caplog
):
    article = f.article("Kept in the admin")
    client.force_login(editor)
    fields = _change_form(client, article)
    options = connection.settings_dict["OPTIONS"]
    wait = options.get("timeout")
    options["timeout"] = 0.5
    connection.close()
    started = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(3, started))
    holder.start()
    started.wait()
    try:
        with caplog.at_level(logging.CRITICAL, logger="articles.middleware"):
            response = _post(client, article, fields, "Never saved.")
    finally:
        holder.join()
        options["timeout"] = wait
        connection.close()
    assert response.status_code == 503
    text = response.content.decode()
    assert "nothing was changed" in text
    assert "locked" not in text.lower() and "Traceback" not in text
    article.refresh_from_db()
    assert article.summary == ""


# --- health and overload ----------------------------------------------------------------


def test_health_reports_the_database_and_the_index(search_index, client):
    f.article("Counted by the health check")
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["search"]["documents"] == 1
    assert body["search"]["pending_tasks"] == 0


def test_past_its_bound_a_process_answers_503_at_once(settings, caplog):
    settings.NEWSARCHIVE = {**settings.NEWSARCHIVE, "MAX_IN_FLIGHT": 2, "BURST_IN_FLIGHT": 0}
    release = threading.Event()
    inside = threading.Semaphore(0)

    def slow_view(request):
        inside.release()
        release.wait(10)
        return HttpResponse("done")

    middleware = LoadSheddingMiddleware(slow_view)
    factory = RequestFactory()
    answers = []
    workers = [
        threading.Thread(target=lambda: answers.append(middleware(factory.get("/search/"))))
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    inside.acquire(timeout=5)
    inside.acquire(timeout=5)

    started = time.monotonic()
    turned_away = middleware(factory.get("/search/", {"q": "x"}))
    api = middleware(factory.get("/api/v1/articles/"))
    elapsed = time.monotonic() - started
    release.set()
    for worker in workers:
        worker.join()

    assert turned_away.status_code == 503 and turned_away["Retry-After"]
    assert b"The archive is busy" in turned_away.content
    assert api.status_code == 503 and b'"status": 503' in api.content
    assert elapsed < 5  # not queued behind the slow requests (they hold for 10 s)
    assert [a.status_code for a in answers] == [200, 200]
    # One log line a second at most, saying why: the second refusal waits for the next.
    (report,) = [r for r in caplog.records if r.name == "articles.middleware"]
    assert report.levelname == "WARNING"
    assert report.getMessage().startswith(
        "Busy: turned away 1 request(s) since the last report, the latest GET /search/: "
        "2 in flight, the bound and the whole burst (bound 2, burst 0"
    )
    # Once they finish, the next one is served.
    release.set()
    assert middleware(factory.get("/")).status_code == 200


class _Held:
    """Requests through the shedding middleware that stay in progress until let go."""

    def __init__(self, middleware):
        self.middleware = middleware
        self.factory = RequestFactory()
        self.inside = threading.Semaphore(0)
        self.answers = []
        self.threads = []

    def hold(self):
        release = threading.Event()

        def view(request):
            self.inside.release()
            release.wait(10)
            return HttpResponse("done")

        def call():
            self.middleware.get_response = view
            self.answers.append(self.middleware(self.factory.get("/")).status_code)

        thread = threading.Thread(target=call)
        thread.start()
        assert self.inside.acquire(timeout=5)
        self.threads.append(thread)
        return release

    def now(self):
        self.middleware.get_response = lambda request: HttpResponse("quick")
        return self.middleware(self.factory.get("/")).status_code


def _held(settings, *, bound, burst, seconds):
    """A shedding middleware with this bound, burst and window, whose requests can be held."""
    settings.NEWSARCHIVE = {
        **settings.NEWSARCHIVE,
        "MAX_IN_FLIGHT": bound,
        "BURST_IN_FLIGHT": burst,
        "BURST_SECONDS": seconds,
    }
    return _Held(LoadSheddingMiddleware(lambda request: HttpResponse()))


def test_a_short_burst_is_served_but_a_backlog_is_shed(settings, caplog):
    held = _held(settings, bound=1, burst=1, seconds=0.5)
    first = held.hold()
    second = held.hold()  # past the bound, but the oldest only just began: a burst
    assert held.now() == 503  # the burst allowance is used up
    second.set()
    held.threads[1].join()
    time.sleep(0.6)
    held.middleware.last_report = float("-inf")  # report this refusal too
    assert held.now() == 503  # one in progress for longer than 0.5 s: falling behind
    reports = [r.getMessage() for r in caplog.records if r.name == "articles.middleware"]
    assert "the whole burst" in reports[0]
    falling_behind = (
        r"turned away 1 request.*: 1 in flight, none finished for \d+\.\d s, "
        r"the oldest \(GET /\) \d+\.\d s old"
    )
    assert re.search(falling_behind, reports[1])
    first.set()
    held.threads[0].join()
    assert held.now() == 200
    assert held.answers == [200, 200]


def test_one_slow_request_does_not_turn_others_away_while_the_rest_finish(settings):
    held = _held(settings, bound=2, burst=1, seconds=0.5)
    slow = held.hold()  # e.g. an editor's login, hashing a password
    time.sleep(0.6)
    assert held.now() == 200  # under the bound; it finishes at once
    other = held.hold()  # now at the bound, the oldest 0.6 s old...
    assert held.now() == 200  # ...but a request just finished: keeping up, a burst is served
    time.sleep(0.6)
    assert held.now() == 503  # nothing finished for 0.6 s: falling behind
    slow.set()
    other.set()
    for thread in held.threads:
        thread.join()
    assert held.answers == [200, 200]


def test_refusals_held_back_by_the_report_limit_are_told_when_a_request_finishes(settings, caplog):
    held = _held(settings, bound=1, burst=0, seconds=5)
    held.middleware.REPORT_SECONDS = 0.3
    first = held.hold()
    assert held.now() == 503  # reported at once
    assert held.now() == 503  # within the limit: held back
    assert held.now() == 503
    time.sleep(0.4)
    first.set()  # no refusal follows; the request finishing tells of them
    held.threads[0].join()
    reports = [r.getMessage() for r in caplog.records if r.name == "articles.middleware"]
    assert [re.match(r"Busy: turned away (\d+)", line).group(1) for line in reports] == ["1", "2"]
    assert "the latest GET /: 1 in flight, the bound and the whole burst" in reports[1]


def test_a_process_that_has_finished_nothing_yet_says_so(settings, caplog):
    held = _held(settings, bound=1, burst=1, seconds=0.2)
    first = held.hold()  # a fresh worker's first request, still warming up
    time.sleep(0.3)
    assert held.now() == 503
    (report,) = [r.getMessage() for r in caplog.records if r.name == "articles.middleware"]
    assert "1 in flight, none finished yet, the oldest (GET /)" in report
    first.set()
    held.threads[0].join()


def test_a_new_threads_backend_opens_the_index_past_a_table_of_contents_just_replaced(
    search_index, monkeypatch
):
    # Each thread has its own haystack backend, which opens the index. A
    # writer elsewhere may delete the table of contents Whoosh has just
    # listed as the newest: the first read fails, the next finds the new one.
    from haystack import connections
    from whoosh.index import TOC

    f.article("Harbour dredging resumes")
    read = TOC.read.__func__
    failures = []

    def replaced_once(cls, storage, indexname, gen=None, schema=None):
        if not failures:
            failures.append(indexname)
            raise FileNotFoundError(f"_{indexname}_1.toc")
        return read(cls, storage, indexname, gen, schema)

    monkeypatch.setattr(TOC, "read", classmethod(replaced_once))
    backend = connections["default"].get_backend()
    backend.setup_complete = False
    backend.setup()
    assert failures and backend.setup_complete
    assert backend.searcher().doc_count() >= 1
