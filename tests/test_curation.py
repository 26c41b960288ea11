"""Fixing what was coded wrong: renaming, removing and merging actors and targets, a
registry file the project is made to match, and articles edited or removed."""
import pytest
import yaml

from claims import Conflict, NotFound
from claims.errors import ClaimsError

ARTICLE = (
    "موسكو ترد\n\nوبالمقابل، تنفي موسكو أي نية لغزو أوكرانيا.\n\nوقال ريابكوف إن الحلف يتوسع.\n"
)


@pytest.fixture
def coded(project, tmp_path):
    """Russia, Kremlin, Ryabkov (under Kremlin) and two targets; ana coded three claims."""
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    project.add_actor("Russia", "country", aliases=["موسكو"])
    project.add_actor("Kremlin", "organisation", aliases=["الكرملين"])
    project.add_actor("Sergei Ryabkov", "person", aliases=["ريابكوف"], parent="Kremlin")
    project.add_target("Russian invasion of Ukraine", "claim", aliases=["غزو أوكرانيا"])
    project.add_target("NATO expansion", "topic", aliases=["الحلف يتوسع"])
    project.ingest([str(tmp_path / "article.txt")], published="2021-12-17")
    first, second = [s.id for s in project.statements()]
    project.label(first, "Kremlin", "Russian invasion of Ukraine", "oppose", "ana")
    project.label(first, "Russia", "Russian invasion of Ukraine", "oppose", "ana")
    project.label(second, "Sergei Ryabkov", "NATO expansion", "oppose", "ana")
    return project


def test_rename_keeps_claims_and_swaps_the_name_alias(coded):
    coded.rename("actor", "Kremlin", "Kremlin administration")
    assert coded.actor("Kremlin administration").aliases == ("الكرملين", "Kremlin administration")
    assert {c.actor for c in coded.store.claims()} == {"Kremlin administration", "Russia",
                                                       "Sergei Ryabkov"}
    assert coded.actor("Sergei Ryabkov").parent == "Kremlin administration"
    with pytest.raises(NotFound):
        coded.actor("Kremlin")


def test_rename_onto_another_name_points_at_merge(coded):
    with pytest.raises(Conflict, match="'موسكو' names the actor 'Russia' already; merge the two "
                                       "with 'claims actors merge 'Kremlin' 'Russia''"):
        coded.rename("actor", "Kremlin", "موسكو")


def test_alias_removal_and_its_name_cannot_be_removed(coded):
    coded.remove_alias("actor", "Russia", "موسكو")
    assert coded.actor("Russia").aliases == ("Russia",)
    with pytest.raises(NotFound, match="The actor 'Russia' has no alias 'Moscow'"):
        coded.remove_alias("actor", "Russia", "Moscow")
    with pytest.raises(ClaimsError, match="is the name of the actor 'Russia'; rename it"):
        coded.remove_alias("actor", "Russia", "Russia")


def test_remove_refuses_an_actor_claims_use_unless_merged(coded):
    with pytest.raises(Conflict, match="The actor 'Kremlin' is used by 1 claims; move them with "
                                       "--merge-into NAME"):
        coded.remove("actor", "Kremlin")
    coded.add_actor("Unused", "group")
    assert coded.remove("actor", "Unused") is None
    merged = coded.remove("actor", "Kremlin", merge_into="Russia")
    assert (merged.name, merged.into, merged.claims, merged.duplicates) == (
        "Kremlin", "Russia", 0, 1,
    )
    assert [a.name for a in coded.actors()] == ["Russia", "Sergei Ryabkov"]


def test_merge_moves_claims_aliases_and_children_and_is_recorded(coded):
    merged = coded.merge("actor", "Kremlin", "Russia")
    assert (merged.claims, merged.duplicates, merged.aliases, merged.children) == (0, 1, 2, 1)
    russia = coded.actor("الكرملين")
    assert russia.name == "Russia" and set(russia.aliases) == {
        "Russia", "موسكو", "الكرملين", "Kremlin",
    }
    assert coded.actor("Sergei Ryabkov").parent == "Russia"
    assert [(c.actor, c.stance) for c in coded.store.claims()] == [
        ("Russia", "oppose"), ("Sergei Ryabkov", "oppose")]
    coded.merge("actor", "Sergei Ryabkov", "Russia")
    assert [(m.name, m.into, m.claims) for m in coded.merges("actor", into="Russia")] == [
        ("Kremlin", "Russia", 0), ("Sergei Ryabkov", "Russia", 1)]
    coded.merge("target", "NATO expansion", "Russian invasion of Ukraine")
    assert {c.target for c in coded.store.claims()} == {"Russian invasion of Ukraine"}


def test_merging_an_actor_into_one_under_it_is_refused(coded):
    with pytest.raises(ClaimsError, match="The actor 'Sergei Ryabkov' stands under 'Kremlin'"):
        coded.merge("actor", "Kremlin", "Sergei Ryabkov")


