"""The stance and target models: scikit-learn pipelines, training, saving, loading.

The stance model reads a statement, its target (name and description or claim
text) and its actor, and predicts a stance label with a calibrated probability.
It must relate the statement to the target: a headline that contradicts a claim
shares most of its words, so besides n-grams of each side it sees the words
only one side has, the pairs of words swapped between them, their similarity
and the negation, denial, hedging and reporting cues of each side.

The target model says which registered target a statement is about, or none.

Both are pipelines of stock scikit-learn estimators; the only custom pieces are
``pair_frame`` (a stateless function inside a ``FunctionTransformer``) and
``PairSimilarity``. A model directory holds ``stance.skops``, ``target.skops``
(loaded only with the explicit ``TRUSTED_TYPES``), ``registry.yaml`` (the
registry it was trained with, read as data, never executed), ``model.json``
(name, version, labels, library versions, figures) and ``train.log``: all that
prediction needs, without the training data. This module never reads a test split.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import re
import shutil
import tempfile
import time
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
import skops.io as sio
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyClassifier
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, log_loss
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline
from sklearn.preprocessing import normalize as sk_normalize
from sklearn.preprocessing import FunctionTransformer, KBinsDiscretizer, OneHotEncoder, StandardScaler
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from claims import __version__
from claims.cues import cue_tags
from claims.model_config import FEATURE_GROUPS, FLAGS, OVERLAP, TrainConfig
from claims.datafolder import DatasetFolder, open_folder, read_split
from claims.errors import ClaimsError, InputError
from claims.records import Actor, Target
from claims.mentions import MentionFinder
from claims.registry_file import SNAPSHOT_FILE, Registry
from claims.schema import Label
from claims.text import clitic_forms, is_arabic, normalize

FORMAT_VERSION = 3
MODEL_FILES = ("model.json", "stance.skops", "target.skops", SNAPSHOT_FILE, "train.log")
# --- features ------------------------------------------------------------------------------


@lru_cache(maxsize=200_000)
def _key(norm_word: str) -> str:
    """A word without its Arabic proclitics, so «والنفط» and «النفط» compare equal."""
    forms = [stem for _, stem in clitic_forms(norm_word) if len(stem) >= 3] if is_arabic(norm_word) else []
    stem = forms[-1] if forms else norm_word
    return stem[2:] if stem.startswith("ال") and len(stem) > 4 else stem


_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\w*\d\w*")


@lru_cache(maxsize=20_000)
def _side(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The normalised text, its word keys and its cue tags (cached: a target recurs on many rows)."""
    norm = normalize(text)
    words = _WORD.findall(norm)
    return norm, tuple(_key(word) for word in words), tuple(cue_tags(text, words))


def _pair_row(text: str, target: str, topic: str, actor: str) -> dict:
    statement, s_keys, s_cues = _side(text)
    target_norm, t_keys, t_cues = _side(target)
    s_set, t_set = set(s_keys), set(t_keys)
    only_s = [word for word in dict.fromkeys(s_keys) if word not in t_set]
    only_t = [word for word in dict.fromkeys(t_keys) if word not in s_set]
    swaps = [f"{a}__{b}" for a in only_t[:4] for b in only_s[:4]] if t_set else []
    union = s_set | t_set
    topic_key = normalize(topic).replace(" ", "_")
    cues = [f"s:{tag}" for tag in s_cues] + [f"t:{tag}" for tag in t_cues]
    cues += [f"+{tag}" for tag in set(s_cues) - set(t_cues)] + [f"-{tag}" for tag in set(t_cues) - set(s_cues)]
    return {
        "statement": statement, "target": target_norm, "statement_only": " ".join(only_s),
        "target_only": " ".join(only_t), "swaps": " ".join(swaps),
        "cues": " ".join(tag.replace(" ", "_") for tag in cues),
        "topic": topic, "topic_words": " ".join(f"{topic_key}|{word}" for word in dict.fromkeys(s_keys)),
        "actor": actor,
        "jaccard": len(s_set & t_set) / len(union) if union else 0.0,
        "target_covered": len(s_set & t_set) / len(t_set) if t_set else 0.0,
        "statement_covered": len(s_set & t_set) / len(s_set) if s_set else 0.0,
        "length_ratio": math.log((len(s_keys) + 1) / (len(t_keys) + 1)),
        "numbers_differ": float(set(_DIGIT.findall(statement)) != set(_DIGIT.findall(target_norm))),
        "question": float("?" in text or "؟" in text),
        "no_overlap": float(bool(t_set) and not s_set & t_set),
    }


