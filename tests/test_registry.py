import pytest
import yaml

from claims import Conflict, NotFound


def test_actor_with_aliases_and_parent(project):
    project.add_actor("Russia", "country", aliases=["روسيا", "موسكو", "الكرملين", "Moscow"])
    ryabkov = project.add_actor("Sergei Ryabkov", "person", aliases=["ريابكوف"], parent="Russia")
    assert ryabkov.parent == "Russia"
    assert project.actor("مُوسكو").name == "Russia"  # found by alias, through diacritics
    assert [a.name for a in project.actors()] == ["Russia", "Sergei Ryabkov"]


def test_an_alias_cannot_belong_to_two_actors(project):
    project.add_actor("Russia", "country", aliases=["موسكو"])
    with pytest.raises(Conflict, match="The alias 'مـوسكو' belongs to the actor 'Russia' already"):
        project.add_actor("Moscow city", "organisation", aliases=["مـوسكو"])
    assert [a.name for a in project.actors()] == ["Russia"]  # nothing half-added


def test_unknown_names_suggest_the_nearest(project):
    project.add_actor("Moscow", "organisation")
    with pytest.raises(
        NotFound,
        match=r"No actor named 'Mosow'\. Did you mean 'Moscow'\? List them with "
        r"'claims actors list'",
    ):
        project.actor("Mosow")
    with pytest.raises(NotFound):
        project.add_actor("Ryabkov", "person", parent="Rusia")


@pytest.mark.parametrize("name", ["", "   ", "Rus\u202esia", "a\x00b"])
def test_names_with_nothing_or_control_characters_are_refused(project, name):
    with pytest.raises(Exception, match="empty|control or text-direction"):
        project.add_actor(name, "country")


@pytest.mark.parametrize(
    "text, surface",
    [
        ("وبالمقابل، تنفي موسكو أي نية لغزو أوكرانيا", "موسكو"),
        ("وتتهم واشنطن وكييف موسكو بحشد قوات", "موسكو"),
        ("رسالة لموسكو من الحلف", "موسكو"),
        ("وأفاد المتحدث باسم الكرملين", "الكرملين"),
        ("قالت روسيــا إنها مستعدة", "روسيــا"),
        ("Moscow's reply came late.", "Moscow"),
    ],
)
def test_mentions_see_through_clitics_and_spelling(project, text, surface):
    project.add_actor("Russia", "country", aliases=["روسيا", "موسكو", "الكرملين", "Moscow"])
    [mention] = [m for m in project.mentions(text) if m.kind == "actor"]
    assert (mention.name, mention.surface, text[mention.start : mention.end]) == (
        "Russia",
        surface,
        surface,
    )


def test_longest_alias_wins_and_actor_and_target_mentions_can_overlap(project):
    project.add_actor("United States", "country", aliases=["الولايات المتحدة", "واشنطن"])
    project.add_actor("NATO", "organisation", aliases=["الناتو", "حلف شمال الأطلسي"])
    project.add_target("NATO eastward expansion", "topic", aliases=["توسع حلف شمال الأطلسي"])
    mentions = project.mentions("وحذرت الولايات المتحدة من توسع حلف شمال الأطلسي وللناتو")
    assert [(m.kind, m.name, m.surface) for m in mentions] == [
        ("actor", "United States", "الولايات المتحدة"),
        ("target", "NATO eastward expansion", "توسع حلف شمال الأطلسي"),
        ("actor", "NATO", "حلف شمال الأطلسي"),
        ("actor", "NATO", "ناتو"),
    ]


@pytest.mark.parametrize("suffix", [".yaml", ".toml"])
def test_registry_round_trips_through_a_file(project, tmp_path, suffix, demo_registry):
    project.import_registry(demo_registry)
    project.export_registry(tmp_path / f"out{suffix}")
    from claims import Project

    with Project.init(tmp_path / "copy.db") as copy:
        copy.import_registry(tmp_path / f"out{suffix}")

        def without_ids(records):
            return [
                (
                    r.name,
                    r.kind,
                    r.aliases,
                    getattr(r, "parent", None),
                    getattr(r, "description", None),
                )
                for r in records
            ]  # noqa: E731

        assert without_ids(copy.actors()) == without_ids(project.actors())
        assert without_ids(copy.targets()) == without_ids(project.targets())
        assert copy.labels() == project.labels()


