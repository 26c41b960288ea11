"""A model directory: what a trained model is on disk, and the model it loads back as.

A directory holds ``stance.skops`` and ``target.skops`` (loaded only with the
explicit ``TRUSTED_TYPES``), ``registry.yaml`` (the registry the model was
trained with, read as data, never executed), ``model.json`` (name, version,
labels, library versions, figures; its ``format_version`` must be this claims')
and ``train.log``: all that prediction needs, without the training data. A
model's version is a hash of the files that make its predictions.

``TrainedModel`` is what ``load_model`` gives back; it satisfies
``claims.models.Model``, the protocol prediction uses.
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd
import skops.io as sio
from sklearn.pipeline import Pipeline

from claims import __version__
from claims.errors import ClaimsError, InputError
from claims.models import Candidate, candidates_of
from claims.models.features import as_rows
from claims.models.target import TargetModel
from claims.registry_file import SNAPSHOT_FILE, Registry

# 4: the custom types moved from claims.model to claims.models.features; files of
# version 3 name types this claims no longer has.
FORMAT_VERSION = 4
MODEL_FILES = ("model.json", "stance.skops", "target.skops", SNAPSHOT_FILE, "train.log")

TRUSTED_TYPES = sorted({
    "claims.models.features.CharHasher", "claims.models.features.PairSimilarity",
    "claims.models.features.pair_frame", "claims.models.features.cue_stance_tags",
    "claims.models.pairs.alignment_tags", "claims.models.pairs.alignment_flags",
    "claims.models.claim_article.summarise_rows", "sklearn.preprocessing._data.MaxAbsScaler",
    "sklearn.pipeline.Pipeline", "sklearn.pipeline.FeatureUnion",
    "sklearn.compose._column_transformer.ColumnTransformer",
    "sklearn.preprocessing._discretization.KBinsDiscretizer",
    "sklearn.preprocessing._function_transformer.FunctionTransformer",
    "sklearn.preprocessing._encoders.OneHotEncoder", "sklearn.preprocessing._data.StandardScaler",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.HashingVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression", "sklearn.svm._classes.LinearSVC",
    "sklearn.calibration.CalibratedClassifierCV", "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration", "sklearn.calibration._TemperatureScaling",
    "sklearn.isotonic.IsotonicRegression", "sklearn.model_selection._split.StratifiedKFold",
    "sklearn.utils._bunch.Bunch", "sklearn.compose._column_transformer._RemainderColsList",
    "builtins.slice", "builtins.getattr", "numpy.dtype", "numpy.ndarray", "numpy.float64",
    "numpy.int64", "numpy.str_", "numpy.bool_", "numpy.random.mtrand.RandomState",
    "scipy.sparse._csr.csr_matrix", "scipy.sparse._csr.csr_array",
})


@dataclass
class TrainedModel:
    """A loaded model directory (or a model just trained): the card, the two
    models and the registry they were trained with."""

    card: dict
    stance: Pipeline
    target: TargetModel
    registry: Registry
    path: Path | None = None

    @property
    def origin(self) -> str:
        """How claims predicted by this model are marked: ``model:NAME@VERSION``."""
        return f"model:{self.card['name']}@{self.card['version']}"

    @property
    def labels(self) -> list[str]:
        """The stance labels it predicts, in the order of ``stance_proba``'s columns."""
        return [str(label) for label in self.stance.classes_]

    def stance_proba(self, rows: pd.DataFrame | Iterable[Mapping[str, str]]) -> np.ndarray:
        """Probabilities of ``labels`` for each row (text, target, target_text, actor)."""
        return self.stance.predict_proba(as_rows(rows))

    def predict_stance(self, rows: pd.DataFrame | Iterable[Mapping[str, str]]) -> list[str]:
        proba = self.stance_proba(rows)
        return [self.labels[i] for i in proba.argmax(axis=1)]

    def ranked_targets(self, texts: Sequence[str], candidates: Sequence[Candidate],
                       most: int = 1) -> list[list[tuple[str, float]]]:
        """For each text, up to ``most`` candidates at or above the target model's threshold."""
        return self.target.ranked(list(texts), candidates, most)

    def candidates(self) -> list[Candidate]:
        """The targets of the model's registry, with their descriptions and aliases."""
        return candidates_of(self.registry)


