"""Reading input files: the formats, their suffixes and one reader per format.

Two commands read files. ``ingest`` reads articles (``read_articles``: txt, md,
jsonl, csv, from a path or stdin) and ``import`` reads labelled rows
(``open_rows``: csv, tsv, jsonl, json, parquet). Both go through
``detect_format``, which takes the format given or tells it from the suffix
in the one table ``SUFFIXES``, and both read JSON Lines with the same reader.
Rows are streamed, so a file of any size is read in flat memory (a JSON
document is parsed whole). Nothing here touches the store.

``csv.field_size_limit`` is process-wide: the CSV readers raise it only while
they read a record and put it back before handing the record on.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from claims.errors import ClaimsError, InputError, require_file
from claims.text import TextError, check_row

SUFFIXES = {"txt": (".txt", ".text"), "md": (".md", ".markdown"), "jsonl": (".jsonl", ".ndjson"),
            "csv": (".csv",), "tsv": (".tsv", ".tab"), "json": (".json",),
            "parquet": (".parquet", ".pq")}
ARTICLE_FORMATS = ("txt", "md", "jsonl", "csv")  # what 'claims ingest' reads
ROW_FORMATS = ("csv", "tsv", "jsonl", "json", "parquet")  # what 'claims import' reads
# Far above any news article; a larger "article" is a mistake, and refusing it keeps memory bounded.
MAX_ARTICLE_BYTES = 8 * 2**20
MAX_ROW_GROUP_BYTES = 2**30
_TOO_LARGE = f"larger than the {MAX_ARTICLE_BYTES // 2**20} MB limit for one article"


def suffixes(formats: tuple[str, ...]) -> list[str]:
    return sorted(suffix for name in formats for suffix in SUFFIXES[name])


def detect_format(path: str, formats: tuple[str, ...], given: str | None = None,
                  head: bytes | None = None) -> str | None:
    """The format given, else the one of ``formats`` the suffix names, else (when
    the first bytes ``head`` are known) JSON Lines for an object and text otherwise;
    None when there is nothing to tell it by."""
    if given not in (None, "auto"):
        if given not in formats:
            shown = ("auto", *formats) if head is not None else formats
            raise ClaimsError(f"Unknown format {given!r}; use one of: {', '.join(shown)}.")
        return given
    suffix = Path(path).suffix.lower() if path != "-" else ""
    found = next((name for name in formats if suffix in SUFFIXES[name]), None)
    if found or head is None:
        return found
    return "jsonl" if head.lstrip().startswith(b"{") else "txt"


def _csv_records(reader) -> Iterator:
    """The records of a csv reader, read with a field size limit of one article."""
    while True:
        previous = csv.field_size_limit(MAX_ARTICLE_BYTES)
        try:
            record = next(reader, None)
        finally:
            csv.field_size_limit(previous)
        if record is None:
            return
        yield record


def _lines(stream: BinaryIO, name: str, encoding: str, hint: str, too_long: str) -> Iterator[str]:
    """The decoded lines of a stream, failing with the number of the first line
    that is too long or not valid in ``encoding``; a byte-order mark is dropped."""
    if "\n".encode(encoding) != b"\n":  # UTF-16/32: lines cannot be cut in the bytes
        data = stream.read()
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            line = data[: error.start].decode(encoding, "replace").count("\n") + 1
            byte = data[error.start]
            raise InputError(name, f"not valid {encoding} (byte 0x{byte:02x}); {hint}",
                             line=line) from None
        yield from text.lstrip("\ufeff").splitlines(keepends=True)
        return
    if b"\x00" in stream.peek(1024)[:1024]:  # UTF-16 read as UTF-8 shows "t e x t"
        raise InputError(name, "looks like UTF-16 (NUL bytes); save it as UTF-8")
    raw_lines = iter(lambda: stream.readline(MAX_ARTICLE_BYTES + 1), b"")
    for number, raw in enumerate(raw_lines, start=1):
        if len(raw) > MAX_ARTICLE_BYTES:
            raise InputError(name, too_long, line=number)
        try:
            line = raw.decode(encoding)
        except UnicodeDecodeError as error:
            raise InputError(name, f"not valid {encoding} (byte 0x{raw[error.start]:02x}); {hint}",
                             line=number) from None
        yield line.lstrip("\ufeff") if number == 1 else line


def _jsonl_rows(lines: Iterator[str], name: str) -> Iterator[tuple[int, dict]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (ValueError, RecursionError) as error:  # ValueError: also ints over 4,300 digits
            raise InputError(name, f"not valid JSON ({_json_problem(error)})",
                             line=number) from None
        if not isinstance(row, dict):
            raise InputError(name, f"expected a JSON object, found {type(row).__name__}",
                             line=number)
        yield number, row


def _json_problem(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return getattr(error, "msg", None) or "a number too long: over 4,300 digits"


# --- articles (claims ingest) -------------------------------------------------------


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


def input_files(paths: list[str]) -> list[str]:
    """Expand folders (recursively, files of known formats) and check that paths exist."""
    known = suffixes(ARTICLE_FORMATS)
    files = []
    for name in paths:
        if name == "-":
            files.append(name)
            continue
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in known
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                raise InputError(name, "no article files in this folder "
                                       f"(looked for {', '.join(known)})")
            files.extend(str(p) for p in found)
        else:
            require_file(path, "no such file or folder")
            files.append(name)
    return files


def read_articles(path: str, format: str = "auto", columns: Columns | None = None,
                  stdin: BinaryIO | None = None) -> tuple[str, Iterator[RawArticle]]:
    """Open ``path`` (``-`` for stdin) and return the format used and its articles.

    Raises ``InputError`` naming the file (and line or row) for anything that
    cannot be read: empty, binary, not UTF-8, a malformed row.
    """
    columns = columns or Columns()
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
    used = detect_format(path, ARTICLE_FORMATS, format, head)
    reader = {"txt": _read_text, "md": _read_markdown, "jsonl": _read_jsonl, "csv": _read_csv}[used]
    return used, reader(stream, name, columns)


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
        raise InputError(name, _TOO_LARGE)
    return _decode(data, name)


def split_title(text: str) -> tuple[str | None, str]:
    """A first line that reads as a headline (short, no final stop, followed by
    more text) becomes the title; the rest is the body."""
    lines = text.strip().split("\n")
    first = lines[0].strip()
    rest = "\n".join(lines[1:]).strip()
    headline = len(first) <= 250 and len(first.split()) <= 30
    if rest and headline and not re.search(r"[.!?؟]\s*$", first):
        return first, rest
    return None, text


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
    lines = _lines(stream, name, "UTF-8", "save it as UTF-8", f"the line is {_TOO_LARGE}")
    for number, line in enumerate(lines, start=1):
        if "\x00" in line:
            raise InputError(name, "has NUL characters; it looks binary, not text", line=number)
        yield line.lstrip("\ufeff")


def _read_jsonl(stream: BinaryIO, name: str, columns: Columns) -> Iterator[RawArticle]:
    with stream:
        for number, row in _jsonl_rows(_utf8_lines(stream, name), name):
            yield _row_article(row, f"{name}:{number}", columns)


def _read_csv(stream: BinaryIO, name: str, columns: Columns) -> Iterator[RawArticle]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.DictReader(text, strict=True)
    with text:
        try:
            if not reader.fieldnames:
                raise InputError(name, "no header row")
            wanted = columns.pick("text", dict.fromkeys(reader.fieldnames))
            if wanted is None or wanted not in reader.fieldnames:
                raise InputError(name, _no_text(columns, reader.fieldnames))
            for row in _csv_records(reader):
                if None in row:
                    found = len(reader.fieldnames) + len(row[None])
                    raise InputError(name, f"{found} fields where the header has "
                                           f"{len(reader.fieldnames)}", line=reader.line_num)
                yield _row_article(row, f"{name}:{reader.line_num}", columns)
        except UnicodeDecodeError as error:
            byte = error.object[error.start]
            raise InputError(name, f"not valid UTF-8 (byte 0x{byte:02x}) near line "
                                   f"{reader.line_num + 1}; save it as UTF-8") from None
        except csv.Error as error:
            problem = (f"a field is {_TOO_LARGE}" if "field larger" in str(error)
                       else f"malformed CSV ({error})")
            raise InputError(name, problem, line=reader.line_num) from None


# --- rows (claims import) -------------------------------------------------------------


@dataclass
class RowFile:
    """An opened file of rows: its format, its header (if it has one) and its rows
    as ``(line or row number, row)``."""

    name: str
    format: str
    header: list[str]  # a JSON Lines file's first row stands for its header
    rows: Iterator[tuple[int, dict]]
    by_line: bool  # numbers are line numbers (text formats) or row numbers (JSON, Parquet)

    def where(self, number: int) -> dict:
        return {"line": number} if self.by_line else {"row": number}

    def __post_init__(self):
        self.rows = self._checked(self.rows)

    def _checked(self, rows: Iterator[tuple[int, dict]]) -> Iterator[tuple[int, dict]]:
        """Every row through the one check of text at the entrances (``check_row``)."""
        for number, row in rows:
            try:
                check_row(row)
            except TextError as error:
                raise InputError(self.name, str(error), **self.where(number)) from None
            yield number, row


def open_rows(path: str | Path, format: str | None = None, encoding: str = "utf-8",
              delimiter: str | None = None, one_object: bool = False) -> RowFile:
    """Open a file of rows; the format goes by its suffix unless given. With
    ``one_object`` a JSON document that is one object is one row (to explode)."""
    path = Path(path)
    name = str(path)
    require_file(path, "no such file")
    used = detect_format(name, ROW_FORMATS, format)
    if used is None:
        raise InputError(name, "cannot tell the format from the suffix; give --format "
                               f"({', '.join(ROW_FORMATS)})")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ClaimsError(f"Unknown encoding {encoding!r}; use e.g. utf-8, utf-16, cp1256 or "
                          "latin-1.") from None
    if used == "parquet":
        return _parquet_rows(path, name)
    one_character = delimiter is None or len(delimiter.replace("\\t", "\t")) == 1
    if used in ("csv", "tsv") and not one_character:
        raise ClaimsError(f"--delimiter must be one character, not {delimiter!r}.")
    lines = _file_lines(path, name, encoding)
    if used == "jsonl":
        rows = _jsonl_rows(lines, name)
        first = next(rows, None)  # its fields stand for the header
        header = list(first[1]) if first else []
        return RowFile(name, used, header, chain([first] if first else [], rows), True)
    if used == "json":
        return _json_rows(lines, name, one_object)
    separator = (delimiter or ("\t" if used == "tsv" else ",")).replace("\\t", "\t")
    return _csv_rows(lines, name, used, separator)


def _file_lines(path: Path, name: str, encoding: str) -> Iterator[str]:
    hint = ("if the file has another encoding, name it with --encoding (e.g. --encoding cp1256 or "
            "--encoding latin-1)")
    with path.open("rb") as stream:
        yield from _lines(stream, name, encoding, hint,
                          f"a line longer than the {MAX_ARTICLE_BYTES // 2**20} MB limit")


def _csv_rows(lines: Iterator[str], name: str, used: str, separator: str) -> RowFile:
    reader = csv.reader(lines, delimiter=separator, strict=True)
    records = _csv_records(reader)
    try:
        header = next(records, None)
    except csv.Error as error:
        raise InputError(name, f"malformed {used.upper()} ({error})",
                         line=reader.line_num) from None
    if not header:
        raise InputError(name, "empty file: no header row")
    header = [column.strip() for column in header]

    def rows() -> Iterator[tuple[int, dict]]:
        try:
            for values in records:
                if not values or values == [""]:
                    continue
                if len(values) != len(header):
                    raise InputError(name, f"{len(values)} fields where the header has "
                                           f"{len(header)}",
                                     line=reader.line_num)
                yield reader.line_num, dict(zip(header, values))
        except csv.Error as error:
            raise InputError(name, f"malformed {used.upper()} ({error})",
                             line=reader.line_num) from None

    return RowFile(name, used, header, rows(), True)


def _json_rows(lines: Iterator[str], name: str, one_object: bool = False) -> RowFile:
    text = "".join(lines)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(name, f"not valid JSON ({error.msg})", line=error.lineno) from None
    except (ValueError, RecursionError) as error:
        raise InputError(name, f"not valid JSON ({_json_problem(error)})") from None
    if one_object and isinstance(data, dict):
        data = [data]
    if isinstance(data, dict) and len(data) == 1 and isinstance(next(iter(data.values())), list):
        data = next(iter(data.values()))  # {"data": [...]}
    if isinstance(data, list) and all(isinstance(row, dict) for row in data):
        rows = data
    elif isinstance(data, dict) and data and all(isinstance(c, dict) for c in data.values()):
        # pandas' "columns" orientation: {column: {index: value}}
        index = list(dict.fromkeys(key for column in data.values() for key in column))
        rows = [{column: values.get(key) for column, values in data.items()} for key in index]
    elif isinstance(data, dict) and data and all(isinstance(c, list) for c in data.values()):
        if len({len(column) for column in data.values()}) > 1:
            raise InputError(name, "its columns ({column: [values]}) are not all of one length")
        rows = [dict(zip(data, values)) for values in zip(*data.values())]
    else:
        raise InputError(name, "expected a list of objects, or an object of columns "
                               "({column: {index: value}} or {column: [values]})")
    header = list(rows[0]) if rows else []
    numbered = ((number, row) for number, row in enumerate(rows, start=1))
    return RowFile(name, "json", header, numbered, False)


def _parquet_rows(path: Path, name: str) -> RowFile:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as error:
        raise InputError(name, f"not a Parquet file ({str(error).splitlines()[0]})") from None

    unpacked = max((parquet.metadata.row_group(i).total_byte_size
                    for i in range(parquet.metadata.num_row_groups)), default=0)
    if unpacked > MAX_ROW_GROUP_BYTES:  # a small file can unpack to gigabytes
        raise InputError(name, f"a row group unpacks to {unpacked >> 20:,} MB, more than the "
                               f"{MAX_ROW_GROUP_BYTES >> 20} MB limit; write it in smaller "
                               "row groups")

    def rows() -> Iterator[tuple[int, dict]]:
        batches = parquet.iter_batches(batch_size=1_000)
        try:  # a corrupt page is found only when it is read
            yield from enumerate((row for batch in batches for row in batch.to_pylist()), start=1)
        except (pa.ArrowException, OSError) as error:
            raise InputError(name, f"unreadable ({str(error).splitlines()[0]})") from None

    return RowFile(name, "parquet", parquet.schema_arrow.names, rows(), False)
