"""NB-SVM: linear SVMs over features scaled by their naive Bayes log-count ratio.

Wang & Manning 2012 (*Baselines and Bigrams*, ACL): each feature is scaled by how
much more often it occurs in one class than in the rest, then a linear SVM is
fitted, one per class against the rest. On ANS pairs it beat the plain linear
SVM by cross-validation on train (see experiments/results.md). The scaling is
folded into the learnt weights, so the fitted model is a linear model of the
same size as a ``LinearSVC``. Columns that can be negative (signed features)
keep a ratio of 1: a log-count ratio is defined for counts only.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted, validate_data

from claims.models.linear import SparseLinearClassifier


class NBLinearSVC(SparseLinearClassifier):
    """One-vs-rest linear SVMs over log-count-ratio-scaled features (binary: one SVM).

    ``alpha`` smooths the counts; ``C``, ``class_weight`` (None or "balanced": it
    balances each one-against-the-rest problem), ``max_iter`` and ``random_state`` go
    to each ``LinearSVC``.
    """

    def __init__(self, C: float = 0.1, class_weight: str | None = None, alpha: float = 1.0,
                 max_iter: int = 5000, random_state: int | None = None):
        self.C = C
        self.class_weight = class_weight
        self.alpha = alpha
        self.max_iter = max_iter
        self.random_state = random_state

    def _ratio(self, X, positive: np.ndarray, weight: np.ndarray, signed: np.ndarray):
        ratio = np.ones(X.shape[1])
        counts = ~signed
        if counts.any():
            p = np.asarray(X.T @ (weight * positive)).ravel()[counts] + self.alpha
            q = np.asarray(X.T @ (weight * ~positive)).ravel()[counts] + self.alpha
            ratio[counts] = np.log((p / p.sum()) / (q / q.sum()))
        return ratio

    def fit(self, X, y, sample_weight=None):
        X, y, weight = self._fit_input(X, y, sample_weight)
        signed = np.asarray(X.min(axis=0).todense()).ravel() < 0
        positives = self.classes_[1:] if len(self.classes_) == 2 else self.classes_
        coef, intercept = [], []
        for label in positives:
            positive = y == label
            ratio = self._ratio(X, positive, weight, signed)
            svm = LinearSVC(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter,
                            random_state=self.random_state)
            svm.fit(X @ sp.diags(ratio), positive, sample_weight=weight)
            coef.append(svm.coef_.ravel() * ratio)
            intercept.append(svm.intercept_[0])
        self.coef_, self.intercept_ = np.vstack(coef), np.asarray(intercept)
        return self

    def decision_function(self, X):
        check_is_fitted(self, "coef_")
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        scores = np.asarray(X @ self.coef_.T) + self.intercept_
        return scores.ravel() if len(self.classes_) == 2 else scores

    def predict(self, X):
        scores = self.decision_function(X)
        index = (scores > 0).astype(int) if scores.ndim == 1 else scores.argmax(axis=1)
        return self.classes_[index]
