"""The stance model's pair features and the custom transformers behind them."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

from claims.models.config import FEATURE_GROUPS, OPT_IN, TrainConfig
from claims.models.directory import TRUSTED_TYPES
from claims.models.features import (
    PairSimilarity,
    cue_kinds,
    cue_stance_tags,
    feature_pipeline,
    pair_frame,
)


def test_pair_features_relate_statement_and_target():
    rows = pd.DataFrame(
        {
            "text": ["Moscow denies any plan to invade Ukraine"],
            "target": ["Russia plans to invade Ukraine"], "target_text": [""], "actor": [""],
        }
    )
    features = pair_frame(rows).iloc[0]
    assert (
        features["statement_only"] == "moscow denies any plan"
        and features["target_only"] == "russia plans"
    )
    assert "+denial:denies" in features["cues"].split() and 0 < features["jaccard"] < 1


def test_cue_kinds_say_which_kinds_of_cue_each_side_has():
    rows = pd.DataFrame({
        "text": ["Lenovo reportedly ready to bid for BlackBerry, sources say",
                 "الكرملين ينفي وجود خطة لغزو أوكرانيا", "Apple Watch will cost $10,000"],
        "target": ["Lenovo will bid for BlackBerry", "روسيا لا تخطط لغزو أوكرانيا",
                   "Apple Watch will cost $10,000"],
        "target_text": ["", "", ""], "actor": ["", "", ""]})
    flags = cue_kinds(pair_frame(rows)["cues"])
    columns = [f"{side}:{kind}" for side in "st"
               for kind in ("negation", "denial", "hedging", "sourcing", "reporting")]
    assert flags.shape == (3, 10) and set(np.unique(flags)) <= {0.0, 1.0}
    named = [{name for name, flag in zip(columns, row) if flag} for row in flags]
    assert {"s:hedging", "s:sourcing", "s:reporting"} <= named[0]
    assert not {"t:hedging", "s:denial"} & named[0]
    assert {"s:denial", "t:negation"} <= named[1]
    assert named[2] == set()


# parametrize_with_checks yields no check for an estimator whose input is text (sklearn
# skips them all); these are the checks of the estimator API that apply to it.
@pytest.mark.parametrize(
    "check",
    [
        check_no_attributes_set_in_init, check_parameters_default_constructible,
        check_get_params_invariance, check_set_params,
    ],
)
def test_pair_similarity_follows_the_estimator_api(check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check("PairSimilarity", PairSimilarity())


def test_pair_similarity_learns_idf_in_fit_and_scores_pairs():
    X = np.array(
        [["the cat sat", "the cat sat"], ["a dog ran", "the cat sat"], ["x", "y"]], dtype=object
    )
    fitted = PairSimilarity().fit(X)
    scores = fitted.transform(X).ravel()
    assert scores[0] == pytest.approx(1.0) and scores[1] == 0.0 and scores[2] == 0.0
    with pytest.raises(ValueError, match="two text columns"):
        fitted.transform(np.array([["only one"]], dtype=object))


def test_cue_stance_features_say_what_the_reporting_verb_does_and_persist(tmp_path):
    invasion = "Russian invasion of Ukraine"
    rows = pd.DataFrame({"text": ["Peskov denied that Moscow planned to invade Ukraine",
                                  "Troops gathered", "Kyiv said it would join NATO"],
                         "target": [invasion, invasion, "Ukraine joining NATO"],
                         "target_text": ["", "", ""], "actor": ["", "", ""]})
    frame = pair_frame(rows)
    assert cue_stance_tags(frame[["text", "target_name"]]) == [
        "effect:oppose reading:oppose stance:oppose", "none",
        "effect:pass reading:pass stance:support"]
    assert TrainConfig().features == [group for group in FEATURE_GROUPS if group not in OPT_IN]
    pipeline = feature_pipeline(TrainConfig(features=["cue_stance"])).fit(rows)
    assert pipeline.transform(rows).shape[0] == 3
    path = tmp_path / "features.skops"
    path.write_bytes(sio.dumps(pipeline))
    assert set(sio.get_untrusted_types(file=path)) <= set(TRUSTED_TYPES)
