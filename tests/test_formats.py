"""Import of labelled rows (every format, mappings, errors) and export → import round trips."""
import csv
import json
import sqlite3

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from claims import ClaimsError, InputError, Project
from claims.formats import Mapping, Source
from claims.registry_file import NAME_LIMIT, name_from_text

ANS_MAP = {"agree": "support", "disagree": "oppose", "other": "neutral"}
ROWS = [
    {
        "s1": "موسكو تنوي غزو أوكرانيا", "s2": "تنفي موسكو أي نية لغزو أوكرانيا",
        "stance": "disagree", "part": "train",
    },
    {
        "s1": "موسكو تنوي غزو أوكرانيا", "s2": "الكرملين يحشد قوات على الحدود", "stance": "agree",
        "part": "dev",
    },
    {
        "s1": "Oil prices rise", "s2": "Oil climbs after the OPEC cut", "stance": "other",
        "part": "test",
    },
]


def _write(path, rows, format):
    if format in ("csv", "tsv"):
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(
                out, fieldnames=list(rows[0]), delimiter="\t" if format == "tsv" else ","
            )
            writer.writeheader()
            writer.writerows(rows)
    elif format == "jsonl":
        path.write_text(
            "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
        )
    elif format == "json":
        columns = {key: {str(i): row[key] for i, row in enumerate(rows)} for key in rows[0]}
        path.write_text(json.dumps(columns, ensure_ascii=False), encoding="utf-8")
    else:
        pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def _claims(project):
    """Every claim as comparable plain data (no ids, no times)."""
    out = []
    for claim in project.store.claims():
        statement = project.statement(claim.statement_id)
        out.append(
            (
                statement.text, claim.actor, claim.target, claim.stance, claim.origin,
                claim.gold_method,
            )
        )
    return sorted(out, key=lambda item: tuple(str(value) for value in item))


@pytest.mark.parametrize("format", ["csv", "tsv", "jsonl", "json", "parquet"])
def test_rows_of_every_format_become_statements_and_claims(project, tmp_path, format):
    path = _write(tmp_path / f"ans.{format}", ROWS, format)
    report = project.import_file(
        path,
        Mapping(
            text="s2", target="s1", target_kind="claim", stance="stance", label_map=ANS_MAP,
            split="part",
        ),
        name="ans",
    )
    assert (report.format, report.rows, report.claims_added, report.skipped) == (format, 3, 3, {})
    assert report.origin == "import:ans"
    assert _claims(project) == sorted(
        [
            (
                "Oil climbs after the OPEC cut", None, "Oil prices rise", "neutral", "import:ans",
                "imported",
            ),
            (
                "الكرملين يحشد قوات على الحدود", None, "موسكو تنوي غزو أوكرانيا", "support",
                "import:ans", "imported",
            ),
            (
                "تنفي موسكو أي نية لغزو أوكرانيا", None, "موسكو تنوي غزو أوكرانيا", "oppose",
                "import:ans", "imported",
            ),
        ]
    )
    # one article per row, whose one statement is the whole text (not split into sentences)
    assert [(s.start, s.end, s.text) for s in project.statements(1)] == [
        (0, len(ROWS[0]["s2"]), ROWS[0]["s2"])
    ]
    assert project.target("موسكو تنوي غزو أوكرانيا").kind == "claim"
    splits = project.store.conn.execute("SELECT split FROM claims ORDER BY id").fetchall()
    assert [row[0] for row in splits] == ["train", "validation", "test"]


