"""Who speaks, measured on PolNeAR: the speakers, cues and contents that ``claims.attribution``
finds against the gold Source, Cue and Content spans of PolNeAR's annotators.

Each article is split into statements as ingest splits it (``split_sentences``),
``attribute_all`` gives each attribution of a statement (its speaker, cue and
content; several where several speak), and the distinct
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

    python experiments/polnear_speakers.py [--split dev] [--polnear ../shared/data/polnear]
        [--speaker-model DIR | --rules-only] [--no-write]
    python experiments/polnear_speakers.py --calibrate --split train [--no-write]
    python experiments/polnear_speakers.py --diagnose [--split train]
    python experiments/polnear_speakers.py --cross-validate [--split train]

With ``--diagnose`` (train split) it prints where speaker recall is lost when a learned
model's candidates are all kept that name a gold Source (``diagnose``): the ceiling
that the candidates allow, and each missed gold attribution's bucket.

With ``--cross-validate`` (train split) it trains a speaker model on four fifths of the
train articles and scores it on the other fifth, five times (every fifth article held out
in turn), and prints the pooled scores: how a change is measured without looking at dev.
With ``--syntax`` the speaker model reads spaCy's parse too (``claims.models.speaker_syntax``).

(or set CLAIMS_SHARED to the shared data folder, as the tests do)

Writes its table into experiments/results.md (without --no-write): the section
"## Who speaks (PolNeAR dev)" for --split dev, "## Speaker confidence per rule
(PolNeAR train)" for --calibrate.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from claims.attribution import HOWS, Attribution, _merged, attribute_all
from claims.attribution_units import cue_tokens, quoted, units
from claims.cues import LEXICON
from claims.polnear import Gold, Span, articles, read_gold
from claims.polnear import overlaps as _overlaps
from claims.text import split_sentences

__all__ = ["Gold", "articles", "read_gold"]  # the PolNeAR reader, for the tests

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.md"
SECTION = "## Who speaks (PolNeAR dev)"
CALIBRATION = "## Speaker confidence per rule (PolNeAR train)"
FOLDS_TEXT = "5-fold (by article)"
MIN_CASES = 30  # a rule seen fewer times on train takes the precision of all rules pooled
def predict(text: str, speakers=None) -> tuple[set[Span], set[Span], set[Span], int, float]:
    """Distinct predicted speaker, cue and content spans of an article, its number
    of statements, and the seconds ``attribute`` took (splitting aside); ``speakers``:
    a learned speaker model (``claims.models.speakers``) or None for the rules alone."""
    statements = split_sentences(text)
    started = time.perf_counter()
    found = [one for row in attribute_all(text, statements, speakers=speakers) for one in row]
    seconds = time.perf_counter() - started
    speakers = {a.speaker_span for a in found if a.speaker_span}
    cues = {a.cue_span for a in found if a.cue_span and a.how}
    contents = {a.content_span for a in found if a.content_span and a.how}
    return speakers, cues, contents, len(statements), seconds


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


def evaluate(items: list[tuple[str, str, Gold]],
             speakers=None) -> tuple[dict[str, Score], int, float]:
    """Scores for speaker, cue and content, exact and overlapping; statements; seconds
    spent attributing (``speakers``: as for ``predict``)."""
    kinds = ("speaker", "cue", "content")
    scores = {f"{kind} {match}": Score() for kind in kinds for match in ("exact", "overlap")}
    statements, seconds = 0, 0.0
    for _, text, gold in items:
        found, cues, contents, count, spent = predict(text, speakers)
        seconds += spent
        statements += count
        scores["speaker exact"].add(found, gold.sources, exact=True)
        scores["speaker overlap"].add(found, gold.sources, exact=False)
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
        reachable += len({next((i for i, s in enumerate(statements) if s.start <= start < s.end),
                               -1) for start, _ in gold.sources})
    return (f"Recall ceilings: {known / cues:.1%} of the gold cues are in the cue lexicon (PolNeAR "
            f"also annotates beliefs and intentions: 'thinks', 'wants', 'plans', …); one speaker "
            f"per statement reaches at most {reachable / sources:.1%} of the gold sources.")


def cross_validate(items: list[tuple[str, str, Gold]], folds: int = 5,
                   syntax: bool = False) -> tuple[dict[str, Score], float]:
    """Scores pooled over ``folds`` folds by article (article ``i`` in fold ``i % folds``):
    a speaker model (with syntax features where ``syntax``) trained on the other folds,
    scored on each; and the CPU seconds."""
    from claims.models.speakers import train_items

    started, pooled_scores = time.process_time(), None
    for fold in range(folds):
        model = train_items([item for i, item in enumerate(items) if i % folds != fold],
                            syntax=syntax)
        scores, _, _ = evaluate([item for i, item in enumerate(items) if i % folds == fold],
                                model)
        pooled_scores = scores if pooled_scores is None else {
            key: Score(*(getattr(pooled_scores[key], name) + getattr(score, name)
                         for name in ("predicted", "gold", "right", "found")))
            for key, score in scores.items()}
    return pooled_scores, time.process_time() - started


def table(scores: dict[str, Score]) -> str:
    lines = ["| span | match | precision | recall | F1 | predicted | gold |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for key, score in scores.items():
        what, match = key.split()
        precision, recall, f1 = score.figures()
        lines.append(f"| {what} | {match} | {precision:.3f} | {recall:.3f} | {f1:.3f} | "
                     f"{score.predicted:,} | {score.gold:,} |")
    return "\n".join(lines)


def judge(found: Attribution, gold: Gold) -> bool:
    """Whether an attribution names the right speaker of its statement:

    1. the speaker as written (the pronoun included) or the phrase it stands for
       (``named_span``) overlaps a gold Source of the statement
       (``Gold.statement_sources``). A carried-over speaker has nothing written, so its
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
    own = gold.statement_sources(found.start, found.end)
    written = [span for span in (found.speaker_span, found.named_span) if span]
    if not any(_overlaps(span, own) for span in written):
        return False
    return found.carried_from is None or _overlaps(found.named_span, gold.sources)


