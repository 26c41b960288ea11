"""Tracking: who stands where on what, and how it moves.

A selection of claims (by origin, actors, targets and a time window) becomes
pandas tables: the actor × target matrix and, per day, week or month, its
timeline. ``Tracking`` also gives its networks (the two-mode actor–target network
and DNA's one-mode congruence and conflict networks of actors, built and written
for Gephi and visone by ``claims.track_network``) and its plots (PNG, SVG; drawn
by ``claims.track_plot``).

Stances are the project schema's labels in the schema's order. By the schema's
convention the FIRST label is the positive position and the SECOND the negative
one (``claims.schema``); every label is counted, and the net position of a pair
is (first − second) / all its claims. No label is named in this module.
Dates are the articles' publication dates. The SQL lives in ``claims.store``.

Two views follow the Discourse Network Analyzer: rolling actors up to their
registered parents (a spokesperson's claims count for the country), and a moving
window over the timeline's calendar periods (each period sums the claims of the
N periods ending there, so that sparse news gives readable lines).

numpy, scipy, networkx and matplotlib are imported by the functions that use
them, and pandas by the one that builds the frame, so that the other ``claims``
commands do not pay for loading them.
"""
from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from claims import folders, registry
from claims.errors import ClaimsError, NotFound, counted
from claims.ingest import parse_iso_date
from claims.records import Actor, select_origins
from claims.store import Store

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

# pandas period codes; a week runs Monday to Sunday
PERIODS = {"day": "D", "week": "W", "month": "M"}
MODES = ("affiliation", "congruence", "conflict")
PLOT_SUFFIXES = (".png", ".svg")
NETWORK_SUFFIXES = (".graphml", ".gexf", ".csv")
_COLUMNS = ("actor", "target", "stance", "origin", "day", "best")  # as Store.tracked_claims gives
# Names the tables and network files use for their own columns and attributes.
_RESERVED = {"actor", "target", "period", "total", "net", "weight", "label", "type", "id"}


@dataclass
class Tracking:
    """The claims of one selection, and the views of them.

    ``counts`` has one row per (actor, target, stance, origin, date) with the
    number of claims ``n``: every figure is computed from it, whatever its
    source (a project's store or Parquet shards, ``claims.track_parquet``);
    ``matrix`` and ``timeline`` are pandas DataFrames; ``network(mode)`` is a
    networkx graph; ``kinds`` gives the kind of each actor and target by name.
    ``notes`` say what was left out.
    """

    labels: list[str]
    counts: pd.DataFrame
    kinds: dict[str, dict[str, str]]
    selection: str
    by: str | None = None
    window: int = 1
    notes: list[str] = field(default_factory=list)

    @cached_property
    def matrix(self) -> pd.DataFrame:
        """One row per (actor, target) pair with claims: a column of counts per
        stance label (schema order), ``total`` and ``net`` = (first − second) / total."""
        return _count(self.counts, ["actor", "target"], self.labels)

    @cached_property
    def timeline(self) -> pd.DataFrame | None:
        """The matrix per period (a pandas Period column ``period``), dated claims
        only; None unless ``by`` was given. With a ``window`` of N, each period
        holds the claims of the N calendar periods ending there (see ``rolled``)."""
        if self.by is None:
            return None
        dated = self.counts.dropna(subset=["date"])
        periods = dated.assign(period=dated["date"].dt.to_period(PERIODS[self.by]))
        return rolled(
            _count(periods, ["actor", "target", "period"], self.labels), self.labels, self.window
        )

    def net_matrix(self) -> pd.DataFrame:
        """Net positions as a wide table: actors as rows, targets as columns, NaN where none."""
        return self.matrix.pivot(index="actor", columns="target", values="net")

    def network(self, mode: str = "affiliation") -> nx.Graph:
        """The ``affiliation`` (actor–target), ``congruence`` or ``conflict``
        (actor–actor) network."""
        if mode not in MODES:
            raise ClaimsError(f"Unknown network mode {mode!r}; use one of: {', '.join(MODES)}.")
        from claims.track_network import actor_network, affiliation_network

        return affiliation_network(self) if mode == "affiliation" else actor_network(self, mode)

    def write_network(self, path: str | Path, mode: str = "affiliation") -> nx.Graph:
        """Write the network to a .graphml, .gexf or .csv (edge list) file; returns the graph."""
        from claims.track_network import write_graph

        path = check_path(path, "network")
        graph = self.network(mode)
        write_graph(graph, path)
        return graph

    def plot(self, path: str | Path, size: tuple[int, int] | None = None) -> list[str]:
        """Draw a heat map of net positions or, with ``by``, lines of net position
        over time, to a .png or .svg file of ``size`` pixels (chosen from the
        data when None). Returns notes on what the plot leaves out."""
        from claims.track_plot import heatmap_figure, timeline_figure

        path = check_path(path, "plot")
        figure, notes = timeline_figure(self, size) if self.by else heatmap_figure(self, size)
        with folders.written_whole(path) as temporary:
            figure.savefig(temporary, format=path.suffix[1:].lower())
        return notes

    @staticmethod
    def check_path(path: str | Path, kind: str) -> Path:
        """The path of a ``plot`` or ``network`` file to write, refused before any
        work unless its suffix names a format we write and its folder exists."""
        return check_path(path, kind)

    def records(self) -> list[dict]:
        """The timeline (with ``by``) or the matrix as plain rows for printing:
        periods as text (2015-09-18, 2015-W38, 2015-09), net rounded to 4 places."""
        frame = (self.timeline if self.by else self.matrix).copy()
        if self.by == "week":  # an ISO week, 2015-W38, is shorter than its Monday/Sunday span
            frame["period"] = frame["period"].dt.start_time.dt.strftime("%G-W%V")
        elif self.by:
            frame["period"] = frame["period"].astype(str)
        frame["net"] = frame["net"].round(4)
        # column by column: ``tolist`` gives Python values as ``to_dict`` does,
        # at a third of its time
        columns = list(frame.columns)
        return [
            dict(zip(columns, values))
            for values in zip(*(frame[column].tolist() for column in columns))
        ]


