"""The search page answered on the server, and feeds of a saved search.

`/search/?q=…` renders the theme's search page with its results (no JavaScript needed);
without parameters it is the static page the site build wrote. `/feeds/search?q=…&<filters>`
is an Atom (or `format=rss`) feed of the newest matching documents, with ETag and
Last-Modified so feed readers can poll cheaply.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from types import SimpleNamespace
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from cms import static_site
from cms.http import read_only
from cms.publishing import search_backend
from contentmodels.document import FACET_LABELS, TYPE_LABELS, document_path, load_document
from search import QueryError, SearchQuery
from search.query import ignored_param

FEED_SIZE = 50
FEED_PARAMS = ("format",)


def _params(request) -> dict[str, list[str]]:
    """The request's search parameters, without sharing tails (links do not carry them on)."""
    return {k: request.GET.getlist(k) for k in request.GET if not ignored_param(k)}


def _with_searched_q(params: dict[str, list[str]]) -> dict[str, list[str]]:
    """``params`` with ``q`` as the search runs it (cleaned, cut to MAX_QUERY_CHARS), so links,
    the input box and feed addresses repeat that and not a 6,000-character paste."""
    if "q" in params:
        params = {**params, "q": [SearchQuery.from_params({"q": params["q"]}).q]}
    return params


def _text(reason: str, status: int) -> HttpResponse:
    return HttpResponse(reason, status=status, content_type="text/plain; charset=utf-8")


def _release():
    public = settings.JINZHI.public_dir
    return public.resolve() if public.exists() else None


@read_only(_text)
def search_page(request):
    """GET /search/: the static page, or with a query the server-rendered answer."""
    from sitebuild.search_page import render_search_page

    params = _params(request)
    if not any(v for vs in params.values() for v in vs):
        return static_site.serve(request, "search/")
    status, results, error = 200, None, ""
    try:
        results = search_backend().search(SearchQuery.from_params(request.GET)).to_dict()
    except QueryError as exc:
        status, error = 400, str(exc)
    html = render_search_page(results, _with_searched_q(params), error=error, release=_release())
    return HttpResponse(html, status=status, content_type="text/html; charset=utf-8")


def _feed_title(query: SearchQuery) -> str:
    """The query and every filter spelled out: 检索订阅 · “头盔”；类别：公告；日期：2025-03-01 至 …"""
    searched = query.q.strip('"')  # a quoted query is shown in the title's own quotes
    parts = [f"“{searched}”"] if searched else []
    for key, values in sorted(query.all_filters.items(), key=lambda item: item[0] != "type"):
        shown = [TYPE_LABELS.get(v, v) for v in values] if key == "type" else values
        parts.append(f"{FACET_LABELS.get(key, key)}：{'、'.join(shown)}")
    if query.date_from or query.date_to:
        parts.append(f"日期：{query.date_from or '不限'} 至 {query.date_to or '不限'}")
    return "检索订阅 · " + ("；".join(parts) or "全部")


@read_only(_text)
def search_feed(request):
    """GET /feeds/search?q=…&type=…&<facet>=…[&format=rss]: newest matching documents."""
    from sitebuild.feeds import FeedInfo, build_feed

    kind = request.GET.get("format", "atom")
    if kind not in ("atom", "rss"):
        return _text("format 须为 atom 或 rss", 400)
    params = request.GET.copy()
    for key in FEED_PARAMS + ("page", "per_page", "sort"):
        params.pop(key, None)
    try:
        query = SearchQuery.from_params(
            {
                **{k: params.getlist(k) for k in params},
                "sort": ["date"],
                "per_page": [str(FEED_SIZE)],
            }
        )
    except QueryError as exc:
        return _text(str(exc), 400)
    results = search_backend().search(query)
    export_dir = settings.JINZHI.export_dir
    documents = []
    for hit in results.hits:
        path = document_path(export_dir, doc_type=hit.type, doc_id=hit.id)
        if path.is_file():  # unpublished since it was indexed: leave it out
            documents.append(SimpleNamespace(**vars(load_document(path)), link=hit.url))
    documents.sort(key=lambda d: (d.date, d.updated), reverse=True)

    latest = max((datetime.fromisoformat(d.updated) for d in documents), default=None)
    fingerprint = "|".join(
        [kind, request.GET.urlencode(), *(f"{d.id}@{d.updated}" for d in documents)]
    )
    etag = f'"{hashlib.sha256(fingerprint.encode()).hexdigest()[:32]}"'
    last_modified = int(latest.timestamp()) if latest else None
    content_type = "application/rss+xml" if kind == "rss" else "application/atom+xml"
    response = HttpResponse(content_type=f"{content_type}; charset=utf-8")
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "no-cache"
    # Django evaluates the preconditions as RFC 9110 says (If-None-Match: *, lists of
    # tags, weak tags; If-Modified-Since only without If-None-Match); a 304 keeps the headers.
    conditional = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
    if conditional is not response:
        return conditional

    site_url = settings.JINZHI.site_url
    own_query = urlencode(_with_searched_q(_params(request)), doseq=True)
    feed = build_feed(
        FeedInfo("search", _feed_title(query)),
        documents,
        site_url,
        feed_url=f"{site_url}{request.path}" + (f"?{own_query}" if own_query else ""),
    )
    response.content = feed.rss_str(pretty=True) if kind == "rss" else feed.atom_str(pretty=True)
    return response