def _dump(obj, path: Path) -> None:
    data = sio.dumps(obj)
    unexpected = sorted(set(sio.get_untrusted_types(data=data)) - set(TRUSTED_TYPES))
    if unexpected:  # a new estimator was added without being declared trusted
        raise ClaimsError(f"Cannot save {path.name}: types not in the trusted list: "
                          f"{', '.join(unexpected)}.")
    path.write_bytes(sio.dumps(obj, compression=zipfile.ZIP_DEFLATED))


def load_skops(path: Path):
    """Load a skops file, refusing one that holds any type outside ``TRUSTED_TYPES``."""
    try:
        found = sio.get_untrusted_types(file=path)
    except Exception as error:  # a damaged zip or schema raises many types
        first = str(error).splitlines()[0]
        raise InputError(str(path), f"not a readable skops file ({first})") from None
    untrusted = sorted(set(found) - set(TRUSTED_TYPES))
    if untrusted:
        raise InputError(str(path), f"refusing to load untrusted types: {', '.join(untrusted)}")
    return sio.load(path, trusted=TRUSTED_TYPES)


def library_versions() -> dict[str, str]:
    names = ("scikit-learn", "skops", "numpy", "scipy", "pandas", "datasets")
    return {"python": platform.python_version(), **{name: metadata.version(name) for name in names}}


def save_model(model: TrainedModel, out: str | Path, log_lines: list[str]) -> Path:
    """Write the model directory: into a temporary folder beside ``out``, then moved
    into place. Sets the card's version (a hash of the files written)."""
    out = Path(out)
    foreign = out.is_dir() and any(out.iterdir()) and not (out / "model.json").exists()
    if out.exists() and (not out.is_dir() or foreign):
        raise ClaimsError(f"{out} exists and is not a model directory; choose another --out.")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a model directory is an ordinary folder
    try:
        _dump(model.stance, staging / "stance.skops")
        _dump(model.target.parts(), staging / "target.skops")
        model.registry.write(staging / SNAPSHOT_FILE)
        Registry.read(staging / SNAPSHOT_FILE)  # unreadable: fail now, not at prediction
        model.card["version"] = _content_version(staging)
        text = json.dumps(model.card, ensure_ascii=False, indent=2) + "\n"
        (staging / "model.json").write_text(text, encoding="utf-8")
        (staging / "train.log").write_text("\n".join(log_lines) + "\n", encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        os.replace(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out


def load_model(path: str | Path) -> TrainedModel:
    """A model directory written by ``claims train``; refuses incomplete ones, another
    format version and skops files holding untrusted types."""
    path = Path(path)
    if not path.is_dir():
        raise InputError(str(path), "no such model directory; train one with 'claims train'")
    missing = [name for name in MODEL_FILES if not (path / name).is_file()]
    # The format first: a directory of an older format lacks files for that reason.
    card = _read_card(path / "model.json") if "model.json" not in missing else None
    if missing:
        raise InputError(str(path), f"not a complete model directory (missing "
                                    f"{', '.join(missing)}); train one with 'claims train'")
    stance = load_skops(path / "stance.skops")
    target = TargetModel.restored(**load_skops(path / "target.skops"),
                                  threshold=float(card["target_model"]["threshold"]))
    return TrainedModel(card, stance, target, Registry.read(path / SNAPSHOT_FILE), path)


def _read_card(card_path: Path) -> dict:
    """A model's ``model.json``, refused unless it is of this claims' format."""
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(str(card_path), f"not valid JSON ({error})") from None
    version = card.get("format_version") if isinstance(card, dict) else None
    if version != FORMAT_VERSION:
        raise InputError(str(card_path.parent), f"model format version {version}, but this claims "
                                                f"{__version__} reads version {FORMAT_VERSION}; "
                                                "retrain it with 'claims train'")
    return card


def _content_version(folder: Path) -> str:
    """A model's version: the first 12 hex digits of a hash of the files that
    make its predictions, so two different models never share one."""
    digest = hashlib.sha256()
    for name in ("stance.skops", "target.skops", SNAPSHOT_FILE):
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()[:12]
