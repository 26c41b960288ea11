"""Stance from reporting cues, measured: how often each reading of
``claims.cuestance.cue_stance`` gives the gold stance, how well its declared
confidences are calibrated, and what the abstain threshold costs in coverage.

Held-out data with a statement, a claim and a stance: Emergent (English article
headlines against claim headlines; for/against/observing) and ANS (Arabic
paraphrases against claims; agree/disagree/other), their labels mapped to the
default labels as ``shared_data`` states. A row is covered when its statement has
a reporting cue; the cue's speaker is the headline's or paraphrase's voice, so
these are the outlet's stance, a proxy for the speaker's.

- ``--calibrate`` measures each reading's precision on the train splits (Emergent
  train, ANS train): the figures ``claims.cuestance.CONFIDENCE`` declares;
- by default it reports on Emergent test and ANS dev: coverage, accuracy and
  macro-F1 of the covered rows, expected calibration error (ECE, 10 equal-width
  bins) of the declared confidences, and precision and coverage at thresholds.

With ``--model`` it also trains ANS stance models on ANS train (C by cross-validation
on train, as ``experiments/ans.toml`` configures them otherwise) with and without the
``cue_stance`` feature group, and reports on ANS dev: macro-F1, the model's ECE,
and the model and the cue combined (``claims.cuestance.combine``) at the threshold.

    python experiments/cue_stance.py [--calibrate] [--model] [--no-write]

Writes the section "## Stance from reporting cues" of experiments/results.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np
from polnear_speakers import write_section
from shared_data import ans, emergent
from sklearn.metrics import f1_score

from claims.cuestance import CONFIDENCE, THRESHOLD, UNDECIDED, combine, cue_stance
from claims.models.config import TrainConfig
from claims.models.stance import train_stance

HERE = Path(__file__).resolve().parent
SECTION = "## Stance from reporting cues"
MIN_CASES = 20  # a reading seen fewer times takes the precision of all readings pooled


def _prose(text: str) -> str:
    """A paragraph written over several source lines, as one line of Markdown."""
    return " ".join(text.split())


CUE_NOTE = _prose("""
Stance read from the reporting cue alone (`claims.cuestance.cue_stance`: the cue's declared
effect, negations and reversals in the content, the claim read as a proposition), no training
data. A row is covered when its statement has a reporting cue. Confidences are each reading's
precision on Emergent train and ANS train (`--calibrate`, `claims.cuestance.CONFIDENCE`); ECE is
their expected calibration error on the held-out rows below (10 bins). These corpora give the
headline's or paraphrase's stance, a proxy for the speaker's.""")
ABSTAIN_NOTE = _prose("""
Abstaining: below the threshold a prediction says `undecided` (`claims.cuestance.THRESHOLD` =
{threshold}). Coverage is of all rows of the split; precision of the rows kept.""")
MODEL_NOTE = _prose("""
With a trained model: ANS stance models trained on ANS train (experiments/ans.toml, C by
cross-validation on train, with and without the `cue_stance` feature group), measured on ANS
dev. `model` rows take the model's stance; `cue+model` rows combine the model's probabilities
with the cue stance where the statement has a cue (`claims.cuestance.combine`); both then
abstain below the threshold.""")
THRESHOLDS = (0.0, 0.45, 0.5, 0.55, 0.6, 0.7)


def readings(frame) -> list[tuple[str, str, float, str]]:
    """``(gold, predicted, confidence, reading)`` for each covered row of ``frame``."""
    found = []
    for text, target, gold in zip(
        frame["text"], frame["target_text"], frame["stance"], strict=True
    ):
        stance = cue_stance(str(text), str(target))
        if stance is not None:
            found.append((gold, stance.stance, stance.confidence, stance.reading))
    return found


def calibrate(rows: list[tuple[str, str, float, str]]) -> dict[str, tuple[int, int, float]]:
    """Each reading's (cases, correct, declared confidence). A reading seen fewer than
    ``MIN_CASES`` times declares the lower of its unhedged reading's figure and all
    readings pooled: a hedge never raises a confidence."""
    counts = {reading: [0, 0] for reading in CONFIDENCE}
    for gold, predicted, _, reading in rows:
        counts[reading][0] += 1
        counts[reading][1] += gold == predicted
    cases, right = sum(c for c, _ in counts.values()), sum(r for _, r in counts.values())
    pooled = right / cases if cases else 0.0
    measured = {reading: r / c for reading, (c, r) in counts.items() if c >= MIN_CASES}
    declared = {
        reading: measured.get(
            reading, min(measured.get(reading.replace("-hedged", ""), pooled), pooled)
        )
        for reading in counts
    }
    return {reading: (c, r, round(declared[reading], 2)) for reading, (c, r) in counts.items()}


def expected_calibration_error(
    confidence: np.ndarray, correct: np.ndarray, bins: int = 10
) -> float:
    """The weighted mean gap between confidence and accuracy over equal-width bins."""
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    return float(
        sum(
            abs(confidence[which == b].mean() - correct[which == b].mean()) * (which == b).mean()
            for b in range(bins)
            if (which == b).any()
        )
    )


