"""A new worker's first requests, made before it takes any from clients.

The first request a process serves imports the views, compiles the
templates, opens the search index and reads its tables: 260 ms for an article
page at 3,000 articles, against 70 for the next one. A worker that starts
under load takes a dozen requests at once, all waiting on that work, and
the load-shedding bound turned some of them away: every refusal in the load
runs of the ninth session came from a worker that had not finished a
request yet. gunicorn calls ``warm_up`` once a worker has loaded the
application (``newsarchive/gunicorn_conf.py``).
"""

import io
import logging
import sys
from urllib.parse import urlencode

from django.conf import settings

log = logging.getLogger(__name__)


def warm_up(application):
    """GET the home page, the newest article and a search through ``application`` (WSGI)."""
    from articles.models import Article

    paths = ["/"]
    try:
        article = Article.objects.published().for_links().order_by("-published").first()
    except Exception:  # noqa: BLE001 - a worker must start even if the database cannot answer
        log.warning("Warm-up skipped: the database cannot be read.", exc_info=True)
        return {}
    if article is not None:
        word = max(article.headline.split(), key=len)
        paths += [article.get_absolute_url(), "/search/?" + urlencode({"q": word})]
    return {path: _get(application, path) for path in paths}


def _get(application, path):
    """The status of one GET of ``path``, as a client on loopback would make it."""
    route, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": route,
        "QUERY_STRING": query,
        "SERVER_NAME": _host(),
        "SERVER_PORT": "443",
        "HTTP_HOST": _host(),
        "REMOTE_ADDR": "127.0.0.1",
        # As a client behind the TLS proxy would arrive: no redirect to HTTPS.
        "wsgi.url_scheme": "https",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if settings.SECURE_PROXY_SSL_HEADER:
        header, value = settings.SECURE_PROXY_SSL_HEADER
        environ[header] = value
    statuses = []
    try:
        body = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
        for _ in body:
            pass
        getattr(body, "close", lambda: None)()
    except Exception:  # noqa: BLE001 - the worker serves anyway, only colder
        log.warning("Warm-up request %s failed.", path, exc_info=True)
        return None
    return int(statuses[0].split()[0]) if statuses else None


def _host():
    for host in settings.ALLOWED_HOSTS:
        if host and host != "*":
            return host.lstrip(".")
    return "localhost"
