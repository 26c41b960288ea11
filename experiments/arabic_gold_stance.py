"""Stance scored on the Arabic gold's claims (part of experiments/arabic_gold.py).

Each source of stance is scored on every gold claim (statement, gold actor, gold target)
twice, so that sources compare like with like:

- without abstaining (every claim gets the source's label; no cue, or no target found,
  is "none", a wrong answer);
- at the abstain threshold (``claims.cuestance.THRESHOLD``): the share of claims kept
  (coverage) and the accuracy and macro-F1 of those kept.

Sources: the cue alone (``claims.cuestance.row_stance``); the model alone, given the gold
target and end to end (the target must be found); the product of the two with the model
heard for every target (``combine``); as prediction decides (``decide``: the model heard
only for a target it was trained on, or where no cue speaks); the majority label. The
confidences prediction reports are also scored for calibration (ECE, 10 bins) and at a
few thresholds (precision/coverage).
"""

from __future__ import annotations

from collections import Counter

from claims.cuestance import THRESHOLD, UNDECIDED, combine, decide, row_stance

STANCES = ("support", "oppose", "neutral")  # the default schema's labels, as the gold was coded
THRESHOLDS = (0.0, 0.4, 0.45, THRESHOLD, 0.55, 0.6, 0.7, 0.8)


def macro_f1(truth: list[str], predicted: list[str], labels: tuple[str, ...] = STANCES) -> float:
    """Macro-F1 over ``labels`` (a prediction outside them, e.g. no claim, is simply wrong)."""
    scores = []
    for label in labels:
        tp = sum(t == label and p == label for t, p in zip(truth, predicted, strict=True))
        guessed, gold = predicted.count(label), truth.count(label)
        precision, recall = tp / guessed if guessed else 0.0, tp / gold if gold else 0.0
        scores.append(2 * precision * recall / (precision + recall) if tp else 0.0)
    return sum(scores) / len(scores)


def expected_calibration_error(confidence: list[float], correct: list[bool], bins: int = 10
                               ) -> float:
    """The weighted mean gap between confidence and accuracy over equal-width bins."""
    binned: dict[int, list[tuple[float, bool]]] = {}
    for c, ok in zip(confidence, correct, strict=True):
        binned.setdefault(min(int(c * bins), bins - 1), []).append((c, ok))
    n = len(confidence)
    return sum(
        abs(sum(c for c, _ in rows) / len(rows) - sum(ok for _, ok in rows) / len(rows))
        * len(rows) / n for rows in binned.values()
    ) if n else 0.0


def _scored(truth: list[str], decisions: list) -> dict:
    """A source's figures with and without abstaining (``decisions``: ``Decision`` or None)."""
    everything = [d.stance if d is not None else "none" for d in decisions]
    kept = [(t, d) for t, d in zip(truth, decisions, strict=True)
            if d is not None and d.stance != UNDECIDED]
    return {
        "macro_f1": macro_f1(truth, everything) if truth else 0.0,
        "kept": len(kept) / len(truth) if truth else 0.0,
        "kept_accuracy": sum(t == d.stance for t, d in kept) / len(kept) if kept else 0.0,
        "kept_f1": macro_f1([t for t, _ in kept], [d.stance for _, d in kept]) if kept else 0.0,
    }


