"""The project store: one SQLite file. This package is the only place that writes SQL.

A project is a SQLite database in WAL mode with foreign keys on, its schema an
append-only list of migrations (``connection``). Every unit of work (a file
ingested, a decision recorded) is one transaction: callers wrap their writes in
``with store.transaction():``. The SQL is grouped by table, one module each:
``settings`` (settings, labels), ``articles`` (articles, statements),
``registries`` (actors, targets, their aliases), ``claims``, ``decisions``
(decisions, rejections: agreement and adjudication) and ``sources``.
"""
from __future__ import annotations

from claims.store.articles import ArticleTables
from claims.store.claims import ClaimTables
from claims.store.connection import MIGRATIONS, SCHEMA_VERSION, Connection, now
from claims.store.decisions import DecisionTables
from claims.store.registries import RegistryTables
from claims.store.settings import SettingTables
from claims.store.sources import SourceTables

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Store", "now"]


class Store(SettingTables, ArticleTables, RegistryTables, ClaimTables, DecisionTables, SourceTables,
            Connection):
    """A connection to one project file, migrated to the current schema, with
    the SQL of every table."""

    def counts(self) -> dict:
        with self.snapshot():
            return self._counts()

    def _counts(self) -> dict:
        def one(sql: str):
            return self.conn.execute(sql).fetchone()[0]

        def by(column: str, table: str) -> dict:
            return dict(self.conn.execute(
                f"SELECT {column}, count(*) FROM {table} GROUP BY 1 ORDER BY 2 DESC").fetchall())

        return {
            "articles": one("SELECT count(*) FROM articles"),
            "statements": one("SELECT count(*) FROM statements"),
            "statements_with_cue": one(
                "SELECT count(*) FROM statements WHERE cue_start IS NOT NULL"),
            "actors": one("SELECT count(*) FROM actors"),
            "targets": one("SELECT count(*) FROM targets"),
            "claims": one("SELECT count(*) FROM claims"),
            "languages": by("IFNULL(language, 'und')", "articles"),
            "claims_by_origin": by("origin", "claims"),
            "claims_by_stance": by("stance", "claims"),
        }
