"""``claims predict`` makes one claim per attribution: each speaker of a statement gets its
own row, and ``--store`` keeps them apart where the store can (one claim per statement,
actor and target)."""
from __future__ import annotations

import json
from pathlib import Path

from claims.prediction import distinct_claims

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "datasets" / "demo" / "registry.yaml"
TWO_SPEAKERS = ("Peskov denied that Moscow planned to invade Ukraine, while a European diplomat "
                "warned that Russia would invade Ukraine.\n")
TWO_UNREGISTERED = ("A European diplomat denied that Russia would invade Ukraine, while a Western "
                    "official denied that Russia would invade Ukraine.\n")


def _rows(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_each_speaker_of_a_statement_gets_its_own_claim(run, tmp_path):
    article = tmp_path / "two.txt"
    article.write_text(TWO_SPEAKERS, encoding="utf-8")
    result = run("--db", tmp_path / "none.db", "predict", "cues", article, "--registry", REGISTRY,
                 "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = _rows(result.output)
    assert [(row["actor"], row["actor_registered"]) for row in rows] == [
        ("Dmitry Peskov", True), ("a European diplomat", False)]
    assert {row["start"] for row in rows} == {0}
    assert rows[0]["actor_start"] < rows[1]["actor_start"]
    assert all(row["target"] == "Russian invasion of Ukraine" for row in rows)
    # each speaker's own words: the first content stops where the second speaker begins
    assert [row["text"][row["content_start"]:row["content_end"]] for row in rows] == [
        "that Moscow planned to invade Ukraine", "that Russia would invade Ukraine"]


def _project(run, tmp_path) -> Path:
    db = tmp_path / "claims.db"
    assert run("--db", db, "init").exit_code == 0
    assert run("--db", db, "registry", "import", REGISTRY).exit_code == 0
    return db


def test_storing_keeps_a_claim_for_each_registered_and_unregistered_speaker(run, tmp_path):
    db, article = _project(run, tmp_path), tmp_path / "two.txt"
    article.write_text(TWO_SPEAKERS, encoding="utf-8")
    result = run("--db", db, "predict", "cues", article, "--store")
    assert result.output.splitlines()[0].startswith("Stored 2 claims on 1 statement of 1 article")
    stored = _rows(run("--db", db, "export", "--format", "jsonl").output)
    assert sorted((row["actor"] or "-", row["note"] or "") for row in stored) == [
        ("-", "speaker as written: a European diplomat"), ("Dmitry Peskov", "")]


def test_two_unregistered_speakers_of_a_statement_are_one_stored_claim_naming_both(run, tmp_path):
    db, article = _project(run, tmp_path), tmp_path / "two.txt"
    article.write_text(TWO_UNREGISTERED, encoding="utf-8")
    printed = _rows(run("--db", tmp_path / "none.db", "predict", "cues", article, "--registry",
                        REGISTRY, "--format", "jsonl").output)
    assert len(printed) == 2 and not any(row["actor_registered"] for row in printed)
    result = run("--db", db, "predict", "cues", article, "--store")
    # The store's key is (statement, actor, target, origin): no actor for both, so one claim.
    assert result.output.splitlines()[0].startswith("Stored 1 claim on 1 statement")
    stored = _rows(run("--db", db, "export", "--format", "jsonl").output)
    assert [row["note"] for row in stored] == [
        "speaker as written: A European diplomat; a Western official"]
    again = run("--db", db, "predict", "cues", article, "--store")
    assert ": 0 new, 1 already there." in again.output.splitlines()[0]


def test_distinct_claims_keeps_the_first_of_those_sharing_the_stores_key():
    base = {"content_hash": "h", "start": 0, "end": 9, "target": "T", "stance": "support",
            "actor_registered": True, "actor": "Russia", "actor_written": "Moscow"}
    rows = [base, {**base, "actor_written": "the Kremlin"}, {**base, "stance": "undecided"},
            {**base, "actor": "NATO", "actor_written": "NATO"}]
    kept = distinct_claims(rows)
    assert [(row["actor"], row["actor_written"]) for row in kept] == [
        ("Russia", "Moscow; the Kremlin"), ("NATO", "NATO")]
    assert rows[0]["actor_written"] == "Moscow"  # the rows given are left alone


def test_according_to_after_a_speaker_is_the_channel_not_a_claim(run, tmp_path):
    article = tmp_path / "channel.txt"
    article.write_text("Peskov denied that Moscow planned to invade Ukraine, according to "
                       "Reuters.\n", encoding="utf-8")
    rows = _rows(run("--db", tmp_path / "none.db", "predict", "cues", article, "--registry",
                     REGISTRY, "--format", "jsonl").output)
    assert [row["actor"] for row in rows] == ["Dmitry Peskov"]
