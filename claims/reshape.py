"""Published rows that are not flat: nested lists, bodies in a second file, folders.

Three shapes reach ``claims import`` that one row a claim does not describe:

- one JSON object per claim with parallel lists (``article[]``, ``stance[]``,
  ``url[]``): ``explode`` turns item i of each list into row i, the other
  fields copied;
- pairs whose text is in a second file (headline–body corpora: the body by
  ``Body ID``): ``join`` adds the joined file's columns to each pair, and the
  importer keys the article by the join key, so each body is stored once;
- a folder of files of one format: ``folder_files`` lists them, read as one
  input (one transaction, one report).

Nothing here touches the store; rows stay streamed except the joined file,
which is read whole into memory (a table of bodies, not of pairs).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claims.errors import InputError
from claims.readers import ROW_FORMATS, SUFFIXES, RowFile, open_rows


@dataclass(frozen=True)
class Shape:
    """How an input's rows are made flat: lists to explode (a list, or names as
    written on the command line: ``'article,stance,url'``), a file to join on a key."""

    explode: list[str] | str = field(default_factory=list)
    join: str | Path | None = None
    on: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.explode, str):
            object.__setattr__(self, "explode", parse_fields(self.explode))


def parse_fields(text: str | None) -> list[str]:
    """``'article,stance,url'`` as a list of field names."""
    return [name.strip() for name in (text or "").split(",") if name.strip()]


def folder_files(folder: Path, format: str | None) -> list[Path]:
    """The files of a folder (and its subfolders) of one row format, sorted:
    the format given, else the one most of its files have."""
    known = {suffix: name for name in ROW_FORMATS for suffix in SUFFIXES[name]}
    files = sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and path.suffix.lower() in known
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )
    formats = [known[path.suffix.lower()] for path in files]
    chosen = format or max(set(formats), key=formats.count, default=None)
    chosen_files = [path for path, name in zip(files, formats) if name == chosen]
    if not chosen_files:
        looked = ", ".join(SUFFIXES[format]) if format else "any of " + ", ".join(sorted(known))
        raise InputError(str(folder), f"no files of rows in this folder (looked for {looked})")
    return chosen_files


def explode(rows: RowFile, fields: list[str]) -> RowFile:
    """Each row's ``fields`` are parallel lists: item i of each becomes row i,
    the other fields copied. Rows are numbered anew (the n-th row made), which
    keys them when the file is imported again."""

    def exploded() -> Iterator[tuple[int, dict]]:
        made = 0
        for number, row in rows.rows:
            missing = [name for name in fields if name not in row]
            if missing:
                raise InputError(
                    rows.name,
                    f"no field {missing[0]!r} to explode (given with "
                    f"--explode); the fields are: {', '.join(map(str, row))}",
                    **rows.where(number),
                )
            values = [row[name] if isinstance(row[name], list) else [row[name]] for name in fields]
            lengths = {name: len(items) for name, items in zip(fields, values)}
            if len(set(lengths.values())) > 1:
                shown = ", ".join(f"{name} {length}" for name, length in lengths.items())
                raise InputError(
                    rows.name,
                    f"the lists to explode are not of one length ({shown})",
                    **rows.where(number),
                )
            for items in zip(*values):
                made += 1
                yield made, {**row, **dict(zip(fields, items))}

    return RowFile(rows.name, rows.format, rows.header, exploded(), False)


def join(rows: RowFile, joined: RowFile, on: str) -> RowFile:
    """Each row with the columns of the ``joined`` file's row of the same ``on``
    value (the row's own columns win); a value with no joined row is refused."""
    if on not in rows.header:
        raise InputError(
            rows.name,
            f"no column {on!r} (given with --on); the columns are: "
            f"{', '.join(map(str, rows.header))}",
        )
    if on not in joined.header:
        raise InputError(
            joined.name,
            f"no column {on!r} (given with --on); the columns are: "
            f"{', '.join(map(str, joined.header))}",
        )
    table: dict[str, dict] = {}
    for number, row in joined.rows:
        key = str(row[on]).strip()
        if key in table:
            raise InputError(
                joined.name,
                f"the {on} {key!r} is given twice: a joined file gives each key once",
                **joined.where(number),
            )
        table[key] = row

    def joined_rows() -> Iterator[tuple[int, dict]]:
        for number, row in rows.rows:
            key = str(row.get(on, "")).strip()
            if key not in table:
                raise InputError(
                    rows.name, f"the {on} {key!r} is not in {joined.name}", **rows.where(number)
                )
            yield number, {**table[key], **row}

    header = list(dict.fromkeys([*rows.header, *joined.header]))
    return RowFile(rows.name, rows.format, header, joined_rows(), rows.by_line)


def open_input(
    path: Path,
    format: str | None = None,
    encoding: str = "utf-8",
    delimiter: str | None = None,
    shape: Shape | None = None,
) -> list[tuple[RowFile, str]]:
    """The row files of a file or folder, exploded and joined as ``shape`` asks,
    each with the key that names it in its rows' keys (its absolute path; in a
    folder, its path from the folder)."""
    shape = shape or Shape()
    explode_fields, join_file, on = shape.explode, shape.join, shape.on
    if (join_file is None) != (on is None):
        raise InputError(
            str(path),
            "--join FILE and --on KEY go together: name the joined file "
            "and the column both files share",
        )
    paths = folder_files(path, format) if path.is_dir() else [path]
    opened = []
    for file in paths:
        rows = open_rows(file, format, encoding, delimiter, one_object=bool(explode_fields))
        if explode_fields:
            rows = explode(rows, list(explode_fields))
        if join_file is not None:
            rows = join(rows, open_rows(join_file, None, encoding, delimiter), on)
        key = file.relative_to(path).as_posix() if path.is_dir() else file.resolve().as_posix()
        opened.append((rows, key))
    return opened
