"""Hostile model directories and killed replacements: crafted skops files, tampered
files, lying cards, and a kill between the two renames that replace a folder."""
from __future__ import annotations

import builtins
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import skops.io as sio
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from claims import Project, load_model
from claims.dataset import BuildOptions
from claims.errors import InputError
from claims.folders import STOP_BETWEEN_RENAMES
from claims.models import directory, encoder
from claims.models.config import TrainConfig
from claims.models.directory import (
    TRUSTED_TYPES,
    save_model,
    signed,
    skops_types,
)
from claims.models.stance import train_stance

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"


def _tiny_rows() -> pd.DataFrame:
    words = ["the", "minister", "said", "denied", "welcomed", "rejects", "oil", "deal", "peace",
             "talks", "sanctions"]
    return pd.DataFrame([{
        "text": " ".join(words[(i * k) % len(words)] for k in range(1, 6)),
        "target": ("peace talks", "oil deal", "sanctions")[i % 3], "target_text": "",
        "actor": ("Russia", "Iran")[i % 2], "stance": ("support", "oppose", "neutral")[i % 3],
    } for i in range(30)])


def test_the_trusted_types_are_exactly_those_our_pipelines_hold(ans_model, tmp_path):
    _, model = ans_model  # the default feature groups
    found = skops_types(model.path / "stance.skops") | skops_types(model.path / "target.skops")
    for number, (classifier, calibration, features) in enumerate((  # every classifier,
            ("logistic", "sigmoid", ["cues"]), ("logistic", "isotonic", ["cues"]),  # calibration,
            ("linear_svm", "temperature", ["cue_stance"]), ("nb_svm", "temperature", ["cues"]),
            # and opt-in feature group
            ("linear_svm", "temperature", ["alignment", "relevance", "polarity", "cue_kinds"]),
            *([("linear_svm", "temperature", ["encoder", "encoder_polarity", "encoder_topic"]),
               ("stacked_svm", "temperature", ["cues", "encoder"])]
              if encoder.available() else []))):
        config = TrainConfig(features=features, classifier=classifier, calibration=calibration,
                             c_grid=[1.0], calibration_folds=2, cv_folds=2)
        pipeline, _ = train_stance(config, _tiny_rows(), None, ["support", "oppose", "neutral"],
                                   lambda line: None)
        sio.dump(pipeline, tmp_path / f"{number}.skops")
        found |= skops_types(tmp_path / f"{number}.skops")
    assert sorted(found) == [name for name in TRUSTED_TYPES  # the encoder may be unusable here
                             if encoder.available()
                             or not any(part in name for part in (".encoder.", ".stacking."))]
    assert not [name for name in TRUSTED_TYPES if name.startswith("builtins.")
                and name not in ("builtins.dict", "builtins.list", "builtins.slice", "builtins.str",
                                 "builtins.tuple")]


def _copy(model_dir: Path, to: Path) -> Path:
    to.mkdir()
    for path in model_dir.iterdir():
        (to / path.name).write_bytes(path.read_bytes())
    return to


def _restamp(folder: Path) -> None:
    """Give model.json the hash of the files, as someone crafting a whole directory would."""
    card = json.loads((folder / "model.json").read_text())
    (folder / "model.json").write_text(json.dumps(signed(card, folder)))


@pytest.mark.parametrize("func, name", [(builtins.exec, "builtins.exec"),
                                        (getattr, "builtins.getattr"),
                                        (os.system, "posix.system")])
def test_a_crafted_skops_reaching_builtins_is_refused_in_one_line(ans_model, tmp_path, run, func,
                                                                  name):
    _, model = ans_model
    crafted = _copy(model.path, tmp_path / "crafted")
    evil = Pipeline([("pairs", FunctionTransformer(func, kw_args={"source": "open('owned','w')"}))])
    sio.dump(evil, crafted / "stance.skops")
    _restamp(crafted)
    with pytest.raises(InputError) as error:
        load_model(crafted)
    assert str(error.value) == (f"{crafted / 'stance.skops'}: refusing to load untrusted types: "
                                f"{name}")
    (tmp_path / "a.txt").write_text("The minister said no.", encoding="utf-8")
    result = run("predict", crafted, tmp_path / "a.txt")
    assert result.exit_code == 1 and len(result.output.splitlines()) == 1
    assert "refusing to load untrusted types" in result.output and not Path("owned").exists()


