"""Public JSON endpoints: Wagtail API v2 router and the search API.

Both validate their input: bad parameters get a 400 with a reason, never a 500. Wagtail's
pages endpoint already answers 400 for unknown fields, types and orderings and for bad
limits; :class:`PagesEndpoint` adds what it lets through to a 500: filter values a field
cannot hold (``?issue_date=2024-13-01``), an unknown ``search_operator``, and search text
the database's full-text parser chokes on (a lone ``"``, only spaces). User input never
reaches a query parser raw: the search text is reduced to its words first.
"""

import logging
import re

from django.core.exceptions import FieldError, ValidationError
from django.db import DataError
from django.http import JsonResponse
from rest_framework import status
from rest_framework.response import Response
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page

from cms.http import read_only
from cms.publishing import search_backend
from search import QueryError, SearchQuery

logger = logging.getLogger("jinzhi.api")

SEARCH_OPERATORS = ("and", "or")
_NOT_A_WORD = re.compile(r"[^\w]+")


class _Params:
    """A request as SearchFilter sees it: only ``GET``, here with the cleaned search text."""

    def __init__(self, query):
        self.GET = query


class WordsSearchFilter(SearchFilter):
    """Wagtail's search filter, given only the words of ``?search=`` (brackets, quotes,
    operators' punctuation are separators, as in our own search API)."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        query = request.GET.copy()
        query["search"] = " ".join(_NOT_A_WORD.sub(" ", request.GET["search"]).split())
        if not query["search"]:
            return queryset.none()  # nothing to search for finds nothing
        return super().filter_queryset(_Params(query), queryset, view)


def input_error(exc: Exception) -> str | None:
    """The reason to give for an exception caused by the request's parameters, or None
    for one that is the server's fault (left to become a 500)."""
    if isinstance(exc, ValidationError):
        return "bad filter value: " + "; ".join(exc.messages)
    if isinstance(exc, (FieldError, DataError, ValueError, OverflowError)):
        return f"bad query parameter: {exc}"
    return None


class PagesEndpoint(PagesAPIViewSet):
    """``/api/v2/pages/``: Wagtail's endpoint with input errors answered as 400s."""

    filter_backends = [
        WordsSearchFilter if backend is SearchFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]

    def get_queryset(self):
        # Listing every type gives plain Pages; their specific classes know the public address.
        queryset = super().get_queryset()
        return queryset.specific() if queryset.model is Page else queryset

    def handle_exception(self, exc):
        reason = input_error(exc)
        if reason is not None:
            logger.info("api 400: %s (%s)", reason, self.request.get_full_path())
            return Response({"message": reason}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesEndpoint)


def _json_error(reason: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": reason}, status=status, json_dumps_params={"ensure_ascii": False})


@read_only(_json_error)
def search_view(request):
    """GET /api/search?q=&type=&page=&per_page=&sort=&<facet>=value."""
    try:
        query = SearchQuery.from_params(request.GET)
    except QueryError as exc:
        return _json_error(str(exc))
    results = search_backend().search(query)
    response = JsonResponse(results.to_dict(), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response
