"""The tables ``actors``, ``targets`` and their aliases (``actor_aliases``,
``target_aliases``): the registries, addressed by kind (``actor`` or ``target``)."""
from __future__ import annotations

import json
import sqlite3

from claims.records import Actor, Target

_REGISTRIES = {"actor": ("actors", "actor_aliases", "actor_id"),
               "target": ("targets", "target_aliases", "target_id")}


class RegistryTables:
    """Actors, targets and their aliases."""

    conn: sqlite3.Connection

    def add_entity(self, kind: str, name: str, entity_kind: str, extra: dict) -> int:
        """Insert an actor (extra: parent_id) or a target (extra: description)."""
        table = _REGISTRIES[kind][0]
        columns = ["name", "kind", *extra]
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [name, entity_kind, *extra.values()],
        )
        return cursor.lastrowid

    def update_entity(self, kind: str, entity_id: int, values: dict) -> None:
        table = _REGISTRIES[kind][0]
        assignments = ", ".join(f"{column} = ?" for column in values)
        self.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?",
                          [*values.values(), entity_id])

    def entity_id(self, kind: str, name: str) -> int | None:
        table = _REGISTRIES[kind][0]
        row = self.conn.execute(f"SELECT id FROM {table} WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def entity_names(self, kind: str) -> list[str]:
        table = _REGISTRIES[kind][0]
        return [row[0] for row in self.conn.execute(f"SELECT name FROM {table} ORDER BY name")]

    def alias_owner(self, kind: str, normalized: str) -> str | None:
        """The name of the actor or target that owns a normalised alias."""
        table, alias_table, key = _REGISTRIES[kind]
        row = self.conn.execute(
            f"""SELECT e.name FROM {alias_table} x JOIN {table} e ON e.id = x.{key}
                WHERE x.normalized = ?""",
            (normalized,),
        ).fetchone()
        return row[0] if row else None

    def add_alias(self, kind: str, entity_id: int, alias: str, normalized: str,
                  language: str | None) -> None:
        _, alias_table, key = _REGISTRIES[kind]
        self.conn.execute(
            f"INSERT INTO {alias_table} ({key}, alias, normalized, language) VALUES (?, ?, ?, ?)",
            (entity_id, alias, normalized, language),
        )

    def aliases(self, kind: str) -> list[tuple[str, str, str]]:
        """Every ``(entity name, alias, normalised alias)`` of actors or targets."""
        table, alias_table, key = _REGISTRIES[kind]
        rows = self.conn.execute(
            f"""SELECT e.name, x.alias, x.normalized
                FROM {alias_table} x JOIN {table} e ON e.id = x.{key} ORDER BY x.rowid"""
        )
        return [tuple(row) for row in rows]

    def actor_parents(self) -> dict[int, tuple[str, int | None]]:
        """Every actor's id with its name and its parent's id: the tree, in one query."""
        return {row[0]: (row[1], row[2])
                for row in self.conn.execute("SELECT id, name, parent_id FROM actors")}

    def actors(self) -> list[Actor]:
        rows = self.conn.execute(
            """SELECT a.id, a.name, a.kind, p.name AS parent,
                      (SELECT json_group_array(alias) FROM actor_aliases x
                       WHERE x.actor_id = a.id) AS aliases
               FROM actors a LEFT JOIN actors p ON p.id = a.parent_id ORDER BY a.name"""
        )
        return [Actor(row["id"], row["name"], row["kind"], row["parent"],
                      tuple(json.loads(row["aliases"]))) for row in rows]

    def targets(self) -> list[Target]:
        rows = self.conn.execute(
            """SELECT t.id, t.name, t.kind, t.description,
                      (SELECT json_group_array(alias) FROM target_aliases x
                       WHERE x.target_id = t.id) AS aliases
               FROM targets t ORDER BY t.name"""
        )
        return [Target(row["id"], row["name"], row["kind"], row["description"],
                       tuple(json.loads(row["aliases"]))) for row in rows]
