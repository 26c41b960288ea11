"""Annotation benchmark: a scripted annotator makes 500 decisions through the real
terminal UI (``claims annotate`` in a pseudo-terminal, driven by pexpect).

The project holds copies of the shared example article (Asharq, Arabic) and the two
demo articles (Arabic, English) with the demo registry. The annotator knows the
right claims of every statement (``GOLD`` below, written for this benchmark) and
reaches them with as few keys as the UI allows: Enter or a stance digit when the
proposal is right, ``a``/``t`` and a number (the statement's mentions, no Enter
needed) or the shortest unique beginning of a name and Enter when it is not,
``+`` before all but the last claim of a statement, ``x`` for no claim. The
project has no model, so no stance is proposed: a right proposal is a right
actor and target, and its one key is the stance digit.

Prints keystrokes per claim (where the proposal was right, and overall) and the
latency per statement: the time from sending the key that saves a decision to
the next statement being drawn (median, 95th percentile). Finally checks that the
store holds exactly the claims the annotator meant.

    python experiments/bench_annotate.py [--shared ../shared] [--decisions 500]
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pexpect

from claims import Project

ROOT = Path(__file__).resolve().parents[1]
US, RU, UA, NATO = "United States", "Russia", "Ukraine", "NATO"
TALKS, JOINING = "security talks with Russia", "Ukraine joining NATO"
EXPANSION, INVASION = "NATO eastward expansion", "Russian invasion of Ukraine"

# The right claims of each statement, by article and position (written for this benchmark).
GOLD = {
    "asharq-2021-12-17-us-russia-security-ar": [
        [(US, TALKS, "support")], [(US, TALKS, "support")], [(US, TALKS, "support")],
        [(RU, TALKS, "support")], [(RU, JOINING, "oppose"), (RU, EXPANSION, "oppose")],
        [(US, TALKS, "neutral")], [], [],
        [(RU, JOINING, "oppose"), (RU, EXPANSION, "oppose"), (RU, TALKS, "support")],
        [(RU, JOINING, "oppose")], [(RU, EXPANSION, "oppose")],
        [(US, INVASION, "support"), (UA, INVASION, "support")], [(RU, INVASION, "oppose")], [], [],
        [], [], [], [(RU, EXPANSION, "oppose"), (RU, JOINING, "oppose"), (RU, TALKS, "support")],
        [],
    ],
    "ar-security-guarantees": [
        [], [(RU, EXPANSION, "oppose")], [(RU, INVASION, "oppose")], [(RU, INVASION, "oppose")],
        [(US, TALKS, "support")], [(US, INVASION, "oppose")], [(RU, JOINING, "oppose")],
        [(UA, JOINING, "support")],
    ],
    "en-security-guarantees": [
        [(RU, EXPANSION, "oppose")], [(RU, INVASION, "oppose")], [(US, TALKS, "support")],
        [(US, INVASION, "oppose")], [(UA, JOINING, "support")], [(NATO, JOINING, "support")],
    ],
}
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
HEADER = re.compile(r"#(\d+) · article")
CLAIM_LINE = re.compile(r"^(?:proposal|claim):\s+(.*?) · (.*?) · (\S+)", re.M)


def build_project(folder: Path, shared: Path, decisions: int) -> Path:
    sources = [shared / "examples" / "asharq-2021-12-17-us-russia-security-ar.txt",
               ROOT / "datasets/demo/articles/ar-security-guarantees.txt",
               ROOT / "datasets/demo/articles/en-security-guarantees.txt"]
    per_round = sum(len(GOLD[path.stem]) for path in sources)
    copies = folder / "articles"
    copies.mkdir()
    for number in range(decisions // per_round + 1):
        for (
            path
        ) in sources:  # a trailing number makes each copy a new article, with the same statements
            text = path.read_text(encoding="utf-8")
            (copies / f"{number:03}-{path.name}").write_text(
                f"{text}\n\n{number}\n", encoding="utf-8"
            )
    db = folder / "bench.db"
    with Project.init(db) as project:
        project.import_registry(ROOT / "datasets/demo/registry.yaml")
        report = project.ingest([str(copies)])
        assert not report.errors, report.errors
    return db


def gold_by_statement(db: Path) -> dict[int, list[tuple[str, str, str]]]:
    names = {
        "واشنطن تعد موسكو": "asharq-2021-12-17-us-russia-security-ar",
        "موسكو تطالب بضمانات": "ar-security-guarantees",
        "Kremlin demands": "en-security-guarantees",
    }
    with Project(db) as project:
        titles = {row["id"]: row["title"] for row in project.articles()}
        gold = {}
        for statement in project.statements():
            name = next(
                name
                for start, name in names.items()
                if titles[statement.article_id].startswith(start)
            )
            gold[statement.id] = GOLD[name][statement.position]
    return gold


class Annotator:
    """Drives the UI, counting keys and timing the way to the next statement."""

    def __init__(self, db: Path, decisions: int):
        env = dict(
            os.environ, CLAIMS_DB=str(db), TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", CLAIMS_BIDI="1"
        )
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "claims", "annotate", "--annotator", "bench", "--limit", str(decisions)],
            env=env, dimensions=(50, 140), encoding="utf-8", timeout=30,
        )
        self.child.delaybeforesend = None
        self.session = Project(db).annotation_session(
            "bench"
        )  # for completion only: what a name's beginning matches
        self.keys = 0
        self.screen = self._read_screen()

    def _read_screen(self) -> str:
        self.child.expect(r"q quit")
        return ANSI.sub("", self.child.before)

    def press(self, keys: str) -> str:
        self.keys += len(keys)
        self.child.send(keys)
        self.screen = self._read_screen()
        return self.screen

    def choose(self, kind: str, name: str) -> None:
        numbered = re.search(rf"^{kind}s:\s+(.*)$", self.screen, re.M).group(1)
        shortcuts = dict(
            (label, number) for number, label in re.findall(r"(\d+) (.+?)(?=\s{2}\d+ |$)", numbered)
        )
        typed = shortcuts.get(name) or next(
            name[:length] for length in range(1, len(name) + 1)
            if len(self.session.complete(kind, name[:length])) == 1 or length == len(name))
        self.keys += 1
        self.child.send(kind[0])
        self.child.expect_exact("Tab lists):")
        self.press(typed if typed in shortcuts.values() and len(shortcuts) < 10 else typed + "\r")

    def draft(self) -> tuple[str | None, str | None, str | None]:
        actor, target, stance = CLAIM_LINE.search(self.screen).groups()
        actor = re.sub(r" \(via .*\)$", "", actor)
        return (
            None if actor == "?" else actor, None if target == "?" else target,
            None if stance == "?" else stance,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--decisions", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = build_project(Path(folder), args.shared, args.decisions)
        gold = gold_by_statement(db)
        annotator = Annotator(db, args.decisions)
        labels = [label.name for label in Project(db).labels()]
        right_keys, right_claims, claims, more_keys, latencies, done = 0, 0, 0, 0, [], []
        for _ in range(args.decisions):
            statement_id = int(HEADER.search(annotator.screen).group(1))
            wanted = list(gold[statement_id])
            done.append(statement_id)
            if not wanted:
                started = time.perf_counter()
                annotator.press("x")
                latencies.append(time.perf_counter() - started)
                continue
            while wanted:
                actor, target, stance = annotator.draft()
                claim = next((c for c in wanted if c[:2] == (actor, target)), None) or next(
                    (c for c in wanted if c[0] == actor), wanted[0])
                wanted.remove(claim)
                before, right = (
                    annotator.keys,
                    claim[:2] == (actor, target) and stance in (None, claim[2]),
                )
                if claim[0] != actor:
                    annotator.choose("actor", claim[0])
                if claim[1] != target:
                    annotator.choose("target", claim[1])
                if wanted:  # "another claim here" is a key of the statement, not of this claim
                    annotator.press("+")
                    more_keys += 1
                    before += 1
                started = time.perf_counter()
                annotator.press("\r" if stance == claim[2] else str(labels.index(claim[2]) + 1))
                if not wanted:
                    latencies.append(time.perf_counter() - started)
                claims += 1
                right_claims += right
                right_keys += (annotator.keys - before) * right
        annotator.child.send("q")
        annotator.child.expect(pexpect.EOF)
        with Project(db) as project:
            stored = {
                (c.statement_id, c.actor, c.target, c.stance)
                for c in project.store.claims(origin="human:bench")
            }
        meant = {(sid, *claim) for sid in done for claim in gold[sid]}
        assert stored == meant, (
            f"the store differs from what was meant: {sorted(stored ^ meant)[:5]}"
        )
    decisions_with_claims = sum(1 for sid in done if gold[sid])
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
    print(
        f"decisions                                {len(done):>8}  "
        f"({decisions_with_claims} with claims, {len(done) - decisions_with_claims} no claim)"
    )
    print(f"claims recorded                          {claims:>8}")
    print(f"keystrokes                               {annotator.keys:>8}")
    print(
        f"keystrokes per claim, proposal right     {right_keys / right_claims:>8.2f}  "
        f"({right_claims} claims)"
    )
    print(f"'+' keys (another claim on a statement)  {more_keys:>8}")
    claim_keys = annotator.keys - (len(done) - decisions_with_claims)
    print(
        f"keystrokes per claim, overall            {claim_keys / claims:>8.2f}  "
        "(with '+', without no-claim keys)"
    )
    print(f"keystrokes per decision, overall         {annotator.keys / len(done):>8.2f}")
    print(f"latency per statement, median (ms)       {statistics.median(latencies) * 1000:>8.1f}")
    print(f"latency per statement, p95 (ms)          {p95:>8.1f}")


if __name__ == "__main__":
    main()
