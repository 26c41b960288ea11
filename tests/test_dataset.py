"""Hugging Face datasets built from imported slices of ../shared/data: rows, splits, bytes, card,
errors."""

import os
import re
import socket
import time

import numpy as np
import pyarrow.parquet as pq
import pytest
import yaml

import datasets
from claims import ClaimsError
from claims.datafolder import COLUMN_NAMES
from claims.dataset import BuildOptions
from claims.dataset_check import check_dataset
from claims.splits import Keys, assign
from tests.conftest import DATASETS, shared

LABELS = ["support", "oppose", "neutral"]


def _files(folder):
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _expected(project):
    """Every gold or imported claim of the project as the dataset should hold it, with its given
    split."""
    rows = []
    for claim in project.store.claims():
        if not (claim.origin == "gold" or claim.origin.startswith("import:")):
            continue
        statement = project.statement(claim.statement_id)
        article = project.article(statement.article_id)
        target = project.target(claim.target)
        actor = project.actor(claim.actor) if claim.actor else None
        split = project.store.conn.execute(
            "SELECT split FROM claims WHERE id = ?", (claim.id,)
        ).fetchone()[0]
        rows.append(
            {
                "text": statement.text, "actor": claim.actor or "",
                "actor_kind": actor.kind if actor else "", "target": claim.target,
                "target_kind": target.kind,
                "target_text": target.description
                or (target.name if target.kind == "claim" else ""),
                "stance": LABELS.index(claim.stance), "language": article.language,
                "article_id": article.id, "statement_id": statement.id,
                "source": article.source or "", "published": article.published or "",
                "start": statement.start, "end": statement.end, "gold_method": claim.gold_method,
                "origin": claim.origin.split(":", 1)[1]
                if claim.origin.startswith("import:")
                else claim.origin,
                "given": split,
            }
        )
    return rows


def _loaded(out):
    loaded = datasets.load_dataset(str(out))
    return loaded, {split: loaded[split].to_list() for split in loaded}


def _key(row):
    return tuple(str(row[column]) for column in COLUMN_NAMES if column != "id")


def _no_article_in_two_splits(rows):
    articles = {
        split: {row["article_id"] for row in split_rows} for split, split_rows in rows.items()
    }
    names = list(articles)
    for i, first in enumerate(names):
        for second in names[i + 1:]:
            assert not articles[first] & articles[second], (first, second)


def test_an_ans_slice_loads_back_row_for_row_with_its_given_splits(project, tmp_path):
    project.import_recipe("ans", shared("data/ans"), limit=100)
    report = project.build_dataset(tmp_path / "ans", BuildOptions(split_by="given"))
    assert report.rows == {"train": 100, "validation": 100, "test": 100} and report.moved == 0
    loaded, rows = _loaded(tmp_path / "ans")
    assert list(loaded) == ["train", "validation", "test"]
    for split in loaded:
        assert loaded[split].features["stance"].names == LABELS
        assert list(loaded[split].features) == list(COLUMN_NAMES)
        assert type(loaded[split].features["stance"]) is datasets.ClassLabel
    expected = _expected(project)
    for split, split_rows in rows.items():
        wanted = sorted(_key(row) for row in expected if row["given"] == split)
        assert sorted(_key(row) for row in split_rows) == wanted
        assert len({row["id"] for row in split_rows}) == len(split_rows)
    _no_article_in_two_splits(rows)
    assert (
        rows["train"][0]["target_text"] == rows["train"][0]["target"]
    )  # a claim target's text is the claim


