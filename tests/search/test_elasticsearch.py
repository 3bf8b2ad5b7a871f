"""The Elasticsearch backend: exact mapping and query bodies, response handling, and the contract.

The contract runs only against a real cluster: set ``ELASTICSEARCH_URL`` (e.g.
``http://localhost:9200``); each run uses its own ``jinzhi-test-*`` alias and deletes it.
Without a cluster, request bodies are checked against golden values and responses come from
``FakeElasticsearchTransport``.
"""

import os
import uuid

import corpus
import pytest
from contract import BackendContract
from fake_elasticsearch import FakeElasticsearchTransport, search_response, terms_buckets

from search import SearchQuery, get_backend
from search.backends.elasticsearch import (
    SearchBackend,
    build_search,
    matching_body,
    versioned_index,
)

TOKENS = {"analyzer": "whitespace", "type": "text"}
STORED = ["id", "type", "type_label", "title", "url", "date", "text", "text_form", "sections"]
RANKED = [
    "id",
    "title",
    "facets",
    "identifiers",
]  # the re-ranked window (search.ranking) reads these
SORT_BY_SCORE = ["_score", {"sort_date": {"order": "desc", "missing": "_last"}}]


def _aggs(filters: dict[str, list[str]]) -> dict:
    def bool_filter(skip=None):
        clauses = [
            {"terms": {"facets": [f"{k}:{v}" for v in vs]}}
            for k, vs in filters.items()
            if k != skip
        ]
        return {"bool": {"filter": clauses}} if clauses else {"bool": {}}  # the DSL drops []

    aggs = {
        "facets": {
            "filter": bool_filter(),
            "aggs": {"pairs": {"terms": {"field": "facets", "size": 1000}}},
        }
    }
    for key in filters:
        aggs[f"facet_{key}"] = {
            "filter": bool_filter(key),
            "aggs": {"pairs": {"terms": {"field": "facets", "include": f"{key}:.*", "size": 1000}}},
        }
    return aggs


def _phrase(grams: str, fields: list[str]) -> dict:
    return {"multi_match": {"query": grams, "fields": fields, "type": "phrase"}}


def _term(grams: str, tokens: str | None) -> dict:
    if tokens is None:  # a quoted term: its exact sequence, no words
        return _phrase(grams, ["title_grams^8", "body_grams"])
    return {
        "bool": {
            "minimum_should_match": 1,
            "should": [
                _phrase(grams, ["title_grams^8", "body_grams"]),
                {
                    "multi_match": {
                        "query": tokens,
                        "fields": ["title_tokens^8", "body_tokens"],
                        "operator": "and",
                        "type": "cross_fields",
                    }
                },
            ],
        }
    }


def _text_query(*terms: tuple[str, str], phrase: str | None = None) -> dict:
    """The expected query: the tiers inside a boosting query that lowers superseded documents."""
    return {
        "boosting": {
            "positive": _tiers(*terms, phrase=phrase),
            "negative": {
                "terms": {
                    "facets": [
                        "status:已修改",
                        "status:已废止",
                        "status:废止",
                        "status:失效",
                        "status:已撤回",
                    ]
                }
            },
            "negative_boost": 0.95,
        }
    }


def _tiers(*terms: tuple[str, str | None], phrase: str | None = None) -> dict:
    """Terms are (grams, words): words None when they add nothing to the bigram phrase."""
    phrase = phrase or terms[0][0]
    should = [
        {"constant_score": {"boost": 1000, "filter": _phrase(phrase, ["title_grams"])}},
        {
            "constant_score": {
                "boost": 300,
                "filter": _phrase(phrase, ["title_grams", "body_grams"]),
            }
        },
    ]
    if any(t is not None for _, t in terms):
        each = [_phrase(g, ["title_grams", "body_grams"]) for g, _ in terms]
        should.append({"constant_score": {"boost": 100, "filter": {"bool": {"filter": each}}}})
    return {"bool": {"must": [_term(g, t) for g, t in terms], "should": should}}


def _body(query: dict, *, filters=None, sort=SORT_BY_SCORE, start=0, size=10) -> dict:
    """A page's request; a relevance page within the first 100 hits asks for those 100."""
    window = sort == SORT_BY_SCORE and start + size <= 100
    body = {
        "query": query,
        "aggs": _aggs(filters or {}),
        "sort": sort,
        "track_total_hits": True,
        "from": 0 if window else start,
        "size": 100 if window else size,
        "_source": RANKED if window else STORED,
    }
    if filters:
        body["post_filter"] = {
            "bool": {
                "filter": [
                    {"terms": {"facets": [f"{k}:{v}" for v in vs]}} for k, vs in filters.items()
                ]
            }
        }
    return body


# -- golden: mapping, settings, query bodies ---------------------------------------------


