"""Importers: load the shared data layout (JSON Lines + law texts) as published pages.

``run_import(path, type=None, dry_run=False, console=None) -> ImportReport``.
"""

from cms.importing.report import ImportReport, RecordError
from cms.importing.run import run_import

__all__ = ["ImportReport", "RecordError", "run_import"]
