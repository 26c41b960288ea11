"""Every metric, the baselines, and evaluating a trained model on one split of a dataset folder.

Training tunes and reports with the same definitions (``score``,
``probability_summary``), so a figure means one thing wherever it appears.
Figures: accuracy, macro-F1, per-label precision/recall/F1 and support, the
confusion matrix, and the same summary for a majority-class and a stratified
random baseline (``DummyClassifier``, seeded) built from the training label
counts kept in the model card, so evaluation never trains and never reads the
train split. Where the dataset's ``claims.json`` names a task metric it is
reported too:

- ``f_avg`` (SemEval-2016 task 6): the mean F1 of the first two labels of the
  label order (the two positions, support and oppose in the default schema).
- ``fnc`` (FNC-1, as its official scorer computes it): each row scores 0.25
  when the prediction is right on related versus ``unrelated``, and 0.75 more
  when the gold is related (agree, disagree or discuss, whatever the schema
  calls them) and the prediction is exactly it; the score is the sum as a
  percentage of the gold's own sum. ``discuss`` is related: it is not "no
  position" here, so figures compare with published FNC-1 figures.

``METRIC_SOURCES`` says where each metric's definition comes from.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from sklearn.dummy import DummyClassifier
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    log_loss,
    precision_recall_fscore_support,
)

from claims.datafolder import open_folder, read_split
from claims.errors import ClaimsError

if TYPE_CHECKING:
    from claims.models.directory import TrainedModel

TASK_METRICS = {"f_avg": "F_avg (mean F1 of the first two labels)",
                "fnc": "FNC-1 weighted score (% of the maximum)",
                "accuracy": "accuracy", "macro_f1": "macro-F1"}
METRIC_SOURCES = {
    "accuracy": "the share of rows predicted right (scikit-learn accuracy_score)",
    "macro_f1": "the unweighted mean of each schema label's F1 (scikit-learn f1_score, "
                "average='macro')",
    "f_avg": "SemEval-2016 Task 6, Detecting Stance in Tweets (Mohammad et al. 2016): "
             "(F1(FAVOR) + F1(AGAINST)) / 2, here the schema's first two labels",
    "fnc": "Fake News Challenge stage 1 (FNC-1, Pomerleau and Rao 2017), the official scorer "
           "(github.com/FakeNewsChallenge/fnc-1, scorer.py): +0.25 for related/unrelated right, "
           "+0.75 more for the right label among agree/disagree/discuss, as a % of the maximum",
}
UNRELATED = "unrelated"  # FNC-1's label for a body that does not address the headline
_ALIASES = {
    "semeval": "f_avg", "favg": "f_avg", "fnc_score": "fnc", "fnc1": "fnc", "f1_macro": "macro_f1",
}
MAX_TARGETS_BROKEN_DOWN = 30


def score(metric: str, truth, predicted, labels: list[str], weight=None) -> float:
    """``accuracy``, ``macro_f1`` (over ``labels``), ``f_avg`` or ``fnc`` of
    ``predicted`` against ``truth``; ``weight``: how many times each row counts."""
    if metric == "accuracy":
        return float(accuracy_score(truth, predicted, sample_weight=weight))
    if metric == "macro_f1":
        return float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0,
                              sample_weight=weight))
    if metric == "f_avg":
        return f_avg(truth, predicted, labels, weight)
    if metric == "fnc":
        return fnc_score(truth, predicted, labels, weight)
    raise ValueError(f"Unknown metric {metric!r}; use one of: {', '.join(TASK_METRICS)}")


def f_avg(truth, predicted, labels: list[str], weight=None) -> float:
    """The mean F1 of the first two labels (SemEval-2016 task 6)."""
    return float(f1_score(truth, predicted, labels=labels[:2], average="macro", zero_division=0,
                          sample_weight=weight))


def fnc_score(truth, predicted, labels: list[str], weight=None) -> float:
    """The FNC-1 score (module docstring), a percentage: every label but
    ``unrelated`` is related. ``labels`` is accepted for the common signature."""
    gold_related = np.asarray([label != UNRELATED for label in truth], bool)
    predicted_related = np.asarray([label != UNRELATED for label in predicted], bool)
    exact = np.asarray(truth) == np.asarray(predicted)
    earned = 0.25 * (gold_related == predicted_related) + 0.75 * (gold_related & exact)
    best = 0.25 + 0.75 * gold_related
    if weight is not None:
        earned, best = earned * np.asarray(weight), best * np.asarray(weight)
    return float(100 * earned.sum() / best.sum()) if len(best) else 0.0


def task_metric_name(name: str | None) -> str | None:
    if not name:
        return None
    key = name.strip().lower().replace("-", "_")
    key = _ALIASES.get(key, key)
    return key if key in TASK_METRICS else None


def summary(truth, predicted, labels: list[str], task: str | None) -> dict:
    """Accuracy, macro-F1 over ``labels`` and the task metric, if any."""
    metrics = ["accuracy", "macro_f1"] + ([task] if task in ("f_avg", "fnc") else [])
    return {metric: round(score(metric, truth, predicted, labels), 4) for metric in metrics}


def probability_summary(truth, proba: np.ndarray, columns: Sequence[str],
                        labels: list[str]) -> dict:
    """Rows, accuracy, macro-F1 (over ``labels``) and log loss of probabilities
    ``proba`` whose columns are the labels ``columns``: a model's validation figures."""
    predicted = np.asarray(columns)[proba.argmax(axis=1)]
    return {"rows": int(len(truth)),
            "accuracy": round(score("accuracy", truth, predicted, labels), 4),
            "macro_f1": round(score("macro_f1", truth, predicted, labels), 4),
            "log_loss": round(float(log_loss(truth, proba, labels=columns)), 4)}


