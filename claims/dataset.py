"""Hugging Face datasets of claims: build a folder laid out as a dataset
repository (checking and publishing one: ``claims.dataset_check``).

A built folder holds ``data/<split>-00000-of-00001.parquet`` (the columns of
``claims.datafolder.COLUMNS``, ``stance`` a ``ClassLabel`` in the schema's
order), ``README.md`` (the card, see ``claims.card``) and ``claims.json`` (our
marker: how it was built, and a fingerprint of the data). ``claims.datafolder``
declares that layout and reads it back; this module writes it. Claims stream
from SQLite to Parquet in batches, so memory stays flat however many there
are; the folder is built beside ``OUT`` and moved into place only once
``check`` passes, so a failed build leaves nothing behind. The same project,
options and seed give the same bytes.

``datasets`` and ``huggingface_hub`` are imported where they are used: they
take seconds to import, and most commands never need them.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from claims import __version__, card, folders, splits
from claims.datafolder import (
    COLUMN_NAMES,
    FORMAT,
    FORMAT_VERSION,
    MARKER,
    data_file,
    features,
    fingerprint,
)
from claims.dataset_check import check_dataset
from claims.errors import ClaimsError
from claims.records import SPLITS, Origin
from claims.registry import snapshot
from claims.registry_file import SNAPSHOT_FILE, Registry
from claims.store import Store

DEFAULT_SELECTION = ("gold", "import:*")
ROWS_PER_GROUP = 10_000
_CONFIG_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass
class BuildOptions:
    """What goes into a dataset and how it is split."""

    patterns: list[str] = field(
        default_factory=lambda: list(DEFAULT_SELECTION)
    )  # origins, GLOB patterns
    split_by: str = "article"
    test_size: float = 0.2
    dev_size: float = 0.1
    seed: int = 0
    config: str = "default"
    keep_annotator_names: bool = False
    disjoint_targets: bool = False
    license: str | None = None
    pretty_name: str | None = None
    metric: str | None = None  # the task's metric, for 'claims evaluate' (e.g. f_avg, fnc)
    move_shared: bool = False  # given splits: move texts found in two splits to the more held-out

    def check(self) -> None:
        if self.split_by not in splits.METHODS:
            raise ClaimsError(
                f"Unknown split method {self.split_by!r}; use one of: {', '.join(splits.METHODS)}."
            )
        for option, value in (("--test-size", self.test_size), ("--dev-size", self.dev_size)):
            if not 0 <= value < 1:
                raise ClaimsError(f"{option} must be a fraction from 0 to below 1, not {value}.")
        if self.test_size + self.dev_size >= 1:
            raise ClaimsError(
                f"--test-size and --dev-size add up to {self.test_size + self.dev_size:g}; "
                "leave some claims for train."
            )
        if not _CONFIG_NAME.match(self.config):
            raise ClaimsError(
                f"The config name {self.config!r} must be letters, digits, '.', '_' or '-'."
            )
        if self.move_shared and self.split_by != "given":
            raise ClaimsError("--move-shared applies to --split-by given only: the other methods "
                              "never put one article in two splits.")
        if self.metric is not None and not re.fullmatch(r"[a-z][a-z0-9_]*", self.metric):
            raise ClaimsError(
                f"The metric {self.metric!r} must be a lower-case name such as f_avg or fnc."
            )


@dataclass
class Stats:
    """What the written rows hold, gathered while they stream past."""

    rows: Counter = field(default_factory=Counter)  # split → rows
    stances: Counter = field(default_factory=Counter)  # (split, stance) → rows
    languages: Counter = field(default_factory=Counter)  # (split, language) → rows
    origins: Counter = field(default_factory=Counter)  # origin as written → rows
    kinds: Counter = field(default_factory=Counter)  # human, gold, import or model → rows
    gold_methods: Counter = field(default_factory=Counter)
    num_bytes: Counter = field(default_factory=Counter)  # split → Arrow bytes
    leakage: splits.Leakage = field(default_factory=splits.Leakage)


@dataclass
class BuildReport:
    path: str
    rows: dict[str, int]
    split_by: str
    moved: int  # claims moved out of their given split (--move-shared)
    fingerprint: str
    leakage: dict = field(default_factory=dict)  # texts and articles in two splits (splits.Leakage)
    left_out: tuple[str, ...] = ()  # splits asked for that too few articles could not fill
    conflicts: int = 0  # items the selected origins give two stances or more


# --- build --------------------------------------------------------------------------------


def build(store: Store, out: str | Path, options: BuildOptions) -> BuildReport:
    """Build a dataset folder at ``out`` from the project's selected claims."""
    out = Path(out)
    options.check()
    folders.recover(out, f".{out.name}.build-")  # what a killed build left
    _refuse_foreign(out)
    with store.snapshot():  # one view of the project for every query, whoever writes meanwhile
        assignment = _assign(store, options)
        with folders.staged(out, f".{out.name}.build-") as temporary:
            marker = _write_folder(store, temporary, out.name, options, assignment)
            check_dataset(temporary, shown_as=str(out))
        conflicts = store.conflicting_items(options.patterns)
    return BuildReport(str(out), dict(marker["rows"]), options.split_by, assignment.moved,
                       marker["fingerprint"], marker["leakage"], assignment.left_out, conflicts)


