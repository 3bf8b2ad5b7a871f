"""WTO notification identifiers: member codes from symbols, Chinese member names, HS chapters.

Standard library only; the importer and NotificationPage share these rules.
"""

from __future__ import annotations

import re

_SYMBOL_MEMBER = re.compile(r"G/(?:TBT|SPS)/(?:N/)?([A-Z]{2,4})/")
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
    chapters = {re.sub(r"\D", "", code)[:2] for code in codes or []}
    return sorted(c for c in chapters if len(c) == 2)
