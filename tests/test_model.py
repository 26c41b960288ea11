"""Training, saving, loading and evaluating the baseline models on slices of the shared data."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from sklearn.preprocessing import FunctionTransformer
from sklearn.utils.estimator_checks import check_get_params_invariance, check_no_attributes_set_in_init
from sklearn.utils.estimator_checks import check_parameters_default_constructible, check_set_params

from claims.errors import ClaimsError, InputError
from claims.evaluate import evaluate_model, f_avg, fnc_score, write_report
from claims.model_config import load_config
from claims.model import (Candidate, PairSimilarity, TrainConfig, load_model, pair_frame, train_model,
                          tune_threshold)
from tests.conftest import build_from_recipe, recipe_slice

FAST = TrainConfig(c_grid=[0.3], calibration_folds=3)


EMERGENT = "url-versions-2015-06-14-clean-{}.csv"


def _rows(folder: Path, split: str) -> pd.DataFrame:
    """A built split's rows, stances by name."""
    labels = json.loads((folder / "claims.json").read_text())["labels"]
    rows = pd.read_parquet(next((folder / "data").glob(f"{split}-*.parquet")))
    return rows.assign(stance=[labels[index] for index in rows["stance"]])


@pytest.fixture(scope="module")
def ans_model(ans_dataset, tmp_path_factory):
    """A model trained on the shipped ANS sample (train 900, validation 250, test 250 rows)."""
    return ans_dataset, train_model(ans_dataset, tmp_path_factory.mktemp("models") / "ans", FAST)


def test_a_model_directory_holds_the_pipelines_the_card_and_the_log(ans_model):
    _, model = ans_model
    assert sorted(path.name for path in model.path.iterdir()) == ["model.json", "registry.yaml", "stance.skops",
                                                                  "target.skops", "train.log"]
    card = json.loads((model.path / "model.json").read_text())
    assert card["format_version"] == 3 and card["labels"] == ["support", "oppose", "neutral"]
    assert card["dataset"]["sizes"] == {"train": 900, "validation": 250}
    assert card["tuning"]["method"] == "validation" and card["dev_metrics"]["rows"] == 250
    assert set(card["libraries"]) >= {"scikit-learn", "skops", "numpy"}
    assert "chose C=0.3" in (model.path / "train.log").read_text()


def test_a_reloaded_model_in_a_new_process_predicts_the_same(ans_model):
    folder, model = ans_model
    rows = pd.read_parquet(next((folder / "data").glob("test-*.parquet")))
    expected = model.stance_proba(rows)
    script = ("import json, sys, pandas as pd; from claims.model import load_model; "
              "m = load_model(sys.argv[1]); rows = pd.read_parquet(sys.argv[2]); "
              "print(json.dumps({'labels': m.predict_stance(rows), 'proba': m.stance_proba(rows).tolist()}))")
    result = subprocess.run([sys.executable, "-c", script, str(model.path),
                             str(next((folder / "data").glob("test-*.parquet")))],
                            capture_output=True, text=True, check=True)
    reloaded = json.loads(result.stdout)
    assert reloaded["labels"] == model.predict_stance(rows)
    np.testing.assert_allclose(reloaded["proba"], expected, rtol=0, atol=1e-12)


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


def test_train_never_reads_the_test_split(emergent_dataset, tmp_path):
    folder = shutil.copytree(emergent_dataset, tmp_path / "emergent")
    test_file = next((folder / "data").glob("test-*.parquet"))
    test_file.write_bytes(b"not parquet at all")
    model = train_model(folder, tmp_path / "model", FAST)
    assert model.card["dataset"]["sizes"] == {"train": 900, "validation": 0}
    with pytest.raises(InputError, match="cannot read parquet"):
        evaluate_model(model, folder, "test")


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
    assert str(error.value) == (f"{folder}: the test split has label(s) the model never saw in training: "
                                f"'neutral' ({unseen} rows); it knows: support, oppose.")