def _assign(store: Store, options: BuildOptions) -> splits.Assignment:
    keys = splits.Keys.collect(store.claim_keys(options.patterns, SPLITS))
    if not len(keys):
        raise ClaimsError(
            f"No claims to build a dataset from: none has origin {' or '.join(options.patterns)}. "
            "Import a dataset, adjudicate annotations into gold claims, or choose with --origin."
        )
    oldest = None
    if options.split_by == "time":
        oldest = np.fromiter(
            chain.from_iterable(store.articles_by_time(options.patterns)), np.int64
        )
    shared = _shared_texts(store, options.patterns) if options.move_shared else None
    return splits.assign(keys, options.split_by, options.test_size, options.dev_size, options.seed,
                         options.disjoint_targets, oldest, shared)


def _shared_texts(store: Store, patterns: list[str]) -> np.ndarray:
    """``(article id, text number)`` of each selected claim: the links along which
    ``--move-shared`` moves texts found in two splits."""
    numbers: dict[bytes, int] = {}
    pairs = [(row["article_id"], numbers.setdefault(splits.text_key(row["text"]), len(numbers)))
             for batch in store.selected_claims(patterns) for row in batch]
    return np.array(pairs, np.int64).reshape(-1, 2)


def _write_folder(store: Store, folder: Path, name: str, options: BuildOptions,
                  assignment: splits.Assignment) -> dict:
    """The data files, the card and the marker; returns the marker."""
    names = _origin_names(store, options.keep_annotator_names)
    labels = store.labels()
    stats = _write_data(
        store, folder, options.patterns, [label.name for label in labels], assignment, names
    )
    registry = snapshot(store)
    registry.write(folder / SNAPSHOT_FILE)
    marker = _marker(store, options, labels, stats, assignment.moved, fingerprint(folder), names,
                     registry)
    dataset_card = card.make_card(
        card.CardInput(
            pretty_name=options.pretty_name or name, config=options.config, labels=labels,
            guidelines=store.setting("guidelines") or "",
            features=features([label.name for label in labels]), stats=stats, marker=marker,
            license=options.license,
            sizes={split: (folder / data_file(split)).stat().st_size for split in stats.rows},
            top_actors=store.top_names(options.patterns, "actor", 10),
            top_targets=store.top_names(options.patterns, "target", 10),
            annotators=[
                {**row, "origin": names.get(row["origin"], row["origin"])}
                for row in store.annotator_counts(options.patterns)
            ],
            agreement=_agreement(store, names),
        )
    )
    dataset_card.save(folder / "README.md")
    (folder / MARKER).write_text(
        json.dumps(marker, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return marker


def _refuse_foreign(out: Path) -> None:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)  # as 'claims train --out' does
    except OSError as error:
        raise ClaimsError(
            f"Cannot build {out}: cannot make the folder {out.parent} ({error.strerror})."
        ) from None
    if out.exists() and not out.is_dir():
        raise ClaimsError(f"{out} exists and is not a folder; choose another OUT.")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise ClaimsError(f"{out} exists and is not a dataset built by claims (no {MARKER}); "
                          "choose another OUT or remove that folder.")


def _origin_names(store: Store, keep: bool) -> dict[str, str]:
    """How each origin is written in the dataset: an import by its source name,
    an annotator by a stable pseudonym (numbered by their first claim) or name."""
    return {origin: Origin.parse(origin).name if keep else f"annotator-{number}"
            for number, origin in enumerate(store.human_origins(), start=1)}


def _agreement(store: Store, names: dict[str, str]):
    """``claims.agreement``'s figures with annotators as the dataset names them,
    when two or more annotators labelled anything (None otherwise)."""
    if len(names) < 2:
        return None
    from claims import (
        agreement,  # scikit-learn and krippendorff: loaded only when there is agreement to show
    )

    shown = {Origin.parse(origin).name: name for origin, name in names.items()}
    found = agreement.agreement(store)
    found.annotators = [shown[annotator] for annotator in found.annotators]
    for level in (found.stance, found.claims):
        for pair in level.pairs:
            pair.annotators = tuple(shown[annotator] for annotator in pair.annotators)
    return found


def _origin(origin: str, names: dict[str, str]) -> str:
    parsed = Origin.parse(origin)
    if parsed.kind == "import":
        return parsed.name
    return names.get(origin, origin)


def _record(row: dict, labels: dict[str, int], origin: str, pseudonymous_origin: str) -> dict:
    claim_id = hashlib.sha256(
        "\x00".join(
            map(
                str,
                (
                    row["content_hash"], row["start"], row["end"], row["actor"] or "",
                    row["target"], pseudonymous_origin,
                ),
            )
        ).encode()
    ).hexdigest()[:16]
    description = row["target_description"] or (
        row["target"] if row["target_kind"] == "claim" else ""
    )
    return {
        "id": claim_id, "text": row["text"], "actor": row["actor"] or "",
        "actor_kind": row["actor_kind"] or "", "target": row["target"],
        "target_kind": row["target_kind"], "target_text": description,
        "stance": labels[row["stance"]], "language": row["language"] or "",
        "article_id": row["article_id"], "statement_id": row["statement_id"],
        "source": row["source"] or "", "published": row["published"] or "", "start": row["start"],
        "end": row["end"], "gold_method": row["gold_method"] or "", "origin": origin,
    }


class _SplitFiles:
    """One Parquet file per split, written in row groups of ``ROWS_PER_GROUP``
    rows whatever the batches the rows come in, so that the bytes depend on the
    rows alone. Rows wait for their row group as Arrow data, not Python objects."""

    def __init__(self, folder: Path, schema: pa.Schema):
        self.folder, self.schema = folder, schema
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.pending: dict[str, list[pa.Table]] = {split: [] for split in SPLITS}
        self.num_bytes: Counter = Counter()

    def add(self, split: str, records: list[dict]) -> None:
        self.pending[split].append(pa.Table.from_pylist(records, schema=self.schema))
        self._write(split, final=False)

    def close(self) -> None:
        try:
            for split in SPLITS:
                self._write(split, final=True)
        finally:
            for writer in self.writers.values():
                writer.close()

    def _write(self, split: str, final: bool) -> None:
        table = (
            pa.concat_tables(self.pending[split], promote_options="none")
            if self.pending[split]
            else None
        )
        ready = (
            0
            if table is None
            else len(table)
            if final
            else len(table) // ROWS_PER_GROUP * ROWS_PER_GROUP
        )
        if not ready:
            return
        if split not in self.writers:
            self.writers[split] = pq.ParquetWriter(self.folder / data_file(split), self.schema,
                                                   compression="zstd")
        rows = table.slice(0, ready).combine_chunks()
        self.writers[split].write_table(rows, row_group_size=ROWS_PER_GROUP)
        self.num_bytes[split] += rows.nbytes
        self.pending[split] = [table.slice(ready)] if ready < len(table) else []


def _write_data(
    store: Store, folder: Path, patterns: list[str], labels: list[str],
    assignment: splits.Assignment, names: dict[str, str],
) -> Stats:
    """Stream the selected claims, batch by batch, into the split files, and
    count what they hold."""
    index = {label: position for position, label in enumerate(labels)}
    pseudonyms = {origin: f"annotator-{n}" for n, origin in enumerate(names, start=1)}
    (folder / "data").mkdir()
    stats, files = Stats(), _SplitFiles(folder, features(labels).arrow_schema)
    try:
        for batch in store.selected_claims(patterns):
            codes = assignment.of(
                np.fromiter((row["article_id"] for row in batch), np.int64, len(batch))
            )
            grouped: dict[str, list[dict]] = {}
            for row, code in zip(batch, codes):
                split = row["split"] if assignment.kept else SPLITS[code]
                stats.leakage.add(row["article_id"], row["text"], split,
                                  row["target"] if row["target_kind"] == "claim" else None)
                record = _record(
                    row, index, _origin(row["origin"], names), _origin(row["origin"], pseudonyms)
                )
                grouped.setdefault(split, []).append(record)
                stats.rows[split] += 1
                stats.stances[split, row["stance"]] += 1
                stats.languages[split, record["language"] or "und"] += 1
                stats.origins[record["origin"]] += 1
                stats.kinds[Origin.parse(row["origin"]).kind] += 1
                stats.gold_methods[record["gold_method"] or "none"] += 1
            for split, records in grouped.items():
                files.add(split, records)
    finally:
        files.close()
    stats.num_bytes = files.num_bytes
    stats.rows = Counter({split: stats.rows[split] for split in SPLITS if stats.rows[split]})
    return stats


def _shown_selection(store: Store, patterns: list[str], names: dict[str, str]) -> list[str]:
    """The selection as written in the card: annotators by their pseudonyms, and a
    pattern that could spell a name (``*Surname``) by what it selected, never as written."""
    shown = []
    for pattern in patterns:
        kind, _, rest = pattern.partition(":")
        if pattern in names:
            shown.append(f"human:{names[pattern]}")
        elif pattern == "gold" or rest == "*" or (kind in ("import", "model") and rest
                                                  and not any(c in rest for c in "*?[")):
            shown.append(pattern)
        else:
            found = store.origins_in([pattern])
            kinds = sorted({origin.partition(":")[0] for origin in found})
            shown.append(f"({len(found)} origins of kind {', '.join(kinds) or 'none'})")
    return shown


def _shared(options: BuildOptions) -> dict:
    """What happens to texts a given split shares with another: kept, or moved."""
    if options.split_by != "given":
        return {}
    return {"shared": "moved" if options.move_shared else "kept"}


def _marker(store: Store, options: BuildOptions, labels, stats: Stats, moved: int, fingerprint: str,
            names: dict[str, str], registry: Registry) -> dict:
    imports = [origin.name for origin in map(Origin.parse, store.origins_in(options.patterns))
               if origin.kind == "import"]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "claims_version": __version__,
        "config": options.config,
        "labels": [label.name for label in labels],
        "columns": list(COLUMN_NAMES),
        "split": {
            "method": options.split_by, "seed": options.seed, "test_size": options.test_size,
            "dev_size": options.dev_size, "disjoint_targets": options.disjoint_targets,
            "moved_claims": moved, **_shared(options),
        },
        "leakage": stats.leakage.summary(),
        "selection": _shown_selection(store, options.patterns, names),
        "annotator_names": "kept" if options.keep_annotator_names else "pseudonyms",
        "rows": dict(stats.rows),
        "sources": store.sources(imports),
        "registry": {
            "file": SNAPSHOT_FILE, "actors": len(registry.actors), "targets": len(registry.targets),
        },
        "fingerprint": fingerprint,
        **({"metric": options.metric} if options.metric else {}),
    }
