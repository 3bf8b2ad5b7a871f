"""search.snippets: escaping, highlighting and pointing a law hit at its article."""

from search.query import parse_terms
from search.snippets import make_snippet, target_article


def test_snippet_escapes_everything_but_its_marks():
    snippet = make_snippet("<script>alert(1)</script> 产品质量 & 安全", parse_terms("产品质量"))
    assert snippet == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>产品质量</mark> &amp; 安全"


def test_snippet_marks_matches_found_through_normalisation():
    snippet = make_snippet("按照 GB 2763—2021 及產品質量要求", parse_terms("gb2763-2021 产品质量"))
    assert "<mark>GB 2763—2021</mark>" in snippet and "<mark>產品質量</mark>" in snippet


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
