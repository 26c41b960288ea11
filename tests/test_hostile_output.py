"""Data never drives the terminal: control sequences in articles and names are shown, not obeyed."""
from __future__ import annotations

from claims.cli.painter import Painter
from claims.text import printable

HOSTILE = "Title\x1b]0;owned\x07 and \x1b[2J cleared\x9b"


def test_printable_shows_controls_one_for_one():
    assert printable(HOSTILE) == "Title␛]0;owned␇ and ␛[2J cleared\ufffd"
    assert len(printable(HOSTILE)) == len(HOSTILE)  # offsets of mentions still hold
    assert printable("tab\tand\nnewline") == "tab\tand\nnewline"


def test_claims_articles_shows_escape_sequences_instead_of_obeying_them(project, tmp_path, run):
    (tmp_path / "a.jsonl").write_text(
        '{"title": "T\\u001b]0;owned\\u0007itle", "text": "The minister said no."}\n')
    result = run("ingest", tmp_path / "a.jsonl")
    assert result.exit_code == 1 and "U+001B" in result.stderr  # refused at the entrance
    project.store.conn.execute(  # a project written before the check, or by another tool
        "INSERT INTO articles (content_hash, title, text, added_at) VALUES ('h', ?, 'x', 'now')",
        (HOSTILE,))
    result = run("articles")
    assert result.exit_code == 0 and "\x1b" not in result.output and "\x07" not in result.output
    assert "␛]0;owned" in result.output


def test_the_annotator_screen_shows_escape_sequences_instead_of_obeying_them():
    painter = Painter(80, False, {kind: "" for kind in ("actor", "target", "cue", "dim", "error",
                                                        "ok", "bold")})
    lines = painter.marked(HOSTILE, []) + [painter.style(HOSTILE, "bold")] + painter.plain(HOSTILE)
    assert all("\x1b]" not in line and "\x1b[2J" not in line and "\x07" not in line
               for line in lines)


def test_claims_articles_limit(project, tmp_path, run):
    for number in range(3):
        (tmp_path / f"{number}.txt").write_text(f"The minister said {number} times no.")
    assert run("ingest", *sorted(tmp_path.glob("*.txt"))).exit_code == 0
    result = run("articles", "--limit", "2", "--format", "jsonl")
    assert [line[:8] for line in result.output.splitlines()] == ['{"id": 1', '{"id": 2']