def test_a_member_belongs_to_its_parent_and_round_trips_as_member_of(project, tmp_path, run):
    path = _write(tmp_path, {"actors": [
        {"name": "Republican Party", "aliases": ["GOP"]},
        {"name": "Donald Trump", "kind": "person", "member_of": "Republican Party"},
        {"name": "Sean Spicer", "kind": "person", "parent": "Republican Party"}]})
    project.import_registry(path)
    actors = {actor.name: actor for actor in project.actors()}
    assert (actors["Donald Trump"].parent, actors["Donald Trump"].speaks_for_parent) == (
        "Republican Party", False)
    assert actors["Sean Spicer"].speaks_for_parent
    project.export_registry(tmp_path / "out.yaml")
    written = yaml.safe_load((tmp_path / "out.yaml").read_text(encoding="utf-8"))["actors"]
    assert {"name": "Donald Trump", "kind": "person", "member_of": "Republican Party"} in written
    assert project.import_registry(tmp_path / "out.yaml").changes == []
    # the same parent, now spoken for: a change the dry run names
    path.write_text(path.read_text(encoding="utf-8").replace("member_of", "parent"),
                    encoding="utf-8")
    result = run("registry", "import", path, "--dry-run")
    assert "Republican Party: member of → parent" in result.output
    listed = run("actors", "list", "--format", "csv").output
    assert "Donald Trump,person,Republican Party,Donald Trump,false" in listed


def test_a_parent_named_by_an_alias_is_stored_by_its_name_and_reimports_clean(project, tmp_path):
    path = _write(tmp_path, {"actors": [
        {"name": "Republican Party", "aliases": ["GOP"]},
        {"name": "Donald Trump", "kind": "person", "member_of": "GOP"},
        {"name": "Mike Pence", "kind": "person", "member_of": None, "parent": "gop"}]})
    project.import_registry(path)
    parents = {actor.name: actor.parent for actor in project.actors()}
    assert parents["Donald Trump"] == parents["Mike Pence"] == "Republican Party"
    assert project.import_registry(path).changes == []


def test_importing_twice_changes_nothing(project, demo_registry):
    project.import_registry(demo_registry)
    before = (project.actors(), project.targets())
    project.import_registry(demo_registry)
    assert (project.actors(), project.targets()) == before


def _write(tmp_path, data, name="registry.yaml"):
    path = tmp_path / name
    path.write_text(
        data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "content, message",
    [
        (
            {
                "actors": [
                    {"name": "Russia", "aliases": ["موسكو"]},
                    {"name": "Ukraine", "aliases": ["مُوسكو"]},
                ]
            },
            "the alias 'مُوسكو' is given to two actors: 'Russia' and 'Ukraine'",
        ),
        (
            {
                "actors": [
                    {"name": "Russia", "aliases": ["وموسكو"]},
                    {"name": "Kremlin", "aliases": ["موسكو"]},
                ]
            },
            "the alias 'وموسكو' of 'Russia' is 'Kremlin''s alias behind the proclitic «و»",
        ),
        ({"actors": [{"name": "Russia", "kind": "empire"}]}, "Unknown actor kind 'empire'"),
        ({"actors": [{"name": "Russia", "colour": "red"}]}, "actors[1]: unknown field(s) 'colour'"),
        ({"people": []}, "unknown section(s) 'people'"),
        ({"actors": [{"name": "X", "parent": "Nowhere"}]},
         "actors[1] ('X'): its parent 'Nowhere' is no actor of this file; add it to the file's "
         "actors"),
        ({"actors": [{"name": "Republican Party"}, {"name": "Trump", "member_of": "Republican"}]},
         "actors[2] ('Trump'): its member_of 'Republican' is no actor of this file; did you mean "
         "'Republican Party'?"),
        ({"actors": [{"name": "GOP"}, {"name": "Trump", "parent": "GOP", "member_of": "GOP"}]},
         "actors[2]: give 'parent' (whom the actor speaks for) or 'member_of' (what it belongs "
         "to), not both"),
        ({"actors": [{"name": "GOP"}, {"name": "Trump", "member_of": 5}]},
         "actors[2]: 'member_of' must be text, not int"),
        ({"actors": [{"name": "Russia", "alias": ["Moscow"]}]},
         "actors[1]: unknown field(s) 'alias' (did you mean 'aliases'?)"),
        ("actors: [name: {", "not valid YAML"),
        (
            "a: &a [1,1,1]\nb: &b [*a,*a,*a]\nc: [*b,*b,*b]\n",
            "YAML aliases (*name) are not allowed",
        ),
        ("", "empty registry file"),
    ],
)
def test_bad_registry_files_get_one_line_errors_and_change_nothing(
    project, tmp_path, run, content, message
):
    path = _write(tmp_path, content)
    result = run("registry", "import", path)
    assert result.exit_code == 1
    assert (
        result.stderr.count("\n") == 1 and message in result.stderr and str(path) in result.stderr
    )
    assert project.actors() == []


