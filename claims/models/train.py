"""Training end to end: a dataset folder in, a model directory out.

Orchestration only: it reads the train and validation splits (the only module
of ``claims.models`` that reads a dataset folder), chooses the registry the
model carries, calls ``stance.train_stance`` and ``TargetModel.fit``, writes the
card and the log, and saves through ``directory.save_model``. The test split is
never read.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timezone
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from claims import __version__
from claims.datafolder import DatasetFolder, open_folder, read_split, text_lengths
from claims.errors import ClaimsError, InputError, counted
from claims.evaluate import task_metric_name
from claims.models import encoder as sentence_encoder
from claims.models.claim_article import summarise_as_read
from claims.models.config import ENCODER_GROUPS, FEATURE_GROUPS, TrainConfig
from claims.models.directory import (
    FORMAT_VERSION,
    TrainedModel,
    library_versions,
    save_model,
)
from claims.models.features import as_rows
from claims.models.selection import LONG_TEXT, choose
from claims.models.stance import train_stance
from claims.models.target import TargetModel
from claims.records import Actor, Target
from claims.registry_file import SNAPSHOT_FILE, Registry
from claims.schema import Label
from claims.text import normalize

_NAME = re.compile(r"^[\w.-]{1,64}$")
LEAD = 2000  # characters of a statement the target model reads (see _train_target)


class Log:
    """Progress lines, with the seconds since training began: for the user and for train.log."""

    def __init__(self, progress: Callable[[str], None] | None):
        self.progress = progress
        self.started = time.perf_counter()
        self.lines: list[str] = []

    def __call__(self, message: str) -> None:
        line = f"[{time.perf_counter() - self.started:7.1f}s] {message}"
        self.lines.append(line)
        if self.progress:
            self.progress(line)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started


def _summarised_as_read(folder: DatasetFolder, config: TrainConfig | None) -> bool:
    """Whether the stance model reads article summaries: its configuration has the
    ``relevance`` features, or (chosen automatically) the texts are documents, whose
    every candidate has them (``selection.dataset_shape``, from the lengths alone)."""
    if config is not None:
        return "relevance" in config.features
    lengths = text_lengths(folder, "train") + text_lengths(folder, "validation")
    return bool(lengths) and int(np.median(lengths)) > LONG_TEXT


def _read_training_splits(folder: DatasetFolder, log: Log, summarised: bool = False,
                          ) -> tuple[pd.DataFrame, pd.DataFrame | None, list[str]]:
    """The train and validation rows; ``summarised``: each article summarised as its
    batch is read, so the full bodies are never all in memory."""
    each = partial(summarise_as_read, lead=LEAD) if summarised else None
    train, labels = read_split(folder, "train", each)
    dev = None
    if "validation" in folder.splits:
        dev, dev_labels = read_split(folder, "validation", each)
        if dev_labels != labels:
            raise InputError(str(folder.path),
                             f"the validation labels ({', '.join(dev_labels)}) differ "
                             f"from the train labels ({', '.join(labels)})")
    log(f"read {len(train):,} train and {0 if dev is None else len(dev):,} validation rows "
        f"from {Path(folder.path).name}"  # no absolute path in train.log
        + (", each article summarised as read" if summarised else ""))
    return train, dev, labels


def model_name(name: str | None, out: Path) -> str:
    """The NAME of ``model:NAME@VERSION``: ``name`` (refused unless letters, digits,
    '.', '_' and '-') or the model directory's name made so."""
    if name is not None:
        if not _NAME.fullmatch(name):
            raise ClaimsError(f"Model name {name!r}: use up to 64 letters, digits, '.', '_' "
                              "or '-'.")
        return name
    return re.sub(r"[^\w.-]+", "-", out.resolve().name).strip("-")[:64] or "model"


def training_registry(folder: DatasetFolder, train: pd.DataFrame, labels: list[str],
                      registry: str | Path | None = None) -> tuple[Registry, str]:
    """The registry a model is trained with, and where it came from: the file
    ``registry`` when given, else the dataset folder's own snapshot, else (for a
    folder built without one) the actors and targets of the training claims."""
    if registry is not None:
        return Registry.read(registry), str(registry)
    if (folder.path / SNAPSHOT_FILE).is_file():
        return Registry.read(folder.path / SNAPSHOT_FILE), "dataset"
    # Names are stripped as a registry file strips them; a folder built by claims has no others.
    train = train.assign(target=train["target"].str.strip(),
                         actor=train["actor"].fillna("").str.strip())
    # Names that normalise alike ("AfD", "AFD") are one entry, as a registry holds them.
    targets = train[train["target"] != ""]
    targets = targets[~targets["target"].map(normalize).duplicated()]
    actors = train[train["actor"] != ""]
    actors = actors[~actors["actor"].map(normalize).duplicated()]
    actor_kinds = actors["actor_kind"] if "actor_kind" in actors else [None] * len(actors)
    return Registry(
        tuple(Actor(None, name, kind or "organisation")
              for name, kind in zip(actors["actor"], actor_kinds)),
        tuple(Target(None, name, kind or "topic", text if text and text != name else None)
              for name, kind, text in zip(targets["target"], targets["target_kind"],
                                          targets["target_text"])),
        tuple(Label(label, "") for label in labels),
    ), "training claims"



