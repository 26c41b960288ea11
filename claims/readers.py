"""Reading articles for ``claims ingest`` and ``claims predict``: txt, md, jsonl, json,
csv and tsv files, folders of them, or stdin.

``read_articles`` opens one path and tells its format: the one given, else its
suffix, else (stdin, or a file with no suffix) its content: JSON Lines for an object,
a JSON array of objects, CSV or TSV for a header row that names the text column,
plain text otherwise. A suffix of no article format is refused rather than guessed.
One small reader per format turns the file into ``RawArticle``s, streamed, so a
file of any size is read in flat memory (a JSON document is parsed whole). Nothing
here touches the store. The formats table and what ``claims import`` shares with
ingest are in ``claims.fileformats``; import's row files in ``claims.rowfiles``.
"""
from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import BinaryIO

from claims.errors import ClaimsError, InputError, counted, require_file
from claims.fileformats import (
    ARTICLE_FORMATS,
    MAX_ARTICLE_BYTES,
    ROW_FORMATS,
    SUFFIXES,
    TOO_LARGE,
    csv_lines,
    csv_records,
    decoded_lines,
    detect_format,
    json_problem,
    jsonl_rows,
    suffixes,
)
from claims.rowfiles import RowFile, open_rows

__all__ = ["ARTICLE_FORMATS", "MAX_ARTICLE_BYTES", "ROW_FORMATS", "SUFFIXES", "Columns",
           "RawArticle", "RowFile", "detect_format", "input_files", "open_rows", "read_articles",
           "sniff", "split_title", "suffixes"]


@dataclass
class Columns:
    """Which field of a JSONL/CSV row holds what; ``None`` means: use the first
    of the usual names that the row has."""

    text: str | None = None
    title: str | None = None
    url: str | None = None
    date: str | None = None
    source: str | None = None
    language: str | None = None

    USUAL = {
        "text": ("text", "body", "content", "article"),
        "title": ("title", "headline"),
        "url": ("url", "link"),
        "date": ("published", "date", "published_at", "pubdate"),
        "source": ("source", "outlet", "publisher"),
        "language": ("language", "lang"),
    }

    def pick(self, role: str, row: dict) -> str | None:
        """The column to read ``role`` from in ``row``, or None if there is none."""
        chosen = getattr(self, role)
        if chosen is not None:
            return chosen
        return next((name for name in self.USUAL[role] if name in row), None)


@dataclass
class RawArticle:
    text: str
    where: str  # file and line/row, for error messages
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None
    language: str | None = None
    metadata: dict = field(default_factory=dict)


def input_files(paths: list[str], keep_going: bool = False) -> list[str]:
    """Expand folders (recursively, files of the article formats) and check that the
    paths exist. With ``keep_going`` a missing path (or a folder of no article file)
    stays in the list, for ``read_articles`` to refuse in its turn while the other
    paths are read; unless no path can be read: then the first problem is raised."""
    files, problems = [], []
    for name in paths:
        try:
            files.extend(_files_of(name))
        except InputError as error:
            if not keep_going:
                raise
            problems.append(error)
            files.append(name)
    if problems and len(problems) == len(paths):
        raise problems[0]
    return files


def _files_of(name: str) -> list[str]:
    if name == "-":
        return [name]
    path = Path(name)
    if not path.is_dir():
        require_file(path, "no such file or folder")
        return [name]
    known = suffixes(ARTICLE_FORMATS)
    found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in known
                   and not any(part.startswith(".") for part in p.relative_to(path).parts))
    if not found:
        raise InputError(name, f"no article files in this folder (looked for {', '.join(known)})")
    return [str(p) for p in found]


def read_articles(path: str, format: str = "auto", columns: Columns | None = None,
                  stdin: BinaryIO | None = None) -> tuple[str, Iterator[RawArticle]]:
    """Open ``path`` (``-`` for stdin) and return the format used and its articles.

    Raises ``InputError`` naming the file (and line or row) for anything that
    cannot be read: missing, of no article format, empty, binary, not UTF-8, a
    malformed row.
    """
    columns = columns or Columns()
    used = detect_format(path, ARTICLE_FORMATS, format)
    if path != "-":
        if Path(path).is_dir() and _files_of(path):
            raise InputError(path, "a folder; read the files in it (input_files lists them)")
        require_file(path, "no such file or folder")
        if used is None and Path(path).suffix:
            raise InputError(path, _unsupported(Path(path).suffix))
    stream = (stdin or sys.stdin.buffer) if path == "-" else open(path, "rb")  # noqa: SIM115
    name = "<stdin>" if path == "-" else path
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)
    head = stream.peek(8192)[:8192]
    if b"\x00" in head:
        raise InputError(name, "has NUL bytes: a binary file, or text in UTF-16/32; "
                               "save it as UTF-8")
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise InputError(name, "empty file: no article in it")
    used = used or sniff(head, columns)
    readers = {"txt": _read_text, "md": _read_markdown, "jsonl": _read_jsonl,
               "json": _read_json, "csv": _read_table, "tsv": partial(_read_table, used="tsv")}
    return used, readers[used](stream, name, columns)


