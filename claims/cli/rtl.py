"""Right-to-left text for terminals that do not apply the bidirectional algorithm.

Most terminals (xterm, tmux, the Linux console, Windows Terminal) draw characters
left to right as they come, so Arabic shows reversed and unjoined. On such a
terminal each *line* is put in display order by python-bidi's implementation of
UAX #9, which also mirrors brackets and guillemets in right-to-left runs (rule L4),
after arabic-reshaper has shaped the letters. Lines are wrapped in logical order
first and reordered one by one; a list (numbered choices, aliases) is reordered
item by item so that a number stays beside its label. Machine formats and pipes
always get the logical text. ``CLAIMS_BIDI=0`` turns reordering off for a terminal
that does its own (GNOME Terminal, Konsole). Both libraries load on first use.
"""
from __future__ import annotations

import os
import re
import sys
import textwrap
import unicodedata
from functools import lru_cache
from typing import TextIO

_RTL = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")
_STRONG = {"L": "L", "R": "R", "AL": "R"}


def is_rtl(text: str) -> bool:
    """Whether ``text`` holds a right-to-left letter."""
    return bool(_RTL.search(text))


def enabled(stream: TextIO | None = None) -> bool:
    """Reorder for ``stream`` (standard output by default): a terminal, unless CLAIMS_BIDI=0."""
    stream = stream or sys.stdout
    return stream.isatty() and os.environ.get("CLAIMS_BIDI", "1") not in ("0", "off", "no")


def direction(text: str) -> str:
    """``R`` or ``L``: the paragraph direction, from its first strong letter (UAX #9 P2–P3)."""
    for char in text:
        strong = _STRONG.get(unicodedata.bidirectional(char))
        if strong:
            return strong
    return "L"


@lru_cache(maxsize=1)
def _shapers():
    import arabic_reshaper

    keep_length = arabic_reshaper.ArabicReshaper({"delete_harakat": False,
                                                  "support_ligatures": False})
    return arabic_reshaper.ArabicReshaper(), keep_length


def _levels(text: str, base: str | None) -> list[dict]:
    """The characters of ``text`` in display order, each a dict with its logical ``index``.

    The steps of ``bidi.algorithm.get_display``, kept apart so that each character
    remembers where it came from (the prompt maps its cursor with it).
    """
    from bidi import algorithm

    storage = algorithm.get_empty_storage()
    level = algorithm.PARAGRAPH_LEVELS[base] if base else algorithm.get_base_level(text)
    storage["base_level"], storage["base_dir"] = level, ("L", "R")[level]
    algorithm.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage, False)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    algorithm.reorder_resolved_levels(storage, False)
    algorithm.apply_mirroring(storage, False)
    return storage["chars"]


@lru_cache(maxsize=8192)
def display_line(line: str, base: str | None = None) -> str:
    """One line shaped and in display order; ``base`` (``L``/``R``) overrides the
    direction its first strong letter gives. Lines without right-to-left letters
    come back as they are."""
    if not is_rtl(line):
        return line
    shaped = _shapers()[0].reshape(line)
    return "".join(char["ch"] for char in _levels(shaped, base))


def visual_order(text: str, base: str | None = None) -> tuple[str, list[int]]:
    """``text`` shaped (letter for letter: no ligatures, vowel marks kept) and in
    display order, with the logical index of each displayed character."""
    if not is_rtl(text):
        return text, list(range(len(text)))
    shaped = _shapers()[1].reshape(text)
    if len(shaped) != len(text):
        shaped = text
    chars = _levels(shaped, base)
    return "".join(char["ch"] for char in chars), [char["index"] for char in chars]


def display_items(items: list[str], separator: str = "  ", bidi: bool = True) -> str:
    """Items (``1 روسيا``, ``2 Russia``) laid left to right, each reordered on its own."""
    return separator.join(display_line(item, "L") if bidi else item for item in items)


def wrap(text: str, width: int) -> list[str]:
    """``text`` wrapped to ``width`` in logical order (never empty)."""
    if len(text) <= width and "\n" not in text:
        return [text]
    lines = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, max(1, width), break_on_hyphens=False) or [""]
    return lines


def wrap_items(items: list[str], width: int, separator: str = ", ", bidi: bool = True) -> list[str]:
    """Items packed into lines of at most ``width`` columns, each displayed on its
    own; a line that ends between two items ends with the separator's comma. An
    item longer than a line is wrapped by words on lines of its own."""
    comma = separator.rstrip()
    lines: list[tuple[list[str], bool]] = []  # (items, whether the line ends inside an item)
    used = width + 1
    for number, item in enumerate(items):
        tail = len(comma) if number < len(items) - 1 else 0  # the last item needs no comma
        if lines and not lines[-1][1] and used + len(separator) + len(item) + tail <= width:
            lines[-1][0].append(item)
            used += len(separator) + len(item)
        elif len(item) + tail <= width:
            lines.append(([item], False))
            used = len(item)
        else:
            parts = wrap(item, max(1, width - tail))
            lines += [([part], index < len(parts) - 1) for index, part in enumerate(parts)]
            used = width + 1
    last = len(lines) - 1
    return [display_items(chunk, separator, bidi) + ("" if inside or number == last else comma)
            for number, (chunk, inside) in enumerate(lines)] or [""]
