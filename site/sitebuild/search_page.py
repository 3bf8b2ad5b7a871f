"""The search page with its answer rendered on the server (no JavaScript needed).

The CMS runs the query and hands the search API's result dict here; the page comes from
the theme's own `search` template, so it looks like the rest of the site. Django-free.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlencode

from contentmodels.document import FACET_LABELS, TYPE_LABELS
from search.query import MAX_PAGE
from sitebuild.preview import live_sections, render_template

MAX_FACET_VALUES = 12


def _href(params: Mapping[str, list[str]], **changes) -> str:
    """/search/?… with ``changes`` applied (None removes a key); page resets unless given."""
    merged = {k: list(v) for k, v in params.items() if k != "page"}
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = [str(value)]
    return "/search/?" + urlencode([(k, v) for k, vs in merged.items() for v in vs if v != ""])


def _facets(results: dict, params: Mapping[str, list[str]]) -> list[dict]:
    groups = []
    for key, counts in (results.get("facets") or {}).items():
        if not counts:
            continue
        active = set(params.get(key, []))
        values = []
        for value, count in list(counts.items())[:MAX_FACET_VALUES]:
            label = TYPE_LABELS.get(value, value) if key == "type" else value
            on = value in active
            values.append(
                {
                    "label": label,
                    "count": count,
                    "active": on,
                    "href": _href(params, **{key: None if on else value}),
                }
            )
        groups.append({"key": key, "label": FACET_LABELS.get(key, key), "values": values})
    return groups


def search_context(
    results: dict | None,
    params: Mapping[str, list[str]],
    *,
    error: str = "",
    feed_path: str = "/feeds/search",
) -> dict:
    """The ``search`` variable of the template from the API's result dict and the request's
    parameters (key -> list of values)."""
    results = results or {"total": 0, "hits": [], "facets": {}, "page": 1, "per_page": 10}
    page, per_page = results.get("page", 1), results.get("per_page", 10)
    pages = max(1, math.ceil(results["total"] / per_page)) if results["total"] else 0
    query = urlencode([(k, v) for k, vs in params.items() if k != "page" for v in vs if v])
    first = lambda key: (params.get(key) or [""])[0]  # noqa: E731
    return {
        "q": first("q"),
        "type": first("type"),
        "sort": first("sort"),
        "date_from": first("date_from"),
        "date_to": first("date_to"),
        "error": error,
        "total": results["total"],
        "hits": results["hits"],
        "facets": _facets(results, params),
        "page": page,
        "pages": pages,
        "beyond": bool(pages) and page > pages,  # ?page=19 of 18: say so, link the last page
        "prev_href": _href(params, page=min(page - 1, pages)) if page > 1 and pages else "",
        # Pages past MAX_PAGE are refused (deep paging): no link there, and a hint instead.
        "next_href": _href(params, page=page + 1) if page < min(pages, MAX_PAGE) else "",
        "more_than_shown": pages > MAX_PAGE and page == MAX_PAGE,
        "feed_url": f"{feed_path}?{query}" if query and not error else "",
        "rss_url": f"{feed_path}?{query}&format=rss" if query and not error else "",
    }


def render_search_page(
    results: dict | None,
    params: Mapping[str, list[str]],
    *,
    error: str = "",
    release: Path | None = None,
    site_url: str = "",
) -> str:
    """The full HTML of /search/ answering ``params`` (or showing ``error``)."""
    variables = {
        "search": search_context(results, params, error=error),
        "output_file": "search/index.html",
    }
    return render_template("search", variables, site_url=site_url, sections=live_sections(release))
