"""Tracking benchmark: ``Project.track`` (matrix + timeline + congruence network)
over a project of at least 200,000 claims.

The claims are DEbateNet-migr15's real rows (1,064 actors, their claim codes,
±1 positions, dates) repeated: copy k of the corpus is dated k years after 2015,
each row becomes a statement of its article (one article per document and copy)
and each of its claim codes one claim. Articles, statements and claims go in
through the store in bulk (``Store.add_article``, ``Store.add_claims``).

People are registered with their party as parent (Horst Seehofer → CSU), for
the roll-up steps: the selection, matrix and timeline with ``roll_up=True``, and
the timeline with a moving window of 3 months.

Prints the size of the project and the seconds of each step (best and median of
the runs), then of ``claims track --by month --format csv`` as a command.

    python experiments/bench_track.py [--shared ../shared] [--claims 200000] [--runs 3]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from claims import Project
from claims.registry import add_entity
from claims.text import normalize

ORIGIN = "import:debatenet"


def load_rows(shared: Path) -> list[dict]:
    path = shared / "data/debatenet-migr15/DebateNet-migr15v2.jsonl"
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def register(project: Project, rows: list[dict]) -> tuple[dict, dict]:
    """Actor and target ids by name; names that normalise alike (AfD, AFD) are one actor.
    A person of one party gets it as parent (parties are never given one: no cycles)."""
    store = project.store
    canonical: dict[str, int] = {}
    parties = {normalize(party) for row in rows for party in row["parties"]}
    with store.transaction():
        actors = {}
        names = {row["name"].strip() for row in rows} | {
            party for row in rows for party in row["parties"]
        }
        for name in sorted(names):
            key = normalize(name)
            if key not in canonical:
                canonical[key] = add_entity(store, "actor", name, "organisation")
            actors[name] = canonical[key]
        for row in rows:
            if len(row["parties"]) == 1 and normalize(row["name"].strip()) not in parties:
                store.update_entity("actor", actors[row["name"].strip()],
                                    {"parent_id": canonical[normalize(row["parties"][0])]})
        targets = {code: add_entity(store, "target", code, "claim", exist_ok=True)
                   for code in sorted({code for row in rows for code in row["claimvalues"]})}
    return actors, targets


def fill(project: Project, rows: list[dict], copies: int) -> int:
    """Add ``copies`` of the corpus; returns the number of claims."""
    actors, targets = register(project, rows)
    positive, negative = [label.name for label in project.labels()][:2]
    documents = defaultdict(list)
    for row in rows:
        documents[row["doc_id"]].append(row)
    claims = []
    store = project.store
    with store.transaction():
        for copy in range(copies):
            for doc_id, quotes in documents.items():
                text, spans = "", []
                for row in quotes:
                    start = len(text)
                    text += row["quote"].strip() + "\n"
                    spans.append((start, len(text) - 1, None, None))
                published = f"{2015 + copy}{quotes[0]['cdate'][4:]}"
                article_id = store.add_article(
                    {
                        "content_hash": hashlib.sha256(f"{copy}:{doc_id}".encode()).hexdigest(),
                        "source": "taz", "url": None, "title": None, "published": published,
                        "language": "de", "text": text,
                    },
                    spans,
                )
                statement_ids = [statement.id for statement in store.statements(article_id)]
                for statement_id, row in zip(statement_ids, quotes):
                    stance = positive if row["cpos"] == "1" else negative
                    claims += [
                        (statement_id, actors[row["name"].strip()], targets[code], stance, ORIGIN)
                        for code in row["claimvalues"]
                    ]
        store.add_claims(claims)
    return len(claims)


def timed(step) -> tuple[float, object]:
    started = time.perf_counter()
    result = step()
    return time.perf_counter() - started, result


def one_run(project: Project) -> dict[str, float]:
    seconds = {}
    seconds["select (SQL + frame)"], tracking = timed(lambda: project.track(by="month"))
    seconds["matrix"], matrix = timed(lambda: tracking.matrix)
    seconds["timeline (month)"], timeline = timed(lambda: tracking.timeline)
    seconds["congruence network"], graph = timed(lambda: tracking.network("congruence"))
    seconds["total"] = sum(seconds.values())
    seconds["roll-up select"], rolled_up = timed(lambda: project.track(by="month", roll_up=True))
    seconds["roll-up matrix"], rolled_matrix = timed(lambda: rolled_up.matrix)
    seconds["roll-up timeline"], _ = timed(lambda: rolled_up.timeline)
    windowed = project.track(by="month", window=3)
    seconds["timeline, window 3"], windowed_timeline = timed(lambda: windowed.timeline)
    seconds["sizes"] = (
        int(tracking.counts["n"].sum()), len(matrix), len(timeline), graph.number_of_nodes(),
        graph.number_of_edges(), len(rolled_matrix), len(windowed_timeline),
    )
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = load_rows(args.shared)
    per_copy = sum(len(row["claimvalues"]) for row in rows)
    copies = math.ceil(args.claims / per_copy)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        with Project.init(db) as project:
            build, claims = timed(lambda: fill(project, rows, copies))
            counts = project.stats()
            runs = [one_run(project) for _ in range(args.runs)]
        command = [
            sys.executable, "-m", "claims", "--db", str(db),
            "track", "--by", "month", "--format", "csv",
        ]
        cli_seconds, output = timed(
            lambda: subprocess.run(command, capture_output=True, check=True)
        )
        smoothed = [*command, "--roll-up", "--window", "3"]
        smoothed_seconds, smoothed_output = timed(
            lambda: subprocess.run(smoothed, capture_output=True, check=True)
        )
    _, matrix_rows, timeline_rows, nodes, edges, rolled_rows, windowed_rows = runs[0]["sizes"]
    printed = output.stdout.count(b"\n") - 1
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"claims                 {claims:>10,}  "
        f"({copies} copies of DEbateNet-migr15, {per_copy:,} claims each)"
    )
    print(f"articles, statements   {counts['articles']:>10,}  {counts['statements']:,}")
    print(f"actors, targets        {counts['actors']:>10,}  {counts['targets']:,}")
    print(f"matrix rows            {matrix_rows:>10,}")
    print(
        f"timeline rows          {timeline_rows:>10,}  "
        f"({windowed_rows:,} with a window of 3 months)"
    )
    print(f"matrix rows, rolled up {rolled_rows:>10,}")
    print(f"congruence network     {nodes:>10,} nodes, {edges:,} edges")
    print(f"building (s)           {build:>10.1f}")
    print(f"{'step (s)':<22} {'best':>10} {'median':>8}   over {args.runs} runs")
    for step in (
        "select (SQL + frame)", "matrix", "timeline (month)", "congruence network", "total",
        "roll-up select", "roll-up matrix", "roll-up timeline", "timeline, window 3",
    ):
        values = [run[step] for run in runs]
        print(f"{step:<22} {min(values):>10.2f} {statistics.median(values):>8.2f}")
    print(
        "claims track --by month --format csv (s, one run, from a fresh process) "
        f"{cli_seconds:>6.2f}  ({printed:,} rows)"
    )
    smoothed_rows = smoothed_output.stdout.count(b"\n") - 1
    print(
        f"  ... with --roll-up --window 3 {'':>38} {smoothed_seconds:>6.2f}  "
        f"({smoothed_rows:,} rows)"
    )
    print(f"peak memory (MiB)      {peak_mib:>10,.0f}   cores {os.cpu_count()}")


if __name__ == "__main__":
    main()
