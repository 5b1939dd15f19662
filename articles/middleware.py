"""Failing fast and plainly: overload, a broken search index, a locked database.

None of these is a bug in the page being served, so none should be a 500:

* ``LoadSheddingMiddleware`` bounds the requests one process works on at once
  (with room for a short burst). Past the bound a request is answered 503 with
  ``Retry-After`` straight away,
  instead of queueing until every request is slow (run the app server with
  more threads than the bound, e.g. gunicorn ``--threads``, so the extra
  threads are free to say "busy").
* ``ServiceUnavailableMiddleware`` turns an error raised by the search index
  (see ``articles.search.faults``) or a database lock that outlasted its
  timeout into a 503 page that says what happened and that nothing was lost.
"""

import itertools
import logging
import threading
import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

from articles.search.faults import raised_by_index

log = logging.getLogger(__name__)

MESSAGES = {
    "busy": (
        "The archive is busy",
        "Too many requests are being served right now. Please try again in a few seconds.",
    ),
    "search": (
        "Search is unavailable",
        "The search index cannot be read at the moment and is being repaired. "
        "Articles, topics and the date archive still work; please try searching again later.",
    ),
    "locked": (
        "The archive is busy",
        "The database was busy for too long and your request was not completed; "
        "nothing was changed. Please try again in a few seconds.",
    ),
}
RETRY_AFTER = {"busy": 2, "search": 60, "locked": 5}


def unavailable(request, reason):
    """A 503 for people (HTML) or programs (JSON under /api/), with Retry-After."""
    title, message = MESSAGES[reason]
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": {"status": 503, "message": message}}, status=503)
        response["Access-Control-Allow-Origin"] = "*"
    else:
        html = render_to_string("503.html", {"title": title, "message": message})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER[reason])
    response["Cache-Control"] = "no-store"
    return response


class LoadSheddingMiddleware:
    """Bounds the requests one process works on at once, letting a short burst through.

    ``MAX_IN_FLIGHT`` requests are always served. Up to ``BURST_IN_FLIGHT``
    more are served while the process is getting through its work: a request
    finished, or the oldest in progress began, less than ``BURST_SECONDS``
    ago. A fixed bound alone turned away a few requests a thousand at half of
    capacity, each time requests happened to arrive together; judged by the
    oldest request alone, one slow request (an editor's login, whose password
    hash is made to be dear) turned others away while the rest kept
    finishing. Past the burst, or when nothing has finished for that long
    (the process is falling behind), a request is answered 503 at once.
    """

    # How often, at most, a process logs that it turned requests away: past
    # capacity that is hundreds a second, and one line says enough.
    REPORT_SECONDS = 1.0

    def __init__(self, get_response):
        options = settings.NEWSARCHIVE
        self.limit = options.get("MAX_IN_FLIGHT")
        if not self.limit:
            raise MiddlewareNotUsed
        self.burst = options.get("BURST_IN_FLIGHT", 0)
        self.burst_seconds = options.get("BURST_SECONDS", 1.0)
        self.get_response = get_response
        # ticket → (when its request began (time.monotonic()), "METHOD /path")
        self.started = {}
        self.tickets = itertools.count()
        self.lock = threading.Lock()
        self.last_finished = float("-inf")  # when a request last finished
        self.unreported = 0  # requests turned away since the last log line
        self.latest = ""  # "METHOD /path: why" of the last of them
        self.last_report = float("-inf")

    def _admit(self, request):
        """(ticket, None) for a request to serve, or (None, why) for one to turn away."""
        now = time.monotonic()
        with self.lock:
            busy = len(self.started)
            if busy >= self.limit:
                began, oldest = min(self.started.values())
                if busy >= self.limit + self.burst:
                    return None, f"{busy} in flight, the bound and the whole burst"
                if now - max(began, self.last_finished) > self.burst_seconds:
                    idle = now - self.last_finished
                    finished = f"for {idle:.1f} s" if idle < float("inf") else "yet"
                    return None, (
                        f"{busy} in flight, none finished {finished}, "
                        f"the oldest ({oldest}) {now - began:.1f} s old"
                    )
            ticket = next(self.tickets)
            self.started[ticket] = (now, f"{request.method} {request.path}")
            return ticket, None

    def _turned_away(self, request, why):
        """Count a refusal; log it now unless a report went out less than a second ago."""
        with self.lock:
            self.unreported += 1
            self.latest = f"{request.method} {request.path}: {why}"
            pending = self._due(time.monotonic())
        self._report(pending)

    def _due(self, now):
        """(count, latest) to log now, or None; call holding the lock."""
        if not self.unreported or now - self.last_report < self.REPORT_SECONDS:
            return None
        pending = (self.unreported, self.latest)
        self.unreported, self.last_report = 0, now
        return pending

    def _report(self, pending):
        if pending is None:
            return
        log.warning(
            "Busy: turned away %d request(s) since the last report, the latest %s "
            "(bound %d, burst %d, burst window %.1f s)",
            *pending,
            self.limit,
            self.burst,
            self.burst_seconds,
        )

    def __call__(self, request):
        ticket, why = self._admit(request)
        if ticket is None:
            self._turned_away(request, why)
            return unavailable(request, "busy")
        try:
            return self.get_response(request)
        finally:
            with self.lock:
                del self.started[ticket]
                self.last_finished = now = time.monotonic()
                # Refusals held back by the once-a-second limit are told by the
                # first request to finish after it, should no refusal follow.
                pending = self._due(now)
            self._report(pending)


def _database_locked(error):
    text = str(error).lower()
    return isinstance(error, OperationalError) and ("locked" in text or "busy" in text)


class ServiceUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if _database_locked(exception):
            log.error("Database lock outlasted its timeout on %s: %s", request.path, exception)
            return unavailable(request, "locked")
        if raised_by_index(exception):
            log.error("Search index fault on %s", request.path, exc_info=exception)
            return unavailable(request, "search")
        return None
