"""search.tokenize: normalisation, identifiers as whole tokens, bigrams, jieba wrapping."""

import logging
import subprocess
import sys

import pytest

from search.query import parse_terms
from search.snippets import make_snippet
from search.tokenize import (
    grams,
    normalize,
    normalize_mapped,
    normalized_form,
    segment,
    segment_query,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＡＢＣ２０２３", "abc2023"),
        ("產品質量", "产品质量"),
        ("GB 2763—2021", "gb2763-2021"),
        ("GB  2763 - 2021", "gb2763-2021"),
        ("SN/T 5624—2023", "sn/t5624-2023"),
        ("公告〔2024〕151号", "公告(2024)151号"),
        ("公告[2024]151号", "公告(2024)151号"),
        ("公告（2024）151号", "公告(2024)151号"),
        ("5W–30", "5w-30"),
        ("零下－40℃", "零下-40°c"),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_normalize_mapped_points_back_into_the_original():
    text = "见 GB 2763 — 2021 規定"
    normalized, offsets = normalize_mapped(text)
    assert normalized == "见 gb2763-2021 规定"
    assert len(offsets) == len(normalized)
    start = normalized.index("规定")
    assert text[offsets[start] : offsets[start + 1] + 1] == "規定"


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("按 GB 2763-2021 执行", "gb2763-2021"),
        ("按GB2763-2021执行", "gb2763-2021"),
        ("SN/T 5624—2023 标准", "sn/t5624-2023"),
        ("通报 G/TBT/N/CHN/1234 如下", "g/tbt/n/chn/1234"),
        ("通报G/TBT/N/CHN/1234/Add.1如下", "g/tbt/n/chn/1234/add.1"),
        ("海关总署公告〔2024〕151号", "(2024)151号"),
        ("海关总署公告2024年第151号", "(2024)151号"),
        ("海关总署公告〔2024〕151号", "公告(2024)151号"),
        ("5W-30 机油", "5w-30"),
        ("限量3.5mg/kg", "3.5mg/kg"),
    ],
)
def test_identifiers_are_whole_tokens(text, token):
    assert token in segment(text)
    assert token in segment_query(text)


def test_identifier_variants_stay_distinct():
    assert "g/tbt/n/chn/1234/add.1" not in segment_query("G/TBT/N/CHN/1234")
    assert "gb2763-2019" not in segment("GB 2763-2021")
    assert "5w-40" not in segment("5W-30")
    assert "35mg/kg" not in segment("3.5mg/kg")


def test_index_tokens_include_searchable_parts_of_identifiers():
    tokens = segment("GB 2763-2021 与 G/TBT/N/CHN/1234/Add.1")
    assert "gb2763" in tokens  # the standard without its year
    assert "g/tbt/n/chn/1234" in tokens  # the notification an addendum belongs to


def test_user_dictionary_terms_survive_in_queries():
    for term in ("车用尿素溶液", "发动机冷却液", "计量器具", "检验检疫", "特种设备"):
        assert segment_query(term) == [term]


def test_search_mode_indexes_sub_words():
    assert {"电池", "蓄电池", "锂离子"} <= set(segment("锂离子蓄电池"))


def test_punctuation_never_becomes_a_token():
    tokens = segment("“产品”，（一）；【通知】: * ^ AND")
    assert all(any(c.isalnum() for c in t) for t in tokens)
    assert "产品" in tokens and "and" in tokens


def test_grams_are_overlapping_bigrams_per_run_with_a_final_unigram():
    assert grams(normalize("产品质量，抽检")) == ["产品", "品质", "质量", "量", "抽检", "检"]
    # Where a number ends (5›) and starts (‹3): whole values, 5w-30 is not inside 15w-30.
    assert grams("5w-30") == ["5›", "‹5", "5w", "w-", "-3", "‹3", "30", "0›", "0"]
    assert grams("15w-30")[:4] == ["‹1", "15", "5›", "5w"]
    assert grams("0.05mg") == ["‹0", "0.", ".0", "05", "5›", "5m", "mg", "g"]
    # After letters the dot separates a standard's part: sn/t4445 is found in sn/t4445.4.
    assert grams("t4445.4")[:7] == ["t4", "‹4", "44", "44", "45", "5›", "5."]


def test_jieba_is_silent_and_not_the_global_instance(caplog):
    with caplog.at_level(logging.DEBUG):
        segment("初始化后不应输出日志")
    assert not [r for r in caplog.records if r.name == "jieba"]
    import jieba

    jieba.dt.initialize()
    assert "车用尿素溶液" not in jieba.dt.FREQ  # our user dictionary stays in our tokenizer


def test_search_never_imports_django():
    code = (
        "import sys, search, search.backends.embedded, search.backends.elasticsearch;"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('django', 'wagtail')]"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("spaced", "joined"),
    [
        ("（GB 2761）", "(GB2761)"),
        ("0.4 mg/kg", "0.4mg/kg"),
        ("2.5 ppm", "2.5ppm"),
        ("5 W-30", "5W-30"),
    ],
)
def test_gaps_inside_standard_numbers_and_measures_are_dropped(spaced, joined):
    assert normalize(spaced) == normalize(joined)


def test_gap_deletion_keeps_snippet_offsets():
    text = "符合（GB 2761）且限量0.4 mg/kg"
    form = normalized_form(text)
    snippet = make_snippet(text, parse_terms("gb2761 0.4mg/kg"), form)
    assert "<mark>GB 2761</mark>" in snippet and "<mark>0.4 mg/kg</mark>" in snippet
