"""Wagtail's own search (admin page search, API v2 `?search=`) made to understand Chinese.

Wagtail's database backends split text on spaces, so an unsegmented Chinese title is one
long token and a search for a word inside it finds nothing. Pages index their text through
`search.tokenize` (`search.tokenize.token_text`: jieba words plus character bigrams),
and queries are turned into the same bigrams here, all required.
"""

from __future__ import annotations

from functools import cache

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.query import MatchAll, Not, Phrase, PlainText

from search.query import MAX_QUERY_CHARS
from search.tokenize import token_query


def _bigrams(text: str) -> str:
    # Cut as the public search cuts: the database backends nest one expression per term, and
    # a pasted page of text would exceed Python's recursion limit.
    return token_query(text[:MAX_QUERY_CHARS])


def _segmented(query, kwargs):
    """Strings and the admin's parsed plain-text queries become bigram queries (all required)."""
    if isinstance(query, str):
        kwargs.setdefault("operator", "and")
        return _bigrams(query)
    if isinstance(query, PlainText | Phrase):
        # Nothing searchable left ("(", "。", an emoji) is the empty string, which finds nothing;
        # an empty PlainText would reach the SQL compiler as None. A quoted phrase is searched
        # by its bigrams like any other text (the index holds bigrams, not Chinese words).
        words = _bigrams(query.query_string)
        return PlainText(words, operator="and") if words else ""
    if isinstance(query, Not) and isinstance(query.subquery, MatchAll):
        return ""  # MATCH_NONE: the database backends would compile it to match everything
    return query


@cache
def _segmenting_class(base: type) -> type:
    class SegmentingBackend(base):
        def search(self, query, *args, **kwargs):
            return super().search(_segmented(query, kwargs), *args, **kwargs)

        def autocomplete(self, query, *args, **kwargs):
            return super().autocomplete(_segmented(query, kwargs), *args, **kwargs)

    SegmentingBackend.__name__ = f"Segmenting{base.__name__}"
    return SegmentingBackend


def SearchBackend(params):  # noqa: N802 - Wagtail looks up a callable named SearchBackend
    """The database backend Wagtail would pick, with Chinese-aware queries."""
    backend = database_backend(params)
    segmenting = _segmenting_class(type(backend))
    return segmenting(params)