def test_a_bom_is_dropped_and_the_header_still_read(project, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufefftext,stance\nThe minister backs the plan.,agree\n".encode("utf-8"))
    project.import_file(path, Mapping(text="text", stance="stance", target_value="the plan",
                                      label_map={"agree": "support"}))
    assert _claims(project) == [
        ("The minister backs the plan.", None, "the plan", "support", "import:bom", "imported")
    ]


def test_an_undecodable_line_is_named_with_a_hint_and_another_encoding_reads_it(
    project, tmp_path, run
):
    path = tmp_path / "latin.csv"
    path.write_bytes(
        "text,stance\nfine,agree\nLe ministre soutient le prêt.,agree\n".encode("latin-1")
    )
    result = run("import", path, "--text", "text", "--stance", "stance", "--target-value", "prêt",
                 "--label-map", "agree=support")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path}:3: not valid utf-8 (byte 0xea); if the file has another encoding, "
        "name it with --encoding (e.g. --encoding cp1256 or --encoding latin-1)\n"
    )
    assert project.stats()["claims"] == 0 and project.stats()["articles"] == 0
    result = run("import", path, "--text", "text", "--stance", "stance", "--target-value", "prêt",
                 "--label-map", "agree=support", "--encoding", "latin-1")
    assert result.exit_code == 0
    assert project.statement(2).text == "Le ministre soutient le prêt."


def test_a_missing_column_is_one_line_naming_it_and_the_columns(project, tmp_path, run):
    path = _write(tmp_path / "ans.csv", ROWS, "csv")
    result = run(
        "import", path, "--text", "s3", "--target", "s1", "--stance", "stance", "--label-map",
        "agree=support",
    )
    assert result.exit_code == 1
    assert result.output == (f"Error: {path}: no column 's3' (given with --text); the columns are: "
                             "s1, s2, stance, part\n")
    jsonl = _write(
        tmp_path / "ans.jsonl", ROWS[:1] + [{"s2": "no s1 here", "stance": "agree"}], "jsonl"
    )
    with pytest.raises(InputError, match=r"ans\.jsonl:2: no column 's1' \(given with --target\)"):
        project.import_file(
            jsonl, Mapping(text="s2", target="s1", stance="stance", label_map=ANS_MAP)
        )
    assert project.stats()["claims"] == 0


def test_unmapped_labels_are_all_listed_and_nothing_is_stored(project, tmp_path, run):
    path = _write(tmp_path / "ans.csv", ROWS, "csv")
    result = run(
        "import", path, "--text", "s2", "--target", "s1", "--stance", "stance", "--label-map",
        "agree=support",
    )
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path}: label(s) not in the project's schema and not mapped: "
        "'disagree' (1 rows), 'other' (1 rows); map them with --label-map FROM=TO "
        "(the schema's labels: support, oppose, neutral)\n"
    )
    assert (
        project.stats()["claims"] == project.stats()["articles"] == project.stats()["targets"] == 0
    )


def test_a_label_map_adds_labels_only_with_add_labels(project, tmp_path, run):
    path = _write(tmp_path / "ans.csv", ROWS, "csv")
    args = ["import", path, "--text", "s2", "--target", "s1", "--stance", "stance",
            "--label-map", "agree=support,disagree=oppose,other=unrelated"]
    result = run(*args)
    assert result.exit_code == 1
    assert result.output == (
        "Error: The label map gives label(s) 'unrelated' that the project's schema does not "
        "have (support, oppose, neutral); add them with --add-labels, or map to those.\n"
    )
    result = run(*args, "--add-labels")
    assert result.exit_code == 0, result.output
    assert "Labels added to the schema: unrelated." in result.output
    assert [label.name for label in project.labels()] == [
        "support", "oppose", "neutral", "unrelated",
    ]


def test_unknown_split_names_are_listed(project, tmp_path, run):
    rows = [dict(row, part=name) for row, name in zip(ROWS, ["train", "holdout", "eval"])]
    path = _write(tmp_path / "ans.csv", rows, "csv")
    result = run(
        "import", path, "--text", "s2", "--target", "s1", "--stance", "stance", "--split", "part",
        "--label-map", "agree=support,disagree=oppose,other=neutral",
    )
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path}: unknown split name(s) in column 'part': 'eval' (1 rows), "
        "'holdout' (1 rows); use train, validation, test (or dev)\n"
    )
    assert project.stats()["claims"] == 0


