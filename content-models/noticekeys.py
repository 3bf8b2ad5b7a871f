"""Keys of a notice, comparable however they are printed. Standard library only.

- 文号: ``公告〔2024〕151号``, ``公告[2024]151号``, ``公告（2024）151号`` and
  ``公告2024年第151号`` are one number; the normalised form is for lookups and dedup,
  the printed form stays for display.
- 索引号: ``JZ-2024-000151``, the service's own permanent index number.
- Subjects: an announcement ``…公告2024年第151号（关于防止…传入我国的公告）`` and its
  interpretation ``关于《海关总署关于防止…传入我国的公告》的解读`` share the subject
  ``防止…传入我国``.
- Attachments: the source keeps only their file names in the text (``附件：…目录.xls``).
"""

from __future__ import annotations

import re
import unicodedata

INDEX_PREFIX = "JZ"
_YEAR_IN_BRACKETS = re.compile(r"[\[(（〔【［〖]\s*(\d{4})\s*[\])）〕】］〗]")
_YEAR_ORDINAL = re.compile(r"(\d{4})年第(\d+)号")
_LEADING_ZEROS = re.compile(r"〕0+(\d)")
# The last 关于…公告 of a title: issuer prefixes inside 《》 also start with 关于-free text.
_SUBJECT = re.compile(r"关于((?:(?!关于).)+?)的?公告")
_ATTACHMENT = re.compile(
    r"[^\s：:，,。；;、“”\"《》（）()]+?\.(?:docx?|xlsx?|pdf|wps|et|ofd|zip|rar)"
)
_NUMBERING = re.compile(r"^(?:\.?(?:docx?|xlsx?|pdf))?(?:附件)?(?:\d+[.、．])?")


def normalize_doc_number(value: str) -> str:
    """One spelling of a 文号: full-width folded, spaces dropped, year in 〔〕, no zero padding."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or ""))
    text = _YEAR_IN_BRACKETS.sub(r"〔\1〕", text)
    text = _YEAR_ORDINAL.sub(r"〔\1〕\2号", text)
    return _LEADING_ZEROS.sub(r"〕\1", text)


def index_number(year: int, sequence: int) -> str:
    return f"{INDEX_PREFIX}-{year:04d}-{sequence:06d}"


def index_sequence(number: str, year: int) -> int | None:
    """The sequence of an index number of ``year``, or None when it is of another year."""
    prefix = f"{INDEX_PREFIX}-{year:04d}-"
    tail = number.removeprefix(prefix)
    return int(tail) if number.startswith(prefix) and tail.isdigit() else None


def announcement_subject(title: str) -> str:
    """``…（关于防止北马其顿蓝舌病传入我国的公告）`` -> ``防止北马其顿蓝舌病传入我国``; empty
    when the title names no 关于…公告."""
    found = _SUBJECT.findall(_squash(title))
    return found[-1].strip('《》"“”') if found else ""


def _squash(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", unicodedata.normalize("NFKC", text or ""))


def notice_subject(title: str) -> str:
    """The subject of an announcement or order from its title's closing parenthesis:
    ``…公告2024年第151号（关于防止…的公告）`` -> ``防止…``; ``海关总署令第271号（中华人民共和国
    海关风险管理办法）`` -> the regulation's name."""
    text = _squash(title)
    match = re.search(r"\(([^()]+)\)$", text)
    if match:
        return announcement_subject(match.group(1)) or match.group(1)
    return announcement_subject(text)


def interpreted_subject(title: str) -> str:
    """The subject an interpretation's title names: a 关于…公告, else the first 《…》."""
    text = _squash(title)
    quoted = re.search(r"《(.+?)》", text)
    return announcement_subject(text) or (quoted.group(1) if quoted else "")


def interpreted_number(title: str) -> str:
    """``海关总署公告2021年第122号（…）的解读`` -> ``公告〔2021〕122号``; empty if none."""
    match = re.search(r"公告(\d{4})年第(\d+)号|(\d{4})年第(\d+)号公告", _squash(title))
    if not match:
        return ""
    year, number = match.group(1) or match.group(3), match.group(2) or match.group(4)
    return normalize_doc_number(f"公告〔{year}〕{number}号")


def attachment_names(text: str) -> list[str]:
    """File names mentioned in a notice's text, in order, without repeats or list numbering."""
    names: list[str] = []
    for match in _ATTACHMENT.finditer(text or ""):
        name = _NUMBERING.sub("", match.group(0)).lstrip(".")
        if "." in name and not name.startswith(".") and name not in names:
            names.append(name)
    return names