def _train_target(train: pd.DataFrame, dev: pd.DataFrame | None,
                  seed: int) -> tuple[TargetModel, dict]:
    """The target model fitted on ``train`` (threshold tuned on ``dev`` when given), and its
    card entry. It reads a statement's first ``LEAD`` characters: an article's title and
    lead name its subject, and its whole body would make the cost grow with the body."""
    columns = ["text", "target_text"]
    train, dev = (None if rows is None else rows.assign(
        text=rows["lead"] if "lead" in rows else rows["text"].str.slice(0, LEAD))
        for rows in (train, dev))
    if dev is None or dev.empty:
        model = TargetModel(random_state=seed).fit(train[columns], train["target"])
    else:
        model = TargetModel(random_state=seed).fit(train[columns], train["target"], dev[columns],
                                                   dev["target"])
    return model, {"targets": len(model.known_), "threshold": round(model.threshold_, 4),
                   "tuned_on": model.tuned_on_, "tuning_accuracy": round(model.tuning_accuracy_, 4)}


def train_model(dataset: str | Path, out: str | Path, config: TrainConfig | None = None,
                progress: Callable[[str], None] | None = None, registry: str | Path | None = None,
                name: str | None = None, seed: int = 0) -> TrainedModel:
    """Train the stance and target models on a dataset folder's train split (tuning
    on its validation split) and write the model directory ``out``, named ``name``
    (default: the directory's name), with the registry it is trained with (see
    ``training_registry``).

    Without ``config`` the features, C and class weighting are chosen by
    ``claims.models.selection`` (seeded by ``seed``) on train and validation
    pooled, and the stance model is fitted on both. The test split is never read.

    >>> model = train_model("out/dataset", "out/model", TrainConfig(seed=1))  # doctest: +SKIP
    """
    name = model_name(name, Path(out))
    log = Log(progress)
    folder = open_folder(dataset, need="train")
    train, dev, labels = _read_training_splits(folder, log, _summarised_as_read(folder, config))
    snapshot, registry_source = training_registry(folder, train, labels, registry)
    log(f"registry from {registry_source}: {len(snapshot.actors):,} actors, "
        f"{len(snapshot.targets):,} targets")
    train_rows, dev_rows = as_rows(train), None if dev is None else as_rows(dev)
    choice = None
    if config is None:
        metric = task_metric_name(folder.metric) or "macro_f1"
        pooled = (train_rows if dev_rows is None
                  else pd.concat([train_rows, dev_rows], ignore_index=True))
        config, choice = choose(pooled, labels, metric, seed, log)
        if dev_rows is not None:
            log(f"fitting the chosen model on train and validation ({len(pooled):,} rows)")
        stance, stance_info = train_stance(config, pooled, None, labels, log)
        stance_info["tuning"] = choice
    else:
        stance, stance_info = train_stance(config, train_rows, dev_rows, labels, log)
    stance_seconds = log.seconds
    log("training the target model")
    target, target_info = _train_target(train_rows, dev_rows, config.seed)
    log(f"target model: {counted(target_info['targets'], 'target')}, "
        f"threshold {target_info['threshold']}")
    counts = train["stance"].value_counts()
    card = {
        "name": name, "version": None,  # the version is set when the files are written
        "claims_version": __version__, "format_version": FORMAT_VERSION,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "labels": labels, "classes": stance_info["classes"],
        "config": asdict(config), "features": [g for g in FEATURE_GROUPS if g in config.features],
        "feature_count": stance_info["feature_count"],
        "dataset": {"name": Path(folder.path).name, "fingerprint": folder.fingerprint,
                    "metric": folder.metric,
                    "sizes": {"train": len(train), "validation": 0 if dev is None else len(dev)},
                    "train_label_counts": {label: int(counts.get(label, 0)) for label in labels}},
        "registry": {"file": SNAPSHOT_FILE, "from": registry_source, "actors": len(snapshot.actors),
                     "targets": len(snapshot.targets)},
        "tuning": stance_info["tuning"], "dev_metrics": stance_info["dev_metrics"],
        "target_model": target_info,
        "libraries": library_versions(),
    }
    if set(ENCODER_GROUPS) & set(config.features):  # checked at load (directory.load_model)
        card["encoder"] = sentence_encoder.identity()
    card["seconds"] = {"stance": round(stance_seconds, 2), "total": round(log.seconds, 2)}
    log(f"done in {log.seconds:.1f}s")
    model = TrainedModel(card, stance, target, snapshot)
    model.path = save_model(model, out, log.lines)
    return model
