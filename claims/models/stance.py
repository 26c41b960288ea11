"""The stance classifier: fitting, tuning its strength, calibrating its probabilities.

The features come from ``claims.models.features``; the classifier is a linear
SVM, an NB-SVM (``claims.models.nbsvm``) or a logistic regression
(``TrainConfig.classifier``), its ``C`` chosen on
the validation rows (or by cross-validation on train), its probabilities
calibrated by cross-validation. The figures it is tuned and judged by are
``claims.evaluate``'s. It reads no files and never sees a test split.
"""
from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from claims.errors import ClaimsError
from claims.evaluate import probability_summary, score
from claims.models.config import ENCODER_GROUPS, TrainConfig
from claims.models.features import feature_pipeline, row_key_columns
from claims.models.nbsvm import NBLinearSVC
from claims.models.stacking import StackedSVC


def _classifier(config: TrainConfig, c: float, views: tuple = ()):
    weight = "balanced" if config.class_weight == "balanced" else None
    if config.classifier == "linear_svm":
        return LinearSVC(C=c, class_weight=weight, random_state=config.seed, max_iter=5000)
    if config.classifier == "nb_svm":
        return NBLinearSVC(C=c, class_weight=weight, random_state=config.seed, max_iter=5000)
    if config.classifier == "stacked_svm":
        return StackedSVC(views, C=c, class_weight=weight, random_state=config.seed)
    return LogisticRegression(C=c, class_weight=weight, max_iter=2000)


def stacked_views(features: Pipeline, config: TrainConfig) -> tuple:
    """The column ranges a stacked SVM reads apart: the sparse groups, then the sentence
    encoder's (the column blocks follow ``FEATURE_GROUPS``, where the encoder's come last)."""
    if config.classifier != "stacked_svm":
        return ()
    indices = features.named_steps["features"].output_indices_
    split = min(indices[name].start for name in ENCODER_GROUPS if name in config.features)
    return ((0, split), (split, None))


def _tune(config: TrainConfig, X, y, weight, X_dev, y_dev, classes: list[str],
          log: Callable[[str], None], views: tuple = (),
          groups: np.ndarray | None = None) -> tuple[float, list[dict]]:
    """The C of ``config.c_grid`` that scores best on the validation rows, or without them
    by cross-validation on train (folds grouped by ``groups``, the targets of pairs: their
    test claims are usually new, as the automatic choice's folds are)."""
    from claims.models.selection import folds  # selection builds on this module

    if len(config.c_grid) == 1:  # nothing to choose (a choice made already, or given)
        return config.c_grid[0], []
    splits = folds(y, groups, config.cv_folds, 1, config.seed) if X_dev is None else []
    grid = []
    for c in config.c_grid:
        model = _classifier(config, c, views)
        if X_dev is not None:
            predicted = model.fit(X, y, sample_weight=weight).predict(X_dev)
            value = score(config.tune_metric, y_dev, predicted, classes)
        else:
            value = float(np.mean([score(config.tune_metric, y[test], model.fit(
                X[fit], y[fit], sample_weight=weight[fit]).predict(X[test]), classes, weight[test])
                for fit, test in splits]))
        grid.append({"C": c, config.tune_metric: round(value, 4)})
        log(f"C={c:g}: {config.tune_metric} {value:.4f}")
    best = max(grid, key=lambda entry: (entry[config.tune_metric], -entry["C"]))
    return best["C"], grid


def _pair_targets(train: pd.DataFrame, first: np.ndarray) -> np.ndarray | None:
    """The target of each distinct training row where the rows are pairs or documents (a
    claim each), None for fixed topics, whose every fold holds every topic."""
    from claims.models.selection import dataset_shape

    if dataset_shape(train).kind == "topics":
        return None
    return train["target"].astype(str).to_numpy()[first]


def _folds(wanted: int, y: np.ndarray) -> int:
    """Stratified folds: ``wanted``, or as many as the rarest label has rows."""
    return min(wanted, rarest_label_rows(y))


