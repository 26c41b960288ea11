"""Claim–article training summarises each article as its rows are read, with the same model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import claims.datafolder as datafolder
from claims import train_model
from claims.datafolder import fingerprint, open_folder, read_split
from claims.models.claim_article import summarise_as_read, summarise_rows
from claims.models.config import TrainConfig
from claims.models.features import as_rows
from claims.models.stance import train_stance
from claims.models.train import LEAD, _summarised_as_read


@pytest.fixture(scope="module")
def articles(ans_dataset, tmp_path_factory) -> Path:
    """ANS's first 160 train and 60 validation rows, each statement made an article
    (its sentence among repeated lines of others), as a dataset folder."""
    out = tmp_path_factory.mktemp("articles") / "ans"
    (out / "data").mkdir(parents=True)
    for split, size in {"train": 160, "validation": 60}.items():
        table = pq.read_table(next((ans_dataset / "data").glob(f"{split}-*.parquet")))
        table = table.slice(0, size)
        texts = table.column("text").to_pylist()
        bodies = [f"{texts[(i + 7) % size]}\n" * 20 + f"{text}\n"
                  + f"{texts[(i + 3) % size]}\n" * 20 for i, text in enumerate(texts)]
        table = table.set_column(table.schema.get_field_index("text"), "text", pa.array(bodies))
        pq.write_table(table, out / "data" / f"{split}-00000-of-00001.parquet")
    (out / "registry.yaml").write_bytes((ans_dataset / "registry.yaml").read_bytes())
    marker = json.loads((ans_dataset / "claims.json").read_text())
    marker.update(rows={"train": 160, "validation": 60}, fingerprint=fingerprint(out))
    (out / "claims.json").write_text(json.dumps(marker))
    return out


def test_rows_summarised_in_batches_as_read_are_the_summary_of_all(articles, monkeypatch):
    monkeypatch.setattr(datafolder, "BATCH_ROWS", 64)  # three batches
    folder = open_folder(articles)
    whole, labels = read_split(folder, "train")
    read, read_labels = read_split(folder, "train", lambda rows: summarise_as_read(rows, LEAD))
    assert read_labels == labels and len(read) == len(whole) == 160
    summary = summarise_rows(as_rows(whole))
    for column in ["text", "relevance_best", "relevance_position", "relevance_sentences"]:
        assert read[column].tolist() == summary[column].tolist()
    assert read["lead"].tolist() == whole["text"].str.slice(0, LEAD).tolist()
    assert read["text_chars"].tolist() == whole["text"].str.len().tolist()
    assert summarise_rows(read) is read  # the pipeline's step passes them through
    assert read["body"].nunique() == whole["text"].nunique()


def test_only_article_training_summarises_as_read(articles, ans_dataset):
    assert _summarised_as_read(open_folder(articles), None)
    assert not _summarised_as_read(open_folder(ans_dataset), None)
    assert not _summarised_as_read(open_folder(articles), TrainConfig(features=["statement_words"]))


def test_the_model_trained_on_rows_summarised_as_read_is_the_same(articles, tmp_path):
    config = TrainConfig(features=["statement_words", "target_words", "similarity", "relevance"],
                         c_grid=[0.1], calibration_folds=2)
    model = train_model(articles, tmp_path / "model", config)
    raw, labels = read_split(open_folder(articles), "train")
    dev, _ = read_split(open_folder(articles), "validation")
    stance, _ = train_stance(config, as_rows(raw), as_rows(dev), labels, lambda line: None)
    rows = as_rows(pd.concat([dev, raw.head(40)], ignore_index=True))
    assert np.array_equal(model.stance.predict_proba(rows), stance.predict_proba(rows))
    assert "each article summarised as read" in (tmp_path / "model" / "train.log").read_text()


def test_predict_with_a_claim_gives_a_verdict_an_article(articles, tmp_path, run):
    config = TrainConfig(features=["statement_words", "target_words", "similarity", "relevance"],
                         c_grid=[0.1], calibration_folds=2)
    model = train_model(articles, tmp_path / "model", config)
    texts = read_split(open_folder(articles), "validation")[0]["text"].tolist()
    for index, text in enumerate(texts[:3]):
        (tmp_path / f"a{index}.txt").write_text(text, encoding="utf-8")
    claim = "يحتج المتظاهرون على قرار الحكومة"
    found = run("predict", tmp_path / "model", tmp_path / "a0.txt", tmp_path / "a1.txt",
                tmp_path / "a2.txt", "--claim", claim, "--format", "jsonl")
    rows = [json.loads(line) for line in found.stdout.splitlines()]
    assert [Path(row["article"]).name for row in rows] == ["a0.txt", "a1.txt", "a2.txt"]
    assert {row["stance"] for row in rows} <= set(model.labels)
    assert all(row["claim"] == claim and row["evidence"] and 0 < row["stance_confidence"] <= 1
               for row in rows)
    table = run("predict", tmp_path / "model", tmp_path / "a0.txt", "--claim", claim)
    assert "a0.txt" in table.stdout and "evidence" in table.stdout
    stored = run("predict", tmp_path / "model", tmp_path / "a0.txt", "--claim", claim, "--store")
    assert stored.exit_code == 2 and "--claim gives a verdict an article" in stored.output


def test_a_claim_needs_a_model_of_claim_article_pairs(ans_dataset, tmp_path, run):
    train_model(ans_dataset, tmp_path / "model",
                TrainConfig(features=["statement_words"], c_grid=[0.1], calibration_folds=2))
    (tmp_path / "a.txt").write_text("قال الوزير إن الحكومة ستدرس الأمر.", encoding="utf-8")
    result = run("predict", tmp_path / "model", tmp_path / "a.txt", "--claim", "claim")
    assert result.exit_code == 1 and "not articles toward a claim" in result.output
