"""The engine at scale: Elasticsearch through the DSL bundled with the official client.

The only module that imports ``elasticsearch``. Text arrives pre-segmented by ``to_record`` and
is indexed with the built-in ``whitespace`` analyzer, so no Chinese plugin is needed on the
server and both engines match the same tokens. Indices are versioned (``<alias>-<timestamp>``)
behind the alias; ``rebuild`` fills a new index and flips the alias in one request (the DSL's
alias_migration pattern). Snippets are cut from ``_source`` by ``search.snippets`` rather than
by the ES highlighter, which would return the segmented text. Must not import Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime

from elasticsearch import Elasticsearch, NotFoundError, dsl, helpers

from contentmodels.document import Document

from ..query import SearchQuery, Term
from ..ranking import RERANK_WINDOW, Candidate, in_window, rerank
from .base import SUPERSEDED_FACETS, Hit, Record, SearchResults, sorted_counts, to_records
from .base import SearchBackend as BaseBackend

SEGMENTED = "whitespace"  # tokens were made by search.tokenize; the server only splits them
TITLE_BOOST = 8  # as the embedded engine's bm25 column weights
# Score floors mirroring the embedded ranking tiers (BM25 scores stay well below 100).
AS_TYPED_IN_TITLE, AS_TYPED, EACH_RUN_EXACT = 1000, 300, 100
SUPERSEDED_BOOST = 0.95  # 1000 -> 950: still above every lower tier
FACET_SIZE = 1000  # facet pairs returned per aggregation
STORED = ["id", "type", "type_label", "title", "url", "date", "text", "text_form", "sections"]
#: What re-ranking reads of the first RERANK_WINDOW hits.
RANKED = ["id", "title", "facets", "identifiers"]


class IndexedRecord(dsl.Document):
    """One ``search.backends.base.Record`` as stored in Elasticsearch."""

    id: dsl.M[str] = dsl.mapped_field(dsl.Keyword())
    type: dsl.M[str] = dsl.mapped_field(dsl.Keyword())
    type_label: dsl.M[str] = dsl.mapped_field(dsl.Keyword(index=False))
    title: dsl.M[str] = dsl.mapped_field(dsl.Keyword(index=False))
    url: dsl.M[str] = dsl.mapped_field(dsl.Keyword(index=False))
    date: dsl.M[str] = dsl.mapped_field(dsl.Keyword(index=False))
    sort_date: dsl.M[datetime | None] = dsl.mapped_field(dsl.Date())
    text: dsl.M[str] = dsl.mapped_field(dsl.Text(index=False))
    text_form: dsl.M[dict] = dsl.mapped_field(dsl.Object(enabled=False))
    sections: dsl.M[list[dict]] = dsl.mapped_field(dsl.Object(enabled=False))
    facets: dsl.M[list[str]] = dsl.mapped_field(dsl.Keyword())  # "key:value" pairs
    identifiers: dsl.M[list[str]] = dsl.mapped_field(dsl.Keyword(index=False))
    title_tokens: dsl.M[str] = dsl.mapped_field(dsl.Text(analyzer=SEGMENTED))
    body_tokens: dsl.M[str] = dsl.mapped_field(dsl.Text(analyzer=SEGMENTED))
    title_grams: dsl.M[str] = dsl.mapped_field(dsl.Text(analyzer=SEGMENTED))
    body_grams: dsl.M[str] = dsl.mapped_field(dsl.Text(analyzer=SEGMENTED))
    chars: dsl.M[str] = dsl.mapped_field(
        dsl.Text(analyzer=SEGMENTED, index_options="docs", norms=False)
    )

    class Meta:
        dynamic = dsl.MetaField("strict")


def versioned_index(name: str) -> dsl.Index:
    """The index definition (settings + mapping) for one version behind the alias."""
    index = dsl.Index(name)
    index.settings(number_of_shards=1)  # one shard: exact BM25 statistics
    index.document(IndexedRecord)
    return index


def _pair(key: str, value: str) -> str:
    return f"{key}:{value}"


def _record_source(record: Record) -> tuple[str, dict]:
    record = asdict(record)
    pairs = [_pair(k, v) for k, values in record.pop("facets").items() for v in values]
    record["sort_date"] = record["sort_date"] or None
    return record["id"], {**record, "facets": pairs}


def _grams_query(term: Term, fields: list[str]) -> dsl.Query:
    if term.single_char:
        return dsl.Q("term", chars=term.text)
    if term.prefix:  # a quoted phrase ending in one character
        query = " ".join(term.grams)
        return dsl.Q("multi_match", query=query, type="phrase_prefix", fields=fields)
    return dsl.Q("multi_match", query=" ".join(term.grams), type="phrase", fields=fields)


def _term_query(term: Term) -> dsl.Query:
    """The run's bigram phrase OR all its words (when they add anything), in title or body."""
    grams = _grams_query(term, [f"title_grams^{TITLE_BOOST}", "body_grams"])
    if not term.word_match:
        return grams
    words = dsl.Q(
        "multi_match",
        query=" ".join(term.word_match),
        type="cross_fields",
        operator="and",
        fields=[f"title_tokens^{TITLE_BOOST}", "body_tokens"],
    )
    return dsl.Q("bool", should=[grams, words], minimum_should_match=1)


