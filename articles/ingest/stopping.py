"""A polite stop for a running import: asked for by a signal, carried out between records.

The import command used to raise ``KeyboardInterrupt`` straight from its
SIGTERM handler, wherever the import happened to be: in the middle of a
database round trip, or inside the checking worker's queue. On PostgreSQL
that could leave the connection unusable, so the batch could not be marked
"incomplete" and stayed "running", or leave the process stuck in its
cleanup (both seen in CI, about one run in twelve with the machine busy).
Now the handler only asks; the import stops at the next record, through the
same path as Ctrl-C, and the batch is marked on the way out. A second
signal, for an import that does not get to its next record, stops it at once.
"""

import contextlib
import signal

# Why a stop was asked for, or None. Signal handlers run in the main thread,
# between two bytecodes, and so do the checks: a plain name is enough.
_asked = None


def ask(reason):
    """Ask the running import to stop at its next record; asked again, stop now."""
    global _asked
    if _asked is not None:
        raise KeyboardInterrupt(reason)
    _asked = reason


def check():
    """Between two records: raise ``KeyboardInterrupt`` if a stop was asked for."""
    if _asked is not None:
        raise KeyboardInterrupt(_asked)


@contextlib.contextmanager
def on_signal(signum=signal.SIGTERM):
    """While the block runs, the signal ``signum`` asks the import to stop."""
    global _asked

    def handler(number, frame):
        ask(f"signal {number}")

    _asked = None
    previous = signal.signal(signum, handler)
    try:
        yield
    finally:
        signal.signal(signum, previous)
        _asked = None