def majority_baselines(card: dict, seed: int) -> dict[str, DummyClassifier]:
    """Majority-class and stratified-random classifiers from the training label
    counts kept in ``model.json`` (no training data is read)."""
    counts = card["dataset"]["train_label_counts"]
    y = np.asarray([label for label, count in counts.items() for _ in range(count)])
    X = np.zeros((len(y), 1))
    return {"majority": DummyClassifier(strategy="most_frequent").fit(X, y),
            "stratified": DummyClassifier(strategy="stratified", random_state=seed).fit(X, y)}


def per_label(truth, predicted, labels: list[str]) -> list[dict]:
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0
    )
    return [{"label": label, "precision": round(float(p), 4), "recall": round(float(r), 4),
             "f1": round(float(f), 4), "support": int(s)}
            for label, p, r, f, s in zip(labels, precision, recall, f1, support)]


def breakdown(rows, column: str, predicted: np.ndarray, labels: list[str]) -> list[dict]:
    """Accuracy and macro-F1 for each value of ``column`` (language, target)."""
    result = []
    for value, index in rows.groupby(column).groups.items():
        positions = rows.index.get_indexer(index)
        truth = rows["stance"].to_numpy()[positions]
        result.append({column: value, "rows": int(len(positions)),
                       **summary(truth, predicted[positions], labels, None)})
    return sorted(result, key=lambda row: -row["rows"])


# Below this many rows one row moves accuracy by a point or more and macro-F1 by more:
# figures on fewer say little about a model (a warning, not a refusal).
FEW_ROWS = 100


def few_rows_warning(rows: int, split: str) -> str | None:
    """A warning when a split is too small for its figures to mean much, else None."""
    if rows >= FEW_ROWS:
        return None
    return (f"Only {rows} {split} rows: below {FEW_ROWS}, one row moves the scores by a point or "
            "more, so they mean little; annotate more before reading much into them.")


