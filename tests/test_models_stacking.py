"""The stacked SVM: a scikit-learn classifier, deterministic, weighing its column views."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.utils.estimator_checks import parametrize_with_checks

from claims.models.config import TrainConfig
from claims.models.selection import stacking_pays
from claims.models.stacking import StackedSVC

# As LinearSVC's own (liblinear's weights are not repeated rows exactly), and class weights
# other than "balanced".
EXPECTED = {
    "check_sample_weight_equivalence_on_dense_data": "liblinear, as LinearSVC",
    "check_sample_weight_equivalence_on_sparse_data": "liblinear, as LinearSVC",
    "check_non_transformer_estimators_n_iter": "one LinearSVC per view, as LinearSVC",
    "check_class_weight_classifiers": "class_weight is None or 'balanced'",
}


@parametrize_with_checks([StackedSVC(C=0.5)], expected_failed_checks=lambda _: EXPECTED)
def test_it_keeps_the_estimator_contract(estimator, check):
    check(estimator)


def _two_views(seed: int, rows: int = 150):
    """Sparse counts that tell support from the rest, then dense columns that tell oppose
    from neutral: each view knows part of the answer."""
    rng = np.random.default_rng(seed)
    y = np.array(["support", "oppose", "neutral"])[np.arange(rows) % 3]
    counts = rng.poisson(0.3, (rows, 30)).astype(float)
    counts[y == "support", :5] += 1
    dense = rng.normal(0, 1, (rows, 4))
    dense[y == "oppose", 0] += 2.5
    dense[y == "neutral", 0] -= 2.5
    return sp.hstack([sp.csr_matrix(counts), sp.csr_matrix(dense)]).tocsr(), y


def test_it_is_deterministic_and_reads_both_views():
    X, y = _two_views(0)
    views = ((0, 30), (30, None))
    first = StackedSVC(views, C=0.3, random_state=0).fit(X, y)
    again = StackedSVC(views, C=0.3, random_state=0).fit(X, y)
    X_new, y_new = _two_views(1)
    np.testing.assert_array_equal(first.decision_function(X_new), again.decision_function(X_new))
    assert (first.predict(X_new) == y_new).mean() > 0.85
    assert [model.coef_.shape[1] for model in first.view_models_] == [30, 4]
    assert first.decision_function(X_new).shape == (len(y_new), 3)
    sparse_only = StackedSVC(((0, 30),), C=0.3, random_state=0).fit(X, y)
    assert (sparse_only.predict(X_new) == y_new).mean() < 0.75  # oppose and neutral need view 2


def test_two_labels_give_one_column_a_view():
    X, y = _two_views(2)
    keep = y != "support"
    model = StackedSVC(((0, 30), (30, None)), random_state=0).fit(X[keep], y[keep])
    assert model.meta_.coef_.shape == (1, 2) and model.decision_function(X[keep]).ndim == 1
    assert (model.predict(X[keep]) == y[keep]).mean() > 0.85


def test_a_stacked_config_needs_encoder_columns_and_others():
    assert TrainConfig(classifier="stacked_svm", features=["statement_words", "encoder"]
                       ).problems() == []
    for features in (["statement_words"], ["encoder"]):
        problems = TrainConfig(classifier="stacked_svm", features=features).problems()
        assert problems == ["classifier = 'stacked_svm' stacks the sentence encoder's groups "
                            "(encoder, encoder_polarity, encoder_topic) over the others: "
                            "features needs both"]


def test_stacking_is_taken_only_where_its_gain_is_above_the_folds_noise():
    rival = {"candidate": "pair words, C=0.1", "folds": [0.70, 0.72, 0.74]}
    steady = {"folds": [0.72, 0.74, 0.75]}  # +0.02, +0.02, +0.01
    noisy = {"folds": [0.78, 0.70, 0.76]}  # a larger mean gain, +0.08, -0.02, +0.02
    assert stacking_pays(steady, rival) == (
        True, "stacking gains +0.0167 ± 0.0047 over the folds on pair words, C=0.1: taken")
    assert stacking_pays(noisy, rival) == (
        False, "stacking gains +0.0267 ± 0.0411 over the folds on pair words, C=0.1: "
               "within the noise, not taken")


def test_a_label_of_one_row_is_left_out_of_a_fold_and_still_trained():
    rng = np.random.default_rng(0)
    X, y = sp.csr_matrix(rng.random((21, 6))), np.array(["a"] * 10 + ["b"] * 10 + ["c"])
    model = StackedSVC(views=((0, 3), (3, None)), random_state=0).fit(X, y)
    assert list(model.classes_) == ["a", "b", "c"]
    assert model.decision_function(X).shape == (21, 3)


def test_two_labels_one_of_them_a_single_row_still_train():
    rng = np.random.default_rng(1)
    X, y = sp.csr_matrix(rng.random((11, 6))), np.array(["a"] * 10 + ["b"])
    model = StackedSVC(views=((0, 3), (3, None)), random_state=0).fit(X, y)
    assert model.decision_function(X).shape == (11,)