def _registry_file(tmp_path, project, edit):
    path = tmp_path / "registry.yaml"
    project.export_registry(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_registry_import_makes_the_project_match_the_file(coded, tmp_path):
    def edit(data):
        russia = next(a for a in data["actors"] if a["name"] == "Russia")
        russia["aliases"] = ["Moscow"]  # موسكو deleted, Moscow added
        russia["kind"] = "organisation"
        data["actors"].append({"name": "Ukraine", "kind": "country"})
        data["targets"] = [t for t in data["targets"] if t["name"] != "NATO expansion"]

    path = _registry_file(tmp_path, coded, edit)
    with pytest.raises(
        Conflict, match=r"leaves out what claims use: target 'NATO expansion' \(1\)"
    ):
        coded.import_registry(path)
    dry = coded.import_registry(path, dry_run=True)
    assert [(c.action, c.kind, c.name, c.detail) for c in dry.changes] == [
        ("changed", "actor", "Russia", "kind country → organisation; aliases +Moscow -موسكو"),
        ("added", "actor", "Ukraine", "country"),
        ("removed", "target", "NATO expansion", "used by 1 claims and rulings"),
    ]
    assert not dry.applied and coded.actor("موسكو").name == "Russia"
    done = coded.import_registry(path, remove_used=True)
    assert done.applied and (done.count("added"), done.count("changed"), done.count("removed")) == (
        1, 1, 1,
    )
    assert coded.actor("Russia").aliases == ("Russia", "Moscow")
    assert [t.name for t in coded.targets()] == ["Russian invasion of Ukraine"]
    assert len(coded.store.claims()) == 2
    assert coded.import_registry(path).changes == []


def test_registry_import_cli_lists_each_change(coded, tmp_path, run):
    def edit(data):
        data["actors"] = [a for a in data["actors"] if a["name"] != "Kremlin"]
        data["actors"][-1].pop("parent")  # Sergei Ryabkov's was the Kremlin

    path = _registry_file(tmp_path, coded, edit)
    dry = run("registry", "import", path, "--dry-run")
    assert dry.exit_code == 0
    assert dry.output.splitlines() == [
        "changed  actor Sergei Ryabkov: parent Kremlin → -",
        "removed  actor Kremlin: used by 1 claims and rulings",
        f"{path}: 0 added, 1 changed, 1 removed (dry run: nothing changed)."]
    refused = run("registry", "import", path)
    assert refused.exit_code == 1 and "--remove-used" in refused.stderr


def test_actor_commands_rename_merge_remove_and_merges(coded, run):
    assert run("actors", "rename", "Kremlin", "Kremlin office").output == (
        "Actor 'Kremlin' is now 'Kremlin office'.\n")
    refused = run("actors", "remove", "Kremlin office")
    assert refused.exit_code == 1 and "used by 1 claims" in refused.stderr
    assert run("actors", "remove", "Kremlin office", "--merge-into", "Russia").output == (
        "Merged actor 'Kremlin office' into 'Russia': 0 claims (1 duplicates dropped), 2 aliases, "
        "1 child actors.\n")
    assert run("actors", "alias", "Russia", "--remove", "الكرملين").exit_code == 0
    listed = run("actors", "merges", "--format", "csv").output.splitlines()
    assert listed[0] == "name,into,claims,duplicates,aliases,children,merged_at"
    assert listed[1].startswith("Kremlin office,Russia,0,1,2,1,")
    assert run("targets", "merge", "NATO expansion", "Russian invasion of Ukraine").exit_code == 0
    assert run("targets", "merges", "--format", "csv").output.splitlines()[1].startswith(
        "NATO expansion,Russian invasion of Ukraine,1,0,2,0,")


def test_articles_edit_and_reingest_with_a_new_date_updates_it(coded, tmp_path, run):
    assert coded.edit_article(1, published="2021-12-17", source="Asharq").published == "2021-12-17"
    with pytest.raises(ClaimsError, match="Cannot read --published 'yesterday'"):
        coded.edit_article(1, published="yesterday")
    result = run("articles", "edit", 1, "--published", "17/12/2021")
    assert (result.exit_code, result.output) == (1, (
        "Error: Cannot read --published '17/12/2021': write it as YYYY-MM-DD (or YYYY, YYYY-MM, "
        "or a date and time such as 2021-12-17T10:00).\n"))
    result = run("ingest", tmp_path / "article.txt", "--published", "2021-12-18")
    assert result.output.startswith("0 new articles, 1 updated, 0 already in the project")
    assert coded.article(1).published == "2021-12-18" and coded.article(1).source == "Asharq"
    again = run("ingest", tmp_path / "article.txt", "--published", "2021-12-18")
    assert again.output.startswith("0 new articles, 1 already in the project")
    assert run("articles", "edit", 1, "--title", "Moscow replies").output == (
        "Article 1: Moscow replies · Asharq · 2021-12-18.\n")


def test_articles_remove_refuses_peoples_claims_unless_forced(coded, run):
    refused = run("articles", "remove", 1)
    assert refused.exit_code == 1
    assert refused.stderr == ("Error: Article 1 holds 3 claims that people made (3 by annotators, "
                              "0 gold); remove it with them using --force.\n")
    assert run("articles", "remove", 1, "--force").output == (
        "Article 1 removed with 2 statements and 3 claims.\n")
    assert coded.articles() == [] and coded.store.claims() == []
    assert run("articles", "remove", 1).stderr.startswith("Error: No article with id 1.")
