"""The table ``sources``: where imported claims come from (licence, citation), for the
dataset card."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable


class SourceTables:
    """Sources of imported claims."""

    conn: sqlite3.Connection

    def add_source(self, name: str, license: str | None = None, citation: str | None = None,
                   url: str | None = None, description: str | None = None) -> None:
        """Record (or update) where imported claims come from; empty fields keep what is known."""
        self.conn.execute(
            """INSERT INTO sources (name, license, citation, url, description)
               VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (name) DO UPDATE SET license = IFNULL(excluded.license, license),
                   citation = IFNULL(excluded.citation, citation), url = IFNULL(excluded.url, url),
                   description = IFNULL(excluded.description, description)""",
            (name, license, citation, url, description),
        )

    def sources(self, names: Iterable[str]) -> list[dict]:
        names = sorted(set(names))
        rows = self.conn.execute(
            f"SELECT name, license, citation, url, description FROM sources "
            f"WHERE name IN ({','.join('?' * len(names))}) ORDER BY name", names)
        return [dict(row) for row in rows]
