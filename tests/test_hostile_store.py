"""A project file that is not ours, not a file, full, read-only or held by another
writer: one line each, and nothing written where it must not be."""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys

import pytest

from claims import ClaimsError, Project
from claims.store.connection import APPLICATION_ID


def _foreign(path, *statements) -> str:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("statements, why", [
    (["CREATE TABLE people (name TEXT)"], "it holds other tables: people"),
    (["PRAGMA user_version = 7"], "its user_version is 7 but it has no tables"),
    (["PRAGMA application_id = 1234", "CREATE TABLE articles (x)"],
     "its SQLite application id is 0x4d2, not claims' 0x436c6d73"),
])
def test_a_sqlite_file_of_another_application_is_refused_untouched(tmp_path, run, statements, why):
    other = tmp_path / "other.db"
    digest = _foreign(other, *statements)
    result = run("--db", other, "stats")
    assert result.exit_code == 1
    assert result.output == (f"Error: {other} is not a claims project ({why}); it was left "
                             "untouched. Choose a project with --db or create one with "
                             "'claims init'.\n")
    with pytest.raises(ClaimsError, match="is not a claims project"):
        Project.init(other)
    assert hashlib.sha256(other.read_bytes()).hexdigest() == digest
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith("other")) == [
        "other.db"]


def test_projects_carry_the_application_id_and_older_ones_without_it_still_open(tmp_path):
    with Project.init(tmp_path / "p.db") as project:
        project.add_actor("Russia", "country")
        assert project.store.first("PRAGMA application_id")[0] == APPLICATION_ID
        project.store.conn.execute("PRAGMA application_id = 0")  # as an older claims left it
    with Project(tmp_path / "p.db") as project:
        assert project.store.first("PRAGMA application_id")[0] == APPLICATION_ID
        assert [actor.name for actor in project.actors()] == ["Russia"]


def test_a_fifo_or_device_is_not_a_regular_file(tmp_path, run):
    os.mkfifo(tmp_path / "pipe")
    for path in (tmp_path / "pipe", "/dev/zero"):
        result = run("--db", path, "stats")
        assert result.exit_code == 1
        assert result.output == (f"Error: {path} is not a regular file, so not a claims project; "
                                 "choose one with --db.\n")


def test_a_file_name_with_a_newline_stays_on_one_line(tmp_path, run):
    result = run("--db", tmp_path / "a\nb.db", "stats")
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "a\\nb.db" in result.output


def test_disk_full_says_so_and_loses_nothing(project, tmp_path):
    (tmp_path / "a.txt").write_text("The minister said the talks failed.", encoding="utf-8")
    pages = project.store.first("PRAGMA page_count")[0]
    project.store.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own 'disk full'
    (tmp_path / "b.txt").write_text("word " * 50_000 + ".", encoding="utf-8")
    report = project.ingest([str(tmp_path / "b.txt")])
    [error] = report.errors
    assert error == (f"{project.path}: disk full; nothing of this unit was written. Free some "
                     "space and try again.")
    assert project.stats()["articles"] == 0
    project.store.conn.execute(f"PRAGMA max_page_count = {pages * 1000}")
    assert not project.ingest([str(tmp_path / "a.txt")]).errors
    assert project.stats()["articles"] == 1


