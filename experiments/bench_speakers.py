"""Speakers and prediction over real Arabic news pages, this checkout beside another.

The distinct article pages of Baly et al. 2018 (2,326 pages, chrome included) are
ingested into a project with the demo registry; then each checkout runs, as a
``claims`` process of its own measured from outside (wall and CPU seconds of the
process tree, ``bench_archive.measure``):

- ``claims statements --speakers --format jsonl`` over every statement of the project;
- ``claims predict MODEL pages.jsonl --registry model --format jsonl``;
- ``claims predict MODEL pages.jsonl --store`` into a project of its own per checkout
  holding the demo registry (each article and its claims committed as it is done).

With ``--baseline DIR`` (a checkout of another commit: ``git worktree add DIR REV``)
both run under it too, on the same pages (each checkout's projects made by its own code,
their schemas may differ), and the table gives the ratio; the two outputs are compared
byte for byte.

    python experiments/bench_speakers.py --model out/demo/model [--baseline /tmp/old]
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import sys
import tempfile
from pathlib import Path

from bench_archive import SHARED, measure

ROOT = Path(__file__).resolve().parents[1]


def write_pages(path: Path) -> int:
    """The distinct pages of the Baly folder as JSON Lines; how many."""
    seen, count = set(), 0
    with path.open("w", encoding="utf-8") as out:
        for source in sorted((SHARED / "arabic-fc-baly2018/dataset").glob("*.json")):
            for text in json.loads(source.read_text(encoding="utf-8"))["article"]:
                if isinstance(text, str) and text.strip() and text not in seen:
                    seen.add(text)
                    out.write(json.dumps({"id": f"p{count}", "text": text},
                                         ensure_ascii=False) + "\n")
                    count += 1
    return count


def run(checkout: Path, command: list[str], output: Path) -> dict:
    """``command`` under ``checkout``'s package, its stdout kept in ``output``."""
    script = ("import sys, runpy; sys.stdout = open(sys.argv[1], 'w', encoding='utf-8'); "
              "sys.argv = ['claims', *sys.argv[2:]]; "
              "runpy.run_module('claims', run_name='__main__')")
    env = {**os.environ, "PYTHONPATH": str(checkout), "OMP_NUM_THREADS": "1"}
    # run in the checkout: "python -c" puts the working folder before PYTHONPATH
    return measure([sys.executable, "-c", script, str(output), *command], env, cwd=checkout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "out/demo/model")
    parser.add_argument("--baseline", type=Path, help="a checkout of another commit")
    parser.add_argument("--baseline-model", type=Path,
                        help="the model the baseline predicts with, where it reads another "
                             "model format (default: --model)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-speakers-"))
    pages = work / "pages.jsonl"
    registry = str(ROOT / "datasets/demo/registry.yaml")
    count = write_pages(pages)
    checkouts = {"this": ROOT, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    for name, path in checkouts.items():  # each checkout's projects, made by its own code
        for command in (["init"], ["ingest", str(pages)], ["registry", "import", registry]):
            run(path, ["--db", str(work / f"{name}.db"), *command], work / "setup.out")
        for command in (["init"], ["registry", "import", registry]):  # for --store: empty
            run(path, ["--db", str(work / f"store-{name}.db"), *command], work / "setup.out")
    models = {"this": str(args.model.resolve()),
              "baseline": str((args.baseline_model or args.model).resolve())}
    jobs = {
        "statements --speakers": lambda name: ["--db", str(work / f"{name}.db"), "statements",
                                               "--speakers", "--format", "jsonl"],
        "predict": lambda name: ["predict", models[name], str(pages), "--registry", "model",
                                 "--format", "jsonl"],
        "predict --store": lambda name: ["--db", str(work / f"store-{name}.db"), "predict",
                                         models[name], str(pages), "--store"],
    }
    print(f"{count:,} distinct Baly pages; figures: wall s / CPU s")
    print("| job | " + " | ".join(checkouts) + (" | CPU ratio | same output |" if
                                                 args.baseline else " |"))
    for job, command in jobs.items():
        slug = job.replace(" --", "-").replace(" ", "-")
        figures = {name: run(path, command(name), work / f"{slug}-{name}.out")
                   for name, path in checkouts.items()}
        cells = [f"{f['wall_s']} / {f['cpu_s']}" for f in figures.values()]
        if args.baseline:
            ratio = figures["baseline"]["cpu_s"] / max(figures["this"]["cpu_s"], 0.1)
            same = filecmp.cmp(*(work / f"{slug}-{n}.out" for n in checkouts), shallow=False)
            cells += [f"{ratio:.2f}x", "yes" if same else "no"]
        print(f"| {job} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
