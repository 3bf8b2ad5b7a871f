"""search.query: validation of request parameters and the terms engines receive."""

import pytest

from search import QueryError, SearchQuery
from search.query import MAX_QUERY_CHARS, parse_phrase, parse_terms


class FakeQueryDict(dict):
    """The part of Django's QueryDict that from_params relies on (lists per key)."""

    def getlist(self, key):
        return self.get(key, [])


def test_from_params_reads_every_field():
    query = SearchQuery.from_params(
        FakeQueryDict(
            q=["  电池\x00 "],
            type=["spotcheck"],
            page=["2"],
            per_page=["20"],
            sort=["date"],
            result=["不合格"],
            region=["北京", "上海"],
            _=["1712345"],
        )
    )
    assert query == SearchQuery(
        q="电池",
        type="spotcheck",
        filters={"result": ["不合格"], "region": ["北京", "上海"]},
        page=2,
        per_page=20,
        sort="date",
    )
    assert query.all_filters == {
        "result": ["不合格"],
        "region": ["北京", "上海"],
        "type": ["spotcheck"],
    }


def test_from_params_accepts_a_plain_dict():
    assert SearchQuery.from_params({"q": "产品", "page": "3"}) == SearchQuery(q="产品", page=3)


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"page": "0"}, "页码"),
        ({"page": "101"}, "页码"),
        ({"page": "x"}, "整数"),
        ({"per_page": "51"}, "每页"),
        ({"per_page": "0"}, "每页"),
        ({"sort": "title"}, "排序"),
        ({"type": "blog"}, "类型"),
        ({"Bad-Key": "1"}, "筛选"),
        ({"regoin": "北京"}, "未知的筛选条件: regoin"),  # misspelt: not silently no results
        ({"year": "abc"}, "四位年份"),
        ({"type": ["law", "blog"]}, "未知的类型: blog"),
        ({"region": [str(i) for i in range(21)]}, "过多"),
    ],
)
def test_invalid_parameters_raise_a_readable_query_error(params, reason):
    with pytest.raises(QueryError, match=reason):
        SearchQuery.from_params(params)


def test_long_queries_are_truncated_not_rejected():
    assert len(SearchQuery(q="检" * 500).q) == MAX_QUERY_CHARS


def test_control_and_format_characters_are_stripped():
    assert SearchQuery(q="\x07产品\u202e质量\x1b\n").q == "产品质量"
    assert SearchQuery(q="产品\t质量").q == "产品 质量"


def test_terms_are_runs_with_bigrams_and_words():
    (term,) = parse_terms("锂离子蓄电池")
    assert term.grams == ("锂离", "离子", "子蓄", "蓄电", "电池")
    assert term.tokens == ("锂离子", "蓄电池")
    assert [t.text for t in parse_terms('"产品" AND (质量) OR *')] == ["产品", "and", "质量", "or"]


def test_one_character_runs_are_prefixes():
    (term,) = parse_terms("质")
    assert term.prefix and term.grams == ("质",)


def test_the_whole_query_is_one_phrase_across_separators():
    phrase = parse_phrase("进口食品，检验")
    assert phrase.grams == ("进口", "口食", "食品", "品", "检验")
    assert not phrase.prefix
    assert parse_phrase("*") is None


def test_date_range_in_beijing_days_and_bad_dates():
    from search import QueryError, SearchQuery

    q = SearchQuery.from_params({"q": "电池", "date_from": "2024-01-01", "date_to": "2024-01-31"})
    assert q.date_range == ("2023-12-31T16:00:00+00:00", "2024-01-31T16:00:00+00:00")
    assert q.filters == {}
    for bad in (
        {"date_from": "2024-13-01"},
        {"date_to": "yesterday"},
        {"date_from": "2024-02-01", "date_to": "2024-01-01"},
    ):
        with pytest.raises(QueryError):
            SearchQuery.from_params({"q": "电池", **bad})


def test_dates_at_the_ends_of_the_calendar_are_clamped():
    q = SearchQuery.from_params({"q": "电池", "date_from": "0001-01-01", "date_to": "9999-12-31"})
    start, end = q.date_range
    assert start.startswith("0001-01-01T16:00") and end.startswith("9999-12-29T16:00")


def test_non_characters_are_dropped():
    assert SearchQuery(q="产品\ufffe质量\uffff\U0010fffe\ufdd0").q == "产品质量"


def test_what_sharing_adds_to_a_link_is_not_a_filter():
    params = {"q": "质量", "from": "singlemessage", "isappinstalled": "0", "utm_source": "x"}
    params |= {"spm": "a.b", "nsukey": "k", "share_token": "t", "ref": "wx"}
    assert SearchQuery.from_params(params) == SearchQuery(q="质量")


def test_full_width_years_are_years():
    assert SearchQuery.from_params({"q": "质量", "year": "２０２４"}).filters == {"year": ["2024"]}


def test_several_types_mean_any_of_them():
    query = SearchQuery.from_params({"q": "质量", "type": ["law", "notice", "law"]})
    assert query.type is None and query.all_filters == {"type": ["law", "notice"]}
