import csv
import subprocess
import sys

import pytest

from claims.errors import ClaimsError, InputError
from claims.readers import (
    ARTICLE_FORMATS,
    ROW_FORMATS,
    SUFFIXES,
    Columns,
    detect_format,
    open_rows,
    read_articles,
    sniff,
)


@pytest.mark.parametrize(
    "path, formats, expected",
    [
        ("a.md", ARTICLE_FORMATS, "md"),
        ("a.NDJSON", ARTICLE_FORMATS, "jsonl"),
        ("a.json", ARTICLE_FORMATS, "json"),
        ("a.tsv", ARTICLE_FORMATS, "tsv"),
        ("a.tab", ROW_FORMATS, "tsv"),
        ("a.pq", ROW_FORMATS, "parquet"),
        ("a.parquet", ARTICLE_FORMATS, None),  # ingest refuses it (read_articles)
        ("-", ARTICLE_FORMATS, None),  # told by the content (sniff)
        ("a.md", ROW_FORMATS, None),  # import cannot tell: it asks for --format
    ],
)
def test_one_suffix_table_serves_ingest_and_import(path, formats, expected):
    assert detect_format(path, formats, None) == expected


@pytest.mark.parametrize(
    "head, expected",
    [
        (b'  {"text": 1}', "jsonl"),
        (b'\xef\xbb\xbf[\n  {"text": "One."}]', "json"),
        (b"text,title\nRussia said so.,A\n", "csv"),
        (b'"title","body"\nA,"Russia said so."\n', "csv"),
        (b"text\ttitle\nRussia said so.\tA\n", "tsv"),
        (b"text,title\rRussia said so.,A\r", "csv"),  # old Mac line ends
        (b'"text,title\nRussia said so.', "txt"),
        (b"text, as they say, is king.\nRussia said so.", "txt"),
        (b"Moscow,Kyiv and Minsk said no.\n", "txt"),
        (b"title,summary\nA,B\n", "txt"),  # no text column: not taken for a table
        (b"[Reuters] Moscow said no.", "txt"),
        (b"Text,Title\nA,B\n", "txt"),  # column names are matched exactly, as when read
    ],
)
def test_stdin_is_told_by_its_content_and_prose_with_commas_stays_text(head, expected):
    assert sniff(head, Columns()) == expected


def test_a_header_naming_the_text_column_given_is_a_table():
    assert sniff(b"body,headline\nA,B\n", Columns(text="body")) == "csv"
    assert sniff(b"text,headline\nA,B\n", Columns(text="body")) == "txt"


def test_a_format_given_wins_and_an_unknown_one_lists_the_allowed():
    assert detect_format("a.csv", ROW_FORMATS, "json") == "json"
    with pytest.raises(
        ClaimsError, match=r"^Unknown format 'md'; use one of: csv, tsv, jsonl, json, parquet\.$"
    ):
        detect_format("a.csv", ROW_FORMATS, "md")
    assert set(ARTICLE_FORMATS) | set(ROW_FORMATS) == set(SUFFIXES)


def test_ingest_and_import_read_json_lines_alike(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"text": "One.", "stance": "support"}\n\n[1]\n', encoding="utf-8")
    rows = open_rows(path)
    assert (rows.format, rows.header, next(rows.rows)) == (
        "jsonl",
        ["text", "stance"],
        (1, {"text": "One.", "stance": "support"}),
    )
    with pytest.raises(InputError, match=r"rows\.jsonl:3: expected a JSON object, found list$"):
        list(rows.rows)
    used, articles = read_articles(str(path))
    assert used == "jsonl" and next(articles).text == "One."
    with pytest.raises(InputError, match=r"rows\.jsonl:3: expected a JSON object, found list$"):
        list(articles)


def test_a_big_csv_field_is_read_and_the_csv_module_limit_is_left_as_it_was(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text('text,stance\n"' + "word\n" * 60_000 + '",support\n', encoding="utf-8")
    before = csv.field_size_limit()
    assert len(next(open_rows(path).rows)[1]["text"]) == 300_000
    assert len(next(read_articles(str(path))[1]).text) == 300_000
    assert csv.field_size_limit() == before


def test_neither_importing_claims_nor_writing_a_report_changes_csv_or_matplotlib_globals(tmp_path):
    code = f"""
import csv, matplotlib
before = csv.field_size_limit(), matplotlib.rcParams._get_backend_or_none()
import claims.cli, claims.formats, claims.project, claims.readers
from claims.evaluate import write_report
report = {{"labels": ["a", "b"], "confusion": {{"matrix": [[1, 2], [3, 4]]}},
          "dataset": "d", "split": "test",
          "systems": {{"model": {{"accuracy": 0.5, "macro_f1": 0.4}}}}}}
write_report(report, {str(tmp_path)!r})
print(before == (csv.field_size_limit(), matplotlib.rcParams._get_backend_or_none()))
"""
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert found == "True\n"
    assert (tmp_path / "confusion.png").stat().st_size > 1000
