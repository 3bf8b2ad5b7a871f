"""Pelican plugin and build driver for the jinzhi static site (reads only Documents)."""
