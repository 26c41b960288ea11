"""Page chrome left in the statements of real web pages, before and after a change to it.

Writes the distinct pages of ../shared/data/arabic-fc-baly2018/dataset (text and url,
2,326 of them) as one JSONL file, ingests it with ``claims ingest`` into a fresh project
under each of two trees of the code (``--before``: a checkout of the earlier code, e.g.
``git archive main | tar -x -C /tmp/base``; after: this script's tree), and counts in
one table: statements stored, articles without a title, first statements holding a
page header («title | site …»), statements holding each chrome pattern a fresh user
found, and statements whose text is stored in three articles or more. It then runs
``experiments/arabic_gold.py`` under each tree (the gold's speaker, content and chrome
figures on its 40 articles) and writes the statements the after tree no longer stores
(a seeded sample of ``--sample``) to ``--dropped`` for reading by hand.

    python experiments/baly_chrome.py --before /tmp/base [--model out/demo/model]
        [--shared ../shared/data/arabic-fc-baly2018/dataset] [--sample 40]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from claims import Project

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "arabic-fc-baly2018" / "dataset"
PATTERNS = {
    "page header «title | site» (first statements)": r"\s\|\s",
    "«تم النشر» (first statements)": r"تم النشر",
    "Notify message … Thanks for your report": r"Notify message|Thanks for your report",
    "Search": r"Search",
    "weather widget «يرجى كتابة اسم المدينة»": r"يرجى كتابة اسم المدينة",
    "«اختر صفحة اختر تصنيف»": r"اختر صفحة|اختر تصنيف",
}


def pages(shared: Path) -> list[dict]:
    """The distinct article texts of the shared claims, each with its first url."""
    seen: dict[str, str] = {}
    for path in sorted(shared.glob("*.json")):
        row = json.loads(path.read_text(encoding="utf-8"))
        for text, url in zip(row["article"], row["url"], strict=True):
            seen.setdefault(text, url)
    return [{"text": text, "url": url, "page": f"p{number}"}
            for number, (text, url) in enumerate(seen.items())]


def run(tree: Path, args: list[str]) -> str:
    """``args`` run by Python with ``tree`` first on the path (and as the working folder,
    which ``python -m`` puts before it); its standard output."""
    env = {**os.environ, "PYTHONPATH": str(tree), "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True,
                          check=False, cwd=tree)
    if done.returncode:
        raise SystemExit(f"{' '.join(args[:3])} under {tree} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def ingested(tree: Path, source: Path, db: Path) -> tuple[dict[str, list[str]], int, float]:
    """The statements stored for each page when ``tree`` ingests ``source``, in order,
    how many articles are stored without a title, and the CPU seconds of the ingest."""
    run(tree, ["-m", "claims", "--db", str(db), "init"])
    started = resource.getrusage(resource.RUSAGE_CHILDREN)
    run(tree, ["-m", "claims", "--db", str(db), "ingest", str(source)])
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = ended.ru_utime + ended.ru_stime - started.ru_utime - started.ru_stime
    by_page: dict[str, list[str]] = {}
    untitled = 0
    with Project(db) as project:
        for article in project.store.articles():
            untitled += not article.title
            by_page[article.metadata["page"]] = [s.text for s in project.statements(article.id)]
    return by_page, untitled, seconds


def figures(by_page: dict[str, list[str]], untitled: int, seconds: float) -> dict[str, str]:
    where = defaultdict(set)
    for page, texts in by_page.items():
        for text in texts:
            where[text].add(page)
    statements = [text for texts in by_page.values() for text in texts]
    first = [texts[0] for texts in by_page.values() if texts]
    counts = {"articles stored": len(by_page), "statements stored": len(statements),
              "articles without a title": untitled}
    for name, pattern in PATTERNS.items():
        pool = first if "first statements" in name else statements
        counts[name] = sum(bool(re.search(pattern, text)) for text in pool)
    counts["statements whose text is in ≥3 articles"] = sum(
        len(where[text]) >= 3 for text in statements
    )
    return {**{name: f"{count:,}" for name, count in counts.items()},
            "CPU s of the ingest": f"{seconds:.1f}"}


def gold(tree: Path, model: Path | None, shared: Path) -> dict[str, str]:
    options = ["--shared", str(shared)] + (["--model", str(model)] if model else [])
    table = run(tree, [str(ROOT / "experiments" / "arabic_gold.py"), *options])
    rows = [line.strip("|").split(" | ") for line in table.splitlines()[2:]]
    wanted = ("pipeline statements", "speaker accuracy", "content span", "stance macro-F1 /")
    # Named without their counts in brackets, which change with the statements found.
    return {re.sub(r" \(.*?\)", "", name.strip()): value.strip() for name, value in rows
            if name.strip().startswith(wanted)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="a tree of the earlier code")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--model", type=Path, help="a model directory for the gold's stance")
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--dropped", type=Path, default=Path("baly_chrome_dropped.txt"))
    args = parser.parse_args()
    args.shared, args.model = args.shared.resolve(), args.model and args.model.resolve()
    rows = pages(args.shared)
    trees = {"before": args.before.resolve(), "after": ROOT}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "pages.jsonl"
        source.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows),
                          encoding="utf-8")
        stored = {name: ingested(tree, source, Path(folder) / f"{name}.db")
                  for name, tree in trees.items()}
    before, after = (stored[name][0] for name in ("before", "after"))
    fates = {"kept": 0, "trimmed": 0, "dropped": 0}
    dropped = []
    for page, texts in before.items():
        kept = set(after.get(page, []))
        for text in texts:
            if text in kept or any(text in other for other in kept):
                fates["kept"] += 1
            elif any(other in text for other in kept):
                fates["trimmed"] += 1  # chrome cut off it, the rest still a statement
            else:
                fates["dropped"] += 1
                dropped.append((page, text))
    found = {name: figures(*stored[name]) for name in trees}
    scored = {name: gold(tree, args.model, args.shared) for name, tree in trees.items()}
    print(f"{len(rows):,} distinct pages\n\n| figure | before | after |\n| --- | --- | --- |")
    for name in found["before"]:
        print(f"| {name} | {found['before'][name]} | {found['after'][name]} |")
    print(f"| earlier statements stored whole / trimmed / no longer stored | – | "
          f"{fates['kept']:,} / {fates['trimmed']:,} / {fates['dropped']:,} |")
    for name in scored["before"]:
        print(f"| gold: {name} | {scored['before'][name]} | {scored['after'].get(name, '–')} |")
    urls = {row["page"]: row["url"] for row in rows}
    sample = random.Random(13).sample(dropped, min(args.sample, len(dropped)))
    args.dropped.write_text(
        "".join(f"{number}\t{urls[page]}\n{text}\n\n"
                for number, (page, text) in enumerate(sample, 1)),
        encoding="utf-8",
    )
    print(f"\n{len(sample)} of the statements no longer stored are in {args.dropped}")


if __name__ == "__main__":
    main()
