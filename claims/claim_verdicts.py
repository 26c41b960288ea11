"""Claim–article stance for a claim given as text: does each article agree with, deny,
discuss or ignore it? What a fact-checker asks of a claim–article model
(``claims.models.claim_article``): one verdict an article, from the article read whole
(its sentences most related to the claim), not one claim a statement as ``claims
predict`` gives without a claim.

The model must read articles toward a claim (its features hold ``relevance``: a model
trained on claim–article pairs); its labels are its dataset's (``baly2018``: support,
oppose, neutral for "discuss", unrelated). Articles are cleaned as at ingest; those with no
text left are told to ``on_skip`` and left out.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from claims.errors import ClaimsError
from claims.ingest import EmptyArticle, prepare
from claims.readers import input_files, read_articles
from claims.text import check_text

BATCH = 64  # articles read toward the claim at once: memory holds one batch of bodies


def claim_verdicts(model_dir: str | Path, claim: str, paths: list[str],
                   stdin: BinaryIO | None = None, language: str | None = None,
                   on_skip: Callable[[str], None] | None = None) -> Iterator[dict]:
    """For each article of ``paths`` (files, folders, ``-``), its stance toward ``claim``
    as the claim–article model in ``model_dir`` reads it: the label, its probability, and
    the article's sentences most related to the claim (``evidence``, what the model read).

    >>> next(claim_verdicts("out/baly", "إيران أغلقت مضيق هرمز", ["a.txt"]))  # doctest: +SKIP
    {'article': 'a.txt', 'title': None, ..., 'stance': 'support', 'stance_confidence': 0.71, ...}
    """
    from claims.models.directory import load_model

    claim = check_text(claim, "the claim").strip()
    if not claim:
        raise ClaimsError("The claim is empty: give its text with --claim.")
    model = load_model(model_dir)
    if "relevance" not in model.card.get("features", []):
        raise ClaimsError(
            f"{model_dir} reads statements, not articles toward a claim: --claim needs a model "
            "trained on claim–article pairs (such as the baly2018 recipe's).")
    batch: list[tuple] = []
    for raw, fields in _articles(paths, stdin, language, on_skip):
        batch.append((raw, fields))
        if len(batch) == BATCH:
            yield from _verdicts(model, claim, batch)
            batch = []
    yield from _verdicts(model, claim, batch)


def _articles(paths: list[str], stdin, language, on_skip) -> Iterator[tuple]:
    for path in input_files(paths):
        _, articles = read_articles(path, stdin=stdin)
        for raw in articles:
            try:
                yield raw, prepare(raw, language).fields
            except EmptyArticle as error:
                if on_skip:
                    on_skip(str(error))


def _verdicts(model, claim: str, batch: list[tuple]) -> Iterator[dict]:
    """The batch's verdicts: each article summarised toward the claim once, the summary
    both the evidence shown and what the model reads (its summary step passes rows that
    carry the relevance figures)."""
    from claims.models.claim_article import summarise_rows
    from claims.models.features import as_rows

    if not batch:
        return
    rows = summarise_rows(as_rows([{"text": fields["text"], "target": "", "target_text": claim,
                                    "actor": ""} for _, fields in batch]))
    labels = model.labels
    for (raw, fields), evidence, proba in zip(batch, rows["text"], model.stance_proba(rows),
                                              strict=True):
        best = max(range(len(labels)), key=lambda i: proba[i])
        yield {"article": raw.where, "title": fields["title"],
               "content_hash": fields["content_hash"], "claim": claim, "stance": labels[best],
               "stance_confidence": round(float(proba[best]), 4), "evidence": evidence}
