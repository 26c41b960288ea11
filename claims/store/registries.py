"""The tables ``actors``, ``targets`` and their aliases (``actor_aliases``,
``target_aliases``): the registries, addressed by kind (``actor`` or ``target``)."""
from __future__ import annotations

import json
import sqlite3

from claims.records import Actor, Merge, Target
from claims.store.connection import now

_REGISTRIES = {"actor": ("actors", "actor_aliases", "actor_id"),
               "target": ("targets", "target_aliases", "target_id")}


class RegistryTables:
    """Actors, targets and their aliases."""

    conn: sqlite3.Connection

    def add_entity(self, kind: str, name: str, entity_kind: str, extra: dict) -> int:
        """Insert an actor (extra: parent_id, speaks_for_parent) or a target (extra:
        description)."""
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

    def entity_name(self, kind: str, entity_id: int) -> str:
        table = _REGISTRIES[kind][0]
        return self.conn.execute(f"SELECT name FROM {table} WHERE id = ?",
                                 (entity_id,)).fetchone()[0]

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
            """SELECT a.id, a.name, a.kind, p.name AS parent, a.speaks_for_parent,
                      (SELECT json_group_array(alias) FROM actor_aliases x
                       WHERE x.actor_id = a.id) AS aliases
               FROM actors a LEFT JOIN actors p ON p.id = a.parent_id ORDER BY a.name"""
        )
        return [Actor(row["id"], row["name"], row["kind"], row["parent"],
                      tuple(json.loads(row["aliases"])), bool(row["speaks_for_parent"]))
                for row in rows]

    def targets(self) -> list[Target]:
        rows = self.conn.execute(
            """SELECT t.id, t.name, t.kind, t.description,
                      (SELECT json_group_array(alias) FROM target_aliases x
                       WHERE x.target_id = t.id) AS aliases
               FROM targets t ORDER BY t.name"""
        )
        return [Target(row["id"], row["name"], row["kind"], row["description"],
                       tuple(json.loads(row["aliases"]))) for row in rows]

    # --- curation: rename, remove, merge ---------------------------------------------------------

    def rename_entity(self, kind: str, entity_id: int, name: str) -> None:
        self.conn.execute(f"UPDATE {_REGISTRIES[kind][0]} SET name = ? WHERE id = ?",
                          (name, entity_id))

    def delete_alias(self, kind: str, entity_id: int, normalized: str) -> bool:
        """Remove one alias (by its normalised form) of an actor or target; False when
        it has no such alias."""
        _, alias_table, key = _REGISTRIES[kind]
        cursor = self.conn.execute(
            f"DELETE FROM {alias_table} WHERE {key} = ? AND normalized = ?",
            (entity_id, normalized))
        return cursor.rowcount > 0

    def entity_usage(self, kind: str, entity_id: int) -> dict:
        """What refers to an actor or target: claims, adjudication rulings, child actors."""
        key = _REGISTRIES[kind][2]
        claims = self.conn.execute(f"SELECT count(*) FROM claims WHERE {key} = ?",
                                   (entity_id,)).fetchone()[0]
        rulings = self.conn.execute(f"SELECT count(*) FROM rejections WHERE {key} = ?",
                                    (entity_id,)).fetchone()[0]
        children = [] if kind == "target" else [row[0] for row in self.conn.execute(
            "SELECT name FROM actors WHERE parent_id = ? ORDER BY name", (entity_id,))]
        return {"claims": claims, "rulings": rulings, "children": children}

    def delete_entity(self, kind: str, entity_id: int) -> None:
        """Delete an actor or target with its aliases, its claims and rulings, and the
        record of what was merged into it; child actors lose their parent."""
        table, _, key = _REGISTRIES[kind]
        self.conn.execute(f"DELETE FROM claims WHERE {key} = ?", (entity_id,))
        self.conn.execute(f"DELETE FROM rejections WHERE {key} = ?", (entity_id,))
        if kind == "actor":
            self.conn.execute("UPDATE actors SET parent_id = NULL WHERE parent_id = ?",
                              (entity_id,))
        self.conn.execute("DELETE FROM merges WHERE kind = ? AND into_id = ?", (kind, entity_id))
        self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (entity_id,))

    def merge_entity(self, kind: str, source_id: int, into_id: int) -> Merge:
        """Move the claims, rulings, aliases and children of one actor or target to
        another, record the merge and delete the first. A claim the same origin
        gave on the same statement for both is kept once: ``into``'s."""
        table, alias_table, key = _REGISTRIES[kind]
        same = ("d.target_id = x.target_id" if kind == "actor"
                else "IFNULL(d.actor_id, 0) = IFNULL(x.actor_id, 0)")
        duplicates = self.conn.execute(
            f"""DELETE FROM claims AS x WHERE x.{key} = ? AND EXISTS (
                    SELECT 1 FROM claims d WHERE d.{key} = ? AND d.statement_id = x.statement_id
                    AND d.origin = x.origin AND {same})""", (source_id, into_id)).rowcount
        self.conn.execute(
            f"""DELETE FROM rejections AS x WHERE x.{key} = ? AND EXISTS (
                    SELECT 1 FROM rejections d WHERE d.{key} = ?
                    AND d.statement_id = x.statement_id AND {same})""", (source_id, into_id))
        claims = self.conn.execute(f"UPDATE claims SET {key} = ? WHERE {key} = ?",
                                   (into_id, source_id)).rowcount
        self.conn.execute(f"UPDATE rejections SET {key} = ? WHERE {key} = ?", (into_id, source_id))
        aliases = self.conn.execute(f"UPDATE {alias_table} SET {key} = ? WHERE {key} = ?",
                                    (into_id, source_id)).rowcount
        children = 0 if kind == "target" else self.conn.execute(
            "UPDATE actors SET parent_id = ? WHERE parent_id = ?", (into_id, source_id)).rowcount
        self.conn.execute("UPDATE merges SET into_id = ? WHERE kind = ? AND into_id = ?",
                          (into_id, kind, source_id))
        name = self.entity_name(kind, source_id)
        self.conn.execute(
            """INSERT INTO merges (kind, name, into_id, claims, duplicates, aliases, children,
                                   merged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            (kind, name, into_id, claims, duplicates, aliases, children, now()))
        self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (source_id,))
        return self.merges(kind)[-1]

    def merges(self, kind: str, into_id: int | None = None) -> list[Merge]:
        """The merges of actors (or targets), oldest first; only those into one when given."""
        table = _REGISTRIES[kind][0]
        condition, params = ("AND m.into_id = ?", [kind, into_id]) if into_id else ("", [kind])
        rows = self.conn.execute(
            f"""SELECT m.kind, m.name, e.name AS "into", m.claims, m.duplicates, m.aliases,
                       m.children, m.merged_at
                FROM merges m JOIN {table} e ON e.id = m.into_id
                WHERE m.kind = ? {condition} ORDER BY m.id""", params)
        return [Merge(**dict(row)) for row in rows]