def test_index_definition():
    assert versioned_index("jinzhi-20250101000000000000").to_dict() == {
        "settings": {"number_of_shards": 1},
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "id": {"type": "keyword"},
                "type": {"type": "keyword"},
                "type_label": {"type": "keyword", "index": False},
                "title": {"type": "keyword", "index": False},
                "url": {"type": "keyword", "index": False},
                "date": {"type": "keyword", "index": False},
                "sort_date": {"type": "date"},
                "text": {"type": "text", "index": False},
                "text_form": {"type": "object", "enabled": False},
                "sections": {"type": "object", "enabled": False},
                "facets": {"type": "keyword"},
                "identifiers": {"type": "keyword", "index": False},
                "title_tokens": TOKENS,
                "body_tokens": TOKENS,
                "title_grams": TOKENS,
                "body_grams": TOKENS,
                # each character once: one-character queries are terms here, never prefixes
                "chars": {**TOKENS, "index_options": "docs", "norms": False},
            },
        },
    }


def test_plain_query_body():
    assert build_search("jinzhi", SearchQuery(q="电池")).to_dict() == _body(
        _text_query(("电池", None))  # the word 电池 is the run: its bigrams find it
    )


def test_quotes_and_operators_are_text_in_the_query_body():
    body = build_search("jinzhi", SearchQuery(q='"电池" AND')).to_dict()
    assert body == _body(_text_query(("电池", None), ("an nd", None), phrase="电池 池 an nd"))


def test_words_that_may_match_apart_are_a_second_way_to_match():
    body = build_search("jinzhi", SearchQuery(q="质量监督检验")).to_dict()
    grams = "质量 量监 监督 督检 检验"
    assert body == _body(_text_query((grams, "质量监督 检验")))


def test_identifier_query_body():
    body = build_search("jinzhi", SearchQuery(q="GB 2763—2021")).to_dict()
    # Numbers carry their boundaries (‹2 … 3›): 2763 is not found inside 12763.
    assert body == _body(_text_query(("gb b2 ‹2 27 76 63 3› 3- -2 ‹2 20 02 21 1›", None)))


def test_single_character_is_a_term_on_the_characters_held():
    query = build_search("jinzhi", SearchQuery(q="质")).to_dict()["query"]
    assert query["boosting"]["positive"] == {"bool": {"must": [{"term": {"chars": "质"}}]}}
    as_typed = build_search("jinzhi", SearchQuery(q="《书》 规")).to_dict()["query"]["boosting"][
        "positive"
    ]["bool"]["should"]
    # The trailing one-character run takes no part in "as typed": no prefix query.
    assert as_typed[0]["constant_score"]["filter"] == {
        "multi_match": {"query": "书", "fields": ["title_grams"], "type": "phrase"}
    }


def test_filtered_query_body():
    query = SearchQuery(q="电池", type="law", filters={"region": ["北京", "上海"]}, page=3)
    assert build_search("jinzhi", query).to_dict() == _body(
        _text_query(("电池", None)),
        filters={"region": ["北京", "上海"], "type": ["law"]},
        start=20,
    )


def test_page_beyond_the_reranked_window_asks_for_that_page():
    body = build_search("jinzhi", SearchQuery(q="电池", page=11)).to_dict()
    assert body == _body(_text_query(("电池", None)), start=100)
    assert (body["from"], body["size"], body["_source"]) == (100, 10, STORED)


def test_matching_body_is_the_ranked_query_and_the_filters_without_scores():
    query = SearchQuery(q="电池", type="law", filters={"region": ["北京"]})
    assert matching_body(query) == {
        "query": {
            "bool": {
                "filter": [
                    build_search("jinzhi", query).to_dict()["query"],
                    {
                        "bool": {
                            "filter": [
                                {"terms": {"facets": ["region:北京"]}},
                                {"terms": {"facets": ["type:law"]}},
                            ]
                        }
                    },
                ]
            }
        },
        "_source": False,
    }
    assert build_search("jinzhi", query).to_dict()["query"] == _text_query(("电池", None))


def test_matching_ids_scroll_through_the_matches(fake, fake_backend):
    docs = corpus.documents("standard", 2)
    fake_backend.index(docs)
    assert fake_backend.matching_ids(SearchQuery(q="标准")) == {d.id for d in docs}
    method, path, body = fake.requests[-3]  # the first page, the next (empty), the clean-up
    assert (method, path, body["query"]) == (
        "POST",
        "/jinzhi/_search",
        matching_body(SearchQuery(q="标准"))["query"],
    )


def test_listing_body_sorts_newest_first():
    assert build_search("jinzhi", SearchQuery(type="notice", per_page=20)).to_dict() == _body(
        {"match_all": {}},
        filters={"type": ["notice"]},
        sort=[{"sort_date": {"order": "desc", "missing": "_last"}}, "_score"],
        size=20,
    )


# -- response handling through the fake transport -----------------------------------------


@pytest.fixture
def fake():
    return FakeElasticsearchTransport()


@pytest.fixture
def fake_backend(fake):
    return SearchBackend(index="jinzhi", client=fake.client())


