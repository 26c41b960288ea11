"""The project store: one SQLite file. This is the only module that writes SQL.

A project is a SQLite database in WAL mode with foreign keys on. Its schema is
an append-only list of migrations; ``PRAGMA user_version`` is how many have
been applied, and each is applied in its own transaction when the store opens.
Every unit of work (a file ingested, a decision recorded) is one transaction:
callers wrap their writes in ``with store.transaction():``.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from claims.errors import ClaimsError, Conflict, NotFound
from claims.records import Actor, Article, Claim, Origin, Statement, Target
from claims.schema import DEFAULT_GUIDELINES, DEFAULT_LABELS, Label

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
            "CREATE UNIQUE INDEX rejections_item ON rejections (statement_id, IFNULL(actor_id, 0), target_id)",
        ],
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)
_REGISTRIES = {"actor": ("actors", "actor_aliases", "actor_id"), "target": ("targets", "target_aliases", "target_id")}


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """A connection to one project file, migrated to the current schema."""

    def __init__(self, path: str | Path, create: bool = False, migrate_to: int = SCHEMA_VERSION):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise NotFound(f"No project at {self.path}. Create one with 'claims init' or choose one with --db.")
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=60, check_same_thread=False)
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

    # --- transactions and migrations ------------------------------------

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
                f"{self.path} was made by a newer claims (schema {self.version}, this one knows {SCHEMA_VERSION}); "
                "upgrade claims to open it."
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

    # --- settings and labels ----------------------------------------------

    def setting(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def labels(self) -> list[Label]:
        rows = self.conn.execute("SELECT name, description FROM labels ORDER BY position")
        return [Label(row["name"], row["description"]) for row in rows]

    def replace_labels(self, labels: Iterable[Label]) -> None:
        labels = list(labels)
        names = [label.name for label in labels]
        in_use = self.conn.execute(
            f"SELECT DISTINCT stance FROM claims WHERE stance NOT IN ({','.join('?' * len(names))})", names
        ).fetchall()
        if in_use:
            used = ", ".join(sorted(row[0] for row in in_use))
            raise Conflict(f"Cannot remove label(s) {used}: claims use them.")
        # Move existing positions out of the way so the UNIQUE(position) holds while reordering.
        self.conn.execute("UPDATE labels SET position = -1 - position")
        self.conn.execute(f"DELETE FROM labels WHERE name NOT IN ({','.join('?' * len(names))})", names)
        for position, label in enumerate(labels):
            self.conn.execute(
                """INSERT INTO labels (position, name, description) VALUES (?, ?, ?)
                   ON CONFLICT (name) DO UPDATE SET position = excluded.position, description = excluded.description""",
                (position, label.name, label.description),
            )

    # --- articles and statements --------------------------------------------

    def has_article(self, content_hash: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,)).fetchone() is not None

    def add_article(self, article: dict, statements: list[tuple[int, int, int | None, int | None]]) -> int:
        """Insert an article and its statements ``(start, end, cue_start, cue_end)``; returns its id."""
        cursor = self.conn.execute(
            """INSERT INTO articles (content_hash, source, url, title, published, language, text, metadata, added_at)
               VALUES (:content_hash, :source, :url, :title, :published, :language, :text, :metadata, :added_at)""",
            {**article, "metadata": json.dumps(article.get("metadata") or {}, ensure_ascii=False), "added_at": now()},
        )
        article_id = cursor.lastrowid
        self.conn.executemany(
            'INSERT INTO statements (article_id, position, start, "end", cue_start, cue_end) VALUES (?, ?, ?, ?, ?, ?)',
            [(article_id, position, *span) for position, span in enumerate(statements)],
        )
        return article_id

    def article(self, article_id: int) -> Article:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"No article with id {article_id}. List articles with 'claims articles'.")
        return _article(row)

    def articles(self) -> Iterator[Article]:
        for row in self.conn.execute("SELECT * FROM articles ORDER BY id"):
            yield _article(row)

    def article_summaries(self) -> list[dict]:
        rows = self.conn.execute(
            """SELECT a.id, a.title, a.source, a.published, a.language, a.url, length(a.text) AS characters,
                      (SELECT count(*) FROM statements s WHERE s.article_id = a.id) AS statements
               FROM articles a ORDER BY a.id"""
        )
        return [dict(row) for row in rows]

    _STATEMENT_SQL = """
        SELECT s.id, s.article_id, s.position, s.start, s."end",
               substr(a.text, s.start + 1, s."end" - s.start) AS text,
               CASE WHEN s.cue_start IS NULL THEN NULL
                    ELSE substr(a.text, s.cue_start + 1, s.cue_end - s.cue_start) END AS cue,
               s.cue_start, s.cue_end
        FROM statements s JOIN articles a ON a.id = s.article_id"""

    def statements(self, article_id: int | None = None) -> Iterator[Statement]:
        if article_id is None:
            rows = self.conn.execute(self._STATEMENT_SQL + " ORDER BY s.article_id, s.position")
        else:
            self.article(article_id)
            rows = self.conn.execute(self._STATEMENT_SQL + " WHERE s.article_id = ? ORDER BY s.position", (article_id,))
        for row in rows:
            yield Statement(**dict(row))

    def statement(self, statement_id: int) -> Statement:
        row = self.conn.execute(self._STATEMENT_SQL + " WHERE s.id = ?", (statement_id,)).fetchone()
        if row is None:
            raise NotFound(f"No statement with id {statement_id}. List statements with 'claims statements'.")
        return Statement(**dict(row))

    # --- actors and targets ---------------------------------------------------

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
        self.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*values.values(), entity_id])

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
            f"SELECT e.name FROM {alias_table} x JOIN {table} e ON e.id = x.{key} WHERE x.normalized = ?",
            (normalized,),
        ).fetchone()
        return row[0] if row else None

    def add_alias(self, kind: str, entity_id: int, alias: str, normalized: str, language: str | None) -> None:
        _, alias_table, key = _REGISTRIES[kind]
        self.conn.execute(
            f"INSERT INTO {alias_table} ({key}, alias, normalized, language) VALUES (?, ?, ?, ?)",
            (entity_id, alias, normalized, language),
        )

    def aliases(self, kind: str) -> list[tuple[str, str, str]]:
        """Every ``(entity name, alias, normalised alias)`` of actors or targets."""
        table, alias_table, key = _REGISTRIES[kind]
        rows = self.conn.execute(
            f"SELECT e.name, x.alias, x.normalized FROM {alias_table} x JOIN {table} e ON e.id = x.{key} ORDER BY x.rowid"
        )
        return [tuple(row) for row in rows]

    def actors(self) -> list[Actor]:
        rows = self.conn.execute(
            """SELECT a.id, a.name, a.kind, p.name AS parent,
                      (SELECT json_group_array(alias) FROM actor_aliases x WHERE x.actor_id = a.id) AS aliases
               FROM actors a LEFT JOIN actors p ON p.id = a.parent_id ORDER BY a.name"""
        )
        return [Actor(row["id"], row["name"], row["kind"], row["parent"], tuple(json.loads(row["aliases"]))) for row in rows]

    def targets(self) -> list[Target]:
        rows = self.conn.execute(
            """SELECT t.id, t.name, t.kind, t.description,
                      (SELECT json_group_array(alias) FROM target_aliases x WHERE x.target_id = t.id) AS aliases
               FROM targets t ORDER BY t.name"""
        )
        return [
            Target(row["id"], row["name"], row["kind"], row["description"], tuple(json.loads(row["aliases"])))
            for row in rows
        ]

    # --- claims ------------------------------------------------------------------

    def add_claim(self, statement_id: int, actor_id: int | None, target_id: int, stance: str, origin: str,
                  confidence: float | None = None, note: str | None = None, gold_method: str | None = None,
                  split: str | None = None) -> int:
        """Record a claim; the same origin giving a new stance on the same
        (statement, actor, target) replaces its earlier one."""
        cursor = self.conn.execute(
            """INSERT INTO claims (statement_id, actor_id, target_id, stance, origin, confidence, note,
                                   gold_method, split, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (statement_id, IFNULL(actor_id, 0), target_id, origin) DO UPDATE SET
                   stance = excluded.stance, confidence = excluded.confidence, note = excluded.note,
                   gold_method = excluded.gold_method, split = excluded.split, created_at = excluded.created_at
               RETURNING id""",
            (statement_id, actor_id, target_id, stance, origin, confidence, note, gold_method, split, now()),
        )
        return cursor.fetchone()[0]

    def claims(self, statement_id: int | None = None, origin: str | None = None) -> list[Claim]:
        where, params = [], []
        if statement_id is not None:
            where.append("c.statement_id = ?")
            params.append(statement_id)
        if origin is not None:
            where.append("c.origin = ?")
            params.append(origin)
        rows = self.conn.execute(
            f"""SELECT c.id, c.statement_id, a.name AS actor, t.name AS target, c.stance, c.origin,
                       c.confidence, c.note, c.gold_method, c.created_at
                FROM claims c LEFT JOIN actors a ON a.id = c.actor_id JOIN targets t ON t.id = c.target_id
                {'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY c.id""",
            params,
        )
        return [Claim(**dict(row)) for row in rows]

    # --- statistics -----------------------------------------------------------------

    def counts(self) -> dict:
        with self.snapshot():
            return self._counts()

    def _counts(self) -> dict:
        one = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "statements": one("SELECT count(*) FROM statements"),
            "statements_with_cue": one("SELECT count(*) FROM statements WHERE cue_start IS NOT NULL"),
            "actors": one("SELECT count(*) FROM actors"),
            "targets": one("SELECT count(*) FROM targets"),
            "claims": one("SELECT count(*) FROM claims"),
            "languages": dict(self.conn.execute(
                "SELECT IFNULL(language, 'und'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC").fetchall()),
            "claims_by_origin": dict(self.conn.execute(
                "SELECT origin, count(*) FROM claims GROUP BY 1 ORDER BY 2 DESC").fetchall()),
            "claims_by_stance": dict(self.conn.execute(
                "SELECT stance, count(*) FROM claims GROUP BY 1 ORDER BY 2 DESC").fetchall()),
        }

    # --- agreement and adjudication (issue 3) ---------------------------------------------

    def human_labels(self) -> list[sqlite3.Row]:
        """Every person's claim: statement, actor and target (id and name),
        annotator (the NAME of ``human:NAME``) and stance."""
        return self.conn.execute(
            """SELECT c.statement_id, c.actor_id, a.name AS actor, c.target_id, t.name AS target,
                      substr(c.origin, 7) AS annotator, c.stance
               FROM claims c LEFT JOIN actors a ON a.id = c.actor_id JOIN targets t ON t.id = c.target_id
               WHERE c.origin GLOB 'human:*' ORDER BY c.statement_id, c.id"""
        ).fetchall()

    def decided(self) -> list[tuple[int, str]]:
        """``(statement id, annotator)`` for every statement an annotator decided
        (claims or no claim; skips are not decisions)."""
        rows = self.conn.execute(
            "SELECT statement_id, annotator FROM decisions WHERE decision IN ('claims', 'no_claim') ORDER BY 1, 2")
        return [tuple(row) for row in rows]

    def record_decision(self, statement_id: int, annotator: str, decision: str, decided_at: str | None = None) -> None:
        """What ``annotator`` decided on a statement (claims, no_claim or skip); a new decision replaces the old."""
        self.conn.execute(
            """INSERT INTO decisions (statement_id, annotator, decision, decided_at) VALUES (?, ?, ?, ?)
               ON CONFLICT (statement_id, annotator) DO UPDATE SET
                   decision = excluded.decision, decided_at = excluded.decided_at""",
            (statement_id, annotator, decision, decided_at or now()),
        )

    def resolutions(self, statement_id: int | None = None) -> dict[tuple[int, int | None, int], tuple]:
        """Items already settled (of one statement, or all), ``(statement id, actor id, target id)`` →
        ``(gold stance, gold_method, note)``; a rejected item has ``(None, None, adjudicator)``."""
        where, params = ("AND statement_id = ?", (statement_id,)) if statement_id is not None else ("", ())
        gold = self.conn.execute(
            f"""SELECT statement_id, actor_id, target_id, stance, gold_method, note FROM claims
                WHERE origin = 'gold' {where}""", params)
        settled = {(row[0], row[1], row[2]): (row[3], row[4], row[5]) for row in gold}
        rejected = self.conn.execute(
            f"SELECT statement_id, actor_id, target_id, adjudicator FROM rejections WHERE 1 {where}", params)
        settled.update({(row[0], row[1], row[2]): (None, None, row[3]) for row in rejected})
        return settled

    def reject_item(self, statement_id: int, actor_id: int | None, target_id: int, adjudicator: str) -> None:
        """Record that an adjudicator ruled the item is not a claim (its gold claim, if any, goes)."""
        self.conn.execute(
            """DELETE FROM claims WHERE origin = 'gold'
                   AND statement_id = ? AND IFNULL(actor_id, 0) = IFNULL(?, 0) AND target_id = ?""",
            (statement_id, actor_id, target_id),
        )
        self.conn.execute(
            """INSERT INTO rejections (statement_id, actor_id, target_id, adjudicator, decided_at) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (statement_id, IFNULL(actor_id, 0), target_id) DO UPDATE SET
                   adjudicator = excluded.adjudicator, decided_at = excluded.decided_at""",
            (statement_id, actor_id, target_id, adjudicator, now()),
        )

    def set_gold(self, statement_id: int, actor_id: int | None, target_id: int, stance: str, gold_method: str,
                 note: str | None = None) -> None:
        """Make ``stance`` the gold claim of an item, replacing an earlier gold claim or a rejection."""
        self.conn.execute(
            "DELETE FROM rejections WHERE statement_id = ? AND IFNULL(actor_id, 0) = IFNULL(?, 0) AND target_id = ?",
            (statement_id, actor_id, target_id),
        )
        self.add_claim(statement_id, actor_id, target_id, stance, "gold", note=note, gold_method=gold_method)

    # --- tracking (issue 7) ---------------------------------------------------------------

    def add_claims(self, claims: Iterable[tuple[int, int | None, int, str, str]]) -> None:
        """Record many ``(statement_id, actor_id, target_id, stance, origin)`` claims at once,
        with ``add_claim``'s rule: a later stance of the same origin replaces an earlier one."""
        created = now()
        self.conn.executemany(
            """INSERT INTO claims (statement_id, actor_id, target_id, stance, origin, created_at)
               VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (statement_id, IFNULL(actor_id, 0), target_id, origin) DO UPDATE SET
                   stance = excluded.stance, created_at = excluded.created_at""",
            ((*claim, created) for claim in claims),
        )

    def tracked_claims(self, patterns: list[str], actor_ids: list[int] | None = None,
                       target_ids: list[int] | None = None) -> list[tuple]:
        """The claims to track, one ``(actor id, target id, stance position, origin, day)``
        tuple each: the stance as its label's position in the schema and ``day`` the
        article's publication date in days since 1970-01-01, None when undated (the
        actor id is None for a claim without one). Numbers, not names and date
        strings, make hundreds of thousands of rows quick to read. ``patterns``
        select origins as ``claims.records.select_origins`` makes them."""
        condition, params = self._selection(patterns)
        where = [condition]
        for column, ids in (("c.actor_id", actor_ids), ("c.target_id", target_ids)):
            if ids:
                where.append(f"{column} IN ({', '.join('?' * len(ids))})")
                params += ids
        cursor = self.conn.cursor()
        cursor.row_factory = None  # plain tuples go straight into pandas
        cursor.execute(
            f"""SELECT c.actor_id, c.target_id, l.position, c.origin,
                       CAST(julianday(substr(ar.published, 1, 10)) - 2440587.5 AS INTEGER)
                FROM claims c
                JOIN statements s ON s.id = c.statement_id
                JOIN articles ar ON ar.id = s.article_id
                JOIN labels l ON l.name = c.stance
                WHERE {' AND '.join(where)}""",
            params,
        )
        return cursor.fetchall()

    # --- annotation (issue 3) ---------------------------------------------------------
    # An annotator's decisions and the claims they record. Claim rows are read and
    # restored whole (ids and times included) so that undo puts back exactly what was there.

    def statement_order(self, article_id: int | None = None) -> list[int]:
        """Statement ids in reading order (article, then position)."""
        if article_id is None:
            rows = self.conn.execute("SELECT id FROM statements ORDER BY article_id, position")
        else:
            self.article(article_id)
            rows = self.conn.execute("SELECT id FROM statements WHERE article_id = ? ORDER BY position", (article_id,))
        return [row[0] for row in rows]

    def neighbours(self, article_id: int, position: int) -> tuple[str | None, str | None]:
        """The texts of the statements before and after ``position`` in its article."""
        rows = self.conn.execute(
            self._STATEMENT_SQL + " WHERE s.article_id = ? AND s.position IN (?, ?)",
            (article_id, position - 1, position + 1),
        ).fetchall()
        texts = {row["position"]: row["text"] for row in rows}
        return texts.get(position - 1), texts.get(position + 1)

    def article_title(self, article_id: int) -> str | None:
        row = self.conn.execute("SELECT title FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def decisions(self, annotator: str) -> list[tuple[int, str]]:
        """``(statement id, decision)`` of one annotator, oldest first."""
        rows = self.conn.execute(
            "SELECT statement_id, decision FROM decisions WHERE annotator = ? ORDER BY decided_at, rowid",
            (annotator,),
        )
        return [(row[0], row[1]) for row in rows]

    def decision_row(self, statement_id: int, annotator: str) -> dict | None:
        row = self.conn.execute(
            "SELECT * FROM decisions WHERE statement_id = ? AND annotator = ?", (statement_id, annotator)
        ).fetchone()
        return dict(row) if row else None

    def delete_decision(self, statement_id: int, annotator: str) -> None:
        self.conn.execute("DELETE FROM decisions WHERE statement_id = ? AND annotator = ?", (statement_id, annotator))

    def claim_rows(self, statement_id: int, origin: str) -> list[dict]:
        """The stored rows (every column) of one origin's claims on a statement."""
        rows = self.conn.execute(
            "SELECT * FROM claims WHERE statement_id = ? AND origin = ? ORDER BY id", (statement_id, origin)
        )
        return [dict(row) for row in rows]

    def delete_claims(self, claim_ids: Iterable[int]) -> None:
        self.conn.executemany("DELETE FROM claims WHERE id = ?", [(claim_id,) for claim_id in claim_ids])

    def restore_claims(self, rows: Iterable[dict]) -> None:
        """Put back claim rows read with ``claim_rows``, ids and times included."""
        for row in rows:
            columns = list(row)
            self.conn.execute(
                f"INSERT INTO claims ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                [row[column] for column in columns],
            )

    def predictions(self, statement_id: int) -> list[Claim]:
        """The claims models predicted for a statement (origin ``model:*``), most confident first."""
        rows = self.conn.execute(
            """SELECT c.id, c.statement_id, a.name AS actor, t.name AS target, c.stance, c.origin,
                      c.confidence, c.note, c.gold_method, c.created_at
               FROM claims c LEFT JOIN actors a ON a.id = c.actor_id JOIN targets t ON t.id = c.target_id
               WHERE c.statement_id = ? AND c.origin GLOB 'model:*'
               ORDER BY IFNULL(c.confidence, 0) DESC, c.id""",
            (statement_id,),
        )
        return [Claim(**dict(row)) for row in rows]

    def lowest_prediction_confidence(self) -> dict[int, float]:
        """For each statement with model predictions, the confidence of its least certain one."""
        rows = self.conn.execute(
            """SELECT statement_id, min(IFNULL(confidence, 0)) FROM claims
               WHERE origin GLOB 'model:*' GROUP BY statement_id"""
        )
        return {row[0]: row[1] for row in rows}


    # --- import, export and datasets (issue 4) ---------------------------------------

    def article_ref(self, content_hash: str) -> tuple[int, int] | None:
        """``(id, length of its text)`` of the article with this content hash, if any."""
        row = self.conn.execute("SELECT id, length(text) FROM articles WHERE content_hash = ?",
                                (content_hash,)).fetchone()
        return (row[0], row[1]) if row else None

    def statement_at(self, article_id: int, start: int, end: int) -> int | None:
        row = self.conn.execute('SELECT id FROM statements WHERE article_id = ? AND start = ? AND "end" = ?',
                                (article_id, start, end)).fetchone()
        return row[0] if row else None

    def statement_with_text(self, article_id: int, text: str) -> int | None:
        """The first statement of an article whose text is ``text``."""
        row = self.conn.execute(
            """SELECT s.id FROM statements s JOIN articles a ON a.id = s.article_id
               WHERE s.article_id = ? AND substr(a.text, s.start + 1, s."end" - s.start) = ?
               ORDER BY s.position LIMIT 1""",
            (article_id, text),
        ).fetchone()
        return row[0] if row else None

    def add_statement(self, article_id: int, start: int, end: int) -> int:
        """Add a statement after an article's last one."""
        cursor = self.conn.execute(
            """INSERT INTO statements (article_id, position, start, "end")
               VALUES (?, (SELECT IFNULL(max(position) + 1, 0) FROM statements WHERE article_id = ?), ?, ?)""",
            (article_id, article_id, start, end),
        )
        return cursor.lastrowid

    def append_text(self, article_id: int, text: str, separator: str) -> tuple[int, int]:
        """Append ``text`` to an article's text (after ``separator``); returns its offsets."""
        length = self.conn.execute("SELECT length(text) FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
        start = length + len(separator)
        self.conn.execute("UPDATE articles SET text = text || ? WHERE id = ?", (separator + text, article_id))
        return start, start + len(text)

    def set_claim_time(self, claim_id: int, created_at: str) -> None:
        self.conn.execute("UPDATE claims SET created_at = ? WHERE id = ?", (created_at, claim_id))

    def count_claims(self) -> int:
        return self.conn.execute("SELECT count(*) FROM claims").fetchone()[0]

    def add_source(self, name: str, license: str | None = None, citation: str | None = None,
                   url: str | None = None, description: str | None = None) -> None:
        """Record (or update) where imported claims come from; empty fields keep what is known."""
        self.conn.execute(
            """INSERT INTO sources (name, license, citation, url, description) VALUES (?, ?, ?, ?, ?)
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

    @staticmethod
    def _selection(patterns: list[str]) -> tuple[str, list[str]]:
        """A WHERE condition on ``c.origin`` matching any of the GLOB ``patterns``."""
        if not patterns:
            raise ClaimsError("Select at least one origin.")
        if "*" in patterns:
            return "1", []  # every origin: no condition to test on each row
        return "(" + " OR ".join("c.origin GLOB ?" for _ in patterns) + ")", list(patterns)

    _CLAIM_ROWS_SQL = """
        SELECT c.id AS claim_id, substr(a.text, s.start + 1, s."end" - s.start) AS text,
               s.start, s."end", s.id AS statement_id, a.id AS article_id, a.content_hash,
               a.title AS article_title, a.source, a.url, a.published, a.language,
               ac.name AS actor, ac.kind AS actor_kind, t.name AS target, t.kind AS target_kind,
               t.description AS target_description, c.stance, c.origin, c.gold_method, c.confidence, c.note,
               c.split, c.created_at
        FROM claims c JOIN statements s ON s.id = c.statement_id JOIN articles a ON a.id = s.article_id
             LEFT JOIN actors ac ON ac.id = c.actor_id JOIN targets t ON t.id = c.target_id"""

    def selected_claims(self, patterns: list[str], batch_size: int = 5000) -> Iterator[list[dict]]:
        """The selected claims with their statement, article, actor and target, in
        article and statement order, as batches of dicts (memory stays flat)."""
        where, params = self._selection(patterns)
        cursor = self.conn.execute(f"{self._CLAIM_ROWS_SQL} WHERE {where} ORDER BY a.id, s.position, c.id", params)
        while batch := cursor.fetchmany(batch_size):
            yield [dict(row) for row in batch]

    def claim_keys(self, patterns: list[str], splits: tuple[str, ...], batch_size: int = 10000) -> Iterator[list]:
        """``(article id, target id, stance position, given split)`` of the selected
        claims, in batches, all numbers: a split is its position in ``splits``, -1 for none."""
        where, params = self._selection(patterns)
        case = " ".join(f"WHEN ? THEN {position}" for position in range(len(splits)))
        cursor = self.conn.execute(
            f"""SELECT s.article_id, c.target_id, l.position, CASE c.split {case} ELSE -1 END
                FROM claims c JOIN statements s ON s.id = c.statement_id JOIN labels l ON l.name = c.stance
                WHERE {where} ORDER BY c.id""", [*splits, *params])
        while batch := cursor.fetchmany(batch_size):
            yield batch

    def articles_by_time(self, patterns: list[str], batch_size: int = 50000) -> Iterator[list[int]]:
        """Ids of the articles holding selected claims, oldest first (undated ones first of all)."""
        where, params = self._selection(patterns)
        cursor = self.conn.execute(
            f"""SELECT id FROM articles WHERE id IN (
                    SELECT s.article_id FROM claims c JOIN statements s ON s.id = c.statement_id WHERE {where})
                ORDER BY published IS NOT NULL, published, id""", params)
        while batch := cursor.fetchmany(batch_size):
            yield [row[0] for row in batch]

    def top_names(self, patterns: list[str], column: str, limit: int) -> list[tuple[str, int]]:
        """The most frequent actors (``column="actor"``) or targets in the selection, with counts."""
        table, key = {"actor": ("actors", "actor_id"), "target": ("targets", "target_id")}[column]
        where, params = self._selection(patterns)
        rows = self.conn.execute(
            f"""SELECT e.name, count(*) FROM claims c JOIN {table} e ON e.id = c.{key}
                WHERE {where} GROUP BY e.id ORDER BY 2 DESC, e.name LIMIT ?""", [*params, limit])
        return [tuple(row) for row in rows]

    def origins_in(self, patterns: list[str]) -> list[str]:
        where, params = self._selection(patterns)
        return [row[0] for row in self.conn.execute(
            f"SELECT DISTINCT c.origin FROM claims c WHERE {where} ORDER BY 1", params)]

    def human_origins(self) -> list[str]:
        """Every annotator of the project as ``human:NAME``: in the order each first
        labelled a claim, then those who only decided statements, in the order they began."""
        labelled = [row[0] for row in self.conn.execute(
            "SELECT origin FROM claims WHERE origin GLOB 'human:*' GROUP BY origin ORDER BY min(id)")]
        decided = [str(Origin.human(row[0])) for row in self.conn.execute(
            "SELECT annotator FROM decisions GROUP BY annotator ORDER BY min(rowid)")]
        return labelled + [origin for origin in decided if origin not in labelled]

    def annotator_counts(self, patterns: list[str]) -> list[dict]:
        """Per human annotator, on the statements of the selection: claims and statements labelled."""
        where, params = self._selection(patterns)
        rows = self.conn.execute(
            f"""SELECT origin, count(*) AS claims, count(DISTINCT statement_id) AS statements
                FROM claims WHERE origin GLOB 'human:*' AND statement_id IN (
                    SELECT c.statement_id FROM claims c WHERE {where})
                GROUP BY origin ORDER BY origin""", params)
        return [dict(row) for row in rows]

    # --- prediction (issue 6) -----------------------------------------------------------

    def article_id_by_hash(self, content_hash: str) -> int | None:
        """The id of the article with this content hash, None when it is not in the project."""
        row = self.conn.execute("SELECT id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return None if row is None else row[0]


def _article(row: sqlite3.Row) -> Article:
    values = dict(row)
    values.pop("added_at")
    values["metadata"] = json.loads(values["metadata"])
    return Article(**values)
