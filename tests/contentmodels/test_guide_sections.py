"""Guide headings as printed map to the standard sections, keep their text, get anchors."""

from __future__ import annotations

import json

import pytest

from contentmodels.blocks import STANDARD_SECTIONS
from contentmodels.guides import section_anchors, standard_heading


@pytest.mark.parametrize(
    ("printed", "standard"),
    [
        ("项目依据", "设定依据"),
        ("四、设立依据", "设定依据"),
        ("A,辦理依據(jù):", "设定依据"),  # traditional script with pinyin debris
        ("申报材料", "申请材料"),
        ("所需材料", "申请材料"),
        ("攜帶材料", "申请材料"),
        ("七、申办材料", "申请材料"),
        ("法定时限", "办理时限"),
        ("承諾時限", "办理时限"),
        ("收费依据", "收费标准"),  # about fees, not the legal basis
        ("十一、收费依据及标准", "收费标准"),
        ("受理条件", "申请条件"),
        ("受理地址", "受理地点"),
        ("联系电话", "咨询方式"),
        ("监督投诉方式", "监督投诉"),
        ("申请条件", "申请条件"),
        ("二、温馨提示", ""),  # a free addition
        ("11.1 进口食品境外生产企业注册方式有哪些?", ""),  # an FAQ question
    ],
)
def test_printed_headings_map_to_the_standard_set(printed, standard):
    assert standard_heading(printed) == standard
    assert standard == "" or standard in STANDARD_SECTIONS


def test_anchors_use_the_standard_name_once_then_the_printed_heading():
    headings = ["法定时限", "承诺时限", "二、温馨提示", ""]
    standards = [standard_heading(h) for h in headings]
    assert section_anchors(headings, standards) == ["办理时限", "承诺时限", "温馨提示", "section-4"]


def test_every_real_guide_gets_unique_anchors(shared_data):
    lines = (shared_data / "guides/guides.jsonl").read_text(encoding="utf-8").splitlines()
    mapped = 0
    for line in lines:
        headings = [s["heading"] for s in json.loads(line)["sections"]]
        standards = [standard_heading(h) for h in headings]
        anchors = section_anchors(headings, standards)
        assert len(set(anchors)) == len(anchors)
        mapped += sum(1 for s in standards if s)
    assert mapped >= 60  # most headings of the corpus are standard ones in other words
