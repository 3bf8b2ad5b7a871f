"""OpenAPI 3.1 description of the public search endpoints, served at /api/openapi.json."""

from django.http import JsonResponse

from contentmodels.document import FACET_LABELS, TYPE_LABELS
from search.query import MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS

HIT = {
    "type": "object",
    "required": ["id", "type", "type_label", "title", "url", "date", "snippet"],
    "properties": {
        "id": {"type": "string"},
        "type": {"type": "string", "enum": list(TYPE_LABELS)},
        "type_label": {"type": "string", "description": "类型的中文名称"},
        "title": {"type": "string"},
        "url": {"type": "string", "description": "站内路径；法规命中条款时带 #第N条"},
        "date": {
            "type": "string",
            "description": "ISO 8601, +08:00; empty for a document without a date of its own",
        },
        "snippet": {"type": "string", "description": "HTML：命中词以 <mark> 标出，其余已转义"},
    },
}
RESULTS = {
    "type": "object",
    "required": ["query", "total", "page", "per_page", "hits", "facets"],
    "properties": {
        "query": {"type": "string"},
        "total": {"type": "integer"},
        "page": {"type": "integer"},
        "per_page": {"type": "integer"},
        "hits": {"type": "array", "items": HIT},
        "facets": {
            "type": "object",
            "description": "筛选项 -> 取值 -> 文档数；总含 type",
            "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}},
        },
    },
}
ERROR = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}

QUERY_PARAMETERS = [
    {
        "name": "q",
        "in": "query",
        "schema": {"type": "string"},
        "description": f"检索词；超过 {MAX_QUERY_CHARS} 字截断；括号、引号、斜杠、* 均按文字处理；"
        "整体加引号为精确短语",
    },
    {"name": "type", "in": "query", "schema": {"type": "string", "enum": list(TYPE_LABELS)}},
    {
        "name": "page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
    },
    {
        "name": "per_page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 10},
    },
    {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["relevance", "date"]}},
    {
        "name": "date_from",
        "in": "query",
        "schema": {"type": "string", "format": "date"},
        "description": "起始日期（含），北京时间",
    },
    {
        "name": "date_to",
        "in": "query",
        "schema": {"type": "string", "format": "date"},
        "description": "截止日期（含），北京时间",
    },
    {
        "name": "filters",
        "in": "query",
        "style": "form",
        "explode": True,
        "schema": {
            "type": "object",
            "properties": {
                key: {"type": "string", "description": label}
                for key, label in FACET_LABELS.items()
                if key != "type"
            },
            "additionalProperties": False,
        },
        "description": "其余参数均为筛选（未知的键返回 400），可重复表示“其一”"
        "（?region=北京&region=上海）；type 也可重复",
    },
]

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "金质 检索 API", "version": "1"},
    "paths": {
        "/api/search": {
            "get": {
                "summary": "全文检索已发布的信息",
                "parameters": QUERY_PARAMETERS,
                "responses": {
                    "200": {
                        "description": "结果",
                        "content": {"application/json": {"schema": RESULTS}},
                    },
                    "400": {
                        "description": "参数无效及原因",
                        "content": {"application/json": {"schema": ERROR}},
                    },
                },
            }
        },
        "/feeds/search": {
            "get": {
                "summary": "检索订阅：最新匹配文档的 Atom / RSS",
                "parameters": [
                    *[p for p in QUERY_PARAMETERS if p["name"] not in ("page", "per_page", "sort")],
                    {
                        "name": "format",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["atom", "rss"], "default": "atom"},
                    },
                ],
                "responses": {
                    "200": {"description": "Atom 或 RSS 2.0（带 ETag、Last-Modified）"},
                    "304": {"description": "未变化（If-None-Match / If-Modified-Since）"},
                    "400": {"description": "参数无效及原因"},
                },
            }
        },
    },
}


def openapi_view(request):
    return JsonResponse(SPEC, json_dumps_params={"ensure_ascii": False, "indent": 2})
