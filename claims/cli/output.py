"""Printing for the CLI: tables for people, JSON Lines / CSV / JSON for scripts.

Terminals that do not apply the bidirectional algorithm show Arabic letters in
reverse order; on a terminal we reorder (and shape) right-to-left text line by
line, after wrapping. Machine formats and pipes always get text in logical order.
Set CLAIMS_BIDI=0 for a terminal that does its own bidi (e.g. GNOME Terminal, Konsole).
"""
from __future__ import annotations

import csv
import dataclasses
import json
import os
import re
import sys
import textwrap

import arabic_reshaper
import click
from bidi import get_display
from rich.console import Console
from rich.table import Table

from claims.text import printable

_RTL = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")
FORMATS = ("table", "jsonl", "csv", "json")
_CHUNK = 10_000  # JSON lines per write: few writes, bounded memory
_NATIVE = (str, int, float, type(None))  # cells the csv module writes as _cell would


def format_option(*choices: str, default: str = "table"):
    """The shared ``--format`` option (env CLAIMS_FORMAT)."""
    return click.option("--format", "output_format", type=click.Choice(choices or FORMATS), default=default,
                        show_default=True, envvar="CLAIMS_FORMAT", help="Output: a table for people, or data for scripts.")


def console() -> Console:
    return Console(soft_wrap=False)


def bidi_enabled() -> bool:
    return sys.stdout.isatty() and os.environ.get("CLAIMS_BIDI", "1") not in ("0", "off", "no")


def visual(text: str, width: int | None = None, bidi: bool | None = None) -> str:
    """``text`` wrapped to ``width`` and, on a terminal, each line put in display order."""
    lines = textwrap.wrap(text, width) if width and len(text) > width else [text]
    if bidi if bidi is not None else bidi_enabled():
        lines = [display_line(line) for line in lines]
    return "\n".join(lines)


def is_rtl(text: str) -> bool:
    return bool(_RTL.search(text))


def display_line(line: str) -> str:
    """One line in display order (shaped and reordered) when it holds right-to-left text."""
    return get_display(arabic_reshaper.reshape(line)) if _RTL.search(line) else line


def _plain(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def emit(rows: list[dict], output_format: str, columns: list[str] | None = None, title: str | None = None,
         widths: dict[str, int] | None = None) -> None:
    """Print ``rows`` (dicts) as a table, JSON Lines, CSV or a JSON array."""
    rows = [row if type(row) is dict else _plain(row) for row in rows]
    columns = columns or (list(rows[0]) if rows else [])
    if output_format == "jsonl":
        encode = json.JSONEncoder(ensure_ascii=False, default=str).encode
        for start in range(0, len(rows), _CHUNK):
            click.echo("\n".join(map(encode, rows[start:start + _CHUNK])))
    elif output_format == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif output_format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_csv_cell(row.get(column)) for column in columns] for row in rows)
    else:
        _print_table(rows, columns, title, widths or {})


def _print_table(rows: list[dict], columns: list[str], title: str | None, widths: dict[str, int]) -> None:
    """A rich table; the ``widths`` columns (long text) are wrapped by us so that
    right-to-left lines can be reordered one by one, and get what room is left."""
    out, bidi = console(), bidi_enabled()
    cells = [[printable(_cell(row.get(column))) for column in columns] for row in rows]
    natural = {column: max([len(column)] + [len(line[i]) for line in cells]) for i, column in enumerate(columns)}
    narrow = sum(min(natural[c], 30) + 3 for c in columns if c not in widths)
    room = max(20, (out.width - narrow - 4) // max(1, len(widths)))
    table = Table(title=title, show_lines=bool(widths))
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=column in widths,
                         min_width=min(natural[column], 12 if column not in widths else room))
    for line in cells:
        table.add_row(*(visual(cell, min(widths[column], room), bidi) if column in widths else visual(cell, bidi=bidi)
                        for column, cell in zip(columns, line)))
    out.print(table)


def _csv_cell(value) -> str | int | float | None:
    """``value`` as the csv module should write it: itself when it writes it as ``_cell`` would."""
    return value if type(value) in _NATIVE else _cell(value)


def _cell(value) -> str:
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
