"""Inputs that used to get a traceback, a hang or a misleading message at an entrance:
one line each, exit 1, nothing stored."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from claims import formats
from claims.errors import InputError
from claims.formats import Mapping
from tests.conftest import DEMO


@pytest.fixture
def favor_against(project, demo_registry, run):
    """A project of the demo registry whose labels are not the ones models predict."""
    project.import_registry(demo_registry)
    assert run("schema", "set-labels", "favor,against").exit_code == 0
    return project


def test_predict_store_with_labels_the_project_lacks_stores_nothing(favor_against, run):
    result = run("predict", "cues", DEMO / "articles", "--store")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: model:cues@1 predicts labels the project lacks: oppose, support; nothing "
        "stored. Add them with: claims schema set-labels favor,against,oppose,support"]
    assert favor_against.store.count_claims() == 0 and not list(favor_against.store.articles())


def test_a_trained_model_of_other_labels_is_refused_before_predicting(favor_against, ans_model,
                                                                      run):
    _, model = ans_model
    result = run("predict", model.path, DEMO / "articles", "--store")
    assert result.exit_code == 1 and "Traceback" not in result.output
    (line,) = result.output.strip().splitlines()
    assert "predicts labels the project lacks: " in line
    assert "claims schema set-labels favor,against," in line
    assert favor_against.store.count_claims() == 0 and not list(favor_against.store.articles())


def _cli(tmp_path, *args) -> subprocess.CompletedProcess:
    """The CLI in a child process with a timeout: a regression here hangs, not fails."""
    return subprocess.run([sys.executable, "-m", "claims", "--db", str(tmp_path / "claims.db"),
                           *map(str, args)], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("args", [
    ("ingest", "{fifo}"), ("ingest", "/dev/zero"), ("import", "{fifo}"),
    ("train", "{dataset}", "--out", "{out}", "--config", "{fifo}"),
    ("train", "{dataset}", "--out", "{out}", "--config", "/dev/zero")])
def test_a_fifo_or_device_as_input_or_config_is_not_a_regular_file(project, tmp_path, args):
    fifo = tmp_path / "input.fifo"
    os.mkfifo(fifo)
    names = {"fifo": fifo, "dataset": tmp_path / "dataset", "out": tmp_path / "model"}
    args = [arg.format(**names) for arg in args]
    result = _cli(tmp_path, *args)
    shown = args[-1]
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Error: {shown}: not a regular file (a pipe or a device); give a file"]
    assert not list(project.store.articles())


@pytest.mark.parametrize("suffix", ["csv", "tsv", "jsonl"])
def test_utf16_without_a_bom_is_named_as_such(project, tmp_path, run, suffix):
    rows = {"csv": "text,target,stance\nRussia denies it,Ukraine,oppose\n",
            "tsv": "text\ttarget\tstance\nRussia denies it\tUkraine\toppose\n",
            "jsonl": '{"text": "Russia denies it", "target": "Ukraine", "stance": "oppose"}\n'}
    path = tmp_path / f"utf16.{suffix}"
    path.write_bytes(rows[suffix].encode("utf-16-le"))
    result = run("import", path, "--text", "text", "--target", "Ukraine", "--stance", "stance")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {path}: looks like UTF-16 (NUL bytes); save it as UTF-8"]
    assert project.store.count_claims() == 0


def _rows_file(path, bad_line: int | None = None) -> None:
    """35 rows: articles a1..a8, then four rows of one article, then one article a row;
    the row on ``bad_line`` (a line number, the header is line 1) has an unknown label."""
    lines = ["text,article,target,stance"]
    for row in range(1, 36):
        article = "big" if 9 <= row <= 12 else f"a{row}"
        stance = "maybe" if row + 1 == bad_line else "support"
        lines.append(f"Row {row} says so,{article},Ukraine,{stance}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_large_import_commits_in_batches_of_whole_articles_and_resumes(project, tmp_path, run,
                                                                         monkeypatch):
    monkeypatch.setattr(formats, "ROWS_PER_COMMIT", 10)
    path = tmp_path / "rows.csv"
    _rows_file(path, bad_line=26)
    args = ("import", path, "--text", "text", "--article", "article", "--target", "target",
            "--stance", "stance", "--source", "rows")
    failed = run(*args)
    assert failed.exit_code == 1
    (line,) = failed.output.strip().splitlines()
    # batches end where an article ends: rows 1-12 (the article of rows 9-12 whole), 13-22
    assert "'maybe' (1 rows)" in line and line.endswith(
        "(the 22 rows before its batch are stored; fix it and import again: those "
        "are not added twice)")
    assert project.store.count_claims() == 22
    mapping = Mapping(text="text", article="article", target="target", stance="stance")
    with pytest.raises(InputError, match="rows before its batch are stored"):  # its type kept
        project.import_file(path, mapping, name="rows")
    _rows_file(path)
    assert run(*args).exit_code == 0
    assert project.store.count_claims() == 35
    again = project.import_file(path, Mapping(text="text", article="article", target="target",
                                              stance="stance"), name="rows")
    assert (again.claims_added, again.claims_unchanged) == (0, 35)
    assert project.store.count_claims() == 35


def test_a_parquet_file_with_a_corrupt_page_is_one_line_and_stores_nothing(project, run, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    texts = [f"Statement number {i} about what people said." for i in range(5000)]
    pq.write_table(pa.table({"text": texts, "stance": ["support"] * 5000, "target": ["x"] * 5000}),
                   tmp_path / "good.parquet", compression="snappy")
    data = bytearray((tmp_path / "good.parquet").read_bytes())
    middle = len(data) // 3
    data[middle:middle + 200] = bytes((byte * 7 + 13) % 256 for byte in data[middle:middle + 200])
    (tmp_path / "bad.parquet").write_bytes(bytes(data))
    result = run("import", tmp_path / "bad.parquet", "--text", "text", "--stance", "stance",
                 "--target", "target")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {tmp_path / 'bad.parquet'}: unreadable (")
    assert len(result.output.splitlines()) == 1
    assert project.stats()["claims"] == 0


def _folder(folder, bad_row: int | None = None, header: str = "text,target,stance",
            files: tuple[str, ...] = ("a.csv", "b.csv", "c.csv")) -> None:
    """Files of eight rows each, one article a row; row ``bad_row`` of the last file has an
    unknown label."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, name in enumerate(files):
        last = number == len(files) - 1
        rows = [f"Row {row} of {name} says so,Ukraine,"
                + ("maybe" if last and row == bad_row else "agree") for row in range(1, 9)]
        (folder / name).write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def test_a_folder_import_commits_in_batches_and_resumes(project, tmp_path, run, monkeypatch):
    monkeypatch.setattr(formats, "ROWS_PER_COMMIT", 10)
    folder = tmp_path / "rows"
    _folder(folder, bad_row=5)  # the 21st row of the folder: batches are rows 1-10, 11-20
    args = ("import", folder, "--text", "text", "--target", "target", "--stance", "stance",
            "--label-map", "agree=support", "--source", "rows")
    failed = run(*args)
    assert failed.exit_code == 1
    (line,) = failed.output.strip().splitlines()
    assert "'maybe' (1 rows)" in line and line.endswith(
        "(the 20 rows before its batch are stored; fix it and import again: those are not "
        "added twice)")
    assert project.store.count_claims() == 20
    _folder(folder)
    assert run(*args).exit_code == 0
    assert project.store.count_claims() == 24
    again = run(*args)
    assert "24 rows read, 0 claims added, 0 updated, 24 already there" in again.output
    assert project.store.count_claims() == 24


