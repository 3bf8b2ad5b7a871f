"""Migrations of the cms app."""