def test_rows_without_text_stance_or_target_are_skipped_and_counted(project, tmp_path, run):
    rows = ROWS + [{"s1": "x", "s2": "  ", "stance": "agree", "part": ""},
                   {"s1": "x", "s2": "a text", "stance": "", "part": ""},
                   {"s1": "", "s2": "another text", "stance": "agree", "part": ""}]
    path = _write(tmp_path / "ans.csv", rows, "csv")
    result = run(
        "import", path, "--text", "s2", "--target", "s1", "--stance", "stance", "--source", "ans",
        "--label-map", "agree=support,disagree=oppose,other=neutral",
    )
    assert result.exit_code == 0
    assert result.output == (
        f"Imported {path} (csv) as import:ans: 6 rows read, 3 claims added, 0 updated, "
        "3 articles and 3 statements added, 3 rows skipped (1 empty text, 1 no stance, "
        "1 no target).\n"
    )


def test_import_origin_is_a_deprecated_alias_of_source(project, tmp_path, run):
    path = _write(tmp_path / "ans.csv", ROWS, "csv")
    result = run(
        "import", path, "--text", "s2", "--target", "s1", "--stance", "stance", "--origin", "ans",
        "--label-map", "agree=support,disagree=oppose,other=neutral",
    )
    assert result.exit_code == 0
    assert result.stderr == "Warning: 'claims import --origin' is deprecated; use --source.\n"
    assert {claim.origin for claim in project.store.claims()} == {"import:ans"}


def test_a_list_of_targets_gives_one_claim_each_and_numbers_match_by_value(project, tmp_path):
    path = _write(
        tmp_path / "debate.jsonl",
        [
            {
                "quote": "Wir brauchen eine Obergrenze.", "name": "Horst Seehofer",
                "codes": ["102", "105"], "cpos": 1,
            },
            {"quote": "Das ist widersinnig.", "name": "Daniel Bax", "codes": ["207"], "cpos": -1},
        ],
        "jsonl",
    )
    report = project.import_file(
        path,
        Mapping(
            text="quote", actor="name", actor_kind="person", target="codes", stance="cpos",
            label_map={"+1": "support", "-1": "oppose"},
        ),
    )
    assert (report.rows, report.claims_added) == (2, 3)
    assert _claims(project) == [
        ("Das ist widersinnig.", "Daniel Bax", "207", "oppose", "import:debate", "imported"),
        (
            "Wir brauchen eine Obergrenze.", "Horst Seehofer", "102", "support", "import:debate",
            "imported",
        ),
        (
            "Wir brauchen eine Obergrenze.", "Horst Seehofer", "105", "support", "import:debate",
            "imported",
        ),
    ]
    assert project.actor("Horst Seehofer").kind == "person"


def test_rows_sharing_an_article_key_are_statements_of_one_article(project, tmp_path):
    path = _write(tmp_path / "debate.jsonl", [
        {"quote": "Erster Satz.", "doc": 7, "day": "2015-10-28", "stance": "1"},
        {"quote": "Zweiter Satz.", "doc": 7, "day": "2015-10-28", "stance": "-1"},
        {"quote": "Erster Satz.", "doc": 7, "day": "2015-10-28", "stance": "1"},
        {"quote": "Anderer Artikel.", "doc": 8, "day": "28 October 2015", "stance": "1"},
    ], "jsonl")
    report = project.import_file(
        path,
        Mapping(
            text="quote", target_value="Obergrenze", stance="stance", article="doc", date="day",
            label_map={"1": "support", "-1": "oppose"},
        ),
    )
    # the repeated row is a row: a statement and claim of its own
    added = (report.articles_added, report.statements_added, report.claims_added)
    assert added == (2, 4, 4) and report.claims_updated == 0
    article = project.article(1)
    assert article.text == "Erster Satz.\n\nZweiter Satz."  # the repeat's statement shares the span
    assert (article.published, article.source, article.metadata) == (
        "2015-10-28", "debate", {"import": "debate", "key": "7"},
    )
    texts = [s.text for s in project.statements(1)]
    assert texts == ["Erster Satz.", "Zweiter Satz.", "Erster Satz."]
    assert project.article(2).published == "2015-10-28"
    project.import_file(
        path,
        Mapping(
            text="quote", target_value="Obergrenze", stance="stance", article="doc", date="day",
            label_map={"1": "support", "-1": "oppose"},
        ),
    )
    # importing again changes nothing
    assert project.stats()["articles"] == 2 and project.stats()["claims"] == 4


