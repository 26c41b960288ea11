"""The table ``claims``: one SELECT builds a ``Claim`` (``_CLAIM_SQL``); selections
by origin (GLOB patterns of ``claims.records.select_origins``) for export,
datasets and tracking; model predictions as annotation proposals."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

from claims.errors import ClaimsError
from claims.records import Claim
from claims.store.connection import now


def _selection(patterns: list[str]) -> tuple[str, list[str]]:
    """A WHERE condition on ``c.origin`` matching any of the GLOB ``patterns``."""
    if not patterns:
        raise ClaimsError("Select at least one origin.")
    if "*" in patterns:
        return "1", []  # every origin: no condition to test on each row
    return "(" + " OR ".join("c.origin GLOB ?" for _ in patterns) + ")", list(patterns)


class ClaimTables:
    """Claims: recorded, read, selected."""

    conn: sqlite3.Connection

    def add_claim(self, statement_id: int, actor_id: int | None, target_id: int, stance: str,
                  origin: str, confidence: float | None = None, note: str | None = None,
                  gold_method: str | None = None, split: str | None = None) -> int:
        """Record a claim; the same origin giving a new stance on the same
        (statement, actor, target) replaces its earlier one."""
        cursor = self.conn.execute(
            """INSERT INTO claims (statement_id, actor_id, target_id, stance, origin, confidence,
                                   note, gold_method, split, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (statement_id, IFNULL(actor_id, 0), target_id, origin) DO UPDATE SET
                   stance = excluded.stance, confidence = excluded.confidence, note = excluded.note,
                   gold_method = excluded.gold_method, split = excluded.split,
                   created_at = excluded.created_at
               RETURNING id""",
            (statement_id, actor_id, target_id, stance, origin, confidence, note, gold_method,
             split, now()),
        )
        return cursor.fetchone()[0]

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

    # The one SELECT that builds a Claim: its columns are Claim's fields.
    _CLAIM_SQL = """
        SELECT c.id, c.statement_id, a.name AS actor, t.name AS target, c.stance, c.origin,
               c.confidence, c.note, c.gold_method, c.created_at, c.split
        FROM claims c LEFT JOIN actors a ON a.id = c.actor_id
             JOIN targets t ON t.id = c.target_id"""

    def claims(self, statement_id: int | None = None, origin: str | None = None) -> list[Claim]:
        """The claims (of one statement, of one origin, or all), in the order recorded."""
        where, params = [], []
        if statement_id is not None:
            where.append("c.statement_id = ?")
            params.append(statement_id)
        if origin is not None:
            where.append("c.origin = ?")
            params.append(origin)
        condition = f" WHERE {' AND '.join(where)}" if where else ""
        rows = self.conn.execute(f"{self._CLAIM_SQL}{condition} ORDER BY c.id", params)
        return [Claim(**dict(row)) for row in rows]

    def predictions(self, statement_id: int) -> list[Claim]:
        """The claims models predicted for a statement (origin ``model:*``), most confident
        first."""
        rows = self.conn.execute(
            f"""{self._CLAIM_SQL} WHERE c.statement_id = ? AND c.origin GLOB 'model:*'
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

    def claim_rows(self, statement_id: int, origin: str) -> list[dict]:
        """The stored rows (every column) of one origin's claims on a statement."""
        rows = self.conn.execute(
            "SELECT * FROM claims WHERE statement_id = ? AND origin = ? ORDER BY id",
            (statement_id, origin))
        return [dict(row) for row in rows]

    def delete_article_claims(self, article_id: int, origin: str) -> int:
        """Delete one origin's claims on the statements of an article; how many."""
        # "+origin": by the article's statements, never a scan of the origin's every claim
        return self.conn.execute(
            """DELETE FROM claims
               WHERE statement_id IN (SELECT id FROM statements WHERE article_id = ?)
               AND +origin = ?""",
            (article_id, origin)).rowcount

    def delete_claims(self, claim_ids: Iterable[int]) -> None:
        self.conn.executemany("DELETE FROM claims WHERE id = ?",
                              [(claim_id,) for claim_id in claim_ids])

    def restore_claims(self, rows: Iterable[dict]) -> None:
        """Put back claim rows read with ``claim_rows``, ids and times included."""
        for row in rows:
            columns = list(row)
            self.conn.execute(
                f"INSERT INTO claims ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})",
                [row[column] for column in columns],
            )

    def claim_state(self, statement_id: int, actor_id: int | None, target_id: int,
                    origin: str) -> tuple | None:
        """What a claim says (stance, confidence, note, gold method, split, then its
        time), None where there is none: an import compares it to tell an update."""
        row = self.conn.execute(
            """SELECT stance, confidence, note, gold_method, split, created_at FROM claims
               WHERE statement_id = ? AND IFNULL(actor_id, 0) = IFNULL(?, 0)
                 AND target_id = ? AND origin = ?""",
            (statement_id, actor_id, target_id, origin)).fetchone()
        return tuple(row) if row is not None else None

    def set_claim_time(self, claim_id: int, created_at: str) -> None:
        self.conn.execute("UPDATE claims SET created_at = ? WHERE id = ?", (created_at, claim_id))

    def count_claims(self) -> int:
        return self.conn.execute("SELECT count(*) FROM claims").fetchone()[0]

    _CLAIM_ROWS_SQL = """
        SELECT c.id AS claim_id, substr(a.text, s.start + 1, s."end" - s.start) AS text,
               s.start, s."end", s.id AS statement_id, a.id AS article_id, a.content_hash,
               a.title AS article_title, a.source, a.url, a.published, a.language,
               ac.name AS actor, ac.kind AS actor_kind, t.name AS target, t.kind AS target_kind,
               t.description AS target_description, c.stance, c.origin, c.gold_method,
               c.confidence, c.note, c.split, c.created_at
        FROM claims c JOIN statements s ON s.id = c.statement_id
             JOIN articles a ON a.id = s.article_id
             LEFT JOIN actors ac ON ac.id = c.actor_id JOIN targets t ON t.id = c.target_id"""

    def selected_claims(self, patterns: list[str], batch_size: int = 5000) -> Iterator[list[dict]]:
        """The selected claims with their statement, article, actor and target, in
        article and statement order, as batches of dicts (memory stays flat)."""
        where, params = _selection(patterns)
        cursor = self.conn.execute(
            f"{self._CLAIM_ROWS_SQL} WHERE {where} ORDER BY a.id, s.position, c.id", params)
        while batch := cursor.fetchmany(batch_size):
            yield [dict(row) for row in batch]

    def conflicting_items(self, patterns: list[str]) -> int:
        """How many items (statement, actor, target) the selected claims give two stances or
        more (two annotators who disagree, an annotator and the gold)."""
        where, params = _selection(patterns)
        return self.conn.execute(
            f"""SELECT count(*) FROM (SELECT 1 FROM claims c WHERE {where}
                GROUP BY c.statement_id, IFNULL(c.actor_id, 0), c.target_id
                HAVING count(DISTINCT c.stance) > 1)""", params).fetchone()[0]

    def claim_keys(self, patterns: list[str], splits: tuple[str, ...],
                   batch_size: int = 10000) -> Iterator[list]:
        """``(article id, target id, stance position, given split)`` of the selected
        claims, in batches, all numbers: a split is its position in ``splits``, -1 for none."""
        where, params = _selection(patterns)
        case = " ".join(f"WHEN ? THEN {position}" for position in range(len(splits)))
        cursor = self.conn.execute(
            f"""SELECT s.article_id, c.target_id, l.position, CASE c.split {case} ELSE -1 END
                FROM claims c JOIN statements s ON s.id = c.statement_id
                     JOIN labels l ON l.name = c.stance
                WHERE {where} ORDER BY c.id""", [*splits, *params])
        while batch := cursor.fetchmany(batch_size):
            yield batch

    def articles_by_time(self, patterns: list[str], batch_size: int = 50000) -> Iterator[list[int]]:
        """Ids of the articles holding selected claims, oldest first (undated ones first of all)."""
        where, params = _selection(patterns)
        cursor = self.conn.execute(
            f"""SELECT id FROM articles WHERE id IN (
                    SELECT s.article_id FROM claims c JOIN statements s ON s.id = c.statement_id
                    WHERE {where})
                ORDER BY published IS NOT NULL, published, id""", params)
        while batch := cursor.fetchmany(batch_size):
            yield [row[0] for row in batch]

    def top_names(self, patterns: list[str], column: str, limit: int) -> list[tuple[str, int]]:
        """The most frequent actors (``column="actor"``) or targets in the selection, with
        counts."""
        table, key = {"actor": ("actors", "actor_id"), "target": ("targets", "target_id")}[column]
        where, params = _selection(patterns)
        rows = self.conn.execute(
            f"""SELECT e.name, count(*) FROM claims c JOIN {table} e ON e.id = c.{key}
                WHERE {where} GROUP BY e.id ORDER BY 2 DESC, e.name LIMIT ?""", [*params, limit])
        return [tuple(row) for row in rows]

    def origins_in(self, patterns: list[str]) -> list[str]:
        where, params = _selection(patterns)
        return [row[0] for row in self.conn.execute(
            f"SELECT DISTINCT c.origin FROM claims c WHERE {where} ORDER BY 1", params)]

    def tracked_claims(self, patterns: list[str], actor_ids: list[int] | None = None,
                       target_ids: list[int] | None = None) -> list[tuple]:
        """The claims to track, one ``(actor id, target id, stance position, origin, day,
        best)`` tuple each: the stance as its label's position in the schema, ``day`` the
        article's publication date in days since 1970-01-01, None when undated (the
        actor id is None for a claim without one), and ``best`` 1 when the claim's origin
        is of the most authoritative kind among the selected claims on its statement and
        target (gold, then people or an adjudicator's ruling that an item there is no claim,
        then imports, then models), else 0. People's claims on items ruled not claims are
        left out. Numbers, not names and date strings, make
        hundreds of thousands of rows quick to read. ``patterns`` select origins as
        ``claims.records.select_origins`` makes them."""
        condition, params = _selection(patterns)
        # A person's claim on an item an adjudicator ruled is not a claim no longer counts.
        where = [condition, """NOT (c.origin GLOB 'human:*' AND EXISTS (
            SELECT 1 FROM rejections r WHERE r.statement_id = c.statement_id
            AND IFNULL(r.actor_id, 0) = IFNULL(c.actor_id, 0) AND r.target_id = c.target_id))"""]
        if target_ids:
            where.append(f"c.target_id IN ({', '.join('?' * len(target_ids))})")
            params += target_ids
        rank = """CASE WHEN c.origin = 'gold' THEN 0 WHEN c.origin GLOB 'human:*' THEN 1
                       WHEN c.origin GLOB 'import:*' THEN 2 ELSE 3 END"""
        # The ranking sees every actor's claims on a statement's target; the actors are
        # chosen after it, so a model's actor does not stand in for the gold one left out.
        chosen = f"WHERE actor_id IN ({', '.join('?' * len(actor_ids))})" if actor_ids else ""
        cursor = self.conn.cursor()
        cursor.row_factory = None  # plain tuples go straight into pandas
        cursor.execute(
            f"""SELECT * FROM (
                SELECT c.actor_id, c.target_id, l.position, c.origin,
                       CAST(julianday(substr(ar.published, 1, 10)) - 2440587.5 AS INTEGER),
                       {rank} = MIN(MIN({rank}) OVER (PARTITION BY c.statement_id, c.target_id),
                                    CASE WHEN EXISTS (SELECT 1 FROM rejections r
                                        WHERE r.statement_id = c.statement_id
                                        AND r.target_id = c.target_id) THEN 1 ELSE 3 END)
                FROM claims c
                JOIN statements s ON s.id = c.statement_id
                JOIN articles ar ON ar.id = s.article_id
                JOIN labels l ON l.name = c.stance
                WHERE {' AND '.join(where)}) {chosen}""",
            params + list(actor_ids or []),
        )
        return cursor.fetchall()
