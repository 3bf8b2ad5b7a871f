"""PageData: one page to create or update, as the source readers produce it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field


@dataclass
class PageData:
    """Field values of one page, keyed by its natural key.

    ``values`` are model field values (dates as ``date``); ``children`` maps an inline
    relation name to its rows (dicts of child model fields). ``slug`` is used only when
    the page is created, so a URL never changes on re-import.
    """

    type_key: str
    key: str
    slug: str
    title: str
    values: dict = field(default_factory=dict)
    children: dict[str, list[dict]] = field(default_factory=dict)
    file: str = ""
    line: int = 0
    lines: int = 1  # source lines this page came from (progress)

    def digest(self) -> str:
        """Fingerprint of the content; equal digests mean a re-import has nothing to change."""
        payload = json.dumps(
            [self.title, self.values, self.children],
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()
