"""Given splits are kept as published: texts in two splits are counted and
reported (build output, card, marker), and moved only with --move-shared."""

import csv
import json

import pyarrow.parquet as pq

from claims.dataset import BuildOptions, data_file
from claims.formats import Mapping

LABELS = "agree=support,disagree=oppose,other=neutral"
TRAIN = [
    {"text": "Oil climbs after the cut.", "stance": "agree"},
    {"text": "Oil falls.", "stance": "disagree"},
    {"text": "Oil falls.", "stance": "disagree"},
    {"text": "Gas is flat.", "stance": "other"},
]
TEST = [
    {
        "text": "oil  CLIMBS after the cut.",
        "stance": "agree",
    },  # the same text, case and spacing aside
    {"text": "Coal rises.", "stance": "agree"},
]


def _import(run, tmp_path, *options, test=TEST):
    for split, rows in (("train", TRAIN), ("test", test)):
        path = tmp_path / f"{split}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=["text", "stance"])
            writer.writeheader()
            writer.writerows(rows)
        result = run(
            "import",
            path,
            "--text",
            "text",
            "--stance",
            "stance",
            "--target-value",
            "Oil",
            "--label-map",
            LABELS,
            "--split-value",
            split,
            "--source",
            "oil",
            *options,
        )
        assert result.exit_code == 0, result.output


def _rows(folder, split):
    return pq.read_table(folder / data_file(split)).num_rows


def test_given_splits_keep_every_row_and_report_the_texts_they_share(project, tmp_path, run):
    _import(run, tmp_path)
    result = run("dataset", "build", tmp_path / "out", "--split-by", "given")
    assert result.exit_code == 0, result.output
    assert "train 4, test 2 claims" in result.output
    assert (
        "Warning: 1 texts (2 claims) and 0 articles are in more than one split (train/test 1)"
        in result.output
    ) and "--move-shared moves them." in result.output
    out = tmp_path / "out"
    assert (_rows(out, "train"), _rows(out, "test")) == (4, 2)
    marker = json.loads((out / "claims.json").read_text(encoding="utf-8"))
    assert marker["leakage"] == {"texts": 1, "claims": 2, "articles": 0, "pairs": {"train/test": 1},
                                 "claim_targets": 0, "all_claim_targets": 0}
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "## Leakage\n\n1 text(s) (case and spacing ignored), carried by 2 claims" in card


def test_move_shared_moves_a_shared_text_to_test_and_says_so(project, tmp_path, run):
    _import(run, tmp_path)
    result = run("dataset", "build", tmp_path / "out", "--split-by", "given", "--move-shared")
    assert result.exit_code == 0, result.output
    assert "train 3, test 3 claims" in result.output and "1 claims moved" in result.output
    assert "Warning" not in result.output
    card = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    assert "No text (case and spacing ignored) and no article is in more than one split." in card
    result = run("dataset", "build", tmp_path / "other", "--move-shared")
    assert (
        result.exit_code == 1 and "--move-shared applies to --split-by given only" in result.output
    )


def test_an_article_merged_across_splits_stays_in_both_and_the_folder_checks(
    project, tmp_path, run
):
    # --dedupe with two sources: "Oil falls." is one article, with a claim in train and one in test
    _import(run, tmp_path, test=[{"text": "Oil falls.", "stance": "agree"}])
    for split in ("train", "test"):
        project.import_file(
            tmp_path / f"{split}.csv",
            Mapping(
                text="text",
                stance="stance",
                target_value="Oil",
                split_value=split,
                dedupe=True,
                label_map={"agree": "support", "disagree": "oppose", "other": "neutral"},
            ),
            name=f"dedupe-{split}",
        )
    report = project.build_dataset(
        tmp_path / "out", BuildOptions(patterns=["import:dedupe-*"], split_by="given")
    )
    assert report.rows == {"train": 3, "test": 1} and report.moved == 0
    assert report.leakage == {"texts": 1, "claims": 2, "articles": 1, "pairs": {"train/test": 1},
                              "claim_targets": 0, "all_claim_targets": 0}
    assert run("dataset", "check", tmp_path / "out").exit_code == 0
