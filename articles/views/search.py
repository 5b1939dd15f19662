from django.conf import settings
from django.shortcuts import render

from articles.search.query import SearchForm, run_search


def search_view(request):
    """The search page: query, filters, facets and one page of results."""
    outcome = run_search(request.GET, per_page=settings.HAYSTACK_SEARCH_RESULTS_PER_PAGE)
    context = {
        "form": SearchForm(request.GET or None),
        "outcome": outcome,
        "params": request.GET.copy(),
    }
    return render(request, "search/search.html", context)
