"""Metrics, baselines and evaluation reports: one definition of each figure."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from claims import TrainConfig, evaluate_model, train_model, write_report
from claims.errors import ClaimsError
from claims.evaluate import (
    METRIC_SOURCES,
    TASK_METRICS,
    f_avg,
    fnc_score,
    probability_summary,
    score,
    summary,
)
from tests.conftest import FAST_TRAINING, build_from_recipe, recipe_slice

FAST = TrainConfig(**FAST_TRAINING)
EMERGENT = "url-versions-2015-06-14-clean-{}.csv"
LABELS = ["support", "oppose", "neutral"]


def _rows(folder: Path, split: str) -> pd.DataFrame:
    """A built split's rows, stances by name."""
    labels = json.loads((folder / "claims.json").read_text())["labels"]
    rows = pd.read_parquet(next((folder / "data").glob(f"{split}-*.parquet")))
    return rows.assign(stance=[labels[index] for index in rows["stance"]])


def test_the_model_beats_the_majority_baseline_on_a_held_out_slice(emergent_dataset, tmp_path):
    model = train_model(emergent_dataset, tmp_path / "model", FAST)
    report = evaluate_model(model, emergent_dataset, "test")
    ours, majority = report["systems"]["model"], report["systems"]["majority"]
    assert report["task_metric"] == "fnc" and model.card["tuning"]["method"].startswith("3-fold")
    assert ours["accuracy"] > majority["accuracy"] + 0.1
    assert ours["macro_f1"] > majority["macro_f1"] + 0.2


def test_evaluate_reports_per_label_figures_baselines_and_a_confusion_png(ans_model, tmp_path):
    folder, model = ans_model
    report = evaluate_model(model, folder, "test", seed=0)
    assert set(report["systems"]) == {"model", "majority", "stratified"}
    assert [row["label"] for row in report["per_label"]] == ["support", "oppose", "neutral"]
    assert sum(row["support"] for row in report["per_label"]) == 250
    assert sum(map(sum, report["confusion"]["matrix"])) == 250
    assert report["systems"]["majority"]["accuracy"] == pytest.approx(
        max(row["support"] for row in report["per_label"]) / 250, abs=1e-4)
    assert evaluate_model(model, folder, "test", seed=0) == report  # seeded: the same figures twice
    written = write_report(report, tmp_path / "report")
    assert [path.name for path in written] == ["report.json", "confusion.png"]
    assert (tmp_path / "report" / "confusion.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_test_label_the_model_never_saw_is_refused(tmp_path):
    source = recipe_slice("emergent", tmp_path / "source", {
        EMERGENT.format("train"): lambda rows: rows.sample(300, random_state=0).query(
            "articleHeadlineStance != 'observing'"),
        EMERGENT.format("test"): 80})
    folder = build_from_recipe("emergent", source, tmp_path / "d")
    model = train_model(folder, tmp_path / "model", FAST)
    unseen = int((_rows(folder, "test")["stance"] == "neutral").sum())
    assert unseen
    with pytest.raises(ClaimsError) as error:
        evaluate_model(model, folder, "test")
    assert str(error.value) == (
        f"{folder}: the test split has label(s) the model never saw in training: "
        f"'neutral' ({unseen} rows); it knows: support, oppose."
    )


def test_f_avg_follows_the_label_order():
    truth = ["support", "oppose", "neutral", "support"]
    predicted = ["support", "support", "neutral", "neutral"]
    assert f_avg(truth, predicted, LABELS) == pytest.approx((0.5 + 0) / 2)  # support: P = R = 1/2


FNC_LABELS = ["support", "oppose", "neutral", "unrelated"]  # agree, disagree, discuss, unrelated


def test_fnc_is_the_official_weighted_score_on_a_hand_counted_example():
    truth = ["support", "oppose", "neutral", "unrelated", "unrelated", "support"]
    predicted = ["support", "neutral", "unrelated", "unrelated", "support", "oppose"]
    # 1 (right, related) + 0.25 (related, wrong label) + 0 (related called unrelated)
    # + 0.25 (unrelated right) + 0 (unrelated called related) + 0.25 = 1.75 of 4 × 1 + 2 × 0.25
    assert fnc_score(truth, predicted, FNC_LABELS) == pytest.approx(100 * 1.75 / 4.5)
    assert fnc_score(truth, truth, FNC_LABELS) == 100


def test_fnc_all_unrelated_baseline_on_the_fnc1_test_counts_is_the_published_39_37():
    # FNC-1 competition test stances: agree 1,903, disagree 697, discuss 4,464, unrelated 18,349
    truth = ["support"] * 1903 + ["oppose"] * 697 + ["neutral"] * 4464 + ["unrelated"] * 18349
    assert round(fnc_score(truth, ["unrelated"] * len(truth), FNC_LABELS), 2) == 39.37


def test_every_metric_names_its_source():
    assert set(METRIC_SOURCES) == set(TASK_METRICS)
    assert "FakeNewsChallenge/fnc-1" in METRIC_SOURCES["fnc"]
    assert "SemEval-2016" in METRIC_SOURCES["f_avg"]


def test_one_definition_serves_tuning_and_reports():
    truth = ["support", "oppose", "neutral", "support", "oppose"]
    predicted = ["support", "support", "neutral", "neutral", "oppose"]
    for task in TASK_METRICS:
        figures = summary(truth, predicted, LABELS, task)
        assert {
            metric: round(score(metric, truth, predicted, LABELS), 4) for metric in figures
        } == figures
    weight = [2, 1, 1, 1, 1]  # a row counted twice scores as the row repeated
    assert score("f_avg", truth, predicted, LABELS, weight) == f_avg(
        truth[:1] + truth, predicted[:1] + predicted, LABELS
    )
    assert score("fnc", truth, predicted, LABELS, weight) == pytest.approx(
        fnc_score(truth[:1] + truth, predicted[:1] + predicted, LABELS))
    with pytest.raises(
        ValueError, match="Unknown metric 'f2'; use one of: f_avg, fnc, accuracy, macro_f1"
    ):
        score("f2", truth, predicted, LABELS)


def test_validation_figures_read_the_probability_columns_in_their_order():
    proba = np.array([[0.1, 0.9], [0.8, 0.2], [0.7, 0.3]])
    figures = probability_summary(["support", "oppose", "oppose"], proba, ["oppose", "support"],
                                  ["support", "oppose"])
    assert figures["rows"] == 3 and figures["accuracy"] == 1.0 and figures["macro_f1"] == 1.0
    assert figures["log_loss"] == pytest.approx(-np.mean(np.log([0.9, 0.8, 0.7])), abs=1e-4)
