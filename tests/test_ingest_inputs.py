"""What `claims ingest` reads, and what it says about what it cannot: JSON arrays, TSV,
CSV on stdin, suffixes of no article format, missing paths, error lines, counts."""
from __future__ import annotations

import json

import pytest

SAID = "Russia said on Monday that it would not invade Ukraine."
DENIED = "The United States denied the report on Tuesday."


def stored(project) -> list[tuple[str | None, str]]:
    return [(row.title, row.text) for row in map(project.article, _ids(project))]


def _ids(project) -> list[int]:
    return [row["id"] for row in project.articles()]


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error: ")]


@pytest.mark.parametrize("document", [
    [{"text": SAID, "title": "A", "section": "world"}, {"text": DENIED, "title": "B"}],
    {"articles": [{"text": SAID, "title": "A", "section": "world"},
                  {"text": DENIED, "title": "B"}]},
])
def test_a_json_array_of_objects_is_one_article_an_object(project, tmp_path, run, document):
    (tmp_path / "arr.json").write_text(json.dumps(document), encoding="utf-8")
    result = run("ingest", tmp_path / "arr.json")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("2 new articles, 0 already in the project, 2 statements, "
                             "from 1 of 1 file.\n")
    assert stored(project) == [("A", SAID), ("B", DENIED)]
    assert project.article(_ids(project)[0]).metadata == {"section": "world"}


def test_a_json_file_takes_the_column_options_and_one_object_is_one_article(project, tmp_path,
                                                                             run):
    (tmp_path / "one.json").write_text(json.dumps({"body": SAID, "headline": "A"}),
                                       encoding="utf-8")
    result = run("ingest", tmp_path / "one.json", "--text-column", "body",
                 "--title-column", "headline")
    assert result.exit_code == 0, result.output
    assert stored(project) == [("A", SAID)]


def test_json_lines_saved_as_json_are_read_as_json_lines(project, tmp_path, run):
    rows = [json.dumps({"text": SAID}), json.dumps({"text": DENIED})]
    (tmp_path / "rows.json").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert run("ingest", tmp_path / "rows.json").exit_code == 0
    assert [text for _, text in stored(project)] == [SAID, DENIED]


@pytest.mark.parametrize("text, message", [
    (json.dumps([{"text": SAID}, ["not", "an", "object"]]),
     "arr.json: row 2: expected a JSON object, found list"),
    (json.dumps([{"text": SAID}, {"title": "B"}]),
     "arr.json: row 2: no text column (tried text, body, content, article); the columns are: "
     "title. Name it with --text-column."),
    (json.dumps("just a string"),
     "arr.json: expected an array of objects, one article each; found str"),
    ('[{"text": "one"},\n {"text": "two",}]',
     "arr.json:2: not valid JSON (Expecting property name enclosed in double quotes at "
     "column 17)"),
])
def test_a_bad_json_document_is_one_line_naming_the_row_and_stores_nothing(
        project, tmp_path, run, text, message):
    (tmp_path / "arr.json").write_text(text, encoding="utf-8")
    result = run("ingest", tmp_path / "arr.json")
    assert result.exit_code == 1
    assert errors(result) == [f"Error: {tmp_path / message}"]
    assert project.articles() == []


def test_a_tsv_file_is_read_with_tabs_between_its_columns(project, tmp_path, run):
    (tmp_path / "x.tsv").write_text(f"text\ttitle\n{SAID}\tA, with a comma\n", encoding="utf-8")
    result = run("ingest", tmp_path / "x.tsv")
    assert result.exit_code == 0, result.output
    assert stored(project) == [("A, with a comma", SAID)]