def test_existing_actors_and_targets_are_reused_by_alias(project, tmp_path):
    project.add_actor("Russia", "country", aliases=["موسكو", "Moscow"])
    project.add_target("Russian invasion of Ukraine", "claim", aliases=["غزو أوكرانيا"])
    path = _write(
        tmp_path / "rows.csv",
        [{"text": "Moscow denies it.", "who": "moscow", "what": "غزو أوكرانيا", "label": "oppose"}],
        "csv",
    )
    project.import_file(path, Mapping(text="text", actor="who", target="what", stance="label"))
    assert _claims(project) == [
        (
            "Moscow denies it.", "Russia", "Russian invasion of Ukraine", "oppose", "import:rows",
            "imported",
        )
    ]
    assert len(project.actors()) == len(project.targets()) == 1


def test_a_long_claim_text_becomes_a_short_unique_target_name_with_the_text_as_description(
    project, tmp_path
):
    first = (
        "The government will " + "raise the budget for schools and hospitals " * 6 + "next year."
    )
    second = first.replace("next year", "in ten years")
    name, description = name_from_text(first)
    assert len(name) <= NAME_LIMIT and name.endswith("]…") and description == first
    assert name_from_text("  short\nclaim ") == ("short claim", None)
    path = _write(
        tmp_path / "long.csv",
        [
            {"text": "They back it.", "claim": first, "label": "support"},
            {"text": "They reject it.", "claim": second, "label": "oppose"},
        ],
        "csv",
    )
    project.import_file(
        path, Mapping(text="text", target="claim", target_kind="claim", stance="label")
    )
    targets = project.targets()
    assert len(targets) == 2 and {target.description for target in targets} == {first, second}
    assert all(len(target.name) <= NAME_LIMIT for target in targets)


def test_an_annotator_column_gives_each_row_its_origin(project, tmp_path):
    path = _write(
        tmp_path / "team.csv",
        [
            {"text": "A backs B.", "who": "ana", "label": "support"},
            {"text": "A backs B.", "who": "human:omar", "label": "neutral"},
        ],
        "csv",
    )
    project.import_file(
        path, Mapping(text="text", target_value="B", stance="label", annotator="who")
    )
    assert [(claim.origin, claim.gold_method) for claim in project.store.claims()] == [
        ("human:ana", None), ("human:omar", None)]


@pytest.mark.parametrize(
    "mapping, message",
    [
        (
            Mapping(text="s2", stance="stance"),
            "Name the target with --target COLUMN or --target-value NAME",
        ),
        (
            Mapping(text="s2", stance="stance", target="s1", split="part", split_value="train"),
            "not both",
        ),
        (
            Mapping(text="s2", target="s1"),
            "Name the text column with --text and the stance column with --stance.",
        ),
        (
            Mapping(text="s2", target="s1", stance="stance", label_map={"disagree": "oppose"}),
            "not in the project's schema",
        ),
    ],
)
def test_incomplete_mappings_are_refused_before_anything_is_stored(
    project, tmp_path, mapping, message
):
    path = _write(tmp_path / "ans.csv", ROWS, "csv")
    with pytest.raises(ClaimsError, match=message):
        project.import_file(path, mapping)
    assert project.stats()["claims"] == 0


def test_a_file_that_is_not_an_export_needs_column_options(project, tmp_path, run):
    path = _write(tmp_path / "ans.csv", ROWS, "csv")
    result = run("import", path)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path}: name its columns with --text, --stance and --target (it is not a "
        "'claims export' file; its columns are: s1, s2, stance, part).\n"
    )


def test_the_source_licence_and_citation_are_recorded(project, tmp_path):
    path = _write(tmp_path / "ans.csv", ROWS, "csv")
    project.import_file(
        path, Mapping(text="s2", target="s1", stance="stance", label_map=ANS_MAP), name="ans",
        source=Source("ignored", license="apache-2.0", citation="Khouja 2020"),
    )
    assert project.store.sources(["ans"]) == [
        {
            "name": "ans", "license": "apache-2.0", "citation": "Khouja 2020", "url": None,
            "description": None,
        }
    ]


