from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from articles.search.query import run_search


def _facet_list(pairs, value, label):
    return [{"value": value(item), "label": label(item), "count": count} for item, count in pairs]


@require_GET
def search_api(request):
    """``/api/search``: the search page's results as JSON (same parameters)."""
    outcome = run_search(request.GET, per_page=settings.HAYSTACK_SEARCH_RESULTS_PER_PAGE)
    facets = outcome.facets
    payload = {
        "query": outcome.query,
        "count": outcome.total,
        "page": outcome.page,
        "num_pages": outcome.num_pages,
        "notices": outcome.notices,
        "results": [
            {
                "type": hit.type,
                "id": hit.object.pk,
                "headline": hit.headline,
                "url": request.build_absolute_uri(hit.object.get_absolute_url()),
                "published": hit.date.isoformat(),
                "snippet": str(hit.snippet),
            }
            for hit in outcome.hits
        ],
        "facets": {
            "topic": _facet_list(facets.get("topics", []), lambda t: t.slug, str),
            "country": _facet_list(facets.get("countries", []), lambda c: c.code.lower(), str),
            "year": _facet_list(facets.get("years", []), lambda y: y, str),
            "type": _facet_list(facets.get("types", []), lambda t: t, str.title),
        },
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
