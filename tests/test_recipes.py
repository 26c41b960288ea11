"""The recipes of datasets/recipes on slices of the published datasets in ../shared/data."""
import json
import re
from pathlib import Path

import pytest

from claims import InputError, NotFound
from claims.dataset import BuildOptions
from claims.recipes import available, load
from tests.conftest import shared


def _splits(project):
    return dict(project.store.conn.execute(
        "SELECT IFNULL(split, ''), count(*) FROM claims GROUP BY 1").fetchall())


def test_every_recipe_loads_and_the_help_lists_them_all(run):
    names = available()
    assert names == ["ans", "arabicstancex", "baly2018", "debatenet-migr15",
                     "emergent", "ibm-claim-stance"]
    for name in names:
        recipe = load(name)
        assert recipe.source.license and recipe.source.citation and recipe.source.url
    shown = re.sub(r"-\s+", "-", run("import-recipe", "--help").output)  # click wraps at hyphens
    listed = re.search(r"datasets/recipes \(([^)]+)\)", " ".join(shown.split()))
    assert listed.group(1).split(", ") == names


def test_ans_keeps_its_official_splits_maps_its_labels_and_records_its_licence(project):
    reports = project.import_recipe("ans", shared("data/ans"), limit=100)
    assert [(r.rows, r.claims_added) for r in reports] == [(100, 100)] * 3
    assert _splits(project) == {"train": 100, "validation": 100, "test": 100}
    assert set(project.stats()["claims_by_stance"]) <= {"support", "oppose", "neutral"}
    [source] = project.store.sources(["ans"])
    assert source["license"] == "apache-2.0" and "Khouja" in source["citation"]
    claim = project.store.claims()[0]
    # the first train row: s2 is the statement, s1 the target claim, disagree → oppose
    assert project.statement(claim.statement_id).text == "هدوء الاشتباكات فى طرابلس"
    assert (claim.target, claim.stance, claim.actor, claim.origin) == (
        "هجوم صاروخي يستهدف مطار في طرابلس ويجبر ليبيا على تغيير مسار الرحلات الجوية", "oppose",
        None, "import:ans")
    assert project.target(claim.target).kind == "claim"


def test_debatenet_quotes_are_statements_of_their_articles_with_actors_and_sub_categories(project):
    [report] = project.import_recipe("debatenet-migr15", shared("data/debatenet-migr15"), limit=50)
    assert report.rows == 50 and report.claims_added > 50  # several codes a quote
    claim = project.store.claims()[0]
    assert project.statement(claim.statement_id).text == (
        "Das ist widersinnig und schlichtweg nicht nachvollziehbar.")
    # claimvalues 200, 207, 500, 504: the main categories give way to their sub-categories
    first = sorted(c.target for c in project.store.claims(statement_id=claim.statement_id))
    assert first == ["DEbateNet-migr15 207", "DEbateNet-migr15 504"]
    assert (claim.actor, claim.stance) == ("Daniel Bax", "oppose")
    seehofer = project.actor("Horst Seehofer")
    assert seehofer.kind == "person" and project.actor("CSU").kind == "organisation"
    article = project.article(project.statement(claim.statement_id).article_id)
    assert (article.published, article.language, article.metadata["key"]) == (
        "2015-12-21", "de", "108168")
    assert _splits(project) == {"": report.claims_added}  # no official splits


@pytest.mark.parametrize("recipe, folder, splits", [
    ("arabicstancex", "data/arabicstancex", {"train", "test"}),
    ("ibm-claim-stance", "data/ibm-claim-stance", {"test"}),
    ("emergent", "data/emergent", {"train", "test"}),
])
def test_the_other_recipes_import_a_slice_with_their_splits(project, recipe, folder, splits):
    reports = project.import_recipe(recipe, shared(folder), limit=20)
    assert all(report.rows == 20 and not report.skipped for report in reports)
    assert set(_splits(project)) == splits
    assert project.stats()["claims_by_origin"] == {
        f"import:{recipe}": sum(r.claims_added for r in reports)}


def test_baly2018_explodes_each_claim_keeps_its_folds_and_adds_unrelated(project):
    reports = project.import_recipe("baly2018", shared("data/arabic-fc-baly2018"))
    assert [report.rows for report in reports] == [2426] and reports[0].claims_added == 2426
    assert _splits(project) == {"train": 1813, "test": 613}  # folds 2-4 and fold 5, as published
    assert [label.name for label in project.labels()][-1] == "unrelated"


