"""Prediction: new articles → statements → actor, target and stance with confidence.

Articles are read, cleaned and split exactly as at ingest (``ingest.read_articles``
and ``ingest.prepare``). The speaker of each statement comes from
``claims.attribution`` and is resolved against a ``Resolver`` (the project's
registry when there is a project, else only the targets the model was trained
on); the target and the stance come from a trained model (``claims.model``).

``predict_batch`` is a pure function over a batch of statement rows (no I/O, no
store), so batches can run in other processes (``jobs``) or, later, on a
distributed engine. ``store_predictions`` is the only part that writes, through
the store, one transaction per article.
"""
from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from typing import BinaryIO

from claims.attribution import attribute, resolve
from claims.errors import InputError
from claims.ingest import RawArticle, input_files, prepare, read_articles
from claims.model import Candidate, TrainedModel, load_model
from claims.records import Actor
from claims.registry import MentionFinder
from claims.store import Store

BATCH = 4096  # statements per batch: large enough for vectorised scoring, small enough to spread over workers


@dataclass(frozen=True)
class Resolver:
    """What speakers and targets are resolved against: a registry's aliases,
    actors (kinds and parents) and target candidates; ``source`` says whose."""

    finder: MentionFinder
    actors: dict[str, Actor]
    candidates: tuple[Candidate, ...]
    source: str


def project_resolver(store: Store, actors: Sequence[Actor], targets: Iterable) -> Resolver:
    """The project's registry: its actors resolve speakers, its targets are the candidates."""
    candidates = tuple(Candidate(t.name, t.description or "", tuple(t.aliases)) for t in targets)
    return Resolver(MentionFinder.from_store(store), {a.name: a for a in actors}, candidates, "project")


def model_resolver(model: TrainedModel) -> Resolver:
    """No project: speakers stay as written (unregistered), the candidates are the
    targets the model was trained on."""
    return Resolver(MentionFinder([]), {}, tuple(Candidate(name) for name in model.target.known), "model")


def model_origin(model: TrainedModel) -> str:
    """``model:NAME@VERSION``: NAME and VERSION from model.json, else the directory's
    name and the time the model was trained."""
    name = model.card.get("name") or (model.path.name if model.path else "model")
    version = model.card.get("version") or model.card.get("created", "").replace("-", "").replace(":", "")[:15]
    return f"model:{name}@{version or 'unknown'}"


# --- statements of an article ------------------------------------------------------------


def article_rows(raw: RawArticle, resolver: Resolver) -> list[dict]:
    """One row per statement of ``raw`` (cleaned and split as at ingest) with its speaker."""
    prepared = prepare(raw)
    text = prepared.fields["text"]
    spans = [(start, end) for start, end, *_ in prepared.statements]
    if not spans:
        raise InputError(raw.where, "no statements in it")
    found = attribute(text, spans)
    speakers = resolve(text, found, resolver.finder, resolver.actors)
    rows = []
    for (start, end), attribution, speaker in zip(spans, found, speakers, strict=True):
        span = attribution.named_span if speaker else None
        rows.append({
            "article": raw.where, "title": raw.title, "content_hash": prepared.fields["content_hash"],
            "start": start, "end": end, "text": text[start:end],
            "actor": speaker.name if speaker else None, "actor_registered": bool(speaker and speaker.registered),
            "actor_parent": speaker.parent if speaker else None, "actor_written": speaker.written if speaker else None,
            "actor_start": span[0] if span else None, "actor_end": span[1] if span else None,
            "actor_how": attribution.how if speaker else None,
        })
    return rows


def read_statement_rows(paths: list[str], resolver: Resolver, stdin: BinaryIO | None = None) -> list[dict]:
    """The statement rows of every article in ``paths`` (files, folders, ``-``)."""
    rows: list[dict] = []
    for path in input_files(paths):
        _, articles = read_articles(path, stdin=stdin)
        for raw in articles:
            rows += article_rows(raw, resolver)
    return rows


# --- the pure batch function -------------------------------------------------------------


