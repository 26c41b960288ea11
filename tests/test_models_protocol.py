"""The protocol prediction asks of a model, and what importing the models loads."""
from __future__ import annotations

import subprocess
import sys

from claims.models import Model


def _loaded(*modules: str) -> set[str]:
    """The ``claims.*`` modules loaded by importing ``modules`` in a fresh interpreter."""
    code = (f"import sys; import {', '.join(modules)}; "
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('claims'))))")
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_a_trained_model_satisfies_the_protocol_prediction_uses(ans_model):
    _, model = ans_model
    assert isinstance(model, Model) and set(model.labels) == set(model.card["classes"])
    first = model.candidates()[0]
    assert model.stance_proba([{"text": "They welcomed it.", "target": first.name}]).shape == (
        1,
        len(model.labels),
    )
    assert model.ranked_targets([f"They spoke of {first.name}."], model.candidates(), 1) == [
        [(first.name, 1.0)]
    ]


def test_import_claims_and_the_models_package_loads_no_store():
    assert "claims.store" not in _loaded("claims", "claims.models", "claims.models.config")


def test_importing_the_models_and_prediction_does_not_import_the_store():
    loaded = _loaded("claims.models", "claims.models.train", "claims.predict")
    assert "claims.store" not in loaded
