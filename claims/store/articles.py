"""The tables ``articles`` and ``statements``: one SELECT builds an ``Article``
(``_article``), one a ``Statement`` (``_STATEMENT_SQL``); a statement's text is
always its article's slice."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator

from claims.errors import NotFound
from claims.records import Article, Statement
from claims.store.connection import now


class ArticleTables:
    """Articles and their statements."""

    conn: sqlite3.Connection
    first: Callable[..., sqlite3.Row | None]  # Connection.first

    def has_article(self, content_hash: str) -> bool:
        return self.first("SELECT 1 FROM articles WHERE content_hash = ?", content_hash) is not None

    def add_article(self, article: dict,
                    statements: list[tuple[int, int, int | None, int | None]]) -> int:
        """Insert an article and its statements ``(start, end, cue_start, cue_end)``;
        returns its id."""
        metadata = json.dumps(article.get("metadata") or {}, ensure_ascii=False)
        cursor = self.conn.execute(
            """INSERT INTO articles (content_hash, source, url, title, published, language, text,
                                     metadata, added_at)
               VALUES (:content_hash, :source, :url, :title, :published, :language, :text,
                       :metadata, :added_at)""",
            {**article, "metadata": metadata, "added_at": now()},
        )
        article_id = cursor.lastrowid
        self.conn.executemany(
            """INSERT INTO statements (article_id, position, start, "end", cue_start, cue_end)
               VALUES (?, ?, ?, ?, ?, ?)""",
            [(article_id, position, *span) for position, span in enumerate(statements)],
        )
        return article_id

    def article_fields(self, content_hash: str) -> dict | None:
        """The id and the editable fields of the article with this content hash, if any."""
        row = self.first("SELECT id, title, source, url, published FROM articles "
                         "WHERE content_hash = ?", content_hash)
        return dict(row) if row else None

    def update_article(self, article_id: int, values: dict) -> None:
        """Set some of an article's title, source, url and published date."""
        assignments = ", ".join(f"{column} = ?" for column in values)
        self.conn.execute(f"UPDATE articles SET {assignments} WHERE id = ?",
                          [*values.values(), article_id])

    def article_usage(self, article_id: int) -> dict[str, int]:
        """How many statements an article has, and claims on them by kind of origin."""
        rows = self.conn.execute(
            """SELECT CASE WHEN c.origin = 'gold' THEN 'gold'
                           ELSE substr(c.origin, 1, instr(c.origin, ':') - 1) END, count(*)
               FROM claims c JOIN statements s ON s.id = c.statement_id
               WHERE s.article_id = ? GROUP BY 1""", (article_id,))
        usage = {row[0]: row[1] for row in rows}
        usage["statements"] = self.first("SELECT count(*) FROM statements WHERE article_id = ?",
                                         article_id)[0]
        return usage

    def delete_article(self, article_id: int) -> None:
        """Delete an article; its statements, claims, decisions and rulings go with it."""
        self.conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    def article(self, article_id: int) -> Article:
        row = self.first("SELECT * FROM articles WHERE id = ?", article_id)
        if row is None:
            raise NotFound(f"No article with id {article_id}. List articles with "
                           "'claims articles'.")
        return _article(row)

    def articles(self) -> Iterator[Article]:
        for row in self.conn.execute("SELECT * FROM articles ORDER BY id"):
            yield _article(row)

    def article_summaries(self, limit: int | None = None) -> list[dict]:
        rows = self.conn.execute(
            """SELECT a.id, a.title, a.source, a.published, a.language, a.url, a.content_hash,
                      length(a.text) AS characters,
                      (SELECT count(*) FROM statements s WHERE s.article_id = a.id) AS statements
               FROM articles a ORDER BY a.id LIMIT ?""", (-1 if limit is None else limit,)
        )
        return [dict(row) for row in rows]

    def article_title(self, article_id: int) -> str | None:
        row = self.first("SELECT title FROM articles WHERE id = ?", article_id)
        return row[0] if row else None

    def article_ref(self, content_hash: str) -> tuple[int, int] | None:
        """``(id, length of its text)`` of the article with this content hash, if any."""
        row = self.first("SELECT id, length(text) FROM articles WHERE content_hash = ?",
                         content_hash)
        return (row[0], row[1]) if row else None

    def article_id_by_hash(self, content_hash: str) -> int | None:
        """The id of the article with this content hash, None when it is not in the project."""
        row = self.first("SELECT id FROM articles WHERE content_hash = ?", content_hash)
        return None if row is None else row[0]

    def append_text(self, article_id: int, text: str, separator: str) -> tuple[int, int]:
        """Append ``text`` to an article's text (after ``separator``); returns its offsets."""
        length = self.first("SELECT length(text) FROM articles WHERE id = ?", article_id)[0]
        start = length + len(separator)
        self.conn.execute("UPDATE articles SET text = text || ? WHERE id = ?",
                          (separator + text, article_id))
        return start, start + len(text)

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
            rows = self.conn.execute(
                f"{self._STATEMENT_SQL} WHERE s.article_id = ? ORDER BY s.position", (article_id,))
        for row in rows:
            yield Statement(**dict(row))

    def statement(self, statement_id: int) -> Statement:
        row = self.first(f"{self._STATEMENT_SQL} WHERE s.id = ?", statement_id)
        if row is None:
            raise NotFound(f"No statement with id {statement_id}. List statements with "
                           "'claims statements'.")
        return Statement(**dict(row))

    def statement_order(self, article_id: int | None = None) -> list[int]:
        """Statement ids in reading order (article, then position)."""
        if article_id is None:
            rows = self.conn.execute("SELECT id FROM statements ORDER BY article_id, position")
        else:
            self.article(article_id)
            rows = self.conn.execute(
                "SELECT id FROM statements WHERE article_id = ? ORDER BY position", (article_id,))
        return [row[0] for row in rows]

    def neighbours(self, article_id: int, position: int) -> tuple[str | None, str | None]:
        """The texts of the statements before and after ``position`` in its article."""
        rows = self.conn.execute(
            self._STATEMENT_SQL + " WHERE s.article_id = ? AND s.position IN (?, ?)",
            (article_id, position - 1, position + 1),
        ).fetchall()
        texts = {row["position"]: row["text"] for row in rows}
        return texts.get(position - 1), texts.get(position + 1)

    def statement_at(self, article_id: int, start: int, end: int) -> int | None:
        row = self.first(
            'SELECT id FROM statements WHERE article_id = ? AND start = ? AND "end" = ?',
            article_id, start, end)
        return row[0] if row else None

    def statement_with_text(self, article_id: int, text: str, nth: int = 0) -> int | None:
        """The first (or ``nth`` from 0) statement of an article whose text is ``text``."""
        row = self.conn.execute(
            """SELECT s.id FROM statements s JOIN articles a ON a.id = s.article_id
               WHERE s.article_id = ? AND substr(a.text, s.start + 1, s."end" - s.start) = ?
               ORDER BY s.position LIMIT 1 OFFSET ?""",
            (article_id, text, nth),
        ).fetchone()
        return row[0] if row else None

    def add_statement(self, article_id: int, start: int, end: int) -> int:
        """Add a statement after an article's last one."""
        cursor = self.conn.execute(
            """INSERT INTO statements (article_id, position, start, "end")
               VALUES (?, (SELECT IFNULL(max(position) + 1, 0) FROM statements
                           WHERE article_id = ?), ?, ?)""",
            (article_id, article_id, start, end),
        )
        return cursor.lastrowid


def _article(row: sqlite3.Row) -> Article:
    values = dict(row)
    values.pop("added_at")
    values["metadata"] = json.loads(values["metadata"])
    return Article(**values)