def _copy(model_dir: Path, to: Path, names: tuple[str, ...]) -> Path:
    to.mkdir()
    for name in names:
        (to / name).write_bytes((model_dir / name).read_bytes())
    return to


def test_a_skops_file_with_an_untrusted_type_is_refused(ans_model, tmp_path):
    _, model = ans_model
    crafted = _copy(model.path, tmp_path / "crafted", ("model.json", "target.skops", "registry.yaml", "train.log"))
    sio.dump(FunctionTransformer(os.system), crafted / "stance.skops")
    with pytest.raises(InputError) as error:
        load_model(crafted)
    assert str(error.value) == f"{crafted / 'stance.skops'}: refusing to load untrusted types: posix.system"


def test_a_model_directory_of_another_format_or_incomplete_is_refused(ans_model, tmp_path):
    _, model = ans_model
    other = _copy(model.path, tmp_path / "other", ("stance.skops", "target.skops", "train.log"))
    card = json.loads((model.path / "model.json").read_text())
    (other / "model.json").write_text(json.dumps({**card, "format_version": 2}))
    with pytest.raises(InputError, match=r"model format version 2, but this claims .* reads version 3; retrain"):
        load_model(other)  # a directory of an older format is told so, not that it lacks registry.yaml
    (other / "model.json").write_text(json.dumps({**card, "format_version": 99}))
    with pytest.raises(InputError, match=r"model format version 99, but this claims .* reads version 3; retrain"):
        load_model(other)
    (other / "model.json").write_text(json.dumps(card))
    (other / "target.skops").unlink()
    with pytest.raises(InputError, match=r"not a complete model directory \(missing target.skops, registry.yaml\)"):
        load_model(other)


def test_the_target_model_finds_a_fixed_topic_and_says_none_without_it(tmp_path):
    topics = {"economy/Aramco": "Aramco", "religion/women_driving": "women driving", "health/Vaccine": "Vaccine"}
    source = recipe_slice("arabicstancex", tmp_path / "source", {
        f"Stance_task/{split}/{path}.json": rows for path in topics for split, rows in (("train", 120), ("test", 20))})
    folder = build_from_recipe("arabicstancex", source, tmp_path / "d")
    test = _rows(folder, "test")
    model = train_model(folder, tmp_path / "model", FAST)
    candidates = [Candidate(topic) for topic in topics.values()]
    found = model.predict_target(test["text"].tolist(), candidates)
    assert np.mean([name == gold for (name, _), gold in zip(found, test["target"])]) > 0.7
    aramco_only = test[test["target"] == "Aramco"]["text"].tolist()
    without = model.predict_target(aramco_only, [Candidate("Vaccine")])
    assert np.mean([name is None for name, _ in without]) > 0.7
    named = model.predict_target(["نفت موسكو أي نية لغزو أوكرانيا"],
                                 [Candidate("Russian invasion of Ukraine", aliases=("غزو أوكرانيا",))])
    assert named == [("Russian invasion of Ukraine", 1.0)]


def test_the_none_threshold_separates_right_answers_from_absent_targets():
    scores = np.array([[0.9, 0.2], [0.3, 0.8], [0.7, 0.1]])
    threshold, accuracy = tune_threshold(scores, [0, 1, 0])
    assert 0.3 < threshold <= 0.7 and accuracy == 1.0


def test_pair_features_relate_statement_and_target():
    rows = pd.DataFrame({"text": ["Moscow denies any plan to invade Ukraine"],
                         "target": ["Russia plans to invade Ukraine"], "target_text": [""], "actor": [""]})
    features = pair_frame(rows).iloc[0]
    assert features["statement_only"] == "moscow denies any plan" and features["target_only"] == "russia plans"
    assert "+denial:denies" in features["cues"].split() and 0 < features["jaccard"] < 1


