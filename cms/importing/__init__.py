"""Importers: load content files (the shared data layout, CSV, XLSX, JSON Lines) as published pages."""
