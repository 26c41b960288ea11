"""Reading a dataset folder written by ``claims dataset build``: one split at a time.

A dataset folder is a Hugging Face dataset repository: ``README.md`` (the card),
``data/<split>-*.parquet`` and ``claims.json`` (our marker: format, labels,
split method, seed, sources, fingerprint and maybe a task metric). Training and
evaluation read only the splits they are allowed to see: each split is read
from its own parquet files, so ``claims train`` never opens the test split.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
from datasets import ClassLabel, Features

from claims.errors import InputError
from claims.records import SPLITS

COLUMNS = ("id", "text", "actor", "target", "target_kind", "target_text", "stance", "language")
BUILD_HINT = "build one with 'claims dataset build'"


@dataclass(frozen=True)
class DatasetFolder:
    path: Path
    meta: dict  # claims.json
    splits: tuple[str, ...]  # the splits that have parquet files, in SPLITS order first

    @property
    def fingerprint(self) -> str:
        """The builder's fingerprint, or a hash of the parquet files when it gave none."""
        given = self.meta.get("fingerprint")
        if given:
            return str(given)
        digest = hashlib.sha256()
        for path in sorted((self.path / "data").glob("*.parquet")):
            digest.update(path.read_bytes())
        return digest.hexdigest()[:16]

    @property
    def metric(self) -> str | None:
        metric = self.meta.get("metric")
        return str(metric) if metric else None

    def files(self, split: str) -> list[Path]:
        return sorted((self.path / "data").glob(f"{split}-*.parquet"))


def open_folder(path: str | Path, need: str | None = "train") -> DatasetFolder:
    """The dataset folder at ``path``; refuses anything that is not one of ours,
    or that lacks the split ``need``."""
    path = Path(path)
    marker = path / "claims.json"
    if not path.is_dir():
        raise InputError(str(path), f"no such dataset folder; {BUILD_HINT}")
    if not marker.is_file():
        raise InputError(str(path), f"not a claims dataset folder (no claims.json); {BUILD_HINT}")
    try:
        meta = json.loads(marker.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(str(marker), f"not valid JSON ({error})") from None
    if not isinstance(meta, dict):
        raise InputError(str(marker), "expected a JSON object")
    names = {file.name.split("-")[0] for file in (path / "data").glob("*-*.parquet")}
    splits = tuple(split for split in SPLITS if split in names) + tuple(sorted(names - set(SPLITS)))
    folder = DatasetFolder(path, meta, splits)
    if need and need not in splits:
        have = ", ".join(splits) or "none"
        raise InputError(str(path), f"no {need} split (data/{need}-*.parquet); the splits here: {have}")
    return folder


def read_split(folder: DatasetFolder, split: str) -> tuple[pd.DataFrame, list[str]]:
    """The rows of one split (stance as label names) and the label names in order."""
    files = folder.files(split)
    if not files:
        raise InputError(str(folder.path), f"no {split} split (data/{split}-*.parquet); "
                                           f"the splits here: {', '.join(folder.splits) or 'none'}")
    try:
        tables = [pq.read_table(file) for file in files]
    except Exception as error:  # pyarrow raises several types for damaged files
        raise InputError(str(files[0]), f"cannot read parquet ({str(error).splitlines()[0]})") from None
    features = Features.from_arrow_schema(tables[0].schema)
    stance = features.get("stance")
    if not isinstance(stance, ClassLabel):
        raise InputError(str(files[0]), "the stance column is not a ClassLabel; " + BUILD_HINT)
    frame = pd.concat([table.to_pandas() for table in tables], ignore_index=True)
    missing = [column for column in COLUMNS if column not in frame.columns]
    if missing:
        raise InputError(str(files[0]), f"missing column(s) {', '.join(missing)}; {BUILD_HINT}")
    frame["stance"] = [stance.int2str(int(value)) for value in frame["stance"]]
    return frame, list(stance.names)
