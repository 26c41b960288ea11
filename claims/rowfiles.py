"""Reading files of labelled rows for ``claims import``: csv, tsv, jsonl, json, parquet.

``open_rows`` tells the format (``claims.fileformats.detect_format``) and returns a
``RowFile`` whose rows are streamed, so a file of any size is read in flat memory
(a JSON document is parsed whole). Every row passes the one check of text at the
entrances. Nothing here touches the store.
"""
from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from claims.errors import ClaimsError, InputError, counted, require_file
from claims.fileformats import (
    MAX_ARTICLE_BYTES,
    MAX_ROW_GROUP_BYTES,
    ROW_FORMATS,
    csv_lines,
    csv_records,
    decoded_lines,
    detect_format,
    json_problem,
    jsonl_rows,
)
from claims.text import TextError, check_row


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
        rows = jsonl_rows(lines, name)
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
        yield from decoded_lines(stream, name, encoding, hint,
                          f"a line longer than the {MAX_ARTICLE_BYTES // 2**20} MB limit")


def _csv_rows(lines: Iterator[str], name: str, used: str, separator: str) -> RowFile:
    reader = csv.reader(csv_lines(lines), delimiter=separator, strict=True)
    records = csv_records(reader, name, used)
    header = next(records, None)
    if not header:
        raise InputError(name, "empty file: no header row")
    header = [column.strip() for column in header]

    def rows() -> Iterator[tuple[int, dict]]:
        for values in records:
            if not values or values == [""]:
                continue
            if len(values) != len(header):
                raise InputError(name, f"{counted(len(values), 'field')} where the header has "
                                       f"{len(header)}", line=reader.line_num)
            yield reader.line_num, dict(zip(header, values))

    return RowFile(name, used, header, rows(), True)


def _json_rows(lines: Iterator[str], name: str, one_object: bool = False) -> RowFile:
    text = "".join(lines)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(name, f"not valid JSON ({json_problem(error)})",
                         line=error.lineno) from None
    except (ValueError, RecursionError) as error:
        raise InputError(name, f"not valid JSON ({json_problem(error)})") from None
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
