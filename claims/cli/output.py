"""Printing for the CLI: tables for people, CSV / JSON Lines / JSON for scripts.

Every listing goes through ``format_option`` and ``emit``: a list of rows is a
listing (``json`` prints one array), a dict is one object (``json`` prints it as
it is). A table fits the terminal: columns share its width, long text wraps
inside its column, and when even the narrowest layout does not fit, each row
is printed as a block of ``column value`` lines, so no column is ever dropped.
Piped tables are never wrapped nor cut. Right-to-left text is reordered line by
line after wrapping (``claims.cli.rtl``). rich loads on the first table.
"""
from __future__ import annotations

import csv
import dataclasses
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from claims.cli import rtl
from claims.cli.rtl import display_line, is_rtl

__all__ = ["FORMATS", "bidi_enabled", "console", "display_line", "emit", "format_option", "is_rtl",
           "print_table", "visual"]

if TYPE_CHECKING:
    from rich.console import Console

FORMATS = ("table", "csv", "jsonl", "json")
PIPE_WIDTH = 1_000_000  # piped tables: as wide as their longest row
_CHUNK = 10_000  # JSON lines per write: few writes, bounded memory
_NATIVE = (str, int, float, type(None))  # cells the csv module writes as _cell would
_BORDERS = 3  # a column's padding and rule
_READABLE = 24  # a long-text column is not squeezed below this while others can give room


_KEY_NAMES = {"\x1b": "Esc", "\x7f": "Backspace", "\t": "Tab", "\r": "Enter", "\n": "Enter",
              "\x00": "Ctrl-Space"}
ESCAPE_SEQUENCE = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|O.)?")  # a lone Escape, an arrow, F1…


def key_name(key: str) -> str:
    """A typed key or answer as a message shows it: a control key by its name
    (``Esc``, ``Ctrl-X``), never as the raw character, which the terminal would act on."""
    def name(char: str) -> str:
        return _KEY_NAMES.get(char) or f"Ctrl-{chr(ord(char) + 64)}"

    def control(char):
        return ord(char) < 32 or char == "\x7f"

    if len(key) == 1 and control(key):
        return name(key)
    return repr("".join(f"<{name(char)}>" if control(char) else char for char in key))


def format_option(*choices: str, default: str = "table"):
    """The shared ``--format`` option (env CLAIMS_FORMAT): table, csv, jsonl or json."""
    return click.option("--format", "output_format", type=click.Choice(choices or FORMATS),
                        default=default, show_default=True, envvar="CLAIMS_FORMAT",
                        help=_ONE_RECORD if choices and "csv" not in choices else _RECORDS)


_RECORDS = ("table for people; csv, jsonl (one object a line) or json (one array, or one "
            "object for a single record) for scripts.")
_ONE_RECORD = "table for people; json (one object) for scripts."


@contextmanager
def progress(description: str) -> Iterator[Callable[..., None]]:
    """A progress display on stderr while a library call runs, only on a terminal.

    Yields the callback the library takes: ``report(what, done=None, total=None)``
    shows ``what`` with a bar when ``total`` is known, with a count when only
    ``done`` is, and a spinner and the elapsed time always. Each new ``what``
    starts a new line; the display goes away when the call returns.
    """
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    shown = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                     TextColumn("{task.fields[count]}"), TimeElapsedColumn(),
                     console=_stderr_console(), transient=True, disable=not sys.stderr.isatty())
    tasks: dict[str, int] = {}

    def report(what: str, done: int | None = None, total: int | None = None) -> None:
        if what not in tasks:
            for other in tasks.values():
                shown.update(other, visible=False)
            tasks[what] = shown.add_task(what, total=total, count="")
        count = "" if done is None else f"{done:,}/{total:,}" if total else f"{done:,}"
        shown.update(tasks[what], completed=done or 0, total=total, count=count)

    with shown:
        report(description)
        yield report


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(file=sys.stderr)


def bidi_enabled() -> bool:
    return rtl.enabled()