def _unsupported(suffix: str) -> str:
    formats = ", ".join(ARTICLE_FORMATS[:-1]) + f" or {ARTICLE_FORMATS[-1]}"
    if suffix.lower() in (".html", ".htm", ".xhtml"):
        return (f"an HTML page: its markup is not read; articles are read from {formats} "
                "files (save the article's text as .txt)")
    return f"unsupported format {suffix!r}: articles are read from {formats} files"


# A header row's column names: words, no sentence (no space after a comma, no final stop).
_COLUMN_NAME = re.compile(r"\w(?:[\w .()/-]{0,62}\w)?")


def sniff(head: bytes, columns: Columns) -> str:
    """The format of stdin (or of a file with no suffix) by its first bytes: JSON Lines
    for an object, JSON for an array of objects, CSV or TSV for a first line of
    column names, one of them the text column, else plain text. Prose with commas
    stays text: its "columns" are not all names, or none is the text column."""
    start = head.lstrip(b" \t\r\n\xef\xbb\xbf")
    if start.startswith(b"{"):
        return "jsonl"
    if re.match(rb"\[\s*\{", start):
        return "json"
    first = re.split(rb"[\r\n]", start, maxsplit=1)[0].decode("utf-8", "replace")
    for used, delimiter in (("tsv", "\t"), ("csv", ",")):
        names = next(csv.reader([first], delimiter=delimiter), [])
        if (len(names) > 1 and all(_COLUMN_NAME.fullmatch(name) for name in names)
                and columns.pick("text", dict.fromkeys(names)) in names):
            return used
    return "txt"


def _decode(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        raise InputError(name, f"not valid UTF-8 (byte 0x{byte:02x}); save it as UTF-8",
                         line=line) from None
    if "\x00" in text:
        raise InputError(name, "has NUL characters; it looks binary, not text", line=1)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_whole(stream: BinaryIO, name: str) -> str:
    with stream:
        data = stream.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(name, TOO_LARGE)
    return _decode(data, name)


def split_title(text: str) -> tuple[str | None, str]:
    """A first line that reads as a headline (short, followed by more text, and with no
    final stop or, in English, in title case: "Stealth Over Health: Clinton Was Headed to
    ER.") becomes the title; the rest is the body.

    >>> split_title("Clinton Leads Trump in New Poll.\\nA poll released on Monday shows it.")
    ('Clinton Leads Trump in New Poll', 'A poll released on Monday shows it.')
    """
    lines = text.strip().split("\n")
    first = lines[0].strip()
    rest = "\n".join(lines[1:]).strip()
    headline = len(first) <= 250 and len(first.split()) <= 30
    if rest and headline and not re.search(r"[.!?؟]\s*$", first):
        return first, rest
    if rest and headline and _title_case(first):
        abbreviated = "." in first.rstrip(".").rsplit(maxsplit=1)[-1]  # "… in the U.S."
        return (first if abbreviated else first.removesuffix(".")), rest
    return None, text


# Words an English headline leaves in lower case ("Clinton Was Headed to ER But Diverted").
_MINOR_WORDS = frozenset("""a an the and or but nor for so yet to of in on at by with from as
into onto over via vs per than up out off is are be was were""".split())


def _title_case(line: str) -> bool:
    """Whether every word of an English line, its minor words aside, is capitalised (a
    sentence has lower-case verbs: "Putin, Xi and Modi met in Moscow.")."""
    words = [word for word in re.findall(r"[A-Za-z][\w’'-]*", line)
             if word.casefold() not in _MINOR_WORDS]
    return len(words) >= 3 and all(word[0].isupper() for word in words)


def _read_text(stream: BinaryIO, name: str, columns: Columns) -> Iterator[RawArticle]:
    text = _read_whole(stream, name)
    title, body = split_title(text)
    yield RawArticle(text=body, title=title, where=name)


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+)")


def _read_markdown(stream: BinaryIO, name: str, columns: Columns) -> Iterator[RawArticle]:
    text = _read_whole(stream, name)
    lines = text.split("\n")
    title = None
    for index, line in enumerate(lines):
        if line.strip():
            if line.lstrip().startswith("# "):
                title = line.strip()[2:].strip()
                lines = lines[index + 1:]
            break
    body = "\n".join(_MD_MARKUP.sub("", _MD_LINK.sub(r"\1", line)).replace("**", "")
                     for line in lines)
    if title is None:
        title, body = split_title(body)
    yield RawArticle(text=body, title=title, where=name)


