"""The guidelines' Markdown as a terminal shows it: paragraphs and list items
reflowed (the source breaks lines anywhere), headings and ``**bold**`` kept as
emphasis, and the markers themselves never shown. Only what guidelines use:
headings, bullet and numbered items, paragraphs, bold.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADING = re.compile(r"#{1,6}\s+(.*)")
_ITEM = re.compile(r"([-*+]|\d+[.)])\s+(.*)")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")


@dataclass
class Block:
    """A paragraph, a list item (``marker`` • or 1.) or a heading; ``""`` text is a blank line."""

    text: str = ""
    marker: str = ""
    heading: bool = False
    bold: list[tuple[int, int]] = field(default_factory=list)


def blocks(markdown: str) -> list[Block]:
    """``markdown`` as blocks, blank lines kept between them, bold spans found.

    >>> [(b.marker, b.text, b.bold) for b in blocks("- The **actor**\\n  speaks.")]
    [('•', 'The actor speaks.', [(4, 9)])]
    """
    found: list[Block] = []
    current: Block | None = None
    for line in markdown.splitlines():
        stripped = line.strip()
        heading, item = _HEADING.fullmatch(stripped), _ITEM.fullmatch(stripped)
        if not stripped:
            current = None
            if found and found[-1].text:
                found.append(Block())
        elif heading:
            found.append(Block(heading.group(1), heading=True))
            current = None
        elif item:
            marker = "•" if item.group(1) in "-*+" else item.group(1)
            current = Block(item.group(2), marker)
            found.append(current)
        elif current is not None:
            current.text += " " + stripped
        else:
            current = Block(stripped)
            found.append(current)
    for block in found:
        block.text, block.bold = _unbold(block.text)
    return found


def _unbold(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` without bold markers, with the spans they enclosed."""
    plain, spans, last = [], [], 0
    for match in _BOLD.finditer(text):
        plain.append(text[last:match.start()])
        start = sum(map(len, plain))
        inner = match.group(1) or match.group(2)
        plain.append(inner)
        spans.append((start, start + len(inner)))
        last = match.end()
    plain.append(text[last:])
    return "".join(plain), spans


def plain(markdown: str) -> list[str]:
    """The blocks as lines of plain text (a marker before each item), for scripts and pipes."""
    return [f"{block.marker} {block.text}" if block.marker else block.text
            for block in blocks(markdown)]
