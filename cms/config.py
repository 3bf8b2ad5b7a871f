"""The only reader of environment variables: a frozen Config for settings and the CLI.

No Django import here, so the CLI can resolve paths before Django is set up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path


@dataclass(frozen=True)
class Config:
    home: Path
    database_url: str
    elasticsearch_url: str
    site_url: str
    secret_key: str

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Config:
        env = os.environ if environ is None else environ
        home = Path(env.get("JINZHI_HOME") or "var").expanduser().resolve()
        return cls(
            home=home,
            database_url=env.get("DATABASE_URL", "").strip(),
            elasticsearch_url=env.get("ELASTICSEARCH_URL", "").strip(),
            site_url=(env.get("JINZHI_SITE_URL") or "http://127.0.0.1:8000").rstrip("/"),
            secret_key=env.get("JINZHI_SECRET_KEY", ""),
        )

    @cached_property
    def export_dir(self) -> Path:
        return self.home / "export"

    @cached_property
    def releases_dir(self) -> Path:
        return self.home / "releases"

    @cached_property
    def public_dir(self) -> Path:
        """The live static folder: a symlink swapped atomically to the newest release."""
        return self.home / "public"

    @cached_property
    def preview_dir(self) -> Path:
        return self.home / "preview"

    @cached_property
    def sqlite_path(self) -> Path:
        return self.home / "db.sqlite3"

    @cached_property
    def media_dir(self) -> Path:
        return self.home / "media"

    @property
    def search_backend(self) -> dict:
        if self.elasticsearch_url:
            return {
                "BACKEND": "search.backends.elasticsearch",
                "URL": self.elasticsearch_url,
                "INDEX": "jinzhi",
            }
        return {
            "BACKEND": "search.backends.embedded",
            "PATH": str(self.home / "search" / "index.sqlite"),
        }


def get_config() -> Config:
    return Config.from_env()
