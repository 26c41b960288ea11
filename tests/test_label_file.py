"""``claims label --file``: many decisions in one process, each its own transaction."""
import json

import pytest

from claims.errors import InputError


@pytest.fixture
def demo(project, demo_registry):
    """The demo registry and the two demo articles (Arabic: statements 1-8, English: 9-14)."""
    project.import_registry(demo_registry)
    project.ingest([str(demo_registry.parent / "articles")])
    return project


def claims_of(project, annotator="ana"):
    return [(claim.statement_id, claim.actor, claim.target, claim.stance, claim.note)
            for claim in project.store.claims(origin=f"human:{annotator}")]


CSV = """statement,actor,target,stance,annotator,note
12,Kremlin,invade Ukraine,oppose,,denies
12,Russia,NATO expansion,oppose,,
13,,,no_claim,,
14,موسكو,غزو أوكرانيا,support,ben,
"""


NOTHING_SAVED = "Nothing is saved; fix this row and run the file again."
AGAIN = "fix this row and run the file again (saved rows are saved again, unchanged)."


def test_a_csv_file_records_claims_and_no_claims_as_label_does(demo, tmp_path):
    path = tmp_path / "decisions.csv"
    path.write_text(CSV, encoding="utf-8")
    report = demo.label_file(path, annotator="ana")
    assert (report.rows, report.claims, report.no_claims) == (4, 3, 1)
    assert report.annotators == {"ana": 3, "ben": 1}
    assert claims_of(demo) == [
        (12, "Russia", "Russian invasion of Ukraine", "oppose", "denies"),
        (12, "Russia", "NATO eastward expansion", "oppose", None)]
    assert demo.decisions("ana") == [(12, "claims"), (13, "no_claim")]
    assert claims_of(demo, "ben") == [
        (14, "Russia", "Russian invasion of Ukraine", "support", None)]
    again = demo.label_file(path, annotator="ana")  # the same file again changes nothing
    assert again.rows == 4 and len(claims_of(demo)) == 2
    assert demo.decisions("ana") == [(12, "claims"), (13, "no_claim")]


def test_a_bad_row_stops_the_file_with_the_rows_before_it_saved(demo, tmp_path, run):
    path = tmp_path / "decisions.jsonl"
    rows = [{"statement": 12, "actor": "Russia", "target": "NATO expansion", "stance": "oppose"},
            {"statement": 13, "stance": "no_claim"},
            {"statement": 14, "actor": "Rusia", "target": "NATO expansion", "stance": "oppose"},
            {"statement": 11, "stance": "no_claim"}]
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    result = run("label", "--file", path, "--annotator", "ana")
    assert (result.exit_code, result.output) == (1, (
        f"Error: {path}:3: No actor named 'Rusia'. Did you mean 'Russia' or 'Russian'? "
        f"List them with 'claims actors list'. The 2 rows before it are saved; {AGAIN}\n"))
    assert demo.decisions("ana") == [(12, "claims"), (13, "no_claim")]


HEADER = "statement,actor,target,stance,annotator\n"


@pytest.mark.parametrize("text, message", [
    ("statement,actor,target,stance\n12,Russia,NATO expansion,oppose\n",
     f"{{path}}:2: No annotator: fill the annotator column or give --annotator. {NOTHING_SAVED}"),
    ("statement,actor,stence\n12,Russia,oppose\n",
     ("{path}: unknown column(s) 'stence'; the columns are: statement, actor, target, stance, "
     "annotator, note")),
    (HEADER + "twelve,Russia,NATO expansion,oppose,ana\n",
     ("{path}:2: The statement id 'twelve' is not a number; list statements with "
     f"'claims statements'. {NOTHING_SAVED}")),
    (HEADER + "12,Russia,,no_claim,ana\n",
     f"{{path}}:2: A no_claim row takes no actor. {NOTHING_SAVED}"),
    (HEADER + "12,Russia,NATO expansion,oppose,ana\n12,Russia,,,ana\n",
     ("{path}:3: No target, stance; a claim needs actor, target and stance (stance no_claim "
     f"records that the statement holds none). The row before it is saved; {AGAIN}")),
])
def test_bad_files_are_one_line_errors_naming_the_file_and_row(demo, tmp_path, text, message):
    path = tmp_path / "decisions.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        demo.label_file(path)
    assert str(raised.value) == message.format(path=path)


def test_label_file_cli_prints_a_summary_and_refuses_single_decision_options(demo, tmp_path, run):
    path = tmp_path / "decisions.csv"
    path.write_text(CSV, encoding="utf-8")
    result = run("label", "--file", path, "--annotator", "ana")
    assert (result.exit_code, result.output) == (
        0, f"Saved 4 rows of {path} (human:ana 3, human:ben 1): 3 claims, 1 no claim.\n")
    again = run("label", "--file", path, "--annotator", "ana")
    assert again.output.endswith("3 claims, 1 no claim; 4 as recorded already.\n")
    path.write_text(CSV.replace("oppose", "support", 1), encoding="utf-8")
    changed = run("label", "--file", path, "--annotator", "ana")
    assert changed.output.endswith("3 claims, 1 no claim; 3 as recorded already.\n")
    mixed = run("label", "12", "--file", path, "--stance", "oppose")
    assert mixed.exit_code == 2
    assert mixed.output == ("Error: --file takes no STATEMENT_ID, --stance: the file's columns "
                            "give them (claims label --help)\n")
    alone = run("label", "12", "--no-claim")
    assert alone.exit_code == 2
    assert alone.output == ("Error: Missing option '--annotator' (or set CLAIMS_ANNOTATOR) "
                            "(claims label --help)\n")


def test_a_stance_in_another_case_is_that_label(demo, tmp_path):
    path = tmp_path / "decisions.csv"
    path.write_text("statement,actor,target,stance\n12,Russia,invade Ukraine,Oppose\n",
                    encoding="utf-8")
    demo.label_file(path, annotator="ana")
    assert claims_of(demo) == [(12, "Russia", "Russian invasion of Ukraine", "oppose", None)]
