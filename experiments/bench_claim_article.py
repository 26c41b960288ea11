"""Training a claim–article stance model on many pairs with news-length bodies.

The Baly et al. 2018 pairs (2,426, bodies of 4,200 characters at the median,
page chrome included) are repeated until there are ``--pairs`` of them; each
copy's body starts with a line of its own ("نسخة N."), so every row is
distinct (training keeps a repeated row once) while the targets stay the 337
claims. ``--body-scale`` repeats each body that many times, to see how time and
memory follow the body length. ``claims train`` runs with no configuration (the
automatic choice reads the shape as long documents: each body is summarised by
its sentences most related to the claim). The dataset folder is written first;
the training runs in a process of its own, whose peak resident set is the
memory figure, with its wall and CPU seconds.

    nice python experiments/bench_claim_article.py --pairs 40000 --body-scale 1 2
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

HERE = Path(__file__).resolve().parent


def write(shared: Path, pairs: int, scale: int, out: Path) -> int:
    """The repeated pairs as a dataset folder at ``out``; returns the median body length."""
    sys.path.insert(0, str(HERE))
    import pandas as pd
    import shared_data

    base = pd.concat(shared_data.baly2018_folds(shared).values(), ignore_index=True)
    copies = -(-pairs // len(base))
    bodies = [[f"نسخة {copy}.\n" + body * scale for body in base["text"]] for copy in range(copies)]
    rows = pd.concat([base.assign(text=texts) for texts in bodies], ignore_index=True).head(pairs)
    rows["id"] = [f"pair-{index}" for index in range(len(rows))]
    shared_data.write_dataset_folder(out, {"train": rows}, "all pairs", ["baly2018 repeated"],
                                     "macro_f1", labels=shared_data.BALY_LABELS)
    return int(rows["text"].str.len().median())


def peak_mib() -> int:
    """This process's peak resident set. Linux's ``ru_maxrss`` keeps, across the exec
    that starts the child, the parent's resident set at the fork (the parent holds
    every body), so the child's own high-water mark (``VmHWM``) is read where there is one."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def train(folder: Path, out: Path) -> dict:
    from claims import train_model

    started, cpu = time.perf_counter(), time.process_time()
    model = train_model(folder, out, progress=lambda line: print(line, file=sys.stderr, flush=True))
    return {"wall_s": round(time.perf_counter() - started, 1),
            "cpu_s": round(time.process_time() - cpu, 1),
            "peak_mib": peak_mib(),
            "chosen": model.card["tuning"]["chosen"], "features": model.card["feature_count"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=HERE.parents[1] / "shared" / "data")
    parser.add_argument("--pairs", type=int, default=40_000)
    parser.add_argument("--body-scale", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--train", type=Path, help=argparse.SUPPRESS)  # a child run: this folder
    args = parser.parse_args()
    if args.train is not None:
        print(json.dumps(train(args.train, args.train.parent / "model")))
        return
    for scale in args.body_scale:
        with tempfile.TemporaryDirectory() as work:
            body = write(args.shared, args.pairs, scale, Path(work) / "data")
            result = subprocess.run([sys.executable, __file__, "--train", str(Path(work) / "data")],
                                    check=False, capture_output=True, text=True)
        if result.returncode:
            sys.exit(f"body scale {scale} failed:\n{result.stderr[-3000:]}")
        figures = {"pairs": args.pairs, "body_scale": scale, "median_body_chars": body}
        print(json.dumps(figures | json.loads(result.stdout.strip().splitlines()[-1])), flush=True)
        print(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "", flush=True)


if __name__ == "__main__":
    main()