def predict_batch(model: TrainedModel, rows: list[dict], candidates: Sequence[Candidate] = ()) -> list[dict]:
    """The claims of a batch of statement rows: each row whose statement is about
    one of ``candidates`` (default: the model's known targets) comes back with
    ``target``, ``target_confidence`` (the target model's score), ``stance`` and
    ``stance_confidence`` (the calibrated probability). Rows about no target give
    no claim. Pure: no I/O, no store."""
    candidates = list(candidates) or [Candidate(name) for name in model.target.known]
    if not rows or not candidates:
        return []
    targets = model.predict_target([row["text"] for row in rows], candidates)
    chosen = [i for i, (name, _) in enumerate(targets) if name is not None]
    if not chosen:
        return []
    details = {candidate.name: candidate.text for candidate in candidates}
    proba = model.stance_proba([{"text": rows[i]["text"], "target": targets[i][0],
                                 "target_text": details[targets[i][0]], "actor": rows[i]["actor"] or ""}
                                for i in chosen])
    classes = model.classes
    claims = []
    for k, i in enumerate(chosen):
        best = int(proba[k].argmax())
        claims.append({**rows[i], "target": targets[i][0], "target_confidence": round(targets[i][1], 4),
                       "stance": classes[best], "stance_confidence": round(float(proba[k, best]), 4)})
    return claims


_worker_model: TrainedModel | None = None  # one model per worker process, loaded once


def _load_worker_model(path: str) -> None:
    global _worker_model
    _worker_model = load_model(path)


def _worker_batch(rows: list[dict], candidates: tuple[Candidate, ...]) -> list[dict]:
    return predict_batch(_worker_model, rows, candidates)


def predict_rows(model: TrainedModel, rows: list[dict], candidates: Sequence[Candidate] = (),
                 jobs: int = 1) -> list[dict]:
    """``predict_batch`` over ``rows`` in batches, in ``jobs`` processes when more than one."""
    size = min(BATCH, max(1, -(-len(rows) // max(1, jobs))))
    batches = [rows[i:i + size] for i in range(0, len(rows), size)]
    if jobs <= 1 or len(batches) <= 1 or model.path is None:
        return [claim for batch in batches for claim in predict_batch(model, batch, candidates)]
    with ProcessPoolExecutor(jobs, initializer=_load_worker_model, initargs=(str(model.path),)) as pool:
        results = pool.map(_worker_batch, batches, repeat(tuple(candidates)))
        return [claim for batch in results for claim in batch]


def predict_articles(model: TrainedModel, paths: list[str], resolver: Resolver, jobs: int = 1,
                     min_confidence: float = 0.0, stdin: BinaryIO | None = None) -> list[dict]:
    """The predicted claims of the articles in ``paths``, those whose stance
    confidence is at least ``min_confidence``."""
    rows = read_statement_rows(paths, resolver, stdin)
    claims = predict_rows(model, rows, resolver.candidates, jobs)
    return [claim for claim in claims if claim["stance_confidence"] >= min_confidence]


def buffered_stdin(paths: list[str], stdin: BinaryIO | None) -> BinaryIO | None:
    """Standard input read once into memory, so that it can be read twice (predict, then ingest)."""
    if "-" not in paths:
        return stdin
    return io.BytesIO((stdin or sys.stdin.buffer).read())


# --- storing -------------------------------------------------------------------------------


def store_predictions(store: Store, claims: list[dict], origin: str) -> int:
    """Save ``claims`` (of articles already ingested) with ``origin``, one transaction
    per article. A speaker not in the registry is stored without actor, as written in the note."""
    by_article: dict[str, list[dict]] = {}
    for claim in claims:
        by_article.setdefault(claim["content_hash"], []).append(claim)
    for content_hash, rows in by_article.items():
        with store.transaction():
            article_id = store.article_id_by_hash(content_hash)
            statements = {(s.start, s.end): s.id for s in store.statements(article_id)}
            for row in rows:
                actor_id = store.entity_id("actor", row["actor"]) if row["actor_registered"] else None
                note = None if actor_id or not row["actor"] else f"speaker as written: {row['actor_written']}"
                store.add_claim(statements[(row["start"], row["end"])], actor_id,
                                store.entity_id("target", row["target"]), row["stance"], origin,
                                confidence=row["stance_confidence"], note=note)
    return len(claims)