def test_a_debatenet_slice_splits_by_article_stratified_and_loads_back(project, tmp_path):
    project.import_recipe("debatenet-migr15", shared("data/debatenet-migr15"), limit=300)
    report = project.build_dataset(
        tmp_path / "debatenet", BuildOptions(test_size=0.2, dev_size=0.1, seed=3)
    )
    _, rows = _loaded(tmp_path / "debatenet")
    assert sorted(_key(row) for split_rows in rows.values() for row in split_rows) == sorted(
        _key(row) for row in _expected(project))
    _no_article_in_two_splits(rows)
    total = sum(report.rows.values())
    assert (
        abs(report.rows["test"] / total - 0.2) < 0.06
        and abs(report.rows["validation"] / total - 0.1) < 0.06
    )
    for stance in (0, 1):  # both stances reach every split
        assert all(
            any(row["stance"] == stance for row in split_rows) for split_rows in rows.values()
        )
    assert {row["actor_kind"] for row in rows["train"]} <= {"person", "organisation"}
    assert all(row["published"].startswith("2015-") for row in rows["test"])


def test_split_by_time_puts_the_newest_articles_in_test(project, tmp_path):
    project.import_recipe("debatenet-migr15", shared("data/debatenet-migr15"), limit=300)
    project.build_dataset(
        tmp_path / "by-time", BuildOptions(split_by="time", test_size=0.25, dev_size=0.0)
    )
    _, rows = _loaded(tmp_path / "by-time")
    assert list(rows) == ["train", "test"]
    assert max(row["published"] for row in rows["train"]) <= min(
        row["published"] for row in rows["test"]
    )
    _no_article_in_two_splits(rows)


def test_the_same_project_and_seed_give_the_same_bytes(project, tmp_path):
    project.import_recipe("debatenet-migr15", shared("data/debatenet-migr15"), limit=150)
    out = tmp_path / "first" / "debatenet"
    out.parent.mkdir()
    project.build_dataset(out, BuildOptions(seed=7))
    first = _files(out)
    project.build_dataset(out, BuildOptions(seed=7))  # rebuilding over our own folder is allowed
    assert _files(out) == first
    other = tmp_path / "second" / "debatenet"
    other.parent.mkdir()
    project.build_dataset(other, BuildOptions(seed=7))
    assert _files(other) == first
    project.build_dataset(other, BuildOptions(seed=8))
    assert (
        _files(other)["data/test-00000-of-00001.parquet"]
        != first["data/test-00000-of-00001.parquet"]
    )


def test_the_card_yaml_has_configs_features_and_sizes(project, tmp_path):
    project.import_recipe("ans", shared("data/ans"), limit=60)
    project.build_dataset(tmp_path / "ans", BuildOptions(split_by="given"))
    text = (tmp_path / "ans" / "README.md").read_text(encoding="utf-8")
    metadata = yaml.safe_load(text.split("---\n")[1])
    assert metadata["configs"] == [{"config_name": "default", "data_files": [
        {"split": split, "path": f"data/{split}-*"} for split in ("train", "validation", "test")]}]
    features = metadata["dataset_info"]["features"]
    assert [feature["name"] for feature in features] == list(COLUMN_NAMES)
    stance = next(feature for feature in features if feature["name"] == "stance")
    assert stance["dtype"] == {
        "class_label": {"names": {"0": "support", "1": "oppose", "2": "neutral"}}
    }
    assert {f["name"]: f["dtype"] for f in features}["start"] == "int32"
    assert [(s["name"], s["num_examples"]) for s in metadata["dataset_info"]["splits"]] == [
        ("train", 60), ("validation", 60), ("test", 60)]
    assert (
        metadata["license"], metadata["language"], metadata["task_categories"],
        metadata["size_categories"], metadata["annotations_creators"], metadata["source_datasets"],
        metadata["pretty_name"],
    ) == ("apache-2.0", ["ar"], ["text-classification"], ["n<1K"], ["found"], ["extended"], "ans")
    for section in (
        "## Labels", "## Annotation guidelines", "### Claims per split and stance",
        "### Claims per language", "### Top targets", "## Splits", "## Provenance", "Khouja",
    ):
        assert section in text
    counts = project.stats()["claims_by_stance"]
    support, oppose, neutral = (counts.get(label, 0) for label in LABELS)
    assert f"| all | {support} | {oppose} | {neutral} | 180 |" in text
    marker = (tmp_path / "ans" / "claims.json").read_text(encoding="utf-8")
    for private in (str(tmp_path), os.environ.get("USER") or "\0", socket.gethostname()):
        assert private not in text and private not in marker