def split_warnings(model: TrainedModel, fingerprint: str, split: str, rows: int) -> list[str]:
    """What a reader of figures on ``split`` must know: that the model was trained (or
    tuned) on it, and that it is small."""
    warnings = []
    if model.card["dataset"]["fingerprint"] == fingerprint and split == "train":
        warnings.append("The model was trained on this train split: these figures say how "
                        "well it fits its own training data, not how it does on new text; "
                        "evaluate on test.")
    elif (model.card["dataset"]["fingerprint"] == fingerprint and split == "validation"
          and model.card["tuning"].get("method") == "validation"):
        warnings.append("The model's choices were tuned on this validation split: its figures "
                        "are optimistic; evaluate on test.")
    small = few_rows_warning(rows, split)
    return warnings + ([small] if small else [])


def evaluate_model(
    model: TrainedModel, dataset: str | Path, split: str = "test", seed: int = 0
) -> dict:
    """Evaluate ``model`` on one split of a dataset folder; nothing is trained.

    Refuses a split holding a label the model never saw in training.
    """
    folder = open_folder(dataset, need=split)
    rows, _ = read_split(folder, split)
    rows = rows.reset_index(drop=True)
    classes = model.card["classes"]
    unseen = rows.loc[~rows["stance"].isin(classes), "stance"].value_counts()
    if len(unseen):
        found = ", ".join(f"{label!r} ({count} rows)" for label, count in unseen.items())
        raise ClaimsError(
            f"{folder.path}: the {split} split has label(s) the model never saw in training: "
            f"{found}; it knows: {', '.join(classes)}."
        )
    if rows.empty:
        raise ClaimsError(f"{folder.path}: the {split} split is empty.")
    task = task_metric_name(folder.metric)
    truth = rows["stance"].to_numpy()
    predicted = np.asarray(model.predict_stance(rows), dtype=object)
    report = {
        "dataset": str(folder.path), "split": split, "rows": int(len(rows)), "labels": classes,
        "task_metric": task, "task_metric_given": folder.metric,
        "model": {
            "path": str(model.path) if model.path else None,
            "dataset": model.card["dataset"]["fingerprint"],
        },
        "systems": {"model": summary(truth, predicted, classes, task)},
        "per_label": per_label(truth, predicted, classes),
        "confusion": {
            "labels": classes,
            "matrix": confusion_matrix(truth, predicted, labels=classes).tolist(),
        },
        "breakdowns": {},
        "warnings": split_warnings(model, folder.fingerprint, split, int(len(rows))),
    }
    placeholder = np.zeros((len(rows), 1))
    for name, baseline in majority_baselines(model.card, seed).items():
        report["systems"][name] = summary(truth, baseline.predict(placeholder), classes, task)
    if rows["language"].nunique() > 1:
        report["breakdowns"]["language"] = breakdown(rows, "language", predicted, classes)
    if 1 < rows["target"].nunique() <= MAX_TARGETS_BROKEN_DOWN:
        report["breakdowns"]["target"] = breakdown(rows, "target", predicted, classes)
    return report


def write_report(report: dict, directory: str | Path) -> list[Path]:
    """``report.json`` and ``confusion.png`` in ``directory``; returns the paths written."""
    from matplotlib.figure import Figure  # a figure of its own: no pyplot state, no backend switch
    from sklearn.metrics import ConfusionMatrixDisplay

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    data = directory / "report.json"
    data.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    figure = Figure(figsize=(4 + len(report["labels"]), 3.5 + len(report["labels"])))
    axes = figure.subplots()
    ConfusionMatrixDisplay(
        np.asarray(report["confusion"]["matrix"]), display_labels=report["labels"]
    ).plot(ax=axes, cmap="Blues", colorbar=False)
    model = report["systems"]["model"]
    axes.set_title(
        f"{Path(report['dataset']).name} ({report['split']}): accuracy {model['accuracy']:.3f}, "
        f"macro-F1 {model['macro_f1']:.3f}",
        fontsize=9,
    )
    figure.tight_layout()
    image = directory / "confusion.png"
    figure.savefig(image, dpi=120)
    return [data, image]
