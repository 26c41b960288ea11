"""Keys in ``claims annotate`` through a real pseudo-terminal: nothing typed ahead is
lost (around saves and prompts), Escape and Ctrl-C leave a prompt without a change,
and a person proposed as the actor they speak for is named on the screen."""
import pexpect
import pytest

from claims import Project
from claims.cli import annotate_ui
from claims.cli.painter import _NO_COLOURS, Painter
from tests.test_annotate_tty import ANSI, claims_of, press, screen, spawn


@pytest.fixture
def example(tmp_path, example_article, demo_registry):
    """The shared example article (19 statements) with the demo registry."""
    with Project.init(tmp_path / "claims.db") as project:
        project.import_registry(demo_registry)
        project.ingest([str(example_article)])
    return tmp_path / "claims.db"


def screen_with(child, text: str) -> str:
    """The screen that says ``text`` (screens before it go by), without colours."""
    child.expect_exact(text)
    head = child.before.split(annotate_ui._CLEAR)[-1]
    child.expect("q quit")
    return ANSI.sub("", head + text + child.before)


def quit_session(child) -> None:
    child.send("q")
    child.expect(pexpect.EOF)


@pytest.mark.parametrize("one_write", [True, False])
def test_keys_typed_ahead_right_after_a_save_are_each_applied_in_order(example, one_write):
    child = spawn(example, "--annotator", "ana", "--article", "1")
    screen(child)
    # Save #1, then, while it saves, pick actor 1 and a target on #2 (two prompts), save #2,
    # no claim on #3, skip #4: in one write, or one write a key without waiting.
    keys = "1" + "a1" + "tUkraine join\r" + "2" + "x" + "s"
    for chunk in [keys] if one_write else keys:
        child.send(chunk)
    shown = screen_with(child, "Skipped #4.")
    assert "#5 · article 1, statement 5 · 3/19 done" in shown
    quit_session(child)
    rows, decisions = claims_of(example)
    assert rows == [(1, "United States", "security talks with Russia", "support"),
                    (2, "Russia", "Ukraine joining NATO", "oppose")]
    assert decisions == [(1, "claims"), (2, "claims"), (3, "no_claim"), (4, "skip")]


def test_escape_and_ctrl_c_leave_a_prompt_without_a_change(example):
    child = spawn(example, "--annotator", "ana", "--article", "1")
    proposal = "proposal: United States · security talks with Russia"
    assert proposal in press(child, "s")
    child.send("a")
    child.expect_exact("Tab lists):")
    shown = press(child, "Rus\x1b")  # typed, then Escape
    assert "Actor unchanged." in shown and proposal in shown
    child.send("t")
    child.expect_exact("Tab lists):")
    shown = press(child, "Ukr\x03")  # Ctrl-C at the prompt cancels it, not the session
    assert "Target unchanged." in shown and proposal in shown
    child.send("n" + "a" + "\x1b")  # typed ahead: the new actor's name prompt is cancelled
    assert "#2 · " in screen_with(child, "Nothing added.")
    child.send("a\x1bx")  # Escape, then a key typed right after it is a key: no claim
    shown = screen_with(child, "Saved #2: no claim")
    assert "Saved #2: no claim" in shown and "#3 · " in shown
    quit_session(child)
    assert claims_of(example) == ([], [(1, "skip"), (2, "no_claim")])


def test_escape_on_the_main_screen_is_quiet_and_control_keys_are_named(example):
    child = spawn(example, "--annotator", "ana", "--article", "1")
    screen(child)
    shown = press(child, "\x1b")
    assert "No action" not in shown and "#1 · " in shown
    shown = press(child, "\x18")  # Ctrl-X
    assert "No action on Ctrl-X; the keys are below." in shown and "\x18" not in shown
    assert "No action on 'z'; the keys are below." in press(child, "z")
    quit_session(child)
    assert claims_of(example) == ([], [])


def test_a_person_proposed_as_the_actor_they_speak_for_is_named(project, demo_registry):
    project.import_registry(demo_registry)
    project.ingest([str(demo_registry.parent / "articles")])
    session = project.annotation_session("ana")
    session.skip()
    session.skip()  # #3: وأكد المتحدث باسم الكرملين دميتري بيسكوف أن موسكو لا تنوي …
    painter = Painter(100, False, _NO_COLOURS)
    shown = ANSI.sub("", annotate_ui.screen(session, session.current(), painter, "", False))
    lines = [line for line in shown.splitlines()
             if line.startswith(("actors:", "proposal:", "speaker:"))]
    assert lines == [
        "actors:   1 Russia  2 Dmitry Peskov",
        "proposal: Russia · ? · ? (1 support 2 oppose 3 neutral)",  # «مهاجمة أي دولة»: no target
        "speaker:  Dmitry Peskov, speaking for Russia (a 2: Dmitry Peskov's own claim)"]


def test_a_member_of_an_actor_is_proposed_as_himself(project, demo_registry):
    project.import_registry(demo_registry)
    project.add_actor("Dmitry Peskov", "person", parent="Russia", exist_ok=True,
                      speaks_for_parent=False)  # a member of it, not its voice
    project.ingest([str(demo_registry.parent / "articles")])
    session = project.annotation_session("ana")
    session.skip()
    session.skip()  # #3: وأكد المتحدث باسم الكرملين دميتري بيسكوف أن موسكو لا تنوي …
    assert session.current().proposal.actor == "Dmitry Peskov"
    painter = Painter(100, False, _NO_COLOURS)
    shown = ANSI.sub("", annotate_ui.screen(session, session.current(), painter, "", False))
    assert "proposal: Dmitry Peskov · " in shown and "speaking for" not in shown
