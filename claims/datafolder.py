"""The dataset folder: its columns, its marker, and the one reader of it.

A dataset folder is a Hugging Face dataset repository that ``claims dataset
build`` writes: ``README.md`` (the card), ``data/<split>-00000-of-00001.parquet``
and ``claims.json`` (our marker: format, labels, split method, seed, sources,
fingerprint and maybe a task metric). ``COLUMNS`` declares its columns once:
the builder writes them, the card describes them, the reader checks them.
Training and evaluation read only the splits they are allowed to see: each
split is read from its own parquet files, so ``claims train`` never opens the
test split. Opening a folder checks its marker; ``verify`` checks the data's
fingerprint.

pandas, pyarrow and ``datasets`` are imported by the functions that use them:
``datasets`` takes seconds to import.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claims.errors import InputError
from claims.records import SPLITS

if TYPE_CHECKING:
    import pandas as pd

MARKER = "claims.json"
FORMAT = "claims-dataset"
FORMAT_VERSION = 1
# Rows read at a time, through a buffered stream: Arrow then decodes a few pages of a row
# group, not the whole of its column (tens of MB of articles at a time otherwise).
BATCH_ROWS = 256
_STREAM = {"buffer_size": 1 << 20, "pre_buffer": False}
BUILD_HINT = "build one with 'claims dataset build'"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a datasets Value dtype, or ClassLabel (the schema's labels, in order)
    description: str


COLUMNS = tuple(Column(*row) for row in (
    ("id", "string",
     "Stable id of the claim (a hash of its article, span, actor, target and origin)."),
    ("text", "string", "The statement: a span of a news article (or a whole imported text)."),
    ("actor", "string",
     "Who takes the position, as registered in the project; empty when the source names none."),
    ("actor_kind", "string", "country, organisation, person or group; empty without an actor."),
    ("target", "string", "What the position is about: the target's canonical name."),
    ("target_kind", "string", "topic, claim or actor."),
    ("target_text", "string",
     "The target's description, or for a claim target the claim's text; may be empty."),
    ("stance", "ClassLabel",
     "The actor's position toward the target, as the statement reports it (see Labels)."),
    ("language", "string", "ISO 639-1 code of the article's language."),
    ("article_id", "int64", "The article within the project; splits never share one."),
    ("statement_id", "int64", "The statement within the project."),
    ("source", "string", "The article's source: an outlet, or the dataset it was imported from."),
    ("published", "string", "The article's publication date (ISO 8601), or empty."),
    ("start", "int32", "Offset of the statement's first character in the article's text."),
    ("end", "int32", "Offset just after the statement's last character."),
    ("gold_method", "string",
     "How the label became gold: unanimous, adjudicated, single or imported (empty otherwise)."),
    ("origin", "string",
     "Who labelled it: an imported dataset's name, gold, an annotator's pseudonym, or a model."),
))
COLUMN_NAMES = tuple(column.name for column in COLUMNS)


def features(labels: list[str]):
    """The dataset's typed columns (``datasets.Features``); ``stance`` is a
    ClassLabel with ``labels`` in order."""
    from datasets import ClassLabel, Features, Value

    return Features({column.name: ClassLabel(names=list(labels)) if column.type == "ClassLabel"
                     else Value(column.type) for column in COLUMNS})


def data_file(split: str) -> str:
    """Where a split's rows are, relative to the folder."""
    return f"data/{split}-00000-of-00001.parquet"


def fingerprint(folder: Path) -> str:
    """A hash of the data files' names and bytes, read in chunks."""
    digest = hashlib.sha256()
    for path in sorted((folder / "data").glob("*.parquet")):
        digest.update(path.name.encode() + b"\x00")
        with path.open("rb") as data:
            for chunk in iter(lambda: data.read(1 << 20), b""):
                digest.update(chunk)
    return f"sha256:{digest.hexdigest()}"


@dataclass(frozen=True)
class DatasetFolder:
    path: Path
    marker: dict  # claims.json
    splits: tuple[str, ...]  # the splits built, in SPLITS order

    @property
    def fingerprint(self) -> str:
        return str(self.marker["fingerprint"])

    @property
    def labels(self) -> list[str]:
        return list(self.marker["labels"])

    @property
    def metric(self) -> str | None:
        metric = self.marker.get("metric")
        return str(metric) if metric else None

    def files(self, split: str) -> list[Path]:
        return sorted((self.path / "data").glob(f"{split}-*.parquet"))