def test_a_named_config_is_the_default_one(project, tmp_path):
    project.import_recipe("emergent", shared("data/emergent"), limit=40)
    project.build_dataset(tmp_path / "emergent", BuildOptions(split_by="given", config="headlines"))
    loaded, _ = _loaded(tmp_path / "emergent")
    assert {split: loaded[split].num_rows for split in loaded} == {"train": 40, "test": 40}


def _annotated(project):
    """An ANS slice with two annotators' labels on it and gold claims from them."""
    project.import_recipe("ans", shared("data/ans"), limit=20)
    with project.store.transaction():
        for number, claim in enumerate(project.store.claims()):
            target = project.store.entity_id("target", claim.target)
            other = LABELS[(LABELS.index(claim.stance) + (number % 3 == 0)) % 3]
            project.store.add_claim(claim.statement_id, None, target, claim.stance, "human:ana")
            project.store.add_claim(claim.statement_id, None, target, other, "human:omar")
            project.store.add_claim(
                claim.statement_id, None, target, claim.stance, "gold",
                gold_method="unanimous" if other == claim.stance else "adjudicated",
            )


def test_annotators_get_pseudonyms_unless_asked_and_agreement_counts_are_in_the_card(
    project, tmp_path
):
    _annotated(project)
    project.build_dataset(tmp_path / "human", BuildOptions(["human:*"], split_by="random", seed=1))
    _, rows = _loaded(tmp_path / "human")
    assert {row["origin"] for split_rows in rows.values() for row in split_rows} == {
        "annotator-1",
        "annotator-2",
    }
    card = (tmp_path / "human" / "README.md").read_text(encoding="utf-8")
    assert "ana" not in card.replace("annotat", "") and "omar" not in card
    assert "## Agreement" in card
    # claims.agreement's figures: omar differs from ana on every third item (20 of 60)
    assert re.search(r"\| annotator-1 · annotator-2 \| 60 \| 0\.667 \| -?\d\.\d{3} \|", card)
    assert re.search(r"\| stance of items \| 60 \| 60 \| 0\.667 \| -?\d\.\d{3} \|", card)
    assert "| annotator-1 | 60 | 60 |" in card
    project.build_dataset(
        tmp_path / "named",
        BuildOptions(["human:omar"], split_by="random", seed=1, keep_annotator_names=True),
    )
    _, rows = _loaded(tmp_path / "named")
    assert {row["origin"] for split_rows in rows.values() for row in split_rows} == {"omar"}


def test_gold_only_takes_gold_claims_and_never_model_predictions(project, tmp_path):
    _annotated(project)
    with project.store.transaction():
        claim = project.store.claims()[0]
        project.store.add_claim(
            claim.statement_id, None, project.store.entity_id("target", claim.target), "neutral",
            "model:stance@1", confidence=0.5,
        )
    report = project.build_dataset(tmp_path / "gold", BuildOptions(["gold"], split_by="random"))
    _, rows = _loaded(tmp_path / "gold")
    assert sum(report.rows.values()) == 60
    assert {row["origin"] for split_rows in rows.values() for row in split_rows} == {"gold"}
    assert {row["gold_method"] for split_rows in rows.values() for row in split_rows} == {
        "unanimous",
        "adjudicated",
    }
    default = project.build_dataset(tmp_path / "default", BuildOptions(split_by="random"))
    assert sum(default.rows.values()) == 120  # gold and imported, not the model's


