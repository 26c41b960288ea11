"""Export of claims in the project's own format (JSONL, CSV, Parquet), which
``claims import`` reads back with no column options (``formats.OWN_FORMAT``).
Files are written whole beside the output and then moved into place
(``folders.written_whole``); a full disk leaves the file as it was.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from claims import folders
from claims.errors import ClaimsError
from claims.formats import EXPORT_COLUMNS
from claims.store import Store

EXPORT_FORMATS = ("jsonl", "csv", "parquet")


def _export_schema():
    import pyarrow as pa

    return pa.schema(
        [
            (
                name,
                pa.int64()
                if name in ("claim_id", "statement_id", "article_id")
                else pa.int32()
                if name in ("start", "end")
                else pa.float64()
                if name == "confidence"
                else pa.string(),
            )
            for name in EXPORT_COLUMNS
        ]
    )


def export_rows(store: Store, patterns: list[str]) -> Iterator[list[dict]]:
    """The selected claims as export rows (``EXPORT_COLUMNS``), in batches."""
    for batch in store.selected_claims(patterns):
        yield [{column: row[column] for column in EXPORT_COLUMNS} for row in batch]


def export_claims(
    store: Store,
    patterns: list[str],
    format: str,
    output: str | Path | None,
    stream: TextIO | None = None,
) -> int:
    """Write the selected claims to ``output`` (written whole, then moved into
    place) or, for JSONL and CSV, to ``stream``; returns how many were written."""
    if format not in EXPORT_FORMATS:
        raise ClaimsError(
            f"Unknown export format {format!r}; use one of: {', '.join(EXPORT_FORMATS)}."
        )
    if output is None:
        if format == "parquet":
            raise ClaimsError("Parquet is written to a file: give --output FILE.")
        return _write_text(store, patterns, format, stream or sys.stdout)
    with folders.written_whole(Path(output)) as path:
        if format == "parquet":
            return _write_parquet(store, patterns, str(path))
        with open(path, "w", encoding="utf-8", newline="") as out:
            return _write_text(store, patterns, format, out)


def _write_text(store: Store, patterns: list[str], format: str, out: TextIO) -> int:
    count = 0
    writer = (
        csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
        if format == "csv"
        else None
    )
    if writer:
        writer.writeheader()
    for batch in export_rows(store, patterns):
        for row in batch:
            if writer:
                writer.writerow(row)
            else:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += len(batch)
    return count


def _write_parquet(store: Store, patterns: list[str], path: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    count, schema = 0, _export_schema()
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for batch in export_rows(store, patterns):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
        if not count:
            writer.write_table(schema.empty_table())
    return count