# --- selecting claims -----------------------------------------------------------------


def track(store: Store, origin: str | Sequence[str] = "all", actors: Sequence[str] = (),
          targets: Sequence[str] = (),
          since: str | None = None, until: str | None = None, by: str | None = None,
          roll_up: bool = False, window: int = 1, every_origin: bool = False) -> Tracking:
    """Select claims by origin (one ``--origin`` value or several, in the grammar of
    ``claims.records.select_origins``: all, a kind, ``human:ana``, a GLOB), actors
    and targets (names or aliases; none means all)
    and a time window (``since`` and ``until`` inclusive, by publication date),
    and aggregate them per ``by`` period (day, week, month) for the timeline,
    each period summing the ``window`` periods ending there.

    With ``roll_up`` every claim counts for the actor's topmost registered
    parent (Peskov → Russia), and choosing an actor chooses the actors under it.
    Claims without an actor are left out; so are claims of undated articles when
    a time window is given, and from the timeline; ``notes`` counts them.

    A statement's target is read by the most authoritative kind of origin among the
    selected claims on it: gold, else people's, else imports, else models' (three
    annotators, an adjudicator and a model on one statement are the one gold claim);
    ``every_origin`` counts every selected claim instead.
    """
    _check_periods(by, window)
    origins = [origin] if isinstance(origin, str) else list(origin)
    patterns = select_origins(origins)
    since, until = time_window(since, until)
    labels = _labels(store)
    actor_ids = [registry.entity_id(store, "actor", name) for name in actors]
    target_ids = [registry.entity_id(store, "target", name) for name in targets]
    registered = {"actor": store.actors(), "target": store.targets()}
    names = {
        role: {entity.id: entity.name for entity in entities}
        for role, entities in registered.items()
    }
    if roll_up:
        chains = parent_chains(registered["actor"])
        chosen = {names["actor"][actor_id] for actor_id in actor_ids}
        actor_ids = [actor_id for actor_id, chain in chains.items() if chosen & set(chain)]
        names["actor"] = {actor_id: chain[-1] for actor_id, chain in chains.items()}
    frame = _frame(store.tracked_claims(patterns, actor_ids, target_ids), labels, names)
    best, notes = frame.pop("best").astype(bool), []
    if not every_origin and not best.all():
        frame = frame[best]
        notes.append(f"{counted(int((~best).sum()), 'claim')} on statements that an origin of a "
                     "more authoritative kind read (gold, then people or a ruling, then imports, "
                     "then models) are left out; --every-origin counts them.")
    selection = _describe(origins or ["all"], actors, targets, since, until, roll_up, by, window)
    kinds = {
        role: {entity.name: entity.kind for entity in entities}
        for role, entities in registered.items()
    }
    tracking = tracked(aggregate(frame), labels, kinds, selection, since, until, by, window,
                       " ".join([*notes, "See what the project holds with 'claims stats'."]))
    tracking.notes[:0] = notes
    return tracking