def _typed(phrase: Term, fields: list[str]) -> dsl.Query:
    """The query as typed (without a trailing one-character run, which is no prefix here)."""
    return dsl.Q("multi_match", query=" ".join(phrase.ranking_grams), type="phrase", fields=fields)


def _text_query(terms: list[Term], phrase: Term) -> dsl.Query:
    """Every run must match; constant boosts reproduce the embedded engine's ranking tiers."""
    tiers = []
    if len(phrase.text) > 1:
        tiers += [
            (_typed(phrase, ["title_grams"]), AS_TYPED_IN_TITLE),
            (_typed(phrase, ["title_grams", "body_grams"]), AS_TYPED),
        ]
    if any(t.word_match for t in terms):
        each_exact = [_grams_query(t, ["title_grams", "body_grams"]) for t in terms]
        tiers.append((dsl.Q("bool", filter=each_exact), EACH_RUN_EXACT))
    return dsl.Q(
        "bool",
        must=[_term_query(t) for t in terms],
        should=[dsl.Q("constant_score", filter=q, boost=boost) for q, boost in tiers],
    )


def _ranked(text_query: dsl.Query) -> dsl.Query:
    """Documents no longer in force score a little lower: below equal matches in force, never
    below a weaker tier (tier boosts are hundreds apart, BM25 adds tens)."""
    return dsl.Q(
        "boosting",
        positive=text_query,
        negative=dsl.Q("terms", facets=list(SUPERSEDED_FACETS)),
        negative_boost=SUPERSEDED_BOOST,
    )


def _filter(filters: dict[str, list[str]], skip: str | None = None) -> dsl.Query:
    return dsl.Q(
        "bool",
        filter=[
            dsl.Q("terms", facets=[_pair(k, v) for v in values])
            for k, values in filters.items()
            if k != skip
        ],
    )


def build_search(index: str, query: SearchQuery) -> dsl.Search:
    """The request body for one query: text query, post-filter, facet aggregations, page.

    A page inside the re-ranked window asks for the window's ids, titles and facets instead;
    its documents are then read with ``mget``.
    """
    terms, filters = query.terms, query.all_filters
    window = in_window(query)
    s = dsl.Search(index=index).extra(track_total_hits=True).source(RANKED if window else STORED)
    s = s.query(_ranked(_text_query(terms, query.phrase))) if terms else s.query("match_all")
    if query.date_range:
        # A query filter (not a post-filter): facet counts respect the dates too.
        start, end = query.date_range
        s = s.filter("range", sort_date={"gte": start, "lt": end})
    if filters:
        s = s.post_filter(_filter(filters))
    # Filtered keys are counted without their own filter so the other values stay selectable.
    s.aggs.bucket("facets", "filter", filter=_filter(filters)).bucket(
        "pairs", "terms", field="facets", size=FACET_SIZE
    )
    for key in filters:
        s.aggs.bucket(f"facet_{key}", "filter", filter=_filter(filters, skip=key)).bucket(
            "pairs", "terms", field="facets", size=FACET_SIZE, include=f"{key}:.*"
        )
    by_date = {"sort_date": {"order": "desc", "missing": "_last"}}
    newest_first = query.sort == "date" or not terms
    s = s.sort(by_date, "_score") if newest_first else s.sort("_score", by_date)
    if window:
        return s[0:RERANK_WINDOW]
    start = (query.page - 1) * query.per_page
    return s[start : start + query.per_page]


