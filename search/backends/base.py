"""The backend interface, the result types and the record every engine stores.

``to_record`` is the single place where a Document becomes searchable text, so the embedded
index and Elasticsearch hold identical, pre-segmented tokens. Must not import Django.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from contentmodels.document import Document

from ..query import SearchQuery, Term
from ..ranking import SUPERSEDED_STATUSES, identifier_key
from ..snippets import make_snippet, target_article
from ..tokenize import grams, held_chars, normalize, normalized_form, segment_normalized

SUPERSEDED_FACETS = tuple(f"status:{value}" for value in SUPERSEDED_STATUSES)


@dataclass(frozen=True)
class Record:
    """What an engine stores for one Document: display fields plus four token columns."""

    id: str
    type: str
    type_label: str
    title: str
    url: str
    date: str
    sort_date: str  # UTC ISO 8601, so dates with different offsets sort correctly; "" if none
    text: str  # plain text the snippet is cut from
    text_form: dict  # normalized_form(text): snippets need no normalising at query time
    sections: list[dict]  # law articles: {"anchor", "text", "form"}
    facets: dict[str, list[str]]  # always holds "type"
    identifiers: list[str]  # the document's own numbers as identifier_key() compares them
    title_tokens: str
    body_tokens: str
    title_grams: str
    body_grams: str
    chars: str  # each letter or digit the runs hold, once: one-character queries match these


def _sort_date(value: str) -> str:
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return ""
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat()


def _body_text(doc: Document) -> str:
    values = [doc.body_text or doc.summary, doc.search_text]
    for f in doc.fields:
        value = " ".join(f.value) if isinstance(f.value, list) else f.value or ""
        values.append(f.display or value)
    return "\n".join(v for v in values if v)


def to_record(doc: Document) -> Record:
    """The searchable form of a Document, shared by every engine."""
    body = _body_text(doc)
    title_norm, body_norm = normalize(doc.title), normalize(body)
    facets = {"type": [doc.type]}
    facets.update({k: list(dict.fromkeys(v)) for k, v in doc.facets.items() if k != "type" and v})
    return Record(
        id=doc.id,
        type=doc.type,
        type_label=doc.type_label,
        title=doc.title,
        url=doc.url,
        # Search shows no date it cannot vouch for: an undated document (a 办事指南, a law without
        # 公布日期) sorts last by date and falls outside every date range.
        date="" if doc.undated else doc.date,
        sort_date="" if doc.undated else _sort_date(doc.date),
        text=doc.body_text or doc.summary,
        text_form=normalized_form(doc.body_text or doc.summary),
        sections=[
            {"anchor": s.anchor, "text": s.text, "form": normalized_form(s.text)}
            for s in doc.sections
            if s.level == 0 and s.text
        ],
        facets=facets,
        identifiers=list(dict.fromkeys(map(identifier_key, doc.identifiers))),
        title_tokens=" ".join(segment_normalized(title_norm)),
        body_tokens=" ".join(segment_normalized(body_norm)),
        title_grams=" ".join(grams(title_norm)),
        body_grams=" ".join(grams(body_norm)),
        chars=" ".join(sorted(held_chars(title_norm + "\n" + body_norm))),
    )


#: Batches at least this large are segmented on every core: jieba dominates indexing time, and
#: starting worker processes (each loads jieba's dictionary) costs about a second.
PARALLEL_MIN_DOCS = 256


def to_records(docs: Iterable[Document]) -> Iterator[Record]:
    """``to_record`` of each Document, in order; large batches use a process per core."""
    docs = iter(docs)
    head = list(itertools.islice(docs, PARALLEL_MIN_DOCS))
    workers = len(os.sched_getaffinity(0))
    if len(head) < PARALLEL_MIN_DOCS or workers < 2:
        yield from map(to_record, itertools.chain(head, docs))
        return
    # spawn, not fork: the caller may be a threaded web process holding locks.
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        yield from pool.imap(to_record, itertools.chain(head, docs), chunksize=8)


@dataclass(frozen=True)
class Hit:
    id: str
    type: str
    type_label: str
    title: str
    url: str
    date: str
    snippet: str

    @classmethod
    def from_stored(cls, stored: dict, terms: list[Term]) -> Hit:
        """A hit from a record's stored fields; a law article holding the match gets the link."""
        article = (
            target_article(stored.get("sections") or [], terms, stored["title"]) if terms else None
        )
        url, text, form = stored["url"], stored.get("text") or "", stored.get("text_form")
        if article:
            url, text, form = f"{url}#{article['anchor']}", article["text"], article.get("form")
        return cls(
            id=stored["id"],
            type=stored["type"],
            type_label=stored["type_label"],
            title=stored["title"],
            url=url,
            date=stored["date"],
            snippet=make_snippet(text, terms, form),
        )


@dataclass
class SearchResults:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]  # facet key -> value -> count; always has "type"
    page: int
    per_page: int
    query: str

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "hits": [asdict(h) for h in self.hits],
            "facets": self.facets,
        }

    @classmethod
    def empty(cls, query: SearchQuery) -> SearchResults:
        return cls(0, [], {"type": {}}, query.page, query.per_page, query.q)


def sorted_counts(counts: dict[str, int]) -> dict[str, int]:
    """Facet values by count, then value, so both engines list them alike."""
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


class SearchBackend(ABC):
    """One search engine behind the interface the CMS, the CLI and the checks use."""

    @abstractmethod
    def index(self, docs: Iterable[Document]) -> int:
        """Insert or replace these documents; returns how many were written."""

    @abstractmethod
    def delete(self, ids: Iterable[str]) -> None:
        """Remove documents by id; unknown ids are ignored."""

    @abstractmethod
    def rebuild(self, docs: Iterable[Document]) -> int:
        """Build a new index from scratch and swap it in atomically; returns its size."""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResults:
        """Ranked hits, total and facet counts for one query."""

    @abstractmethod
    def matching_ids(self, query: SearchQuery) -> set[str]:
        """The id of every document the query matches, unranked and unpaged (recall
        measurement: ``bench/search_recall.py``)."""

    @abstractmethod
    def ids(self) -> set[str]:
        """Every indexed document id (for consistency checks)."""

    @abstractmethod
    def count(self) -> int:
        """Number of indexed documents."""

    def outdated(self) -> bool:
        """Whether the index was written in a format this version no longer reads, so that
        only ``rebuild`` may write it."""
        return False
