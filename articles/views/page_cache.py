"""Whole public pages kept until the content changes, for readers without a session.

Most views of an archive are repeats: the same topic timeline or article
page, unchanged since the last reader asked. Each page already keeps its
dearest figures in the cache, yet rendering it again (25 cards, hundreds of
month links, the chart) was most of its time. A finished page is kept here,
compressed (a 115 KB timeline page is 18 KB), under the same content version
as every other cached result (``results_cache``), so the first view after any
change renders afresh.

Only requests without a session cookie are served this way: a signed-in
editor always gets a fresh page. Responses that set a cookie or carry a
CSRF token, or that are not a plain 200, are never kept.
``NEWSARCHIVE["PAGE_CACHE_SECONDS"]`` says how long a page is kept at most;
0 turns this off.
"""

import zlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from articles import results_cache

# Headers a kept page is served with again; the rest (security, CSP, length)
# are added to every response by middleware.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Link")


def page_seconds():
    return settings.NEWSARCHIVE.get("PAGE_CACHE_SECONDS", 0)


def _cacheable(request):
    return (
        page_seconds() > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _key(request):
    # Pages carry absolute links (permalink, citations) and today's date
    # ("on this day", "accessed"), so the host, scheme and day are part of it.
    where = (request.scheme, request.get_host(), request.get_full_path())
    return results_cache.key("page", (*where, timezone.localdate().isoformat()))


def _keepable(request, response):
    # A page holding a CSRF token gets its cookie from middleware after the
    # view returns: kept, it would hand one reader's token to the next.
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


class CachedPageMixin:
    """Answer a repeated GET from a reader without a session from the cache."""

    def dispatch(self, request, *args, **kwargs):
        if not _cacheable(request):
            return super().dispatch(request, *args, **kwargs)
        key = _key(request)
        kept = cache.get(key)
        if kept is not None:
            headers, body = kept
            return HttpResponse(zlib.decompress(body), headers=headers)
        response = super().dispatch(request, *args, **kwargs)
        if _keepable(request, response):
            if callable(getattr(response, "render", None)):
                response.render()
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(key, (headers, zlib.compress(response.content, 1)), page_seconds())
        return response
