"""Printing benchmark: ``emit`` (claims/cli/output.py) writing rows as CSV, JSON Lines and a table.

The rows are shaped like ``claims track --by month`` timeline rows (actor and
target names, Arabic and English, a period, one count per stance, the claims and
the net position, a missing value every seventh row), seeded. Output goes to
/dev/null through ``sys.stdout``, as when a command's output is redirected to a file.
Prints rows per second (best of the runs) for each format.

    python experiments/bench_emit.py [--rows 100000] [--table-rows 2000] [--runs 3]
"""
from __future__ import annotations

import argparse
import contextlib
import os
import random
import sys
import time

from claims.cli.output import emit

ACTORS = ["Russia", "NATO", "روسيا", "الولايات المتحدة", "Angela Merkel", "CDU/CSU",
          "حلف الناتو"]
TARGETS = ["NATO eastward expansion", "توسع الناتو شرقا", "Obergrenze", "sanctions", "العقوبات"]


def timeline_rows(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        support, oppose, neutral = rng.randrange(40), rng.randrange(40), rng.randrange(5)
        claims = support + oppose + neutral
        rows.append(
            {
                "actor": rng.choice(ACTORS), "target": rng.choice(TARGETS),
                "period": f"{2015 + index // 12000}-{1 + index % 12:02d}", "support": support,
                "oppose": oppose, "neutral": neutral, "claims": claims,
                "net": None if index % 7 == 0 else round((support - oppose) / max(1, claims), 4),
            }
        )
    return rows


def rows_per_second(rows: list[dict], output_format: str, runs: int) -> float:
    best = float("inf")
    with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stdout(sink):
        for _ in range(runs):
            started = time.perf_counter()
            emit(rows, output_format, title="bench", widths={})
            best = min(best, time.perf_counter() - started)
    return len(rows) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--table-rows", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = timeline_rows(args.rows)
    for output_format in ("csv", "jsonl", "json"):
        print(f"{output_format:<6} {rows_per_second(rows, output_format, args.runs):>12,.0f} rows/s"
              f"  ({args.rows:,} rows, best of {args.runs})")
    table = rows[:args.table_rows]
    print(f"{'table':<6} {rows_per_second(table, 'table', args.runs):>12,.0f} rows/s"
          f"  ({args.table_rows:,} rows, best of {args.runs})")
    print(f"python {sys.version.split()[0]}, cores {os.cpu_count()}")


if __name__ == "__main__":
    main()
