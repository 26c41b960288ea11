"""``claims annotate`` through a real pseudo-terminal (pexpect): keys in, screens
out, decisions in the store; and how highlights survive right-to-left reordering."""
import os
import re
import signal
import sqlite3
import sys

import pexpect
import pytest

from claims import Project
from claims.cli import annotate_ui
from claims.cli.output import display_line
from claims.cli.painter import _COLOURS, _NO_COLOURS, Painter

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
SAVED = re.compile(r"Saved #(\d+): ([^\r\n]+)")


@pytest.fixture
def example(tmp_path, example_article, demo_registry):
    """The shared example article (19 statements) with the demo registry."""
    with Project.init(tmp_path / "claims.db") as project:
        project.import_registry(demo_registry)
        project.ingest([str(example_article)])
    return tmp_path / "claims.db"


def spawn(db, *arguments, dimensions=(40, 120)):
    env = dict(
        os.environ, CLAIMS_DB=str(db), TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", CLAIMS_BIDI="0"
    )
    child = pexpect.spawn(
        sys.executable, ["-m", "claims", "annotate", *arguments], env=env, dimensions=dimensions,
        encoding="utf-8", timeout=15,
    )
    child.delaybeforesend = None
    return child


def screen(child) -> str:
    """The next whole screen (it ends with the key map), without colours."""
    child.expect("q quit")
    return ANSI.sub("", child.before)


def press(child, keys: str) -> str:
    child.send(keys)
    return screen(child)


def answer(child, prompt: str, text: str) -> str:
    child.expect_exact(prompt)
    return press(child, text + "\r")


def claims_of(db, annotator="ana"):
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT c.statement_id, a.name, t.name, c.stance FROM claims c "
        """JOIN actors a ON a.id = c.actor_id
           JOIN targets t ON t.id = c.target_id WHERE c.origin = ? ORDER BY c.statement_id, c.id""",
        (f"human:{annotator}",),
    ).fetchall()
    decisions = conn.execute(
        "SELECT statement_id, decision FROM decisions WHERE annotator = ? ORDER BY 1", (annotator,)
    ).fetchall()
    conn.close()
    return rows, decisions


def test_three_statements_annotated_in_a_terminal_undo_quit_and_resume_in_a_new_process(example):
    with Project(example) as project:  # a model's prediction makes statement 1's proposal complete
        store = project.store
        store.add_claim(1, store.entity_id("actor", "United States"), store.entity_id("target",
                        "security talks with Russia"), "support", "model:test@1", 0.8)
    child = spawn(example, "--annotator", "ana", "--article", "1")
    first = screen(child)
    assert "#1 · article 1, statement 1 · 0/19 done · annotator ana" in first
    assert (
        "proposal: United States · security talks with Russia · support (model:test@1 0.80)"
        in first
    )
    assert "Enter accept · 1 support 2 oppose 3 neutral (saves) · a actor · t target" in first

    shown = press(child, "\r")  # one key accepts a right proposal
    assert "Saved #1: United States · security talks with Russia · support" in shown
    assert "#2 · article 1, statement 2 · 1/19 done" in shown
    assert (
        "proposal: United States · security talks with Russia · ?" in shown
    )  # the speaker: the official

    child.send("a")  # a key, then a number from the statement's list: no Enter needed
    child.expect_exact("Tab lists):")
    assert "Actor: Russia" in press(child, "1")
    child.send("t")  # change the target: a key, then the beginning of a name
    shown = answer(child, "Tab lists):", "Ukraine join")
    assert (
        "Target: Ukraine joining NATO" in shown
        and "claim:    Russia · Ukraine joining NATO · ?" in shown
    )
    shown = press(child, "2")
    assert "Saved #2: Russia · Ukraine joining NATO · oppose" in shown and "#3 · " in shown

    child.send("a")  # statement 3 names nobody registered: two claims chosen from the lists
    answer(child, "Tab lists):", "united")
    child.send("t")
    answer(child, "Tab lists):", "الضمانات")
    press(child, "+")
    shown = press(child, "1")
    assert "Saved #3: United States · security talks with Russia · support" in shown
    assert (
        "#3 · " in shown
        and "yours:    United States · security talks with Russia · support" in shown
    )
    # the Russian government («الحكومة الروسية», a demonym alias) is mentioned: it is proposed
    # next on the same target; the annotator picks the speaker again and another target
    assert "proposal: Russia · security talks with Russia" in shown
    child.send("a")
    answer(child, "Tab lists):", "united")
    child.send("t")
    answer(child, "Tab lists):", "NATO east")
    shown = press(child, "3")
    assert (
        "Saved #3: United States · NATO eastward expansion · neutral" in shown and "#4 · " in shown
    )

    shown = press(child, "x")
    assert "Saved #4: no claim" in shown and "#5 · " in shown and "4/19 done" in shown
    shown = press(child, "u")
    assert "Undone #4: no claim" in shown and "#4 · " in shown and "3/19 done" in shown
    child.send("q")
    child.expect(pexpect.EOF)
    assert "4 decisions saved in this session; 3 of 19 statements decided." in ANSI.sub(
        "", child.before
    )

    rows, decisions = claims_of(example)
    assert rows == [(1, "United States", "security talks with Russia", "support"),
                    (2, "Russia", "Ukraine joining NATO", "oppose"),
                    (3, "United States", "security talks with Russia", "support"),
                    (3, "United States", "NATO eastward expansion", "neutral")]
    assert decisions == [(1, "claims"), (2, "claims"), (3, "claims")]

    again = spawn(example, "--annotator", "ana", "--article", "1")
    shown = screen(again)
    assert "#4 · article 1, statement 4 · 3/19 done" in shown
    shown = press(again, "b")
    assert "#3 · " in shown and ("yours:    United States · security talks with Russia · support; "
                                 "United States · NATO eastward expansion · neutral") in shown
    again.send("q")
    again.expect(pexpect.EOF)


