"""Registry benchmark: a registry file of N actors with parents (every actor but the
first ten under another, three aliases each) imported into a fresh project, then
``claims actors list`` and ``claims statements --speakers`` over a few articles that
name some of them, with M actors registered.

Prints wall and CPU seconds for each step (CPU counts this process and the commands it runs),
then ``claims registry export`` of the M actors to YAML and TOML.

    python experiments/bench_registry.py [--import-actors 10000] [--actors 100000]
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from claims import Project


def registry(actors: int) -> dict:
    """Actors ``actor-0`` … with parents forming a tree ten wide at the root."""
    return {"actors": [{"name": f"Minister {number} of State", "kind": "person",
                        "aliases": [f"minister-{number}", f"M{number}", f"وزير {number}"],
                        **({"parent": f"Minister {number // 10} of State"} if number >= 10 else {})}
                       for number in range(actors)]}


def _cpu() -> float:
    """CPU seconds of this process and of the commands it has waited for."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(what: str, step) -> float:
    started, cpu = time.perf_counter(), _cpu()
    step()
    seconds = time.perf_counter() - started
    print(f"{what}: {seconds:.2f} s wall, {_cpu() - cpu:.2f} s CPU", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--import-actors", type=int, default=10_000)
    parser.add_argument("--actors", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        small, large = folder / "small.yaml", folder / "large.yaml"
        small.write_text(yaml.safe_dump(registry(args.import_actors), allow_unicode=True))
        large.write_text(yaml.safe_dump(registry(args.actors), allow_unicode=True))
        with Project.init(folder / "small.db") as project:
            timed(f"registry import, {args.import_actors:,} actors with parents",
                  lambda: project.import_registry(small))
        db = folder / "large.db"
        with Project.init(db) as project:
            timed(f"registry import, {args.actors:,} actors with parents",
                  lambda: project.import_registry(large))
            articles = folder / "articles.jsonl"
            texts = [f"Minister {n * 7} of State said the talks failed. M{n} denied it."
                     for n in range(args.articles)]
            articles.write_text("".join(json.dumps({"text": text}) + "\n" for text in texts))
            project.ingest([str(articles)])
        claims = [sys.executable, "-m", "claims", "--db", str(db)]
        for command in (["actors", "list", "--format", "jsonl"],
                        ["statements", "--speakers", "--format", "jsonl"],
                        ["registry", "export", str(folder / "out.yaml")],
                        ["registry", "export", str(folder / "out.toml")]):
            shown = " ".join(command[:2])
            if command[:2] == ["registry", "export"]:
                shown += f" to {Path(command[2]).suffix[1:].upper()}"
            timed(f"claims {shown} with {args.actors:,} actors",
                  lambda command=command: subprocess.run([*claims, *command], check=True,
                                                         stdout=subprocess.DEVNULL))


if __name__ == "__main__":
    main()
