"""Dataset benchmark: import and build datasets of 50,000, 100,000 and 200,000 claims.

The rows come from the shared published datasets (ANS stance pairs, ArabicStanceX
tweets, IBM claim stance, Emergent headlines), repeated as often as needed; a
repeated row gets a copy marker so that each is a distinct statement (one article
per row, as a real import of that many rows; the few rows that the published data
itself repeats become one claim each, so there are slightly fewer claims than
rows). For each size, one CSV file is imported through ``Project.import_file``
(one transaction) and a dataset is built from it with ``Project.build_dataset``
(article split, stratified, checked by loading it with ``datasets``), each in a
fresh process, so that each peak resident memory figure is that step's own.
Memory must stay flat as the claims grow.

    python experiments/bench_dataset.py [--shared ../shared] [--sizes 50000 100000 200000]
"""
from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ANS = {"agree": "support", "disagree": "oppose", "other": "neutral"}
STANCEX = {"Favor": "support", "Against": "oppose", "None": "neutral"}
EMERGENT = {"for": "support", "against": "oppose", "observing": "neutral"}
IBM = {"PRO": "support", "CON": "oppose"}


def base_rows(shared: Path) -> Iterator[dict]:
    """The shared datasets' rows as (text, target, stance, split), labels already mapped."""
    data = shared / "data"
    for split in ("train", "dev", "test"):
        with (data / "ans/data/stance" / f"{split}.csv").open(encoding="utf-8") as rows:
            for row in csv.DictReader(rows):
                yield {
                    "text": row["s2"], "target": row["s1"], "stance": ANS[row["stance"]],
                    "split": split,
                }
    for path in sorted((data / "arabicstancex/Stance_task").rglob("*.json")):
        columns = json.loads(path.read_text(encoding="utf-8"))
        for key, text in columns["text"].items():
            yield {
                "text": text, "target": path.stem.replace("_", " "),
                "stance": STANCEX[columns["stance"][key]], "split": path.parts[-3],
            }
    with (data / "ibm-claim-stance/claim_stance_dataset_v1.csv").open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            yield {"text": row["claims.claimCorrectedText"], "target": row["topicText"],
                   "stance": IBM[row["claims.stance"]], "split": row["split"]}
    for split in ("train", "test"):
        with (data / "emergent" / f"url-versions-2015-06-14-clean-{split}.csv").open(
            encoding="utf-8"
        ) as rows:
            for row in csv.DictReader(rows):
                yield {"text": row["articleHeadline"], "target": row["claimHeadline"],
                       "stance": EMERGENT[row["articleHeadlineStance"]], "split": split}


def write_rows(shared: Path, path: Path, wanted: int) -> None:
    """``wanted`` rows, streamed to a CSV file (the base rows again and again)."""
    written, copy = 0, 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=["text", "target", "stance", "split"])
        writer.writeheader()
        while written < wanted:
            for row in base_rows(shared):
                if written == wanted:
                    break
                writer.writerow({**row, "text": f"{row['text']} [{copy}]" if copy else row["text"]})
                written += 1
            copy += 1


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_import(db: str, rows: str) -> None:
    from claims import Project
    from claims.formats import Mapping

    started = time.perf_counter()
    with Project.init(db) as project:
        report = project.import_file(
            rows,
            Mapping(
                text="text", target="target", target_kind="claim", stance="stance", split="split"
            ),
            name="bench",
        )
    print(json.dumps({"seconds": time.perf_counter() - started, "peak_mib": peak_mib(),
                      "claims": report.claims_added, "rows": report.rows}))


def run_build(db: str, out: str) -> None:
    from claims import Project
    from claims.dataset import BuildOptions

    started = time.perf_counter()
    with Project(db) as project:
        report = project.build_dataset(out, BuildOptions(split_by="article", seed=0))
    size = sum(path.stat().st_size for path in Path(out).rglob("*.parquet"))
    print(json.dumps({"seconds": time.perf_counter() - started, "peak_mib": peak_mib(),
                      "rows": sum(report.rows.values()), "parquet_mib": size / 2**20}))


def child(step: str, *args: str) -> dict:
    result = subprocess.run([sys.executable, __file__, step, *args], capture_output=True, text=True)
    if result.returncode:
        sys.exit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ("import", "build"):
        (run_import if sys.argv[1] == "import" else run_build)(*sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 100_000, 200_000])
    args = parser.parse_args()
    print(
        f"{'claims':>9} {'import s':>9} {'import MiB':>11} {'build s':>8} {'build MiB':>10} "
        f"{'parquet MiB':>12}"
    )
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            rows, db, out = (
                Path(folder) / "rows.csv", Path(folder) / "bench.db", Path(folder) / "dataset",
            )
            write_rows(args.shared, rows, size)
            imported = child("import", str(db), str(rows))
            built = child("build", str(db), str(out))
            assert imported["rows"] == size and imported["claims"] == built["rows"], (
                imported,
                built,
            )
        print(
            f"{built['rows']:>9,} {imported['seconds']:>9.1f} {imported['peak_mib']:>11.0f} "
            f"{built['seconds']:>8.1f} {built['peak_mib']:>10.0f} {built['parquet_mib']:>12.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
