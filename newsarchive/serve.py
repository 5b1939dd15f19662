"""Serve the production configuration on this machine: what `make serve` runs.

    python -m newsarchive.serve [--host 127.0.0.1] [--port 8000] [--workers 2] [--threads N]

Production settings (DEBUG off, WhiteNoise serving hashed, compressed static
files) under gunicorn, over plain HTTP on a local address. What a real
deployment passes in the environment is filled in for a local run:

* DJANGO_SECRET_KEY: if unset, read from (or generated once into) the data
  directory's ``secret_key`` file, so sessions survive restarts;
* DJANGO_ALLOWED_HOSTS: defaults to 127.0.0.1,localhost;
* NEWSARCHIVE_LOCAL_HTTP=1: turns off the HTTPS redirect, secure-only cookies
  and HSTS, which would make a plain-HTTP local site unusable.

The benchmark (bench/run.py) starts its server through the same functions.
"""

import argparse
import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def default_data_dir():
    return Path(os.environ.get("NEWSARCHIVE_DATA_DIR") or BASE_DIR / "var").resolve()


def secret_key_for(data_dir):
    """(key, note): the environment's key, else the data directory's own (made once)."""
    if os.environ.get("DJANGO_SECRET_KEY", "").strip():
        return os.environ["DJANGO_SECRET_KEY"], "DJANGO_SECRET_KEY from the environment"
    path = Path(data_dir) / "secret_key"
    if path.exists():
        return path.read_text().strip(), f"DJANGO_SECRET_KEY read from {path}"
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # Created readable by its owner only, before the key is written into it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key, f"DJANGO_SECRET_KEY generated into {path} (kept for later runs)"


# glibc's allocator, tuned for a long-lived worker with threads (an
# operator's own values win):
# - MALLOC_ARENA_MAX: glibc gives each thread that allocates its own arena
#   and keeps what it grew: with 4 threads a worker at 100,000 articles held
#   ~50 MB more than the objects it had. Two arenas a process are plenty.
# - MALLOC_MMAP_THRESHOLD_: each time a block with a mapping of its own is
#   freed, glibc raises the size that gets one (up to 32 MB); a search's
#   large sets (several MB at 100,000 articles) then come from the heap and
#   leave it fragmented. Fixed at 4 MB: a worker's own memory after 600
#   searches on 4 threads 173 → 159 MiB, search times unchanged (at glibc's
#   starting 128 KB, 154 MiB, but the slowest searches took 13 ms longer:
#   every set over 128 KB mapped and faulted in anew).
MALLOC_SETTINGS = {"MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": str(4 * 2**20)}


def production_env(data_dir, extra=None):
    """(environment, notes) for running manage.py or gunicorn with production settings."""
    data_dir = Path(data_dir).resolve()
    key, note = secret_key_for(data_dir)
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="newsarchive.settings.prod",
        NEWSARCHIVE_DATA_DIR=str(data_dir),
        DJANGO_SECRET_KEY=key,
        NEWSARCHIVE_LOCAL_HTTP="1",
    )
    env.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
    for name, value in MALLOC_SETTINGS.items():
        env.setdefault(name, value)
    env.update(extra or {})
    notes = [
        note,
        f"data directory {data_dir}",
        f"DJANGO_ALLOWED_HOSTS={env['DJANGO_ALLOWED_HOSTS']}",
        "NEWSARCHIVE_LOCAL_HTTP=1 (plain HTTP: no HTTPS redirect, secure cookies or HSTS)",
    ]
    if env.get("DATABASE_URL"):
        notes.append("database from DATABASE_URL")
    if env.get("SEARCH_URL"):
        notes.append(f"search server {env['SEARCH_URL']}")
    return env, notes


def manage(env, *args, quiet=True):
    """Run one manage.py command in a child process with ``env``; raise if it fails."""
    command = [sys.executable, str(BASE_DIR / "manage.py"), *args]
    output = subprocess.DEVNULL if quiet else None
    subprocess.run(command, env=env, cwd=BASE_DIR, check=True, stdout=output)


def prepare(env):
    """Create or update the database and collect the static files WhiteNoise serves."""
    Path(env["NEWSARCHIVE_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")


# Threads beyond the in-flight bound (and its burst) that stay free to answer
# "busy" (503) at once; without them, extra requests wait in gunicorn's queue.
SPARE_THREADS = 4


def threads_for(env, asked=None):
    """(threads per worker, a note or None) for the load-shedding bound in ``env``.

    By default a worker gets the bound, the burst and ``SPARE_THREADS``; a
    number asked for is kept, with a note when it leaves no thread to shed with.
    """
    from newsarchive.env import DEFAULT_BURST_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT, env_int

    # The settings read these the same way, so a typo fails here, named, first.
    bound = env_int("NEWSARCHIVE_MAX_IN_FLIGHT", DEFAULT_MAX_IN_FLIGHT, environ=env)
    burst = env_int("NEWSARCHIVE_BURST_IN_FLIGHT", DEFAULT_BURST_IN_FLIGHT, environ=env)
    burst = burst if bound else 0
    if asked is None:
        return (bound + burst + SPARE_THREADS if bound else 4), None
    if bound and asked <= bound + burst:
        return asked, (
            f"{asked} threads a worker never reach the in-flight bound of {bound} (+{burst}): "
            "extra requests queue instead of being answered 503"
        )
    return asked, None


def gunicorn_command(host, port, workers=2, threads=4, access_log=False):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "newsarchive.wsgi:application",
        f"--bind={host}:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--worker-class=gthread",
        f"--chdir={BASE_DIR}",
        "--timeout=60",
        # Hooks: a new worker warms up before it takes requests.
        "--config=python:newsarchive.gunicorn_conf",
        # Its default socket path in the home directory is shared by every
        # gunicorn of the user; nothing here uses it.
        "--no-control-socket",
    ]
    if access_log:
        command.append("--access-logfile=-")
    return command


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads", type=int, default=None, help="Default: the in-flight bound and burst, + 4."
    )
    parser.add_argument("--data-dir", default=None, help="Default: $NEWSARCHIVE_DATA_DIR or var/")
    parser.add_argument("--no-setup", action="store_true", help="Skip migrate and collectstatic.")
    args = parser.parse_args(argv)

    env, notes = production_env(args.data_dir or default_data_dir())
    if args.host not in env["DJANGO_ALLOWED_HOSTS"].split(","):
        env["DJANGO_ALLOWED_HOSTS"] += f",{args.host}"
    from django.core.exceptions import ImproperlyConfigured

    try:
        threads, warning = threads_for(env, args.threads)
    except ImproperlyConfigured as error:
        parser.error(str(error))
    notes.append(f"{args.workers} workers × {threads} threads")
    if warning:
        notes.append(f"note: {warning}")
    for note in notes:
        print(f"  {note}", flush=True)
    if not args.no_setup:
        prepare(env)
    print(f"  Serving the production configuration at http://{args.host}:{args.port}/", flush=True)
    command = gunicorn_command(args.host, args.port, args.workers, threads, access_log=True)
    os.execve(command[0], command, env)


if __name__ == "__main__":
    main()
