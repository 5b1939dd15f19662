"""The versioned, read-only JSON API under /api/v1/.

Every endpoint shares one mixin: GET only, JSON out, an open CORS header,
per-client rate limiting, and one pagination shape. Ids are database primary
keys, which never change; dates are ISO 8601.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from articles.models import Article, Country, Editorial, Topic
from articles.models.status import Status
from articles.search.query import cached_search
from articles.views.browse import within_days
from articles.views.tags import covered
from articles.views.timelines import DateRangeForm, is_common, month_totals

MAX_PAGE_SIZE = 100


def iso(moment):
    """ISO 8601 in the archive's zone, as the pages show it (and as /api/search does)."""
    return timezone.localtime(moment).isoformat() if moment else None


def api_setting(name, default):
    return settings.NEWSARCHIVE.get(name, default)


class ApiError(Exception):
    def __init__(self, status, message, headers=None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def rate_limit(request):
    """Count this request against its client's window; raise ApiError(429) past the limit.

    A fixed window per client address, kept in Django's cache so every thread
    (and, with a shared cache backend, every process) sees the same count.
    """
    limit = api_setting("API_RATE_LIMIT", 120)
    window = api_setting("API_RATE_WINDOW", 60)
    if not limit:
        return
    client = request.META.get("REMOTE_ADDR", "unknown")
    now = time.time()
    bucket = int(now // window)
    key = f"api-v1-rate:{client}:{bucket}"
    # add() is a no-op when the key exists, so concurrent first requests agree.
    cache.add(key, 0, timeout=window + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window + 1)
        used = 1
    if used > limit:
        retry = max(1, int((bucket + 1) * window - now + 0.999))
        raise ApiError(
            429,
            f"Too many requests: the limit is {limit} per {window} seconds per client. "
            f"Try again in {retry} seconds.",
            {"Retry-After": str(retry)},
        )


@method_decorator(csrf_exempt, name="dispatch")
class ApiView(View):
    """GET-only JSON with CORS, rate limiting and errors as JSON."""

    http_method_names = ["get", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        try:
            if request.method != "OPTIONS":
                rate_limit(request)
            response = super().dispatch(request, *args, **kwargs)
        except ApiError as error:
            response = self.error(error.status, error.message)
            for name, value in error.headers.items():
                response[name] = value
        except Http404 as error:
            response = self.error(404, str(error) or "Not found.")
        if response.status_code == 405:
            response = self.error(405, "This API is read-only: use GET.")
            response["Allow"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def options(self, request, *args, **kwargs):
        response = JsonResponse({})
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Max-Age"] = "86400"
        return response

    @staticmethod
    def error(status, message):
        return JsonResponse({"error": {"status": status, "message": message}}, status=status)

    def json(self, payload):
        return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})

    def absolute(self, path):
        return self.request.build_absolute_uri(path)

    def page(self, queryset, serialize, count=None):
        """One page of `queryset` in the shape every list endpoint shares.

        ``count``, when the caller knows it, spares counting the rows again.
        """
        try:
            size = int(self.request.GET.get("per_page") or api_setting("API_PAGE_SIZE", 25))
            number = int(self.request.GET.get("page") or 1)
        except ValueError as error:
            raise ApiError(400, "page and per_page must be whole numbers.") from error
        size = max(1, min(size, MAX_PAGE_SIZE))
        paginator = Paginator(queryset, size)
        if count is not None:
            paginator.count = count
        try:
            page = paginator.page(number)
        except EmptyPage as error:
            raise ApiError(404, f"No page {number}; there are {paginator.num_pages}.") from error

        def link(n):
            query = self.request.GET.copy()
            query["page"] = n
            return self.absolute(f"{self.request.path}?{query.urlencode()}")

        return {
            "count": paginator.count,
            "page": page.number,
            "num_pages": paginator.num_pages,
            "per_page": size,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [serialize(item) for item in page.object_list],
        }

    # --- how objects look -----------------------------------------------------

    def topic_ref(self, topic):
        return {"slug": topic.slug, "name": topic.name}

    def country_ref(self, country):
        return {"code": country.code.lower(), "name": country.name}

    def article_summary(self, article):
        topics, countries = article.tag_lists()
        return {
            "id": article.pk,
            "headline": article.headline,
            "published": iso(article.published),
            "updated": iso(article.updated),
            "dateline": article.dateline,
            "byline": article.byline,
            "source": article.source,
            "section": article.section,
            "summary": article.summary,
            "original_url": article.url or None,
            "topics": [self.topic_ref(t) for t in topics],
            "countries": [self.country_ref(c) for c in countries],
            "is_demo": article.is_demo,
            "url": self.absolute(article.get_absolute_url()),
            "api_url": self.absolute(reverse("articles:api-v1-article", args=[article.pk])),
        }

    def editorial_summary(self, editorial):
        return {
            "id": editorial.pk,
            "title": editorial.title,
            "date": editorial.date.isoformat(),
            "date_is_updated": editorial.date_is_updated,
            "teaser_html": editorial.teaser,
            "original_url": editorial.url or None,
            "is_demo": editorial.is_demo,
            "url": self.absolute(editorial.get_absolute_url()),
            "api_url": self.absolute(reverse("articles:api-v1-editorial", args=[editorial.pk])),
        }

    def filtered_articles(self):
        """Published articles narrowed by ?topic=, ?country=, ?from= and ?to=.

        Also keeps the date bounds as ``first_day`` and ``last_day``.
        """
        qs = Article.objects.published()
        topic = country = None
        if slug := self.request.GET.get("topic"):
            topic = Topic.objects.filter(slug=slug).first()
            if topic is None:
                raise ApiError(404, f"No topic {slug!r}.")
        if code := self.request.GET.get("country"):
            country = Country.objects.filter(code=code.upper()).first() if len(code) == 2 else None
            if country is None:
                raise ApiError(404, f"No country {code!r}.")
        form = DateRangeForm(self.request.GET)
        if not form.is_valid():
            problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
            raise ApiError(400, f"Bad date range ({problems}). Use YYYY-MM-DD.")
        self.first_day, self.last_day = form.bounds()
        # One tag on a good share of the archive: a page in date order walks
        # the date index (see ArticleQuerySet.tagged) instead of sorting all
        # of the tag's rows.
        chosen = [tag for tag in (topic, country) if tag is not None]
        common = len(chosen) == 1 and is_common(chosen[0])
        qs = qs.tagged(topic=topic, country=country, common=common)
        return within_days(qs, self.first_day, self.last_day), {"topic": topic, "country": country}


class ApiRootView(ApiView):
    def get(self, request):
        names = {
            "articles": "articles:api-v1-articles",
            "editorials": "articles:api-v1-editorials",
            "topics": "articles:api-v1-topics",
            "countries": "articles:api-v1-countries",
            "timeline": "articles:api-v1-timeline",
            "search": "articles:api-v1-search",
        }
        return self.json(
            {
                "version": 1,
                "endpoints": {k: self.absolute(reverse(v)) for k, v in names.items()},
                "rate_limit": {
                    "requests": api_setting("API_RATE_LIMIT", 120),
                    "per_seconds": api_setting("API_RATE_WINDOW", 60),
                },
            }
        )


class ArticleListApi(ApiView):
    def get(self, request):
        qs, _ = self.filtered_articles()
        order = (
            ("published", "id") if request.GET.get("order") == "oldest" else ("-published", "-id")
        )
        return self.json(self.page(qs.for_listing().order_by(*order), self.article_summary))


class ArticleDetailApi(ApiView):
    def get(self, request, pk):
        article = get_object_or_404(Article.objects.published().for_detail(), pk=pk)
        data = self.article_summary(article)
        data.update(
            body_html=article.body,
            captions=[
                {
                    "text": c.text,
                    "credit": c.credit or None,
                    "photo_date": c.photo_date.isoformat() if c.photo_date else None,
                }
                for c in article.captions.all()
            ],
            also_read=[
                {
                    "title": link.title,
                    "original_url": link.url or None,
                    "article_id": link.target_id
                    if link.target_id and link.target.status == Status.PUBLISHED
                    else None,
                }
                for link in article.also_read_links.all()
            ],
            editorials=[self.editorial_summary(e) for e in article.published_editorials],
            linked_from=list(
                Article.objects.published()
                .filter(also_read_links__target=article)
                .order_by("published", "id")
                .values_list("id", flat=True)
                .distinct()
            ),
        )
        return self.json(data)


class EditorialListApi(ApiView):
    def get(self, request):
        qs = Editorial.objects.published().for_listing()
        return self.json(self.page(qs, self.editorial_summary))


class EditorialDetailApi(ApiView):
    def get(self, request, pk):
        editorial = get_object_or_404(
            Editorial.objects.published().prefetch_related("topics", "countries"), pk=pk
        )
        beside = (
            Article.objects.published()
            .filter(editorials=editorial)
            .order_by("published", "id")
            .values_list("id", flat=True)
        )
        data = self.editorial_summary(editorial)
        data.update(
            body_html=editorial.body,
            topics=[self.topic_ref(t) for t in editorial.topics.all()],
            countries=[self.country_ref(c) for c in editorial.countries.all()],
            articles=list(beside),
        )
        return self.json(data)


class TopicListApi(ApiView):
    def get(self, request):
        topics = covered(Topic)
        return self.json(
            {
                "count": len(topics),
                "results": [
                    {
                        **self.topic_ref(t),
                        "description": t.description,
                        "article_count": t.article_count,
                        "url": self.absolute(t.get_absolute_url()),
                        "timeline_url": self.absolute(
                            reverse("articles:api-v1-timeline") + f"?topic={t.slug}"
                        ),
                    }
                    for t in topics
                ],
            }
        )


class CountryListApi(ApiView):
    def get(self, request):
        countries = covered(Country)
        return self.json(
            {
                "count": len(countries),
                "results": [
                    {
                        **self.country_ref(c),
                        "article_count": c.article_count,
                        "url": self.absolute(c.get_absolute_url()),
                        "timeline_url": self.absolute(
                            reverse("articles:api-v1-timeline") + f"?country={c.code.lower()}"
                        ),
                    }
                    for c in countries
                ],
            }
        )


class TimelineApi(ApiView):
    """Counts per month for a topic, a country, both or neither; then a page of items."""

    def get(self, request):
        qs, tags = self.filtered_articles()
        # The timelines' own cached counts (from the index when it is current).
        counts = month_totals(**tags, first_day=self.first_day, last_day=self.last_day)
        months = [{"month": f"{y:04d}-{m:02d}", "count": counts[y, m]} for y, m in sorted(counts)]
        order = (
            ("published", "id") if request.GET.get("order") == "oldest" else ("-published", "-id")
        )
        data = {
            "topic": self.topic_ref(tags["topic"]) if tags["topic"] else None,
            "country": self.country_ref(tags["country"]) if tags["country"] else None,
            "months": months,
        }
        data.update(
            self.page(qs.for_listing().order_by(*order), self.article_summary, sum(counts.values()))
        )
        return self.json(data)


class SearchApi(ApiView):
    def get(self, request):
        per_page = api_setting("API_PAGE_SIZE", 25)
        outcome = cached_search(request.GET, per_page=per_page)
        results = []
        for hit in outcome.hits:
            obj = hit.object
            detail = (
                "articles:api-v1-article" if hit.type == "article" else "articles:api-v1-editorial"
            )
            results.append(
                {
                    "type": hit.type,
                    "id": obj.pk,
                    "title": hit.headline,
                    "date": iso(hit.date) if hit.type == "article" else hit.date.isoformat(),
                    "snippet_html": str(hit.snippet),
                    "url": self.absolute(obj.get_absolute_url()),
                    "api_url": self.absolute(reverse(detail, args=[obj.pk])),
                }
            )
        return self.json(
            {
                "query": outcome.query,
                "count": outcome.total,
                "page": outcome.page,
                "num_pages": outcome.num_pages,
                "per_page": per_page,
                "notices": outcome.notices,
                "results": results,
            }
        )
