"""Forked worker processes that end with the process that forked them."""

import os
import threading
import time

WATCH_SECONDS = 0.5


def follow_parent(parent):
    """In a forked worker: exit as soon as process ``parent`` is gone.

    A worker waiting for work on a queue whose writing end it holds too never
    sees its parent die: one killed outright (SIGKILL) left its workers behind
    for good, each with a copy of the database connection.
    """

    def watch():
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
