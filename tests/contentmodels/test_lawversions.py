"""Version grouping, title references and the 时效性 rules, without a database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from contentmodels.lawversions import (
    current_version,
    subject_key,
    title_reference,
    version_key,
    version_status,
)


@dataclass
class V:
    pk: int
    promulgation_date: date | None
    effective_date: date | None = None
    status: str = "valid"


def test_version_key_ignores_spacing_and_revision_notes_but_not_level_or_parts():
    a = version_key(title="中华人民共和国产品质量法", level="law")
    assert a == version_key(title="中华人民共和国产品质量法（2018年修正）", level="law")
    assert a != version_key(title="中华人民共和国产品质量法", level="local-regulation")
    assert version_key(title="最高人民法院、最高人民检察院关于X的解释") == version_key(
        title="最高人民法院 最高人民检察院关于X的解释"
    )
    assert version_key(title="中华人民共和国民法典", subtitle="第一编 总则") != version_key(
        title="中华人民共和国民法典", subtitle="第二编 物权"
    )


def test_title_references():
    assert title_reference("中华人民共和国进出口商品检验法实施条例") == (
        "basis",
        subject_key("中华人民共和国进出口商品检验法"),
    )
    assert title_reference("最高人民法院关于修改《关于上海金融法院案件管辖的规定》的决定") == (
        "amends",
        subject_key("最高人民法院关于上海金融法院案件管辖的规定"),
    )
    assert title_reference("上海市实施《中华人民共和国义务教育法》办法")[0] == "basis"
    assert title_reference("中华人民共和国产品质量法") is None


def test_newer_version_in_force_supersedes_the_older():
    old, new = V(1, date(2017, 9, 1), date(2018, 1, 1)), V(2, date(2023, 9, 1), date(2024, 1, 1))
    versions = [old, new]
    before, after = date(2023, 10, 1), date(2024, 1, 1)
    assert version_status(old, versions, before) == "valid"
    assert version_status(new, versions, before) == "pending"
    assert current_version(versions, before) is old
    assert version_status(old, versions, after) == "amended"
    assert version_status(new, versions, after) == "valid"
    assert current_version(versions, after) is new


def test_same_day_copies_and_stored_states():
    a, b = V(1, date(2021, 4, 29)), V(2, date(2021, 4, 29), date(2021, 4, 29))
    assert version_status(a, [a, b], date(2025, 1, 1)) == "valid"  # 广告法 filed twice
    lone = V(3, date(2010, 1, 1), status="amended")  # its newer version is not in the corpus
    assert version_status(lone, [lone], date(2025, 1, 1)) == "amended"
    repealed = V(4, date(2010, 1, 1), status="repealed")
    assert version_status(repealed, [repealed], date(2025, 1, 1)) == "repealed"
    undated = V(5, None, status="amended")
    dated = V(6, date(2024, 12, 31))
    assert version_status(undated, [undated, dated], date(2025, 1, 1)) == "amended"
