"""Public JSON endpoints: Wagtail API v2 router and the search API.

The search API validates its input: bad parameters get a 400 with a reason, never a 500.
"""

import logging

from django.http import JsonResponse
from django.views.decorators.http import require_GET
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from cms.publishing import search_backend
from search import QueryError, SearchQuery

logger = logging.getLogger("jinzhi.api")

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)


@require_GET
def search_view(request):
    """GET /api/search?q=&type=&page=&per_page=&sort=&<facet>=value."""
    try:
        query = SearchQuery.from_params(request.GET)
    except QueryError as exc:
        return JsonResponse(
            {"error": str(exc)}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    results = search_backend().search(query)
    response = JsonResponse(results.to_dict(), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response
