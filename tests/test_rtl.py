"""Right-to-left text on terminals that do not reorder it: UAX #9 by python-bidi, per line,
per list item, brackets mirrored, shaping by arabic-reshaper; the real terminal checked
through tmux screen captures kept in tests/fixtures/rtl."""
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import arabic_reshaper
import pytest
from prompt_toolkit.layout.processors import TransformationInput

from claims import Project
from claims.cli import markdown, rtl
from claims.cli.annotate_keys import BidiInput
from claims.cli.painter import _COLOURS, Painter, guideline_lines

FIXTURES = Path(__file__).parent / "fixtures" / "rtl"


def shown(arabic: str) -> str:
    """An Arabic word as a terminal shows it once shaped and reordered."""
    return arabic_reshaper.reshape(arabic)[::-1]


def test_brackets_and_guillemets_are_mirrored_in_a_right_to_left_run():
    assert rtl.display_line("«(الناتو)»") == "«(" + shown("الناتو") + ")»"
    assert rtl.display_line("Russia said (توسع الناتو) today") == \
        "Russia said (" + shown("الناتو") + " " + shown("توسع") + ") today"


def test_each_numbered_item_keeps_its_number_beside_its_label():
    line = rtl.display_items(["1 روسيا", "2 Russia", "3 الناتو"])
    assert line == f"1 {shown('روسيا')}  2 Russia  3 {shown('الناتو')}"
    assert "1 2" not in rtl.display_items(["1 روسيا", "2 Russia"])


def test_lines_without_arabic_are_left_alone_and_letters_are_joined():
    assert rtl.display_line("NATO (expansion)") == "NATO (expansion)"
    assert rtl.display_line("روسيا") == shown("روسيا") != "روسيا"[::-1]


def test_a_paragraph_keeps_its_direction_over_its_wrapped_lines():
    text = "قال المتحدث باسم الكرملين Dmitry Peskov Dmitry Peskov إن روسيا لا تنوي مهاجمة أي دولة."
    lines = Painter(30, True, {kind: "" for kind in _COLOURS}).plain(text)
    assert len(lines) > 2
    assert all(len(re.sub(r"\x1b\[[0-9;]*m", "", line)) == 30 for line in lines)  # flush right, all
    assert any("Dmitry Peskov" in line for line in lines)


def test_wrapped_list_items_stay_whole_and_lines_end_with_a_comma():
    lines = rtl.wrap_items(["موسكو", "الكرملين", "Moscow", "Kremlin"], 20, ", ")
    assert lines == [f"{shown('موسكو')}, {shown('الكرملين')},", "Moscow, Kremlin"]
    assert rtl.wrap_items(["one", "two"], 20, ", ", bidi=False) == ["one, two"]


def test_arabic_typed_at_a_prompt_shows_joined_right_to_left_with_the_cursor_following():
    typed = "روس"
    result = BidiInput().apply_transformation(TransformationInput(
        buffer_control=None, document=None, lineno=0, source_to_display=lambda i: i,
        fragments=[("", typed)], width=80, height=1))
    text = "".join(chars for _, chars, *_ in result.fragments)
    assert text == " " + shown(typed)  # a cell on the left for the cursor at the end
    assert [result.source_to_display(i) for i in range(4)] == [3, 2, 1, 0]
    assert result.display_to_source(3) == 0


def test_guidelines_markdown_is_reflowed_with_bold_and_no_markers():
    text = (FIXTURES / "guidelines.md").read_text(encoding="utf-8")
    found = markdown.blocks(text)
    assert found[0].heading and found[0].text == "Annotation guidelines"
    assert [block.marker for block in found if block.marker] == ["•", "•"]
    lines = guideline_lines(text, Painter(80, True, _COLOURS))
    assert not any("**" in line or line.startswith("#") for line in lines)
    assert "\x1b[1mactor\x1b[0m" in "".join(lines)  # bold
    assert any(f"{shown('روسيا')} → {shown('موسكو')}" in line for line in lines)


def _tmux(*arguments: str) -> str:
    return subprocess.run(["tmux", "-L", "claims-rtl", *arguments], capture_output=True, text=True,
                          check=True).stdout


def _screen(until: str, gone: str | None = None, prompt: bool = False, timeout: float = 30) -> str:
    """The screen once it shows ``until`` and no longer ``gone`` (and, with ``prompt``,
    once the command is over: the shell's prompt on the last line)."""
    deadline = time.monotonic() + timeout
    while True:
        screen = _tmux("capture-pane", "-p", "-t", "rtl")
        ready = until in screen and not (gone and gone in screen) and \
            (not prompt or screen.rstrip().endswith("\n$"))
        if ready or time.monotonic() > deadline:
            return (
                "\n".join(line.rstrip() for line in screen.rstrip("\n").splitlines()).strip("\n")
                + "\n"
            )
        time.sleep(0.2)


