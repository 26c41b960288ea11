"""Crashes: a real `claims` process killed with SIGKILL at random moments leaves
a store that opens, passes integrity_check, and holds whole units of work only."""
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claims import Project

FILES, ROWS = 40, 25


def _corpus(folder):
    folder.mkdir()
    for number in range(FILES):
        with (folder / f"part-{number:03}.jsonl").open("w", encoding="utf-8") as out:
            for row in range(ROWS):
                text = (
                    f"قال المتحدث رقم {row} في الملف {number} إن المحادثات مستمرة. "
                    f"The official {row} of file {number} said talks go on. وأضاف أن الحل ممكن."
                )
                out.write(
                    json.dumps({"text": text, "source": f"part-{number:03}"}, ensure_ascii=False)
                    + "\n"
                )
    return folder


def _claims(db, *args):
    env = {**os.environ, "CLAIMS_DB": str(db)}
    return subprocess.Popen([sys.executable, "-m", "claims", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for_files(db, process, files, timeout=60):
    """Until ``files`` files are committed (or the process ends): the kill then lands mid-ingest."""
    deadline = time.monotonic() + timeout
    conn = sqlite3.connect(db, timeout=30)
    while process.poll() is None and time.monotonic() < deadline:
        if conn.execute("SELECT count(DISTINCT source) FROM articles").fetchone()[0] >= files:
            break
        time.sleep(0.005)
    conn.close()


def _check_whole_units(db):
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    orphans = conn.execute(
        "SELECT count(*) FROM articles a WHERE NOT EXISTS "
        "(SELECT 1 FROM statements s WHERE s.article_id = a.id)"
    ).fetchone()[0]
    assert orphans == 0, "an article was stored without its statements"
    per_file = conn.execute("SELECT source, count(*) FROM articles GROUP BY source").fetchall()
    assert all(count == ROWS for _, count in per_file), f"a file was stored in part: {per_file}"
    stored = len(per_file)
    conn.close()
    return stored


def _kill_ingest_repeatedly(tmp_path, kills, seed):
    """Each round starts a fresh project and kills its ingest part-way; the last
    one is then run again to the end, which must complete what was cut."""
    corpus = _corpus(tmp_path / "corpus")
    rng = random.Random(seed)
    cut_midway = 0
    for round_number in range(kills):
        db = tmp_path / f"crash-{round_number}.db"
        Project.init(db).close()
        process = _claims(db, "ingest", str(corpus))
        _wait_for_files(db, process, rng.randint(1, FILES - 1))
        process.send_signal(signal.SIGKILL)
        process.wait()
        stored = _check_whole_units(db)
        cut_midway += 0 < stored < FILES
    finished = _claims(db, "ingest", str(corpus))
    assert finished.wait() == 0, finished.stderr.read().decode()
    assert _check_whole_units(db) == FILES
    return cut_midway


def test_ingest_killed_a_few_times_stores_whole_files_only(tmp_path):
    assert _kill_ingest_repeatedly(tmp_path, kills=4, seed=1) == 4


@pytest.mark.slow
def test_ingest_killed_fifty_times_stores_whole_files_only(tmp_path):
    assert _kill_ingest_repeatedly(tmp_path, kills=50, seed=2) >= 45


WORKER = Path(__file__).with_name("label_worker.py")


def _kill_labelling_repeatedly(tmp_path, demo_registry, kills, seed):
    """An annotator's script is killed after a random number of decisions; every
    decision it reported saved is in the store, and nothing else is."""
    db = tmp_path / "labels.db"
    corpus = tmp_path / "statements.jsonl"
    corpus.write_text(
        "".join(
            json.dumps({"text": f"قال الكرملين في البيان {n} إنه يرفض ذلك."}, ensure_ascii=False)
            + "\n"
            for n in range(2000)
        ),
        encoding="utf-8",
    )
    with Project.init(db) as project:
        project.import_registry(demo_registry)
        project.ingest([str(corpus)])
    rng, first, reported = random.Random(seed), 1, set()
    for _ in range(kills):
        process = subprocess.Popen([sys.executable, str(WORKER), str(db), "ana", str(first), "500"],
                                   stdout=subprocess.PIPE, text=True)
        wanted = rng.randint(1, 40)
        for line in process.stdout:
            if not line.startswith("saved "):
                continue  # what `claims label` itself prints
            reported.add(int(line.split()[1]))
            wanted -= 1
            if wanted == 0:
                break
        process.send_signal(signal.SIGKILL)
        reported.update(int(line.split()[1]) for line in process.stdout.read().splitlines()
                        if line.startswith("saved "))
        process.wait()
        first = max(reported) + 1
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {
            row[0]
            for row in conn.execute("SELECT statement_id FROM claims WHERE origin = 'human:ana'")
        }
        decided = {
            row[0]
            for row in conn.execute("SELECT statement_id FROM decisions WHERE annotator = 'ana'")
        }
        conn.close()
        assert reported <= stored, f"decisions reported saved but lost: {sorted(reported - stored)}"
        assert (
            stored == decided and len(stored - reported) <= 1
        )  # at most the one cut after its commit
    return len(reported)


def test_labelling_killed_a_few_times_loses_no_saved_decision(tmp_path, demo_registry):
    assert _kill_labelling_repeatedly(tmp_path, demo_registry, kills=5, seed=3) >= 5


@pytest.mark.slow
def test_labelling_killed_fifty_times_loses_no_saved_decision(tmp_path, demo_registry):
    assert _kill_labelling_repeatedly(tmp_path, demo_registry, kills=50, seed=4) >= 50


ANS_SAMPLE = Path(__file__).resolve().parents[1] / "datasets" / "ans-sample"


def _run_and_kill(args, env, delay):
    process = subprocess.Popen([sys.executable, "-m", "claims", *args], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    return process.wait()


def _kill_import_and_build(tmp_path, kills, seed):
    """`claims import-recipe` is one transaction: after a kill the project holds
    all of the sample or none of it. `claims dataset build` writes beside OUT
    and moves the checked folder into place: OUT is absent or whole."""
    rng = random.Random(seed)
    db, out = tmp_path / "import.db", tmp_path / "dataset"
    env = {**os.environ, "CLAIMS_DB": str(db)}
    full = None
    for _ in range(kills):
        db.unlink(missing_ok=True)
        Project.init(db).close()
        _run_and_kill(["import-recipe", "ans", str(ANS_SAMPLE)], env, rng.uniform(0.5, 3.0))
        with Project(db) as project:
            assert project.store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            claims = project.stats()["claims"]
        if claims:
            full = full or claims
            assert claims == full == 1400, "an import was stored in part"
            _run_and_kill(
                ["dataset", "build", str(out), "--split-by", "given"], env, rng.uniform(0.5, 4.0)
            )
            if out.exists():
                check = subprocess.run(
                    [sys.executable, "-m", "claims", "dataset", "check", str(out)], env=env,
                    capture_output=True, text=True,
                )
                assert check.returncode == 0, check.stderr
    return full


def test_import_and_dataset_build_killed_leave_whole_units(tmp_path):
    assert _kill_import_and_build(tmp_path, kills=4, seed=5) == 1400


@pytest.mark.slow
def test_import_and_dataset_build_killed_many_times_leave_whole_units(tmp_path):
    assert _kill_import_and_build(tmp_path, kills=20, seed=6) == 1400


PESKOV = "Kremlin spokesman Dmitry Peskov denied that Moscow planned to invade Ukraine."


def _store_run(db, corpus):
    return _claims(db, "predict", "cues", str(corpus), "--store")


def _stored_with_claims(db):
    """Articles stored, each with its one claim (never one without the other), once each."""
    conn = sqlite3.connect(db, timeout=30)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    per_article = conn.execute(
        "SELECT a.id, count(c.id) FROM articles a LEFT JOIN statements s ON s.article_id = a.id "
        "LEFT JOIN claims c ON c.statement_id = s.id GROUP BY a.id").fetchall()
    hashes = conn.execute("SELECT count(DISTINCT content_hash) FROM articles").fetchone()[0]
    conn.close()
    assert all(count == 1 for _, count in per_article) and hashes == articles
    return articles


@pytest.mark.slow
@pytest.mark.parametrize("kill", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL],
                         ids=["SIGINT", "SIGTERM", "SIGKILL"])
def test_predict_store_killed_keeps_the_articles_it_finished(tmp_path, demo_registry, kill):
    """`claims predict --store` stores each article with its claims in one transaction:
    killed part-way, the articles it finished stay; a rerun completes the run, none twice."""
    corpus, total = tmp_path / "many.jsonl", 1500
    corpus.write_text("".join(
        json.dumps({"text": f"{PESKOV} Round {n} of the talks went on in Geneva."}) + "\n"
        for n in range(total)), encoding="utf-8")
    db = tmp_path / "store.db"
    with Project.init(db) as project:
        project.import_registry(demo_registry)
    process = _store_run(db, corpus)
    conn = sqlite3.connect(db, timeout=30)
    while process.poll() is None:
        if conn.execute("SELECT count(*) FROM claims").fetchone()[0] >= 100:
            break
        time.sleep(0.005)
    conn.close()
    process.send_signal(kill)
    process.wait()
    assert 100 <= _stored_with_claims(db) < total  # killed part-way, what it finished kept
    assert _store_run(db, corpus).wait() == 0
    assert _stored_with_claims(db) == total
