"""Nested and joined inputs: --explode turns parallel lists into rows (a folder
of JSON files read as one input); --join stores each body once."""

import csv
import json
import shutil

import pytest

from claims import InputError
from claims.formats import Mapping
from claims.reshape import Shape
from tests.conftest import shared

FC_LABELS = {
    "agree": "support",
    "disagree": "oppose",
    "discuss": "neutral",
    "unrelated": "unrelated",
}


def _fc_mapping():
    return Mapping(
        text="article",
        target="claim",
        target_kind="claim",
        stance="stance",
        add_labels=True,
        label_map=FC_LABELS,
        language_value="ar",
        url="url",
    )


def _claim(folder, name, articles, stances):
    data = {
        "id": name,
        "claim": f"Claim {name}",
        "article": articles,
        "stance": stances,
        "url": [f"https://example.org/{name}/{i}" for i in range(len(articles))],
    }
    (folder / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")


def test_a_folder_of_nested_json_is_exploded_into_one_row_a_list_item(project, tmp_path):
    folder = tmp_path / "claims"
    folder.mkdir()
    _claim(folder, "R-1", ["Body one.", "Body two.", "Body one."], ["agree", "discuss", "agree"])
    _claim(folder, "R-2", ["Body three."], ["unrelated"])
    report = project.import_file(
        folder, _fc_mapping(), shape=Shape(explode=["article", "stance", "url"])
    )
    assert (report.rows, report.claims_added, report.articles_added) == (4, 4, 4)
    urls = [project.article(number).url for number in range(1, 5)]
    assert urls == [
        "https://example.org/R-1/0",
        "https://example.org/R-1/1",
        "https://example.org/R-1/2",
        "https://example.org/R-2/0",
    ]
    again = project.import_file(
        folder, _fc_mapping(), shape=Shape(explode=["article", "stance", "url"])
    )
    assert (again.claims_added, again.claims_updated) == (0, 4)


def test_lists_of_unequal_length_are_refused_naming_their_lengths(project, tmp_path):
    _claim(tmp_path, "R-1", ["Body one.", "Body two."], ["agree"])
    with pytest.raises(InputError, match=r"not of one length \(article 2, stance 1\)"):
        project.import_file(
            tmp_path / "R-1.json", _fc_mapping(), shape=Shape(explode=["article", "stance"])
        )
    assert project.stats()["claims"] == 0


def test_shared_nested_json_gives_as_many_claims_as_its_lists_hold(project, tmp_path):
    source = shared("data/arabic-fc-baly2018/dataset")
    folder = tmp_path / "slice"
    folder.mkdir()
    files = sorted(source.glob("R-1*.json"))[:3]
    for file in files:
        shutil.copy(file, folder)
    published = sum(len(json.loads(file.read_text(encoding="utf-8"))["stance"]) for file in files)
    report = project.import_file(
        folder, _fc_mapping(), shape=Shape(explode=["article", "stance", "url", "rationale"])
    )
    assert report.rows == report.claims_added == project.stats()["claims"] == published


def _csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


BODIES = [
    {"Body ID": "7", "articleBody": "A long body about oil."},
    {"Body ID": "9", "articleBody": "Another body, on gas."},
]
STANCES = [
    {"Headline": "Oil rises", "Body ID": "7", "Stance": "agree"},
    {"Headline": "Oil falls", "Body ID": "7", "Stance": "disagree"},
    {"Headline": "Gas is flat", "Body ID": "9", "Stance": "unrelated"},
    {"Headline": "Oil rises", "Body ID": "7", "Stance": "agree"},
]  # a published duplicate


def _fnc_mapping():
    return Mapping(
        text="articleBody",
        target="Headline",
        target_kind="claim",
        stance="Stance",
        add_labels=True,
        label_map=FC_LABELS,
    )


def test_joined_bodies_are_stored_once_and_every_pair_refers_to_its_body(project, tmp_path, run):
    bodies = _csv(tmp_path / "bodies.csv", BODIES)
    stances = _csv(tmp_path / "stances.csv", STANCES)
    report = project.import_file(stances, _fnc_mapping(), shape=Shape(join=bodies, on="Body ID"))
    assert (report.rows, report.claims_added, report.articles_added) == (4, 4, 2)
    assert [project.article(number).text for number in (1, 2)] == [
        row["articleBody"] for row in BODIES
    ]
    assert project.stats()["statements"] == 3  # the duplicate pair: a statement on the same span
    result = run(
        "import",
        stances,
        "--join",
        bodies,
        "--on",
        "Body ID",
        "--text",
        "articleBody",
        "--target",
        "Headline",
        "--stance",
        "Stance",
        "--source",
        "cli",
        "--add-labels",
        "--label-map",
        "agree=support,disagree=oppose,unrelated=unrelated",
    )
    assert result.exit_code == 0, result.output
    assert (
        "4 rows read, 4 claims added, 0 updated, 2 articles and 3 statements added" in result.output
    )


def test_a_key_missing_from_the_joined_file_is_refused(project, tmp_path, run):
    bodies = _csv(tmp_path / "bodies.csv", BODIES[:1])
    stances = _csv(tmp_path / "stances.csv", STANCES)
    with pytest.raises(InputError, match=r"stances.csv:4: the Body ID '9' is not in .*bodies.csv"):
        project.import_file(stances, _fnc_mapping(), shape=Shape(join=bodies, on="Body ID"))
    result = run(
        "import",
        stances,
        "--join",
        bodies,
        "--text",
        "articleBody",
        "--target",
        "Headline",
        "--stance",
        "Stance",
    )
    assert result.exit_code == 1 and "--join FILE and --on KEY go together" in result.output
