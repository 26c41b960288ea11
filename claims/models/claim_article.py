"""Claim–article stance: an article read through its sentences most related to the claim.

An article that agrees with, denies, discusses or ignores a claim says so in a
few sentences; the rest is background and page chrome. Each article is cut
into sentences once for all the claims it is paired with in a batch, and
dropped before the next (memory holds one article's sentences), each sentence
scored by the cosine of its word set with the claim's, and the best few kept
in their order in the article. The stance features then read that summary, so
their cost and the model's size do not grow with the body. How related the
article is (the best and mean scores, the share of related sentences) and
where (the best sentence's relative position) become the ``relevance_*``
columns, which tell ``unrelated`` from the rest. Stateless, so it runs inside a
``FunctionTransformer`` at training and at prediction alike. Training summarises
each batch of rows as it is read (``summarise_as_read``), so the full bodies are
never all held at once; the pipeline's step then passes those rows through.
"""

from __future__ import annotations

import hashlib
import math
import re

import numpy as np
import pandas as pd

from claims.text import normalize

TOP_SENTENCES = 3
RELATED = 0.2  # a sentence at or above this cosine with the claim is related
RELEVANCE = (
    "relevance_best",
    "relevance_mean",
    "relevance_share",
    "relevance_position",
    "relevance_sentences",
)
_SENTENCE = re.compile(r"(?<=[.!?؟…])\s+|\s*\n+\s*")
_WORD = re.compile(r"\w{3,}")


def _keys(text: str) -> frozenset[str]:
    """Content words (three letters or more) without the Arabic article."""
    return frozenset(
        word[2:] if word.startswith("ال") and len(word) > 4 else word
        for word in _WORD.findall(normalize(text))
    )


def _sentences(body: str) -> tuple[tuple[str, frozenset[str]], ...]:
    parts = (part.strip() for part in _SENTENCE.split(body))
    return tuple((part, _keys(part)) for part in parts if part)


def summarise(
    body: str, claim: str, top: int = TOP_SENTENCES, sentences: tuple | None = None
) -> tuple[str, tuple[float, ...]]:
    """The ``top`` sentences of ``body`` most related to ``claim`` (in body order),
    and the relevance figures named in ``RELEVANCE``; ``sentences``: the body's,
    when already cut."""
    sentences = _sentences(body) if sentences is None else sentences
    if not sentences:
        return "", (0.0, 0.0, 0.0, 0.0, 0.0)
    claim_keys = _keys(claim)
    norm = math.sqrt(len(claim_keys)) or 1.0
    scores = np.asarray(
        [len(keys & claim_keys) / (norm * (math.sqrt(len(keys)) or 1.0)) for _, keys in sentences]
    )
    order = np.argsort(-scores, kind="stable")[:top]
    chosen = sorted(int(i) for i in order)
    best = int(order[0])
    figures = (
        float(scores[best]),
        float(scores[order].mean()),
        float((scores >= RELATED).mean()),
        best / max(len(sentences) - 1, 1),
        math.log1p(len(sentences)),
    )
    return " ".join(sentences[i][0] for i in chosen), figures


def summarise_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` with each text replaced by its summary toward its target (name and
    text) and the ``relevance_*`` columns added; rows that have them already were
    summarised as read (``summarise_as_read``) and pass unchanged."""
    if all(name in rows.columns for name in RELEVANCE):
        return rows
    claims = [
        f"{name} {detail}".strip()
        for name, detail in zip(
            rows["target"].astype(str), rows["target_text"].fillna("").astype(str)
        )
    ]
    by_body: dict[str, list[int]] = {}
    for index, text in enumerate(rows["text"].astype(str)):
        by_body.setdefault(text, []).append(index)
    done: list = [None] * len(rows)
    for body, indices in by_body.items():
        sentences = _sentences(body)
        for index in indices:
            done[index] = summarise(body, claims[index], sentences=sentences)
    out = rows.copy()
    out["text"] = [summary for summary, _ in done]
    figures = np.asarray([values for _, values in done], dtype=float).reshape(
        len(done), len(RELEVANCE)
    )
    for index, name in enumerate(RELEVANCE):
        out[name] = figures[:, index]
    return out


def summarise_as_read(rows: pd.DataFrame, lead: int) -> pd.DataFrame:
    """A batch of training rows as ``summarise_rows`` makes them, keeping of each
    full body only what training still reads: its first ``lead`` characters
    (``lead``), its length (``text_chars``) and a digest (``body``, so rows whose
    bodies differ stay distinct when repeated rows are merged)."""
    texts = rows["text"].astype(str)
    extra = {
        "lead": texts.str.slice(0, lead),
        "text_chars": texts.str.len(),
        "body": [hashlib.blake2b(text.encode(), digest_size=16).hexdigest() for text in texts],
    }
    return summarise_rows(rows).assign(**extra)