def pair_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The columns the stance features read, one row per input row (stateless).

    ``rows`` has ``text``, ``target``, ``target_text`` and ``actor``; the target
    side is the target's name and its description or claim text.
    """
    texts = rows["text"].astype(str).tolist()
    names = rows["target"].astype(str).tolist()
    details = rows["target_text"].fillna("").astype(str).tolist()
    actors = rows["actor"].fillna("").astype(str).tolist()
    built = [_pair_row(text, f"{name} {detail}".strip(), name, actor)
             for text, name, detail, actor in zip(texts, names, details, actors)]
    return pd.DataFrame(built, index=rows.index)


def _text_input(tags):
    """The estimator tags of a transformer that reads strings, not a numeric 2-d array."""
    tags.input_tags.two_d_array = False
    tags.input_tags.string = True
    return tags


class PairSimilarity(TransformerMixin, BaseEstimator):
    """Cosine similarity of the TF-IDF vectors of two text columns, learnt on both.

    ``X`` is a two-column array (or DataFrame) of strings; the output is one
    column. Words are hashed (no vocabulary to store); the IDF weights are learnt
    in ``fit`` from the texts of both columns, so words common to every statement weigh little.
    """

    def __init__(self, analyzer: str = "word", ngram_range: tuple[int, int] = (1, 1), n_features: int = 2 ** 18):
        self.analyzer = analyzer
        self.ngram_range = ngram_range
        self.n_features = n_features

    def __sklearn_tags__(self):
        return _text_input(super().__sklearn_tags__())

    def _columns(self, X) -> tuple[list[str], list[str]]:
        values = np.asarray(X, dtype=object)
        if values.ndim != 2 or values.shape[1] != 2:
            raise ValueError(f"PairSimilarity expects two text columns, got an array of shape {values.shape}")
        return [str(v) for v in values[:, 0]], [str(v) for v in values[:, 1]]

    def _hashed(self, texts: list[str]):
        return _hasher(self.analyzer, tuple(self.ngram_range), self.n_features).transform(texts)

    def fit(self, X, y=None):
        left, right = self._columns(X)
        self.idf_ = TfidfTransformer(sublinear_tf=True).fit(self._hashed(left + right))
        self.n_features_in_ = 2
        return self

    def transform(self, X):
        check_is_fitted(self, "idf_")
        left, right = self._columns(X)
        a, b = self.idf_.transform(self._hashed(left)), self.idf_.transform(self._hashed(right))
        return np.asarray(a.multiply(b).sum(axis=1)).reshape(-1, 1)

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"cosine_{self.analyzer}"], dtype=object)


class CharHasher(TransformerMixin, BaseEstimator):
    """Counts of hashed character n-grams of each text, computed with numpy (no
    Python loop over n-grams, which is most of the cost of scikit-learn's analyzer).

    Each text is padded with a space on both sides, so word beginnings and ends
    are n-grams of their own; an n-gram's hash is a polynomial of its code points
    (the same on every machine and in every process). Stateless.
    """

    def __init__(self, ngram_range: tuple[int, int] = (2, 4), n_features: int = 2 ** 18):
        self.ngram_range = ngram_range
        self.n_features = n_features

    def __sklearn_tags__(self):
        tags = _text_input(super().__sklearn_tags__())
        tags.requires_fit = False
        return tags

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        texts = [f" {text} " for text in (str(value) for value in np.asarray(X, dtype=object).ravel())]
        chunks = [self._counts(texts[start:start + 2000]) for start in range(0, len(texts), 2000)]
        return sp.vstack(chunks, format="csr") if chunks else sp.csr_matrix((0, self.n_features))

    def _counts(self, texts: list[str]) -> sp.csr_matrix:
        width = max(len(text) for text in texts)
        codes = np.array(texts, dtype=f"<U{width}").view(np.uint32).reshape(len(texts), width).astype(np.uint64)
        rows, columns = [], []
        low, high = self.ngram_range
        for n in range(low, min(high, width) + 1):
            hashed = np.full((len(texts), width - n + 1), n, dtype=np.uint64)
            for k in range(n):  # wraps modulo 2**64, by design
                hashed = hashed * np.uint64(1_000_003) + codes[:, k:width - n + 1 + k]
            row, start = np.nonzero(codes[:, n - 1:] != 0)  # the n-gram lies inside the padded text
            rows.append(row)
            columns.append(((hashed[row, start] >> np.uint64(17)) % np.uint64(self.n_features)).astype(np.int64))
        row, column = (np.concatenate(rows), np.concatenate(columns)) if rows else (np.zeros(0, int),) * 2
        matrix = sp.csr_matrix((np.ones(len(row)), (row, column)), shape=(len(texts), self.n_features))
        matrix.sum_duplicates()
        return matrix

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"char_{index}" for index in range(self.n_features)], dtype=object)


def _hasher(analyzer: str, ngram_range: tuple[int, int], n_features: int) -> HashingVectorizer:
    pattern = r"\S+" if analyzer == "tags" else r"(?u)\b\w+\b" if analyzer == "word" else None
    return HashingVectorizer(analyzer="word" if analyzer == "tags" else analyzer, ngram_range=ngram_range,
                             n_features=n_features, token_pattern=pattern, lowercase=False, alternate_sign=False,
                             norm=None)


def _tfidf(analyzer: str, ngram_range: tuple[int, int] | list[int] = (1, 1), bits: int = 16) -> Pipeline:
    """Hashed n-grams weighted by TF-IDF: no vocabulary to keep, so models stay small and load fast."""
    hasher = (CharHasher(tuple(ngram_range), 2 ** bits) if analyzer == "char"
              else _hasher(analyzer, tuple(ngram_range), 2 ** bits))
    return Pipeline([("hash", hasher),
                     ("tfidf", TfidfTransformer(sublinear_tf=True))])


def _scaled_and_binned() -> FeatureUnion:
    """A number as itself and as one of eight quantile bins, so a linear model can
    learn that both very low and very high overlap mean something."""
    bins = KBinsDiscretizer(n_bins=8, encode="onehot", strategy="quantile", quantile_method="averaged_inverted_cdf")
    return FeatureUnion([("scaled", StandardScaler()), ("bins", bins)])


def feature_blocks(config: TrainConfig) -> list[tuple]:
    """The ColumnTransformer blocks of the feature groups in ``config``."""
    groups = {
        "statement_words": [("statement_words", _tfidf("word", config.word_ngrams, 18), "statement")],
        "statement_chars": [("statement_chars", _tfidf("char", config.char_ngrams, 18), "statement")],
        "target_words": [("target_words", _tfidf("word", config.word_ngrams, 17), "target")],
        "difference": [("statement_only", _tfidf("tags"), "statement_only"),
                       ("target_only", _tfidf("tags"), "target_only"), ("swaps", _tfidf("tags", bits=17), "swaps")],
        "similarity": [("cosine_words", make_pipeline(PairSimilarity("word"), _scaled_and_binned()),
                        ["statement", "target"]),
                       ("overlap", _scaled_and_binned(), list(OVERLAP)), ("flags", "passthrough", list(FLAGS))],
        "cues": [("cues", _tfidf("tags", bits=12), "cues")],
        "topic": [("topic", OneHotEncoder(handle_unknown="ignore"), ["topic"])],
        "topic_words": [("topic_words", _tfidf("tags", bits=17), "topic_words")],
        "actor": [("actor", OneHotEncoder(handle_unknown="infrequent_if_exist", min_frequency=2), ["actor"])],
    }
    return [block for name in FEATURE_GROUPS if name in config.features for block in groups[name]]


def feature_pipeline(config: TrainConfig) -> Pipeline:
    return Pipeline([("pairs", FunctionTransformer(pair_frame)),
                     ("features", ColumnTransformer(feature_blocks(config), sparse_threshold=1.0))])


def _classifier(config: TrainConfig, c: float):
    weight = "balanced" if config.class_weight == "balanced" else None
    if config.classifier == "linear_svm":
        return LinearSVC(C=c, class_weight=weight, random_state=config.seed)
    return LogisticRegression(C=c, class_weight=weight, max_iter=2000)


def as_rows(rows) -> pd.DataFrame:
    """Rows (a DataFrame, or dicts) with the columns the models read; missing ones are empty."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    frame = frame.copy()
    for column in ("text", "target", "target_text", "actor"):
        if column not in frame.columns:
            frame[column] = ""
    frame[["target_text", "actor"]] = frame[["target_text", "actor"]].fillna("")
    return frame.reset_index(drop=True)


# --- scores used for tuning ----------------------------------------------------------------


def score(metric: str, truth, predicted, labels: list[str], weight=None) -> float:
    """``macro_f1``, ``accuracy`` or ``f_avg`` (mean F1 of the first two labels);
    ``weight``: how many times each row counts."""
    if metric == "accuracy":
        return float(accuracy_score(truth, predicted, sample_weight=weight))
    chosen = labels[:2] if metric == "f_avg" else labels
    return float(f1_score(truth, predicted, labels=chosen, average="macro", zero_division=0, sample_weight=weight))


# --- the target model ----------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A registered target offered to the target model."""

    name: str
    text: str = ""
    aliases: tuple[str, ...] = ()


def candidates_of(registry: Registry) -> list[Candidate]:
    """A registry's targets as the target model's candidates (name, description, aliases)."""
    return [Candidate(t.name, t.description or "", t.aliases) for t in registry.targets]


class TargetModel:
    """Which registered target a statement is about, or none.

    A candidate's score is the highest of: the cosine similarity of the statement
    and the centroid of the training statements about that target (targets seen
    in training), the cosine similarity of the statement and the target's name and
    text, and 1.0 when the statement names one of its aliases. Below ``threshold``
    (tuned on validation data) the answer is no target.
    """

    def __init__(self, similarity: Pipeline, known: list[str], centroids, threshold: float):
        self.similarity = similarity
        self.known = known
        self.centroids = centroids
        self.threshold = threshold

    def scores(self, texts: list[str], candidates: list[Candidate]) -> np.ndarray:
        vectors = self.similarity.transform([normalize(text) for text in texts])
        result = np.asarray((vectors @ self.similarity.transform(
            [normalize(f"{c.name} {c.text}") for c in candidates]).T).todense())
        column = {name: index for index, name in enumerate(self.known)}
        seen = [(j, column[c.name]) for j, c in enumerate(candidates) if c.name in column]
        if seen:
            to_centroids = np.asarray((vectors @ self.centroids[[k for _, k in seen]].T).todense())
            for position, (j, _) in enumerate(seen):
                result[:, j] = np.maximum(result[:, j], to_centroids[:, position])
        finder = MentionFinder([("target", c.name, alias) for c in candidates for alias in (c.name, *c.aliases)])
        position = {c.name: j for j, c in enumerate(candidates)}
        for i, text in enumerate(texts):
            for mention in finder.find(text):
                result[i, position[mention.name]] = 1.0
        return result

    def predict(self, texts: list[str], candidates: list[Candidate]) -> list[tuple[str | None, float]]:
        """For each text, the best candidate and its score, or ``(None, score)`` below the threshold."""
        if not candidates or not texts:
            return [(None, 0.0) for _ in texts]
        matrix = self.scores(texts, candidates)
        best = matrix.argmax(axis=1)
        return [(candidates[j].name if matrix[i, j] >= self.threshold else None, float(matrix[i, j]))
                for i, j in enumerate(best)]

    def ranked(self, texts: list[str], candidates: list[Candidate], most: int = 1) -> list[list[tuple[str, float]]]:
        """For each text, up to ``most`` candidates at or above the threshold with
        their scores, best first (none when nothing fits well enough)."""
        if not candidates or not texts:
            return [[] for _ in texts]
        matrix = self.scores(texts, candidates)
        most = min(most, len(candidates))
        if most == 1:
            order = matrix.argmax(axis=1)[:, None]
        else:  # the best few of each row, then those few best first
            top = np.argpartition(-matrix, most - 1, axis=1)[:, :most]
            top.sort(axis=1)
            order = np.take_along_axis(top, np.argsort(-np.take_along_axis(matrix, top, axis=1), axis=1,
                                                       kind="stable"), axis=1)
        return [[(candidates[j].name, float(matrix[i, j])) for j in order[i] if matrix[i, j] >= self.threshold]
                for i in range(len(texts))]


def _centroids(similarity: Pipeline, texts: list[str],
               names: list[str]) -> tuple[list[str], sp.csr_matrix | None]:
    """The targets with at least three training statements, and the unit-length
    mean TF-IDF vector of their statements (one row each); the others are left to
    similarity and aliases."""
    counts = pd.Series(names).value_counts()
    known = sorted(str(name) for name in counts[counts >= 3].index)
    row_of = {name: index for index, name in enumerate(known)}
    pairs = [(row_of[name], i) for i, name in enumerate(names) if name in row_of]
    membership = sp.csr_matrix((np.ones(len(pairs)), ([r for r, _ in pairs], [i for _, i in pairs])),
                               shape=(len(known), len(texts)))
    if not known:
        return known, None
    vectors = similarity.transform([normalize(text) for text in texts])
    return known, sp.csr_matrix(sk_normalize(membership @ vectors))


def tune_threshold(matrix: np.ndarray, truth: list[int]) -> tuple[float, float]:
    """The threshold that best separates right answers from no-answers, and its accuracy.

    Each statement is asked twice: with every candidate (the answer is its
    target) and without its own target (the answer is none).
    """
    rows = np.arange(len(truth))
    best_full = matrix.argmax(axis=1)
    full_score = matrix[rows, best_full]
    full_right = best_full == np.asarray(truth)
    masked = matrix.copy()
    masked[rows, truth] = -np.inf
    other_score = masked.max(axis=1) if matrix.shape[1] > 1 else np.zeros(len(truth))
    thresholds = np.unique(np.concatenate([full_score, other_score, [0.0, 1.0 + 1e-9]]))
    thresholds = thresholds[np.isfinite(thresholds)]
    accuracy = [((full_right & (full_score >= t)).sum() + (other_score < t).sum()) / (2 * len(truth))
                for t in thresholds]
    index = int(np.argmax(accuracy))
    return float(thresholds[index]), float(accuracy[index])


def train_target_model(train: pd.DataFrame, dev: pd.DataFrame | None, seed: int) -> tuple[TargetModel, dict]:
    """Fit the target model on ``train`` and tune its threshold on ``dev``; without a
    validation split, tune on a seeded fifth of ``train`` held out, then refit on all of it."""
    held_out = dev is None or dev.empty
    tune_rows = train.sample(frac=0.2, random_state=seed) if held_out else dev
    fit_rows = train.drop(tune_rows.index) if held_out else train
    texts_of = dict(zip(train["target"], train["target_text"])) | dict(zip(tune_rows["target"], tune_rows["target_text"]))
    candidates = [Candidate(name, texts_of[name]) for name in sorted(texts_of)]
    similarity = _tfidf("word", (1, 1), 18)
    similarity.fit([normalize(t) for t in train["text"]] + [normalize(f"{c.name} {c.text}") for c in candidates])
    model = TargetModel(similarity, *_centroids(similarity, fit_rows["text"].tolist(), fit_rows["target"].tolist()), 0.5)
    index = {c.name: j for j, c in enumerate(candidates)}
    model.threshold, accuracy = tune_threshold(model.scores(tune_rows["text"].tolist(), candidates),
                                               [index[name] for name in tune_rows["target"]])
    if held_out:
        model.known, model.centroids = _centroids(similarity, train["text"].tolist(), train["target"].tolist())
    return model, {"targets": len(model.known), "threshold": round(model.threshold, 4),
                   "tuned_on": "a fifth of train" if held_out else "validation",
                   "tuning_accuracy": round(accuracy, 4)}


# --- training the stance model -------------------------------------------------------------


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


def _tune(config: TrainConfig, X, y, weight, X_dev, y_dev, classes: list[str], log: Log) -> tuple[float, list[dict]]:
    grid = []
    for c in config.c_grid:
        if X_dev is not None:
            predicted = _classifier(config, c).fit(X, y, sample_weight=weight).predict(X_dev)
            value = score(config.tune_metric, y_dev, predicted, classes)
        else:  # as many folds as asked, but no more than the rarest label has rows
            folds = StratifiedKFold(_folds(config.cv_folds, y), shuffle=True, random_state=config.seed)
            value = float(np.mean([score(config.tune_metric, y[test], _classifier(config, c).fit(
                X[fit], y[fit], sample_weight=weight[fit]).predict(X[test]), classes, weight[test])
                for fit, test in folds.split(X, y)]))
        grid.append({"C": c, config.tune_metric: round(value, 4)})
        log(f"C={c:g}: {config.tune_metric} {value:.4f}")
    best = max(grid, key=lambda entry: (entry[config.tune_metric], -entry["C"]))
    return best["C"], grid


def _folds(wanted: int, y: np.ndarray) -> int:
    """Stratified folds: ``wanted``, or as many as the rarest label has rows; at
    least 2 rows of each label are needed (the check that the tuning and the
    calibration can run)."""
    values, counts = np.unique(y, return_counts=True)
    if counts.min() < 2:
        raise ClaimsError(f"The label {values[counts.argmin()]!r} has only {counts.min()} distinct training claim; "
                          "a stance model needs at least 2 of each label. Annotate more claims, or build the "
                          "dataset without that label.")
    return min(wanted, int(counts.min()))


def _calibrated(config: TrainConfig, c: float, X, y: np.ndarray, weight: np.ndarray) -> CalibratedClassifierCV:
    cv = StratifiedKFold(_folds(config.calibration_folds, y), shuffle=True, random_state=config.seed)
    return CalibratedClassifierCV(_classifier(config, c), method=config.calibration, cv=cv,
                                  ensemble=False).fit(X, y, sample_weight=weight)


def train_stance(config: TrainConfig, train: pd.DataFrame, dev: pd.DataFrame | None, labels: list[str],
                 log: Log) -> tuple[Pipeline, dict]:
    """Fit the features on ``train``, choose C on ``dev`` (or by cross-validation
    on ``train``), then fit the calibrated classifier on ``train``."""
    classes = [label for label in labels if label in set(train["stance"])]
    if len(classes) < 2:
        raise ClaimsError(f"The train split has only the label(s) {', '.join(classes) or 'none'}; "
                          f"a stance model needs at least two.")
    features = feature_pipeline(config)
    with warnings.catch_warnings():
        # Fixed-topic data has no target text, so overlap columns can be constant;
        # the discretiser then warns for each, and the column simply carries no signal.
        warnings.filterwarnings("ignore", category=UserWarning, module="sklearn.preprocessing._discretization")
        X = features.fit_transform(train)
    # A row repeated n times is kept once with weight n: the same objective, a
    # faster solver, and no copy of a row on both sides of a cross-validation fold.
    keys = train[["text", "target", "target_text", "actor", "stance"]].astype(str).agg("\x1f".join, axis=1)
    first = ~keys.duplicated().to_numpy()
    weight = keys.map(keys.value_counts()).to_numpy(dtype=float)[first]
    X, y = X[first], train["stance"].to_numpy()[first]
    log(f"features: {X.shape[1]:,} from {len(train):,} training rows ({len(y):,} distinct)")
    _folds(2, y)  # too few claims of a label is said now, before any fitting
    X_dev = y_dev = None
    if dev is not None and not dev.empty:
        keep = dev["stance"].isin(classes).to_numpy()
        X_dev, y_dev = features.transform(dev[keep]), dev["stance"].to_numpy()[keep]
    best, grid = _tune(config, X, y, weight, X_dev, y_dev, classes, log)
    log(f"chose C={best:g}; calibrating ({config.calibration}, {config.calibration_folds} folds)")
    classifier = _calibrated(config, best, X, y, weight)
    pipeline = Pipeline([("pairs", features.named_steps["pairs"]), ("features", features.named_steps["features"]),
                         ("classifier", classifier)])
    tuning = {"method": "validation" if X_dev is not None else f"{config.cv_folds}-fold cross-validation on train",
              "metric": config.tune_metric, "grid": grid, "C": best}
    metrics = {}
    if X_dev is not None:
        proba = classifier.predict_proba(X_dev)
        predicted = classifier.classes_[proba.argmax(axis=1)]
        metrics = {"rows": int(len(y_dev)), "accuracy": round(float(accuracy_score(y_dev, predicted)), 4),
                   "macro_f1": round(score("macro_f1", y_dev, predicted, classes), 4),
                   "log_loss": round(float(log_loss(y_dev, proba, labels=classifier.classes_)), 4)}
        log(f"validation: accuracy {metrics['accuracy']:.4f}, macro-F1 {metrics['macro_f1']:.4f}")
    return pipeline, {"tuning": tuning, "dev_metrics": metrics, "feature_count": int(X.shape[1]), "classes": classes}


# --- saving and loading ------------------------------------------------------------------------

TRUSTED_TYPES = sorted({
    "claims.model.CharHasher", "claims.model.PairSimilarity", "claims.model.pair_frame",
    "sklearn.pipeline.Pipeline", "sklearn.pipeline.FeatureUnion", "sklearn.compose._column_transformer.ColumnTransformer",
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
    "builtins.slice", "builtins.getattr", "numpy.dtype", "numpy.ndarray", "numpy.float64", "numpy.int64",
    "numpy.str_", "numpy.bool_", "numpy.random.mtrand.RandomState", "scipy.sparse._csr.csr_matrix",
    "scipy.sparse._csr.csr_array",
})


def _dump(obj, path: Path) -> None:
    data = sio.dumps(obj)
    unexpected = sorted(set(sio.get_untrusted_types(data=data)) - set(TRUSTED_TYPES))
    if unexpected:  # a new estimator was added without being declared trusted
        raise ClaimsError(f"Cannot save {path.name}: types not in the trusted list: {', '.join(unexpected)}.")
    path.write_bytes(sio.dumps(obj, compression=zipfile.ZIP_DEFLATED))


def load_skops(path: Path):
    """Load a skops file, refusing one that holds any type outside ``TRUSTED_TYPES``."""
    try:
        found = sio.get_untrusted_types(file=path)
    except Exception as error:  # a damaged zip or schema raises many types
        raise InputError(str(path), f"not a readable skops file ({str(error).splitlines()[0]})") from None
    untrusted = sorted(set(found) - set(TRUSTED_TYPES))
    if untrusted:
        raise InputError(str(path), f"refusing to load untrusted types: {', '.join(untrusted)}")
    return sio.load(path, trusted=TRUSTED_TYPES)


def library_versions() -> dict[str, str]:
    names = ("scikit-learn", "skops", "numpy", "scipy", "pandas", "datasets")
    return {"python": platform.python_version(), **{name: metadata.version(name) for name in names}}


@dataclass
class TrainedModel:
    """A loaded model directory (or a model just trained)."""

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
    def classes(self) -> list[str]:
        return [str(label) for label in self.stance.classes_]

    def stance_proba(self, rows) -> np.ndarray:
        """Probabilities of ``classes`` for each row (text, target, target_text, actor)."""
        return self.stance.predict_proba(as_rows(rows))

    def predict_stance(self, rows) -> list[str]:
        proba = self.stance_proba(rows)
        return [self.classes[i] for i in proba.argmax(axis=1)]

    def predict_target(self, texts: list[str], candidates: list[Candidate]) -> list[tuple[str | None, float]]:
        return self.target.predict(texts, candidates)

    def candidates(self) -> list[Candidate]:
        """The targets of the model's registry, with their descriptions and aliases."""
        return candidates_of(self.registry)


def save_model(model: TrainedModel, out: str | Path, log_lines: list[str]) -> Path:
    """Write the model directory: into a temporary folder beside ``out``, then moved into place."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "model.json").exists())):
        raise ClaimsError(f"{out} exists and is not a model directory; choose another --out.")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a model directory is an ordinary folder
    try:
        _dump(model.stance, staging / "stance.skops")
        _dump({"similarity": model.target.similarity, "known": model.target.known, "centroids": model.target.centroids},
              staging / "target.skops")
        model.registry.write(staging / SNAPSHOT_FILE)
        Registry.read(staging / SNAPSHOT_FILE)  # what cannot be read back must fail now, not at prediction
        model.card["version"] = _content_version(staging)
        (staging / "model.json").write_text(json.dumps(model.card, ensure_ascii=False, indent=2) + "\n", "utf-8")
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
        raise InputError(str(path), f"not a complete model directory (missing {', '.join(missing)}); "
                                    "train one with 'claims train'")
    stance = load_skops(path / "stance.skops")
    parts = load_skops(path / "target.skops")
    target = TargetModel(parts["similarity"], parts["known"], parts["centroids"],
                         float(card["target_model"]["threshold"]))
    return TrainedModel(card, stance, target, Registry.read(path / SNAPSHOT_FILE), path)


def _read_card(card_path: Path) -> dict:
    """A model's ``model.json``, refused unless it is of this claims' format."""
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(str(card_path), f"not valid JSON ({error})") from None
    version = card.get("format_version") if isinstance(card, dict) else None
    if version != FORMAT_VERSION:
        raise InputError(str(card_path.parent), f"model format version {version}, but this claims {__version__} "
                                                f"reads version {FORMAT_VERSION}; retrain it with 'claims train'")
    return card


def _content_version(folder: Path) -> str:
    """A model's version: the first 12 hex digits of a hash of the files that
    make its predictions, so two different models never share one."""
    digest = hashlib.sha256()
    for name in ("stance.skops", "target.skops", SNAPSHOT_FILE):
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()[:12]


# --- training, end to end ----------------------------------------------------------------------


def _read_training_splits(folder: DatasetFolder, log: Log) -> tuple[pd.DataFrame, pd.DataFrame | None, list[str]]:
    train, labels = read_split(folder, "train")
    dev = None
    if "validation" in folder.splits:
        dev, dev_labels = read_split(folder, "validation")
        if dev_labels != labels:
            raise InputError(str(folder.path), f"the validation labels ({', '.join(dev_labels)}) differ from the "
                                               f"train labels ({', '.join(labels)})")
    log(f"read {len(train):,} train and {0 if dev is None else len(dev):,} validation rows from {folder.path}")
    return train, dev, labels


_NAME = re.compile(r"^[\w.-]{1,64}$")


def model_name(name: str | None, out: Path) -> str:
    """The NAME of ``model:NAME@VERSION``: ``name`` (refused unless letters, digits,
    '.', '_' and '-') or the model directory's name made so."""
    if name is not None:
        if not _NAME.match(name):
            raise ClaimsError(f"Model name {name!r}: use up to 64 letters, digits, '.', '_' or '-'.")
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
    train = train.assign(target=train["target"].str.strip(), actor=train["actor"].fillna("").str.strip())
    targets = train[train["target"] != ""].drop_duplicates("target")
    actors = train[train["actor"] != ""].drop_duplicates("actor")
    actor_kinds = actors["actor_kind"] if "actor_kind" in actors else [None] * len(actors)
    return Registry(
        tuple(Actor(None, name, kind or "organisation") for name, kind in zip(actors["actor"], actor_kinds)),
        tuple(Target(None, name, kind or "topic", text if text and text != name else None)
              for name, kind, text in zip(targets["target"], targets["target_kind"], targets["target_text"])),
        tuple(Label(label, "") for label in labels),
    ), "training claims"


def train_model(dataset: str | Path, out: str | Path, config: TrainConfig | None = None,
                progress: Callable[[str], None] | None = None, registry: str | Path | None = None,
                name: str | None = None) -> TrainedModel:
    """Train the stance and target models on a dataset folder's train split (tuning
    on its validation split) and write the model directory ``out``, named ``name``
    (default: the directory's name), with the registry it is trained with (see
    ``training_registry``).

    The test split is never read.
    """
    config = config or TrainConfig()
    name = model_name(name, Path(out))
    log = Log(progress)
    folder = open_folder(dataset, need="train")
    train, dev, labels = _read_training_splits(folder, log)
    snapshot, registry_source = training_registry(folder, train, labels, registry)
    log(f"registry from {registry_source}: {len(snapshot.actors):,} actors, {len(snapshot.targets):,} targets")
    stance, stance_info = train_stance(config, as_rows(train), None if dev is None else as_rows(dev), labels, log)
    stance_seconds = log.seconds
    log("training the target model")
    target, target_info = train_target_model(as_rows(train), None if dev is None else as_rows(dev), config.seed)
    log(f"target model: {target_info['targets']} targets, threshold {target_info['threshold']}")
    counts = train["stance"].value_counts()
    card = {
        "name": name, "version": None,  # the version is set when the files are written
        "claims_version": __version__, "format_version": FORMAT_VERSION,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "labels": labels, "classes": stance_info["classes"],
        "config": asdict(config), "features": [g for g in FEATURE_GROUPS if g in config.features],
        "feature_count": stance_info["feature_count"],
        "dataset": {"name": Path(folder.path).name, "fingerprint": folder.fingerprint, "metric": folder.metric,
                    "sizes": {"train": len(train), "validation": 0 if dev is None else len(dev)},
                    "train_label_counts": {label: int(counts.get(label, 0)) for label in labels}},
        "registry": {"file": SNAPSHOT_FILE, "from": registry_source, "actors": len(snapshot.actors),
                     "targets": len(snapshot.targets)},
        "tuning": stance_info["tuning"], "dev_metrics": stance_info["dev_metrics"], "target_model": target_info,
        "libraries": library_versions(),
    }
    card["seconds"] = {"stance": round(stance_seconds, 2), "total": round(log.seconds, 2)}
    log(f"done in {log.seconds:.1f}s")
    model = TrainedModel(card, stance, target, snapshot)
    model.path = save_model(model, out, log.lines)
    return model


def majority_baselines(card: dict, seed: int) -> dict[str, DummyClassifier]:
    """Majority-class and stratified-random classifiers from the training label
    counts kept in ``model.json`` (no training data is read)."""
    counts = card["dataset"]["train_label_counts"]
    y = np.asarray([label for label, count in counts.items() for _ in range(count)])
    X = np.zeros((len(y), 1))
    return {"majority": DummyClassifier(strategy="most_frequent").fit(X, y),
            "stratified": DummyClassifier(strategy="stratified", random_state=seed).fit(X, y)}
