"""One check of text at every entrance: ingest, import, registry files, names and labels."""
from __future__ import annotations

import json
import re

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from claims import ClaimsError, Project, rowfiles
from claims.mentions import MentionFinder
from claims.text import TextError, check_text, clean_name

INVISIBLE = {"zero-width space": "\u200b", "soft hyphen": "\u00ad", "word joiner": "\u2060",
             "byte-order mark": "\ufeff", "left-to-right mark": "\u200e",
             "right-to-left mark": "\u200f", "zero-width joiner": "\u200d",
             "tag character": "\U000e0041", "Arabic letter mark": "\u061c"}


@pytest.mark.parametrize("what", sorted(INVISIBLE))
def test_names_that_look_identical_are_one_name(project, what):
    first = project.add_actor("Russia", "country")
    assert clean_name(f"Rus{INVISIBLE[what]}sia") == "Russia"
    with pytest.raises(ClaimsError):  # the same name again, not a second actor
        project.add_actor(f"Rus{INVISIBLE[what]}sia", "country")
    assert [actor.name for actor in project.actors()] == [first.name]


@pytest.mark.parametrize("name, which", [
    ("Rus\x85sia", "U+0085"), ("Rus\x1bsia", "U+001B"), ("Russia\u202e", "U+202E"),
    ("Rus\u2067sia", "U+2067"),
])
def test_names_with_control_characters_are_refused_saying_which(project, name, which):
    with pytest.raises(ClaimsError,
                       match=re.escape(f"control or text-direction character {which}")):
        project.add_actor(name, "country")


def test_a_name_beginning_with_a_combining_mark_or_holding_a_surrogate_is_refused():
    with pytest.raises(TextError, match="begins with a combining mark U\\+0301"):
        clean_name("\u0301Russia")
    with pytest.raises(TextError, match="a lone surrogate U\\+D800"):
        clean_name("Rus\ud800sia")


def test_mentions_are_found_through_zero_width_joiners():
    finder = MentionFinder([("actor", "Russia", "الكرملين"), ("actor", "Russia", "Kremlin")])
    for text in ("قال الكر\u200dملين إن", "قال الكر\u200cملين إن", "the Krem\u00adlin said"):
        [mention] = finder.find(text)
        assert mention.name == "Russia" and mention.surface.replace("\u00ad", "") != ""


def _one_line_refusal(run, *args) -> str:
    """The one error line of a refused command (ingest prints its summary on stdout too)."""
    result = run(*args)
    assert result.exit_code == 1, result.output
    [line] = result.stderr.splitlines()
    return line


def test_a_nul_byte_anywhere_in_a_csv_is_refused(project, tmp_path, run):
    rows = "".join(f'"Row {i} says the minister said no."\n' for i in range(400))
    (tmp_path / "late-nul.csv").write_text(f"text\n{rows}\"a\x00b\"\n", encoding="utf-8")
    line = _one_line_refusal(run, "ingest", tmp_path / "late-nul.csv")
    assert "late-nul.csv:402" in line and "U+0000 (NUL)" in line
    assert project.stats()["articles"] == 0


MAPPED = ("--text", "text", "--stance", "stance", "--target", "target")


@pytest.mark.parametrize("row, problem", [
    ({"text": "a\u0000b"}, "the column 'text' has the control character U+0000 (NUL)"),
    ({"text": "ok", "id": 2 ** 70}, "the column 'id' holds a number beyond 64 bits"),
])
def test_import_refuses_bad_cells_in_one_line(project, tmp_path, run, row, problem):
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps({"target": "t", "stance": "support", **row}) + "\n")
    line = _one_line_refusal(run, "import", path, *MAPPED)
    assert problem in line and "rows.jsonl" in line
    assert project.stats()["claims"] == 0


def test_surrogate_escapes_and_huge_integers_in_jsonl_are_one_line(project, tmp_path, run):
    (tmp_path / "surrogate.jsonl").write_text('{"text": "a \\ud800 b"}\n')
    line = _one_line_refusal(run, "ingest", tmp_path / "surrogate.jsonl")
    assert "a lone surrogate U+D800" in line
    (tmp_path / "digits.jsonl").write_text('{"text": "x", "n": ' + "9" * 5000 + "}\n")
    assert "over 4,300 digits" in _one_line_refusal(run, "ingest", tmp_path / "digits.jsonl")


