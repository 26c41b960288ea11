"""Prediction benchmark: statements per second of ``claims.predict`` (read, clean,
split, attribute, resolve, target, stance) beside the raw scikit-learn
``predict_proba`` of the same stance pipeline on the same already-split statements.

The articles are the demo articles' statements and the ANS sample's sentences
(datasets/ans-sample), 20 paragraphs an article, repeated to at least
``--statements`` statements, written as one JSON Lines file. The model is trained
on the ANS sample with a one-value C grid (prediction cost does not depend on it);
the registry it carries (the demo registry and the ANS sample's targets) resolves
speakers and targets.

    python experiments/bench_predict.py [--statements 50000] [--jobs 1]
"""
from __future__ import annotations

import argparse
import csv
import json
import tempfile
import time
from pathlib import Path

from claims import Project, TrainConfig, train_model
from claims.dataset import BuildOptions
from claims.models.features import as_rows
from claims.predict import Resolver, predict_articles, read_statement_rows

ROOT = Path(__file__).resolve().parents[1]
PER_ARTICLE = 20


def sentences() -> list[str]:
    demo = [line.strip() for path in sorted((ROOT / "datasets/demo/articles").glob("*.txt"))
            for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    ans = []
    with (ROOT / "datasets/ans-sample/data/stance/train.csv").open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            ans += [row["s1"].strip() + ".", row["s2"].strip() + "."]
    return demo + ans


def write_articles(path: Path, wanted: int) -> None:
    pool = sentences()
    with path.open("w", encoding="utf-8") as out:
        written = 0
        while written < wanted * 1.1:  # a few lines are dropped as page chrome at cleaning
            chunk = [pool[(written + k) % len(pool)] for k in range(PER_ARTICLE)]
            out.write(
                json.dumps(
                    {"title": f"article {written // PER_ARTICLE}", "text": "\n\n".join(chunk)},
                    ensure_ascii=False,
                )
                + "\n"
            )
            written += PER_ARTICLE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=50_000)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        project = Project.init(work / "claims.db")
        project.import_registry(ROOT / "datasets/demo/registry.yaml")
        project.import_recipe("ans", ROOT / "datasets/ans-sample")
        project.build_dataset(work / "dataset", BuildOptions(split_by="given"))
        model = train_model(
            work / "dataset", work / "model", TrainConfig(c_grid=[0.3], calibration_folds=3)
        )
        articles = work / "articles.jsonl"
        write_articles(articles, args.statements)
        resolver = Resolver.of(
            model.registry, "model"
        )  # what the model carries: demo registry + ANS targets

        started = time.perf_counter()
        claims = predict_articles(model, [str(articles)], resolver, jobs=args.jobs,
                                  model_dir=model.path)
        ours = time.perf_counter() - started

        rows = read_statement_rows([str(articles)], resolver)
        first = resolver.candidates[0]
        frame = as_rows(
            [
                {"text": row["text"], "target": first.name, "target_text": first.text, "actor": ""}
                for row in rows
            ]
        )
        started = time.perf_counter()
        model.stance.predict_proba(frame)
        raw = time.perf_counter() - started
    print(
        f"statements: {len(rows):,} in {len({row['article'] for row in rows}):,} articles; "
        f"claims predicted: {len(claims):,}"
    )
    print(f"claims predict (jobs={args.jobs}): {ours:.2f}s, {len(rows) / ours:,.0f} statements/s")
    print(
        f"raw predict_proba of the stance pipeline: {raw:.2f}s, {len(rows) / raw:,.0f} statements/s"
    )
    print(f"ratio (ours / raw time): {ours / raw:.2f}x")


if __name__ == "__main__":
    main()
