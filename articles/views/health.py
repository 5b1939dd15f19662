"""``/healthz``: is the database answering, and can the search index be read and written?

For load balancers and monitoring: 200 while pages can be served (the index
may lag: "degraded"), 503 when the database is down or the index unreadable.
"""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles.search.faults import database_status, index_status


@never_cache
@require_GET
def healthz(request):
    database = database_status()
    search = index_status() if database["ok"] else {"ok": False, "error": "database down"}
    if not database["ok"] or search.get("readable") is False:
        status = "unavailable"
    elif not search["ok"]:
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {"status": status, "database": database, "search": search},
        status=503 if status == "unavailable" else 200,
    )
