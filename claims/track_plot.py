"""Tracking plots: the heat map of net positions and the timeline's lines,
drawn on figures of their own (no pyplot state), names shaped and ordered for
right-to-left scripts where matplotlib does not do it itself."""
from __future__ import annotations

import textwrap
from functools import cache
from typing import TYPE_CHECKING

import arabic_reshaper
from bidi import get_display

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from claims.track import Tracking

DPI = 100
HEATMAP_LIMIT = 40  # actors (rows) and targets (columns) a heat map shows at most
LINE_TARGETS, LINE_ACTORS = 6, 8  # panels and lines per panel of a timeline plot
LABEL_CHARACTERS = 30  # longer names are shortened on plots


def display(text: str, limit: int = LABEL_CHARACTERS, visual: bool | None = None) -> str:
    """A name as a plot gets it: shortened to ``limit`` characters and, for a
    matplotlib that draws characters one by one in the order given (before
    3.11), with its Arabic letters joined (arabic_reshaper) and right-to-left
    runs put in display order (python-bidi). matplotlib 3.11 and later shape
    and order text themselves (libraqm), and get the text as it is: reordering
    it twice would print it backwards. ``visual`` forces either way."""
    text = str(text)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    if visual is None:
        visual = not _matplotlib_orders_text()
    return get_display(arabic_reshaper.reshape(text)) if visual else text


@cache
def _matplotlib_orders_text() -> bool:
    import matplotlib

    return matplotlib.__version_info__ >= (3, 11)


def _wrapped(text: str, width: int) -> str:
    """A title wrapped to a figure ``width`` pixels wide, each line in display order."""
    return "\n".join(display(line, len(line)) for line in textwrap.wrap(text, max(30, width // 8)))


def heatmap_size(actors: int, targets: int) -> tuple[int, int]:
    """The pixel size of a heat map with this many rows and columns: 0.3 inch a
    cell at 100 dpi, plus room for the labels, the title and the colour bar."""
    return round(max(6.4, 4.5 + 0.3 * targets) * DPI), round(max(4.8, 3.0 + 0.3 * actors) * DPI)


def _most_active(frame: pd.DataFrame, role: str, limit: int) -> list[str]:
    totals = frame.groupby(role, observed=True)["total"].sum()
    return sorted(str(name) for name in totals.nlargest(limit).index)


def heatmap_figure(tracking: Tracking, size: tuple[int, int] | None) -> tuple[Figure, list[str]]:
    """Net position per actor (rows) and target (columns), red for the second
    label, blue for the first, grey where the pair has no claim."""
    import matplotlib
    import numpy as np
    from matplotlib.figure import Figure

    actors = _most_active(tracking.matrix, "actor", HEATMAP_LIMIT)
    targets = _most_active(tracking.matrix, "target", HEATMAP_LIMIT)
    net = tracking.net_matrix().reindex(index=actors, columns=targets).to_numpy(dtype=float)
    width, height = size or heatmap_size(len(actors), len(targets))
    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, layout="constrained")
    axes = figure.subplots()
    colours = matplotlib.colormaps["RdBu"].with_extremes(bad="#e6e6e6")
    image = axes.imshow(np.ma.masked_invalid(net), cmap=colours, vmin=-1, vmax=1, aspect="auto",
                        interpolation="nearest")
    axes.set_xticks(
        range(len(targets)), [display(name) for name in targets], rotation=60, ha="right",
        rotation_mode="anchor",
    )
    axes.set_yticks(range(len(actors)), [display(name) for name in actors])
    if len(actors) * len(targets) <= 400:
        for (row, col), value in np.ndenumerate(net):
            if not np.isnan(value):
                axes.text(col, row, f"{value:.2f}", ha="center", va="center", fontsize=7,
                          color="white" if abs(value) > 0.6 else "black")
    first, second = (display(label) for label in tracking.labels[:2])
    figure.colorbar(image, ax=axes, label=f"net position\n({first} − {second}) / claims")
    axes.set_title(_wrapped(f"Net position ({tracking.selection})", width), fontsize=10)
    has_actors, has_targets = (
        tracking.matrix["actor"].nunique(),
        tracking.matrix["target"].nunique(),
    )
    if len(actors) < has_actors or len(targets) < has_targets:
        return figure, [
            f"The heat map shows the {len(actors)} of {has_actors} actors and {len(targets)} of "
            f"{has_targets} targets with most claims; choose others with --actor and --target."
        ]
    return figure, []


def timeline_figure(tracking: Tracking, size: tuple[int, int] | None) -> tuple[Figure, list[str]]:
    """One panel per target, one line of net position per actor over the periods."""
    from matplotlib import dates
    from matplotlib.figure import Figure

    timeline = tracking.timeline
    targets = _most_active(timeline, "target", LINE_TARGETS)
    width, height = size or (1000, 150 + 250 * len(targets))
    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, layout="constrained")
    panels = figure.subplots(len(targets), 1, sharex=True, squeeze=False)[:, 0]
    notes = []
    if timeline["target"].nunique() > len(targets):
        notes.append(
            f"The plot shows the {len(targets)} of {timeline['target'].nunique()} targets with "
            "most claims; choose others with --target."
        )
    if any(
        timeline[timeline["target"] == target]["actor"].nunique() > LINE_ACTORS
        for target in targets
    ):
        notes.append(f"A panel shows the {LINE_ACTORS} actors with most claims on its target; "
                     "choose others with --actor.")
    for axes, target in zip(panels, targets):
        rows = timeline[timeline["target"] == target]
        actors = _most_active(rows, "actor", LINE_ACTORS)
        for actor in actors:
            line = rows[rows["actor"] == actor].sort_values("period")
            axes.plot(line["period"].dt.start_time, line["net"], marker="o", label=display(actor))
        axes.axhline(0, color="#999999", linewidth=0.8)
        axes.set_ylim(-1.1, 1.1)
        axes.set_ylabel("net position")
        axes.set_title(display(target, 80), fontsize=10)
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    locator = dates.AutoDateLocator()
    panels[-1].xaxis.set_major_locator(locator)
    panels[-1].xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))
    window = (
        f", each summing the {tracking.window} {tracking.by}s ending there"
        if tracking.window > 1
        else ""
    )
    panels[-1].set_xlabel(f"{tracking.by} (article date{window})")
    return figure, notes
