"""The tables ``settings`` (key → value: the guidelines) and ``labels`` (the ordered
stance labels)."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from claims.errors import Conflict
from claims.schema import Label


class SettingTables:
    """Settings and the stance labels."""

    conn: sqlite3.Connection

    def setting(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        self.conn.execute(
            """INSERT INTO settings (key, value) VALUES (?, ?)
               ON CONFLICT (key) DO UPDATE SET value = excluded.value""",
            (key, value),
        )

    def labels(self) -> list[Label]:
        rows = self.conn.execute("SELECT name, description FROM labels ORDER BY position")
        return [Label(row["name"], row["description"]) for row in rows]

    def replace_labels(self, labels: Iterable[Label]) -> None:
        labels = list(labels)
        names = [label.name for label in labels]
        marks = ",".join("?" * len(names))
        in_use = self.conn.execute(
            f"SELECT DISTINCT stance FROM claims WHERE stance NOT IN ({marks})", names).fetchall()
        if in_use:
            used = ", ".join(sorted(row[0] for row in in_use))
            raise Conflict(f"Cannot remove label(s) {used}: claims use them.")
        # Move existing positions out of the way so the UNIQUE(position) holds while reordering.
        self.conn.execute("UPDATE labels SET position = -1 - position")
        self.conn.execute(f"DELETE FROM labels WHERE name NOT IN ({marks})", names)
        for position, label in enumerate(labels):
            self.conn.execute(
                """INSERT INTO labels (position, name, description) VALUES (?, ?, ?)
                   ON CONFLICT (name) DO UPDATE SET position = excluded.position,
                       description = excluded.description""",
                (position, label.name, label.description),
            )