def test_arabicstancex_topics_are_targets_named_by_their_file(project):
    project.import_recipe("arabicstancex", shared("data/arabicstancex"), limit=5)
    names = {target.name for target in project.targets()}
    assert "women driving" in names and "Faisal bin Turkis resignation" in names
    assert len(names) == 17


def test_a_folder_without_the_dataset_is_refused_naming_the_missing_file(project, tmp_path, run):
    result = run("import-recipe", "ans", tmp_path)
    assert result.exit_code == 1
    assert result.output == (f"Error: {tmp_path}: not the ans dataset: data/stance/train.csv is "
                             "missing\n")
    with pytest.raises(InputError, match="no such folder"):
        project.import_recipe("emergent", tmp_path / "nowhere")


def test_an_unknown_recipe_suggests_the_nearest_and_lists_them(project, run):
    result = run("import-recipe", "emergnt", ".")
    assert result.exit_code == 1
    assert result.output == (
        "Error: No recipe named 'emergnt'. Did you mean 'emergent'? The recipes: ans, "
        "arabicstancex, baly2018, debatenet-migr15, emergent, ibm-claim-stance.\n")
    with pytest.raises(NotFound):
        load("nope")


def test_a_recipe_within_one_batch_is_stored_whole_or_not_at_all(project, tmp_path):
    folder = tmp_path / "ans"
    (folder / "data" / "stance").mkdir(parents=True)
    for split in ("train", "dev"):
        (folder / "data" / "stance" / f"{split}.csv").write_text("s1,s2,stance\nA,B,agree\n",
                                                                 encoding="utf-8")
    (folder / "data" / "stance" / "test.csv").write_text("s1,s2,stance\nA,C,maybe\n",
                                                         encoding="utf-8")
    with pytest.raises(InputError, match="'maybe' \\(1 rows\\)"):
        project.import_recipe("ans", folder)
    assert project.stats()["claims"] == 0 and project.stats()["articles"] == 0


def test_the_cli_reports_each_file_it_imported(project, run):
    folder = shared("data/emergent")
    result = run("import-recipe", "emergent", folder, "--limit", "5")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"Imported {folder / f'url-versions-2015-06-14-clean-{split}.csv'} (csv) as "
        "import:emergent: 5 rows read, 5 claims added, 0 updated, 5 articles and 5 statements "
        "added, 0 rows skipped." for split in ("train", "test")]


def test_the_shipped_ans_sample_builds_a_dataset_without_the_shared_data(project, tmp_path):
    sample = Path(__file__).resolve().parents[1] / "datasets" / "ans-sample"
    reports = project.import_recipe("ans", sample)
    assert [report.rows for report in reports] == [900, 250, 250]
    report = project.build_dataset(tmp_path / "ans-sample", BuildOptions(split_by="given"))
    assert report.rows == {"train": 900, "validation": 250, "test": 250}


def test_baly2018_is_a_folder_of_nested_json_exploded_into_pairs(project):
    source = shared("data/arabic-fc-baly2018/dataset")
    (report,) = project.import_recipe("baly2018", source.parent, limit=40)
    assert report.rows == report.claims_added == 40
    claims, rows = 0, 0
    for file in sorted(source.glob("*.json")):  # the files the 40 rows come from: one claim each
        pairs = len(json.loads(file.read_text(encoding="utf-8"))["stance"])
        claims, rows = claims + 1, rows + pairs
        if rows >= 40:
            break
    assert project.stats()["targets"] == claims


def test_baly2018_without_its_folds_or_given_its_subfolder_says_which_folder(
        project, tmp_path, run):
    data = shared("data/arabic-fc-baly2018")
    if not data.is_dir():
        pytest.skip("the Baly data is not in the shared data")
    (tmp_path / "dataset").mkdir()
    (tmp_path / "dataset" / "R-1.json").write_bytes(next((data / "dataset").glob("*.json"))
                                                    .read_bytes())
    no_folds = run("import-recipe", "baly2018", tmp_path)
    assert no_folds.exit_code == 1 and "folds.txt is missing (the claims' folds" in no_folds.output
    inside = run("import-recipe", "baly2018", tmp_path / "dataset")
    assert inside.output == (f"Error: {tmp_path / 'dataset'}: not the baly2018 dataset: dataset "
                             f"is missing (it is in {tmp_path}: give that folder)\n")
