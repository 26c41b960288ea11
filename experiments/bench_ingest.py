"""Ingest benchmark: at least 10,000 articles built from the shared datasets
(PolNeAR's English news articles and ArabicStanceX's Arabic tweets), written as
one JSONL file and ingested through ``Project.ingest`` into a fresh project.

Prints articles/s, statements/s and the peak resident memory of the process.

    python experiments/bench_ingest.py [--shared ../shared] [--articles 12000]
"""
from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from claims import Project


def corpus(shared: Path, wanted: int) -> list[dict]:
    english = [
        {"text": path.read_text(encoding="utf-8"), "language": "en", "source": "polnear"}
        for split in ("train", "dev")
        for path in sorted((shared / "data/polnear/data" / split / "text").glob("*.txt"))
    ]
    arabic = []
    for path in sorted((shared / "data/arabicstancex/Stance_task").rglob("*.json")):
        texts = json.loads(path.read_text(encoding="utf-8"))["text"]
        arabic += [
            {"text": text, "language": "ar", "source": "arabicstancex"} for text in texts.values()
        ]
    rows = english + arabic
    return rows[:wanted] if len(rows) >= wanted else (rows * (wanted // len(rows) + 1))[:wanted]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    parser.add_argument("--articles", type=int, default=12000)
    args = parser.parse_args()
    rows = corpus(args.shared, args.articles)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "articles.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for number, row in enumerate(rows):
                # Repeated rows get a marker so that each is a distinct article, not a duplicate.
                out.write(
                    json.dumps(
                        {**row, "text": f"{row['text']}\n\n(copy {number})"}, ensure_ascii=False
                    )
                    + "\n"
                )
        characters = sum(len(row["text"]) for row in rows)
        with Project.init(Path(folder) / "bench.db") as project:
            started = time.perf_counter()
            report = project.ingest([str(source)])
            seconds = time.perf_counter() - started
        assert not report.errors, report.errors
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"articles ingested   {report.articles_new:>10,}  "
        f"({report.articles_skipped} duplicates skipped)"
    )
    print(f"statements          {report.statements:>10,}")
    print(f"characters          {characters:>10,}")
    print(f"seconds             {seconds:>10.1f}")
    print(f"articles/s          {report.articles_new / seconds:>10,.0f}")
    print(f"statements/s        {report.statements / seconds:>10,.0f}")
    print(f"peak memory (MiB)   {peak_mib:>10,.0f}")


if __name__ == "__main__":
    main()
