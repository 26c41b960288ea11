"""What ``claims train`` may be told: the training configuration and its checks.

Kept apart from the rest of ``claims.models`` and free of scikit-learn, so that
reading a configuration (and the CLI's help) starts fast.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from claims.errors import InputError, require_file

FEATURE_GROUPS = ("statement_words", "statement_chars", "target_words", "difference", "similarity",
                  "cues", "cue_kinds", "topic", "topic_words", "actor", "cue_stance", "alignment",
                  "relevance", "polarity", "encoder", "encoder_polarity", "encoder_topic")
# Groups used only where a config (or the automatic choice) names them: which kinds of stance
# cue each side has, what the reporting verb says (claims.cuestance), pair alignment, an
# article's relevance to its claim, the statement's words signed by the target's direction
# (for or against something), and a pretrained sentence encoder's pair features, its signed
# statement embedding and its statement embedding per topic (claims.models.encoder, an
# optional package).
OPT_IN = ("cue_kinds", "cue_stance", "alignment", "relevance", "polarity", "encoder",
          "encoder_polarity", "encoder_topic")
# The groups that embed with the sentence encoder: a model holding one records the encoder.
ENCODER_GROUPS = ("encoder", "encoder_polarity", "encoder_topic")
OVERLAP = ("jaccard", "target_covered", "statement_covered", "length_ratio")
FLAGS = ("numbers_differ", "question", "no_overlap")
CLASSIFIERS = ("logistic", "linear_svm", "nb_svm", "stacked_svm")
CALIBRATIONS = ("sigmoid", "isotonic", "temperature")
TUNE_METRICS = ("macro_f1", "accuracy", "f_avg", "fnc")


@dataclass
class TrainConfig:
    """What ``claims train`` may be told (a TOML file; every key optional)."""

    description: str = ""
    features: list[str] = field(
        default_factory=lambda: [g for g in FEATURE_GROUPS if g not in OPT_IN])
    classifier: str = "linear_svm"
    c_grid: list[float] = field(default_factory=lambda: [0.03, 0.1, 0.3, 1.0])
    class_weight: str = "balanced"
    calibration: str = "temperature"
    calibration_folds: int = 5
    word_ngrams: list[int] = field(default_factory=lambda: [1, 2])
    char_ngrams: list[int] = field(default_factory=lambda: [2, 4])
    tune_metric: str = "macro_f1"
    cv_folds: int = 3
    seed: int = 0

    def problems(self) -> list[str]:
        """Every problem with the values, one readable line each."""
        found = [f"unknown feature group {name!r}" for name in self.features
                 if name not in FEATURE_GROUPS]
        choices = {"classifier": CLASSIFIERS, "calibration": CALIBRATIONS,
                   "tune_metric": TUNE_METRICS, "class_weight": ("balanced", "none")}
        found += [f"{key} = {getattr(self, key)!r}; use one of: {', '.join(allowed)}"
                  for key, allowed in choices.items() if getattr(self, key) not in allowed]
        if not self.features:
            found.append("features is empty")
        dense = [name for name in self.features if name in ENCODER_GROUPS]
        if self.classifier == "stacked_svm" and (not dense or len(dense) == len(self.features)):
            found.append("classifier = 'stacked_svm' stacks the sentence encoder's groups ("
                         f"{', '.join(ENCODER_GROUPS)}) over the others: features needs both")
        if not self.c_grid or any(not isinstance(c, (int, float)) or c <= 0 for c in self.c_grid):
            found.append("c_grid must be a list of positive numbers")
        for key in ("word_ngrams", "char_ngrams"):
            pair = getattr(self, key)
            whole = all(isinstance(n, int) and n > 0 for n in pair)
            if len(pair) != 2 or not whole or pair[0] > pair[1]:
                found.append(f"{key} must be [low, high] with 1 <= low <= high")
        for key, low in (("calibration_folds", 2), ("cv_folds", 2)):
            if not isinstance(getattr(self, key), int) or getattr(self, key) < low:
                found.append(f"{key} must be a whole number >= {low}")
        return found

    @classmethod
    def keys(cls) -> list[str]:
        """The keys a configuration file may hold."""
        return [item.name for item in fields(cls)]

    @classmethod
    def load(cls, path: str | Path | None, seed: int | None = None) -> TrainConfig:
        """The configuration in a TOML file (defaults without one); ``seed`` overrides
        the file's."""
        values: dict = {}
        if path is not None:
            path = Path(path)
            require_file(path)
            try:
                values = tomllib.loads(path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                raise InputError(str(path), "no such configuration file") from None
            except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
                raise InputError(str(path), f"not valid TOML ({error})") from None
            unknown = sorted(set(values) - set(cls.keys()))
            if unknown:
                raise InputError(str(path), f"unknown key(s) {', '.join(unknown)}; "
                                            f"allowed: {', '.join(cls.keys())}")
        if seed is not None:
            values["seed"] = seed
        try:
            config = cls(**values)
        except TypeError as error:
            raise InputError(str(path), str(error)) from None
        problems = config.problems()
        if problems:
            raise InputError(str(path or "configuration"), "; ".join(problems))
        return config