def test_registry_cli_add_list_and_alias(run, project):
    assert run("actors", "add", "Russia", "--kind", "country", "--alias", "موسكو").exit_code == 0
    assert run("actors", "alias", "Russia", "الكرملين", "Kremlin").exit_code == 0
    assert (
        run(
            "targets",
            "add",
            "Ukraine joining NATO",
            "--kind",
            "claim",
            "--alias",
            "انضمام أوكرانيا",
        ).exit_code
        == 0
    )
    listed = run("actors", "list", "--format", "csv")
    assert listed.output.splitlines() == [
        "id,name,kind,parent,aliases,speaks_for_parent",
        '1,Russia,country,,"Russia, موسكو, الكرملين, Kremlin",',
    ]
    again = run("actors", "add", "Russia")
    assert again.exit_code == 1 and "exists already" in again.stderr
    bad_kind = run("targets", "add", "X", "--kind", "weather")
    assert (bad_kind.exit_code, bad_kind.stderr) == (
        2,
        (
            "Error: Invalid value for '--kind': 'weather' is not one of 'topic', 'claim', 'actor' "
            "(claims targets add --help)\n"
        ),
    )


def test_parents_form_a_tree_a_cycle_is_refused_and_nothing_imported(project, tmp_path, run):
    cycle = tmp_path / "cycle.yaml"
    cycle.write_text(
        "actors:\n  - {name: A, kind: country, parent: B}\n"
        "  - {name: B, kind: country, parent: C}\n"
        "  - {name: C, kind: country, parent: B}\n",
        encoding="utf-8",
    )
    result = run("registry", "import", cycle)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {cycle}: The actor 'C' cannot have the parent 'B': that would make a cycle "
        "(C → B → C).\n"
    )
    assert project.actors() == []
    project.add_actor("Russia", "country")
    project.add_actor("Dmitry Peskov", "person", parent="Russia")
    (tmp_path / "upside-down.yaml").write_text(
        "actors:\n  - {name: Russia, kind: country, parent: Peskov}\n"
        "  - {name: Dmitry Peskov, kind: person, aliases: [Peskov]}\n",
        encoding="utf-8",
    )
    # The file is the whole truth: Peskov's parent goes as Russia's comes, so no cycle.
    result = run("registry", "import", tmp_path / "upside-down.yaml")
    assert (
        result.exit_code == 0 and "changed  actor Dmitry Peskov: parent Russia → -" in result.output
    )
    assert {actor.name: actor.parent for actor in project.actors()} == {
        "Dmitry Peskov": None,
        "Russia": "Dmitry Peskov",
    }


def test_counts_in_messages_are_singular_for_one_and_a_name_is_not_an_alias(project, run):
    added = run(
        "actors",
        "add",
        "Russia",
        "--kind",
        "country",
        "--alias",
        "روسيا",
        "--alias",
        "موسكو",
        "--alias",
        "Moscow",
        "--alias",
        "Kremlin",
    )
    assert added.output == "Actor 'Russia' (country) with 4 aliases.\n"
    assert run("actors", "alias", "Russia", "Putin").output == "Actor 'Russia': 1 alias added.\n"
    assert run("targets", "add", "Oil").output == "Target 'Oil' (topic) with 0 aliases.\n"


def test_the_us_spelling_of_organisation_names_the_same_kind(project, tmp_path, run):
    project.import_registry(_write(tmp_path, {"actors": [{"name": "FBI", "kind": "organization"}]}))
    assert run("actors", "add", "DNC", "--kind", "organization").exit_code == 0
    assert {actor.name: actor.kind for actor in project.actors()} == {
        "FBI": "organisation", "DNC": "organisation"}
