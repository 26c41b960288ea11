"""Who speaks, measured on PolNeAR: the speakers and cues that ``claims.attribution``
finds against the gold Source and Cue spans of PolNeAR's annotators.

Each article is split into statements as ingest splits it (``split_sentences``),
``attribute`` gives one speaker and one cue per statement, and the distinct
predicted spans of an article are compared with its gold spans:

- exact: the predicted span is the gold span, character for character;
- overlap: the spans share at least one character (a predicted span counts as
  right when it overlaps a gold span; a gold span is found when a prediction
  overlaps it).

Statements whose speaker is carried over from an earlier one bring no span of
their own and are not counted twice. Where several annotators annotated an
article, the first annotation file in name order is the gold standard. The rules
were written looking at the train split only; dev is for reporting.

    python experiments/polnear_speakers.py [--split dev] [--polnear ../shared/data/polnear] [--no-write]

(or set CLAIMS_SHARED to the shared data folder, as the tests do)

Writes the table into the section "## Who speaks (PolNeAR dev)" of
experiments/results.md (with --split dev and without --no-write).
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from claims.attribution import attribute
from claims.cues import LEXICON
from claims.text import split_sentences

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.md"
SECTION = "## Who speaks (PolNeAR dev)"
_SPAN_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")

Span = tuple[int, int]


@dataclass
class Gold:
    """The gold Source and Cue spans of one article, as (first start, last end)."""

    sources: set[Span] = field(default_factory=set)
    cues: set[Span] = field(default_factory=set)


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def read_gold(path: Path, text: str) -> Gold:
    """Source and Cue spans of a brat file. Offsets are characters of the text
    read with ``newline=""``; a discontinuous span (``0 5;9 12``) is taken from
    its first start to its last end."""
    gold = Gold()
    with path.open(encoding="utf-8", newline="") as lines:
        for line in lines:
            match = _SPAN_LINE.match(line)
            if not match or match[2] not in ("Source", "Cue"):
                continue  # relations, notes, and the continuation lines of spans holding a newline
            pieces = [tuple(map(int, piece.split())) for piece in match[3].split(";")]
            span = _trimmed(text, pieces[0][0], pieces[-1][1])
            (gold.sources if match[2] == "Source" else gold.cues).add(span)
    return gold


def articles(folder: Path, names: set[str] | None = None) -> list[tuple[str, str, Gold]]:
    """``(name, text, gold)`` for each article of a split folder (``…/data/dev``),
    or for the articles called ``names``."""
    found, seen = [], set()
    for path in sorted((folder / "attributions").glob("*.ann")):
        name = path.stem.rsplit("_", 1)[0]  # the suffix is the annotator
        if name in seen or (names is not None and name not in names):
            continue
        seen.add(name)
        with (folder / "text" / f"{name}.txt").open(encoding="utf-8", newline="") as file:
            text = file.read()
        found.append((name, text, read_gold(path, text)))
    return found


def predict(text: str) -> tuple[set[Span], set[Span], int, float]:
    """Distinct predicted speaker and cue spans of an article, its number of
    statements, and the seconds ``attribute`` took (splitting aside)."""
    statements = split_sentences(text)
    started = time.perf_counter()
    found = attribute(text, statements)
    seconds = time.perf_counter() - started
    speakers = {a.speaker_span for a in found if a.speaker_span}
    cues = {a.cue_span for a in found if a.cue_span and a.how}
    return speakers, cues, len(statements), seconds


def _overlaps(span: Span, others: set[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


@dataclass
class Score:
    predicted: int = 0
    gold: int = 0
    right: int = 0  # predicted spans that match a gold span
    found: int = 0  # gold spans that a predicted span matches

    def add(self, predicted: set[Span], gold: set[Span], exact: bool) -> None:
        self.predicted += len(predicted)
        self.gold += len(gold)
        if exact:
            self.right += len(predicted & gold)
            self.found += len(predicted & gold)
        else:
            self.right += sum(_overlaps(span, gold) for span in predicted)
            self.found += sum(_overlaps(span, predicted) for span in gold)

    def figures(self) -> tuple[float, float, float]:
        precision = self.right / self.predicted if self.predicted else 0.0
        recall = self.found / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def evaluate(items: list[tuple[str, str, Gold]]) -> tuple[dict[str, Score], int, float]:
    """Scores for speaker and cue, exact and overlapping; statements; seconds spent attributing."""
    scores = {key: Score() for key in ("speaker exact", "speaker overlap", "cue exact", "cue overlap")}
    statements, seconds = 0, 0.0
    for _, text, gold in items:
        speakers, cues, count, spent = predict(text)
        seconds += spent
        statements += count
        scores["speaker exact"].add(speakers, gold.sources, exact=True)
        scores["speaker overlap"].add(speakers, gold.sources, exact=False)
        scores["cue exact"].add(cues, gold.cues, exact=True)
        scores["cue overlap"].add(cues, gold.cues, exact=False)
    return scores, statements, seconds


def ceilings(items: list[tuple[str, str, Gold]]) -> str:
    """What recall the design allows: gold cues that the cue lexicon knows, and gold
    sources that one speaker per statement can reach (one per statement holding one)."""
    cues = known = sources = reachable = 0
    for _, text, gold in items:
        cues += len(gold.cues)
        known += sum(bool(LEXICON.find(text[start:end])) for start, end in gold.cues)
        statements = split_sentences(text)
        sources += len(gold.sources)
        reachable += len({next((i for i, s in enumerate(statements) if s.start <= start < s.end), -1)
                          for start, _ in gold.sources})
    return (f"Recall ceilings: {known / cues:.1%} of the gold cues are in the cue lexicon (PolNeAR also annotates "
            f"beliefs and intentions: 'thinks', 'wants', 'plans', …); one speaker per statement reaches at most "
            f"{reachable / sources:.1%} of the gold sources.")


def table(scores: dict[str, Score]) -> str:
    lines = ["| span | match | precision | recall | F1 | predicted | gold |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for key, score in scores.items():
        what, match = key.split()
        precision, recall, f1 = score.figures()
        lines.append(f"| {what} | {match} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {score.predicted:,} | "
                     f"{score.gold:,} |")
    return "\n".join(lines)


def write_section(body: str) -> None:
    """Replace (or append) the section in experiments/results.md, through a temporary file."""
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Recorded results\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    section = f"{SECTION}\n\n{body.strip()}\n\n"
    updated = pattern.sub(lambda _: section, current) if pattern.search(current) else (
        current.rstrip("\n") + "\n\n" + section)
    temporary = RESULTS.with_suffix(".md.tmp")
    temporary.write_text(updated.rstrip("\n") + "\n", encoding="utf-8")
    temporary.replace(RESULTS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = Path(os.environ.get("CLAIMS_SHARED", HERE.parents[1] / "shared"))
    parser.add_argument("--polnear", type=Path, default=shared / "data" / "polnear",
                        help="PolNeAR's folder (default: $CLAIMS_SHARED/data/polnear, beside the repository).")
    parser.add_argument("--split", choices=("train", "dev"), default="dev")
    parser.add_argument("--no-write", action="store_true", help="Print only; leave experiments/results.md alone.")
    args = parser.parse_args()
    folder = args.polnear / "data" / args.split
    if not folder.is_dir():
        sys.exit(f"No PolNeAR split at {folder}; give its place with --polnear.")
    items = articles(folder)
    scores, statements, seconds = evaluate(items)
    speed = f"{statements:,} statements in {len(items)} articles; attribution {statements / seconds:,.0f} statements/s"
    limits = ceilings(items)
    print(table(scores))
    print(speed)
    print(limits)
    if args.split == "dev" and not args.no_write:
        command = "python experiments/polnear_speakers.py --split dev"
        write_section(f"Speaker and cue spans found by `claims.attribution` (rules written on the train split) "
                      f"against PolNeAR's gold Source and Cue spans, {args.split} split.\n\n{table(scores)}\n\n"
                      f"{speed} (splitting aside, one core).\n\n{limits}\n\nCommand: `{command}`")


if __name__ == "__main__":
    main()
