"""A FAKE Elasticsearch at the transport boundary, for testing without a server.

The real client serialises requests and parses responses; only the HTTP node is replaced.
The fake keeps indices, aliases and bulk-written sources so index management and bulk responses
are realistic; it does not evaluate queries: a test queues the search response it wants (built
with ``search_response`` in the shape Elasticsearch 8 returns) and inspects the request body.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node._base import NodeApiResponse
from elasticsearch import Elasticsearch

SHARDS = {"total": 1, "successful": 1, "skipped": 0, "failed": 0}


def search_response(hits: list[dict], *, total: int | None = None, aggregations=None) -> dict:
    """An ES 8 ``_search`` response; ``hits`` are ``{"_index", "_id", "_source"}`` dicts."""
    body = {
        "took": 4,
        "timed_out": False,
        "_shards": SHARDS,
        "hits": {
            "total": {"value": len(hits) if total is None else total, "relation": "eq"},
            "max_score": 1103.5 if hits else None,
            "hits": [{"_score": 1103.5 - i, **h} for i, h in enumerate(hits)],
        },
    }
    if aggregations is not None:
        body["aggregations"] = aggregations
    return body


def terms_buckets(counts: dict[str, int]) -> dict:
    return {
        "doc_count_error_upper_bound": 0,
        "sum_other_doc_count": 0,
        "buckets": [{"key": k, "doc_count": n} for k, n in counts.items()],
    }


def _not_found(what: str) -> tuple[int, dict]:
    error = {"type": "index_not_found_exception", "reason": f"no such index [{what}]"}
    return 404, {"error": {"root_cause": [error], **error}, "status": 404}


class FakeElasticsearchTransport:
    """In-memory stand-in for one cluster; ``client()`` returns a real client wired to it."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, object]] = []
        self.indices: dict[str, dict] = {}  # name -> {"definition": body, "docs": {id: source}}
        self.aliases: dict[str, set[str]] = {}
        self.search_responses: list[dict] = []

    def client(self) -> Elasticsearch:
        fake = self

        class FakeNode(BaseNode):
            def perform_request(
                self, method, target, body=None, headers=None, request_timeout=None
            ):
                status, payload = fake.handle(method, target, body)
                meta = ApiResponseMeta(
                    status=status,
                    http_version="1.1",
                    headers=HttpHeaders(
                        {"content-type": "application/json", "x-elastic-product": "Elasticsearch"}
                    ),
                    duration=0.0,
                    node=self.config,
                )
                return NodeApiResponse(meta, json.dumps(payload).encode())

        return Elasticsearch("http://fake-elasticsearch.invalid:9200", node_class=FakeNode)

    def resolve(self, name: str) -> list[str]:
        return sorted(self.aliases.get(name) or ([name] if name in self.indices else []))

    # -- request routing --------------------------------------------------------------------

    def handle(self, method: str, target: str, body: bytes | None) -> tuple[int, dict]:
        url = urlsplit(target)
        parts = [p for p in url.path.split("/") if p]
        params = parse_qs(url.query)
        if parts and parts[-1] == "_bulk":
            lines = [json.loads(line) for line in (body or b"").decode().splitlines() if line]
            self.requests.append((method, url.path, lines))
            return 200, self._bulk(lines)
        data = json.loads(body) if body else None
        self.requests.append((method, url.path, data))
        match (method, parts):
            case ("PUT", [index]):
                self.indices[index] = {"definition": data, "docs": {}}
                return 200, {"acknowledged": True, "shards_acknowledged": True, "index": index}
            case ("DELETE", ["_search", "scroll"]):
                return 200, {"succeeded": True, "num_freed": 1}
            case ("DELETE", [index]):
                self.indices.pop(index, None)
                return 200, {"acknowledged": True}
            case ("GET", ["_alias", alias]):
                if not self.aliases.get(alias):
                    return 404, {"error": f"alias [{alias}] missing", "status": 404}
                return 200, {i: {"aliases": {alias: {}}} for i in sorted(self.aliases[alias])}
            case ("PUT", [index, "_alias", alias]):
                self.aliases.setdefault(alias, set()).add(index)
                return 200, {"acknowledged": True}
            case ("POST", ["_aliases"]):
                for action in data["actions"]:
                    ((op, spec),) = action.items()
                    members = self.aliases.setdefault(spec["alias"], set())
                    (members.add if op == "add" else members.discard)(spec["index"])
                return 200, {"acknowledged": True, "errors": False}
            case ("POST", [name, "_count"]):
                if not self.resolve(name):
                    return _not_found(name)
                docs = sum(len(self.indices[i]["docs"]) for i in self.resolve(name))
                return 200, {"count": docs, "_shards": SHARDS}
            case ("POST", [name, "_search"]):
                if not self.resolve(name):
                    return _not_found(name)
                if "scroll" in params:
                    return 200, {"_scroll_id": "fake-scroll-1", **self._all_hits(name)}
                return 200, self.search_responses.pop(0)
            case ("POST", [name, "_mget"]):
                stored = {
                    d: src for i in self.resolve(name) for d, src in self.indices[i]["docs"].items()
                }
                fields = params.get("_source", [""])[0].split(",")
                docs = []
                for doc_id in data["ids"]:
                    source = stored.get(doc_id)
                    found = (
                        {"_source": {k: source[k] for k in fields if k in source}} if source else {}
                    )
                    docs.append({"_index": name, "_id": doc_id, "found": bool(source), **found})
                return 200, {"docs": docs}
            case ("POST", ["_search", "scroll"]):
                return 200, {"_scroll_id": "fake-scroll-1", **search_response([])}
        raise AssertionError(f"the fake does not implement {method} {target}")

    def _all_hits(self, name: str) -> dict:
        return search_response(
            [{"_index": i, "_id": d} for i in self.resolve(name) for d in self.indices[i]["docs"]]
        )

    def _bulk(self, lines: list[dict]) -> dict:
        items, i = [], 0
        while i < len(lines):
            ((op, meta),) = lines[i].items()
            index = (self.resolve(meta["_index"]) or [meta["_index"]])[0]
            docs = self.indices.setdefault(index, {"definition": None, "docs": {}})["docs"]
            if op == "delete":
                found = docs.pop(meta["_id"], None) is not None
                status, result = (200, "deleted") if found else (404, "not_found")
                i += 1
            else:
                status, result = (200, "updated") if meta["_id"] in docs else (201, "created")
                docs[meta["_id"]] = lines[i + 1]
                i += 2
            items.append(
                {
                    op: {
                        "_index": index,
                        "_id": meta["_id"],
                        "_version": 1,
                        "result": result,
                        "_shards": {"total": 2, "successful": 1, "failed": 0},
                        "_seq_no": len(items),
                        "_primary_term": 1,
                        "status": status,
                    }
                }
            )
        return {"errors": False, "took": 7, "items": items}
