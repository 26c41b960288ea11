"""What our LinearSVC-based classifiers (``NBLinearSVC``, ``StackedSVC``) share: sparse
input, and the checks and setting up of ``fit`` that scikit-learn's estimator contract asks.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import validate_data


class SparseLinearClassifier(ClassifierMixin, BaseEstimator):
    """A classifier over sparse rows whose ``class_weight`` is None or "balanced"."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def _fit_input(self, X, y, sample_weight) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
        """``X`` as CSR, ``y`` and the rows' weights, checked; ``classes_`` set (two at
        least)."""
        if self.class_weight not in (None, "balanced"):
            raise ValueError(f"class_weight={self.class_weight!r}; use None or 'balanced'")
        X, y = validate_data(self, X, y, accept_sparse="csr")
        check_classification_targets(y)
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError(f"{type(self).__name__} needs at least 2 classes; got "
                             f"{len(self.classes_)} class")
        weight = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
        return sp.csr_matrix(X), y, weight