def calibrate(items: list[tuple[str, str, Gold]]) -> dict[str, tuple[int, int]]:
    """For each rule of ``HOWS``: (statements it attributed, those it got right by ``judge``)."""
    counts = {how: [0, 0] for how in HOWS}
    for _, text, gold in items:
        for found in (one for row in attribute_all(text, split_sentences(text)) for one in row):
            if found.how:
                counts[found.how][0] += 1
                counts[found.how][1] += judge(found, gold)
    return {how: (cases, right) for how, (cases, right) in counts.items()}


def pooled(counts: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """(cases, right) of all rules together."""
    cases, right = (sum(column) for column in zip(*counts.values()))
    return cases, right


def confidences(counts: dict[str, tuple[int, int]]) -> dict[str, float]:
    """Each rule's precision, or all rules' pooled precision where it has fewer than
    ``MIN_CASES`` cases."""
    cases, right = pooled(counts)
    pooled_precision = right / cases if cases else 0.0
    return {how: n_right / n_cases if n_cases >= MIN_CASES else pooled_precision
            for how, (n_cases, n_right) in counts.items()}


def confidence_table(counts: dict[str, tuple[int, int]]) -> str:
    declared = confidences(counts)
    lines = ["| rule | cases | correct | precision | confidence |",
             "| --- | --- | --- | --- | --- |"]
    for how, (cases, right) in counts.items():
        precision = f"{right / cases:.3f}" if cases else "–"
        lines.append(f"| {how} | {cases:,} | {right:,} | {precision} | {declared[how]:.2f} |")
    cases, right = pooled(counts)
    lines.append(f"| all rules pooled | {cases:,} | {right:,} | {right / cases:.3f} | |")
    return "\n".join(lines)


_PRONOUNS = frozenset("he she they it we i you his her their its our my your him them us me"
                      .split())


def diagnose(items: list[tuple[str, str, Gold]]) -> dict[str, int]:
    """For each gold attribution with a Source: ``found`` where a candidate of a speaker
    model trained on ``items`` overlaps it when every right candidate is kept (the
    ceiling), else why not: no gold cue; the cue's statement does not hold the Source;
    the cue is no candidate; the cue lies inside a quotation; the candidate cue gets no
    speaker span; its span misses the Source; a right span lost to an earlier one. A
    pronoun Source ("he", "his") is counted apart."""
    from claims.models.speaker_spans import find
    from claims.models.speakers import _Recorder, candidate_cues, cue_words

    words = cue_words(items)
    recorder, counts = _Recorder(words), {}
    for _, text, gold in items:
        recorder.gold = gold
        statements = split_sentences(text)
        rows = attribute_all(text, statements, speakers=recorder)
        found = {one.speaker_span for row in rows for one in row if one.speaker_span}
        for source, spans in gold.attributions:
            if source is None:
                continue
            bucket = "found" if _overlaps(source, found) else _missed(
                text, statements, source, [s for s in spans if s in gold.cues], words,
                candidate_cues, find)
            if text[source[0]:source[1]].strip().lower() in _PRONOUNS:
                bucket += " (pronoun Source)"
            counts[bucket] = counts.get(bucket, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


def _missed(text, statements, source, cues, words, candidate_cues, find) -> str:
    if not cues:
        return "no gold cue"
    cue = cues[0]
    statement = next((s for s in statements if s.start <= cue[0] < s.end), None)
    if statement is None or not _overlaps(source, {(statement.start, statement.end)}):
        return "Source outside the cue's statement"
    segment = text[statement.start:statement.end]
    candidates = [one for one in _merged(LEXICON.find(segment), candidate_cues(words, segment))
                  if _overlaps((statement.start + one.start, statement.start + one.end), {cue})]
    if not candidates:
        return "cue not a candidate"
    toks = units(text, statement.start, statement.end)
    first, last = cue_tokens(toks, candidates[0], statement.start)
    if quoted(toks)[first]:
        return "cue inside a quotation"
    found = find(toks, first, last)
    if found is None or found.speaker is None:
        return "candidate cue, no speaker span"
    span = (toks[found.speaker[0]].start, toks[found.speaker[1] - 1].end)
    return "speaker span misses the Source" if not _overlaps(span, {source}) else (
        "right span lost to an earlier one")


def diagnosis_table(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    lines = ["| gold attributions with a Source | count | share |", "| --- | --- | --- |"]
    lines += [f"| {bucket} | {count:,} | {count / total:.3f} |" for bucket, count in counts.items()]
    return "\n".join(lines + [f"| all | {total:,} | 1.000 |"])


def write_section(title: str, body: str) -> None:
    """Replace (or append) the section ``title`` in experiments/results.md."""
    import results_file  # a sibling, importable when run as a script (tests load this file alone)

    results_file.write_section(f"{title}\n\n{body.strip()}\n", RESULTS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = Path(os.environ.get("CLAIMS_SHARED", HERE.parents[1] / "shared"))
    parser.add_argument("--polnear", type=Path, default=shared / "data" / "polnear",
                        help="PolNeAR's folder (default: $CLAIMS_SHARED/data/polnear).")
    parser.add_argument("--split", choices=("train", "dev"),
                        help="dev (default), or train (default with --calibrate).")
    parser.add_argument("--calibrate", action="store_true",
                        help="Measure each rule's precision on the train split "
                             "(claims.attribution.CONFIDENCE).")
    parser.add_argument("--diagnose", action="store_true",
                        help="Print where speaker recall is lost on the train split.")
    parser.add_argument("--cross-validate", action="store_true",
                        help="Score a speaker model by 5-fold cross-validation on the train "
                             "split (by article).")
    parser.add_argument("--speaker-model", type=Path, metavar="DIR",
                        help="A speaker model trained already (claims speakers train); by "
                             "default one is trained on the train split.")
    parser.add_argument("--syntax", action="store_true",
                        help="Train the speaker model with syntax features (spaCy; "
                             "claims.models.speaker_syntax).")
    parser.add_argument("--rules-only", action="store_true",
                        help="Measure the rules alone, with no learned speaker model.")
    parser.add_argument("--no-write", action="store_true",
                        help="Print only; leave experiments/results.md alone.")
    args = parser.parse_args()
    on_train = args.calibrate or args.diagnose or args.cross_validate
    if on_train and args.split == "dev":
        parser.error("--calibrate, --diagnose and --cross-validate measure on the train split "
                     "only (dev is for reporting): use --split train")
    split = args.split or ("train" if on_train else "dev")
    folder = args.polnear / "data" / split
    if not folder.is_dir():
        sys.exit(f"No PolNeAR split at {folder}; give its place with --polnear.")
    items = articles(folder)
    if args.diagnose:
        print(diagnosis_table(diagnose(items)))
        return
    if args.calibrate:
        _calibration(items, write=not args.no_write)
        return
    if args.cross_validate:
        scores, seconds = cross_validate(items, syntax=args.syntax)
        print(table(scores))
        print(f"5-fold cross-validation by article on {len(items)} train articles, "
              f"{seconds:.0f} CPU seconds")
        return
    learned = None if args.rules_only else _learned(args.speaker_model,
                                                    args.polnear / "data" / "train", args.syntax)
    _report(items, split, learned, write=split == "dev" and not args.no_write
            and not args.rules_only)


def _learned(path: Path | None, train: Path, syntax: bool = False):
    """A speaker model: the one at ``path``, else one trained on ``train`` now (with syntax
    features where ``syntax``)."""
    from claims.models.speakers import load_speakers, train_speakers

    if path is not None:
        return load_speakers(path)
    model = train_speakers(train, syntax=syntax)
    print(f"Speaker model trained on {train} in {model.card['train_cpu_seconds']} CPU seconds")
    return model


def _report(items: list[tuple[str, str, Gold]], split: str, learned, write: bool) -> None:
    scores, statements, seconds = evaluate(items)
    speed = (f"{statements:,} statements in {len(items)} articles; attribution "
             f"{statements / seconds:,.0f} statements/s")
    limits = ceilings(items)
    print("Rules only:")
    print(table(scores))
    print(speed)
    print(limits)
    if learned is not None:
        with_model, _, model_seconds = evaluate(items, learned)
        card = learned.card
        model_line = (
            f"{statements / model_seconds:,.0f} statements/s. The model: {card['cue_words']} "
            f"candidate cue words, {card['features']:,} features, {card['candidates']:,} "
            f"candidate attributions on {card['articles']} train articles, threshold "
            f"{learned.threshold:.3f} (the lowest at which {FOLDS_TEXT} cross-validation on "
            f"train keeps candidates with precision {card['precision_target']}), trained in "
            f"{card['train_cpu_seconds']} CPU seconds.")
        print("Rules + learned speaker model (trained on train):")
        print(table(with_model))
        print(model_line)
    if write:
        command = "python experiments/polnear_speakers.py --split dev"
        learned_part = "" if learned is None else (
            f"With the learned speaker model (`claims.models.speakers`, trained on the train "
            f"split by the same command; `claims speakers train`):\n\n{table(with_model)}\n\n"
            f"{model_line}\n\n")
        write_section(SECTION, f"Speaker, cue and content spans found by `claims.attribution` "
                               f"(rules written on the train split) against PolNeAR's gold "
                               f"Source, Cue and Content spans, {split} split. The content is the "
                               f"statement outside the speaker and the cue "
                               f"(`claims.cuestance.content_span`). Rules only:"
                               f"\n\n"
                               f"{table(scores)}\n\n{speed} (splitting aside, one core).\n\n"
                               f"{learned_part}{limits}\n\nCommand: `{command}`")


def _calibration(items: list[tuple[str, str, Gold]], write: bool) -> None:
    counts = calibrate(items)
    statements = sum(len(split_sentences(text)) for _, text, _ in items)
    print(confidence_table(counts))
    print(f"{statements:,} statements in {len(items)} articles")
    if write:
        command = "python experiments/polnear_speakers.py --calibrate --split train"
        write_section(CALIBRATION, (
            f"How often each attribution rule (`claims.attribution.HOWS`) names the right "
            f"speaker, over the {statements:,} statements of PolNeAR's {len(items)} train "
            f"articles (English). A statement counts right when its speaker as written, or the "
            f"phrase it stands for, overlaps a gold Source of an attribution touching the "
            f"statement, and, for a speaker taken from an earlier statement (pronoun, carried), "
            f"that earlier phrase is itself a gold Source (see `judge`). PolNeAR links no "
            f"coreference, so the pronoun figure does not check that the antecedent is the "
            f"pronoun's referent (an upper bound), and a carried speaker counts wrong where the "
            f"gold Source is a pronoun rather than the name it carries (the carried figure leans "
            f"low). Rules with fewer than {MIN_CASES} cases take the pooled precision. "
            f"`confidence` is what `claims.attribution.CONFIDENCE` declares "
            f"(`Attribution.confidence`).\n\n"
            f"{confidence_table(counts)}"
            f"\n\nArabic attributions carry the English figure of the rule of the same name, and "
            f"reported-from (Arabic only, no English case) carries the pooled English figure; the "
            f"Arabic gold measures them apart (section \"Arabic gold\").\n\nCommand: `{command}`"))


if __name__ == "__main__":
    main()
