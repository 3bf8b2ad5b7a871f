"""Versions of a law and the documents its title names. Standard library only.

The corpus holds several versions of one law as separate documents with the same title
(产品质量法 2000/2009/2018); they are grouped by a version key made of the normalised
title, subtitle (the parts of 民法典 share a title), level and region. The issuer is left
out on purpose: the data spells it differently across versions of the same law
(全国人民代表大会 vs 其常务委员会 for 慈善法, empty for an older 条例).

A title also names related documents: ``…实施条例`` its law, ``关于修改《X》的决定`` the
document it amends, ``关于适用《X》的解释`` its basis. Those are matched by a subject
key that drops what the data writes inconsistently (issuer prefixes, 中华人民共和国, spaces).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Protocol

#: Spaces and the joiners 司法解释 titles use between issuers (、 or a space).
_NOISE = re.compile(r"[\s\u3000、，,·]+")
#: A trailing revision note some titles carry: （2018年修正）, (2020修订).
_REVISION_NOTE = re.compile(r"[(（]\d{4}年?(?:修正|修订|修改|版|本)?[)）]$")
_IMPLEMENTING = re.compile(r"^(.+?)(?:实施条例|实施细则|实施办法)$")
_QUOTED = re.compile(r"《(.+?)》")
_COUNTRY = "中华人民共和国"

#: rel of a title reference -> (label on the referring page, rel and label on the target).
RELATIONS: dict[str, tuple[str, str, str]] = {
    "basis": ("依据", "basis_of", "实施规定与解释"),
    "amends": ("修改的文件", "amended_by", "修改决定"),
    "repeals": ("废止的文件", "repealed_by", "废止决定"),
}


def title_key(title: str) -> str:
    """``中华人民共和国产品质量法（2018年修正）`` -> ``中华人民共和国产品质量法``."""
    text = unicodedata.normalize("NFKC", title or "").replace("〈", "《").replace("〉", "》")
    return _NOISE.sub("", _REVISION_NOTE.sub("", text.strip()))


def subject_key(title: str) -> str:
    """What a title is about, comparable across spellings: issuer prefix (up to the first
    关于) and the 中华人民共和国 prefix dropped."""
    key = title_key(title)
    at = key.find("关于")
    if at > 0:
        key = key[at:]
    return key.removeprefix(_COUNTRY)


def version_key(*, title: str, subtitle: str = "", level: str = "", region: str = "") -> str:
    return "|".join([level, region, title_key(title), title_key(subtitle)])[:255]


def title_reference(title: str) -> tuple[str, str] | None:
    """(rel, subject key) of the document a title names, or None.

    ``国务院关于修改《X》的决定`` amends X; ``关于废止…`` repeals; any other 《X》 (``上海市实施
    《X》办法``, ``关于适用《X》的解释``) and ``X实施条例`` have X as their basis.
    """
    text = unicodedata.normalize("NFKC", title or "").strip()
    quoted = _QUOTED.search(text)
    if quoted:
        head = text[: quoted.start()]
        rel = "amends" if "修改" in head else "repeals" if "废止" in head else "basis"
        return rel, subject_key(quoted.group(1))
    match = _IMPLEMENTING.match(title_key(text))
    if match:
        return "basis", subject_key(match.group(1))
    return None


class Version(Protocol):
    pk: int
    status: str
    promulgation_date: date | None
    effective_date: date | None


#: The four 时效性 states, as stored (the values of ``LawStatus``).
VALID, AMENDED, REPEALED, PENDING = "valid", "amended", "repealed", "pending"


def sort_date(v: Version) -> date:
    return v.promulgation_date or v.effective_date or date.min


def is_newer(a: Version, b: Version) -> bool:
    """Whether ``a`` is a later version than ``b``. Dates are compared only when both
    have them (promulgation first), so two undated or same-day copies of one law (广告法
    filed twice) do not supersede each other; a dated version is newer than an undated one."""
    for name in ("promulgation_date", "effective_date"):
        x, y = getattr(a, name), getattr(b, name)
        if x and y:
            return x > y
    return bool(sort_date(a) != date.min and sort_date(b) == date.min)


def in_force(v: Version, today: date) -> bool:
    return v.effective_date is None or v.effective_date <= today


def version_status(v: Version, versions: list[Version], today: date) -> str:
    """时效性 of ``v`` on ``today`` among all versions of its law (``v`` included).

    废止 as stored wins. A version is 已修改 once a newer version is in force; until then it
    stays in force, whatever the source said. Without newer versions in the corpus the
    stored 已修改 stands (the newer one may be withheld). Otherwise 尚未生效 until 施行日期.
    """
    if v.status == REPEALED:
        return REPEALED
    newer = [o for o in versions if o.pk != v.pk and is_newer(o, v)]
    if any(in_force(o, today) for o in newer):
        return AMENDED
    if v.status == AMENDED and not newer:
        return AMENDED
    if v.effective_date and v.effective_date > today:
        return PENDING
    if v.status == PENDING and v.effective_date is None:
        return PENDING
    return VALID


def current_version(versions: list[Version], today: date) -> Version | None:
    """The newest version in force and not repealed or amended, if any."""
    live = [v for v in versions if version_status(v, versions, today) == VALID]
    return max(live, key=lambda v: (sort_date(v), v.pk), default=None)
