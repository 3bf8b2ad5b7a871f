"""The behaviour every search backend must show, as a mixin for one test class per backend.

A subclass provides a class-scoped ``backend_factory`` fixture (a callable returning a new,
empty backend). Documents come from the real records in ../shared/data; the few identifiers the
data lacks (GB 2763, mg/kg limits, full-width model numbers, 锂离子蓄电池) are added to real
WTO records as extra searchable text, and named ``derived-*``.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from functools import cache

import corpus
import pytest

from contentmodels.document import Document
from search import SearchQuery
from search.tokenize import normalize

PRODUCT_QUALITY_LAW = "产品质量法"
ARTICLE_3_CLAUSE = "生产者、销售者应当建立健全内部产品质量管理制度，严格实施岗位质量规范"
HOSTILE_QUERIES = [
    '"',
    "'",
    "(",
    ")",
    "()",
    "[]",
    "{}",
    "*",
    "产品*",
    "-产品",
    "^2",
    ":",
    "title:产品",
    "产品 AND 质量",
    "OR",
    "NOT 产品",
    "NEAR(产品 质量)",
    "产品 OR",
    "G/TBT/",
    "/",
    "\\",
    "\x00产品\x07",
    "产品\u202e质量",
    '"产品" "质量',
    'a"b',
    "%",
    "_",
    "--",
    "** OR **",
]


def _derived(
    base: Document, suffix: str, extra: str, title: str | None = None, identifier: str = ""
) -> Document:
    return dataclasses.replace(
        base,
        id=f"derived-{suffix}",
        url=f"/notifications/derived-{suffix}/",
        title=title or base.title,
        search_text=f"{base.search_text} {extra}",
        identifiers=[identifier] if identifier else [],
    )


def _identifier_documents(wto: list[Document]) -> list[Document]:
    return [
        _derived(wto[0], "gb2763-2021", "食品中农药最大残留限量 GB 2763-2021"),
        _derived(wto[1], "gb2763-2019", "食品中农药最大残留限量 GB 2763-2019"),
        _derived(wto[2], "3.5mgkg", "限量值为3.5mg/kg"),
        _derived(wto[3], "35mgkg", "限量值为35mg/kg"),
        _derived(wto[4], "abc2023", "", title="型号ＡＢＣ２０２３产品通报"),
        _derived(wto[5], "battery", "", title="锂离子蓄电池安全要求"),
        _derived(wto[6], "docno-12", "依据海关总署公告〔2023〕12号执行"),
        _derived(wto[7], "docno-13", "依据海关总署公告〔2023〕13号执行"),
        _derived(wto[8], "class-ii", "适用于Ⅱ类医疗器械"),
        _derived(wto[9], "symbol-base", "通报号 G/TBT/N/CHN/9001", identifier="G/TBT/N/CHN/9001"),
        _derived(wto[11], "grade-15w40", "适用于15W-40柴油机油"),
        _derived(wto[12], "grade-5w40", "适用于5W-40汽油机油"),
        _derived(wto[13], "dose-0.05", "限量值为0.05mg/kg"),
        _derived(wto[14], "dose-5", "限量值为5mg/kg"),
        _derived(wto[15], "std-11121", "依据GB 11121-2006检验"),
        _derived(wto[16], "std-1112", "依据GB 1112-1990检验"),
        _derived(wto[17], "symbol-900", "通报号 G/TBT/N/CHN/900"),
        _derived(wto[18], "std-no-year", "应符合（GB 2761）的规定"),
        _derived(wto[19], "dose-spaced", "限量值为0.4 mg/kg"),
        _derived(wto[20], "std-part", "依据SN/T 4445.4-2019检验"),
        # An addendum citing its base notification: the base symbol's text twice, a shorter body.
        dataclasses.replace(
            _derived(
                wto[10],
                "symbol-add1",
                "G/TBT/N/CHN/9001/Add.1 G/TBT/N/CHN/9001号通报所述法规推迟实施",
                identifier="G/TBT/N/CHN/9001/Add.1",
            ),
            body_text="",
        ),
    ]


@cache
def documents() -> tuple[Document, ...]:
    """About 190 real documents of every type (cached: parsing laws takes a moment)."""
    law = corpus.law_by_short_name(PRODUCT_QUALITY_LAW)
    laws = [d for d in corpus.documents("law", 40) if PRODUCT_QUALITY_LAW not in d.title][:15]
    wto_all = corpus.documents("notification")
    wto = wto_all[:30] + [d for d in wto_all[30:] if "/CHN/" in d.search_text]
    spot_all = corpus.documents("spotcheck")

    def grade(d: Document, g: str) -> bool:
        return g in normalize(" ".join(f.display for f in d.fields))

    spots = spot_all[:20] + [d for d in spot_all[20:] if grade(d, "5w-30")][:5]
    spots += [d for d in spot_all[20:] if grade(d, "5w-40") and not grade(d, "5w-30")][:5]
    docs = [law, *laws, *corpus.documents("notice", 30), *wto, *spots]
    docs += corpus.documents("standard", 30) + corpus.documents("guide")
    return tuple(docs + _identifier_documents(wto_all[60:]))


def containing(text: str) -> set[str]:
    """Ground truth: ids of the documents whose normalised searchable text holds ``text``."""
    needle = normalize(text)
    found = set()
    for doc in documents():
        searchable = (
            normalize(doc.title)
            + "\n"
            + normalize(
                "\n".join(
                    [doc.body_text or doc.summary, doc.search_text]
                    + [f.display for f in doc.fields]
                )
            )
        )
        if needle in searchable:
            found.add(doc.id)
    return found


def all_hits(backend, **params) -> list:
    hits, page = [], 1
    while True:
        results = backend.search(SearchQuery(page=page, per_page=50, **params))
        hits += results.hits
        if len(hits) >= results.total or not results.hits:
            return hits
        page += 1


class BackendContract:
    @pytest.fixture(scope="class")
    @classmethod
    def loaded(cls, backend_factory):
        backend = backend_factory()
        assert backend.rebuild(documents()) == len(documents())
        return backend

    @pytest.fixture
    def empty(self, backend_factory):
        return backend_factory()

    # -- index, ids, delete, rebuild -------------------------------------------------------

    def test_ids_and_count(self, loaded):
        assert loaded.count() == len(documents())
        assert loaded.ids() == {d.id for d in documents()}

    def test_upsert_replaces_a_document(self, empty):
        notice, other = corpus.documents("notice", 2)
        assert empty.index([notice, other]) == 2
        changed = dataclasses.replace(notice, title="临时标题替换检验")
        empty.index([changed])
        assert empty.count() == 2
        hits = empty.search(SearchQuery(q="临时标题替换检验")).hits
        assert [(h.id, h.title) for h in hits] == [(notice.id, "临时标题替换检验")]

    def test_delete(self, empty):
        docs = corpus.documents("standard", 3)
        empty.index(docs)
        empty.delete([docs[0].id, "no-such-id"])
        assert empty.ids() == {docs[1].id, docs[2].id}
        assert docs[0].id not in {h.id for h in empty.search(SearchQuery(q=docs[0].title)).hits}

    def test_rebuild_replaces_everything(self, empty):
        first, second = corpus.documents("standard", 2), corpus.documents("guide", 2)
        empty.index(first)
        assert empty.rebuild(second) == 2
        assert empty.ids() == {d.id for d in second}

    def test_search_before_anything_is_indexed(self, empty):
        assert empty.search(SearchQuery(q="产品")).total == 0
        assert empty.count() == 0 and empty.ids() == set()

    # -- finding --------------------------------------------------------------------------

    @pytest.mark.parametrize("q", ["代米尔卡皮亚", "蓝舌病", "高致病性禽流感", "机油", "质谱"])
    def test_finds_every_document_containing_the_query_first(self, loaded, q):
        truth = containing(q)
        assert truth, f"test data should contain {q}"
        hits = all_hits(loaded, q=q)
        assert {h.id for h in hits[: len(truth)]} == truth

    @pytest.mark.parametrize("params", [{"q": "检验"}, {"q": "检验", "type": "law"}, {"q": "质谱"}])
    def test_matching_ids_are_the_ids_of_every_hit(self, loaded, params):
        matched = loaded.matching_ids(SearchQuery(**params))
        assert matched == {h.id for h in all_hits(loaded, **params)} and matched

    def test_exact_clause_finds_the_law_first_and_points_at_the_article(self, loaded):
        law = documents()[0]
        results = loaded.search(SearchQuery(q=ARTICLE_3_CLAUSE))
        first = results.hits[0]
        assert first.id == law.id
        assert first.url == f"{law.url}#第三条"
        assert "<mark>" in first.snippet and "岗位质量规范" in first.snippet

    def test_title_matches_rank_above_body_only_matches(self, loaded):
        hits = all_hits(loaded, q="产品质量")
        in_title = [normalize("产品质量") in normalize(h.title) for h in hits]
        assert True in in_title and False in in_title
        assert in_title == sorted(in_title, reverse=True)
        assert hits[0].id == documents()[0].id

    def test_word_aligned_title_matches_then_higher_levels_rank_first(self, empty):
        names = ["农产品质量安全法", "浙江省农产品质量安全规定", "重庆市产品质量条例", "产品质量法"]
        empty.index([corpus.law_by_short_name(n) for n in names])
        hits = empty.search(SearchQuery(q="产品质量", type="law")).hits
        assert [h.title for h in hits] == [
            "中华人民共和国产品质量法",  # 产品质量 starts a word; 法律
            "重庆市产品质量条例",  # starts a word; 地方性法规
            "中华人民共和国农产品质量安全法",  # inside 农产品; 法律
            "浙江省农产品质量安全规定",  # inside 农产品; 地方性法规
        ]
        # Pages beyond the first keep the order: page 2 of two per page is its second half.
        second = empty.search(SearchQuery(q="产品质量", type="law", per_page=2, page=2)).hits
        assert [h.title for h in second] == [h.title for h in hits[2:]]

    def test_date_range_limits_results_and_facets(self, loaded):
        notifications = [d for d in documents() if d.type == "notification" and d.date]
        year = Counter(d.date[:4] for d in notifications).most_common(1)[0][0]
        dated = [d for d in notifications if d.date[:4] == year]
        assert 1 < len(dated) < len(notifications)
        q = SearchQuery(
            type="notification", date_from=f"{year}-01-01", date_to=f"{year}-12-31", per_page=50
        )
        results = loaded.search(q)
        assert {h.id for h in results.hits} == {d.id for d in dated}
        # The type facet is counted without its own filter: other types of that year show too.
        assert results.facets["type"]["notification"] == len(dated)

    def test_documents_in_force_rank_above_superseded_ones(self, empty):
        law = documents()[0]
        versions = [
            dataclasses.replace(
                law,
                id=f"{law.id}-{n}",
                url=f"{law.url}v{n}/",
                status=status,
                facets={**law.facets, "status": [status]},
            )
            for n, status in enumerate(["已修改", "有效", "已废止"])
        ]
        empty.index(versions)
        hits = empty.search(SearchQuery(q=law.title)).hits
        assert [h.id for h in hits][:1] == [f"{law.id}-1"]
        assert {h.id for h in hits} == {v.id for v in versions}

    def test_a_lone_digit_is_a_whole_number(self, empty):
        base = Document(id="", type="notice", url="", title="", date="", updated="")
        texts = {
            "article-5": "依照第 5 条处理",
            "grade": "5W-30 机油",
            "fifteen": "依照第15条处理",
            "half": "限量0.5mg/kg",
            "code": "型号M715H001",
        }
        empty.index(
            [
                dataclasses.replace(base, id=key, url=f"/n/{key}/", title="通知", body_text=text)
                for key, text in texts.items()
            ]
        )
        assert {h.id for h in empty.search(SearchQuery(q="5", per_page=50)).hits} == {
            "article-5",
            "grade",
        }
        assert {h.id for h in empty.search(SearchQuery(q="第 5 条")).hits} == {"article-5"}

    @pytest.mark.parametrize("q", HOSTILE_QUERIES)
    def test_query_syntax_in_user_input_is_text(self, loaded, q):
        results = loaded.search(SearchQuery(q=q))
        assert results.total >= 0
        assert results.to_dict()["query"] == SearchQuery(q=q).q

    def test_quotes_and_operators_do_not_change_the_match(self, loaded):
        plain = {h.id for h in all_hits(loaded, q="产品 质量")}
        assert {h.id for h in all_hits(loaded, q='"产品" (质量)*')} == plain
        # AND is a word to find, not an operator: it narrows to texts containing "and"
        assert {h.id for h in all_hits(loaded, q="产品 AND 质量")} < plain

    def test_quoted_query_matches_the_exact_sequence_only(self, loaded):
        # Unquoted, 动物检疫 also matches its words 动物 and 检疫 apart.
        unquoted = {h.id for h in all_hits(loaded, q="动物检疫")}
        quoted = {h.id for h in all_hits(loaded, q='"动物检疫"')}
        assert quoted == containing("动物检疫") != set()
        assert quoted < unquoted
        # A space between Chinese runs inside quotes is not required in the text.
        assert {h.id for h in all_hits(loaded, q="“进口 食品”")} == containing("进口食品") != set()
        assert {h.id for h in all_hits(loaded, q="「动物 检疫」 进口")} <= quoted
        # Between Latin words it is: the words must follow each other.
        english = {h.id for h in all_hits(loaded, q='"food safety"')}
        assert (
            english
            == {
                d.id
                for d in documents()
                if re.search(
                    r"food\W+safety", normalize(f"{d.title}\n{d.body_text}\n{d.search_text}")
                )
            }
            != set()
        )

    def test_traditional_query_equals_simplified(self, loaded):
        simplified = [h.id for h in all_hits(loaded, q="产品质量")]
        assert [h.id for h in all_hits(loaded, q="產品質量")] == simplified
        guide = next(d for d in documents() if "產品質量" in d.body_text)
        assert guide.id in simplified

    @pytest.mark.parametrize(
        ("q", "found", "not_found"),
        [
            ("GB 2763-2021", "derived-gb2763-2021", "derived-gb2763-2019"),
            ("GB2763-2021", "derived-gb2763-2021", "derived-gb2763-2019"),
            ("GB 2763—2021", "derived-gb2763-2021", "derived-gb2763-2019"),
            ("gb 2763-2019", "derived-gb2763-2019", "derived-gb2763-2021"),
            ("3.5mg/kg", "derived-3.5mgkg", "derived-35mgkg"),
            ("35mg/kg", "derived-35mgkg", "derived-3.5mgkg"),
            ("ABC2023", "derived-abc2023", None),
            ("ＡＢＣ２０２３", "derived-abc2023", None),
            ("电池", "derived-battery", None),
        ],
    )
    def test_identifiers(self, loaded, q, found, not_found):
        ids = [h.id for h in all_hits(loaded, q=q)]
        assert found in ids
        assert not_found not in ids

    @pytest.mark.parametrize(
        "q", ["公告〔2023〕12号", "公告[2023]12号", "公告（2023）12号", "(2023)12号"]
    )
    def test_document_numbers_match_whatever_their_brackets(self, loaded, q):
        assert {h.id for h in all_hits(loaded, q=q)} == {"derived-docno-12"}

    @pytest.mark.parametrize("q", ["Ⅱ类医疗器械", "II类医疗器械", "ii类医疗器械", "ＩＩ类医疗器械"])
    def test_compatibility_forms_and_case_match_both_ways(self, loaded, q):
        assert {h.id for h in all_hits(loaded, q=q)} == {"derived-class-ii"}

    def test_an_addendum_symbol_is_its_own_document(self, loaded):
        addendum = all_hits(loaded, q="G/TBT/N/CHN/9001/Add.1")
        assert [h.id for h in addendum] == ["derived-symbol-add1"]
        base = all_hits(loaded, q="g/tbt/n/chn/9001")
        # The addendum cites the base symbol twice; the document it names ranks first.
        assert [h.id for h in base] == ["derived-symbol-base", "derived-symbol-add1"]

    @pytest.mark.parametrize(
        ("q", "wanted"),
        [
            ("GB2761", "std-no-year"),
            ("GB 2761", "std-no-year"),
            ("0.4mg/kg", "dose-spaced"),
            ("0.4 mg/kg", "dose-spaced"),
            ("SN/T 4445", "std-part"),  # the base number finds its parts
        ],
    )
    def test_gaps_inside_identifiers_and_measures_are_optional(self, loaded, q, wanted):
        assert f"derived-{wanted}" in {h.id for h in all_hits(loaded, q=q)}

    @pytest.mark.parametrize(
        ("q", "wanted", "unwanted"),
        [
            ("5W-40", "grade-5w40", "grade-15w40"),
            ("15W-40", "grade-15w40", "grade-5w40"),
            ("5mg/kg", "dose-5", "dose-0.05"),
            ("0.05mg/kg", "dose-0.05", "dose-5"),
            ("GB 1112", "std-1112", "std-11121"),
            ("GB 11121", "std-11121", "std-1112"),
            ("G/TBT/N/CHN/900", "symbol-900", "symbol-base"),
        ],
    )
    def test_numbers_are_whole_values_at_the_edges_of_the_query(self, loaded, q, wanted, unwanted):
        found = {h.id for h in all_hits(loaded, q=q)}
        assert f"derived-{wanted}" in found and f"derived-{unwanted}" not in found

    @pytest.mark.parametrize(("grade", "other"), [("5w-30", "5w-40"), ("5w-40", "5w-30")])
    def test_oil_grades_are_distinct(self, loaded, grade, other):
        texts = {
            d.id: normalize(" ".join([d.search_text, *(f.display for f in d.fields)]))
            for d in documents()
        }
        assert any(other in t and grade not in t for t in texts.values())
        hits = all_hits(loaded, q=grade.upper())
        assert hits and all(grade in texts[h.id] for h in hits)

    def test_wto_symbols(self, loaded):
        rev = {h.id for h in all_hits(loaded, q="G/TBT/N/CHN/327/Rev.1")}
        assert rev and rev <= {h.id for h in all_hits(loaded, q="g/tbt/n/chn/327")}
        assert all_hits(loaded, q="G/TBT/N/CHN/327/Rev.2") == []
        symbol = "G/TBT/N/CHN/1395"
        assert {h.id for h in all_hits(loaded, q=symbol)} == containing(symbol)

    # -- facets, filters, listing ---------------------------------------------------------

    def test_facet_counts(self, loaded):
        hits = all_hits(loaded, q="检验")
        results = loaded.search(SearchQuery(q="检验"))
        by_id = {d.id: d for d in documents()}
        assert results.facets["type"] == dict(Counter(h.type for h in hits))
        levels = Counter(v for h in hits for v in by_id[h.id].facets.get("level", []))
        assert results.facets["level"] == dict(levels)
        assert sum(results.facets["type"].values()) == results.total

    def test_type_filter(self, loaded):
        unfiltered = loaded.search(SearchQuery(q="检验"))
        laws = loaded.search(SearchQuery(q="检验", type="law", per_page=50))
        assert laws.total == unfiltered.facets["type"]["law"] > 0
        assert {h.type for h in laws.hits} == {"law"}
        # the type facet still offers the other types; other facets follow the filter
        assert laws.facets["type"] == unfiltered.facets["type"]
        assert set(laws.facets) - {"type"} <= {"level", "region"}

    def test_facet_filter(self, loaded):
        outcome = loaded.search(SearchQuery(type="spotcheck", filters={"result": ["不合格"]}))
        expected = [d for d in documents() if d.facets.get("result") == ["不合格"]]
        assert outcome.total == len(expected) > 0

    def test_empty_query_with_type_lists_newest_first(self, loaded):
        results = loaded.search(SearchQuery(type="standard", per_page=50))
        standards = [d for d in documents() if d.type == "standard"]
        assert results.total == len(standards)
        dates = [h.date for h in results.hits]
        assert dates == sorted(dates, reverse=True)

    def test_empty_query_returns_nothing(self, loaded):
        assert loaded.search(SearchQuery(q="  \x00 ")).to_dict() == {
            "query": "",
            "total": 0,
            "page": 1,
            "per_page": 10,
            "hits": [],
            "facets": {"type": {}},
        }

    def test_result_shape_and_paging(self, loaded):
        first = loaded.search(SearchQuery(q="检验", per_page=5)).to_dict()
        second = loaded.search(SearchQuery(q="检验", per_page=5, page=2)).to_dict()
        assert set(first) == {"query", "total", "page", "per_page", "hits", "facets"}
        hit_keys = {"id", "type", "type_label", "title", "url", "date", "snippet"}
        assert set(first["hits"][0]) == hit_keys
        assert first["total"] == second["total"] > 10
        assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}

    def test_sort_by_date(self, loaded):
        hits = loaded.search(SearchQuery(q="检验", sort="date", per_page=50)).hits
        dated = [h.date for h in hits if h.date]
        assert dated == sorted(dated, reverse=True)