def _check(name: str, screen: str) -> None:
    fixture = FIXTURES / f"{name}.txt"
    if os.environ.get("CLAIMS_UPDATE_FIXTURES"):
        fixture.write_text(screen, encoding="utf-8")
    assert screen == fixture.read_text(encoding="utf-8"), f"{name}: the terminal shows\n{screen}"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_a_real_terminal_shows_arabic_right(tmp_path):
    """Screens from tmux (a terminal that does not reorder): the annotator, its prompt,
    the guidelines and two tables, compared with the captures in tests/fixtures/rtl
    (CLAIMS_UPDATE_FIXTURES=1 rewrites them; read them before committing)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "claims").write_text(f"#!/bin/sh\nexec {sys.executable} -m claims \"$@\"\n")
    (bin_dir / "claims").chmod(0o755)
    env = (f"env -i HOME={tmp_path} TERM=xterm-256color LANG=C.UTF-8 CLAIMS_DB={tmp_path / 'c.db'} "
           f"PYTHONPATH={Path(__file__).parents[1]} PATH={bin_dir}:/usr/bin:/bin PS1='$ ' "
           "PROMPT_TOOLKIT_NO_CPR=1 NO_COLOR=1")
    with Project.init(tmp_path / "c.db") as project:
        project.add_actor("روسيا", "country", aliases=["موسكو", "الكرملين", "Russia"])
        project.add_actor("NATO", "organisation", aliases=["الناتو", "حلف شمال الأطلسي"])
        project.add_target(
            "توسع الناتو", "topic", aliases=["توسع حلف شمال الأطلسي", "NATO expansion"]
        )
        project.set_guidelines(FIXTURES / "guidelines.md")
        project.ingest([str(FIXTURES / "article.txt"), str(FIXTURES / "article-en.txt")],
                       published="2022-01-01")
    _tmux("new-session", "-d", "-s", "rtl", "-x", "80", "-y", "24", f"{env} sh")
    try:
        _tmux("send-keys", "-t", "rtl", "clear; claims annotate --annotator ana", "Enter")
        _check("annotate", _screen("g guidelines"))
        _tmux("send-keys", "-t", "rtl", "a")
        _screen("or type")
        _tmux("send-keys", "-t", "rtl", "روس")
        _check("prompt", _screen(shown("روس")))
        _tmux("send-keys", "-t", "rtl", "C-c")
        _screen("g guidelines", gone="or type")
        _tmux("send-keys", "-t", "rtl", "g")
        _check("guidelines", _screen("any key: back"))
        _tmux("send-keys", "-t", "rtl", "x")
        _screen("g guidelines", gone="any key: back")
        _tmux("send-keys", "-t", "rtl", "q")
        _screen("decisions saved")
        _tmux("send-keys", "-t", "rtl", "clear; claims actors list", "Enter")
        _check("actors", _screen("aliases", "decisions saved", prompt=True))
        _tmux("send-keys", "-t", "rtl", "clear; claims statements --speakers", "Enter")
        _check("statements", _screen("speaker", "organisation", prompt=True))
    finally:
        _tmux("kill-server")


def test_adjudication_text_wraps_first_then_each_line_is_reordered_in_the_paragraphs_direction():
    from claims.cli.output import visual

    text = "قال الكرملين إن روسيا تعارض توسع حلف شمال الأطلسي «(الناتو)» شرقاً."
    lines = visual(text, 30, bidi=True).splitlines()
    assert len(lines) == 3
    assert lines[0] == rtl.display_line("قال الكرملين إن روسيا تعارض", "R")
    assert "«(" + shown("الناتو") + ")»" in "".join(lines)
    assert visual(text, 30, bidi=False).splitlines()[0] == "قال الكرملين إن روسيا تعارض"


def test_a_list_that_fits_its_width_exactly_stays_on_one_line():
    # the last item needs no comma after it: a piped table's column is exactly this wide
    assert rtl.wrap_items(["Russian invasion of Ukraine"], 27, ", ", bidi=False) == [
        "Russian invasion of Ukraine"]
    assert rtl.wrap_items(["Dmitry Peskov", "Russia"], 21, ", ", bidi=False) == [
        "Dmitry Peskov, Russia"]
    assert rtl.wrap_items(["Dmitry Peskov", "Russia"], 20, ", ", bidi=False) == [
        "Dmitry Peskov,", "Russia"]