@pytest.mark.parametrize("name, problem", [
    ("a.parquet", "unsupported format '.parquet': articles are read from txt, md, jsonl, json, "
                  "csv or tsv files"),
    ("a.xlsx", "unsupported format '.xlsx': articles are read from txt, md, jsonl, json, csv or "
               "tsv files"),
    ("page.html", "an HTML page: its markup is not read; articles are read from txt, md, jsonl, "
                  "json, csv or tsv files (save the article's text as .txt)"),
])
def test_a_suffix_of_no_article_format_is_refused_and_the_other_files_are_ingested(
        project, tmp_path, run, name, problem):
    (tmp_path / name).write_bytes(b"PAR1\x00\x00<html><p>" + SAID.encode() + b"</p>")
    (tmp_path / "good.txt").write_text(SAID, encoding="utf-8")
    result = run("ingest", tmp_path / name, tmp_path / "good.txt")
    assert result.exit_code == 1
    assert errors(result) == [f"Error: {tmp_path / name}: {problem}"]
    assert result.stdout == ("1 new article, 0 already in the project, 1 statement, "
                             "from 1 of 2 files.\n")
    assert stored(project) == [(None, SAID)]


def test_format_txt_reads_a_file_of_another_suffix_as_it_is(project, tmp_path, run):
    (tmp_path / "notes.log").write_text(SAID, encoding="utf-8")
    assert run("ingest", tmp_path / "notes.log").exit_code == 1
    assert run("ingest", tmp_path / "notes.log", "--format", "txt").exit_code == 0
    assert stored(project) == [(None, SAID)]


