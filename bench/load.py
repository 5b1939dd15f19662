"""A load scenario against the app under gunicorn on 127.0.0.1: readers, searchers, editors.

    .venv/bin/python bench/load.py [--users 50] [--duration 180] [--articles 3000]
                                   [--think 1-3] [--editors 5] [--workers 3] [--threads 16]
                                   [--max-in-flight 8] [--burst 4] [--data-dir DIR]

Prepares an archive in a data directory (migrate, ``load_demo --count N``, a
staff account; kept between runs when ``--data-dir`` is given), starts
gunicorn (gthread workers) on a free loopback port with the production
settings, and runs ``--users`` simulated users for ``--duration`` seconds.
Each user waits ``--think`` seconds (uniform range) between requests; readers
open article pages and search (with filters and second pages now and then);
``--editors`` of the users are logged-in staff who open an article's admin
change form and save it (a real POST with the CSRF token). Prints p50/p95/p99
per request type, requests/s and responses by status; ``--overload`` also runs
a second phase with ``--overload-users`` users and no think time, to show load
being shed with fast 503s rather than errors.

Nothing here needs Django in the client: plain threads and http.client, so
what is measured is the server (the client shares the machine, though).
"""

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
sys.path.insert(0, str(REPO))

from newsarchive.serve import MALLOC_SETTINGS  # noqa: E402 - plain module, no Django set-up

STAFF_USER, STAFF_PASSWORD = "loadtest", "load-test-password-7f3a"


# --- the server -------------------------------------------------------------------------


def server_env(data_dir, max_in_flight, burst=4):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        NEWSARCHIVE_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="newsarchive.settings.prod",
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(40),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on loopback: no redirect to HTTPS.
        DJANGO_SECURE_SSL_REDIRECT="0",
        NEWSARCHIVE_MAX_IN_FLIGHT=str(max_in_flight),
        NEWSARCHIVE_BURST_IN_FLIGHT=str(burst),
        # Warnings too: the shedding middleware reports there why it turned requests away.
        DJANGO_LOG_LEVEL="WARNING",
    )
    for name, value in MALLOC_SETTINGS.items():  # as newsarchive.serve sets them
        env.setdefault(name, value)
    env.pop("NEWSARCHIVE_TEST_DATA_DIR", None)
    env.pop("NEWSARCHIVE_CONNECT_TEST_DB", None)
    return env


def manage(env, *args, quiet=True):
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=REPO,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def prepare(data_dir, articles, env, log=print):
    """Migrate, load demo articles (indexed as they import) and create the staff account."""
    data_dir.mkdir(parents=True, exist_ok=True)
    marker = data_dir / f".load-ready-{articles}"
    if marker.exists():
        return
    started = time.monotonic()
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo", "--count", str(articles))
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model;"
        f"User = get_user_model(); u, _ = User.objects.get_or_create(username={STAFF_USER!r});"
        "u.is_staff = u.is_superuser = True;"
        f"u.set_password({STAFF_PASSWORD!r}); u.save()",
    )
    manage(env, "collectstatic", "--noinput")
    marker.touch()
    log(f"prepared {articles} articles in {data_dir} ({time.monotonic() - started:.0f} s)")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def logged_errors(lines):
    """The server log's errors, each with the whole traceback that follows it."""
    found = []
    for number, line in enumerate(lines):
        if "ERROR" in line:
            found.append(line)
        elif line.startswith("Traceback"):
            # The line before says what failed; the block ends at the exception's own line.
            end = next(
                (n for n in range(number + 1, len(lines)) if not lines[n][:1].isspace()),
                len(lines) - 1,
            )
            found.append("".join(lines[max(0, number - 1) : end + 1]))
    return found


def print_shed_reports(lines, out, limit=20):
    """The server's own account of why it turned requests away (``LoadSheddingMiddleware``)."""
    reports = [line.strip() for line in lines if line.startswith("Busy: ")]
    if reports:
        count = len(reports)
        print(f"the server's reports of shedding ({count}, a second apart at most):", file=out)
        for line in reports[:limit]:
            print(f"  {line}", file=out)


