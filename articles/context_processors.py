def archive(request):
    """Values every page's chrome needs: the search box keeps the current query."""
    return {"search_query": request.GET.get("q", "") if request.path.startswith("/search") else ""}