def test_disjoint_targets_keep_every_target_claim_in_one_split(project, tmp_path):
    project.import_recipe("ans", shared("data/ans"), limit=150)
    project.build_dataset(tmp_path / "pairs", BuildOptions(disjoint_targets=True, seed=2))
    _, rows = _loaded(tmp_path / "pairs")
    targets = {split: {row["target"] for row in split_rows} for split, split_rows in rows.items()}
    assert not (targets["train"] & targets["test"]) and not (
        targets["train"] & targets["validation"]
    )
    _no_article_in_two_splits(rows)


def test_check_refuses_a_folder_whose_data_changed(project, tmp_path, run):
    project.import_recipe("ans", shared("data/ans"), limit=30)
    out = tmp_path / "ans"
    project.build_dataset(out, BuildOptions(split_by="given"))
    result = run("dataset", "check", out)
    assert result.exit_code == 0
    assert result.output == (
        f"{out}: config default, labels support, oppose, neutral; train 30, validation 30, "
        "test 30 claims; loads with datasets; no article in two splits.\n"
    )
    data = out / "data" / "test-00000-of-00001.parquet"
    data.write_bytes(data.read_bytes()[:-10])
    result = run("dataset", "check", out)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {out}: the data files changed since the dataset was built (fingerprint "
        "differs); rebuild it.\n"
    )
    (out / "README.md").unlink()
    with pytest.raises(ClaimsError, match="README.md \\(the dataset card\\) is missing"):
        check_dataset(out)


# --- bad input: one line, exit 1, nothing written -------------------------------------------------


def _leftovers(folder):
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("."))


def test_an_empty_selection_is_one_line_and_writes_nothing(project, tmp_path, run, example_article):
    project.ingest([str(example_article)])
    result = run("dataset", "build", tmp_path / "out")
    assert result.exit_code == 1
    assert result.output == (
        "Error: No claims to build a dataset from: none has origin gold or import:*. Import a "
        "dataset, adjudicate annotations into gold claims, or choose with --origin.\n"
    )
    assert not (tmp_path / "out").exists() and _leftovers(tmp_path) == []


def test_an_out_folder_not_built_by_claims_is_refused_and_left_alone(project, tmp_path, run):
    project.import_recipe("ans", shared("data/ans"), limit=10)
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.md").write_text("mine", encoding="utf-8")
    result = run("dataset", "build", out)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {out} exists and is not a dataset built by claims (no claims.json); choose "
        "another OUT or remove that folder.\n"
    )
    assert _files(out) == {"chapter1.md": b"mine"}
    result = run("dataset", "check", out)
    assert result.output == (
        f"Error: {out}: not a claims dataset folder (no claims.json); build one with "
        "'claims dataset build'\n"
    )


def test_a_failed_rebuild_keeps_the_old_dataset_and_leaves_no_temporary_folder(
    project, tmp_path, run
):
    project.import_recipe("ans", shared("data/ans"), limit=10)
    out = tmp_path / "ans"
    assert run("dataset", "build", out, "--split-by", "given").exit_code == 0
    before = _files(out)
    result = run("dataset", "build", out, "--origin", "import:nothing")
    assert result.exit_code == 1 and result.output.count("\n") == 1
    result = run(
        "dataset", "build", out, "--test-size", "0.2", "--dev-size", "0.1", "--split-by", "time"
    )
    assert result.exit_code == 0, result.output
    project.store.conn.execute("DELETE FROM claims WHERE id > 1")
    result = run("dataset", "build", out, "--test-size", "0.6", "--dev-size", "0")
    assert result.exit_code == 1
    assert result.output == (
        "Error: Cannot make a train split: the 1 selected claims are in 1 articles only, and "
        "splits never share one; lower --test-size or --dev-size (0 leaves a split out), or "
        "add claims.\n"
    )
    assert set(_files(out)) == set(before) and _leftovers(tmp_path) == []