@contextlib.contextmanager
def gunicorn(env, *, workers, threads, port=None):
    port = port or free_port()
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "newsarchive.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--worker-class",
            "gthread",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "60",
            "--config",
            "python:newsarchive.gunicorn_conf",
            "--log-level",
            "warning",
        ],
        cwd=REPO,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    errors = []
    reader = threading.Thread(target=lambda: errors.extend(process.stderr), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError("gunicorn did not start:\n" + "".join(errors))
            with contextlib.suppress(OSError):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn never answered /healthz:\n" + "".join(errors))
            time.sleep(0.2)
        yield port, errors
    finally:
        stop(process)


def stop(process):
    """SIGTERM, as a process manager would send it; SIGKILL if it is not gone in 30 s."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def index_worker(env, interval):
    """``manage.py index_worker --loop``: applies the web workers' index tasks in batches."""
    process = subprocess.Popen(
        [PYTHON, "manage.py", "index_worker", "--loop", f"--interval={interval}", "-v0"],
        cwd=REPO,
        env=env,
    )
    try:
        yield process
    finally:
        stop(process)


PENDING = "from articles.models import IndexTask; print(IndexTask.objects.pending().count())"


def wait_for_index(env, timeout=120):
    """Seconds until no index task is pending (``None`` if that takes over ``timeout``)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        output = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", PENDING],
            cwd=REPO, env=env, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        if int(output.split()[-1]) == 0:
            return time.monotonic() - started
        time.sleep(0.5)
    return None


# --- a browser-ish client -------------------------------------------------------------


class FormParser(HTMLParser):
    """The fields a browser would submit from the first form with ``method=post``."""

    def __init__(self, form_id=None):
        super().__init__()
        self.form_id = form_id
        self.fields = []
        self.in_form = self.done = False
        self._select = self._textarea = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        wanted = self.form_id is None or attrs.get("id") == self.form_id
        if tag == "form" and not self.done and wanted and attrs.get("method", "").lower() == "post":
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.fields.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = {
                "name": name,
                "multiple": "multiple" in attrs,
                "chosen": [],
                "first": None,
            }
        elif tag == "option" and self._select is not None:
            value = attrs.get("value")
            self._option = [value, "selected" in attrs, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        if self._option is not None:
            self._option[2] += data

    def _close_option(self):
        if self._option is not None and self._select is not None:
            value, selected, text = self._option
            value = text.strip() if value is None else value
            if self._select["first"] is None:
                self._select["first"] = value
            if selected:
                self._select["chosen"].append(value)
        self._option = None

    def handle_endtag(self, tag):
        if not self.in_form:
            return
        if tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            name, text = self._textarea
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "option":
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            chosen = self._select["chosen"]
            if not chosen and not self._select["multiple"] and self._select["first"] is not None:
                chosen = [self._select["first"]]
            self.fields.extend((self._select["name"], value) for value in chosen)
            self._select = None
        elif tag == "form":
            self.in_form, self.done = False, True


def form_fields(html, form_id=None):
    parser = FormParser(form_id)
    parser.feed(html)
    return parser.fields


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Client:
    """One user's keep-alive connection and cookies."""

    def __init__(self, port, timeout=60):
        self.port, self.timeout = port, timeout
        self.cookies = {}
        self.connection = None

    def request(self, method, path, data=None, referer=None):
        body = urlencode(data, doseq=True).encode() if data is not None else None
        headers = {"Host": f"127.0.0.1:{self.port}", "User-Agent": "newsarchive-load"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if referer:
            headers["Referer"] = f"http://127.0.0.1:{self.port}{referer}"
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=self.timeout
                )
            try:
                self.connection.request(method, path, body=body, headers=headers)
                raw = self.connection.getresponse()
                payload = raw.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: open a new one once.
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for name, value in raw.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        if raw.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return Response(raw.status, dict(raw.getheaders()), payload)

    def get(self, path):
        return self.request("GET", path)

    def login(self, username, password, attempts=10):
        for _ in range(attempts):
            page = self.get("/admin/login/?next=/admin/")
            if page.status == 200:
                fields = dict(form_fields(page.text))
                fields.update(username=username, password=password)
                answer = self.request(
                    "POST", "/admin/login/?next=/admin/", fields, referer="/admin/login/"
                )
                if answer.status == 302:
                    return
                page = answer
            if page.status != 503:
                raise RuntimeError(f"staff login failed with {page.status}")
            # Turned away while the server is busy: come back when it says to.
            time.sleep(float(page.headers.get("Retry-After", "1")))
        raise RuntimeError("staff login: the server stayed busy")


def admin_save(client, article_id, note, record):
    """Open an article's admin change form and save it with a changed summary."""
    path = f"/admin/articles/article/{article_id}/change/"
    started = time.monotonic()
    page = client.get(path)
    record("admin form", time.monotonic() - started, page)
    if page.status != 200:
        return
    fields = [(k, v) for k, v in form_fields(page.text, "article_form") if k != "summary"]
    fields.append(("summary", note))
    fields.append(("_save", "Save"))
    started = time.monotonic()
    answer = client.request("POST", path, fields, referer=path)
    record("admin save", time.monotonic() - started, answer)


# --- the scenario ---------------------------------------------------------------------


class Recorder:
    """Latencies and statuses per request type, shared by the user threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.samples = defaultdict(list)
        self.statuses = defaultdict(Counter)
        self.problems = []
        self.shed_samples = []

    def __call__(self, kind, seconds, response=None, error=None):
        status = response.status if response is not None else "no answer"
        problem = None
        if error is not None:
            problem = f"{kind}: {type(error).__name__}: {error}"
        elif response.status >= 500 and response.status != 503:
            problem = f"{kind}: {response.status}"
        elif b"database is locked" in response.body or b"Traceback" in response.body:
            problem = f"{kind}: lock error or traceback shown ({response.status})"
        elif kind == "admin save" and response.status not in (302, 503):
            problem = f"{kind}: {response.status} (form refused?)"
        with self.lock:
            if status in (503, 429):
                self.shed_samples.append(seconds)
            self.samples[kind].append(seconds)
            self.statuses[kind][status] += 1
            if problem:
                self.problems.append(problem)

    def summary(self, elapsed):
        total = sum(len(s) for s in self.samples.values())
        all_statuses = Counter()
        for counter in self.statuses.values():
            all_statuses.update(counter)
        not_ok = sum(
            n
            for status, n in all_statuses.items()
            if not (isinstance(status, int) and status < 400)
        )
        return {
            "requests": total,
            "seconds": round(elapsed, 1),
            "requests_per_second": round(total / elapsed, 1) if elapsed else 0,
            "statuses": {str(k): v for k, v in sorted(all_statuses.items(), key=str)},
            "error_rate": not_ok / total if total else 0.0,
            "server_errors": sum(
                n
                for status, n in all_statuses.items()
                if status == "no answer"
                or (isinstance(status, int) and status >= 500 and status != 503)
            ),
            "shed": all_statuses.get(503, 0) + all_statuses.get(429, 0),
            "shed_p50_ms": percentile(self.shed_samples, 0.50),
            "shed_p95_ms": percentile(self.shed_samples, 0.95),
            "problems": Counter(self.problems).most_common(10),
            "by_type": {
                kind: {
                    "count": len(samples),
                    "p50_ms": percentile(samples, 0.50),
                    "p95_ms": percentile(samples, 0.95),
                    "p99_ms": percentile(samples, 0.99),
                    "statuses": {
                        str(k): v for k, v in sorted(self.statuses[kind].items(), key=str)
                    },
                }
                for kind, samples in sorted(self.samples.items())
            },
        }


def percentile(samples, q):
    if not samples:
        return None
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)


def discover(port):
    """Article addresses and search words, read from the sitemap like a crawler would."""
    client = Client(port)
    text = client.get("/sitemap.xml").text
    urls = [urlsplit(u).path for u in re.findall(r"<loc>([^<]+)</loc>", text)]
    articles = [u for u in urls if u.startswith("/articles/")]
    words = Counter()
    for url in articles:
        words.update(w for w in url.rstrip("/").rsplit("/", 1)[-1].split("-") if len(w) > 3)
    vocabulary = [w for w, _ in words.most_common(300)]
    ids = [
        int(m)
        for m in re.findall(r'"id": (\d+)', client.get("/api/v1/articles/?per_page=100").text)
    ]
    if not articles or not vocabulary or not ids:
        raise RuntimeError("the archive looks empty: no articles in the sitemap or the API")
    return articles, vocabulary, ids


def reader(port, until, think, rng, record, pages, words):
    client = Client(port)
    while time.monotonic() < until:
        roll = rng.random()
        if roll < 0.5:
            kind, path = "article", rng.choice(pages)
        else:
            params = {"q": " ".join(rng.sample(words, rng.choice((1, 1, 2))))}
            if rng.random() < 0.2:
                params["sort"] = rng.choice(["newest", "oldest", "relevance_recent"])
            if rng.random() < 0.15:
                params["page"] = 2
            kind, path = "search", "/search/?" + urlencode(params)
        started = time.monotonic()
        try:
            response = client.get(path)
        except OSError as error:
            record(kind, time.monotonic() - started, error=error)
        else:
            record(kind, time.monotonic() - started, response)
        time.sleep(rng.uniform(*think))


def editor(port, until, think, rng, record, ids, name):
    client = Client(port)
    client.login(STAFF_USER, STAFF_PASSWORD)
    n = 0
    while time.monotonic() < until:
        n += 1
        try:
            admin_save(client, rng.choice(ids), f"Checked by {name}, round {n}.", record)
        except OSError as error:
            record("admin save", 0.0, error=error)
        time.sleep(rng.uniform(*think))


def run_phase(port, *, users, editors, duration, think, seed, pages, words, ids):
    record = Recorder()
    rng = random.Random(seed)
    until = time.monotonic() + duration
    threads = []
    for n in range(users):
        user_rng = random.Random(rng.random())
        if n < editors:
            args = (port, until, think, user_rng, record, ids, f"editor {n}")
            target = editor
        else:
            args = (port, until, think, user_rng, record, pages, words)
            target = reader
        threads.append(threading.Thread(target=_guarded(target, record), args=args, daemon=True))
    started = time.monotonic()
    for thread in threads:
        thread.start()
        # Users arrive over the first second or two, not all in the same millisecond.
        time.sleep(min(0.05, 2.0 / max(users, 1)))
    for thread in threads:
        thread.join(timeout=duration + 120)
    return record.summary(time.monotonic() - started)


def _guarded(target, record):
    def run(*args):
        try:
            target(*args)
        except Exception as error:  # noqa: BLE001 - a user that dies is a finding
            record("user", 0.0, error=error)

    return run


def print_summary(title, summary, out=sys.stdout):
    print(f"\n== {title}", file=out)
    print(
        f"{summary['requests']} requests in {summary['seconds']} s = "
        f"{summary['requests_per_second']} requests/s; error rate "
        f"{summary['error_rate']:.3%}; 5xx other than 503: {summary['server_errors']}; "
        f"shed (503/429): {summary['shed']}",
        file=out,
    )
    if summary["shed"]:
        print(
            f"turned away in p50 {summary['shed_p50_ms']} ms, p95 {summary['shed_p95_ms']} ms",
            file=out,
        )
    print(
        f"{'type':<12} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  statuses", file=out
    )
    for kind, row in summary["by_type"].items():
        print(
            f"{kind:<12} {row['count']:>7} {row['p50_ms'] or 0:>8.1f} {row['p95_ms'] or 0:>8.1f} "
            f"{row['p99_ms'] or 0:>8.1f}  {row['statuses']}",
            file=out,
        )
    for problem, count in summary["problems"]:
        print(f"  problem ×{count}: {problem}", file=out)


def think_range(text):
    low, _, high = text.partition("-")
    return float(low), float(high or low)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--editors", type=int, default=5, help="users who save in the admin")
    parser.add_argument("--duration", type=float, default=180, help="seconds")
    parser.add_argument("--think", type=think_range, default=(1.0, 3.0), help="seconds, LOW-HIGH")
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--max-in-flight", type=int, default=8)
    parser.add_argument("--burst", type=int, default=4, help="more in flight for a moment")
    parser.add_argument("--overload", action="store_true", help="then a phase past capacity")
    parser.add_argument("--overload-users", type=int, default=150)
    parser.add_argument("--overload-duration", type=float, default=30)
    parser.add_argument("--data-dir", type=Path, help="kept between runs (default: temporary)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    parser.add_argument(
        "--index-worker",
        action="store_true",
        help="web workers only record index tasks; manage.py index_worker applies them",
    )
    parser.add_argument("--worker-interval", type=float, default=0.5, help="seconds")
    return parser.parse_args(argv)


def main(argv=None, out=sys.stdout):
    args = parse_args(argv)
    with contextlib.ExitStack() as stack:
        data_dir = args.data_dir
        if data_dir is None:
            data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="load-")))
        env = server_env(data_dir.resolve(), args.max_in_flight, args.burst)
        prepare(data_dir, args.articles, env, log=lambda text: print(text, file=out))
        if args.index_worker:
            env["NEWSARCHIVE_INDEX_DRAIN_IN_PROCESS"] = "0"
            stack.enter_context(index_worker(env, args.worker_interval))
        port, server_errors = stack.enter_context(
            gunicorn(env, workers=args.workers, threads=args.threads)
        )
        pages, words, ids = discover(port)
        print(
            f"gunicorn gthread: {args.workers} workers × {args.threads} threads, "
            f"{args.max_in_flight} (+{args.burst} for a moment) requests in flight per worker; "
            f"{len(ids)} editable articles; "
            + (
                f"index tasks applied by manage.py index_worker every {args.worker_interval} s"
                if args.index_worker
                else "index tasks applied by the saving request"
            ),
            file=out,
        )
        results = {}
        logged = len(server_errors)
        results["load"] = run_phase(
            port,
            users=args.users,
            editors=args.editors,
            duration=args.duration,
            think=args.think,
            seed=args.seed,
            pages=pages,
            words=words,
            ids=ids,
        )
        print_summary(
            f"{args.users} users ({args.editors} editors), think {args.think[0]}–{args.think[1]} s",
            results["load"],
            out,
        )
        print_shed_reports(server_errors[logged:], out)
        if args.overload:
            logged = len(server_errors)
            results["overload"] = run_phase(
                port,
                users=args.overload_users,
                editors=max(1, args.editors // 2),
                duration=args.overload_duration,
                think=(0.0, 0.0),
                seed=args.seed + 1,
                pages=pages,
                words=words,
                ids=ids,
            )
            print_summary(
                f"overload: {args.overload_users} users, no think time", results["overload"], out
            )
            print_shed_reports(server_errors[logged:], out, limit=3)
        lag = wait_for_index(env)
        results["index_caught_up_seconds"] = lag
        print(
            "\nindex tasks: "
            + ("none pending after the load" if lag == 0 else
               f"all applied {lag:.1f} s after the load" if lag is not None else
               "still pending 120 s after the load"),
            file=out,
        )  # fmt: skip
        results["server_log_errors"] = logged_errors(server_errors)[:20]
        if args.json:
            print(json.dumps(results, indent=2), file=out)
        return results


if __name__ == "__main__":
    main()
