"""Archive benchmark: ``claims predict`` on distinct real statements in one process,
with ``--jobs 2`` and with ``--engine dask`` on 2 local workers; then tracking
claims from Parquet shards.

Articles: PolNeAR's news (train and dev, English), the Arabic news articles of
Baly et al. 2018 (page chrome included) and the ANS sentences (train, dev,
test; 20 a pseudo-article), each article once (by content hash), taken in a
seeded order until ``--statements`` statements (as ``claims.ingest.prepare``
splits them). Up to the distinct statements there are, nothing repeats; past
that (``--statements 1000000``) the articles are repeated, and the report says
how many distinct statements there were. The same articles go to every
configuration: one JSON Lines file for the process runs, Parquet shards of
about 5,000 statements for Dask. Each configuration is a ``claims`` process
of its own, measured from outside: wall seconds, CPU seconds of the whole
process tree (``getrusage`` of the children), and peak RSS sampled every 0.1 s
(the largest single process, and the tree's sum).

Tracking: ``--track-claims`` (default 10,000,000) claim rows are generated as
claim shards with DEbateNet-migr15's real actor names and claim codes as
targets over 2015's days, then ``claims track --claims`` prints the matrix, the
weekly timeline with a 4-week window, and the congruence network, each in its
own process, measured the same way.

The model is trained on the ANS sample with a one-value C grid, carrying the
demo registry (as ``bench_predict.py``).

    python experiments/bench_archive.py [--statements 100000] [--track-claims 10000000]
        [--only predict|track] [--configs one,jobs2,dask2]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pyarrow as pa
import pyarrow.parquet as pq

from claims import Project
from claims.dataset import BuildOptions
from claims.errors import ClaimsError
from claims.ingest import prepare
from claims.models.config import TrainConfig
from claims.models.train import train_model
from claims.readers import RawArticle

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLAIMS_SHARED", ROOT.parent / "shared")) / "data"
SHARD_STATEMENTS = 5_000


# --- articles ------------------------------------------------------------------------------


def articles() -> list[dict]:
    """Every distinct article of the three sources, in a seeded order."""
    found = []
    for folder in ("train", "dev"):
        for path in sorted((SHARED / "polnear/data" / folder / "text").glob("*.txt")):
            found.append({"text": path.read_text(encoding="utf-8"), "source": "polnear"})
    for path in sorted((SHARED / "arabic-fc-baly2018/dataset").glob("*.json")):
        for text in json.loads(path.read_text(encoding="utf-8"))["article"]:
            if isinstance(text, str) and text.strip():
                found.append({"text": text, "source": "baly2018"})
    sentences = []
    for split in ("train", "dev", "test"):
        with (SHARED / f"ans/data/stance/{split}.csv").open(encoding="utf-8") as rows:
            for row in csv.DictReader(rows):
                sentences += [row["s1"].strip() + ".", row["s2"].strip() + "."]
    sentences = list(dict.fromkeys(sentences))
    for start in range(0, len(sentences), 20):
        found.append({"text": "\n\n".join(sentences[start:start + 20]), "source": "ans"})
    random.Random(0).shuffle(found)
    return found


def take(wanted: int) -> tuple[list[dict], int, int]:
    """Articles (each with its statement count) up to ``wanted`` statements; the
    number of distinct statements among them, and how many there are in all."""
    chosen, total, seen = [], 0, set()
    pool = []
    for number, article in enumerate(articles()):
        try:
            prepared = prepare(RawArticle(text=article["text"], where=str(number)))
        except ClaimsError:  # an article predict would refuse (no text left) is left out
            continue
        if not prepared.statements or prepared.fields["content_hash"] in seen:
            continue  # predict refuses an article of chrome only
        seen.add(prepared.fields["content_hash"])
        pool.append({**article, "id": f"a{number}", "statements": len(prepared.statements)})
    distinct = sum(article["statements"] for article in pool)
    while total < wanted:
        for article in pool:
            copy = len(chosen) // len(pool)
            chosen.append({**article, "id": f"{article['id']}-{copy}"} if copy else article)
            total += article["statements"]
            if total >= wanted:
                break
    return chosen, min(total, distinct), distinct


def write_inputs(chosen: list[dict], work: Path) -> tuple[Path, Path]:
    jsonl, shards = work / "articles.jsonl", work / "shards"
    shards.mkdir()
    with jsonl.open("w", encoding="utf-8") as out:
        for article in chosen:
            out.write(
                json.dumps({"id": article["id"], "text": article["text"]}, ensure_ascii=False)
                + "\n"
            )
    shard, size, number = [], 0, 0
    for article in chosen + [None]:
        if article is None or size >= SHARD_STATEMENTS:
            if shard:
                pq.write_table(pa.Table.from_pylist(shard), shards / f"part-{number:05d}.parquet")
                shard, size, number = [], 0, number + 1
            if article is None:
                break
        shard.append({"id": article["id"], "text": article["text"]})
        size += article["statements"]
    return jsonl, shards


# --- measuring a process -------------------------------------------------------------------


def measure(command: list[str], env: dict | None = None, cwd: Path | None = None) -> dict:
    """Run ``command`` (in ``env``, in ``cwd``), its output to /dev/null; wall and CPU seconds
    of its process tree, peak RSS of its largest process and of the tree (sampled every
    0.1 s)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with open(os.devnull, "w") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE, text=True,
                                   env=env, cwd=cwd)
        top, largest, tree = psutil.Process(process.pid), 0, 0
        while process.poll() is None:
            try:
                sizes = [p.memory_info().rss for p in [top, *top.children(recursive=True)]]
            except psutil.Error:
                sizes = []
            largest, tree = max([largest, *sizes]), max(tree, sum(sizes))
            time.sleep(0.1)
        errors = process.stderr.read()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{errors}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "peak_process_mb": largest >> 20,
            "peak_tree_mb": tree >> 20}