def test_quitting_with_a_claim_pending_after_plus_asks_whether_to_save_it(example):
    child = spawn(example, "--annotator", "ana", "--article", "1")
    screen(child)
    child.send("a")
    child.expect_exact("Tab lists):")
    press(child, "1")
    child.send("+")
    screen(child)
    child.send("q")
    child.expect_exact("Save it before quitting? Enter or a stance number: save · n: drop · "
                       "other key: stay")
    assert "Still here; the claim is not saved yet." in press(child, "k")
    child.send("q")
    child.expect_exact("Save it before quitting?")
    assert "The claim has no stance" in press(child, "\r")  # asked again, nothing lost
    child.send("q")
    child.expect_exact("Save it before quitting?")
    child.send("2")
    child.expect(pexpect.EOF)
    assert "1 decision saved in this session" in ANSI.sub("", child.before)
    rows, decisions = claims_of(example)
    assert len(rows) == 1 and decisions == [(1, "claims")]


def test_killing_the_annotator_loses_no_decision_shown_as_saved(example):
    child = spawn(example, "--annotator", "ana")
    screen(child)
    shown_saved = []
    for key in "1x2x3x1x" * 2:
        shown_saved += SAVED.findall(press(child, key))
    child.send("2")  # a decision in flight when the process dies: saved or not, never half
    child.kill(signal.SIGKILL)
    child.close()
    assert child.signalstatus == signal.SIGKILL

    assert len(shown_saved) >= 10
    rows, decisions = claims_of(example)
    decided = dict(decisions)
    for statement_id, what in shown_saved:
        if what == "no claim":
            assert decided[int(statement_id)] == "no_claim"
        else:
            actor, target, stance = what.split(" · ")
            assert (int(statement_id), actor, target, stance) in rows
    assert len(decisions) in (len(shown_saved), len(shown_saved) + 1)
    conn = sqlite3.connect(example)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_new_actor_the_guidelines_and_skip_from_the_keyboard(example):
    child = spawn(example, "--annotator", "ana", "--article", "1")
    screen(child)
    press(child, "s")
    shown = press(child, "s")
    assert "Skipped #2." in shown and "#3 · " in shown
    assert "actors:   1 Russia\r" in shown  # only mentioned («الحكومة الروسية»), not the speaker
    assert "proposal: United States · ? · ?" in shown  # the speaker, the official, carried
    child.send("n")
    child.expect_exact("(t)arget?")
    child.send("a")
    child.expect_exact("name:")
    child.send("White House official\r")
    child.expect_exact("Enter: organisation):")
    child.send("person\r")
    child.expect_exact("may be empty):")
    child.send("المسؤول\r")
    child.expect_exact("parent actor, may be empty):")
    shown = press(child, "united\r")
    assert "Added the actor 'White House official'; it is in the claim." in shown
    assert (
        "actors:   1 United States  2 White House official" in shown
    )  # «المسؤول» is now a mention
    assert "claim:    White House official · ? · ?" in shown
    child.send("g")
    child.expect_exact("any key: back")
    guidelines = ANSI.sub("", child.before)
    assert (
        "1 support: The actor asserts, endorses" in guidelines
        and "\nAnnotation guidelines" in guidelines
    )
    assert "**" not in guidelines and "# " not in guidelines  # Markdown rendered, not shown
    shown = press(child, " ")
    assert "#3 · " in shown
    child.send("q")
    child.expect(pexpect.EOF)
    with Project(example) as project:
        assert project.actor("المسؤول").parent == "United States"
        assert project.decisions("ana") == [(1, "skip"), (2, "skip")]


def test_a_narrow_terminal_is_refused_with_a_pointer_to_claims_label(example):
    child = spawn(example, "--annotator", "ana", dimensions=(40, 50))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert " ".join(child.before.split()) == (
        "Error: The terminal is 50 columns wide; claims annotate needs at least 60. Widen it, or "
        "record decisions with "
        "'claims label STATEMENT_ID --actor NAME --target NAME --stance LABEL --annotator NAME'."
    )


def test_highlights_survive_right_to_left_reordering():
    text = "وبالمقابل، تنفي موسكو أي نية لغزو أوكرانيا"
    spans = [("cue", 11, 15), ("actor", 16, 21), ("target", 30, 42)]
    [line] = Painter(80, True, _COLOURS).marked(text, spans)
    styled = {code: "".join(re.findall(rf"\x1b\[{re.escape(code)}m([^\x1b]*)", line))
              for code in (_COLOURS["actor"], _COLOURS["target"], _COLOURS["cue"])}
    assert styled[_COLOURS["actor"]] == display_line("موسكو")
    assert styled[_COLOURS["cue"]] == display_line("تنفي")
    assert styled[_COLOURS["target"]] == display_line(
        "لغزو أوكرانيا"
    )  # the whole word, clitic included
    assert ANSI.sub("", line).strip() == display_line(text)  # right-aligned, nothing else changed


def test_the_end_of_the_queue_offers_undo_back_and_quit(project, demo_registry):
    project.import_registry(demo_registry)
    project.ingest([str(demo_registry.parent / "articles")])
    session = project.annotation_session("ana", limit=1)
    session.no_claim()
    painter = Painter(80, False, _NO_COLOURS)
    shown = ANSI.sub(
        "", annotate_ui.screen(session, session.current(), painter, "Saved #1: no claim", False)
    )
    assert shown.splitlines() == [
        "All statements of this session are decided · 1/1 done · annotator ana",
        "─" * 80,
        "Saved #1: no claim",
        "u undo · b back · q quit",
    ]