# --- export --------------------------------------------------------------------------------------


def _annotated_project(path, demo_registry, example_article):
    """A project with claims of two annotators, an adjudicated gold claim, an import and a model."""
    project = Project.init(path)
    project.import_registry(demo_registry)
    project.ingest([str(example_article)])
    statements = project.statements()
    russia, invasion = (project.store.entity_id(kind, name) for kind, name in
                        (("actor", "Russia"), ("target", "Russian invasion of Ukraine")))
    nato = project.store.entity_id("target", "NATO eastward expansion")
    with project.store.transaction():
        for statement, first, second in (
            (statements[0], "oppose", "oppose"),
            (statements[3], "support", "neutral"),
        ):
            project.store.add_claim(statement.id, russia, invasion, first, "human:ana")
            project.store.add_claim(statement.id, russia, invasion, second, "human:omar")
        project.store.add_claim(
            statements[3].id, None, nato, "neutral", "human:omar", note="no actor named"
        )
        project.store.add_claim(
            statements[0].id, russia, invasion, "oppose", "gold", gold_method="unanimous"
        )
        project.store.add_claim(
            statements[3].id, russia, invasion, "support", "gold", gold_method="adjudicated"
        )
        project.store.add_claim(
            statements[5].id, russia, nato, "oppose", "model:stance@1", confidence=0.75
        )
    return project


def _full_claims(project):
    rows = []
    for claim in project.store.claims():
        statement = project.statement(claim.statement_id)
        article = project.article(statement.article_id)
        split = project.store.conn.execute(
            "SELECT split FROM claims WHERE id = ?", (claim.id,)
        ).fetchone()[0]
        target = project.target(claim.target)
        actor = project.actor(claim.actor) if claim.actor else None
        rows.append(
            (
                statement.text, claim.actor, actor and actor.kind,
                claim.target, target.kind, target.description, claim.stance, claim.origin,
                claim.gold_method, claim.confidence, claim.note, split, claim.created_at,
                article.title, article.published, article.language, article.source,
            )
        )
    return sorted(rows, key=lambda row: tuple(str(value) for value in row))


@pytest.mark.parametrize("format", ["jsonl", "csv", "parquet"])
def test_export_then_import_gives_back_every_annotators_claims(
    tmp_path, demo_registry, example_article, format
):
    with _annotated_project(tmp_path / "a.db", demo_registry, example_article) as original:
        exported = tmp_path / f"claims.{format}"
        assert original.export_claims(exported, format) == 8
        expected = _full_claims(original)
    assert {row[7] for row in expected} == {"human:ana", "human:omar", "gold", "model:stance@1"}
    with Project.init(tmp_path / "b.db") as copy:
        report = copy.import_file(exported)
        assert (report.rows, report.claims_added) == (8, 8)
        assert _full_claims(copy) == expected


def test_export_selects_by_origin_or_gold_and_writes_to_stdout(
    tmp_path, demo_registry, example_article, run
):
    _annotated_project(tmp_path / "claims.db", demo_registry, example_article).close()
    result = run("export", "--origin", "human")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert sorted({row["origin"] for row in rows}) == ["human:ana", "human:omar"] and len(rows) == 5
    assert run("export", "--origin", "human:*").output == result.output
    both = run("export", "--origin", "human:ana", "--origin", "gold").output.splitlines()
    both = [json.loads(line) for line in both]
    assert {row["origin"] for row in both} == {"human:ana", "gold"}
    assert rows[0]["text"] == rows[0]["text"].strip() and set(rows[0]) >= {
        "start", "end", "article_title", "created_at", "actor_kind",
    }
    result = run("export", "--gold", "--format", "csv", "--output", tmp_path / "gold.csv")
    assert result.output == f"Exported 2 claims to {tmp_path / 'gold.csv'}.\n"
    result = run("export", "--format", "parquet")
    assert result.exit_code == 1
    assert result.output == "Error: Parquet is written to a file: give --output FILE.\n"


