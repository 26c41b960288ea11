"""The target model: a scikit-learn estimator that finds which target a statement is
about, or none."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

from claims import TrainConfig, load_model, train_model
from claims.models import Candidate
from claims.models.target import TargetModel, tune_threshold
from tests.conftest import FAST_TRAINING, build_from_recipe, recipe_slice

ROWS = pd.DataFrame({
    "text": ["oil prices rose as Aramco raised output", "Aramco shares fell on oil news",
             "the oil giant Aramco posted profits", "Aramco oil exports grew",
             "women driving licences were issued", "a ban on women driving ended",
             "women began driving in the kingdom", "driving schools for women opened"],
    "target_text": [""] * 8})
TARGETS = ["Aramco"] * 4 + ["women driving"] * 4


def _rows(folder: Path, split: str) -> pd.DataFrame:
    """A built split's rows, stances by name."""
    labels = json.loads((folder / "claims.json").read_text())["labels"]
    rows = pd.read_parquet(next((folder / "data").glob(f"{split}-*.parquet")))
    return rows.assign(stance=[labels[index] for index in rows["stance"]])


def test_the_target_model_finds_a_fixed_topic_and_says_none_without_it(tmp_path):
    topics = {
        "economy/Aramco": "Aramco", "religion/women_driving": "women driving",
        "health/Vaccine": "Vaccine",
    }
    source = recipe_slice(
        "arabicstancex",
        tmp_path / "source",
        {
            f"Stance_task/{split}/{path}.json": rows
            for path in topics
            for split, rows in (("train", 120), ("test", 20))
        },
    )
    folder = build_from_recipe("arabicstancex", source, tmp_path / "d")
    test = _rows(folder, "test")
    model = train_model(folder, tmp_path / "model", TrainConfig(**FAST_TRAINING))
    candidates = [Candidate(topic) for topic in topics.values()]
    found = model.target.predict(test["text"].tolist(), candidates)
    assert np.mean([name == gold for (name, _), gold in zip(found, test["target"])]) > 0.7
    aramco_only = test[test["target"] == "Aramco"]["text"].tolist()
    without = model.target.predict(aramco_only, [Candidate("Vaccine")])
    assert np.mean([name is None for name, _ in without]) > 0.7
    named = model.target.predict(
        ["نفت موسكو أي نية لغزو أوكرانيا"],
        [Candidate("Russian invasion of Ukraine", aliases=("غزو أوكرانيا",))],
    )
    assert named == [("Russian invasion of Ukraine", 1.0)]


def test_the_none_threshold_separates_right_answers_from_absent_targets():
    scores = np.array([[0.9, 0.2], [0.3, 0.8], [0.7, 0.1]])
    threshold, accuracy = tune_threshold(scores, [0, 1, 0])
    assert 0.3 < threshold <= 0.7 and accuracy == 1.0


@pytest.mark.parametrize(
    "check",
    [
        check_no_attributes_set_in_init, check_parameters_default_constructible,
        check_get_params_invariance, check_set_params,
    ],
)
def test_the_target_model_follows_the_estimator_api(check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check("TargetModel", TargetModel())


def test_fit_returns_the_model_with_learned_attributes_ending_in_an_underscore():
    model = TargetModel(min_statements=2)
    assert model.fit(ROWS, TARGETS) is model
    learned = sorted(name for name in vars(model) if name not in model.get_params())
    assert learned and all(name.endswith("_") for name in learned)
    assert model.known_ == ["Aramco", "women driving"] and model.tuned_on_ == "a fifth of train"
    candidates = [Candidate("Aramco"), Candidate("women driving")]
    ranked = model.ranked(["Aramco raised oil output again"], candidates, most=2)
    assert ranked[0][0][0] == "Aramco"
    restored = TargetModel.restored(**model.parts(), threshold=model.threshold_)
    np.testing.assert_array_equal(restored.scores(ROWS["text"].tolist(), candidates),
                                  model.scores(ROWS["text"].tolist(), candidates))


def test_a_validation_split_tunes_the_threshold_and_an_unfitted_model_is_refused():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        TargetModel().scores(["text"], [Candidate("Aramco")])
    model = TargetModel(min_statements=2).fit(
        ROWS.iloc[::2], TARGETS[::2], ROWS.iloc[1::2], TARGETS[1::2]
    )
    assert model.tuned_on_ == "validation" and 0 <= model.tuning_accuracy_ <= 1


def test_a_loaded_model_ranks_targets_as_the_trained_one(ans_model):
    folder, model = ans_model
    texts = _rows(folder, "test")["text"].head(50).tolist()
    candidates = model.candidates()
    trained = model.ranked_targets(texts, candidates, 2)
    reloaded = load_model(model.path).ranked_targets(texts, candidates, 2)
    assert any(trained) and [[name for name, _ in found] for found in reloaded] == \
        [[name for name, _ in found] for found in trained]
