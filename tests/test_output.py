"""Listings: tables that fit the terminal and drop nothing, pipes never cut, and one
--format option (table, csv, jsonl, json) on every listing command."""
import io
import json
import os
import subprocess
import sys

import click
import pexpect
import pytest
from rich.cells import cell_len
from rich.console import Console

from claims import Prediction, Project
from claims.cli import cli
from claims.cli.output import FORMATS, print_table
from claims.cli.predict import stored_summary

LONG = (
    "قال المتحدث باسم الكرملين دميتري بيسكوف إن روسيا لا تنوي مهاجمة أي دولة، وإن حلف شمال الأطلسي "
    "(الناتو) يتوسع شرقاً منذ سنوات دون أن يأخذ مخاوف موسكو الأمنية في الحسبان. "
) * 2
ROWS = [
    {
        "id": 1, "article": 1, "cue": "قال", "speaker": "Russian Ministry of Foreign Affairs",
        "actors": ["Dmitry Peskov", "Russia"], "targets": ["NATO eastward expansion"], "text": LONG,
    },
    {
        "id": 2, "article": 1, "cue": "said", "speaker": None, "actors": [], "targets": [],
        "text": "The spokesman said that NATO expansion threatens Russia.",
    },
]


def rendered(rows, width: int, bidi: bool = True) -> str:
    out = Console(file=io.StringIO(), width=width)
    print_table(rows, list(rows[0]), None, {"text"}, out, bidi)
    return out.file.getvalue()


@pytest.mark.parametrize("width", [200, 120, 100])
def test_a_table_fits_the_terminal_and_keeps_every_column(width):
    shown = rendered(ROWS, width)
    assert all(cell_len(line) <= width for line in shown.splitlines())
    header = shown.splitlines()[1]
    assert all(column in header for column in ROWS[0])
    assert "Russian" in shown and "Ministry" in shown


def test_a_table_too_wide_for_the_terminal_becomes_one_block_per_row():
    shown = rendered(ROWS, 50)
    assert all(cell_len(line) <= 50 for line in shown.splitlines())
    lines = shown.splitlines()
    assert [line.split()[0] for line in lines[:7]] == list(ROWS[0])
    assert "Russian Ministry of Foreign Affairs" in shown


def test_the_text_column_gets_the_room_the_others_leave():
    shown = rendered(ROWS, 120, bidi=False)
    text_width = max(len(part) for line in shown.splitlines() for part in line.split("│")[-2:-1])
    assert text_width > 50


def test_piped_listings_are_never_cut(run, tmp_path):
    article = tmp_path / "long.txt"
    article.write_text(LONG.strip() + "\n", encoding="utf-8")
    run("init")
    run("ingest", article)
    shown = run("statements").output
    assert LONG.split("، ")[0] in shown and "…" not in shown
    sentence = LONG.split(". ")[0]
    assert any(sentence in line for line in shown.splitlines())  # a whole statement on one line


def _listing_commands():
    context = click.Context(cli)
    for path in (
        ("articles",), ("statements",), ("actors", "list"), ("targets", "list"), ("stats",),
        ("predict",), ("track",),
    ):
        command = cli.get_command(context, path[0])
        for name in path[1:]:
            command = command.get_command(context, name)
        yield " ".join(path), command


@pytest.mark.parametrize("name, command", list(_listing_commands()))
def test_every_listing_offers_the_four_formats(name, command):
    [option] = [param for param in command.params if param.name == "output_format"]
    assert tuple(option.type.choices) == FORMATS


def test_stats_json_is_one_object_and_csv_one_row(run):
    run("init")
    counts = json.loads(run("stats", "--format", "json").output)
    assert isinstance(counts, dict) and counts["articles"] == 0
    header, row = run("stats", "--format", "csv").output.splitlines()
    assert header.startswith("articles,statements") and row.startswith("0,0")
    assert json.loads(run("stats", "--format", "jsonl").output) == counts
    assert "articles" in run("stats").output


