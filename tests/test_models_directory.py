"""A model directory: its files, loading it back (in another process too), refusing what it must."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from sklearn.preprocessing import FunctionTransformer

from claims import load_model
from claims.errors import InputError
from claims.models.directory import FORMAT_VERSION, signed


def test_a_model_directory_holds_the_pipelines_the_card_and_the_log(ans_model):
    _, model = ans_model
    assert sorted(path.name for path in model.path.iterdir()) == [
        "model.json", "registry.yaml", "stance.skops", "target.skops", "train.log",
    ]
    card = json.loads((model.path / "model.json").read_text())
    assert card["format_version"] == FORMAT_VERSION == 5 and card["labels"] == [
        "support", "oppose", "neutral",
    ]
    assert card["dataset"]["sizes"] == {"train": 900, "validation": 250}
    assert card["tuning"]["method"] == "validation" and card["dev_metrics"]["rows"] == 250
    assert set(card["libraries"]) >= {"scikit-learn", "skops", "numpy"}
    assert "chose C=0.3" in (model.path / "train.log").read_text()


def test_a_reloaded_model_in_a_new_process_predicts_the_same(ans_model):
    folder, model = ans_model
    rows = pd.read_parquet(next((folder / "data").glob("test-*.parquet")))
    expected = model.stance_proba(rows)
    script = (
        "import json, sys, pandas as pd; from claims import load_model; "
        "m = load_model(sys.argv[1]); rows = pd.read_parquet(sys.argv[2]); "
        "print(json.dumps({'labels': m.predict_stance(rows), 'proba': "
        "m.stance_proba(rows).tolist()}))"
    )
    result = subprocess.run([sys.executable, "-c", script, str(model.path),
                             str(next((folder / "data").glob("test-*.parquet")))],
                            capture_output=True, text=True, check=True)
    reloaded = json.loads(result.stdout)
    assert reloaded["labels"] == model.predict_stance(rows)
    np.testing.assert_allclose(reloaded["proba"], expected, rtol=0, atol=1e-12)


def _copy(model_dir: Path, to: Path, names: tuple[str, ...]) -> Path:
    to.mkdir()
    for name in names:
        (to / name).write_bytes((model_dir / name).read_bytes())
    return to


def test_a_skops_file_with_an_untrusted_type_is_refused(ans_model, tmp_path):
    _, model = ans_model
    crafted = _copy(
        model.path, tmp_path / "crafted",
        ("model.json", "target.skops", "registry.yaml", "train.log"),
    )
    sio.dump(FunctionTransformer(os.system), crafted / "stance.skops")
    card = json.loads((crafted / "model.json").read_text())  # crafted whole: the hash matches
    (crafted / "model.json").write_text(json.dumps(signed(card, crafted)))
    with pytest.raises(InputError) as error:
        load_model(crafted)
    assert (
        str(error.value)
        == f"{crafted / 'stance.skops'}: refusing to load untrusted types: posix.system"
    )


def test_a_model_directory_of_another_format_or_incomplete_is_refused(ans_model, tmp_path):
    _, model = ans_model
    other = _copy(model.path, tmp_path / "other", ("stance.skops", "target.skops", "train.log"))
    card = json.loads((model.path / "model.json").read_text())
    for older in (2, 3, 4):  # 3 named the types claims.model.*, gone; 4 hashed no card
        (other / "model.json").write_text(json.dumps({**card, "format_version": older}))
        with pytest.raises(
            InputError,
            match=rf"model format version {older}, but this claims .* reads version 5; "
            "retrain",
        ):
            load_model(
                other
            )  # a directory of an older format is told so, not that it lacks registry.yaml
    (other / "model.json").write_text(json.dumps({**card, "format_version": 99}))
    with pytest.raises(
        InputError, match=r"model format version 99, but this claims .* reads version 5; retrain"
    ):
        load_model(other)
    (other / "model.json").write_text(json.dumps(card))
    (other / "target.skops").unlink()
    with pytest.raises(
        InputError, match=r"not a complete model directory \(missing target.skops, registry.yaml\)"
    ):
        load_model(other)


def test_the_model_card_holds_no_absolute_path_user_or_host(ans_model):
    import getpass
    import socket

    folder, model = ans_model
    card = (model.path / "model.json").read_text(encoding="utf-8")
    assert (
        str(Path(folder).parent) not in card
        and str(model.path.parent) not in card
        and "/tmp/" not in card
    )
    assert f"/{getpass.getuser()}/" not in card and f'"{socket.gethostname()}"' not in card