def test_a_locked_project_waits_with_a_message_and_gives_up_in_one_line(project, tmp_path, run,
                                                                       monkeypatch):
    (tmp_path / "a.txt").write_text("The minister said the talks failed.", encoding="utf-8")
    holder = sqlite3.connect(project.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer, holding the project
    monkeypatch.setenv("CLAIMS_LOCK_TIMEOUT", "0.5")
    result = run("ingest", tmp_path / "a.txt")
    holder.execute("ROLLBACK")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{project.path}: waiting for another writer…"
    assert result.stderr.splitlines()[-1].endswith(
        "another writer has held the project for 0.5 s; nothing was written. Try again when it "
        "is done.")
    assert "Traceback" not in result.output
    assert run("ingest", tmp_path / "a.txt").exit_code == 0


def _as_a_user(tmp_path, *args) -> subprocess.CompletedProcess:
    """The CLI in a child process that file permissions bind: as root (CI), root without the
    capabilities that override them (``setpriv``), so a mode-0444 file is read-only to it."""
    drop = "-dac_override,-dac_read_search,-fowner"
    user = ([] if os.geteuid() else
            ["setpriv", f"--inh-caps={drop}", f"--bounding-set={drop}"])
    env = {key: value for key, value in os.environ.items() if key != "CLAIMS_DB"}
    return subprocess.run([*user, sys.executable, "-m", "claims", *map(str, args)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)


READ_ONLY = ("the project is read-only (check the permissions of the file, of its -wal and -shm "
             "files and of its folder)")


def test_a_read_only_project_reads_and_refuses_writes_in_one_line(project, tmp_path):
    (tmp_path / "a.txt").write_text("The minister said the talks failed.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Another minister said so too.", encoding="utf-8")
    project.ingest([str(tmp_path / "a.txt")])
    project.close()
    os.chmod(project.path, 0o444)
    if _as_a_user(tmp_path, "ingest", "b.txt").returncode == 0:
        pytest.skip("cannot drop the right to write read-only files here")
    read = _as_a_user(tmp_path, "stats", "--format", "json")
    assert read.returncode == 0 and json.loads(read.stdout)["articles"] == 1
    wrote = _as_a_user(tmp_path, "ingest", "b.txt")
    assert wrote.returncode == 1 and "Traceback" not in wrote.stderr
    assert wrote.stderr.splitlines() == [f"Error: claims.db: {READ_ONLY}"]
    # SQLite made the -wal and -shm files read-only like the project: made writable
    # again alone, the project still refuses, in one line
    os.chmod(project.path, 0o644)
    wrote = _as_a_user(tmp_path, "ingest", "b.txt")
    assert wrote.stderr.splitlines() == [f"Error: claims.db: {READ_ONLY}"]
    for name in ("claims.db-wal", "claims.db-shm"):
        os.chmod(tmp_path / name, 0o644)
    assert _as_a_user(tmp_path, "ingest", "b.txt").returncode == 0


def test_a_read_only_project_in_a_read_only_folder_says_what_sqlite_needs(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    with Project.init(folder / "claims.db") as project:
        project.add_actor("Russia", "country")
    os.chmod(folder / "claims.db", 0o444)
    os.chmod(folder, 0o555)
    try:
        result = _as_a_user(folder, "stats")
    finally:
        os.chmod(folder, 0o755)
    if result.returncode == 0:
        pytest.skip("cannot drop the right to write read-only files here")
    assert result.returncode == 1 and result.stderr.splitlines() == [
        "Error: claims.db: the file and its folder are read-only, and SQLite must create "
        "claims.db-shm beside it to read a project (WAL); make the folder writable or copy "
        "the file"]


def test_a_large_ingest_commits_in_batches_of_whole_articles(project, tmp_path, monkeypatch):
    from claims import ingest

    monkeypatch.setattr(ingest, "ARTICLES_PER_COMMIT", 3)  # a large file, scaled down
    rows = [json.dumps({"text": f"The minister said {n} times no."}) for n in range(7)]
    (tmp_path / "big.jsonl").write_text("\n".join([*rows, "{broken"]) + "\n")
    [error] = project.ingest([str(tmp_path / "big.jsonl")]).errors
    assert error.endswith("(the 6 articles before it are stored; fix it and ingest the file "
                          "again: those are skipped)")
    assert project.stats()["articles"] == 6  # two whole batches; the third rolled back
    (tmp_path / "big.jsonl").write_text("\n".join(rows) + "\n")
    report = project.ingest([str(tmp_path / "big.jsonl")])
    assert (report.articles_new, report.articles_skipped) == (1, 6)
    (tmp_path / "small.jsonl").write_text("\n".join([rows[0], "{broken"]) + "\n")
    assert "articles before it" not in project.ingest([str(tmp_path / "small.jsonl")]).errors[0]


def test_a_registry_or_guidelines_path_that_is_a_fifo_or_device_is_refused(project, tmp_path, run):
    os.mkfifo(tmp_path / "registry.yaml")
    for path in (tmp_path / "registry.yaml", "/dev/zero"):
        result = run("registry", "import", path)
        assert result.exit_code == 1
        assert result.output == (f"Error: {path}: not a regular file (a pipe or a device); give a "
                                 "file\n")
