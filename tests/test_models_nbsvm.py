"""The NB-SVM learner: a scikit-learn classifier, deterministic, a linear model once fitted."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.svm import LinearSVC
from sklearn.utils.estimator_checks import parametrize_with_checks

from claims.models.nbsvm import NBLinearSVC

# As LinearSVC's own (liblinear's weights are not repeated rows exactly), and class weights
# other than "balanced", which balances each one-against-the-rest problem.
EXPECTED = {
    "check_sample_weight_equivalence_on_dense_data": "liblinear, as LinearSVC",
    "check_sample_weight_equivalence_on_sparse_data": "liblinear, as LinearSVC",
    "check_non_transformer_estimators_n_iter": "one LinearSVC per label, as LinearSVC",
    "check_class_weight_classifiers": "class_weight is None or 'balanced'",
}


@parametrize_with_checks([NBLinearSVC(C=0.5)], expected_failed_checks=lambda _: EXPECTED)
def test_it_keeps_the_estimator_contract(estimator, check):
    check(estimator)


def _counts(seed: int, rows: int = 90, columns: int = 40):
    rng = np.random.default_rng(seed)
    y = np.array(["support", "oppose", "neutral"])[np.arange(rows) % 3]
    X = rng.poisson(0.3, (rows, columns)).astype(float)
    X[y == "support", :5] += 1  # words of each label
    X[y == "oppose", 5:10] += 1
    return sp.csr_matrix(X), y


def test_it_is_deterministic_and_learns_the_label_words():
    X, y = _counts(0)
    first = NBLinearSVC(C=0.3, random_state=0).fit(X, y)
    again = NBLinearSVC(C=0.3, random_state=0).fit(X, y)
    np.testing.assert_array_equal(first.coef_, again.coef_)
    X_new, y_new = _counts(1)
    assert (first.predict(X_new) == y_new).mean() > 0.8
    assert first.coef_.shape == (3, X.shape[1])  # one row a label, as LinearSVC's
    assert (first.decision_function(X_new).argmax(axis=1) ==
            np.searchsorted(first.classes_, first.predict(X_new))).all()


def test_signed_columns_keep_their_scale_and_two_labels_give_one_svm():
    X, y = _counts(2)
    keep = y != "neutral"
    X, y = X[keep], y[keep]
    signed = sp.hstack([X, sp.csr_matrix(np.where(y == "support", -1.0, 1.0)[:, None])]).tocsr()
    model = NBLinearSVC(C=0.3, random_state=0).fit(signed, y)
    assert model.coef_.shape == (1, signed.shape[1]) and model.decision_function(signed).ndim == 1
    plain = LinearSVC(C=0.3, random_state=0).fit(signed, y)
    assert (model.predict(signed) == plain.predict(signed)).mean() > 0.95
