"""text.py and lawtext.py: plain text, summaries, law structure (no database)."""

from contentmodels.lawtext import render_law
from contentmodels.text import html_to_text, summarize


def test_html_to_text_keeps_block_breaks_and_drops_scripts():
    assert html_to_text("<h2>第一章</h2><p>甲&amp;乙</p><script>x()</script>") == "第一章\n甲&乙"


def test_summary_is_cut_at_a_sentence_end():
    text = "第一句话。" * 20 + "最后"
    summary = summarize(text, 32)
    assert summary.endswith("。") and len(summary) <= 32


def test_summary_without_sentence_end_gets_an_ellipsis():
    summary = summarize("字" * 300, 160)
    assert len(summary) == 160 and summary.endswith("…")


def test_short_text_is_unchanged_but_flattened():
    assert summarize("一行\n两行") == "一行 两行"


def test_law_headings_with_full_width_spaces_and_repeated_sections():
    body = "\n\n".join(
        [
            "## 第一章 总　则",
            "第一条 目的。",
            "### 第一节 一般规定",
            "第二条 范围。",
            "（一）甲；",
            "## 第二章 分　则",
            "### 第一节 一般规定",
            "第三条 其他。",
        ]
    )
    law = render_law(body)
    assert '<h2 id="第一章"><a href="#第一章">第一章</a> 总则</h2>' in law.html
    assert '<h3 id="第一节"><a href="#第一节">第一节</a> 一般规定</h3>' in law.html
    # The second 第一节 is under 第二章: its anchor says so, and stays unique.
    assert '<h3 id="第二章第一节">' in law.html
    assert [(s.anchor, s.level) for s in law.sections if s.level] == [
        ("第一章", 2),
        ("第一节", 3),
        ("第二章", 2),
        ("第二章第一节", 3),
    ]
    article = next(s for s in law.sections if s.anchor == "第二条")
    assert article.level == 0 and article.text == "范围。\n（一）甲；"