def test_f_avg_and_the_fnc_style_score_follow_the_label_order():
    labels = ["support", "oppose", "neutral"]
    truth = ["support", "oppose", "neutral", "support"]
    predicted = ["support", "support", "neutral", "neutral"]
    assert f_avg(truth, predicted, labels) == pytest.approx((0.5 + 0) / 2)  # support: P = R = 1/2
    # rows: 0.25+0.75, 0.25 (position taken, wrong one), 0.25 (no position both), 0 → 1.5 of 3.25
    assert fnc_score(truth, predicted, labels) == pytest.approx(1.5 / 3.25)


def test_config_keys_are_checked_and_every_problem_is_listed(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('classifier = "forest"\nc_grid = [0]\nfeatures = ["words"]\n')
    with pytest.raises(InputError) as error:
        load_config(path)
    assert str(error.value) == (f"{path}: unknown feature group 'words'; classifier = 'forest'; use one of: "
                                "logistic, linear_svm; c_grid must be a list of positive numbers")
    assert load_config(None, seed=7).seed == 7


# parametrize_with_checks yields no check for an estimator whose input is text (sklearn
# skips them all); these are the checks of the estimator API that apply to it.
@pytest.mark.parametrize("check", [check_no_attributes_set_in_init, check_parameters_default_constructible,
                                   check_get_params_invariance, check_set_params])
def test_pair_similarity_follows_the_estimator_api(check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check("PairSimilarity", PairSimilarity())


def test_pair_similarity_learns_idf_in_fit_and_scores_pairs():
    X = np.array([["the cat sat", "the cat sat"], ["a dog ran", "the cat sat"], ["x", "y"]], dtype=object)
    fitted = PairSimilarity().fit(X)
    scores = fitted.transform(X).ravel()
    assert scores[0] == pytest.approx(1.0) and scores[1] == 0.0 and scores[2] == 0.0
    with pytest.raises(ValueError, match="two text columns"):
        fitted.transform(np.array([["only one"]], dtype=object))


def test_cli_train_and_evaluate(ans_model, run, tmp_path):
    folder, _ = ans_model
    config = tmp_path / "fast.toml"
    config.write_text("c_grid = [0.3]\ncalibration_folds = 3\n")
    result = run("train", folder, "--out", tmp_path / "model", "--config", config, "--seed", 1)
    assert result.exit_code == 0, result.output
    assert f"written to {tmp_path / 'model'}" in result.output and "chose C=0.3" in result.output
    assert "Model model:model@" in result.output
    assert json.loads((tmp_path / "model" / "model.json").read_text())["config"]["seed"] == 1
    result = run("evaluate", tmp_path / "model", folder, "--format", "json")
    assert result.exit_code == 0 and json.loads(result.output)["rows"] == 250
    result = run("evaluate", tmp_path / "model", folder, "--split", "validation", "--report", tmp_path / "r")
    assert result.exit_code == 0 and "majority" in result.output and "Confusion matrix" in result.output
    assert (tmp_path / "r" / "confusion.png").exists()


def test_cli_errors_are_one_line_with_exit_status_1(ans_model, run, tmp_path):
    folder, model = ans_model
    (tmp_path / "empty").mkdir()
    result = run("train", tmp_path / "empty", "--out", tmp_path / "m")
    assert result.exit_code == 1
    assert result.output == (f"Error: {tmp_path / 'empty'}: not a claims dataset folder (no claims.json); "
                             "build one with 'claims dataset build'\n")
    source = recipe_slice("ibm-claim-stance", tmp_path / "source", {
        "claim_stance_dataset_v1.csv": lambda rows: rows[rows["split"] == "test"].head(20)})
    only_test = build_from_recipe("ibm-claim-stance", source, tmp_path / "only-test")
    result = run("train", only_test, "--out", tmp_path / "m")
    assert result.exit_code == 1
    assert result.output == f"Error: {only_test}: no train split (data/train-*.parquet); the splits here: test\n"
    config = tmp_path / "bad.toml"
    config.write_text("c_grid = [0.3]\nlearning_rate = 2\n")
    result = run("train", folder, "--out", tmp_path / "m", "--config", config)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {config}: unknown key(s) learning_rate; allowed: description, features,")
    assert len(result.output.splitlines()) == 1
    result = run("evaluate", tmp_path / "empty", folder)
    assert result.exit_code == 1
    assert result.output == (f"Error: {tmp_path / 'empty'}: not a complete model directory (missing model.json, "
                             "stance.skops, target.skops, registry.yaml, train.log); train one with 'claims train'\n")
    result = run("evaluate", model.path, folder, "--split", "nope")
    assert result.exit_code == 1
    assert result.output == f"Error: {folder}: no nope split (data/nope-*.parquet); the splits here: " \
                            "train, validation, test\n"


def test_the_model_card_holds_no_absolute_path_user_or_host(ans_model):
    import getpass
    import socket

    folder, model = ans_model
    card = (model.path / "model.json").read_text(encoding="utf-8")
    assert str(Path(folder).parent) not in card and str(model.path.parent) not in card and "/tmp/" not in card
    assert f"/{getpass.getuser()}/" not in card and f'"{socket.gethostname()}"' not in card


def test_a_folder_without_a_registry_gives_the_model_the_actors_and_targets_of_its_claims(ans_model, tmp_path):
    assert ans_model[1].card["registry"]["from"] == "dataset"  # a folder built by claims carries one
    folder = Path(shutil.copytree(ans_model[0], tmp_path / "dataset"))
    (folder / "registry.yaml").unlink()
    model = train_model(folder, tmp_path / "model", FAST)
    train = pd.read_parquet(folder / "data" / "train-00000-of-00001.parquet")
    assert model.card["registry"]["from"] == "training claims"
    assert {target.name for target in model.registry.targets} == set(train["target"].str.strip())
    assert [label.name for label in model.registry.labels] == ["support", "oppose", "neutral"]
    assert load_model(model.path).registry == model.registry


def test_train_takes_a_registry_file_and_a_name_and_refuses_a_bad_name(ans_model, run, tmp_path):
    folder, _ = ans_model
    registry = tmp_path / "registry.yaml"
    registry.write_text("actors:\n  - name: Saudi Aramco\n    aliases: [أرامكو]\n", encoding="utf-8")
    config = tmp_path / "fast.toml"
    config.write_text("c_grid = [0.3]\ncalibration_folds = 3\n")
    result = run("train", folder, "--out", tmp_path / "model", "--config", config, "--registry", registry,
                 "--name", "ans-svm")
    assert result.exit_code == 0, result.output
    model = load_model(tmp_path / "model")
    assert [actor.name for actor in model.registry.actors] == ["Saudi Aramco"] and model.registry.targets == ()
    assert model.origin.startswith("model:ans-svm@") and model.card["registry"]["from"] == str(registry)
    bad = run("train", folder, "--out", tmp_path / "other", "--name", "my model@2")
    assert bad.exit_code == 1 and not (tmp_path / "other").exists()
    assert bad.output == "Error: Model name 'my model@2': use up to 64 letters, digits, '.', '_' or '-'.\n"


def test_too_few_claims_of_a_label_is_one_line_before_any_fitting(run, tmp_path):
    rows = tmp_path / "few.csv"
    rows.write_text("text,stance\n" + "".join(f"Moscow rejected plan {i}.,oppose\n" for i in range(3))
                    + "Moscow welcomed the plan.,support\n", encoding="utf-8")
    for args in (["init"], ["import", rows, "--text", "text", "--target-value", "the plan", "--stance", "stance"],
                 ["dataset", "build", tmp_path / "small", "--split-by", "random", "--test-size", "0",
                  "--dev-size", "0"]):
        assert run(*args).exit_code == 0
    result = run("train", tmp_path / "small", "--out", tmp_path / "model")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.splitlines()[-1] == (
        "Error: The label 'support' has only 1 distinct training claim; a stance model needs at least 2 of each "
        "label. Annotate more claims, or build the dataset without that label.")
    assert not (tmp_path / "model").exists()