def read_marker(path: str | Path, shown_as: str | None = None) -> dict:
    """The ``claims.json`` of a dataset folder built by claims, of the format this claims reads."""
    path = Path(path)
    shown = shown_as or str(path)
    if not path.is_dir():
        raise InputError(shown, f"no such dataset folder; {BUILD_HINT}")
    if not (path / MARKER).is_file():
        raise InputError(shown, f"not a claims dataset folder (no {MARKER}); {BUILD_HINT}")
    try:
        marker = json.loads((path / MARKER).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{shown}/{MARKER}", f"not valid JSON ({error})") from None
    if not isinstance(marker, dict) or marker.get("format") != FORMAT:
        raise InputError(f"{shown}/{MARKER}", "does not describe a claims dataset")
    if marker.get("format_version") != FORMAT_VERSION:
        raise InputError(shown, f"a claims dataset of format {marker.get('format_version')}; "
                                f"this claims reads format {FORMAT_VERSION}; rebuild it")
    return marker


def open_folder(path: str | Path, need: str | None = "train",
                shown_as: str | None = None) -> DatasetFolder:
    """The dataset folder at ``path``; refuses anything that is not one of ours,
    of another format version, or that lacks the split ``need``. It reads no
    data file (``verify`` does), so training never opens the test split."""
    path = Path(path)
    shown = shown_as or str(path)
    marker = read_marker(path, shown)
    rows = marker.get("rows")
    if not isinstance(rows, dict) or not isinstance(marker.get("labels"), list) \
            or "fingerprint" not in marker:
        raise InputError(f"{shown}/{MARKER}", "lacks its rows, labels or fingerprint; rebuild it")
    splits = tuple(split for split in SPLITS if split in rows)
    splits += tuple(sorted(set(rows) - set(SPLITS)))
    folder = DatasetFolder(path, marker, splits)
    if need and need not in splits:
        have = ", ".join(splits) or "none"
        raise InputError(shown, f"no {need} split (data/{need}-*.parquet); the splits here: {have}")
    return folder


def verify(folder: DatasetFolder, shown_as: str | None = None) -> None:
    """Refuse a folder whose data files changed since it was built."""
    if fingerprint(folder.path) != folder.fingerprint:
        raise InputError(shown_as or str(folder.path), "the data files changed since the "
                         "dataset was built (fingerprint differs); rebuild it.")


def read_split(folder: DatasetFolder, split: str,
               each: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
               ) -> tuple[pd.DataFrame, list[str]]:
    """The rows of one split as a pandas DataFrame (stance as label names) and the
    label names in order; ``each``: applied to each batch of rows as it is read,
    before it is kept (so what it drops, such as long texts, is never all in memory)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    from datasets import ClassLabel, Features

    files = folder.files(split)
    if not files:
        raise InputError(str(folder.path), f"no {split} split (data/{split}-*.parquet); "
                                           f"the splits here: {', '.join(folder.splits) or 'none'}")
    try:
        parquets = [pq.ParquetFile(file, **_STREAM) for file in files]
        schema = parquets[0].schema_arrow
    except Exception as error:  # pyarrow raises several types for damaged files
        problem = str(error).splitlines()[0]
        raise InputError(str(files[0]), f"cannot read parquet ({problem})") from None
    stance = Features.from_arrow_schema(schema).get("stance")
    if not isinstance(stance, ClassLabel):
        raise InputError(str(files[0]), "the stance column is not a ClassLabel; " + BUILD_HINT)
    missing = [name for name in COLUMN_NAMES if name not in schema.names]
    if missing:
        raise InputError(str(files[0]), f"missing column(s) {', '.join(missing)}; {BUILD_HINT}")
    each = each or (lambda rows: rows)
    frames = []
    for file, parquet in zip(files, parquets):
        try:  # a damaged page shows only as its batch is read
            frames += [each(batch.to_pandas()) for batch in parquet.iter_batches(BATCH_ROWS)]
        except (OSError, pa.ArrowException) as error:
            problem = str(error).splitlines()[0]
            raise InputError(str(file), f"cannot read parquet ({problem})") from None
    frame = (pd.concat(frames, ignore_index=True) if frames
             else each(schema.empty_table().to_pandas()))
    codes = frame["stance"]
    wrong = codes[(codes < 0) | (codes >= stance.num_classes)]
    if len(wrong):
        raise InputError(str(files[0]), f"stance {int(wrong.iloc[0])} at row {int(wrong.index[0])} "
                                        f"is not one of the {stance.num_classes} labels; "
                                        + BUILD_HINT)
    frame["stance"] = [stance.int2str(int(value)) for value in codes]
    return frame, list(stance.names)


def text_lengths(folder: DatasetFolder, split: str) -> list[int]:
    """The length in characters of each text of ``split`` (none without the split),
    read one batch of the text column at a time."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    lengths: list[int] = []
    for file in folder.files(split):
        for batch in pq.ParquetFile(file, **_STREAM).iter_batches(BATCH_ROWS, columns=["text"]):
            lengths += pc.utf8_length(batch.column(0)).fill_null(4).to_pylist()  # 'None'
    return lengths
