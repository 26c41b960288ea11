"""The input formats, their suffixes, and the pieces both readers share.

``claims ingest`` reads articles (``claims.readers``) and ``claims import`` reads
labelled rows (``claims.rowfiles``); both tell a format by ``detect_format`` from the
one table ``SUFFIXES``, decode lines with ``decoded_lines`` and read JSON Lines with
``jsonl_rows``, so that a file is read, and its errors worded, the same by both.
Nothing here touches the store.

``csv.field_size_limit`` is process-wide: ``csv_records`` raises it only while it
reads a record and puts it back before handing the record on.
"""
from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from claims.errors import ClaimsError, InputError

SUFFIXES = {"txt": (".txt", ".text"), "md": (".md", ".markdown"), "jsonl": (".jsonl", ".ndjson"),
            "csv": (".csv",), "tsv": (".tsv", ".tab"), "json": (".json",),
            "parquet": (".parquet", ".pq")}
ARTICLE_FORMATS = ("txt", "md", "jsonl", "json", "csv", "tsv")  # what 'claims ingest' reads
ROW_FORMATS = ("csv", "tsv", "jsonl", "json", "parquet")  # what 'claims import' reads
# Far above any news article; a larger "article" is a mistake, and refusing it keeps memory bounded.
MAX_ARTICLE_BYTES = 8 * 2**20
MAX_ROW_GROUP_BYTES = 2**30
TOO_LARGE = f"larger than the {MAX_ARTICLE_BYTES // 2**20} MB limit for one article"


def suffixes(formats: tuple[str, ...]) -> list[str]:
    return sorted(suffix for name in formats for suffix in SUFFIXES[name])


def detect_format(path: str, formats: tuple[str, ...], given: str | None = None) -> str | None:
    """The format given, else the one of ``formats`` that the suffix of ``path`` names,
    else None (stdin, no suffix, or a suffix of another format)."""
    if given not in (None, "auto"):
        if given not in formats:
            raise ClaimsError(f"Unknown format {given!r}; use one of: {', '.join(formats)}.")
        return given
    suffix = Path(path).suffix.lower() if path != "-" else ""
    return next((name for name in formats if suffix in SUFFIXES[name]), None)


_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


def csv_lines(lines: Iterator[str]) -> Iterator[str]:
    """Lines as the csv module reads a file opened with ``newline=""``: a lone carriage
    return (a CSV saved by an old Mac) ends a line too."""
    for line in lines:
        if "\r" in line and not (line.endswith("\r\n") and line.count("\r") == 1):
            yield from filter(None, _LONE_CR.split(line))
        else:
            yield line


def csv_records(reader, name: str, used: str) -> Iterator[list[str]]:
    """The records of a csv reader, read with a field size limit of one article; a
    malformed record is an ``InputError`` at its line (a quote never closed: the line
    where it opened, not the end of the file)."""
    while True:
        started = reader.line_num + 1
        previous = csv.field_size_limit(MAX_ARTICLE_BYTES)
        try:
            record = next(reader, None)
        except csv.Error as error:
            line = reader.line_num
            if "field larger" in str(error):
                problem = f"a field is {TOO_LARGE}"
            elif "unexpected end of data" in str(error):
                problem = (f"malformed {used.upper()}: a quoted field opened on this line is "
                           "never closed")
                line = started
            else:
                problem = f"malformed {used.upper()} ({error})"
            raise InputError(name, problem, line=line) from None
        finally:
            csv.field_size_limit(previous)
        if record is None:
            return
        yield record


def decoded_lines(stream: BinaryIO, name: str, encoding: str, hint: str,
                  too_long: str) -> Iterator[str]:
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


def jsonl_rows(lines: Iterator[str], name: str) -> Iterator[tuple[int, dict]]:
    """The objects of JSON Lines, numbered by line; blank lines are skipped."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (ValueError, RecursionError) as error:  # ValueError: also ints over 4,300 digits
            raise InputError(name, f"not valid JSON ({json_problem(error)})",
                             line=number) from None
        if not isinstance(row, dict):
            raise InputError(name, f"expected a JSON object, found {type(row).__name__}",
                             line=number)
        yield number, row


def json_problem(error: Exception) -> str:
    """What is wrong, as a whole clause and where: ``Expecting value at column 5`` (the
    decoder's own message for a control character ends in a dangling "at")."""
    if isinstance(error, RecursionError):
        return "nested too deeply"
    if not isinstance(error, json.JSONDecodeError):
        return "a number too long: over 4,300 digits"
    problem = error.msg.removesuffix(" at")
    if problem != "Invalid control character" or error.pos >= len(error.doc):
        return f"{problem} at column {error.colno}"
    code = ord(error.doc[error.pos])
    return f"{problem} U+{code:04X} at column {error.colno}; write it as \\u{code:04x}"
