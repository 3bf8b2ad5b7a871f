"""Office sheets (CSV in any encoding, XLSX) -> numbered rows of clean text -> records.

What offices publish is not a clean table: CSV comes in GBK/GB18030 or UTF-8 with or
without a BOM, sometimes tab-separated; XLSX has a merged title row above the header,
cells merged down over several rows (each row gets the value), real dates and numbers,
and notes under the table. Everything is turned into text here, so the readers see one
shape: rows numbered as the office sees them (the spreadsheet row, the CSV record), each
cell stripped of NBSP/full-width/trailing spaces, control characters and markup.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from cms.importing.headers import Columns, HeaderMatch, normalise
from cms.importing.records import clean_text, decode
from cms.importing.report import RecordError

SUFFIXES = (".csv", ".xlsx", ".xlsm")
# Spaces that are not ASCII spaces (NBSP, en/em/thin spaces, U+3000) and zero-width marks.
_ODD_SPACE = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
# A row holding one text under the table, often merged across it: a note, not a result.
_NOTE = re.compile(r"^(注|备注|说明|附|数据来源|以下空白|合计|总计)")


def is_tabular(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def clean_cell(value) -> str:
    """Any cell value as clean text: dates ISO, integral numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    elif isinstance(value, (date, time)):
        value = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        value = str(int(value))  # 45292.0 (a date or a batch number) must read 45292
    text = _ZERO_WIDTH.sub("", _ODD_SPACE.sub(" ", clean_text(str(value))))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


@dataclass
class Grid:
    """One sheet as text: ``rows`` are (row number, cells) with blank rows left out."""

    label: str  # how messages name it: the file, plus the sheet when there are several
    rows: list[tuple[int, list[str]]]


def _delimiter(text: str) -> str:
    head = [line for line in text.splitlines()[:10] if line.strip()]
    counts = {d: sum(line.count(d) for line in head) for d in (",", "\t", ";")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def _csv_grids(path: Path) -> list[Grid]:
    text = decode(path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = [(n, [clean_cell(c) for c in cells]) for n, cells in enumerate(reader, start=1)]
    return [Grid(str(path), [(n, cells) for n, cells in rows if any(cells)])]


def _xlsx_grids(path: Path) -> list[Grid]:
    from openpyxl import load_workbook

    # Not read_only: merged ranges are only known to a fully loaded workbook.
    book = load_workbook(path, data_only=True)
    sheets = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    grids = []
    for ws in sheets:
        values = [list(row) for row in ws.iter_rows(values_only=True)]
        for merged in ws.merged_cells.ranges:
            top_left = ws.cell(merged.min_row, merged.min_col).value
            for r in range(merged.min_row, min(merged.max_row, len(values)) + 1):
                row = values[r - 1]
                for c in range(merged.min_col, min(merged.max_col, len(row)) + 1):
                    row[c - 1] = top_left
        label = str(path) if len(sheets) == 1 else f"{path}[{ws.title}]"
        rows = [(n, [clean_cell(v) for v in cells]) for n, cells in enumerate(values, start=1)]
        grids.append(Grid(label, [(n, cells) for n, cells in rows if any(cells)]))
    return grids


def read_grids(path: Path) -> list[Grid]:
    """Every sheet of a CSV or XLSX file (a CSV has one)."""
    if path.suffix.lower() == ".csv":
        return _csv_grids(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_grids(path)
    raise ValueError(f"{path}: not a CSV or XLSX file")


@dataclass
class Sheet:
    """The records of one sheet: ``{record key: text}`` plus ``extra`` (unknown columns)."""

    label: str
    title: str  # the merged title row above the header, if any
    records: list[tuple[int, dict]] = field(default_factory=list)


def _title(rows: list[tuple[int, list[str]]]) -> str:
    """The first row above the header holding a single text (a merged title row)."""
    for _, cells in rows:
        distinct = {c for c in cells if c}
        if len(distinct) == 1:
            return distinct.pop()
    return ""


def _is_note(cells: list[str]) -> bool:
    distinct = {c for c in cells if c}
    return len(distinct) == 1 and bool(_NOTE.match(distinct.pop()))


def _record(cells: list[str], header: HeaderMatch) -> dict:
    record = {key: cells[col] if col < len(cells) else "" for col, key in header.keys.items()}
    record["extra"] = {
        name: cells[col] for col, name in header.extra.items() if col < len(cells) and cells[col]
    }
    return record


def sheet_records(grid: Grid, columns: Columns) -> Sheet | RecordError:
    """The grid's records under its header row; a RecordError when no header is found."""
    header = columns.find_header([cells for _, cells in grid.rows])
    if header is None:
        first = grid.rows[0][0] if grid.rows else 1
        wanted = "、".join(columns.label(k) for k in columns.required)
        return RecordError(grid.label, first, "header", f"no header row naming {wanted}")
    header_cells = [normalise(c) for c in grid.rows[header.row][1]]
    sheet = Sheet(grid.label, _title(grid.rows[: header.row]))
    for number, cells in grid.rows[header.row + 1 :]:
        # Printed sheets repeat the header on every page; notes sit under the table.
        if [normalise(c) for c in cells] == header_cells or _is_note(cells):
            continue
        sheet.records.append((number, _record(cells, header)))
    return sheet
