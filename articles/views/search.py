from django.conf import settings
from django.shortcuts import render

from articles.search.query import SearchForm, cached_search


def search_view(request):
    """The search page: query, filters, facets, timeline and one page of results."""
    outcome = cached_search(request.GET, per_page=settings.HAYSTACK_SEARCH_RESULTS_PER_PAGE)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": SearchForm(request.GET or None),
        "outcome": outcome,
        "params": request.GET.copy(),
        # The search's own parameters, for the export and feed links.
        "export_query": params.urlencode(),
    }
    return render(request, "search/search.html", context)


def search_help(request):
    """How to write queries: the syntax the search box understands."""
    return render(request, "search/help.html")