def aggregate(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims (one a row) as counts: one row per (actor, target, stance, origin, date), ``n``."""
    keys = ["actor", "target", "stance", "origin", "date"]
    return (
        claims.groupby(keys, observed=True, dropna=False, sort=False)
        .size()
        .rename("n")
        .reset_index()
    )


def tracked(
    counts: pd.DataFrame, labels: list[str], kinds: dict[str, dict[str, str]], selection: str,
    since: str | None, until: str | None, by: str | None, window: int, hint: str,
) -> Tracking:
    """The tracking of ``counts`` (see ``Tracking``), from a store or Parquet
    shards alike: what no view can place is left out with a note; ``hint`` says
    where to look when nothing is left."""
    counts, notes = _left_out(counts, since, until, by)
    if counts.empty:
        raise NotFound(f"No claims match the selection ({selection}). {hint}")
    if by and counts["date"].isna().all():
        raise ClaimsError(
            f"No dated claims for a timeline: the articles of the {counts['n'].sum()} claims "
            "selected have no publication date (give one with 'claims ingest --published')."
        )
    notes += _origins_note(counts)
    return Tracking(labels, counts, kinds, selection, by, window, notes)


def _check_periods(by: str | None, window: int) -> None:
    if by is not None and by not in PERIODS:
        raise ClaimsError(f"Unknown period {by!r}; use one of: {', '.join(PERIODS)}.")
    if not isinstance(window, numbers.Integral) or window < 1:
        raise ClaimsError(
            f"The window must be a whole number of periods, 1 or more; got {window!r}."
        )
    if window > 1 and by is None:
        raise ClaimsError(
            "A window is counted in periods: give the period (day, week or month) too."
        )


def parent_chains(actors: Sequence[Actor]) -> dict[int, list[str]]:
    """Each actor's id → its name, its parent's, and so on up to the topmost
    actor. The registry refuses cycles, but a project written by an earlier
    claims may hold one (A speaks for B and B for A): that is an error naming
    it, as no actor tops it."""
    parents = {actor.name: actor.parent for actor in actors}
    chains = {}
    for actor in actors:
        chain = [actor.name]
        while parents[chain[-1]] is not None:
            if parents[chain[-1]] in chain:
                cycle = chain[chain.index(parents[chain[-1]]):] + [parents[chain[-1]]]
                raise ClaimsError(
                    f"The actors' parents form a cycle ({' → '.join(map(repr, cycle))}): no actor "
                    "is on top to roll up to. Give one of them another parent with "
                    "'claims registry import'."
                )
            chain.append(parents[chain[-1]])
        chains[actor.id] = chain
    return chains


def time_window(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """The first and last day of a window given as --since and --until (ISO dates)."""
    since, until = _day(since, "--since"), _day(until, "--until")
    if since and until and since > until:
        raise ClaimsError(f"The time window is empty: since {since} is after until {until}.")
    return since, until


def _day(value: str | None, option: str) -> str | None:
    return parse_iso_date(value, option)[:10] if value else None


def _labels(store: Store) -> list[str]:
    labels = [label.name for label in store.labels()]
    if len(labels) < 2:
        raise ClaimsError(
            "Tracking needs at least two stance labels (a positive and a negative one); "
            f"this project has {len(labels)}."
        )
    for label in labels:
        if label in _RESERVED:
            raise ClaimsError(f"The stance label {label!r} is also the name of a tracking "
                              "column; rename the label.")
    return labels


def _frame(rows: list[tuple], labels: list[str], names: dict[str, dict[int, str]]) -> pd.DataFrame:
    """The store's rows as a frame of names, stance labels and dates (NaT when undated)."""
    import pandas as pd

    frame = pd.DataFrame.from_records(rows, columns=list(_COLUMNS))
    for role in ("actor", "target"):
        frame[role] = frame[role].map(names[role])
    frame["stance"] = pd.Categorical.from_codes(frame["stance"], categories=labels)
    frame["date"] = pd.to_datetime(frame.pop("day"), unit="D")
    return frame


def _left_out(frame: pd.DataFrame, since: str | None, until: str | None,
              by: str | None) -> tuple[pd.DataFrame, list[str]]:
    """Drop the counts of claims a view cannot place, with a note saying how many."""
    notes = []
    no_actor = frame["actor"].isna()
    if no_actor.any():
        notes.append(f"{frame.loc[no_actor, 'n'].sum()} claims without an actor are left out.")
        frame = frame[~no_actor]
    undated = frame["date"].isna()
    if undated.any() and (since or until):
        notes.append(f"{frame.loc[undated, 'n'].sum()} claims of undated articles are left out: "
                     "a time window needs dates.")
        frame = frame[~undated]
    elif undated.any() and by:
        notes.append(f"{frame.loc[undated, 'n'].sum()} claims of undated articles are left "
                     "out of the timeline.")
    if since:
        frame = frame[frame["date"] >= since]
    if until:
        frame = frame[frame["date"] <= until]
    for column in ("actor", "target"):  # categories make grouping 200,000 claims fast
        frame = frame.assign(**{column: frame[column].astype("category")})
    return frame, notes


def _origins_note(frame: pd.DataFrame) -> list[str]:
    """Claims of several origins (two annotators, a model) are counted together: say so."""
    origins = sorted(frame["origin"].unique())
    if len(origins) < 2:
        return []
    shown = ", ".join(origins[:4]) + (", …" if len(origins) > 4 else "")
    return [f"The claims of {len(origins)} origins are counted together ({shown}); "
            "choose with --origin."]


def _describe(origins: Sequence[str], actors: Sequence[str], targets: Sequence[str],
              since: str | None, until: str | None, roll_up: bool, by: str | None,
              window: int) -> str:
    parts = [f"origin {' or '.join(origins)}"]
    for what, names in (("actor", actors), ("target", targets)):
        if names:
            parts.append(f"{what}{'s' if len(names) > 1 else ''} {', '.join(map(repr, names))}")
    parts += [f"{word} {day}" for word, day in (("since", since), ("until", until)) if day]
    if roll_up:
        parts.append("rolled up to parent actors")
    if window > 1:
        parts.append(f"moving window of {window} {by}s")
    return ", ".join(parts)


def _count(claims: pd.DataFrame, keys: list[str], labels: list[str]) -> pd.DataFrame:
    counts = (
        claims.groupby([*keys, "stance"], observed=True)["n"].sum().unstack("stance", fill_value=0)
    )
    counts = counts.reindex(columns=labels, fill_value=0)
    counts.columns.name = None
    return _with_net(counts, labels).reset_index()


def _with_net(counts: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    """``counts`` (a column per label) with ``total`` and ``net`` = (first − second) / total."""
    counts["total"] = counts[labels].sum(axis=1)
    counts["net"] = (counts[labels[0]] - counts[labels[1]]) / counts["total"]
    return counts


def rolled(timeline: pd.DataFrame, labels: list[str], window: int) -> pd.DataFrame:
    """The ``timeline`` with each period's counts summed over the ``window``
    calendar periods ending there, per actor and target; net recomputed from
    the sums. A period without claims counts as an empty period, and a period
    is shown when its window holds claims, up to the last period of the data.

    A rolling sum over every calendar period would need a row for each pair
    and period, most of them empty (a thousand pairs over ten years of days is
    millions); instead each row is counted in the ``window`` periods starting
    at its own, and a groupby adds them up: the same sums, from rows × window."""
    if window == 1:
        return timeline
    import numpy as np

    keys = ["actor", "target", "period"]
    last = timeline["period"].max()
    spread = timeline.loc[timeline.index.repeat(window), [*keys, *labels]]
    spread["period"] = spread["period"] + np.tile(np.arange(window), len(timeline))
    spread = spread[spread["period"] <= last]
    sums = spread.groupby(keys, observed=True, sort=True)[labels].sum()
    return _with_net(sums, labels).reset_index()


# --- files --------------------------------------------------------------------------------


def check_path(path: str | Path, kind: str) -> Path:
    """The path of a ``plot`` or ``network`` file to write, refused unless its
    suffix names a format we write and its folder exists."""
    path = Path(path)
    suffixes = PLOT_SUFFIXES if kind == "plot" else NETWORK_SUFFIXES
    if path.suffix.lower() not in suffixes:
        raise ClaimsError(f"{path}: unknown {kind} format; name the file "
                          f"{', '.join(suffixes[:-1])} or {suffixes[-1]}.")
    if not path.parent.is_dir():
        raise ClaimsError(f"Cannot write {path}: the folder {path.parent} does not exist.")
    return path