def test_predict_store_summarises_what_it_stored():
    claims = [{"article": "a.txt", "start": 0, "stance": "oppose", "target": "T"},
              {"article": "a.txt", "start": 0, "stance": "support", "target": "U"},
              {"article": "b.txt", "start": 5, "stance": "oppose", "target": "T"}]
    assert stored_summary(Prediction(claims, "project", "model:m")).splitlines()[0] == \
        "Stored 3 claims on 2 statements of 2 articles (oppose 2, support 1)."
    registered = {"actor": "Russia", "actor_registered": True, "actor_written": "موسكو"}
    spoken = [{**claims[0], **registered}, {**claims[1], "actor_written": "Matt Mackowiak"},
              {**claims[2], "actor_written": "Matt Mackowiak; a senior official"}]
    assert stored_summary(Prediction(spoken, "project", "model:m")).splitlines()[1] == (
        "2 of them have no registered actor, so tracking leaves them out; their "
        "speakers, most frequent first: Matt Mackowiak (2), a senior official (1). Register "
        "them (claims actors add) and store again to give those claims their actor.")


def test_statements_with_speakers_on_an_80_column_terminal_keep_the_start_of_arabic_text(
        tmp_path, example_article, demo_registry):
    """The text column is not narrowed to a few letters; the Arabic statement's first
    words (on the right once reordered) are on the screen."""
    if not example_article.exists():
        pytest.skip("the shared example article is absent")
    db = tmp_path / "claims.db"
    with Project.init(db) as project:
        project.import_registry(demo_registry)
        project.ingest([str(example_article)])
        first = project.statements()[1].text.split()[0]
    env = dict(
        os.environ, CLAIMS_DB=str(db), TERM="xterm", COLUMNS="80", LINES="40", CLAIMS_BIDI="1"
    )
    child = pexpect.spawn(
        sys.executable, ["-m", "claims", "statements", "--speakers", "--article", "1"], env=env,
        dimensions=(40, 80), encoding="utf-8", timeout=30,
    )
    shown = child.read()
    from claims.cli.rtl import display_line

    assert display_line(first) in shown
    assert all(cell_len(line.rstrip("\r")) <= 80 for line in shown.splitlines())


def test_progress_is_drawn_on_a_terminal_and_nowhere_else(tmp_path, demo_registry):
    articles = demo_registry.parent / "articles"
    env = dict(os.environ, CLAIMS_DB=str(tmp_path / "claims.db"), TERM="xterm")
    Project.init(tmp_path / "claims.db").close()
    child = pexpect.spawn(sys.executable, ["-m", "claims", "ingest", str(articles)], env=env,
                          encoding="utf-8", dimensions=(24, 100), timeout=30)
    shown = child.read()
    assert "Ingesting articles" in shown and "2 new articles" in shown
    subprocess.run([sys.executable, "-m", "claims", "--db", str(tmp_path / "other.db"), "init"],
                           capture_output=True, text=True, check=True)
    piped = subprocess.run(
        [
            sys.executable, "-m", "claims", "--db", str(tmp_path / "other.db"), "ingest",
            str(articles),
        ],
        capture_output=True, text=True, check=True,
    )
    assert piped.stderr == "" and piped.stdout.startswith("2 new articles")


@pytest.mark.parametrize("typed, shown", [("\x1b", "Esc"), ("\x18", "Ctrl-X"), ("z", "'z'"),
                                          ("ab\x01", "'ab<Ctrl-A>'"), ("\x7f", "Backspace")])
def test_a_typed_key_is_shown_by_name_never_raw(typed, shown):
    from claims.cli.output import key_name

    assert key_name(typed) == shown


def test_a_yes_no_cell_is_true_or_false_in_csv_as_in_json(capsys):
    from claims.cli.output import emit

    emit([{"actor": "Russia", "actor_registered": True}, {"actor": "x", "actor_registered": False}],
         "csv")
    assert capsys.readouterr().out.splitlines() == [
        "actor,actor_registered", "Russia,true", "x,false",
    ]
