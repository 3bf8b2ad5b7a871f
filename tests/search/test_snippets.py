"""search.snippets: escaping, highlighting and pointing a law hit at its article."""

from search.query import parse_terms
from search.snippets import make_snippet, target_article
from search.tokenize import normalized_form


def test_snippet_escapes_everything_but_its_marks():
    snippet = make_snippet("<script>alert(1)</script> 产品质量 & 安全", parse_terms("产品质量"))
    assert snippet == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>产品质量</mark> &amp; 安全"


def test_snippet_marks_matches_found_through_normalisation():
    snippet = make_snippet("按照 GB 2763—2021 及產品質量要求", parse_terms("gb2763-2021 产品质量"))
    assert "<mark>GB 2763—2021</mark>" in snippet and "<mark>產品質量</mark>" in snippet


def test_stored_form_points_marks_back_where_normalisation_changed_the_length():
    # ㎏ becomes kg (one more character), the gaps of GB 2763 — 2021 go (three fewer).
    text = "限量 5㎏，按照 GB 2763 — 2021 及 GB 2762—2022 检验產品質量"
    form = normalized_form(text)
    assert form["shifts"] and form["norm"].endswith("gb2762-2022 检验产品质量")
    terms = parse_terms("gb2762-2022 产品质量")
    snippet = make_snippet(text, terms, form)
    assert (
        snippet
        == "限量 5㎏，按照 GB 2763 — 2021 及 <mark>GB 2762—2022</mark> 检验<mark>產品質量</mark>"
    )
    assert snippet == make_snippet(text, terms)  # the same as normalising at query time


def test_stored_form_of_a_text_normalisation_keeps_aligned_has_no_shifts():
    assert normalized_form("第一条 產品質量（ＡＢＣ）") == {
        "norm": "第一条 产品质量(abc)",
        "shifts": [],
    }


def test_snippet_is_cut_around_the_first_match():
    text = "前" * 300 + "蓝舌病" + "后" * 300
    snippet = make_snippet(text, parse_terms("蓝舌病"))
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>蓝舌病</mark>" in snippet and len(snippet) < 150


def test_snippet_without_a_match_shows_the_beginning():
    assert make_snippet("第一条 为了加强管理", parse_terms("无关")) == "第一条 为了加强管理"


def test_target_article_prefers_an_article_holding_the_whole_query():
    sections = [
        {"anchor": "第一条", "text": "第一条 产品应当合格。"},
        {"anchor": "第二条", "text": "第二条 产品质量应当检验合格。"},
    ]
    assert target_article(sections, parse_terms("产品 检验"))["anchor"] == "第二条"
    assert target_article(sections, parse_terms("产品"))["anchor"] == "第一条"
    assert target_article(sections, parse_terms("电池")) is None


def test_target_article_reads_the_stored_form_of_each_article():
    sections = [
        {"anchor": "第一条", "text": "第一条 產品", "form": normalized_form("第一条 產品")},
        {"anchor": "第二条", "text": "第二条 质量", "form": {"norm": "第二条 产品", "shifts": []}},
    ]
    # The stored form is what is searched: 第二条's (altered) form holds 产品, its text does not.
    assert target_article(sections[1:], parse_terms("产品"))["anchor"] == "第二条"
    assert target_article(sections, parse_terms("产品"))["anchor"] == "第一条"


def test_target_article_named_in_the_query_even_where_its_text_lacks_the_number():
    sections = [
        {"anchor": "第一条", "text": "为了加强对产品质量的监督管理，制定本法。"},
        {"anchor": "第二十六条", "text": "生产者应当对其生产的产品质量负责。"},
    ]
    for q in ("产品质量法 第二十六条", "产品质量法第二十六条", "第二十六条"):
        assert target_article(sections, parse_terms(q))["anchor"] == "第二十六条"


def test_target_article_prefers_whole_words_and_leaves_a_law_named_by_the_query_whole():
    sections = [
        {"anchor": "第十条", "text": "开展食品安全法律、法规以及食品安全标准的普及工作。"},
        {"anchor": "第十一条", "text": "依照食品安全法的规定处理。"},
    ]
    terms = parse_terms("食品安全法")
    assert target_article(sections, terms)["anchor"] == "第十一条"  # 食品安全|法律 is no match
    assert target_article(sections[:1], terms)["anchor"] == "第十条"  # only a part-word match
    assert target_article(sections[:1], terms, "中华人民共和国食品安全法") is None  # the law


def test_title_match_counts_the_parts_of_the_query_a_title_holds():
    from search import SearchQuery
    from search.ranking import title_match

    query = SearchQuery(q="产品质量法 第二十六条")
    assert query.parts == ["产品质量法", "第二十六条"]
    assert SearchQuery(q="产品质量法第二十六条").parts == ["产品质量法", "第二十六条"]
    assert title_match("中华人民共和国产品质量法", query) == (2, 0)
    assert title_match("河南省产品质量监督管理条例", query) is None
    unquoted = SearchQuery(q="产品 质量")
    assert title_match("中华人民共和国产品质量法", unquoted) == (0, 0)  # side by side, a word
    assert title_match("中华人民共和国农产品质量安全法", unquoted) == (0, 1)  # inside 农产品
    assert title_match("产品标识和质量要求", unquoted) == (1, 0)  # both words, apart
    assert SearchQuery(q='"产品 质量"').phrase.text == "产品质量"
