"""WTO notification identifiers: member codes from symbols, Chinese member names, the base
notification of an addendum, HS chapters and headings, comment deadlines.

Standard library only; the importer and NotificationPage share these rules.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_SYMBOL_MEMBER = re.compile(r"G/(?:TBT|SPS)/(?:N/)?([A-Z]{2,4})/")
#: ``/Add.1``, ``/Rev.1``, ``/Corr.1`` (chained: ``/Rev.1/Add.1``), and a page's truncated
#: ``/Add....``: what follows the base notification's symbol.
_FOLLOW_UP = re.compile(r"(?:/(?:Add|Rev|Corr)\b\.*\s*\d*|补遗\d*|勘误\d*)+$", re.I)
#: Relative deadlines as printed: ``通报之后60天``, ``Sixtydaysfromthedateofcirculation``.
_DAYS = re.compile(r"(\d+)\s*(?:天|日|days)", re.I)
_WORD_DAYS = {"thirty": 30, "fortyfive": 45, "sixty": 60, "ninety": 90}
#: An unticked form checkbox and the option it stands for (``[ ] 通报发布日起60天``).
_UNTICKED = re.compile(r"\[\s*\][^\[]*")
#: Short forms printed without the ``G/TBT/N/`` prefix (``KOR/692``).
_SHORT_SYMBOL_MEMBER = re.compile(r"^([A-Z]{3})/\d")

#: Members seen in the data (primary symbols) -> the Chinese name the public site shows.
MEMBER_NAMES: dict[str, str] = {
    "ARE": "阿联酋",
    "ARG": "阿根廷",
    "AUS": "澳大利亚",
    "BDI": "布隆迪",
    "BHR": "巴林",
    "BRA": "巴西",
    "BWA": "博茨瓦纳",
    "CAN": "加拿大",
    "CHE": "瑞士",
    "CHL": "智利",
    "CHN": "中国",
    "COL": "哥伦比亚",
    "CRI": "哥斯达黎加",
    "ECU": "厄瓜多尔",
    "EGY": "埃及",
    "EU": "欧盟",
    "GTM": "危地马拉",
    "IDN": "印度尼西亚",
    "IND": "印度",
    "ISR": "以色列",
    "JOR": "约旦",
    "JPN": "日本",
    "KEN": "肯尼亚",
    "KOR": "韩国",
    "KWT": "科威特",
    "MAR": "摩洛哥",
    "MEX": "墨西哥",
    "MYS": "马来西亚",
    "NZL": "新西兰",
    "OMN": "阿曼",
    "PAN": "巴拿马",
    "PER": "秘鲁",
    "PHL": "菲律宾",
    "QAT": "卡塔尔",
    "RUS": "俄罗斯",
    "RWA": "卢旺达",
    "SAU": "沙特阿拉伯",
    "SGP": "新加坡",
    "SLV": "萨尔瓦多",
    "THA": "泰国",
    "TPKM": "台澎金马单独关税区",
    "TUR": "土耳其",
    "TZA": "坦桑尼亚",
    "UGA": "乌干达",
    "UKR": "乌克兰",
    "USA": "美国",
    "VNM": "越南",
    "YEM": "也门",
    "ZAF": "南非",
    "ZMB": "赞比亚",
}


def member_code(symbol: str) -> str:
    """``G/TBT/N/USA/1436`` -> ``USA``; empty when the symbol names no member (pre-2000 style)."""
    match = _SYMBOL_MEMBER.search(symbol or "") or _SHORT_SYMBOL_MEMBER.match(symbol or "")
    return match.group(1) if match else ""


def hs_chapters(codes: list[str]) -> list[str]:
    """Two-digit HS chapters, sorted and unique: ``['0105.11', '23']`` -> ``['01', '23']``."""
    return sorted({d[:2] for d in _hs_digits(codes) if len(d) >= 2})


def base_symbol(symbol: str) -> str:
    """``G/TBT/N/PER/111/Add.1`` -> ``G/TBT/N/PER/111``; a regular symbol is its own base."""
    return _FOLLOW_UP.sub("", (symbol or "").strip())


def _hs_digits(codes: list[str]) -> list[str]:
    return [re.sub(r"\D", "", code) for code in codes or []]


def hs_headings(codes: list[str]) -> list[str]:
    """Four-digit HS headings: ``['850760', '8415.10', '85']`` -> ``['8415', '8507']``."""
    return sorted({d[:4] for d in _hs_digits(codes) if len(d) >= 4})


def comment_deadline(*, explicit: date | None, raw: str, distributed: date | None) -> date | None:
    """The last day for comments: the printed date, else ``N天`` after distribution."""
    if explicit:
        return explicit
    text = _UNTICKED.sub("", raw or "")
    if not distributed or not text:
        return None
    match = _DAYS.search(text)
    if match:
        return distributed + timedelta(days=int(match.group(1)))
    squashed = re.sub(r"[^a-z]+", "", text.lower())
    days = next((d for word, d in _WORD_DAYS.items() if f"{word}days" in squashed), None)
    return distributed + timedelta(days=days) if days else None
