"""`make serve`: the production configuration really serves pages and static files.

Starts the same command `make serve` runs (newsarchive.serve) on a free port
with a fresh data directory and no secret key in the environment.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

pytestmark = pytest.mark.slow

BASE_DIR = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout} s")


@pytest.fixture
def served(tmp_path):
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env.pop("DJANGO_ALLOWED_HOSTS", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "newsarchive.serve", f"--port={port}", "--workers=1"],
        cwd=BASE_DIR,
        env={**env, "NEWSARCHIVE_DATA_DIR": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        yield f"http://127.0.0.1:{port}", process, tmp_path
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.communicate(timeout=20)


def test_make_serve_runs_production_settings_with_static_files(served):
    base, process, data_dir = served
    status, page = wait_for(f"{base}/", process)
    assert status == 200
    # A key was made for this data directory, readable by its owner alone.
    key_file = data_dir / "secret_key"
    assert key_file.stat().st_mode & 0o077 == 0
    assert len(key_file.read_text().strip()) >= 50
    # WhiteNoise's manifest storage: the page links hashed file names.
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
    assert css, "the page does not link a hashed stylesheet"
    with urllib.request.urlopen(f"{base}{css.group(1)}", timeout=10) as response:
        assert response.status == 200
        assert "immutable" in response.headers["Cache-Control"]
        assert response.read()
    # Production settings: DEBUG is off, so an unknown page is the plain 404.
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{base}/no-such-page/", timeout=10)
    assert missing.value.code == 404
    assert b"URLconf" not in missing.value.read()


def test_production_servers_get_few_malloc_arenas_and_a_fixed_mapping_threshold(
    tmp_path, monkeypatch
):
    from newsarchive.serve import production_env

    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    env, _ = production_env(tmp_path)
    assert env["MALLOC_ARENA_MAX"] == "2"
    assert env["MALLOC_MMAP_THRESHOLD_"] == str(4 * 2**20)
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")  # an operator's own choice stays
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "131072")
    env, _ = production_env(tmp_path)
    assert (env["MALLOC_ARENA_MAX"], env["MALLOC_MMAP_THRESHOLD_"]) == ("4", "131072")


def test_served_workers_keep_threads_free_to_turn_requests_away():
    from newsarchive.serve import SPARE_THREADS, threads_for

    assert threads_for({}) == (8 + 4 + SPARE_THREADS, None)
    env = {"NEWSARCHIVE_MAX_IN_FLIGHT": "6", "NEWSARCHIVE_BURST_IN_FLIGHT": "2"}
    assert threads_for(env) == (6 + 2 + SPARE_THREADS, None)
    assert threads_for(env, 20) == (20, None)
    threads, note = threads_for(env, 8)  # an operator's number is kept, with a warning
    assert threads == 8 and "queue instead of being answered 503" in note
    assert threads_for({"NEWSARCHIVE_MAX_IN_FLIGHT": "0"}) == (4, None)  # no bound
    # A typo is named before gunicorn starts, as the settings would name it.
    with pytest.raises(ImproperlyConfigured, match="NEWSARCHIVE_BURST_IN_FLIGHT"):
        threads_for({"NEWSARCHIVE_BURST_IN_FLIGHT": "four"})
