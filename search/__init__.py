"""Chinese full-text search for jinzhi (jieba analysis, embedded FTS5 or Elasticsearch).

Never imports Django: it reads only ``contentmodels.document.Document``.
"""

from .backends import get_backend
from .backends.base import SearchResults
from .query import QueryError, SearchQuery

__all__ = ["QueryError", "SearchQuery", "SearchResults", "get_backend"]