def test_get_backend_builds_a_client(monkeypatch):
    backend = get_backend(
        {
            "BACKEND": "search.backends.elasticsearch",
            "URL": "http://localhost:9200",
            "INDEX": "jinzhi-x",
        }
    )
    assert isinstance(backend, SearchBackend) and backend.alias == "jinzhi-x"


def test_index_creates_a_versioned_index_behind_the_alias(fake, fake_backend):
    docs = corpus.documents("standard", 3)
    assert fake_backend.index(docs) == 3
    (name,) = fake.aliases["jinzhi"]
    assert name.startswith("jinzhi-") and name[7:].isdigit()
    assert fake.indices[name]["definition"] == versioned_index(name).to_dict()
    source = fake.indices[name]["docs"][docs[0].id]
    assert source["facets"] == ["type:standard", "list_type:issued"]
    assert source["title_grams"].startswith("sn n/ /t t5")
    assert fake_backend.count() == 3 and fake_backend.ids() == {d.id for d in docs}


def test_rebuild_flips_the_alias_and_drops_the_old_index(fake, fake_backend):
    fake_backend.index(corpus.documents("standard", 3))
    (old,) = fake.aliases["jinzhi"]
    assert fake_backend.rebuild(corpus.documents("guide", 2)) == 2
    (new,) = fake.aliases["jinzhi"]
    assert new != old and old not in fake.indices
    alias_request = next(r for r in fake.requests if r[1] == "/_aliases")
    assert alias_request[2] == {
        "actions": [
            {"remove": {"index": old, "alias": "jinzhi"}},
            {"add": {"index": new, "alias": "jinzhi"}},
        ]
    }


def test_delete_ignores_unknown_ids(fake, fake_backend):
    docs = corpus.documents("standard", 2)
    fake_backend.index(docs)
    fake_backend.delete([docs[0].id, "no-such-id"])
    assert fake_backend.ids() == {docs[1].id}


def test_search_parses_hits_total_and_facets(fake, fake_backend):
    law = corpus.law_by_short_name("产品质量法")
    fake_backend.index([law])
    (index,) = fake.aliases["jinzhi"]
    source = {k: fake.indices[index]["docs"][law.id][k] for k in RANKED}
    fake.search_responses.append(
        search_response(
            [{"_index": index, "_id": law.id, "_source": source, "sort": [1103.5, 1545091200000]}],
            total=42,
            aggregations={
                "facets": {
                    "doc_count": 42,
                    "pairs": terms_buckets({"type:law": 42, "level:法律": 40, "level:行政法规": 2}),
                },
                "facet_type": {
                    "doc_count": 57,
                    "pairs": terms_buckets({"type:law": 42, "type:notice": 15}),
                },
            },
        )
    )
    query = SearchQuery(q="建立健全内部产品质量管理制度", type="law")
    results = fake_backend.search(query)
    # The first page: the window's ids, titles and facets, then the page's stored fields.
    assert fake.requests[-2] == ("POST", "/jinzhi/_search", build_search("jinzhi", query).to_dict())
    assert fake.requests[-1] == ("POST", "/jinzhi/_mget", {"ids": [law.id]})
    assert results.total == 42
    assert results.facets == {
        "type": {"law": 42, "notice": 15},
        "level": {"法律": 40, "行政法规": 2},
    }
    (hit,) = results.hits
    assert (hit.id, hit.type, hit.type_label) == (law.id, "law", "法律法规")
    assert hit.url == f"{law.url}#第三条"
    assert "<mark>建立健全内部产品质量管理制度</mark>" in hit.snippet


def test_search_before_any_index_exists(fake_backend):
    assert fake_backend.search(SearchQuery(q="电池")).total == 0
    assert fake_backend.count() == 0 and fake_backend.ids() == set()


# -- the contract against a real cluster ---------------------------------------------------


def _cluster_url() -> str:
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        pytest.skip("ELASTICSEARCH_URL is not set: no Elasticsearch cluster to run the contract on")
    from elasticsearch import Elasticsearch

    if not Elasticsearch(url).ping():
        pytest.skip(f"ELASTICSEARCH_URL={url} does not answer")
    return url


@pytest.fixture(scope="class")
def backend_factory():
    url = _cluster_url()
    made = []

    def make():
        backend = SearchBackend(url=url, index=f"jinzhi-test-{uuid.uuid4().hex[:8]}")
        made.append(backend)
        return backend

    yield make
    for backend in made:
        backend.client.indices.delete(index=f"{backend.alias}-*", ignore_unavailable=True)


class TestElasticsearchContract(BackendContract):
    pass


def test_date_range_is_a_query_filter_so_facets_respect_it():
    body = build_search(
        "jinzhi", SearchQuery(q="电池", date_from="2024-01-01", date_to="2024-12-31")
    ).to_dict()
    assert body["query"]["bool"]["must"] == [_text_query(("电池", None))]
    assert body["query"]["bool"]["filter"] == [
        {
            "range": {
                "sort_date": {"gte": "2023-12-31T16:00:00+00:00", "lt": "2024-12-31T16:00:00+00:00"}
            }
        }
    ]