def test_a_folder_with_a_file_missing_a_column_stores_nothing(project, tmp_path, run,
                                                              monkeypatch):
    monkeypatch.setattr(formats, "ROWS_PER_COMMIT", 10)
    folder = tmp_path / "rows"
    _folder(folder)
    (folder / "c.csv").write_text("text,stance\nRow,agree\n", encoding="utf-8")
    result = run("import", folder, "--text", "text", "--target", "target", "--stance", "stance",
                 "--label-map", "agree=support")
    assert result.exit_code == 1
    assert result.output == (f"Error: {folder / 'c.csv'}: no column 'target' (given with "
                             "--target); the columns are: text, stance\n")
    assert project.store.count_claims() == 0  # every file's columns checked before storing


def test_a_recipe_commits_in_batches_and_resumes(project, tmp_path, run, monkeypatch):
    monkeypatch.setattr(formats, "ROWS_PER_COMMIT", 10)
    folder = tmp_path / "ans"
    _folder(folder / "data" / "stance", bad_row=5, header="s2,s1,stance",
            files=("train.csv", "dev.csv", "test.csv"))
    failed = run("import-recipe", "ans", folder)
    assert failed.exit_code == 1
    assert failed.output.strip().endswith(
        "(the 20 rows before its batch are stored; fix it and import again: those are not "
        "added twice)")
    assert project.store.count_claims() == 20
    _folder(folder / "data" / "stance", header="s2,s1,stance",
            files=("train.csv", "dev.csv", "test.csv"))
    assert run("import-recipe", "ans", folder).exit_code == 0
    assert project.store.count_claims() == 24
    reports = project.import_recipe("ans", folder)
    assert [(report.claims_added, report.claims_unchanged) for report in reports] == [(0, 8)] * 3
    assert project.store.count_claims() == 24
    assert {claim.split for claim in project.store.claims()} == {"train", "validation", "test"}