def _no_text(columns: Columns, have) -> str:
    """Every name looked for, so that the user sees why none matched."""
    wanted = (repr(columns.text) if columns.text
              else "(tried " + ", ".join(Columns.USUAL["text"]) + ")")
    return (f"no text column {wanted}; the columns are: {', '.join(map(str, have))}. "
            "Name it with --text-column.")


def _row_article(row: dict, where: str, columns: Columns) -> RawArticle:
    text_column = columns.pick("text", row)
    if text_column is None or text_column not in row:
        raise ClaimsError(f"{where}: {_no_text(columns, row)}")
    value = row[text_column]
    if not isinstance(value, str):
        raise ClaimsError(f"{where}: the text column {text_column!r} is not a string")
    known = {text_column}
    fields = {}
    for role in ("title", "url", "date", "source", "language"):
        column = columns.pick(role, row)
        if column is not None and column not in row:  # named by the user: a typo must not pass
            option = f"--{'lang' if role == 'language' else role}-column"
            raise ClaimsError(f"{where}: no {role} column {column!r}; the columns are: "
                              f"{', '.join(map(str, row))}. Name it with {option}.")
        if column is not None and row.get(column) not in (None, ""):
            fields[role] = str(row[column])
            known.add(column)
    metadata = {key: item for key, item in row.items() if key not in known}
    return RawArticle(text=value, where=where, title=fields.get("title"), url=fields.get("url"),
                      published=fields.get("date"), source=fields.get("source"),
                      language=fields.get("language"), metadata=metadata)


def _utf8_lines(stream: BinaryIO, name: str) -> Iterator[str]:
    lines = decoded_lines(stream, name, "UTF-8", "save it as UTF-8", f"the line is {TOO_LARGE}")
    for number, line in enumerate(lines, start=1):
        if "\x00" in line:
            raise InputError(name, "has NUL characters; it looks binary, not text", line=number)
        yield line.lstrip("\ufeff")


def _read_jsonl(stream: BinaryIO, name: str, columns: Columns) -> Iterator[RawArticle]:
    with stream:
        for number, row in jsonl_rows(_utf8_lines(stream, name), name):
            yield _row_article(row, f"{name}:{number}", columns)


def _read_json(stream: BinaryIO, name: str, columns: Columns) -> Iterator[RawArticle]:
    """An array of article objects (or ``{"articles": [...]}``, or one article object),
    read like JSON Lines: one article an object, errors naming the row (from 1). A
    ``.json`` file that is JSON Lines in fact is read as such."""
    with stream:
        text = _decode(stream.read(), name)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg != "Extra data" or not text.lstrip().startswith("{"):
            raise InputError(name, f"not valid JSON ({json_problem(error)})",
                             line=error.lineno) from None
        for number, row in jsonl_rows((line + "\n" for line in text.split("\n")), name):
            yield _row_article(row, f"{name}:{number}", columns)
        return
    except (ValueError, RecursionError) as error:
        raise InputError(name, f"not valid JSON ({json_problem(error)})") from None
    if isinstance(data, dict):
        inner = next(iter(data.values()), None)
        wrapped = len(data) == 1 and isinstance(inner, list) and columns.pick("text", data) is None
        data = inner if wrapped else [data]
    if not isinstance(data, list):
        raise InputError(name, "expected an array of objects, one article each; found "
                               f"{type(data).__name__}")
    for number, row in enumerate(data, start=1):
        if not isinstance(row, dict):
            raise InputError(name, f"expected a JSON object, found {type(row).__name__}",
                             row=number)
        yield _row_article(row, f"{name}: row {number}", columns)


def _read_table(stream: BinaryIO, name: str, columns: Columns,
                used: str = "csv") -> Iterator[RawArticle]:
    """A CSV (or TSV) file with a header row: one article a row. A row short of fields
    leaves the last columns empty; one with more is an error. A NUL past the first
    bytes is left to the check of text at the entrance, which names its row."""
    with stream:
        lines = decoded_lines(stream, name, "UTF-8", "save it as UTF-8", f"the line is {TOO_LARGE}")
        reader = csv.reader(csv_lines(lines), delimiter="\t" if used == "tsv" else ",",
                            strict=True)
        records = csv_records(reader, name, used)
        header = [column.strip() for column in next(records, None) or []]
        if not any(header):
            raise InputError(name, "no header row")
        wanted = columns.pick("text", dict.fromkeys(header))
        if wanted is None or wanted not in header:
            raise InputError(name, _no_text(columns, header))
        for values in records:
            if not values or values == [""]:
                continue
            if len(values) > len(header):
                raise InputError(name, f"{counted(len(values), 'field')} where the header has "
                                       f"{len(header)}", line=reader.line_num)
            row = dict(zip(header, values + [None] * (len(header) - len(values))))
            yield _row_article(row, f"{name}:{reader.line_num}", columns)