def report(name: str, frame) -> tuple[str, list[str]]:
    """A line of figures for one split, and its lines of the threshold table."""
    rows = readings(frame)
    total = len(frame)
    if not rows:
        return f"| {name} | {total:,} | 0 | – | – | – |", []
    gold = [g for g, *_ in rows]
    predicted = [p for _, p, *_ in rows]
    confidence = np.array([c for _, _, c, _ in rows])
    correct = np.array([g == p for g, p in zip(gold, predicted, strict=True)], dtype=float)
    macro = f1_score(gold, predicted, average="macro", labels=sorted(set(gold) | set(predicted)))
    line = (
        f"| {name} | {total:,} | {len(rows):,} ({len(rows) / total:.1%}) | {correct.mean():.3f} | "
        f"{macro:.3f} | {expected_calibration_error(confidence, correct):.3f} |"
    )
    table = []
    for threshold in THRESHOLDS:
        kept = confidence >= threshold
        precision = f"{correct[kept].mean():.3f}" if kept.any() else "–"
        share = kept.sum() / total
        table.append(f"| {name} | {threshold:.2f} | {kept.sum():,} | {share:.1%} | {precision} |")
    return line, table


def model_lines(data: Path) -> list[str]:
    """ANS dev figures of stance models trained on ANS train with and without the cue features."""
    splits = ans(data)
    train, dev = splits["train"], splits["validation"]
    base = TrainConfig.load(HERE / "ans.toml")
    lines = [
        (
            "| stance from | model features | model macro-F1 | model ECE | kept at the threshold | "
            "precision kept | macro-F1 kept | sources of kept rows |"
        ),
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, groups in (
        ("ans.toml", base.features),
        ("ans.toml + cue_stance", base.features + ["cue_stance"]),
    ):
        config = TrainConfig(**{**base.__dict__, "features": groups})
        pipeline, _ = train_stance(
            config, train, None, list(dict.fromkeys(train["stance"])), lambda _: None
        )
        labels = [str(label) for label in pipeline.classes_]
        proba = pipeline.predict_proba(dev)
        predicted = [labels[i] for i in proba.argmax(axis=1)]
        truth = dev["stance"].tolist()
        correct = np.array([t == p for t, p in zip(truth, predicted, strict=True)], dtype=float)
        ece = expected_calibration_error(proba.max(axis=1), correct)
        macro = f1_score(truth, predicted, average="macro", labels=labels)
        cues = [
            cue_stance(str(text), str(target))
            for text, target in zip(dev["text"], dev["target_text"], strict=True)
        ]
        for sources_used, given in (("model", [None] * len(cues)), ("cue+model", cues)):
            decisions = [combine(cue, labels, row) for cue, row in zip(given, proba, strict=True)]
            kept = [(t, d) for t, d in zip(truth, decisions, strict=True) if d.stance != UNDECIDED]
            right = sum(t == d.stance for t, d in kept)
            kept_macro = (
                f1_score(
                    [t for t, _ in kept],
                    [d.stance for _, d in kept],
                    average="macro",
                    labels=labels,
                )
                if kept
                else 0.0
            )
            sources = {
                source: sum(d.source == source for _, d in kept)
                for source in ("model", "cue+model")
            }
            lines.append(
                f"| {sources_used} | {name} | {macro:.3f} | {ece:.3f} | "
                f"{len(kept):,}/{len(dev):,} ({len(kept) / len(dev):.1%}) | "
                f"{right / len(kept) if kept else 0:.3f} | {kept_macro:.3f} | "
                f"{', '.join(f'{k} {v}' for k, v in sources.items())} |"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = Path(os.environ.get("CLAIMS_SHARED", HERE.parents[1] / "shared"))
    parser.add_argument(
        "--data", type=Path, default=shared / "data", help="The shared data folder."
    )
    parser.add_argument(
        "--calibrate", action="store_true", help="Measure each reading on the train splits."
    )
    parser.add_argument(
        "--model",
        action="store_true",
        help="Also train ANS stance models with and without the cue features (a minute).",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="Print only; leave experiments/results.md alone."
    )
    args = parser.parse_args()
    if not (args.data / "emergent").is_dir() or not (args.data / "ans").is_dir():
        sys.exit(f"No Emergent or ANS under {args.data}; give the shared data folder with --data.")
    english, arabic = emergent(args.data), ans(args.data)
    if args.calibrate:
        counts = calibrate(readings(english["train"]) + readings(arabic["train"]))
        lines = ["| reading | cases | correct | confidence |", "| --- | --- | --- | --- |"]
        lines += [
            f"| {reading} | {c:,} | {r:,} | {conf:.2f} |"
            for reading, (c, r, conf) in counts.items()
        ]
        print("\n".join(lines))
        print("CONFIDENCE = {" + ", ".join(f'"{k}": {v[2]}' for k, v in counts.items()) + "}")
        return
    summary, thresholds = zip(
        *(
            report(name, frame)
            for name, frame in (
                ("Emergent test (en)", english["test"]),
                ("ANS dev (ar)", arabic["validation"]),
            )
        ),
        strict=True,
    )
    model = ["", MODEL_NOTE, "", *model_lines(args.data)] if args.model else []
    body = "\n".join([
        CUE_NOTE, "",
        "| held-out split | rows | covered by a cue | accuracy | macro-F1 | ECE |",
        "| --- | --- | --- | --- | --- | --- |", *summary, "",
        ABSTAIN_NOTE.format(threshold=THRESHOLD), "",
        "| held-out split | threshold | kept | coverage | precision |",
        "| --- | --- | --- | --- | --- |", *[line for table in thresholds for line in table],
        *model, "",
        ("Commands: `python experiments/cue_stance.py --calibrate`, "
         "`python experiments/cue_stance.py --model`"),
    ])
    print(body)
    if not args.no_write:
        write_section(SECTION, body)


if __name__ == "__main__":
    main()
