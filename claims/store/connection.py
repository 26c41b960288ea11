"""The connection to one project file and its schema: an append-only list of
migrations; ``PRAGMA user_version`` is how many have been applied, and each is
applied in its own transaction when the store opens."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from claims.errors import ClaimsError, NotFound
from claims.schema import DEFAULT_GUIDELINES, DEFAULT_LABELS

MIGRATIONS: list[tuple[str, list[str]]] = [
    (
        "core: articles, statements, registries, labels, claims",
        [
            """CREATE TABLE articles (
                id INTEGER PRIMARY KEY,
                content_hash TEXT NOT NULL UNIQUE,
                source TEXT, url TEXT, title TEXT, published TEXT, language TEXT,
                text TEXT NOT NULL,
                metadata TEXT NOT NULL DEFAULT '{}',
                added_at TEXT NOT NULL)""",
            """CREATE TABLE statements (
                id INTEGER PRIMARY KEY,
                article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                start INTEGER NOT NULL, "end" INTEGER NOT NULL,
                cue_start INTEGER, cue_end INTEGER,
                UNIQUE (article_id, position),
                CHECK (0 <= start AND start < "end"))""",
            """CREATE TABLE actors (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                parent_id INTEGER REFERENCES actors(id))""",
            """CREATE TABLE actor_aliases (
                actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
                alias TEXT NOT NULL,
                normalized TEXT NOT NULL UNIQUE,
                language TEXT)""",
            """CREATE TABLE targets (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                description TEXT)""",
            """CREATE TABLE target_aliases (
                target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
                alias TEXT NOT NULL,
                normalized TEXT NOT NULL UNIQUE,
                language TEXT)""",
            """CREATE TABLE labels (
                position INTEGER NOT NULL UNIQUE,
                name TEXT PRIMARY KEY,
                description TEXT NOT NULL DEFAULT '')""",
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """CREATE TABLE claims (
                id INTEGER PRIMARY KEY,
                statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
                actor_id INTEGER REFERENCES actors(id),
                target_id INTEGER NOT NULL REFERENCES targets(id),
                stance TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
                origin TEXT NOT NULL,
                confidence REAL,
                note TEXT,
                gold_method TEXT,
                created_at TEXT NOT NULL)""",
            """CREATE UNIQUE INDEX claims_one_stance
                ON claims (statement_id, IFNULL(actor_id, 0), target_id, origin)""",
            "CREATE INDEX claims_origin ON claims (origin)",
            "CREATE INDEX statements_article ON statements (article_id)",
        ],
    ),
    (
        "annotation decisions, data sources, given splits",
        [
            """CREATE TABLE decisions (
                statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
                annotator TEXT NOT NULL,
                decision TEXT NOT NULL CHECK (decision IN ('claims', 'no_claim', 'skip')),
                decided_at TEXT NOT NULL,
                PRIMARY KEY (statement_id, annotator))""",
            """CREATE TABLE sources (
                name TEXT PRIMARY KEY,
                license TEXT, citation TEXT, url TEXT, description TEXT)""",
            "ALTER TABLE claims ADD COLUMN split TEXT",
        ],
    ),
    (
        "adjudication: items an adjudicator ruled are not claims",
        [
            """CREATE TABLE rejections (
                statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
                actor_id INTEGER REFERENCES actors(id),
                target_id INTEGER NOT NULL REFERENCES targets(id),
                adjudicator TEXT NOT NULL,
                decided_at TEXT NOT NULL)""",
            """CREATE UNIQUE INDEX rejections_item
                ON rejections (statement_id, IFNULL(actor_id, 0), target_id)""",
        ],
    ),
    (
        "registry curation: the actors and targets merged into others",
        [
            """CREATE TABLE merges (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('actor', 'target')),
                name TEXT NOT NULL,
                into_id INTEGER NOT NULL,
                claims INTEGER NOT NULL, duplicates INTEGER NOT NULL, aliases INTEGER NOT NULL,
                children INTEGER NOT NULL,
                merged_at TEXT NOT NULL)""",
        ],
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Connection:
    """A connection to one project file (WAL, foreign keys on), migrated to the
    current schema; every unit of work is one ``transaction()``."""

    def __init__(self, path: str | Path, create: bool = False, migrate_to: int = SCHEMA_VERSION):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise NotFound(f"No project at {self.path}. Create one with 'claims init' or "
                           "choose one with --db.")
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=60,
                                        check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA busy_timeout = 60000")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = FULL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._migrate(migrate_to)
        except sqlite3.DatabaseError as error:
            raise ClaimsError(f"{self.path}: not a claims project ({error})") from None

    def close(self) -> None:
        self.conn.close()

    def first(self, sql: str, *params) -> sqlite3.Row | None:
        """The first row ``sql`` gives, None when there is none."""
        return self.conn.execute(sql, params).fetchone()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One unit of work: everything inside is committed together or not at all.
        Nested use joins the outer transaction."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """A read transaction: every query inside sees the same state of the
        file, even while other processes write (WAL keeps the snapshot)."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    @property
    def version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self, target: int) -> None:
        if self.version > SCHEMA_VERSION:
            raise ClaimsError(
                f"{self.path} was made by a newer claims (schema {self.version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade claims to open it."
            )
        for number in range(self.version, target):
            with self.transaction():
                for statement in MIGRATIONS[number][1]:
                    self.conn.execute(statement)
                if number == 0:
                    self._seed_schema()
                self.conn.execute(f"PRAGMA user_version = {number + 1}")

    def _seed_schema(self) -> None:
        self.replace_labels(DEFAULT_LABELS)
        self.set_setting("guidelines", DEFAULT_GUIDELINES)