def test_a_skops_file_that_unpacks_too_large_is_refused(ans_model, tmp_path, monkeypatch):
    _, model = ans_model
    monkeypatch.setattr(directory, "MAX_SKOPS_BYTES", 1000)
    with pytest.raises(InputError, match=r"stance.skops: unpacks to more than"):
        load_model(model.path)


def test_a_tampered_model_is_refused_by_its_hash(ans_model, tmp_path):
    _, model = ans_model
    tampered = _copy(model.path, tmp_path / "tampered")
    stance = sio.load(tampered / "stance.skops", trusted=TRUSTED_TYPES)
    classifier = stance.named_steps["classifier"]
    classifier.classes_ = classifier.classes_[::-1].copy()  # flips every prediction
    sio.dump(stance, tampered / "stance.skops")
    with pytest.raises(InputError) as error:
        load_model(tampered)
    assert str(error.value) == (f"{tampered}: its stance.skops changed since training "
                                "(model.json records another sha256); retrain it with "
                                "'claims train'")


def test_a_model_card_changed_since_training_is_refused_by_its_hash(ans_model, tmp_path):
    _, model = ans_model
    edited = _copy(model.path, tmp_path / "edited")
    card = json.loads((edited / "model.json").read_text())
    card["target_model"]["threshold"] = 0.013  # more targets for every statement
    (edited / "model.json").write_text(json.dumps(card))
    with pytest.raises(InputError) as error:
        load_model(edited)
    assert str(error.value).startswith(f"{edited}: its model.json has changed since training")


@pytest.mark.parametrize("change, problem", [
    (lambda card: card.pop("target_model"), "the target model's threshold None is not a number"),
    (lambda card: card["target_model"].update(threshold="abc"),
     "the target model's threshold 'abc' is not a number"),
    (lambda card: card.update(name="ans\nhuman:omar"), "the model name 'ans\\nhuman:omar' is not"),
    (lambda card: card.update(version=None), "the version None is not 12 hex digits"),
    (lambda card: card.update(labels="support"), "'labels' is not a list of label names"),
])
def test_a_lying_model_card_is_one_line(ans_model, tmp_path, change, problem):
    _, model = ans_model
    lying = _copy(model.path, tmp_path / "lying")
    card = json.loads((lying / "model.json").read_text())
    change(card)
    (lying / "model.json").write_text(json.dumps(card))
    with pytest.raises(InputError) as error:
        load_model(lying)
    assert str(error.value).startswith(f"{lying / 'model.json'}: {problem}")
    assert "\n" not in str(error.value).replace("\\n", "")


def _killed(script: str, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, STOP_BETWEEN_RENAMES: "1", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", script, *map(str, args)], check=False,
                          env=env,
                          capture_output=True, text=True, timeout=600)


def test_a_model_replacement_killed_between_renames_keeps_the_old_model(ans_model, tmp_path):
    _, model = ans_model
    out = _copy(model.path, tmp_path / "model")
    version = json.loads((out / "model.json").read_text())["version"]
    stale = tmp_path / ".model.model-killed"  # a run killed while writing
    stale.mkdir()
    script = ("import sys; from claims import load_model; from claims.models.directory import "
              "save_model; save_model(load_model(sys.argv[1]), sys.argv[2], ['again'])")
    result = _killed(script, model.path, out)
    assert result.returncode == -9, result.stderr
    assert not out.exists() and (tmp_path / ".model.old" / "model.json").is_file()
    fresh = load_model(model.path)
    save_model(fresh, out, ["after the kill"])  # the next run restores, then replaces
    assert load_model(out).card["version"] == fresh.card["version"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert (out / "train.log").read_text() == "after the kill\n" and version


def test_a_dataset_rebuild_killed_between_renames_keeps_the_old_dataset(tmp_path):
    with Project.init(tmp_path / "claims.db") as project:
        project.import_recipe("ans", DATASETS / "ans-sample", limit=60)
        out = tmp_path / "dataset"
        project.build_dataset(out, BuildOptions(split_by="given"))
    before = sorted(p.name for p in out.rglob("*"))
    (tmp_path / ".dataset.build-killed").mkdir()
    result = _killed("from claims.cli import cli; cli()", "--db", tmp_path / "claims.db",
                     "dataset", "build", out, "--split-by", "given")
    assert result.returncode == -9, result.stderr
    assert not out.exists() and (tmp_path / ".dataset.old" / "claims.json").is_file()
    with Project(tmp_path / "claims.db") as project:
        project.build_dataset(out, BuildOptions(split_by="given"))
    assert sorted(p.name for p in out.rglob("*")) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