def stance_figures(claims: list, registry, model) -> dict:
    """Every source's figures on the gold ``claims`` (gold row, pipeline row, statement text)."""
    from claims.predict import Resolver, predict_batch, seen_targets

    descriptions = {t.name: t.description or "" for t in registry.targets}
    truth = [row["stance"] for row, _, _ in claims]
    rows = [{"text": text, "target": row["target"],
             "target_text": descriptions.get(row["target"], ""), "actor": row["actor"] or ""}
            for row, _, text in claims]
    labels = list(model.labels)
    proba = [list(p) for p in model.stance_proba(rows)] if rows else []
    names = {t.name: (t.name, *t.aliases) for t in registry.targets}
    cues = [row_stance(predicted, row["target"], names.get(row["target"], ()))
            for row, predicted, _ in claims]
    seen = seen_targets(model)
    known = [seen is None or row["target"] in seen for row, _, _ in claims]

    def every(make) -> list:
        return [make(cue, p, ok) for cue, p, ok in zip(cues, proba, known, strict=True)]

    sources = {
        "cue": (every(lambda c, p, ok: combine(c, threshold=0.0)),
                every(lambda c, p, ok: combine(c))),
        "model": (every(lambda c, p, ok: combine(None, labels, p, 0.0)),
                  every(lambda c, p, ok: combine(None, labels, p))),
        "product": (every(lambda c, p, ok: combine(c, labels, p, 0.0)),
                    every(lambda c, p, ok: combine(c, labels, p))),
        "predicted": (every(lambda c, p, ok: decide(c, labels, p, ok, 0.0)),
                      every(lambda c, p, ok: decide(c, labels, p, ok))),
    }
    figures = {}
    for name, (free, abstaining) in sources.items():
        figures[name] = _scored(truth, abstaining)
        figures[name]["macro_f1"] = _scored(truth, free)["macro_f1"]
    # Calibration and thresholds of what prediction reports with a stance (not undecided).
    decided = [(t == d.stance, d) for t, d in zip(truth, sources["predicted"][0], strict=True)
               if d is not None and d.stance != UNDECIDED]
    figures["predicted"]["ece"] = expected_calibration_error(
        [d.confidence for _, d in decided], [ok for ok, _ in decided])
    figures["predicted"]["sources"] = dict(Counter(d.source for _, d in decided))
    figures["thresholds"] = [
        (threshold, sum(d.confidence >= threshold for _, d in decided) / len(truth),
         _precision([(ok, d) for ok, d in decided if d.confidence >= threshold]))
        for threshold in THRESHOLDS] if truth else []
    candidates = list(Resolver.of(registry, "gold registry").candidates)
    found = []
    for row, predicted_row, _ in claims:
        out = predict_batch(model, [predicted_row], candidates, most=len(candidates))
        match = [claim for claim in out if claim["target"] == row["target"]]
        found.append(match[0]["stance"] if match else "none")
    majority = Counter(truth).most_common(1)[0][0] if truth else "neutral"
    return {
        "claims": len(claims),
        "gold": dict(Counter(truth)),
        "cue_covered": sum(c is not None for c in cues) / len(cues) if cues else 0.0,
        **figures,
        "end_to_end": macro_f1(truth, found) if claims else 0.0,
        "target_found": sum(f != "none" for f in found) / len(found) if found else 0.0,
        "majority": macro_f1(truth, [majority] * len(truth)) if claims else 0.0,
        "model_labels": dict(Counter(labels[max(range(len(p)), key=p.__getitem__)]
                                     for p in proba)),
    }


def _precision(kept: list[tuple[bool, object]]) -> float | None:
    return sum(ok for ok, _ in kept) / len(kept) if kept else None


def stance_rows(stance: dict) -> list[tuple[str, str]]:
    """The figures as rows of the report's table."""
    gold = ", ".join(f"{label} {count}" for label, count in sorted(stance["gold"].items()))
    names = {
        "cue": f"cue only (a cue on {stance['cue_covered']:.0%} of the claims)",
        "model": "model only, gold target given",
        "product": "cue × model, the model heard for every target (combine)",
        "predicted": "as prediction decides (decide), gold target given",
    }
    rows = [(f"stance claims (gold: {gold})", str(stance["claims"]))]
    rows += [(f"stance macro-F1 / coverage at {THRESHOLD} / macro-F1 kept: {text}",
              f"{stance[name]['macro_f1']:.3f} / {stance[name]['kept']:.0%} / "
              f"{stance[name]['kept_f1']:.3f}") for name, text in names.items()]
    rows += [
        (f"stance macro-F1, model end to end (gold target found: {stance['target_found']:.2f})",
         f"{stance['end_to_end']:.3f}"),
        ("stance macro-F1, always the majority label", f"{stance['majority']:.3f}"),
        ("ECE of the stances prediction reports (10 bins; "
         + ", ".join(f"{k} {v}" for k, v in sorted(stance["predicted"]["sources"].items())) + ")",
         f"{stance['predicted']['ece']:.3f}"),
    ]
    rows += [(f"  threshold {threshold:.2f}: coverage / precision of those kept",
              f"{coverage:.0%} / " + ("–" if precision is None else f"{precision:.3f}"))
             for threshold, coverage, precision in stance["thresholds"]]
    return rows
