"""The automatic choice of ``claims train`` without a configuration, on small slices."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from claims import train_model
from claims.datafolder import fingerprint
from claims.models.features import as_rows
from claims.models.pairs import FLAG_NAMES, alignment_flags, alignment_tags, signed_words
from claims.models.selection import candidates, choose, dataset_shape
from claims.text import normalize


def _slice(source: Path, out: Path, sizes: dict[str, int]) -> Path:
    """A copy of the dataset folder ``source`` with the first rows of each split in ``sizes``."""
    (out / "data").mkdir(parents=True)
    for split, size in sizes.items():
        table = pq.read_table(next((source / "data").glob(f"{split}-*.parquet")))
        pq.write_table(table.slice(0, size), out / "data" / f"{split}-00000-of-00001.parquet")
    (out / "registry.yaml").write_bytes((source / "registry.yaml").read_bytes())
    marker = json.loads((source / "claims.json").read_text())
    marker.update(rows=sizes, fingerprint=fingerprint(out))
    (out / "claims.json").write_text(json.dumps(marker))
    return out


@pytest.fixture(scope="module")
def small(ans_dataset, tmp_path_factory) -> Path:
    """ANS: 240 train, 80 validation and 80 test rows."""
    return _slice(
        ans_dataset,
        tmp_path_factory.mktemp("small") / "ans",
        {"train": 240, "validation": 80, "test": 80},
    )


def _rows(folder: Path, split: str):
    from claims.datafolder import open_folder, read_split

    frame, labels = read_split(open_folder(folder), split)
    return as_rows(frame), labels


def test_the_shape_names_the_candidates(small):
    rows, _ = _rows(small, "train")
    shape = dataset_shape(rows)
    assert shape.kind == "pairs" and shape.target_text_share == 1.0
    topics = rows.assign(target_text="", target=np.where(np.arange(len(rows)) % 2, "oil", "gas"))
    assert dataset_shape(topics).kind == "topics" and dataset_shape(topics).targets == 2
    assert dataset_shape(rows.assign(text=rows["text"] * 60)).kind == "documents"
    grid = candidates(shape, "macro_f1")
    assert {c.class_weight for c in grid} == {"balanced"} and grid[0].features[
        0
    ] == "statement_words"
    assert {c.class_weight for c in candidates(shape, "accuracy")} == {"balanced", "none"}


def test_the_choice_is_deterministic_for_a_seed_and_reported(small):
    rows, labels = _rows(small, "train")
    first = choose(rows, labels, "macro_f1", 3, lambda line: None)
    again = choose(rows, labels, "macro_f1", 3, lambda line: None)
    assert first == again
    config, report = first
    assert report["chosen"] in {entry["candidate"] for entry in report["candidates"]}
    assert config.c_grid == [report["C"]] and report["why"].startswith("best mean macro_f1")
    assert "grouped by target" in report["validation"]
    assert all(entry["unconverged_fits"] == 0 for entry in report["candidates"])


def test_the_test_split_absent_or_scrambled_leaves_the_model_unchanged(small, tmp_path):
    models = {}
    for variant in ("as built", "absent", "scrambled"):
        sizes = {"train": 240, "validation": 80} | ({} if variant == "absent" else {"test": 80})
        folder = _slice(small, tmp_path / variant, sizes)
        test_file = folder / "data" / "test-00000-of-00001.parquet"
        if variant == "scrambled":
            table = pq.read_table(test_file)
            stance = np.asarray(table["stance"])[::-1].copy()
            table = table.set_column(
                table.schema.get_field_index("stance"),
                "stance",
                pa.array(stance, table.schema.field("stance").type),
            )
            pq.write_table(table.slice(5), test_file)
        models[variant] = train_model(folder, tmp_path / f"model-{variant}", seed=1)
    chosen = {variant: model.card["tuning"]["chosen"] for variant, model in models.items()}
    assert len(set(chosen.values())) == 1, chosen
    rows, _ = _rows(small, "test")
    expected = models["as built"].stance_proba(rows)
    for model in models.values():  # the same model: the same probabilities
        np.testing.assert_array_equal(model.stance_proba(rows), expected)
    card = json.loads((models["absent"].path / "model.json").read_text())
    assert card["tuning"]["method"] == "automatic" and card["config"]["seed"] == 1
    assert f"chose {chosen['absent']}" in (models["absent"].path / "train.log").read_text()


def test_one_label_and_bad_config_values_are_one_line_errors(small, run, tmp_path):
    folder = _slice(small, tmp_path / "one", {"train": 240})
    table = pq.read_table(folder / "data" / "train-00000-of-00001.parquet")
    keep = np.asarray(table["stance"]) == 0
    pq.write_table(table.filter(pa.array(keep)), folder / "data" / "train-00000-of-00001.parquet")
    result = run("train", folder, "--out", tmp_path / "model")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.splitlines()[-1] == (
        "Error: The training rows have only the label(s) support; a stance "
        "model needs at least two. Build the dataset with claims of another "
        "label too."
    )
    config = tmp_path / "bad.toml"
    config.write_text('tune_metric = "fnc"\ncalibration = "platt"\ncv_folds = 1\n')
    result = run("train", small, "--out", tmp_path / "model", "--config", config)
    assert result.exit_code == 1 and len(result.output.splitlines()) == 1
    assert result.output == (
        f"Error: {config}: calibration = 'platt'; use one of: sigmoid, isotonic, temperature; "
        "cv_folds must be a whole number >= 2\n"
    )
    assert not (tmp_path / "model").exists()


def test_alignment_reads_an_edit_as_an_edit():
    pairs = [
        [normalize("ارتفاع أسعار النفط في 2019"), normalize("انخفاض أسعار النفط في 2018")],
        [normalize("Obama did not visit Cuba"), normalize("Obama visited Cuba")],
    ]
    tags = alignment_tags(pairs)
    assert "antonym" in tags[0] and "rep:انخفاض>ارتفاع" in tags[0] and "ins:not" in tags[1]
    flags = dict(zip(FLAG_NAMES, alignment_flags(pairs)[0]))
    assert (
        flags["antonym"] == 1 and flags["numbers_changed"] == 1 and flags["negation_mismatch"] == 0
    )
    assert dict(zip(FLAG_NAMES, alignment_flags(pairs)[1]))["negation_mismatch"] == 1


def test_polarity_signs_the_statement_words_by_the_targets_direction():
    statement = normalize("Violent games cause aggression")
    pairs = [[statement, normalize("violent video games should be banned")],
             [statement, normalize("the sale of violent video games")],
             [statement, normalize("يجب حظر الألعاب العنيفة")]]
    signed = signed_words(pairs).toarray()
    np.testing.assert_array_equal(signed[0], -signed[1])  # same words, opposite directions
    assert signed[1].max() > 0 and np.isclose(np.linalg.norm(signed[1]), 1.0)
    np.testing.assert_array_equal(signed[2], signed[0])  # «حظر»: a ban, in Arabic too
    np.testing.assert_array_equal(signed_words(pairs[::-1]).toarray(), signed[::-1])  # stateless


def test_pairs_try_the_lean_polarity_sets(small):
    rows, _ = _rows(small, "train")
    sets = {c.name: c.features for c in candidates(dataset_shape(rows), "accuracy")}
    assert sets["polarity"] == ("polarity",)
    assert sets["statement words + polarity"] == ("statement_words", "polarity")
    assert "polarity" in sets["pair words + polarity"] and "target_words" in sets["pair words"]


def test_training_names_that_normalise_alike_are_one_registry_entry():
    from claims.models.train import training_registry

    class Folder:
        path = Path("/nonexistent")

    rows = as_rows([{"text": "x", "target": "migration", "actor": "AfD"},
                    {"text": "y", "target": "Migration", "actor": "AFD"}])
    rows = rows.assign(actor_kind="", target_kind="topic")
    registry, source = training_registry(Folder, rows, ["support", "oppose"])
    assert source == "training claims"
    assert [a.name for a in registry.actors] == ["AfD"] and len(registry.targets) == 1
