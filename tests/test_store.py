import shutil
import sqlite3
from pathlib import Path

import pytest

from claims import ClaimsError, NotFound, Project
from claims.store import MIGRATIONS, SCHEMA_VERSION, Store

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_new_project_is_a_wal_sqlite_file_at_the_current_schema(tmp_path):
    with Project.init(tmp_path / "p.db") as project:
        conn = project.store.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert project.store.version == SCHEMA_VERSION == len(MIGRATIONS)
        assert [label.name for label in project.labels()] == ["support", "oppose", "neutral"]
        assert "Annotation guidelines" in project.guidelines()


@pytest.mark.parametrize("old", sorted(FIXTURES.glob("schema-v*.db")), ids=lambda p: p.stem)
def test_a_store_of_an_older_schema_migrates_without_loss(tmp_path, old):
    path = tmp_path / old.name
    shutil.copy(old, path)
    before = sqlite3.connect(path)
    counts = {table: before.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
              for table in ("articles", "statements", "actors", "targets", "claims")}
    before.close()
    with Project(path) as project:
        assert project.store.version == SCHEMA_VERSION
        assert project.store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for table, count in counts.items():
            assert (
                project.store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count
            )
        [claim] = project.store.claims()
        assert (claim.actor, claim.target, claim.stance, claim.origin) == (
            "Russia", "Russian invasion of Ukraine", "oppose", "human:ana")
        first = project.statements()[0]
        assert first.text == project.article(first.article_id).text[first.start:first.end]


def test_a_failed_migration_leaves_the_store_at_the_version_before(tmp_path, monkeypatch):
    Store(tmp_path / "p.db", create=True, migrate_to=1).close()
    broken = MIGRATIONS + [("broken", ["CREATE TABLE fine (x)", "THIS IS NOT SQL"])]
    monkeypatch.setattr("claims.store.connection.MIGRATIONS", broken)
    monkeypatch.setattr("claims.store.connection.SCHEMA_VERSION", len(broken))
    with pytest.raises(ClaimsError):
        Store(tmp_path / "p.db", migrate_to=len(broken))
    conn = sqlite3.connect(tmp_path / "p.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'fine'").fetchone()[0] == 0


def test_a_store_from_a_newer_claims_is_refused(tmp_path):
    Project.init(tmp_path / "p.db").close()
    sqlite3.connect(tmp_path / "p.db").execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    with pytest.raises(ClaimsError, match="made by a newer claims"):
        Project(tmp_path / "p.db")


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    (tmp_path / "notes.db").write_text("hello, not sqlite " * 100)
    with pytest.raises(ClaimsError, match="not a claims project"):
        Project(tmp_path / "notes.db")


def test_opening_a_missing_project_does_not_create_it(tmp_path):
    with pytest.raises(NotFound, match="claims init"):
        Project(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()


def test_an_error_inside_a_transaction_rolls_all_of_it_back(project):
    with pytest.raises(RuntimeError):
        with project.store.transaction():
            project.store.add_entity("actor", "Russia", "country", {"parent_id": None})
            raise RuntimeError("killed halfway")
    assert project.actors() == []


def test_a_claim_carries_the_split_recorded_for_it(tmp_path):
    with Project.init(tmp_path / "p.db") as project:
        project.add_actor("Russia", "country")
        project.add_target("NATO expansion")
        with project.store.transaction():
            fields = {"content_hash": "h", "source": None, "url": None, "title": None,
                      "published": None, "language": "en", "text": "Russia rejects it."}
            article = project.store.add_article(fields, [(0, 18, None, None)])
            [statement] = project.statements(article)
            russia, nato = project.actor("Russia").id, project.target("NATO expansion").id
            project.store.add_claim(statement.id, russia, nato, "oppose", "import:x", split="test")
            project.store.add_claim(statement.id, russia, nato, "oppose", "human:ana")
        assert [(claim.origin, claim.split) for claim in project.store.claims()] == [
            ("import:x", "test"), ("human:ana", None)]


def test_no_module_outside_the_store_writes_sql():
    package = Path(__file__).resolve().parents[1] / "claims"
    outside = []
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "store" not in path.relative_to(package).parts and ("import sqlite3" in text
                                                               or ".execute(" in text):
            outside.append(path.relative_to(package).as_posix())
    assert outside == []


def test_replacing_an_articles_claims_reads_its_statements_not_every_claim(tmp_path):
    with Project.init(tmp_path / "p.db") as project:
        conn, executed = project.store.conn, []
        conn.set_trace_callback(executed.append)  # the SQL as SQLite runs it, values bound
        project.store.delete_article_claims(1, "model:m@1")
        conn.set_trace_callback(None)
        delete = next(sql for sql in executed if sql.lstrip().startswith("DELETE FROM claims"))
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {delete}")]
        assert any("claims_one_stance (statement_id=?)" in step for step in plan), plan
