"""The model with no training: what ``claims predict cues`` predicts with.

A target is found where one of its registered names or aliases is written in the
statement (``claims.mentions.MentionFinder``), and the stance comes from the
reporting cue alone (``claims.cuestance``): ``labels`` is empty, so prediction
never takes a stance from this model. It satisfies ``claims.models.Model``.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from claims.mentions import MentionFinder
from claims.models import Candidate
from claims.registry_file import Registry

NAME = "cues"  # what ``claims predict`` takes in place of a model directory
TARGET_CONFIDENCE = 1.0  # a registered alias written in the statement names its target


@dataclass
class CueModel:
    """Targets by their registered aliases; no stance of its own."""

    registry: Registry = field(default_factory=Registry)
    path: None = None
    origin: str = f"model:{NAME}@1"

    @property
    def labels(self) -> list[str]:
        return []

    def stance_proba(self, rows: Iterable[Mapping[str, str]]) -> list[list[float]]:
        """No probabilities: one empty row per input row."""
        return [[] for _ in rows]

    def ranked_targets(self, texts: Sequence[str], candidates: Sequence[Candidate],
                       most: int = 1) -> list[list[tuple[str, float]]]:
        """For each text, up to ``most`` candidates whose name or an alias it writes,
        in order of appearance."""
        finder = MentionFinder(("target", c.name, alias) for c in candidates
                               for alias in (c.name, *c.aliases))
        found = []
        for text in texts:
            names = dict.fromkeys(m.name for m in finder.find(text) if m.kind == "target")
            found.append([(name, TARGET_CONFIDENCE) for name in list(names)[:most]])
        return found