@pytest.mark.parametrize("date, problem", [
    ("1" * 5000, "Cannot read the date '11111111111111111111'…"),
    ("3000-01-01", "has the year 3000; dates from 1800 to 2200 are accepted"),
])
def test_dates_out_of_range_are_refused(project, tmp_path, run, date, problem):
    (tmp_path / "dated.jsonl").write_text(json.dumps({"text": "The minister said no.",
                                                      "published": date}) + "\n")
    assert problem in _one_line_refusal(run, "ingest", tmp_path / "dated.jsonl")


def test_parquet_binary_text_and_oversized_cells_are_refused(project, tmp_path, run, monkeypatch):
    pq.write_table(pa.table({"text": pa.array([b"\x00\x01"], pa.binary()), "target": ["t"],
                             "stance": ["support"]}), tmp_path / "binary.parquet")
    assert "the column 'text' holds binary data, not text" in _one_line_refusal(
        run, "import", tmp_path / "binary.parquet", *MAPPED)
    pq.write_table(pa.table({"text": ["a" * (8 * 2 ** 20 + 1)], "target": ["t"],
                             "stance": ["support"]}), tmp_path / "big.parquet")
    assert "is longer than 8,388,608 characters" in _one_line_refusal(
        run, "import", tmp_path / "big.parquet", *MAPPED)
    monkeypatch.setattr(rowfiles, "MAX_ROW_GROUP_BYTES", 1000)  # a bomb, scaled down
    pq.write_table(pa.table({"text": ["a" * 5000], "target": ["t"], "stance": ["support"]}),
                   tmp_path / "bomb.parquet")
    assert "a row group unpacks to" in _one_line_refusal(run, "import", tmp_path / "bomb.parquet",
                                                      *MAPPED)
    assert project.stats()["claims"] == 0


def test_text_checks_say_where():
    with pytest.raises(TextError,
                       match=r"row 3 has the control character U\+0007 .* at character 2"):
        check_text("a\x07", "row 3")
    assert check_text("tab\tnew\nline\r\x0c") == "tab\tnew\nline\r\x0c"


REGISTRY_FILES = {
    "labels-twice.yaml": ("labels:\n  - name: support\n  - name: support\n",
                          "labels: 'support' is listed twice"),
    "label-comma.yaml": ('labels:\n  - name: "support,oppose"\n', "has a comma"),
    "actor-twice.yaml": ("actors:\n  - name: Russia\n  - name: Rus\u200bsia\n",
                         "actors: 'Russia' is listed twice"),
    "parent-list.yaml": ("actors:\n  - name: A\n    parent: [B]\n",
                         "'parent' must be text, not list"),
    "description-map.yaml": ("targets:\n  - name: A\n    description: {x: 1}\n",
                             "'description' must be text, not dict"),
    "nested.yaml": ("a: " + "[" * 100_000 + "]" * 100_000 + "\n", "not valid YAML"),
    "nested.toml": ("a = " + "[" * 100_000 + "]" * 100_000 + "\n", "nested too deeply"),
}


@pytest.mark.parametrize("name", sorted(REGISTRY_FILES))
def test_bad_registry_files_are_one_line_and_change_nothing(project, tmp_path, run, name):
    text, problem = REGISTRY_FILES[name]
    (tmp_path / name).write_text(text, encoding="utf-8")
    line = _one_line_refusal(run, "registry", "import", tmp_path / name)
    assert problem in line and name in line
    assert [label.name for label in project.labels()] == ["support", "oppose", "neutral"]
    assert project.stats()["actors"] == 0


def test_ids_beyond_64_bits_are_a_usage_error(project, run):
    result = run("statements", "--article", str(2 ** 70))
    assert result.exit_code == 2 and "is not in the range" in result.output


def test_a_project_opened_again_keeps_its_text(tmp_path):
    with Project.init(tmp_path / "p.db") as project:
        project.add_actor("Ru\u200bssia", "country")
    with Project(tmp_path / "p.db") as project:
        assert [actor.name for actor in project.actors()] == ["Russia"]
