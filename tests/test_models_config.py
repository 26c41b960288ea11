"""The training configuration: its keys, its checks, the seed override."""
from __future__ import annotations

import pytest

from claims import TrainConfig
from claims.errors import InputError


def test_config_keys_are_checked_and_every_problem_is_listed(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('classifier = "forest"\nc_grid = [0]\nfeatures = ["words"]\n')
    with pytest.raises(InputError) as error:
        TrainConfig.load(path)
    assert str(error.value) == (
        f"{path}: unknown feature group 'words'; classifier = 'forest'; use one of: "
        "logistic, linear_svm, nb_svm, stacked_svm; c_grid must be a list of positive numbers")
    assert TrainConfig.load(None, seed=7).seed == 7


def test_the_keys_are_the_fields_and_reading_them_loads_no_sklearn():
    import subprocess
    import sys

    assert TrainConfig.keys()[:3] == ["description", "features", "classifier"]
    code = ("import sys, claims.models.config; "
            "print(any(m.startswith('sklearn') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False"