def matching_body(query: SearchQuery) -> dict:
    """The body that scrolls through every match of ``query``: its filters, no scoring."""
    s = build_search("", query)
    body = {"query": {"bool": {"filter": [s.to_dict()["query"]]}}, "_source": False}
    if query.all_filters:
        body["query"]["bool"]["filter"].append(_filter(query.all_filters).to_dict())
    return body


def _candidate(source: dict) -> Candidate:
    facets: dict[str, list[str]] = {}
    for pair in source.get("facets") or []:
        key, _, value = pair.partition(":")
        facets.setdefault(key, []).append(value)
    return Candidate(source["id"], source["title"], facets, tuple(source.get("identifiers") or ()))


def _facet_counts(aggregations: dict, filters: dict[str, list[str]]) -> dict:
    counts: dict[str, dict[str, int]] = {"type": {}}
    for name in ["facets", *(f"facet_{k}" for k in filters)]:
        for bucket in aggregations[name]["pairs"]["buckets"]:
            key, _, value = bucket["key"].partition(":")
            if name == "facets" and key in filters:
                continue
            counts.setdefault(key, {})[value] = bucket["doc_count"]
    return {k: sorted_counts(v) for k, v in counts.items()}


class SearchBackend(BaseBackend):
    """Elasticsearch index behind the alias ``index``."""

    def __init__(
        self, url: str = "", index: str = "jinzhi", client: Elasticsearch | None = None, **options
    ) -> None:
        self.alias = index
        self.client = client or Elasticsearch(url, **options)

    def _new_index(self) -> str:
        name = f"{self.alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        versioned_index(name).create(using=self.client)
        return name

    def _current_indices(self) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            return []

    def _bulk(self, index: str, docs: Iterable[Document]) -> int:
        def actions():
            for record in to_records(docs):
                doc_id, source = _record_source(record)
                yield {"_op_type": "index", "_index": index, "_id": doc_id, "_source": source}

        written, _ = helpers.bulk(self.client, actions(), refresh="wait_for")
        return written

    def index(self, docs: Iterable[Document]) -> int:
        if not self._current_indices():
            self.client.indices.put_alias(index=self._new_index(), name=self.alias)
        return self._bulk(self.alias, docs)

    def delete(self, ids: Iterable[str]) -> None:
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": i} for i in ids)
        helpers.bulk(self.client, actions, refresh="wait_for", ignore_status=(404,))

    def rebuild(self, docs: Iterable[Document]) -> int:
        old, new = self._current_indices(), self._new_index()
        written = self._bulk(new, docs)
        self.client.indices.update_aliases(
            actions=[{"remove": {"index": name, "alias": self.alias}} for name in old]
            + [{"add": {"index": new, "alias": self.alias}}]
        )
        for name in old:
            self.client.indices.delete(index=name)
        return written

    def search(self, query: SearchQuery) -> SearchResults:
        terms, filters = query.terms, query.all_filters
        if not (terms or filters):
            return SearchResults.empty(query)
        try:
            response = build_search(self.alias, query).using(self.client).execute()
        except NotFoundError:  # nothing indexed yet
            return SearchResults.empty(query)
        if in_window(query):
            candidates = [_candidate(h.to_dict()) for h in response.hits]
            start = (query.page - 1) * query.per_page
            page = [c.id for c in rerank(candidates, query)[start : start + query.per_page]]
            stored = self._stored(page)
        else:
            stored = [h.to_dict() for h in response.hits]
        hits = [Hit.from_stored(source, terms) for source in stored]
        return SearchResults(
            total=response.hits.total.value,
            hits=hits,
            facets=_facet_counts(response.aggregations.to_dict(), filters),
            page=query.page,
            per_page=query.per_page,
            query=query.q,
        )

    def _stored(self, ids: list[str]) -> list[dict]:
        """The stored fields of these documents, in this order."""
        if not ids:
            return []
        found = self.client.mget(index=self.alias, ids=ids, source=STORED)["docs"]
        return [doc["_source"] for doc in found if doc.get("found")]

    def matching_ids(self, query: SearchQuery) -> set[str]:
        if not (query.terms or query.all_filters):
            return set()
        return self._scan_ids(matching_body(query))

    def ids(self) -> set[str]:
        return self._scan_ids({"_source": False})

    def _scan_ids(self, body: dict) -> set[str]:
        scan = helpers.scan(self.client, index=self.alias, query=body)
        try:
            return {hit["_id"] for hit in scan}
        except NotFoundError:
            return set()

    def count(self) -> int:
        try:
            return self.client.count(index=self.alias)["count"]
        except NotFoundError:
            return 0
