"""A full disk in every command that writes: one line saying "disk full", exit 1,
and what was there before is as it was (no half-written file, folder or unit).

The project's side is made full by SQLite itself: the test-only variable
``CLAIMS_TEST_GROW_AT_MOST_PAGES`` caps how far the file may grow (``max_page_count``).
Files meet a real ``ENOSPC``: ``/dev/full`` behind a link, or a tmpfs of a few KB
where this test may mount one (as root, as CI runs)."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pexpect
import pytest

from claims import Project, formats
from claims.store.connection import GROW_AT_MOST_PAGES
from tests.test_annotate_tty import ANSI, screen

FULL = "disk full; nothing of this unit was written. Free some space and try again."


@pytest.fixture
def full(monkeypatch):
    """The project file may not grow by a single page."""
    monkeypatch.setenv(GROW_AT_MOST_PAGES, "0")


@pytest.fixture
def small_disk(tmp_path):
    """A folder on a tmpfs of ``size``: a real disk that fills up. Skips where no
    tmpfs can be mounted (not root, or a container without the right)."""
    mounted = []

    def mount(size: str):
        folder = tmp_path / f"small-{len(mounted)}"
        folder.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", folder],
                              capture_output=True)
        if done.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", "-l", folder], check=True)


def _rows(path, count: int, start: int = 0) -> None:
    """``count`` rows whose texts do not compress (hex digests), one article each."""
    import hashlib

    path.write_text("".join(json.dumps({
        "text": " ".join(hashlib.sha256(f"{n}-{k}".encode()).hexdigest() for k in range(3)),
        "target": "Ukraine", "stance": "support"}) + "\n" for n in range(start, start + count)))


def _one_error_line(result) -> str:
    assert result.exit_code == 1 and "Traceback" not in result.output
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    return line


def test_ingest_on_a_full_disk_says_so_and_stores_nothing(project, tmp_path, run, full):
    (tmp_path / "a.txt").write_text("The minister said the talks failed. " * 2000)
    line = _one_error_line(run("ingest", tmp_path / "a.txt"))
    assert line == f"Error: {project.path}: {FULL}"
    assert project.stats()["articles"] == 0


def test_import_on_a_full_disk_keeps_its_whole_batches_and_resumes(project, tmp_path, run,
                                                                   monkeypatch):
    monkeypatch.setattr(formats, "ROWS_PER_COMMIT", 50)
    _rows(tmp_path / "rows.jsonl", 400)
    args = ("import", tmp_path / "rows.jsonl", "--text", "text", "--target", "target",
            "--stance", "stance")
    monkeypatch.setenv(GROW_AT_MOST_PAGES, "12")  # room for a few batches, not all
    line = _one_error_line(run(*args))
    assert line.startswith(f"Error: {project.path}: {FULL} (the ")
    kept = int(line.split("(the ")[1].split(" rows")[0].replace(",", ""))
    assert 0 < kept < 400 and kept % 50 == 0  # whole batches only
    assert project.store.count_claims() == kept
    monkeypatch.delenv(GROW_AT_MOST_PAGES)  # space freed
    assert "400 rows read, " + f"{400 - kept} claims added" in run(*args).output
    assert project.store.count_claims() == 400


def test_label_on_a_full_disk_says_so_and_stores_nothing(project, tmp_path, run, full):
    (tmp_path / "a.txt").write_text("The minister said the talks failed.")
    project.ingest([str(tmp_path / "a.txt")])
    project.add_actor("Russia", "country")
    project.add_target("talks", "topic")
    line = _one_error_line(run("label", "1", "--actor", "Russia", "--target", "talks",
                               "--stance", "oppose", "--annotator", "ana", "--note", "x" * 9000))
    assert line == f"Error: {project.path}: {FULL}"
    assert project.stats()["claims"] == 0
    (tmp_path / "decisions.csv").write_text("statement,actor,target,stance,annotator,note\n"
                                            f"1,Russia,talks,oppose,ana,{'x' * 9000}\n")
    line = _one_error_line(run("label", "--file", tmp_path / "decisions.csv"))
    assert line.startswith(f"Error: {tmp_path / 'decisions.csv'}:2: {project.path}: {FULL}")
    assert project.stats()["claims"] == 0


def _small_pages(db) -> None:
    """512-byte pages: a few decisions fill one, so the annotator meets the cap soon."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA page_size = 512")
    conn.execute("VACUUM")
    conn.close()


def test_the_annotator_on_a_full_disk_says_so_keeps_every_decision_and_retries(tmp_path):
    db = tmp_path / "claims.db"
    (tmp_path / "a.txt").write_text(" ".join(f"Minister {n} said on Monday that the talks had "
                                             "failed." for n in range(80)))
    with Project.init(db) as project:
        project.ingest([str(tmp_path / "a.txt")])
        project.store.set_setting("filler", "x" * 20_000)  # pages to free later
    _small_pages(db)
    env = dict(os.environ, CLAIMS_DB=str(db), TERM="xterm", CLAIMS_BIDI="0",
               **{GROW_AT_MOST_PAGES: "0"})
    child = pexpect.spawn(sys.executable, ["-m", "claims", "annotate", "--annotator", "ana"],
                          env=env, dimensions=(40, 120), encoding="utf-8", timeout=15)
    child.delaybeforesend = None
    shown, saved = screen(child), 0
    for _ in range(80):
        child.send("x")
        shown = screen(child)
        if "disk full" in shown:
            break
        assert f"Saved #{saved + 1}: no claim" in shown
        saved += 1
    assert 0 < saved < 80 and "disk full" in shown
    assert f"{db}: {FULL}" in " ".join(ANSI.sub("", shown).split())
    assert child.isalive()  # the session goes on
    decided = sqlite3.connect(db).execute("SELECT count(*) FROM decisions").fetchone()[0]
    assert decided == saved  # every decision shown as saved is there

    freeing = sqlite3.connect(db)
    freeing.execute("DELETE FROM settings WHERE key = 'filler'")  # space freed
    freeing.commit()
    freeing.close()
    child.send("x")  # the same key again
    assert f"Saved #{saved + 1}: no claim" in screen(child)
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    decided = sqlite3.connect(db).execute("SELECT count(*) FROM decisions").fetchone()[0]
    assert decided == saved + 1


