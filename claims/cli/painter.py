"""Drawing for the terminal annotator: text with highlighted spans wrapped to the
screen and put in display order line by line (``claims.cli.rtl``).

Highlights survive the reordering because they are carried by marker characters
(bidi-neutral, one per kind, toggling the style) that become colours only after it.
"""
from __future__ import annotations

import os
import textwrap
import unicodedata

from claims.cli import markdown, rtl
from claims.cli.rtl import display_line
from claims.text import printable

_MARKS = {"actor": "\u2e2a", "target": "\u2e2b", "cue": "\u2e2c", "bold": "\u2e2d"}
_KIND_OF_MARK = {mark: kind for kind, mark in _MARKS.items()}
_COLOURS = {"actor": "1;36", "target": "1;33", "cue": "4;35", "dim": "2", "error": "1;31",
            "ok": "32", "bold": "1"}
_NO_COLOURS = {"actor": "1", "target": "7", "cue": "4", "dim": "2", "error": "1", "ok": "",
               "bold": "1"}
_RESET = "\x1b[0m"


def palette() -> dict[str, str]:
    """Colours, or bold, reverse and underline where ``NO_COLOR`` is set."""
    return _NO_COLOURS if os.environ.get("NO_COLOR") else _COLOURS


class Painter:
    """Turns text with highlighted spans into terminal lines of a given width."""

    def __init__(self, width: int, bidi: bool, palette: dict[str, str]):
        self.width, self.bidi, self.palette = width, bidi, palette

    def style(self, text: str, *kinds: str) -> str:
        """``text`` (one line) in display order and in the style of ``kinds``."""
        text = display_line(printable(text)) if self.bidi else printable(text)
        codes = [self.palette[kind] for kind in kinds if self.palette[kind]]
        return f"\x1b[{';'.join(codes)}m{text}{_RESET}" if codes else text

    def plain(self, text: str, indent: str = "") -> list[str]:
        """Wrapped lines of text without highlights (each put in display order)."""
        direction = rtl.direction(text)
        return [self._display(line, indent, (), direction) for line in self._wrap(text, indent)]

    def marked(self, text: str, spans: list[tuple[str, int, int]], indent: str = "",
               base: tuple[str, ...] = ()) -> list[str]:
        """Wrapped lines of ``text`` with ``(kind, start, end)`` spans highlighted, whole
        words at a time; every line in the direction of the whole paragraph."""
        direction = rtl.direction(text)
        return [self._display(line, indent, base, direction)
                for line in _balanced(self._wrap(_with_marks(text, spans), indent))]

    def items(self, head: str, items: list[str]) -> list[str]:
        """``head`` then numbered choices (``1 روسيا``, ``2 Russia``), each reordered on its own
        so that a number stays beside its name; continuation lines indented under the first."""
        lines = rtl.wrap_items(items, max(10, self.width - len(head)), "  ", self.bidi)
        return [(head if number == 0 else " " * len(head)) + line
                for number, line in enumerate(lines)]

    def _wrap(self, text: str, indent: str) -> list[str]:
        room = max(10, self.width - len(indent))
        return textwrap.wrap(printable(text), room, break_on_hyphens=False) or [""]

    def _display(self, line: str, indent: str, base: tuple[str, ...], direction: str = "L") -> str:
        shown = display_line(line, direction) if self.bidi else line
        visible = len(shown) - sum(shown.count(mark) for mark in _MARKS.values())
        pad = " " * (self.width - len(indent) - visible) if self.bidi and direction == "R" else ""
        parts, active = [indent, pad, self._sgr(base, set())], set()
        for char in shown:
            if char in _KIND_OF_MARK:
                active ^= {_KIND_OF_MARK[char]}
                parts.append(self._sgr(base, active))
            else:
                parts.append(char)
        parts.append(_RESET)
        return "".join(parts)

    def _sgr(self, base: tuple[str, ...], active: set[str]) -> str:
        codes = [self.palette[kind] for kind in (*base, *sorted(active)) if self.palette[kind]]
        return _RESET + (f"\x1b[{';'.join(codes)}m" if codes else "")


def _in_word(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char).startswith("M") or char == "\u0640"


def _with_marks(text: str, spans: list[tuple[str, int, int]]) -> str:
    """``text`` with a mark before and after each span, widened to whole words: a
    mention inside «لموسكو» lights the word, and Arabic letters stay joined."""
    marks: dict[int, str] = {}
    for kind, start, end in spans:
        while start > 0 and _in_word(text[start - 1]):
            start -= 1
        while end < len(text) and _in_word(text[end]):
            end += 1
        marks[start] = marks.get(start, "") + _MARKS[kind]
        marks[end] = marks.get(end, "") + _MARKS[kind]
    marked = "".join(marks.get(index, "") + char for index, char in enumerate(text))
    return marked + marks.get(len(text), "")


def _balanced(lines: list[str]) -> list[str]:
    """Close the highlights still open at the end of a wrapped line and reopen them on the next."""
    balanced, open_kinds = [], []
    for line in lines:
        prefix = "".join(_MARKS[kind] for kind in open_kinds)
        for char in line:
            if char in _KIND_OF_MARK:
                kind = _KIND_OF_MARK[char]
                if kind in open_kinds:
                    open_kinds.remove(kind)
                else:
                    open_kinds.append(kind)
        balanced.append(prefix + line + "".join(_MARKS[kind] for kind in open_kinds))
    return balanced


def guideline_lines(text: str, painter: Painter) -> list[str]:
    """The guidelines' Markdown reflowed to the screen: headings and **bold** as bold,
    list items with a hanging indent, each paragraph in its own direction."""
    lines = []
    for block in markdown.blocks(text):
        spans = [("bold", start, end) for start, end in block.bold]
        if block.heading:
            spans = [("bold", 0, len(block.text))]
        indent = " " * (len(block.marker) + 1) if block.marker else ""
        shown = painter.marked(block.text, spans, indent) if block.text else [""]
        if block.marker:
            shown[0] = block.marker + " " + shown[0][len(indent):]
        lines += shown
    return lines
