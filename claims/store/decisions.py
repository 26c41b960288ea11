"""The tables ``decisions`` (what each annotator decided on a statement) and
``rejections`` (items an adjudicator ruled are not claims), with the people's
and the gold claims that agreement and adjudication read and write."""
from __future__ import annotations

import sqlite3

from claims.records import Origin
from claims.store.claims import _selection
from claims.store.connection import now


class DecisionTables:
    """Annotators' decisions, agreement and adjudication."""

    conn: sqlite3.Connection

    def decisions(self, annotator: str) -> list[tuple[int, str]]:
        """``(statement id, decision)`` of one annotator, oldest first."""
        rows = self.conn.execute(
            """SELECT statement_id, decision FROM decisions WHERE annotator = ?
               ORDER BY decided_at, rowid""",
            (annotator,),
        )
        return [(row[0], row[1]) for row in rows]

    def decision_row(self, statement_id: int, annotator: str) -> dict | None:
        row = self.conn.execute("SELECT * FROM decisions WHERE statement_id = ? AND annotator = ?",
                                (statement_id, annotator)).fetchone()
        return dict(row) if row else None

    def delete_decision(self, statement_id: int, annotator: str) -> None:
        self.conn.execute("DELETE FROM decisions WHERE statement_id = ? AND annotator = ?",
                          (statement_id, annotator))

    def record_decision(self, statement_id: int, annotator: str, decision: str,
                        decided_at: str | None = None) -> None:
        """What ``annotator`` decided on a statement (claims, no_claim or skip); a new
        decision replaces the old."""
        self.conn.execute(
            """INSERT INTO decisions (statement_id, annotator, decision, decided_at)
               VALUES (?, ?, ?, ?)
               ON CONFLICT (statement_id, annotator) DO UPDATE SET
                   decision = excluded.decision, decided_at = excluded.decided_at""",
            (statement_id, annotator, decision, decided_at or now()),
        )

    def decided(self) -> list[tuple[int, str]]:
        """``(statement id, annotator)`` for every statement an annotator decided
        (claims or no claim; skips are not decisions)."""
        rows = self.conn.execute(
            """SELECT statement_id, annotator FROM decisions
               WHERE decision IN ('claims', 'no_claim') ORDER BY 1, 2""")
        return [tuple(row) for row in rows]

    def human_labels(self) -> list[sqlite3.Row]:
        """Every person's claim: statement, actor and target (id and name),
        annotator (the NAME of ``human:NAME``) and stance."""
        return self.conn.execute(
            """SELECT c.statement_id, c.actor_id, a.name AS actor, c.target_id, t.name AS target,
                      substr(c.origin, 7) AS annotator, c.stance
               FROM claims c LEFT JOIN actors a ON a.id = c.actor_id
                    JOIN targets t ON t.id = c.target_id
               WHERE c.origin GLOB 'human:*' ORDER BY c.statement_id, c.id"""
        ).fetchall()

    def human_origins(self) -> list[str]:
        """Every annotator of the project as ``human:NAME``: in the order each first
        labelled a claim, then those who only decided statements, in the order they began."""
        labelled = [row[0] for row in self.conn.execute(
            """SELECT origin FROM claims WHERE origin GLOB 'human:*'
               GROUP BY origin ORDER BY min(id)""")]
        decided = [str(Origin.human(row[0])) for row in self.conn.execute(
            "SELECT annotator FROM decisions GROUP BY annotator ORDER BY min(rowid)")]
        return labelled + [origin for origin in decided if origin not in labelled]

    def annotator_counts(self, patterns: list[str]) -> list[dict]:
        """Per human annotator, on the statements of the selection: claims and statements
        labelled."""
        where, params = _selection(patterns)
        rows = self.conn.execute(
            f"""SELECT origin, count(*) AS claims, count(DISTINCT statement_id) AS statements
                FROM claims WHERE origin GLOB 'human:*' AND statement_id IN (
                    SELECT c.statement_id FROM claims c WHERE {where})
                GROUP BY origin ORDER BY origin""", params)
        return [dict(row) for row in rows]

    def resolutions(self, statement_id: int | None = None
                    ) -> dict[tuple[int, int | None, int], tuple]:
        """Items already settled (of one statement, or all), ``(statement id, actor id,
        target id)`` → ``(gold stance, gold_method, note)``; a rejected item has
        ``(None, None, adjudicator)``."""
        where, params = ("", ())
        if statement_id is not None:
            where, params = ("AND statement_id = ?", (statement_id,))
        gold = self.conn.execute(
            f"""SELECT statement_id, actor_id, target_id, stance, gold_method, note FROM claims
                WHERE origin = 'gold' {where}""", params)
        settled = {(row[0], row[1], row[2]): (row[3], row[4], row[5]) for row in gold}
        rejected = self.conn.execute(
            f"""SELECT statement_id, actor_id, target_id, adjudicator FROM rejections
                WHERE 1 {where}""", params)
        settled.update({(row[0], row[1], row[2]): (None, None, row[3]) for row in rejected})
        return settled

    def reject_item(self, statement_id: int, actor_id: int | None, target_id: int,
                    adjudicator: str) -> None:
        """Record that an adjudicator ruled the item is not a claim (its gold claim, if any,
        goes)."""
        self.conn.execute(
            """DELETE FROM claims WHERE origin = 'gold'
                   AND statement_id = ? AND IFNULL(actor_id, 0) = IFNULL(?, 0) AND target_id = ?""",
            (statement_id, actor_id, target_id),
        )
        self.conn.execute(
            """INSERT INTO rejections (statement_id, actor_id, target_id, adjudicator, decided_at)
               VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (statement_id, IFNULL(actor_id, 0), target_id) DO UPDATE SET
                   adjudicator = excluded.adjudicator, decided_at = excluded.decided_at""",
            (statement_id, actor_id, target_id, adjudicator, now()),
        )

    def set_gold(self, statement_id: int, actor_id: int | None, target_id: int, stance: str,
                 gold_method: str, note: str | None = None) -> None:
        """Make ``stance`` the gold claim of an item, replacing an earlier gold claim or a
        rejection."""
        self.conn.execute(
            """DELETE FROM rejections
               WHERE statement_id = ? AND IFNULL(actor_id, 0) = IFNULL(?, 0) AND target_id = ?""",
            (statement_id, actor_id, target_id),
        )
        self.add_claim(statement_id, actor_id, target_id, stance, str(Origin("gold")), note=note,
                       gold_method=gold_method)
