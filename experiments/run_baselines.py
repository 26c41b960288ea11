"""Stance baselines on the published datasets: train on each official train split
(choices tuned on dev, or by cross-validation on train), evaluate once on the
official test split, and write the section "## Stance baselines" of
experiments/results.md (other sections of that file are kept).

Per dataset: the majority baseline, our figure, the published figure and its
source, the gap, training seconds (on the train split, and on 10,000 claims
resampled from it) and prediction statements per second on one core.

    python experiments/run_baselines.py [--shared ../shared/data] [--only ans emergent] [--seed 0]

    nice python experiments/run_baselines.py --default [--seeds 0 1 2]  # see default_training.py

Set CLAIMS_SHARED to the shared folder when it is not beside the repository.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core: set before numpy is imported
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import shared_data  # noqa: E402
from results_file import write_section  # noqa: E402

from claims import TrainConfig, evaluate_model, load_model, train_model  # noqa: E402
from claims.models import features  # noqa: E402

HERE = Path(__file__).resolve().parent
SECTION = "## Stance baselines"

# name: (split method, task metric hint, metric compared, published figure or None, source)
DATASETS = {
    "ans": (
        "official train/dev/test", None, "macro_f1", 76.7,
        "mBERT; Khouja 2020, *Stance Prediction and Claim Verification: An Arabic Perspective* "
        "(FEVER workshop), abstract and stance results table",
    ),
    "emergent": (
        "official claim-disjoint train/test", "accuracy", "accuracy", 73.0,
        "logistic regression with hand-built features; Ferreira & Vlachos 2016, *Emergent: a novel "
        "data-set for stance classification* (NAACL), results table",
    ),
    "arabicstancex": (
        "official train/test", "f_avg", "f_avg", 74.0,
        "MARBERTv2, one model for all topics (F1 of favor and against; 0.67 over three labels); "
        "Alkhathlan et al. 2025, *Constructing and evaluating ArabicStanceX* (Frontiers in AI 8), "
        "abstract",
    ),
    "ibm-claim-stance": (
        "official topic-disjoint train/test", None, "accuracy", None,
        "Bar-Haim et al. 2017 (EACL) report accuracy at several coverage levels with a "
        "lexicon-based system; we could not check the full-coverage figure, so none is quoted",
    ),
    "debatenet-migr15": (
        "ours: 80/10/10 by article, seeded", None, "macro_f1", None,
        "none: no published polarity figure on this split (the split is ours)",
    ),
}


def throughput(
    model, splits: dict[str, pd.DataFrame], wanted: int = 5000, repeats: int = 3
) -> float:
    """Median statements per second of ``predict_stance`` on one thread (CPU time),
    over distinct rows of all splits (up to ``wanted``), the text cache emptied first."""
    rows = pd.concat(list(splits.values()), ignore_index=True)
    batch = rows.drop_duplicates(["text", "target", "target_text", "actor"]).sample(
        frac=1, random_state=0
    )
    batch = batch.head(wanted)
    model.predict_stance(
        batch.head(200)
    )  # load lazily-built parts, as a running service would have
    figures = []
    with threadpool_limits(1):
        for _ in range(repeats):
            features._side.cache_clear()  # no statement is seen twice
            started = time.process_time()
            model.predict_stance(batch)
            figures.append(len(batch) / (time.process_time() - started))
    return float(np.median(figures))


def run(name: str, shared: Path, work: Path, seed: int, time_10k: bool = True) -> dict:
    method, metric_hint, metric, published, source = DATASETS[name]
    splits = shared_data.READERS[name](shared)
    folder = shared_data.write_dataset_folder(
        work / name, splits, method, [name], metric_hint, seed
    )
    config = TrainConfig.load(HERE / f"{name}.toml", seed)
    print(f"== {name}: training", file=sys.stderr)
    model = train_model(
        folder, work / f"{name}-model", config, progress=lambda line: print(line, file=sys.stderr)
    )
    report = evaluate_model(load_model(model.path), folder, "test", seed)
    seconds_10k = None
    if time_10k:
        big = {split: frame for split, frame in splits.items() if split != "test"}
        big["train"] = big["train"].sample(
            10_000, replace=len(big["train"]) < 10_000, random_state=seed
        )
        big_folder = shared_data.write_dataset_folder(
            work / f"{name}-10k", big, method, [name], None, seed
        )
        seconds_10k = train_model(big_folder, work / f"{name}-10k-model", config).card["seconds"][
            "total"
        ]
    ours = report["systems"]["model"][metric] * 100
    return {
        "name": name,
        "split": method,
        "rows": f"{len(splits['train']):,} / "
        f"{len(splits.get('validation', [])):,} / {len(splits['test']):,}", "metric": metric,
        "majority": report["systems"]["majority"][metric] * 100, "ours": ours,
        "accuracy": report["systems"]["model"]["accuracy"] * 100,
        "macro_f1": report["systems"]["model"]["macro_f1"] * 100, "published": published,
        "gap": None if published is None else ours - published, "source": source,
        "train_seconds": model.card["seconds"]["total"], "train_10k": seconds_10k,
        "per_second": throughput(model, splits), "dev": model.card["dev_metrics"],
        "C": model.card["tuning"]["C"], "tuning": model.card["tuning"]["method"],
    }


def table(results: list[dict], seed: int) -> str:
    lines = [
        SECTION,
        "",
        "Written by `python experiments/run_baselines.py` (seed "
        f"{seed}); every choice was made on train/dev, "
        "and each test split was read once, by `claims evaluate`'s library call. Figures in %. "
        "Metric: the one the published figure uses (`f_avg` = mean F1 of support and oppose). "
        "Training seconds include tuning, calibration and the target model; "
        "`10k` is a training run on 10,000 claims resampled from the train split (training keeps a "
        "repeated row "
        "once, weighted by its count, so on the smaller datasets this is a run on their distinct "
        "rows; "
        "arabicstancex's 10,000 rows are nearly all distinct). "
        "Prediction: statements/s of the stance model on one core (CPU time, median of 3), one "
        "batch of up to 5,000 "
        "distinct rows from all splits, the text cache emptied before each run.",
        "",
        "| dataset | split | train / dev / test | metric | majority | ours | published | gap | "
        "ours acc. | "
        "ours macro-F1 | train s | train s (10k) | predict stmts/s |",
        "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        published = "–" if r["published"] is None else f"{r['published']:.1f}"
        gap = "–" if r["gap"] is None else f"{r['gap']:+.1f}"
        ten_k = "not run" if r["train_10k"] is None else f"{r['train_10k']:.1f}"
        lines.append(
            f"| {r['name']} | {r['split']} | {r['rows']} | {r['metric']} | {r['majority']:.1f} | "
            f"{r['ours']:.1f} | {published} | {gap} | {r['accuracy']:.1f} | {r['macro_f1']:.1f} | "
            f"{r['train_seconds']:.1f} | {ten_k} | {r['per_second']:,.0f} |"
        )
    lines += ["", "Published figures:", ""]
    lines += [f"- **{r['name']}**: {r['source']}." for r in results]
    lines += ["", "Tuning (C of the linear SVM, temperature-scaled probabilities):", ""]
    lines += [
        f"- {r['name']}: C={r['C']:g} by {r['tuning']}"
        + (
            f"; dev accuracy {r['dev']['accuracy'] * 100:.1f}, macro-F1 "
            f"{r['dev']['macro_f1'] * 100:.1f}"
            if r["dev"]
            else ""
        )
        for r in results
    ]
    return "\n".join(lines) + "\n"



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared",
        type=Path,
        help="The shared data folder (default: $CLAIMS_SHARED/data or "
        "../shared/data beside the repository).",
        default=Path(os.environ.get("CLAIMS_SHARED", HERE.parents[1] / "shared")) / "data",
    )
    parser.add_argument("--only", nargs="*", choices=[*DATASETS, "baly2018"], default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--default",
        action="store_true",
        help="Train with no configuration (the automatic "
        "choice) beside a plain TF-IDF + LinearSVC baseline, over --seeds; writes its own section.",
    )
    parser.add_argument("--seeds", type=int, nargs="*", default=[0, 1, 2])
    parser.add_argument(
        "--skip-10k", action="store_true", help="Do not time a training run on 10,000 claims."
    )
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    args = parser.parse_args()
    if args.default:
        import default_training

        names = args.only or list(default_training.DATASETS)
        results = []
        with tempfile.TemporaryDirectory() as work:
            for name in names:  # the section is rewritten after each dataset: a long run
                results.append(default_training.run(  # stopped midway keeps what it measured
                    name, args.shared, Path(work), args.seeds,
                    lambda line: print(line, file=sys.stderr, flush=True)))
                section = default_training.table(results, args.seeds)
                write_section(section, args.out)
        print(section)
        return
    args.only = [name for name in args.only or DATASETS if name in DATASETS]
    with tempfile.TemporaryDirectory() as work:
        results = [
            run(name, args.shared, Path(work), args.seed, not args.skip_10k) for name in args.only
        ]
    section = table(results, args.seed)
    print(section)
    write_section(section, args.out)


if __name__ == "__main__":
    main()