def test_an_export_imported_again_says_its_origins_and_changes_nothing(tmp_path, demo_registry,
                                                                       example_article, run):
    _annotated_project(tmp_path / "claims.db", demo_registry, example_article).close()
    exported = tmp_path / "a.csv"
    run("export", "--origin", "human", "--format", "csv", "--output", exported)
    other = tmp_path / "other.db"
    run("--db", other, "init")
    result = run("--db", other, "import", exported)
    assert result.output.startswith(f"Imported {exported} (csv) with the origins its rows give "
                                    "(human:ana 2, human:omar 3): 5 rows read, 5 claims added, "
                                    "0 updated, ")
    def dump():
        return list(sqlite3.connect(other).iterdump())
    before = dump()
    again = run("--db", other, "import", exported)
    assert ": 5 rows read, 0 claims added, 0 updated, 5 already there, " in again.output
    assert dump() == before


@pytest.mark.parametrize("format", ["jsonl", "csv", "parquet"])
def test_an_export_imported_into_its_own_project_adds_nothing(tmp_path, demo_registry,
                                                              example_article, run, format):
    _annotated_project(tmp_path / "claims.db", demo_registry, example_article).close()
    exported = tmp_path / f"a.{format}"
    run("export", "--format", format, "--output", exported)

    def dump():  # all but the source the import names (its file's name)
        lines = sqlite3.connect(tmp_path / "claims.db").iterdump()
        return [line for line in lines if not line.startswith('INSERT INTO "sources"')]
    before = dump()
    result = run("import", exported)
    assert ": 8 rows read, 0 claims added, 0 updated, 8 already there, 0 articles and 0 " \
        "statements added" in result.output
    assert dump() == before  # no article, statement or claim twice


BIG = 8 * 2**20 + 10


@pytest.mark.parametrize(
    "name, data, message",
    [
        (
            "huge-field.csv", b'text,stance\n"' + b"a" * BIG + b'",support\n',
            ":2: a line longer than the 8 MB limit",
        ),
        (
            "huge-line.jsonl", b'{"text": "' + b"a" * BIG + b'", "stance": "support"}\n',
            ":1: a line longer than the 8 MB",
        ),
        ("nested.json", b"[" * 100_000 + b"]" * 100_000, "not valid JSON (nested too deeply)"),
        (
            "nested.jsonl", b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n",
            ":1: not valid JSON",
        ),
        ("not.parquet", b"PAR1 but not really", "not a Parquet file"),
        ("empty.csv", b"", "empty file: no header row"),
        ("header-only.csv", b"text,stance\n", "no rows in it"),
    ],
)
def test_hostile_files_are_refused_in_one_line_and_store_nothing(
    project, tmp_path, run, name, data, message
):
    (tmp_path / name).write_bytes(data)
    result = run(
        "import", tmp_path / name, "--text", "text", "--stance", "stance", "--target-value", "T"
    )
    assert result.exit_code == 1
    assert message in result.output and result.output.count("\n") == 1
    assert project.stats()["claims"] == project.stats()["articles"] == 0


def test_an_export_that_selects_nothing_says_so_on_stderr(project, run):
    result = run("export", "--origin", "model:*")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == ("No claims selected (origin model:*); see what the project holds with "
                             "'claims stats'.\n")


def test_the_us_spelling_of_organisation_is_the_organisation_kind_in_imports(project, tmp_path):
    path = _write(tmp_path / "rows.jsonl", [
        {"quote": "Wir brauchen eine Obergrenze.", "name": "CSU", "code": "102", "cpos": 1,
         "kind": "organization"},
        {"quote": "Das ist widersinnig.", "name": "Pro Asyl", "code": "207", "cpos": -1,
         "kind": ""}], "jsonl")  # an empty kind: the default, in the US spelling
    mapping = Mapping(text="quote", actor="name", actor_kind="organization",
                      actor_kind_column="kind", target="code", stance="cpos",
                      label_map={"1": "support", "-1": "oppose"})
    project.import_file(path, mapping)
    assert {actor.name: actor.kind for actor in project.actors()} == {
        "CSU": "organisation", "Pro Asyl": "organisation"}
