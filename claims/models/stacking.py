"""Stacking: linear SVMs over column views, weighed against each other by a second model.

One linear SVM over sparse n-grams and the sentence encoder's dense columns together
gives both one C, so the view whose columns are fewer and denser is under- or over-read.
Here each view (a range of columns: the sparse groups, then the encoder's) has a linear
SVM of its own; their decision values out of fold (``folds`` stratified folds of the
training rows) train a logistic regression that learns how much to trust each view and
each label's score, and the view SVMs are refitted on all rows for prediction (Wolpert
1992, *Stacked generalization*). On Emergent pairs it beat the single SVM over the same
columns by cross-validation on train (experiments/results.md, "Stacked views").
"""

from __future__ import annotations

import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted, validate_data

from claims.models.linear import SparseLinearClassifier


class StackedSVC(SparseLinearClassifier):
    """Linear SVMs over column ``views`` ((start, stop) ranges; stop None: to the last
    column), stacked by a logistic regression of strength ``meta_C``.

    ``C``: the first view's C; ``view_C``: the others' (dense columns want a larger C
    than n-grams). ``class_weight`` (None or "balanced") goes to every model;
    ``folds``: the stratified folds of the out-of-fold decision values (at most the
    rarest label's rows).
    """

    def __init__(self, views: tuple = ((0, None),), C: float = 0.1, view_C: float = 1.0,
                 meta_C: float = 0.1, class_weight: str | None = None, folds: int = 3,
                 max_iter: int = 5000, random_state: int | None = None):
        self.views = views
        self.C = C
        self.view_C = view_C
        self.meta_C = meta_C
        self.class_weight = class_weight
        self.folds = folds
        self.max_iter = max_iter
        self.random_state = random_state

    def _svm(self, view: int) -> LinearSVC:
        return LinearSVC(C=self.C if view == 0 else self.view_C, class_weight=self.class_weight,
                         max_iter=self.max_iter, random_state=self.random_state)

    def _parts(self, X) -> list:
        return [X[:, start:stop] for start, stop in self.views]

    def _values(self, model: LinearSVC, X) -> np.ndarray:
        """``model``'s scores of ``X``: one column for two labels, else one per label of the
        whole training set (a fold may lack a rare label: its column is 0)."""
        values = model.decision_function(X)
        if len(self.classes_) == 2:
            return values.reshape(-1, 1)
        if values.ndim == 1:  # the fold saw two of the labels
            values = np.column_stack([-values, values])
        out = np.zeros((X.shape[0], len(self.classes_)))
        out[:, np.searchsorted(self.classes_, model.classes_)] = values
        return out

    def fit(self, X, y, sample_weight=None):
        X, y, weight = self._fit_input(X, y, sample_weight)
        rarest = int(np.unique(y, return_counts=True)[1].min())
        splitter = StratifiedKFold(max(2, min(self.folds, rarest)), shuffle=True,
                                   random_state=self.random_state)
        with warnings.catch_warnings():  # a label of one row: in one fold, as it can be
            warnings.filterwarnings("ignore", "The least populated class", UserWarning)
            splits = list(splitter.split(np.zeros(len(y)), y))
        parts, out_of_fold = self._parts(X), []
        for view, part in enumerate(parts):
            values = np.zeros((len(y), 1 if len(self.classes_) == 2 else len(self.classes_)))
            for fit, held in splits:
                if len(np.unique(y[fit])) < 2:  # a label of one row held out of two: no model
                    continue
                model = self._svm(view).fit(part[fit], y[fit], sample_weight=weight[fit])
                values[held] = self._values(model, part[held])
            out_of_fold.append(values)
        self.view_models_ = [self._svm(view).fit(part, y, sample_weight=weight)
                             for view, part in enumerate(parts)]
        self.meta_ = LogisticRegression(C=self.meta_C, class_weight=self.class_weight,
                                        max_iter=2000)
        self.meta_.fit(np.hstack(out_of_fold), y, sample_weight=weight)
        return self

    def _meta_input(self, X) -> np.ndarray:
        check_is_fitted(self, "meta_")
        X = sp.csr_matrix(validate_data(self, X, accept_sparse="csr", reset=False))
        return np.hstack([self._values(model, part)
                          for model, part in zip(self.view_models_, self._parts(X), strict=True)])

    def decision_function(self, X):
        values = self._meta_input(X)
        return self.meta_.decision_function(values)

    def predict(self, X):
        values = self._meta_input(X)
        return self.meta_.predict(values)
