"""The target model: which registered target a statement is about, or none.

A scikit-learn estimator: its parameters are set in ``__init__``, ``fit`` learns
the word weights, the centroids of the targets seen in training and the
threshold below which the answer is no target, and returns the model; learned
attributes end in ``_``. It is asked about ``Candidate`` targets (usually a
registry's, see ``claims.models.candidates_of``), which need not be those it was
trained on. Neither the stance model nor files are its business.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import normalize as sk_normalize
from sklearn.utils.validation import check_is_fitted

from claims.mentions import MentionFinder
from claims.models import Candidate
from claims.models.features import tfidf
from claims.text import normalize


class TargetModel(BaseEstimator):
    """Which registered target a statement is about, or none.

    A candidate's score is the highest of: the cosine similarity of the statement
    and the centroid of the training statements about that target (targets with at
    least ``min_statements`` of them), the cosine similarity of the statement and
    the target's name and text, and 1.0 when the statement names one of its
    aliases. Below ``threshold_`` (tuned on validation rows, or on a seeded
    ``held_out`` share of the training rows) the answer is no target.
    """

    def __init__(self, min_statements: int = 3, held_out: float = 0.2, random_state: int = 0):
        self.min_statements = min_statements
        self.held_out = held_out
        self.random_state = random_state

    def fit(self, X: pd.DataFrame, y, X_validation: pd.DataFrame | None = None,
            y_validation=None) -> TargetModel:
        """Learn from statements ``X`` (columns ``text`` and ``target_text``, the
        description of the row's target) about targets ``y``; tune the threshold on
        the validation rows, else on a held-out share of ``X``, then refit on all of it."""
        rows = X.assign(target=np.asarray(y, dtype=object))
        held_out = X_validation is None or len(X_validation) == 0
        if held_out:
            tune_rows = rows.sample(frac=self.held_out, random_state=self.random_state)
        else:
            tune_rows = X_validation.assign(target=np.asarray(y_validation, dtype=object))
        fit_rows = rows.drop(tune_rows.index) if held_out else rows
        texts_of = (dict(zip(rows["target"], rows["target_text"]))
                    | dict(zip(tune_rows["target"], tune_rows["target_text"])))
        candidates = [Candidate(name, texts_of[name]) for name in sorted(texts_of)]
        self.similarity_ = tfidf("word", (1, 1), 18)
        self.similarity_.fit([normalize(t) for t in rows["text"]]
                             + [normalize(f"{c.name} {c.text}") for c in candidates])
        self.known_, self.centroids_ = self._centroids(fit_rows["text"].tolist(),
                                                       fit_rows["target"].tolist())
        index = {c.name: j for j, c in enumerate(candidates)}
        matrix = self._scores(tune_rows["text"].tolist(), candidates)
        self.threshold_, self.tuning_accuracy_ = tune_threshold(
            matrix, [index[name] for name in tune_rows["target"]])
        self.tuned_on_ = "a fifth of train" if held_out else "validation"
        if held_out:
            self.known_, self.centroids_ = self._centroids(rows["text"].tolist(),
                                                           rows["target"].tolist())
        return self

    @classmethod
    def restored(cls, similarity: Pipeline, known: list[str], centroids, threshold: float,
                 **params) -> TargetModel:
        """A fitted model from the parts ``parts`` gives (how a model directory keeps it)."""
        model = cls(**params)
        model.similarity_, model.known_, model.centroids_ = similarity, known, centroids
        model.threshold_ = threshold
        return model

    def parts(self) -> dict:
        """What prediction needs, as a model directory keeps it (the threshold goes in its card)."""
        check_is_fitted(self, "similarity_")
        return {"similarity": self.similarity_, "known": self.known_, "centroids": self.centroids_}

    def _centroids(self, texts: list[str],
                   names: list[str]) -> tuple[list[str], sp.csr_matrix | None]:
        """The targets with at least ``min_statements`` training statements, and the
        unit-length mean TF-IDF vector of their statements (one row each); the
        others are left to similarity and aliases."""
        counts = pd.Series(names).value_counts()
        known = sorted(str(name) for name in counts[counts >= self.min_statements].index)
        row_of = {name: index for index, name in enumerate(known)}
        pairs = [(row_of[name], i) for i, name in enumerate(names) if name in row_of]
        positions = ([r for r, _ in pairs], [i for _, i in pairs])
        membership = sp.csr_matrix((np.ones(len(pairs)), positions),
                                   shape=(len(known), len(texts)))
        if not known:
            return known, None
        vectors = self.similarity_.transform([normalize(text) for text in texts])
        return known, sp.csr_matrix(sk_normalize(membership @ vectors))

    def scores(self, texts: list[str], candidates: Sequence[Candidate]) -> np.ndarray:
        """One row per text, one column per candidate: the score described above."""
        check_is_fitted(self, "threshold_")
        return self._scores(texts, candidates)

    def _scores(self, texts: list[str], candidates: Sequence[Candidate]) -> np.ndarray:
        vectors = self.similarity_.transform([normalize(text) for text in texts])
        result = np.asarray((vectors @ self.similarity_.transform(
            [normalize(f"{c.name} {c.text}") for c in candidates]).T).todense())
        column = {name: index for index, name in enumerate(self.known_)}
        seen = [(j, column[c.name]) for j, c in enumerate(candidates) if c.name in column]
        if seen:
            to_centroids = np.asarray((vectors @ self.centroids_[[k for _, k in seen]].T).todense())
            for position, (j, _) in enumerate(seen):
                result[:, j] = np.maximum(result[:, j], to_centroids[:, position])
        finder = _alias_finder(tuple(candidates))
        position = {c.name: j for j, c in enumerate(candidates)}
        for i, text in enumerate(texts):
            for mention in finder.find(text):
                result[i, position[mention.name]] = 1.0
        return result

    def predict(self, texts: list[str],
                candidates: Sequence[Candidate]) -> list[tuple[str | None, float]]:
        """For each text, the best candidate and its score, or ``(None, score)`` below the
        threshold."""
        if not candidates or not texts:
            return [(None, 0.0) for _ in texts]
        matrix = self.scores(texts, candidates)
        best = matrix.argmax(axis=1)
        return [(candidates[j].name if matrix[i, j] >= self.threshold_ else None,
                 float(matrix[i, j]))
                for i, j in enumerate(best)]

    def ranked(self, texts: list[str], candidates: Sequence[Candidate],
               most: int = 1) -> list[list[tuple[str, float]]]:
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
            best_first = np.argsort(-np.take_along_axis(matrix, top, axis=1), axis=1, kind="stable")
            order = np.take_along_axis(top, best_first, axis=1)
        return [[(candidates[j].name, float(matrix[i, j])) for j in order[i]
                 if matrix[i, j] >= self.threshold_]
                for i in range(len(texts))]


@lru_cache(maxsize=4)
def _alias_finder(candidates: tuple[Candidate, ...]) -> MentionFinder:
    """The candidates' names and aliases as one finder. Prediction offers the same
    candidates batch after batch, and a finder's word caches fill as it reads."""
    return MentionFinder([("target", c.name, alias) for c in candidates
                          for alias in (c.name, *c.aliases)])


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
    accuracy = [((full_right & (full_score >= t)).sum() + (other_score < t).sum())
                / (2 * len(truth))
                for t in thresholds]
    index = int(np.argmax(accuracy))
    return float(thresholds[index]), float(accuracy[index])
