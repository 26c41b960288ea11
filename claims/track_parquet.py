"""Tracking from claim shards in Parquet (``claims predict --input … --output DIR``).

The figures are ``claims.track``'s, computed from the same aggregated frame (a
row per actor, target, stance, origin and date, with its count ``n``); only how
that frame is made differs. Here pyarrow scans the shards a record batch at a
time, filters and projects them in Arrow (no Python object per claim), and
counts each batch with Arrow's hash aggregation; the partial counts are added
up as they come. Memory is bounded by one batch plus the distinct (actor,
target, stance, origin, day) groups, not by the number of claims.

Why pyarrow rather than DuckDB or dask.dataframe: pyarrow is already a core
dependency (DuckDB would be a new one, with SQL outside ``store.py``), and
dask.dataframe would make tracking need ``claims[dask]`` and a scheduler for
what one process streams in seconds.

A shard says which model wrote it, the schema's labels in order and the kind
of each actor and target it names (its Parquet metadata); rolling up reads
``actor_top``, the topmost registered parent the registry gave at prediction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from claims.claim_shards import (
    META_KINDS,
    META_LABELS,
    META_ORIGIN,
    shard_metadata,
    shard_paths,
)
from claims.errors import ClaimsError, NotFound, did_you_mean
from claims.records import origin_selected, select_origins
from claims.track import (
    _RESERVED,
    Tracking,
    _check_periods,
    _describe,
    time_window,
    tracked,
)

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

BATCH_ROWS = 1 << 16  # claims scanned at a time
COMPACT_ROWS = 1 << 20  # partial counts held before they are added up
KEYS = ["actor", "target", "stance", "origin", "day"]


def track_shards(
    patterns: Sequence[str],
    origin: str | Sequence[str] = "all",
    actors: Sequence[str] = (),
    targets: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    by: str | None = None,
    roll_up: bool = False,
    window: int = 1,
) -> Tracking:
    """``claims.track.track`` over the claim shards named by ``patterns`` (paths,
    globs or fsspec URLs): the same selection, the same figures. Actors and
    targets are chosen by name; with ``roll_up`` an actor chooses the actors
    whose parent or topmost parent it is. A shard's origin is the model that wrote
    it (its metadata), so origins are chosen among those."""
    _check_periods(by, window)
    origins = [origin] if isinstance(origin, str) else list(origin)
    wanted = select_origins(origins)
    since, until = time_window(since, until)
    files = shard_paths(list(patterns))
    labels, kinds, found = _shard_facts(files)
    chosen = [name for name in found if origin_selected(name, wanted)]
    for role, names in (("actor", actors), ("target", targets)):
        for name in names:
            if name not in kinds[role]:
                raise NotFound(
                    f"No {role} named {name!r} in the claims of {len(files)} shards."
                    + did_you_mean(name, list(kinds[role]))
                )
    day = _day_key(by, bool(since or until))
    table = _counts(files, _filter(chosen, labels, actors, targets, roll_up), roll_up, day)
    selection = _describe(origins, actors, targets, since, until, roll_up, by, window)
    return tracked(
        _frame(table, labels),
        labels,
        kinds,
        selection,
        since,
        until,
        by,
        window,
        "See what the shards hold with 'claims track --claims …' and no selection.",
    )


def _shard_facts(files: list[str]) -> tuple[list[str], dict[str, dict[str, str]], list[str]]:
    """The labels the shards share (refused if they differ), the kinds they name and
    the origins (models) that wrote them."""
    labels, kinds, origins = None, {"actor": {}, "target": {}}, {}
    for file in files:
        meta = shard_metadata(file)
        if META_ORIGIN not in meta:
            raise ClaimsError(
                f"{file} is not a claim shard (no claims metadata); "
                "track the folder that 'claims predict --output' wrote."
            )
        found = json.loads(meta[META_LABELS])
        if labels is not None and found != labels:
            raise ClaimsError(
                f"{file} has the stance labels {found}, other shards {labels}: "
                "track shards of one schema at a time."
            )
        labels = found
        origins[meta[META_ORIGIN].decode()] = True
        for role, named in json.loads(meta.get(META_KINDS, b"{}")).items():
            kinds[role].update(named)
    if len(labels) < 2 or _RESERVED & set(labels):
        raise ClaimsError(
            f"Tracking needs two stance labels or more, none named as a tracking column; "
            f"the shards have {labels}."
        )
    return labels, kinds, list(origins)


def _filter(
    origins: list[str],
    labels: list[str],
    actors: Sequence[str],
    targets: Sequence[str],
    roll_up: bool,
):
    """The Arrow expression that selects the claims: by origin, targets and actors, with
    a stance of the schema (an undecided prediction is not a claim, as a project stores it).
    The time window is ``claims.track``'s to apply, after counting what it leaves out."""
    import pyarrow.compute as pc

    chosen = pc.field("origin").isin(origins) & pc.field("stance").isin(labels)
    if targets:
        chosen &= pc.field("target").isin(list(targets))
    if actors:
        columns = ("actor", "actor_parent", "actor_top") if roll_up else ("actor",)
        among = pc.scalar(False)
        for column in columns:
            among |= pc.field(column).isin(list(actors))
        chosen &= among & pc.field("actor_registered")
    return chosen


