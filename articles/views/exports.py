"""Downloads and feeds of a whole search: the same parameters as the search page."""

from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from articles.search import exports
from articles.search.query import prepare


def _download(request, chunks, content_type, extension):
    moment = timezone.localtime()
    prepared = prepare(request.GET)
    response = StreamingHttpResponse(
        chunks(prepared, request.build_absolute_uri, moment), content_type=content_type
    )
    filename = exports.export_filename(prepared, moment, extension)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def export_csv(request):
    return _download(request, exports.csv_lines, "text/csv; charset=utf-8", "csv")


@require_GET
def export_json(request):
    return _download(request, exports.json_chunks, "application/json; charset=utf-8", "json")


@require_GET
def search_feed(request):
    moment = timezone.localtime()
    prepared = prepare(request.GET)
    params = request.GET.copy()
    params.pop("page", None)
    suffix = f"?{params.urlencode()}" if params else ""
    feed = exports.atom_feed(
        prepared,
        request.build_absolute_uri,
        moment,
        page_url=request.build_absolute_uri(reverse("articles:search") + suffix),
        feed_url=request.build_absolute_uri(),
    )
    response = HttpResponse(content_type=f"{feed.content_type}")
    feed.write(response, "utf-8")
    return response
