"""A row is a row: every published row becomes its own claim, duplicates included;
--dedupe merges identical texts and reports what it merged."""

import csv
from collections import Counter

import pytest

from claims import InputError
from claims.export import export_rows
from claims.formats import Mapping
from tests.conftest import shared

LABELS = {"agree": "support", "disagree": "oppose", "other": "neutral"}


def _csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


# _mapping() as command-line options (the rows run through the CLI have no "other" label)
OIL_OPTIONS = ("--text", "text", "--stance", "stance", "--target-value", "Oil",
               "--label-map", "agree=support,disagree=oppose")


def _mapping(**options):
    return Mapping(text="text", stance="stance", target_value="Oil", label_map=LABELS, **options)


ROWS = [
    {"id": "a", "text": "Oil climbs after the cut.", "stance": "agree"},
    {"id": "b", "text": "Oil climbs after the cut.", "stance": "agree"},
    {"id": "c", "text": "Oil falls.", "stance": "disagree"},
    {"id": "d", "text": "Oil climbs after the cut.", "stance": "disagree"},
]


def test_every_row_of_a_file_is_a_claim_even_its_exact_duplicates(project, tmp_path):
    report = project.import_file(_csv(tmp_path / "oil.csv", ROWS), _mapping())
    assert (report.rows, report.claims_added, report.claims_updated, report.merged) == (4, 4, 0, 0)
    assert project.stats()["claims"] == 4 and project.stats()["statements"] == 4
    again = project.import_file(tmp_path / "oil.csv", _mapping())
    assert (again.claims_added, again.claims_updated, again.claims_unchanged) == (0, 0, 4)
    assert project.stats()["claims"] == 4


def test_dedupe_merges_identical_texts_and_reports_the_conflicting_labels(project, tmp_path, run):
    report = project.import_file(_csv(tmp_path / "oil.csv", ROWS), _mapping(dedupe=True))
    assert (report.rows, report.claims_added, report.merged) == (4, 2, 2)
    assert report.conflicts == ["line 3 (support) and 5 (oppose): 'Oil climbs after the cut.'"]
    again = _csv(tmp_path / "again.csv", ROWS)  # another source name: claims of their own
    result = run("import", again, *OIL_OPTIONS, "--dedupe")
    assert result.exit_code == 0, result.output
    assert (
        "--dedupe merged 2 rows" in result.output
        and "1 of them with a conflicting label" in result.output
    )
    assert "line 3 (support) and 5 (oppose)" in result.output


def test_the_same_text_in_two_files_stays_a_claim_of_each_with_its_split(project, tmp_path):
    train = _csv(tmp_path / "train.csv", ROWS[:2])
    test = _csv(tmp_path / "test.csv", ROWS[:1])
    project.import_file(train, _mapping(split_value="train"), name="oil")
    project.import_file(test, _mapping(split_value="test"), name="oil")
    splits = Counter(row["split"] for batch in export_rows(project.store, ["*"]) for row in batch)
    assert splits == {"train": 2, "test": 1}


def test_two_files_of_one_name_in_two_folders_stay_apart(project, tmp_path):
    for split in ("train", "test"):
        (tmp_path / split).mkdir()
        project.import_file(
            _csv(tmp_path / split / "oil.csv", ROWS), _mapping(split_value=split), name="oil"
        )
    assert project.stats()["claims"] == 8


def test_an_id_column_keys_each_row_and_a_repeated_id_is_refused(project, tmp_path, run):
    report = project.import_file(_csv(tmp_path / "oil.csv", ROWS), _mapping(id_column="id"))
    assert report.claims_added == 4
    assert project.article(1).metadata == {"import": "oil", "key": "a"}
    rows = [*ROWS, {"id": "b", "text": "Oil is flat.", "stance": "other"}]
    with pytest.raises(InputError, match=r"repeat.csv:6: the id 'b' is also the one of line 3"):
        project.import_file(_csv(tmp_path / "repeat.csv", rows), _mapping(id_column="id"))
    result = run("import", tmp_path / "oil.csv", *OIL_OPTIONS, "--dedupe", "--id-column", "id")
    assert result.exit_code == 1 and "give one of them" in result.output


def test_a_published_file_gives_as_many_claims_as_it_has_rows(project):
    path = shared("data/ans/data/stance/test.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        published = sum(1 for _ in csv.DictReader(handle))
    report = project.import_file(
        path,
        Mapping(
            text="s2",
            target="s1",
            target_kind="claim",
            stance="stance",
            label_map=LABELS,
            split_value="test",
        ),
        name="ans",
    )
    assert report.rows == report.claims_added == project.stats()["claims"] == published == 379


def test_claim_texts_that_normalise_alike_stay_two_targets_with_their_full_text(project, tmp_path):
    long = "Oil prices rise after the cut, " * 10
    rows = [
        {"text": "Oil climbs.", "claim": "Oil prices RISE", "stance": "agree"},
        {"text": "Oil climbs.", "claim": "oil prices rise", "stance": "agree"},
        {"text": "Oil falls.", "claim": long, "stance": "disagree"},
        {"text": "Oil falls.", "claim": long + "again", "stance": "disagree"},
    ]
    mapping = Mapping(text="text", stance="stance", target="claim", target_kind="claim",
                      label_map=LABELS)
    project.import_file(_csv(tmp_path / "pairs.csv", rows), mapping)
    targets = project.targets()
    assert len(targets) == 4
    assert {"Oil prices RISE", "oil prices rise"} <= {target.name for target in targets}
    described = sorted(target.description for target in targets if target.description)
    assert described == sorted([long.strip(), (long + "again").strip()])


def test_dedupe_across_files_reports_a_claim_moved_to_another_split(project, tmp_path):
    train = _csv(tmp_path / "train.csv", ROWS[2:3])  # "Oil falls.", disagree
    test = _csv(tmp_path / "test.csv", [{"id": "x", "text": "Oil falls.", "stance": "agree"}])
    project.import_file(train, _mapping(dedupe=True, split_value="train"), name="oil")
    report = project.import_file(test, _mapping(dedupe=True, split_value="test"), name="oil")
    assert (report.merged, report.claims_added) == (1, 0)
    assert report.conflicts == [
        ("line 2 (support, test) replaced the claim of an earlier import (oppose, train): "
         "'Oil falls.'")
    ]