def console(stream=None) -> Console:
    """A rich console on ``stream`` (stdout): the terminal's width, or unbounded when piped."""
    from rich.console import Console

    stream = stream or sys.stdout
    width = None if stream.isatty() else PIPE_WIDTH
    return Console(file=stream, width=width, soft_wrap=False, highlight=False)


def visual(text: str, width: int | None = None, bidi: bool | None = None) -> str:
    """``text`` wrapped to ``width`` and, on a terminal, each line put in display order."""
    lines = rtl.wrap(text, width) if width else text.splitlines() or [""]
    if bidi if bidi is not None else bidi_enabled():
        base = rtl.direction(text)
        lines = [display_line(line, base) for line in lines]
    return "\n".join(lines)


def _plain(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def emit(data: list | dict, output_format: str, columns: list[str] | None = None,
         title: str | None = None, widths: dict[str, int] | None = None) -> None:
    """Print ``data``: a list of rows (dicts or dataclasses), or one object (a dict).

    ``widths`` names the long-text columns, which get the room the others leave.
    A table of one object has a line per field, ``columns`` naming its two columns.
    """
    if isinstance(data, dict):
        if output_format == "json":
            click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
            return
        names = list(columns or ("field", "value"))
        data = [data] if output_format != "table" else _fields(data, *names)
        columns = names if output_format == "table" else None
    rows = [row if type(row) is dict else _plain(row) for row in data]
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
        print_table(rows, columns, title, set(widths or ()), console(), bidi_enabled())


def _fields(record: dict, field: str, value: str) -> list[dict]:
    """One object as two-column rows, scalars first; a nested dict gives a row per key."""
    rows = [{field: key, value: item} for key, item in record.items() if not isinstance(item, dict)]
    for key, items in record.items():
        if isinstance(items, dict):
            rows += [{field: f"{key}: {name}", value: item} for name, item in items.items()]
    return rows


class Cell:
    """A table cell that wraps its text in logical order and then reorders each
    line; a list cell keeps each item whole where it fits and reorders it alone."""

    def __init__(self, value, bidi: bool):
        from claims.text import printable  # data never drives the terminal

        self.items = ([printable(_cell(item)) for item in value] if isinstance(value, (list, tuple))
                      else None)
        self.text = ", ".join(self.items) if self.items is not None else printable(_cell(value))
        self.bidi = bidi
        words = self.items if self.items is not None else self.text.split()
        self.widest = max([len(word) for word in self.text.split()] or [0])
        self.natural = max([len(line) for line in self.text.splitlines()] or [0])
        self.whole = max([len(word) for word in words] or [0])  # an item or a word

    def lines(self, width: int) -> list[tuple[str, str]]:
        """(line, justify) pairs: lines in display order, right-to-left ones flush right."""
        if self.items is not None:
            return [(line, "left") for line in rtl.wrap_items(self.items, width, ", ", self.bidi)]
        lines = rtl.wrap(self.text, width)
        if not self.bidi or not is_rtl(self.text):
            return [(line, "left") for line in lines]
        base = rtl.direction(self.text)
        return [(display_line(line, base), "right" if base == "R" else "left") for line in lines]

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        return Measurement(self.widest, self.natural).with_maximum(options.max_width)

    def __rich_console__(self, console, options):
        from rich.text import Text

        for line, justify in self.lines(options.max_width):
            yield Text(line, justify=justify, overflow="fold", no_wrap=True)


def layout(cells: list[list[Cell]], headers: list[str], long: set[str], room: int
           ) -> list[int] | None:
    """Column widths that fit ``room`` columns, or None when none do.

    Each column wants its natural width; when they do not all fit, narrow
    columns keep theirs and the others share what is left (a long-text column
    four shares to one), none below its longest word, nor a long-text column
    below ``_READABLE`` where its text is longer.
    """
    count = len(headers)
    natural = [max([len(headers[i])] + [row[i].natural for row in cells]) for i in range(count)]
    floor = [max([max(map(len, headers[i].split() or [""]))] + [row[i].widest for row in cells])
             for i in range(count)]
    floor = [max(floor[i], min(natural[i], _READABLE)) if headers[i] in long else floor[i]
             for i in range(count)]
    room -= _BORDERS * count + 1
    if sum(natural) <= room:
        return natural
    if sum(floor) > room:
        return None
    weight = [4 if headers[i] in long else 1 for i in range(count)]
    widths: dict[int, int] = {}
    while len(widths) < count:
        left = room - sum(widths.values())
        unit = left / sum(weight[i] for i in range(count) if i not in widths)
        share = {i: unit * weight[i] for i in range(count) if i not in widths}
        fixed = {i: natural[i] if natural[i] <= given else floor[i] for i, given in share.items()
                 if natural[i] <= given or floor[i] >= given}
        if not fixed:
            open_ = [i for i in range(count) if i not in widths]
            widths.update({i: int(unit * weight[i]) for i in open_})
            widest = max(open_, key=lambda i: weight[i])
            widths[widest] += room - sum(widths.values())
        widths.update(fixed)
    return [widths[i] for i in range(count)]


def print_table(rows: list[dict], columns: list[str], title: str | None, long: set[str],
                out: Console, bidi: bool) -> None:
    """A table of ``rows`` that fits ``out``; blocks of ``column value`` lines where none does."""
    from rich.table import Table
    from rich.text import Text

    cells = [[Cell(row.get(column), bidi) for column in columns] for row in rows]
    widths = layout(cells, columns, long, out.width)
    if widths is None:
        _print_records(cells, columns, title, out)
        return
    shown_title = display_line(title) if bidi and title else title or ""
    table = Table(title=Text(shown_title), show_lines=bool(long))
    for column, width in zip(columns, widths):
        table.add_column(column, width=width, overflow="fold")
    for line in cells:
        table.add_row(*line)
    out.print(table)


def _print_records(cells: list[list[Cell]], columns: list[str], title: str | None,
                   out: Console) -> None:
    """Each row as ``column  value`` lines, the values wrapped to what is left of the width."""
    from rich.text import Text

    label = max(map(len, columns)) + 2
    room = max(10, out.width - label)
    if title:
        out.print(Text(title, style="bold"))
    for number, row in enumerate(cells):
        if number:
            out.print(Text("─" * min(out.width, 40), style="dim"))
        for column, cell in zip(columns, row):
            lines = cell.lines(room)
            for index, (line, justify) in enumerate(lines):
                shown = line.rjust(room) if justify == "right" and len(lines) > 1 else line
                name = (column if index == 0 else "").ljust(label)
                out.print(Text(name + shown), no_wrap=True, crop=False)


def emit_batches(batches: Iterable[list[dict]], output_format: str) -> int:
    """Print rows that come in batches as JSON Lines or CSV (the CSV header from the first
    row), each batch flushed as it comes: a pipe gets a batch's rows as soon as it is made,
    and a long stream is never held in memory; returns how many rows."""
    encode = json.JSONEncoder(ensure_ascii=False, default=str).encode
    writer, columns, count = csv.writer(sys.stdout, lineterminator="\n"), None, 0
    for chunk in batches:
        if not chunk:
            continue
        if output_format == "jsonl":
            click.echo("\n".join(map(encode, chunk)))  # click.echo flushes
        else:
            if columns is None:
                columns = list(chunk[0])
                writer.writerow(columns)
            writer.writerows([_csv_cell(row.get(column)) for column in columns] for row in chunk)
            sys.stdout.flush()
        count += len(chunk)
    return count


def _csv_cell(value) -> str | int | float | None:
    """``value`` as the csv module should write it: itself when it writes it as ``_cell`` would."""
    return value if type(value) in _NATIVE else _cell(value)


def _cell(value) -> str:
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):  # as JSON writes it, in CSV and tables alike
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
