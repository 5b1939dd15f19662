from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from articles.search.autocomplete import suggestions
from articles.search.query import cached_search


def _facet_list(items):
    return [{"value": item.value, "label": item.label, "count": item.count} for item in items]


def _type_label(item):
    return {"value": item.value, "label": item.value.title(), "count": item.count}


@require_GET
def search_api(request):
    """``/api/search``: the search page's results as JSON (same parameters)."""
    outcome = cached_search(request.GET, per_page=settings.HAYSTACK_SEARCH_RESULTS_PER_PAGE)
    facets = outcome.facets
    payload = {
        "query": outcome.query,
        "count": outcome.total,
        "page": outcome.page,
        "num_pages": outcome.num_pages,
        "sort": outcome.sort,
        "notices": outcome.notices,
        "did_you_mean": outcome.suggestion["query"] if outcome.suggestion else None,
        "variants": [{"word": word, "spellings": close} for word, close in outcome.variants],
        "results": [
            {
                "type": hit.type,
                "id": hit.object.pk,
                "headline": hit.headline,
                "url": request.build_absolute_uri(hit.object.get_absolute_url()),
                "published": hit.date.isoformat(),
                "snippet": str(hit.snippet),
                "snippet_field": hit.snippet_field,
                "matched": hit.matched,
            }
            for hit in outcome.hits
        ],
        "facets": {
            "topic": _facet_list(facets.get("topics", [])),
            "country": _facet_list(facets.get("countries", [])),
            "year": _facet_list(facets.get("years", [])),
            "type": [_type_label(item) for item in facets.get("types", [])],
        },
        "timeline": [
            {
                "year": year["year"],
                "count": year["count"],
                "months": [
                    {"month": cell["month"], "count": cell["count"]}
                    for cell in year["months"]
                    if cell["count"]
                ],
            }
            for year in outcome.timeline
        ],
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


@require_GET
def autocomplete_api(request):
    """``/api/autocomplete?q=``: headlines, topics and countries for the search box."""
    query = request.GET.get("q", "")
    return JsonResponse(
        {"query": query[:100], "suggestions": suggestions(query)},
        json_dumps_params={"ensure_ascii": False},
    )
