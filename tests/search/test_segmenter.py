"""search.segmenter: rjieba, the bulk segmenter, gives jieba's tokens on our corpus."""

from __future__ import annotations

import corpus
import pytest

from search import segmenter as segmenters
from search.backends.base import _body_text
from search.segmenter import JiebaSegmenter, RustSegmenter
from search.tokenize import _identifiers, normalize


@pytest.fixture(scope="module")
def pair():
    return JiebaSegmenter(), RustSegmenter()


def _indexed_texts(per_kind: int) -> list[str]:
    """Titles and bodies of real records, as search.tokenize hands them to the segmenter."""
    texts = []
    for kind in corpus.SOURCES:
        for doc in corpus.documents(kind, per_kind):
            texts += [
                _identifiers(normalize(t), for_index=True)[1] for t in (doc.title, _body_text(doc))
            ]
    return texts


def test_tokens_equal_jiebas_on_the_real_data(pair):
    reference, fast = pair
    texts = _indexed_texts(20)
    assert len(texts) > 100 and sum(map(len, texts)) > 100_000  # about 0.2 s of jieba
    for text in texts:
        assert fast.cut_for_search(text) == reference.cut_for_search(text)
        assert fast.cut(text) == reference.cut(text)


@pytest.mark.parametrize(
    "text",
    [
        "举报电话12339或登录www.12339.gov.cn",  # jieba's HMM cuts a non-word at 12339.
        "工作压力不小于0.1mpa且功率0.1mw",
        "含量为3.5%的溶液",
        "x射线检测设备和b超",  # dictionary words with Latin letters
        "古籍中的㐀字与CJK扩展区",  # outside jieba's block characters
        "换行\r\n之后\t制表\u3000全角空格",
        "产品质量法规定的产品质量监督抽查",  # domain dictionary words
        "c++与c#以及a&b",
        "",
    ],
)
def test_tokens_equal_jiebas_where_the_ports_differ(pair, text):
    reference, fast = pair
    assert fast.cut(text) == reference.cut(text)
    assert fast.cut_for_search(text) == reference.cut_for_search(text)


def test_segmenter_follows_the_environment(monkeypatch):
    segmenters.segmenter.cache_clear()
    try:
        monkeypatch.setenv("JINZHI_SEGMENTER", "jieba")
        assert segmenters.segmenter().name == "jieba"
        segmenters.segmenter.cache_clear()
        monkeypatch.setenv("JINZHI_SEGMENTER", "rjieba")
        assert segmenters.segmenter().name == "rjieba"
        segmenters.segmenter.cache_clear()
        monkeypatch.setenv("JINZHI_SEGMENTER", "hanlp")
        with pytest.raises(ValueError, match="JINZHI_SEGMENTER"):
            segmenters.segmenter()
    finally:
        segmenters.segmenter.cache_clear()