@pytest.mark.parametrize("data, expected", [
    (f'text,title\n"{SAID}",A\n', [("A", SAID)]),
    (f"text\ttitle\n{SAID}\tA\n", [("A", SAID)]),
    (f"title,body\nA,\"{SAID}\"\n", [("A", SAID)]),
    (f"Moscow, Kyiv and Minsk\n{SAID}", [("Moscow, Kyiv and Minsk", SAID)]),
    (f"text, as they say, is king.\n{SAID}", [(None, f"text, as they say, is king.\n{SAID}")]),
])
def test_csv_on_stdin_is_told_by_a_header_naming_the_text_column(project, run, data, expected):
    result = run("ingest", "-", input=data.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert stored(project) == expected


def test_format_overrides_what_stdin_looks_like(project, run):
    data = f'text,title\n"{SAID}",A\n'.encode()
    assert run("ingest", "-", "--format", "txt", input=data).exit_code == 0
    assert stored(project) == [("text,title", f'"{SAID}",A')]
    columns = run("ingest", "-", "--text-column", "body", input=b"body,id\nKyiv said no.,7\n")
    assert columns.exit_code == 0 and stored(project)[-1] == (None, "Kyiv said no.")


def test_a_missing_path_is_reported_and_the_other_files_are_ingested(project, tmp_path, run):
    (tmp_path / "body.csv").write_text(f'text,title\n"{SAID}",A\n', encoding="utf-8")
    (tmp_path / "broken.jsonl").write_bytes(b'{"text": "a\x01b"}\n')
    (tmp_path / "empty").mkdir()
    result = run("ingest", tmp_path / "body.csv", tmp_path / "broken.jsonl",
                 tmp_path / "nosuch.txt", tmp_path / "empty")
    assert result.exit_code == 1
    assert errors(result) == [
        f"Error: {tmp_path / 'broken.jsonl'}:1: not valid JSON (Invalid control character "
        "U+0001 at column 12; write it as \\u0001)",
        f"Error: {tmp_path / 'nosuch.txt'}: no such file or folder",
        f"Error: {tmp_path / 'empty'}: no article files in this folder (looked for .csv, .json, "
        ".jsonl, .markdown, .md, .ndjson, .tab, .text, .tsv, .txt)",
    ]
    assert result.stdout == ("1 new article, 0 already in the project, 1 statement, "
                             "from 1 of 4 files.\n")
    assert stored(project) == [("A", SAID)]


def test_when_no_path_exists_there_is_just_the_error(project, tmp_path, run):
    result = run("ingest", tmp_path / "nosuch.txt", tmp_path / "nope.csv")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert errors(result) == [f"Error: {tmp_path / 'nosuch.txt'}: no such file or folder"]


@pytest.mark.parametrize("name, data, where", [
    ("q3.csv", 'text,title\n"ok line",A\n"never closed,B\n', ":3: malformed CSV"),
    ("q2.csv", 'text,title\n"never closed,B\nmore\nlines\n', ":2: malformed CSV"),
    ("q2.tsv", 'text\ttitle\n"never closed\tB\nmore\n', ":2: malformed TSV"),
])
def test_a_quote_never_closed_is_told_at_the_line_it_opens(project, tmp_path, run, name, data,
                                                          where):
    (tmp_path / name).write_text(data, encoding="utf-8")
    result = run("ingest", tmp_path / name)
    assert result.exit_code == 1
    assert errors(result) == [f"Error: {tmp_path / name}{where}: a quoted field opened on this "
                              "line is never closed"]
    assert project.articles() == []


def test_import_tells_a_quote_never_closed_at_its_line_too(project, tmp_path, run):
    (tmp_path / "rows.csv").write_text('text,stance\n"One.",support\n"Two.,oppose\nx,y\n',
                                       encoding="utf-8")
    result = run("import", tmp_path / "rows.csv", "--text", "text", "--stance", "stance",
                 "--target-value", "T")
    assert result.exit_code == 1
    assert result.output == (f"Error: {tmp_path / 'rows.csv'}:3: malformed CSV: a quoted field "
                             "opened on this line is never closed\n")


def test_other_csv_errors_keep_the_line_of_the_record(project, tmp_path, run):
    (tmp_path / "bad.csv").write_text('text,title\nok,A\n"a"b,B\n', encoding="utf-8")
    result = run("ingest", tmp_path / "bad.csv")
    assert errors(result) == [f"Error: {tmp_path / 'bad.csv'}:3: malformed CSV (',' expected "
                              "after '\"')"]


def test_a_short_csv_row_leaves_its_last_columns_empty(project, tmp_path, run):
    (tmp_path / "short.csv").write_text(f'text,title,url\n"{SAID}"\n', encoding="utf-8")
    assert run("ingest", tmp_path / "short.csv").exit_code == 0
    assert stored(project) == [(None, SAID)]


def test_the_summary_counts_in_the_singular_and_the_plural(project, tmp_path, run):
    (tmp_path / "one.txt").write_text(SAID, encoding="utf-8")
    first = run("ingest", tmp_path / "one.txt")
    assert first.stdout == ("1 new article, 0 already in the project, 1 statement, "
                            "from 1 of 1 file.\n")
    (tmp_path / "two.txt").write_text(f"{SAID} {DENIED}", encoding="utf-8")
    again = run("ingest", tmp_path / "one.txt", tmp_path / "two.txt")
    assert again.stdout == ("1 new article, 1 already in the project, 2 statements, "
                            "from 2 of 2 files.\n")


def test_a_row_of_one_field_is_counted_in_the_singular(project, tmp_path, run):
    (tmp_path / "rows.csv").write_text('text,stance\n"One.",support\nalone\n', encoding="utf-8")
    result = run("import", tmp_path / "rows.csv", "--text", "text", "--stance", "stance",
                 "--target-value", "T")
    assert result.output == (f"Error: {tmp_path / 'rows.csv'}:3: 1 field where the header "
                             "has 2\n")


def test_a_csv_with_old_mac_line_ends_is_read_row_by_row(project, tmp_path, run):
    (tmp_path / "mac.csv").write_bytes(f'text,title\r"{SAID}",A\r"Kyiv said no.",B\r'.encode())
    result = run("ingest", tmp_path / "mac.csv")
    assert result.exit_code == 0, result.output
    assert stored(project) == [("A", SAID), ("B", "Kyiv said no.")]