def rarest_label_rows(y: np.ndarray) -> int:
    """The rows of the rarest label; at least 2 of each are needed (the check that
    the tuning, the automatic choice and the calibration can run)."""
    values, counts = np.unique(y, return_counts=True)
    if counts.min() < 2:
        raise ClaimsError(f"The label {values[counts.argmin()]!r} has only {counts.min()} distinct "
                          "training claim; a stance model needs at least 2 of each label. Annotate "
                          "more claims with it, or import the data again with --label-map folding "
                          "it into another label.")
    return int(counts.min())


def _calibrated(config: TrainConfig, c: float, X, y: np.ndarray,
                weight: np.ndarray, views: tuple = ()) -> CalibratedClassifierCV:
    cv = StratifiedKFold(_folds(config.calibration_folds, y), shuffle=True,
                         random_state=config.seed)
    return CalibratedClassifierCV(_classifier(config, c, views), method=config.calibration, cv=cv,
                                  ensemble=False).fit(X, y, sample_weight=weight)


def train_stance(config: TrainConfig, train: pd.DataFrame, dev: pd.DataFrame | None,
                 labels: list[str], log: Callable[[str], None]) -> tuple[Pipeline, dict]:
    """Fit the features on ``train``, choose C on ``dev`` (or by cross-validation
    on ``train``), then fit the calibrated classifier on ``train``.

    Returns the pipeline and what the model card says of it: the tuning, the
    validation figures, the number of features and the classes.
    """
    classes = [label for label in labels if label in set(train["stance"])]
    if len(classes) < 2:
        raise ClaimsError(f"The train split has only the label(s) {', '.join(classes) or 'none'}; "
                          f"a stance model needs at least two.")
    features = feature_pipeline(config)
    with warnings.catch_warnings():
        # Fixed-topic data has no target text, so overlap columns can be constant;
        # the discretiser then warns for each, and the column simply carries no signal.
        warnings.filterwarnings("ignore", category=UserWarning,
                                module="sklearn.preprocessing._discretization")
        X = features.fit_transform(train)
    # A row repeated n times is kept once with weight n: the same objective, a
    # faster solver, and no copy of a row on both sides of a cross-validation fold.
    keys = train[row_key_columns(train)].astype(str).agg("\x1f".join, axis=1)
    first = ~keys.duplicated().to_numpy()
    weight = keys.map(keys.value_counts()).to_numpy(dtype=float)[first]
    X, y = X[first], train["stance"].to_numpy()[first]
    log(f"features: {X.shape[1]:,} from {len(train):,} training rows ({len(y):,} distinct)")
    _folds(2, y)  # too few claims of a label is said now, before any fitting
    X_dev = y_dev = None
    if dev is not None and not dev.empty:
        keep = dev["stance"].isin(classes).to_numpy()
        X_dev, y_dev = features.transform(dev[keep]), dev["stance"].to_numpy()[keep]
    views = stacked_views(features, config)
    groups = _pair_targets(train, first)
    method = ("validation" if X_dev is not None
              else f"{config.cv_folds}-fold cross-validation on train"
              + (", grouped by target" if groups is not None else ""))
    if len(config.c_grid) > 1:
        log(f"choosing C by {method}")
    best, grid = _tune(config, X, y, weight, X_dev, y_dev, classes, log, views, groups)
    log(f"chose C={best:g}; calibrating ({config.calibration}, {config.calibration_folds} folds)")
    classifier = _calibrated(config, best, X, y, weight, views)
    pipeline = Pipeline([*features.steps, ("classifier", classifier)])
    tuning = {"method": method, "metric": config.tune_metric, "grid": grid, "C": best}
    metrics = {}
    if X_dev is not None:
        proba = classifier.predict_proba(X_dev)
        metrics = probability_summary(y_dev, proba, classifier.classes_, classes)
        log(f"validation: accuracy {metrics['accuracy']:.4f}, macro-F1 {metrics['macro_f1']:.4f}")
    return pipeline, {"tuning": tuning, "dev_metrics": metrics, "feature_count": int(X.shape[1]),
                      "classes": classes}