def _day_key(by: str | None, windowed: bool):
    """What the date of a count is: none when no view needs it (the matrix), the
    day when a time window filters by it, else the start of its ``by`` period,
    so that groups are as few as the figures allow (``Tracking`` reads a period
    from any date in it)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    day = pc.utf8_slice_codeunits(pc.field("published"), 0, 10)
    if not by and not windowed:
        return pc.scalar(pa.scalar(None, pa.timestamp("s")))
    day = pc.strptime(day, format="%Y-%m-%d", unit="s", error_is_null=True)
    if windowed or by == "day":
        return day
    return pc.floor_temporal(day, unit=by, week_starts_monday=True)


def _counts(files: list[str], chosen, roll_up: bool, day) -> pa.Table:
    """Claims per (actor, target, stance, origin, day), counted batch by batch."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    from claims.claim_shards import filesystem

    fs, _ = filesystem(files[0])
    dataset = ds.dataset([filesystem(file)[1] for file in files], format="parquet", filesystem=fs)
    speaker = pc.field("actor_top" if roll_up else "actor")
    columns = {
        "actor": pc.if_else(pc.field("actor_registered"), speaker, pa.scalar(None, pa.string())),
        "target": pc.field("target"),
        "stance": pc.field("stance"),
        "origin": pc.field("origin"),
        "day": day,
    }
    parts, held = [], 0
    for batch in dataset.scanner(
        columns=columns,
        filter=chosen,
        batch_size=BATCH_ROWS,
        batch_readahead=1,
        fragment_readahead=1,
    ).to_batches():
        if batch.num_rows:
            parts.append(_group(pa.Table.from_batches([batch]), "count_all"))
            held += parts[-1].num_rows
        if held > COMPACT_ROWS:
            parts, held = [_group(pa.concat_tables(parts), "sum")], 0
    if not parts:
        return pa.table(
            {
                **{key: pa.array([], pa.string()) for key in KEYS[:-1]},
                "day": pa.array([], pa.timestamp("s")),
                "n": pa.array([], pa.int64()),
            }
        )
    return _group(pa.concat_tables(parts), "sum")


def _group(table: pa.Table, how: str) -> pa.Table:
    """Rows counted (``count_all``) or counts added up (``sum`` of ``n``) per key."""
    aggregation = [([], "count_all")] if how == "count_all" else [("n", "sum")]
    grouped = table.group_by(KEYS, use_threads=False).aggregate(aggregation)
    return grouped.rename_columns(
        ["n" if name in ("count_all", "n_sum") else name for name in grouped.column_names]
    ).select([*KEYS, "n"])


def _frame(table: pa.Table, labels: list[str]) -> pd.DataFrame:
    """The counts as ``claims.track`` takes them: stance as the schema's categories, dates."""
    import pandas as pd

    frame = table.to_pandas()
    frame["stance"] = pd.Categorical(frame["stance"], categories=labels)
    frame["date"] = frame.pop("day").astype("datetime64[ns]")
    frame["n"] = frame["n"].astype("int64")
    return frame[["actor", "target", "stance", "origin", "date", "n"]]
