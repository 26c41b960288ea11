"""Training end to end: from a dataset folder to a model directory, through the library and
the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from claims import TrainConfig, evaluate_model, load_model, train_model
from claims.dataset import BuildOptions
from claims.errors import InputError
from tests.conftest import FAST_TRAINING, build_from_recipe, recipe_slice

FAST = TrainConfig(**FAST_TRAINING)


def test_train_never_reads_the_test_split(emergent_dataset, tmp_path):
    folder = shutil.copytree(emergent_dataset, tmp_path / "emergent")
    test_file = next((folder / "data").glob("test-*.parquet"))
    test_file.write_bytes(b"not parquet at all")
    model = train_model(folder, tmp_path / "model", FAST)
    assert model.card["dataset"]["sizes"] == {"train": 900, "validation": 0}
    with pytest.raises(InputError, match="cannot read parquet"):
        evaluate_model(model, folder, "test")


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
    result = run(
        "evaluate", tmp_path / "model", folder, "--split", "validation", "--report", tmp_path / "r"
    )
    assert (
        result.exit_code == 0
        and "majority" in result.output
        and "Confusion matrix" in result.output
    )
    assert (tmp_path / "r" / "confusion.png").exists()


def test_cli_errors_are_one_line_with_exit_status_1(ans_model, run, tmp_path):
    folder, model = ans_model
    (tmp_path / "empty").mkdir()
    result = run("train", tmp_path / "empty", "--out", tmp_path / "m")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path / 'empty'}: not a claims dataset folder (no claims.json); "
        "build one with 'claims dataset build'\n"
    )
    source = recipe_slice("ibm-claim-stance", tmp_path / "source", {
        "claim_stance_dataset_v1.csv": lambda rows: rows[rows["split"] == "test"].head(20)})
    only_test = build_from_recipe("ibm-claim-stance", source, tmp_path / "only-test")
    result = run("train", only_test, "--out", tmp_path / "m")
    assert result.exit_code == 1
    assert (
        result.output
        == f"Error: {only_test}: no train split (data/train-*.parquet); the splits here: test\n"
    )
    config = tmp_path / "bad.toml"
    config.write_text("c_grid = [0.3]\nlearning_rate = 2\n")
    result = run("train", folder, "--out", tmp_path / "m", "--config", config)
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: {config}: unknown key(s) learning_rate; allowed: description, features,"
    )
    assert len(result.output.splitlines()) == 1
    result = run("evaluate", tmp_path / "empty", folder)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path / 'empty'}: not a complete model directory (missing model.json, "
        "stance.skops, target.skops, registry.yaml, train.log); train one with 'claims train'\n"
    )
    result = run("evaluate", model.path, folder, "--split", "nope")
    assert result.exit_code == 1
    assert (
        result.output == f"Error: {folder}: no nope split (data/nope-*.parquet); the splits here: "
        "train, validation, test\n"
    )


def test_a_folder_without_a_registry_gives_the_model_the_actors_and_targets_of_its_claims(
    ans_model, tmp_path
):
    assert (
        ans_model[1].card["registry"]["from"] == "dataset"
    )  # a folder built by claims carries one
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
    registry.write_text(
        "actors:\n  - name: Saudi Aramco\n    aliases: [أرامكو]\n", encoding="utf-8"
    )
    config = tmp_path / "fast.toml"
    config.write_text("c_grid = [0.3]\ncalibration_folds = 3\n")
    result = run(
        "train", folder, "--out", tmp_path / "model",
        "--config", config, "--registry", registry, "--name", "ans-svm",
    )
    assert result.exit_code == 0, result.output
    model = load_model(tmp_path / "model")
    assert [actor.name for actor in model.registry.actors] == [
        "Saudi Aramco"
    ] and model.registry.targets == ()
    assert model.origin.startswith("model:ans-svm@") and model.card["registry"]["from"] == str(
        registry
    )
    bad = run("train", folder, "--out", tmp_path / "other", "--name", "my model@2")
    assert bad.exit_code == 1 and not (tmp_path / "other").exists()
    assert (
        bad.output
        == "Error: Model name 'my model@2': use up to 64 letters, digits, '.', '_' or '-'.\n"
    )


def test_too_few_claims_of_a_label_is_one_line_before_any_fitting(run, tmp_path):
    rows = tmp_path / "few.csv"
    rows.write_text(
        "text,stance\n"
        + "".join(f"Moscow rejected plan {i}.,oppose\n" for i in range(3))
        + "Moscow welcomed the plan.,support\n",
        encoding="utf-8",
    )
    for args in (
        ["init"],
        ["import", rows, "--text", "text", "--target-value", "the plan", "--stance", "stance"],
        [
            "dataset", "build", tmp_path / "small",
            "--split-by", "random", "--test-size", "0", "--dev-size", "0",
        ],
    ):
        assert run(*args).exit_code == 0
    result = run("train", tmp_path / "small", "--out", tmp_path / "model")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.splitlines()[-1] == (
        "Error: The label 'support' has only 1 distinct training claim; a stance model needs at "
        "least 2 of each "
        "label. Annotate more claims with it, or import the data again with --label-map folding it "
        "into another label."
    )
    assert not (tmp_path / "model").exists()


def test_evaluating_on_the_training_split_says_so(ans_model, run):
    folder, model = ans_model
    assert evaluate_model(model, folder, "test")["warnings"] == []
    result = run("evaluate", model.path, folder, "--split", "train", "--format", "json")
    assert result.exit_code == 0
    assert "Warning: The model was trained on this train split" in result.stderr
    assert json.loads(result.stdout)["warnings"][0].startswith(
        "The model was trained on this train"
    )


def test_training_on_few_rows_warns(project, tmp_path, run):
    from tests.conftest import DATASETS

    project.import_recipe("ans", DATASETS / "ans-sample", limit=80)
    project.build_dataset(tmp_path / "small", BuildOptions(split_by="given"))
    config = tmp_path / "fast.toml"
    config.write_text("c_grid = [0.3]\ncalibration_folds = 2\n")
    result = run("train", tmp_path / "small", "--out", tmp_path / "model", "--config", config)
    assert result.exit_code == 0, result.output
    assert ("Warning: Only 80 train rows: below 100, one row moves the scores by a point or more, "
            "so they mean little") in result.stderr
    result = run("evaluate", tmp_path / "model", tmp_path / "small")
    assert "Warning: Only 80 test rows" in result.stderr


def test_a_configured_c_grid_on_pairs_is_cross_validated_with_folds_grouped_by_claim(
        emergent_dataset, tmp_path):
    config = TrainConfig(features=["statement_words", "target_words"], c_grid=[0.1, 1.0],
                         cv_folds=3, calibration_folds=2)
    model = train_model(emergent_dataset, tmp_path / "model", config)
    tuning = model.card["tuning"]  # Emergent's test claims are new: so are each fold's
    assert tuning["method"] == "3-fold cross-validation on train, grouped by target"
    assert [entry["C"] for entry in tuning["grid"]] == [0.1, 1.0]
    assert "choosing C by 3-fold cross-validation on train, grouped by target" in (
        tmp_path / "model" / "train.log").read_text()