@pytest.fixture
def imported(project, tmp_path, run):
    _rows(tmp_path / "few.jsonl", 10)
    _rows(tmp_path / "many.jsonl", 3000, start=10)
    for name in ("few", "many"):
        assert run("import", tmp_path / f"{name}.jsonl", "--text", "text", "--target", "target",
                   "--stance", "stance").exit_code == 0
    return project


def _files(folder) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_dataset_build_on_a_full_disk_keeps_the_old_dataset(imported, run, small_disk):
    disk = small_disk("256k")
    assert run("dataset", "build", disk / "ds", "--origin", "import:few").exit_code == 0
    before = _files(disk)
    line = _one_error_line(run("dataset", "build", disk / "ds"))
    assert line == (f"Error: {disk / 'ds'}: disk full; nothing was built (a dataset there "
                    "before is as it was). Free some space and try again.")
    assert _files(disk) == before  # the old dataset whole, no temporary folder left


@pytest.mark.parametrize("format", ["jsonl", "csv", "parquet"])
def test_export_on_a_full_disk_keeps_the_old_file(imported, run, small_disk, format):
    disk = small_disk("64k")
    out = disk / f"claims.{format}"
    assert run("export", "--origin", "import:few", "--format", format,
               "--output", out).exit_code == 0
    before = _files(disk)
    line = _one_error_line(run("export", "--format", format, "--output", out))
    assert line == (f"Error: {out}: disk full; nothing was written (a file there before is "
                    "as it was). Free some space and try again.")
    assert _files(disk) == before


@pytest.mark.parametrize("args", [("export", "--output", "{out}.jsonl"),
                                  ("export", "--format", "parquet", "--output", "{out}.parquet"),
                                  ("registry", "export", "{out}.yaml")])
def test_writing_into_dev_full_says_disk_full(imported, tmp_path, run, args):
    args = [arg.format(out=tmp_path / "full") for arg in args]
    os.symlink("/dev/full", args[-1])  # a device is written as it is: the output stops
    line = _one_error_line(run(*args))
    assert line == (f"Error: {args[-1]}: disk full; the output stopped part way. Free some "
                    "space and try again.")
    assert os.path.islink(args[-1])  # a device is never replaced by a file


def test_registry_export_on_a_full_disk_keeps_the_old_file(project, run, small_disk):
    disk = small_disk("16k")
    project.add_actor("Russia", "country", aliases=["Moscow"])
    assert run("registry", "export", disk / "registry.yaml").exit_code == 0
    before = _files(disk)
    for number in range(400):
        project.add_actor(f"Minister {number} of State", "person", aliases=[f"M{number}"])
    line = _one_error_line(run("registry", "export", disk / "registry.yaml"))
    assert line == (f"Error: {disk / 'registry.yaml'}: disk full; nothing was written (a file "
                    "there before is as it was). Free some space and try again.")
    assert _files(disk) == before


def test_an_export_into_a_missing_folder_is_one_line_and_a_link_stays_a_link(imported, tmp_path,
                                                                            run):
    for args in (("export", "--output"), ("registry", "export")):
        result = run(*args, "missing/out.yaml")
        assert result.exit_code == 1
        assert result.output == ("Error: Cannot write missing/out.yaml: the folder missing does "
                                 "not exist.\n")
    (tmp_path / "kept").mkdir()
    os.symlink("kept/claims.jsonl", tmp_path / "link.jsonl")
    (tmp_path / "kept" / "claims.jsonl").write_text("old\n")
    assert run("export", "--output", tmp_path / "link.jsonl").exit_code == 0
    assert os.path.islink(tmp_path / "link.jsonl")
    assert len((tmp_path / "kept" / "claims.jsonl").read_text().splitlines()) == 3010
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []


def test_an_export_to_dev_stdout_appends_where_the_shell_redirected_it(imported, tmp_path):
    # /dev/stdout opened by name would truncate the file `>>` opened for appending
    (tmp_path / "log.jsonl").write_text("EARLIER\n")
    command = f"{sys.executable} -m claims export --origin import:few --output /dev/stdout"
    subprocess.run(f"{command} >> log.jsonl", shell=True, check=True, cwd=tmp_path)
    lines = (tmp_path / "log.jsonl").read_text().splitlines()
    assert lines[0] == "EARLIER" and len(lines) == 11


def test_an_export_removes_what_killed_exports_left_and_no_running_one(imported, tmp_path, run):
    dead, alive = 2**22 + 1, os.getpid()  # above Linux's highest pid; this process
    stale = tmp_path / f".claims.jsonl.{dead}.k3x.tmp.jsonl"
    running = tmp_path / f".claims.jsonl.{alive}.q7z.tmp.jsonl"
    stale.write_text("half")
    running.write_text("half")
    assert run("export", "--output", tmp_path / "claims.jsonl").exit_code == 0
    assert not stale.exists() and running.exists()