def _one_article(project, tmp_path) -> list:
    """A project of one article of two statements, Russia and a target registered."""
    (tmp_path / "a.txt").write_text(
        "Moscow denies it.\n\nMoscow wants guarantees.\n", encoding="utf-8"
    )
    project.ingest([str(tmp_path / "a.txt")])
    project.add_actor("Russia", "country", aliases=["Moscow"])
    project.add_target("Guarantees")
    return project.statements()


def test_origins_that_disagree_on_an_item_are_a_warning(project, tmp_path, run):
    first, second = _one_article(project, tmp_path)
    project.label(first.id, "Russia", "Guarantees", "oppose", "ana")
    project.label(first.id, "Russia", "Guarantees", "support", "ben")
    project.label(second.id, "Russia", "Guarantees", "support", "ana")
    project.label(second.id, "Russia", "Guarantees", "support", "ben")
    result = run("dataset", "build", tmp_path / "out", "--origin", "human")
    assert result.exit_code == 0, result.output
    assert ("Warning: the origins chosen give 1 item (statement, actor, target) two stances or "
            "more") in result.stderr
    project.adjudicate_auto(single=True)
    quiet = run("dataset", "build", tmp_path / "gold", "--origin", "gold")
    assert quiet.exit_code == 0 and "Warning" not in quiet.stderr


def test_one_annotated_article_builds_the_splits_it_can_and_says_which(project, tmp_path, run):
    for statement, stance in zip(_one_article(project, tmp_path), ("oppose", "support")):
        project.label(statement.id, "Russia", "Guarantees", stance, "ana")
    project.adjudicate_auto(single=True)
    result = run("dataset", "build", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        f"Built {tmp_path / 'out'} (article split): train 2 claims; checked."
    )
    assert "No validation or test split: too few annotated articles" in result.stderr
    assert run("dataset", "check", tmp_path / "out").exit_code == 0
    card = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    assert ("test 0.2, validation 0.1 of the claims asked for. Too few articles to hold out: "
            "this dataset has no test and no validation split.") in card


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--split-by", "given"],
            "Error: 3 of the 3 selected claims have no given split (only datasets imported with "
            "their splits have one); use --split-by article, time or random.\n",
        ),
        (
            ["--test-size", "1.5"],
            "Error: --test-size must be a fraction from 0 to below 1, not 1.5.\n",
        ),
        (
            ["--test-size", "0.6", "--dev-size", "0.5"],
            "Error: --test-size and --dev-size add up to 1.1; leave some claims for train.\n",
        ),
        (
            ["--config", "a b"],
            "Error: The config name 'a b' must be letters, digits, '.', '_' or '-'.\n",
        ),
    ],
)
def test_bad_build_options_are_one_line(project, tmp_path, run, args, message):
    path = tmp_path / "rows.csv"
    path.write_text("text,label\nOne.,support\nTwo.,oppose\nThree.,neutral\n", encoding="utf-8")
    assert (
        run("import", path, "--text", "text", "--stance", "label", "--target-value", "T").exit_code
        == 0
    )
    result = run("dataset", "build", tmp_path / "out", *args)
    assert (result.exit_code, result.output) == (1, message)
    assert not (tmp_path / "out").exists() and _leftovers(tmp_path) == []


def test_publish_without_token_or_network_fails_fast_in_one_line(project, tmp_path, run):
    project.import_recipe("ans", shared("data/ans"), limit=10)
    out = tmp_path / "ans"
    run("dataset", "build", out, "--split-by", "given")
    started = time.monotonic()
    result = run("dataset", "publish", out, "--repo-id", "my-org/ans")
    assert (result.exit_code, result.output) == (
        1,
        "Error: No Hugging Face token: pass --token, set HF_TOKEN, or log in with "
        "'hf auth login'.\n",
    )
    result = run("dataset", "publish", out, "--repo-id", "my-org/ans", "--token", "hf_x")
    assert (result.exit_code, result.output) == (
        1,
        "Error: Cannot publish: offline mode is on (HF_HUB_OFFLINE); unset it to reach the Hub.\n",
    )
    result = run("dataset", "publish", out, "--repo-id", "no-slash", "--token", "hf_x")
    assert result.output == (
        "Error: The repository id 'no-slash' must be ORG/NAME (letters, digits, '.', '_', '-').\n"
    )
    result = run("dataset", "publish", tmp_path, "--repo-id", "my-org/ans", "--token", "hf_x")
    assert result.output == (
        f"Error: {tmp_path}: not a claims dataset folder (no claims.json); build one "
        "with 'claims dataset build'\n"
    )
    assert time.monotonic() - started < 5


