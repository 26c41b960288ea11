"""The stance model's pair features and the custom transformers behind them."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

from claims.models.features import PairSimilarity, pair_frame


def test_pair_features_relate_statement_and_target():
    rows = pd.DataFrame({"text": ["Moscow denies any plan to invade Ukraine"],
                         "target": ["Russia plans to invade Ukraine"], "target_text": [""], "actor": [""]})
    features = pair_frame(rows).iloc[0]
    assert features["statement_only"] == "moscow denies any plan" and features["target_only"] == "russia plans"
    assert "+denial:denies" in features["cues"].split() and 0 < features["jaccard"] < 1


# parametrize_with_checks yields no check for an estimator whose input is text (sklearn
# skips them all); these are the checks of the estimator API that apply to it.
@pytest.mark.parametrize("check", [check_no_attributes_set_in_init, check_parameters_default_constructible,
                                   check_get_params_invariance, check_set_params])
def test_pair_similarity_follows_the_estimator_api(check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check("PairSimilarity", PairSimilarity())


def test_pair_similarity_learns_idf_in_fit_and_scores_pairs():
    X = np.array([["the cat sat", "the cat sat"], ["a dog ran", "the cat sat"], ["x", "y"]], dtype=object)
    fitted = PairSimilarity().fit(X)
    scores = fitted.transform(X).ravel()
    assert scores[0] == pytest.approx(1.0) and scores[1] == 0.0 and scores[2] == 0.0
    with pytest.raises(ValueError, match="two text columns"):
        fitted.transform(np.array([["only one"]], dtype=object))