def predict_configs(model: Path, jsonl: Path, shards: Path, work: Path, configs: list[str]) -> dict:
    claims = [sys.executable, "-m", "claims"]
    commands = {
        "one": [
            *claims, "predict", str(model), str(jsonl), "--registry", "model", "--format", "jsonl",
        ],
        "jobs2": [
            *claims, "predict", str(model), str(jsonl),
            "--registry", "model", "--format", "jsonl", "--jobs", "2",
        ],
        "dask2": [
            *claims, "predict", str(model), "--input", str(shards / "*.parquet"), "--output",
            str(work / "claims"), "--engine", "dask", "--workers", "2", "--overwrite",
        ],
    }
    return {name: measure(commands[name]) for name in configs}


# --- tracking ------------------------------------------------------------------------------


def write_claim_shards(folder: Path, count: int, per_shard: int = 1_000_000) -> None:
    """``count`` claim rows, each an (actor, claim code) pair of DEbateNet-migr15 drawn as
    often as it occurs there (so actors and targets keep the real skew and ties), with a
    random stance and day of 2015."""
    import numpy as np

    from claims.claim_shards import (
        CLAIM_COLUMNS,
        META_FINGERPRINT,
        META_KINDS,
        META_LABELS,
        META_ORIGIN,
    )

    rows = [
        json.loads(line) for line in (SHARED / "debatenet-migr15/DebateNet-migr15v2.jsonl").open()
    ]
    pairs = [
        (row["name"], code)
        for row in rows
        if row.get("name")
        for code in row.get("claimvalues") or []
    ]
    actors = sorted({actor for actor, _ in pairs})
    targets = sorted({target for _, target in pairs})
    days = [f"2015-{month:02d}-{day:02d}" for month in range(1, 13) for day in range(1, 29)]
    labels = ["support", "oppose", "neutral"]
    kinds = {
        "actor": {name: "person" for name in actors},
        "target": {name: "claim" for name in targets},
    }
    generator = np.random.default_rng(0)
    schema = pa.schema([(name, pa.type_for_alias(kind)) for name, kind in CLAIM_COLUMNS.items()])
    folder.mkdir()
    for number, start in enumerate(range(0, count, per_shard)):
        size = min(per_shard, count - start)
        columns = {name: pa.nulls(size, schema.field(name).type) for name in CLAIM_COLUMNS}
        drawn = generator.integers(0, len(pairs), size)
        speaker = pa.array(np.array([actor for actor, _ in pairs], dtype=object)[drawn])
        columns.update(
            {
                "actor": speaker, "actor_top": speaker,
                "actor_registered": pa.array(np.ones(size, dtype=bool)),
                "target": pa.array(np.array([target for _, target in pairs], dtype=object)[drawn]),
                "stance": pa.array(np.array(labels, dtype=object)[generator.integers(0, 3, size)]),
                "published": pa.array(
                    np.array(days, dtype=object)[generator.integers(0, len(days), size)]
                ),
                "origin": pa.array(["model:synthetic@1"] * size),
            }
        )
        meta = {
            META_ORIGIN: b"model:synthetic@1", META_FINGERPRINT: b"-",
            META_LABELS: json.dumps(labels).encode(),
            META_KINDS: json.dumps(kinds, ensure_ascii=False).encode(),
        }
        table = pa.table(
            [columns[name] for name in CLAIM_COLUMNS], schema=schema.with_metadata(meta)
        )
        pq.write_table(table, folder / f"part-{number:04d}.parquet", compression="zstd")


def track_configs(folder: Path, work: Path) -> dict:
    claims = [sys.executable, "-m", "claims", "track", "--claims", str(folder / "*.parquet")]
    return {
        "matrix": measure([*claims, "--format", "csv"]),
        "timeline (week, window 4)": measure(
            [*claims, "--by", "week", "--window", "4", "--format", "csv"]
        ),
        "congruence network": measure(
            [*claims, "--network", str(work / "congruence.graphml"), "--mode", "congruence"]
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--track-claims", type=int, default=10_000_000)
    parser.add_argument("--only", choices=("predict", "track"))
    parser.add_argument("--configs", default="one,jobs2,dask2")
    args = parser.parse_args()
    report = {"machine": {"cpus": os.cpu_count(), "load_before": os.getloadavg()[0]}}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if args.only != "track":
            project = Project.init(work / "claims.db")
            project.import_registry(ROOT / "datasets/demo/registry.yaml")
            project.import_recipe("ans", ROOT / "datasets/ans-sample")
            project.build_dataset(work / "dataset", BuildOptions(split_by="given"))
            train_model(
                work / "dataset", work / "model", TrainConfig(c_grid=[0.3], calibration_folds=3)
            )
            chosen, distinct, available = take(args.statements)
            jsonl, shards = write_inputs(chosen, work)
            statements = sum(article["statements"] for article in chosen)
            report["predict"] = {
                "statements": statements, "distinct": distinct, "distinct_available": available,
                "articles": len(chosen), "shards": len(list(shards.glob("*.parquet"))),
            }
            for name, figures in predict_configs(work / "model", jsonl, shards, work,
                                                 args.configs.split(",")).items():
                figures["statements_per_s"] = round(statements / figures["wall_s"])
                figures["statements_per_cpu_s"] = round(statements / figures["cpu_s"])
                report["predict"][name] = figures
        if args.only != "predict":
            write_claim_shards(work / "claim-shards", args.track_claims)
            report["track"] = {
                "claims": args.track_claims,
                **track_configs(work / "claim-shards", work),
            }
    report["machine"]["load_after"] = os.getloadavg()[0]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