def test_the_cli_builds_and_reports_what_it_built(project, tmp_path, run):
    project.import_recipe("emergent", shared("data/emergent"), limit=25)
    result = run(
        "dataset", "build", tmp_path / "emergent",
        "--split-by", "given", "--pretty-name", "Emergent slice",
    )
    assert result.exit_code == 0
    assert (
        result.output
        == f"Built {tmp_path / 'emergent'} (given split): train 25, test 25 claims; checked.\n"
    )
    assert "pretty_name: Emergent slice" in (tmp_path / "emergent" / "README.md").read_text(
        encoding="utf-8"
    )


# --- split assignment, on keys alone --------------------------------------------------------------


def _keys(articles, stances, given=None):
    count = len(articles)
    return Keys(
        np.array(articles, np.int64), np.arange(count, dtype=np.int64), np.array(stances, np.int16),
        np.array(given if given is not None else [-1] * count, np.int8),
    )


def test_given_splits_are_kept_and_moved_only_when_asked_with_the_texts_they_share():
    keys = _keys([1, 1, 2, 3, 4], [0, 1, 0, 1, 0], [0, 2, 0, 1, 0])
    kept = assign(keys, "given", 0, 0, 0)
    assert kept.kept and kept.moved == 0
    # article 1 is in train and test; article 4 (train) shares its text (number 7) with article 3
    shared = np.array([[1, 5], [1, 6], [2, 8], [3, 7], [4, 7]], np.int64)
    moved = assign(keys, "given", 0, 0, 0, shared=shared)
    assert moved.of(np.array([1, 2, 3, 4])).tolist() == [2, 0, 1, 1] and moved.moved == 2


def test_article_splits_are_seeded_and_stratified():
    rng = np.random.default_rng(0)
    keys = _keys(np.repeat(np.arange(200), 2), np.repeat(rng.integers(0, 3, 200), 2))
    first = assign(keys, "article", 0.2, 0.1, seed=5)
    assert np.array_equal(first.split, assign(keys, "article", 0.2, 0.1, seed=5).split)
    assert not np.array_equal(first.split, assign(keys, "article", 0.2, 0.1, seed=6).split)
    per_claim = first.of(keys.article)
    for stance in range(3):
        share = (per_claim[keys.stance == stance] == 2).mean()
        assert abs(share - 0.2) < 0.05


def test_row_groups_have_one_size_whatever_the_batches_so_bytes_depend_on_rows_alone(
    tmp_path, monkeypatch
):
    from claims import dataset as module

    monkeypatch.setattr(module, "ROWS_PER_GROUP", 10)
    schema = module.features(LABELS).arrow_schema
    records = [
        {
            column: (
                number
                if column in ("article_id", "statement_id", "start", "end")
                else number % 3
                if column == "stance"
                else f"{column} {number}"
            )
            for column in COLUMN_NAMES
        }
        for number in range(25)
    ]
    written = []
    for batches in ([25], [3, 9, 13], [10, 10, 5]):
        folder = tmp_path / "-".join(map(str, batches))
        (folder / "data").mkdir(parents=True)
        files, start = module._SplitFiles(folder, schema), 0
        for size in batches:
            files.add("train", records[start:start + size])
            start += size
        files.close()
        path = folder / "data" / "train-00000-of-00001.parquet"
        metadata = pq.ParquetFile(path).metadata
        assert [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)] == [
            10, 10, 5,
        ]
        written.append(path.read_bytes())
    assert written[0] == written[1] == written[2]


