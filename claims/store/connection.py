"""The connection to one project file and its schema: an append-only list of
migrations; ``PRAGMA user_version`` is how many have been applied, and each is
applied in its own transaction when the store opens."""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from claims.errors import ClaimsError, NotFound, StoreError, shown
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
    (
        "indexes for big registries: aliases by owner, actors by parent",
        [
            "CREATE INDEX IF NOT EXISTS actor_aliases_actor ON actor_aliases (actor_id)",
            "CREATE INDEX IF NOT EXISTS target_aliases_target ON target_aliases (target_id)",
            "CREATE INDEX IF NOT EXISTS actors_parent ON actors (parent_id)",
        ],
    ),
    (
        "actors who belong to their parent without speaking for it (a party's members)",
        ["ALTER TABLE actors ADD COLUMN speaks_for_parent INTEGER NOT NULL DEFAULT 1"],
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)



def _problem(error: sqlite3.DatabaseError, path: Path) -> str:
    """What an error opening a project means to the person who gave its path."""
    code = getattr(error, "sqlite_errorname", "")
    folder = path.parent
    if ((code.startswith("SQLITE_READONLY") or code == "SQLITE_CANTOPEN") and path.is_file()
            and not os.access(path, os.W_OK) and not os.access(folder, os.W_OK)):
        return (f"the file and its folder are read-only, and SQLite must create {path.name}-shm "
                "beside it to read a project (WAL); make the folder writable or copy the file")
    if code.startswith("SQLITE_READONLY") or code == "SQLITE_CANTOPEN":
        return ("cannot write to the project (the file or its folder is read-only, or the folder "
                "does not exist); check the permissions")
    if code == "SQLITE_FULL":
        return "disk full; free some space and try again"
    return f"not a claims project ({error})"


def _worded(error: sqlite3.OperationalError) -> str | None:
    """A one-line meaning for the storage errors a person can act on; None for others."""
    code = getattr(error, "sqlite_errorname", "")
    if code == "SQLITE_FULL":
        return "disk full; nothing of this unit was written. Free some space and try again."
    if code.startswith("SQLITE_READONLY"):
        return ("the project is read-only (check the permissions of the file, of its -wal and "
                "-shm files and of its folder)")
    if code == "SQLITE_BUSY":
        return "another writer holds the project; nothing was written. Try again when it is done."
    if code.startswith("SQLITE_IOERR"):
        return f"cannot write to the disk ({error}); nothing of this unit was written"
    return None


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86_400:
        raise ClaimsError(f"CLAIMS_LOCK_TIMEOUT={value!r}: give a number of seconds from 0 "
                          "to 86400.")
    return seconds


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# SQLite's header field for the application a file belongs to: "Clms". Set on
# every project; a file with another one, or with tables but none of ours, is
# someone else's and is never written to.
APPLICATION_ID = 0x436C6D73

# Tests only: the project file may grow by at most this many pages (SQLite's
# max_page_count) once opened, so a full disk is met deterministically, in any
# command, through SQLite's own SQLITE_FULL.
GROW_AT_MOST_PAGES = "CLAIMS_TEST_GROW_AT_MOST_PAGES"
CORE_TABLES = frozenset({"articles", "statements", "actors", "actor_aliases", "targets",
                         "target_aliases", "labels", "settings", "claims"})


class Connection:
    """A connection to one project file (WAL, foreign keys on), migrated to the
    current schema; every unit of work is one ``transaction()``."""

    def __init__(self, path: str | Path, create: bool = False, migrate_to: int = SCHEMA_VERSION):
        self.path = Path(path)
        self.on_wait: Callable[[str], None] | None = None  # told once when a writer must wait
        self.lock_seconds = _seconds(os.environ.get("CLAIMS_LOCK_TIMEOUT", "60"))
        if not create and not self.path.exists():
            raise NotFound(f"No project at {shown(self.path)}. Create one with 'claims init' or "
                           "choose one with --db.")
        if self.path.exists() and not self.path.is_file():
            raise ClaimsError(f"{shown(self.path)} is not a regular file, so not a claims "
                              "project; choose one with --db.")
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=60,
                                        check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {int(self.lock_seconds * 1000)}")
            self._refuse_foreign()  # before anything below writes to the file
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = FULL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._migrate(migrate_to)
            if os.environ.get(GROW_AT_MOST_PAGES):
                pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
                grow = int(os.environ[GROW_AT_MOST_PAGES])
                self.conn.execute(f"PRAGMA max_page_count = {pages + grow}")
        except sqlite3.DatabaseError as error:
            raise ClaimsError(f"{shown(self.path)}: {_problem(error, self.path)}") from None

    def _refuse_foreign(self) -> None:
        """Refuse a SQLite file of another application: another application id, or
        tables (or a ``user_version``) without our tables. An empty file is ours to fill."""
        application = self.conn.execute("PRAGMA application_id").fetchone()[0]
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
        if application not in (0, APPLICATION_ID):
            why = f"its SQLite application id is {application:#x}, not claims' {APPLICATION_ID:#x}"
        elif application == 0 and (tables or version) and not CORE_TABLES <= tables:
            listed = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
            why = (f"it holds other tables: {listed}" if tables
                   else f"its user_version is {version} but it has no tables")
        else:
            return
        self.conn.close()
        raise ClaimsError(f"{shown(self.path)} is not a claims project ({why}); it was left "
                          "untouched. Choose a project with --db or create one with 'claims init'.")

    def close(self) -> None:
        self.conn.close()

    def first(self, sql: str, *params) -> sqlite3.Row | None:
        """The first row ``sql`` gives, None when there is none."""
        return self.conn.execute(sql, params).fetchone()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One unit of work: everything inside is committed together or not at all.
        Nested use joins the outer transaction. A full disk or a writer that holds
        the project too long ends it in one ``ClaimsError``, with nothing written."""
        if self.conn.in_transaction:
            yield
            return
        try:
            self._begin()
        except sqlite3.OperationalError as error:  # a read-only file (or -shm) refuses BEGIN
            if _worded(error):
                raise StoreError(f"{shown(self.path)}: {_worded(error)}") from None
            raise
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException as error:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.OperationalError) and _worded(error):
                raise StoreError(f"{shown(self.path)}: {_worded(error)}") from None
            raise

    def _begin(self) -> None:
        """``BEGIN IMMEDIATE``; while another process writes, say so through
        ``on_wait`` once and wait up to ``lock_seconds`` before giving up."""
        try:
            self.conn.execute("PRAGMA busy_timeout = 1000")
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if getattr(error, "sqlite_errorname", "") != "SQLITE_BUSY":
                    raise
            if self.on_wait is not None:
                self.on_wait(f"{shown(self.path)}: waiting for another writer…")
            self.conn.execute(f"PRAGMA busy_timeout = {int(self.lock_seconds * 1000)}")
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                if getattr(error, "sqlite_errorname", "") != "SQLITE_BUSY":
                    raise
                raise StoreError(f"{shown(self.path)}: another writer has held the project for "
                                 f"{self.lock_seconds:g} s; nothing was written. Try again when "
                                 "it is done.") from None
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {int(self.lock_seconds * 1000)}")

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
        if self.conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            with self.transaction():  # a project of an older claims, made before the id
                self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def _seed_schema(self) -> None:
        self.replace_labels(DEFAULT_LABELS)
        self.set_setting("guidelines", DEFAULT_GUIDELINES)
