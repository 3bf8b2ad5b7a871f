"""What an import did: counts per content type, one error per bad record, pages published."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

OUTCOMES = ("created", "updated", "unchanged", "failed")


class RecordError(NamedTuple):
    """One bad record: where it is and which field is wrong."""

    file: str
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.reason}"


@dataclass
class ImportReport:
    #: content type key -> outcome ("created", "updated", "unchanged", "failed") -> count
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[RecordError] = field(default_factory=list)
    #: ids of the pages published by this import (created or updated)
    published_ids: list[int] = field(default_factory=list)
    dry_run: bool = False
    atomic: bool = False
    #: an atomic import met errors and wrote nothing
    rolled_back: bool = False
    seconds: float = 0.0

    def count(self, type_key: str, outcome: str, n: int = 1) -> None:
        per_type = self.counts.setdefault(type_key, dict.fromkeys(OUTCOMES, 0))
        per_type[outcome] += n

    def total(self, outcome: str) -> int:
        return sum(c[outcome] for c in self.counts.values())

    def summary(self) -> str:
        head = "dry run: " if self.dry_run else ""
        lines = [
            f"{head}{self.total('created')} created, {self.total('updated')} updated, "
            f"{self.total('unchanged')} unchanged, {self.total('failed')} failed "
            f"in {self.seconds:.1f}s"
        ]
        for key, c in self.counts.items():
            lines.append(f"  {key:<13} " + ", ".join(f"{c[o]} {o}" for o in OUTCOMES))
        if self.rolled_back:
            lines.append(f"atomic: {len(self.errors)} bad records, nothing imported (rolled back)")
        return "\n".join(lines)
