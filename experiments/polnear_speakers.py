"""Who speaks, measured on PolNeAR: the speakers, cues and contents that ``claims.attribution``
finds against the gold Source, Cue and Content spans of PolNeAR's annotators.

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

With ``--calibrate`` (train split) it measures instead how often each rule of
``claims.attribution.HOWS`` names the right speaker, statement by statement
(``calibrate``, ``judge``): the figures that ``claims.attribution.CONFIDENCE``
declares.

    python experiments/polnear_speakers.py [--split dev] [--polnear ../shared/data/polnear] [--no-write]
    python experiments/polnear_speakers.py --calibrate --split train [--no-write]

(or set CLAIMS_SHARED to the shared data folder, as the tests do)

Writes its table into experiments/results.md (without --no-write): the section
"## Who speaks (PolNeAR dev)" for --split dev, "## Speaker confidence per rule
(PolNeAR train)" for --calibrate.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from claims.attribution import HOWS, Attribution, attribute
from claims.cues import LEXICON
from claims.text import split_sentences

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.md"
SECTION = "## Who speaks (PolNeAR dev)"
CALIBRATION = "## Speaker confidence per rule (PolNeAR train)"
MIN_CASES = 30  # a rule seen fewer times on train takes the precision of all rules pooled
_SPAN_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_RELATION_LINE = re.compile(r"^E\d+\t(.+?)\s*$")
_KINDS = ("Source", "Cue", "Content")

Span = tuple[int, int]


@dataclass
class Gold:
    """The gold Source and Cue spans of one article, as (first start, last end),
    and its attributions: each one's Source span (None for PolNeAR's
    ``Attribution-no-source``) with all its Source, Cue and Content spans."""

    sources: set[Span] = field(default_factory=set)
    cues: set[Span] = field(default_factory=set)
    contents: set[Span] = field(default_factory=set)
    attributions: list[tuple[Span | None, tuple[Span, ...]]] = field(default_factory=list)


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def read_gold(path: Path, text: str) -> Gold:
    """Source, Cue and Content spans of a brat file. Offsets are characters of the text
    read with ``newline=""``; a discontinuous span (``0 5;9 12``) is taken from
    its first start to its last end."""
    gold, spans, relations = Gold(), {}, []
    with path.open(encoding="utf-8", newline="") as lines:
        for line in lines:
            match = _SPAN_LINE.match(line)
            if match and match[2] in _KINDS:
                pieces = [tuple(map(int, piece.split())) for piece in match[3].split(";")]
                spans[match[1]] = (match[2], _trimmed(text, pieces[0][0], pieces[-1][1]))
            elif relation := _RELATION_LINE.match(line):  # "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1"
                relations.append([role.partition(":")[2] for role in relation[1].split()])
            # anything else: notes, and the continuation lines of spans holding a newline
    for kind, span in spans.values():
        {"Source": gold.sources, "Cue": gold.cues, "Content": gold.contents}[kind].add(span)
    for ids in relations:
        parts = [spans[name] for name in ids if name in spans]
        source = next((span for kind, span in parts if kind == "Source"), None)
        gold.attributions.append((source, tuple(span for _, span in parts)))
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


def predict(text: str) -> tuple[set[Span], set[Span], set[Span], int, float]:
    """Distinct predicted speaker, cue and content spans of an article, its number
    of statements, and the seconds ``attribute`` took (splitting aside)."""
    statements = split_sentences(text)
    started = time.perf_counter()
    found = attribute(text, statements)
    seconds = time.perf_counter() - started
    speakers = {a.speaker_span for a in found if a.speaker_span}
    cues = {a.cue_span for a in found if a.cue_span and a.how}
    contents = {a.content_span for a in found if a.content_span and a.how}
    return speakers, cues, contents, len(statements), seconds


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
    """Scores for speaker, cue and content, exact and overlapping; statements; seconds
    spent attributing."""
    kinds = ("speaker", "cue", "content")
    scores = {f"{kind} {match}": Score() for kind in kinds for match in ("exact", "overlap")}
    statements, seconds = 0, 0.0
    for _, text, gold in items:
        speakers, cues, contents, count, spent = predict(text)
        seconds += spent
        statements += count
        scores["speaker exact"].add(speakers, gold.sources, exact=True)
        scores["speaker overlap"].add(speakers, gold.sources, exact=False)
        scores["cue exact"].add(cues, gold.cues, exact=True)
        scores["cue overlap"].add(cues, gold.cues, exact=False)
        scores["content exact"].add(contents, gold.contents, exact=True)
        scores["content overlap"].add(contents, gold.contents, exact=False)
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


def statement_sources(gold: Gold, start: int, end: int) -> set[Span]:
    """The gold Source spans of the statement ``[start, end)``: those of the gold
    attributions that touch it (their Source, Cue or Content overlaps it). A
    quotation running on into the next sentence keeps its Source there."""
    statement = {(start, end)}
    return {source for source, spans in gold.attributions
            if source and any(_overlaps(span, statement) for span in spans)}


def judge(found: Attribution, gold: Gold) -> bool:
    """Whether an attribution names the right speaker of its statement:

    1. the speaker as written (the pronoun included) or the phrase it stands for
       (``named_span``) overlaps a gold Source of the statement
       (``statement_sources``). A carried-over speaker has nothing written, so its
       antecedent must be a gold Source of this statement: PolNeAR gives a
       quotation that runs on the Source of the sentence it began in;
    2. and where the speaker was taken from an earlier statement (a pronoun or a
       carried speaker, ``carried_from``), that earlier phrase overlaps a gold
       Source of the article: the actor comes from it, so it must itself be a
       speaker. PolNeAR marks the pronoun as the Source and links no coreference,
       so whether the antecedent is the pronoun's referent is not judged: the
       pronoun's figure is an upper bound. Conversely a carried speaker counts
       wrong where the gold Source of its statement is a pronoun («he») rather
       than the name it carries: the carried figure leans low.
    """
    own = statement_sources(gold, found.start, found.end)
    written = [span for span in (found.speaker_span, found.named_span) if span]
    if not any(_overlaps(span, own) for span in written):
        return False
    return found.carried_from is None or _overlaps(found.named_span, gold.sources)


def calibrate(items: list[tuple[str, str, Gold]]) -> dict[str, tuple[int, int]]:
    """For each rule of ``HOWS``: (statements it attributed, those it got right by ``judge``)."""
    counts = {how: [0, 0] for how in HOWS}
    for _, text, gold in items:
        for found in attribute(text, split_sentences(text)):
            if found.how:
                counts[found.how][0] += 1
                counts[found.how][1] += judge(found, gold)
    return {how: (cases, right) for how, (cases, right) in counts.items()}


def pooled(counts: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """(cases, right) of all rules together."""
    cases, right = (sum(column) for column in zip(*counts.values()))
    return cases, right


def confidences(counts: dict[str, tuple[int, int]]) -> dict[str, float]:
    """Each rule's precision, or all rules' pooled precision where it has fewer than ``MIN_CASES`` cases."""
    cases, right = pooled(counts)
    pooled_precision = right / cases if cases else 0.0
    return {how: n_right / n_cases if n_cases >= MIN_CASES else pooled_precision
            for how, (n_cases, n_right) in counts.items()}


def confidence_table(counts: dict[str, tuple[int, int]]) -> str:
    declared = confidences(counts)
    lines = ["| rule | cases | correct | precision | confidence |", "| --- | --- | --- | --- | --- |"]
    for how, (cases, right) in counts.items():
        precision = f"{right / cases:.3f}" if cases else "–"
        lines.append(f"| {how} | {cases:,} | {right:,} | {precision} | {declared[how]:.2f} |")
    cases, right = pooled(counts)
    lines.append(f"| all rules pooled | {cases:,} | {right:,} | {right / cases:.3f} | |")
    return "\n".join(lines)


def write_section(title: str, body: str) -> None:
    """Replace (or append) the section ``title`` in experiments/results.md, through a temporary file."""
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Recorded results\n"
    pattern = re.compile(rf"^{re.escape(title)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    section = f"{title}\n\n{body.strip()}\n\n"
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
    parser.add_argument("--split", choices=("train", "dev"), help="dev (default), or train (default with --calibrate).")
    parser.add_argument("--calibrate", action="store_true",
                        help="Measure each rule's precision on the train split (claims.attribution.CONFIDENCE).")
    parser.add_argument("--no-write", action="store_true", help="Print only; leave experiments/results.md alone.")
    args = parser.parse_args()
    if args.calibrate and args.split == "dev":
        parser.error("--calibrate measures on the train split only (dev is for reporting): use --split train")
    split = args.split or ("train" if args.calibrate else "dev")
    folder = args.polnear / "data" / split
    if not folder.is_dir():
        sys.exit(f"No PolNeAR split at {folder}; give its place with --polnear.")
    items = articles(folder)
    if args.calibrate:
        _calibration(items, write=not args.no_write)
    else:
        _report(items, split, write=split == "dev" and not args.no_write)


def _report(items: list[tuple[str, str, Gold]], split: str, write: bool) -> None:
    scores, statements, seconds = evaluate(items)
    speed = f"{statements:,} statements in {len(items)} articles; attribution {statements / seconds:,.0f} statements/s"
    limits = ceilings(items)
    print(table(scores))
    print(speed)
    print(limits)
    if write:
        command = "python experiments/polnear_speakers.py --split dev"
        write_section(SECTION, f"Speaker, cue and content spans found by `claims.attribution` "
                               f"(rules written on the train split) against PolNeAR's gold Source, "
                               f"Cue and Content spans, {split} split. The content is the "
                               f"statement outside the speaker and the cue "
                               f"(`claims.cuestance.content_span`)."
                               f"\n\n"
                               f"{table(scores)}\n\n{speed} (splitting aside, one core).\n\n{limits}\n\n"
                               f"Command: `{command}`")


def _calibration(items: list[tuple[str, str, Gold]], write: bool) -> None:
    counts = calibrate(items)
    statements = sum(len(split_sentences(text)) for _, text, _ in items)
    print(confidence_table(counts))
    print(f"{statements:,} statements in {len(items)} articles")
    if write:
        command = "python experiments/polnear_speakers.py --calibrate --split train"
        write_section(CALIBRATION, (
            f"How often each attribution rule (`claims.attribution.HOWS`) names the right speaker, over the "
            f"{statements:,} statements of PolNeAR's {len(items)} train articles (English). A statement counts "
            f"right when its speaker as written, or the phrase it stands for, overlaps a gold Source of an "
            f"attribution touching the statement, and, for a speaker taken from an earlier statement (pronoun, "
            f"carried), that earlier phrase is itself a gold Source (see `judge`). PolNeAR links no coreference, "
            f"so the pronoun figure does not check that the antecedent is the pronoun's referent (an upper bound), "
            f"and a carried speaker counts wrong where the gold Source is a pronoun rather than the name it carries "
            f"(the carried figure leans low). "
            f"Rules with fewer than {MIN_CASES} cases take the pooled precision. `confidence` is what "
            f"`claims.attribution.CONFIDENCE` declares (`Attribution.confidence`).\n\n{confidence_table(counts)}"
            f"\n\nThere is no Arabic gold: Arabic attributions carry the English figure of the rule of the same "
            f"name, and reported-from (Arabic only, no English case) carries the pooled English "
            f"figure. They are not measured on Arabic.\n\nCommand: `{command}`"))


if __name__ == "__main__":
    main()
