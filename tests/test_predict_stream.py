"""`claims predict` as a stream: rows reach a pipe as they are made, --store keeps each
article it finished, Ctrl-C is one word, --lang for ARTICLES."""
from __future__ import annotations

import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from claims import Project, load_model
from tests.conftest import DEMO
from tests.test_predict import PESKOV_DENIED, demo_project, trained  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[1]


def _articles(count: int, start: int = 0) -> list[str]:
    """JSON lines of distinct articles, each with one claim: Peskov (Russia) opposes the
    invasion, by the cue alone (``claims predict cues``)."""
    return [json.dumps({"text": f"{PESKOV_DENIED} Round {n} of the talks went on in Geneva."})
            + "\n" for n in range(start, start + count)]


def _claims_process(*args: str, stdin=subprocess.PIPE, **options) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    return subprocess.Popen([sys.executable, "-m", "claims", *args], stdin=stdin,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
                            **options)


def _lines_of(stream) -> queue.Queue:
    """The lines of ``stream`` as a thread reads them, to wait for one with a timeout."""
    lines: queue.Queue = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    return lines


@pytest.mark.parametrize("output_format", ["jsonl", "csv"])
def test_rows_reach_a_pipe_while_the_input_is_still_coming(output_format):
    """Half the articles are written to stdin, which stays open: their rows must come
    out before the rest is written (held back to the end, they never would)."""
    process = _claims_process("predict", "cues", "-", "--registry", str(DEMO / "registry.yaml"),
                              "--format", output_format)
    first, rest = _articles(150), _articles(150, start=150)  # first: more than a first chunk
    process.stdin.write("".join(first))
    process.stdin.flush()
    lines = _lines_of(process.stdout)
    try:
        if output_format == "csv":
            assert lines.get(timeout=60).startswith("article,")
        assert "Peskov" in lines.get(timeout=60)
    finally:
        process.stdin.write("".join(rest))
        process.stdin.close()
    assert process.wait(timeout=60) == 0, process.stderr.read()
    count = 1  # the row read so far (the header is no row)
    while lines.get(timeout=60) is not None:
        count += 1
    assert count == 300


def _predict_store(project: Project, corpus: Path, progress=None) -> list[dict]:
    from claims.models.cues import CueModel

    return project.predict(CueModel(), [str(corpus)], store=True, progress=progress)


def _stored(db: Path) -> tuple[int, int, int]:
    """Articles, claims, and articles stored without their claim."""
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    bare = conn.execute(
        "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM statements s "
        "JOIN claims c ON c.statement_id = s.id WHERE s.article_id = a.id)").fetchone()[0]
    conn.close()
    return articles, claims, bare


def test_an_interrupted_store_keeps_the_articles_it_finished_and_a_rerun_completes(
        demo_project, tmp_path):  # noqa: F811
    corpus = tmp_path / "many.jsonl"
    corpus.write_text("".join(_articles(400)), encoding="utf-8")
    told: list[int] = []

    def interrupt_at_the_third_chunk(what, done=None, total=None):
        told.append(done)
        if len(told) == 3:
            raise KeyboardInterrupt  # Ctrl-C once two chunks are stored

    with pytest.raises(KeyboardInterrupt):
        _predict_store(demo_project, corpus, interrupt_at_the_third_chunk)
    db = Path(demo_project.store.path)
    assert _stored(db) == (told[1], told[1], 0) and 0 < told[1] < 400
    claims = _predict_store(demo_project, corpus)
    assert len(claims) == 400 and _stored(db) == (400, 400, 0)  # none twice


def test_lang_gives_articles_a_language_where_their_row_names_none(demo_project, run):  # noqa: F811
    given = [{"text": PESKOV_DENIED}, {"text": f"{PESKOV_DENIED} Again.", "language": "en"}]
    lines = "".join(json.dumps(row) + "\n" for row in given)
    result = run("predict", "cues", "-", "--store", "--lang", "de", input=lines)
    assert result.exit_code == 0, result.output
    assert [row["language"] for row in demo_project.articles()] == ["de", "en"]
    # read as Arabic, the English row with no language finds no reporting cue
    for lang, found in (("auto", ["<stdin>:1", "<stdin>:2"]), ("ar", ["<stdin>:2"])):
        rows = run("predict", "cues", "-", "--lang", lang, "--format", "jsonl", input=lines)
        assert [json.loads(row)["article"] for row in rows.stdout.splitlines()] == found
    archive = run("predict", "cues", "--input", "x.parquet", "--output", "out", "--lang", "ar")
    assert archive.exit_code == 2 and "--lang is for ARTICLES" in archive.output


@pytest.mark.slow
def test_ctrl_c_with_two_jobs_says_aborted_and_nothing_else(trained, tmp_path):  # noqa: F811
    corpus = tmp_path / "many.jsonl"  # enough text for two workers (claims.stream.SMALL_INPUT)
    corpus.write_text("".join(_articles(6000)), encoding="utf-8")
    process = _claims_process("predict", str(trained), str(corpus), "--registry", "model",
                              "--format", "jsonl", "--jobs", "2", stdin=subprocess.DEVNULL,
                              start_new_session=True)
    lines = _lines_of(process.stdout)
    assert lines.get(timeout=120)  # a row: the workers are at work
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole group, workers too
    assert process.wait(timeout=30) == 1
    assert process.stderr.read() == "\nAborted!\n"
    left = subprocess.run(["pgrep", "-g", str(process.pid)], capture_output=True, text=True)
    assert left.stdout == ""
    assert load_model(trained)  # the model directory is untouched


def test_a_stance_the_project_lacks_stops_the_store_where_it_is_found(
        demo_project, run, tmp_path):  # noqa: F811
    corpus = tmp_path / "late.jsonl"  # articles of no claim, then a denial (oppose) later
    rows = [{"text": f"Round {n} of the talks went on in Geneva."} for n in range(400)]
    corpus.write_text("".join(json.dumps(row) + "\n" for row in [*rows, {"text": PESKOV_DENIED}]),
                      encoding="utf-8")
    assert run("schema", "set-labels", "support,neutral").exit_code == 0
    result = run("predict", "cues", corpus, "--store")
    assert result.exit_code == 1
    stored = len(list(demo_project.store.articles()))
    assert 0 < stored < 400 and result.output == (
        f"Error: model:cues@1 predicts labels the project lacks: oppose; the {stored} articles "
        f"before {corpus}:{stored + 1} are stored. Add them with: claims schema set-labels "
        "support,neutral,oppose\n")


def test_stored_claims_stream_chunk_by_chunk_each_stored_before_it_is_given(
        demo_project, tmp_path):  # noqa: F811
    from claims import predict_claims

    corpus = tmp_path / "many.jsonl"  # several chunks (claims.stream.FIRST_CHUNK)
    corpus.write_text("".join(_articles(600)), encoding="utf-8")
    db = demo_project.store.path
    result = predict_claims("cues", [str(corpus)], db=db, store=True, stream=True)
    first = next(result.batches)

    def stored() -> int:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    assert first and 0 < stored() < 600  # given once stored, before the rest is predicted
    rest = [claim for batch in result.batches for claim in batch]
    assert stored() == 600 and len(first) + len(rest) == 600
    assert result.stored_new == 600