def test_claims_train_and_evaluate_read_a_built_dataset_and_its_metric(project, tmp_path, run):
    from claims.datafolder import open_folder, read_split

    project.import_recipe("emergent", shared("data/emergent"), limit=60)
    project.build_dataset(tmp_path / "emergent", BuildOptions(split_by="given", metric="fnc"))
    folder = open_folder(tmp_path / "emergent")
    frame, labels = read_split(folder, "test")
    assert (labels, folder.metric, folder.splits, len(frame)) == (
        LABELS, "fnc", ("train", "test"), 60,
    )
    config = tmp_path / "fast.toml"
    config.write_text("c_grid = [1.0]\ncalibration_folds = 2\ncv_folds = 2\n", encoding="utf-8")
    assert (
        run(
            "train", tmp_path / "emergent", "--out", tmp_path / "model", "--config", config
        ).exit_code
        == 0
    )
    result = run("evaluate", tmp_path / "model", tmp_path / "emergent", "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"task_metric": "fnc"' in result.output


def test_the_folder_carries_the_projects_registry_and_the_card_says_so(
    project, tmp_path, demo_registry, run
):
    from claims.registry import snapshot
    from claims.registry_file import Registry

    project.import_registry(demo_registry)
    project.import_recipe("ans", shared("data/ans"), limit=30)
    out = tmp_path / "ans"
    project.build_dataset(out, BuildOptions(split_by="given"))
    carried = Registry.read(out / "registry.yaml")
    assert carried.data() == snapshot(project.store).data()
    assert "Russia" in {actor.name for actor in carried.actors} and len(carried.targets) == len(
        project.targets()
    )
    marker = yaml.safe_load((out / "claims.json").read_text(encoding="utf-8"))
    assert marker["registry"] == {"file": "registry.yaml", "actors": len(carried.actors),
                                  "targets": len(carried.targets)}
    card = (out / "README.md").read_text(encoding="utf-8")
    assert (
        "`registry.yaml` holds the registry the claims were made with: the labels, the "
        f"guidelines, {len(carried.actors)} actors and {len(carried.targets)} targets" in card
    )
    (out / "registry.yaml").write_text("actors: [1, 2]\n", encoding="utf-8")
    result = run("dataset", "check", out)
    assert result.exit_code == 1
    assert (
        result.output
        == f"Error: {out / 'registry.yaml'}: actors[1]: expected a mapping with a 'name'\n"
    )


def test_build_makes_the_missing_parent_folders(project, tmp_path):
    project.import_recipe("ans", shared("data/ans"), limit=10)
    out = tmp_path / "out" / "deep" / "ans"
    project.build_dataset(out, BuildOptions(split_by="given"))
    assert (out / "claims.json").is_file()
    (tmp_path / "file").write_text("x")
    with pytest.raises(
        ClaimsError, match=r"^Cannot build .*/file/ans: cannot make the folder .*/file \("
    ):
        project.build_dataset(tmp_path / "file" / "ans", BuildOptions(split_by="given"))


def test_claims_in_two_splits_are_a_warning_and_in_the_card_unless_kept_apart(
        project, tmp_path, run):
    project.import_recipe("ans", DATASETS / "ans-sample")
    shared_claims = run("dataset", "build", tmp_path / "mixed")
    warning = next(line for line in shared_claims.stderr.splitlines()
                   if "that are claims" in line)
    assert warning.startswith("Warning: 80 of the 1,238 targets that are claims are in more "
                              "than one split") and "--disjoint-targets" in warning
    assert "80 of the 1,238 targets that are claims" in (tmp_path / "mixed/README.md").read_text()
    apart = run("dataset", "build", tmp_path / "apart", "--disjoint-targets")
    assert "that are claims" not in apart.stderr
    assert "targets that are claims" not in (tmp_path / "apart/README.md").read_text()
