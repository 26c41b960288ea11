"""Prediction: new articles → statements → actor, target and stance with confidence.

Articles are read, cleaned and split exactly as at ingest (``readers.read_articles``
and ``ingest.prepare``). The speaker of each statement comes from
``claims.attribution`` and is resolved against a ``Resolver``: the project's
registry, the snapshot the model directory carries (the registry it was
trained with) or a registry file; the target and the stance come from a model,
asked only through the ``claims.models.Model`` protocol. A statement may hold
several claims: one per attribution (each speaker of the statement, the main one
first, ``attribute_all``) and target. A learned speaker model
(``claims.models.speakers``), where the resolver carries one, finds the speakers
with the rules.

``predict_batch`` is a pure function over a batch of statement rows (no I/O),
so batches run in other processes (``claims.stream``, for ``--jobs``) or on
Dask (``claims.archive``), each loading the model directory once. Nothing here imports the
store: saving predicted claims is ``Project.predict``'s part.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from claims.attribution import Attribution, SpeakerScorer, attribute_all
from claims.cuestance import decide, row_stance
from claims.ingest import EmptyArticle, prepare
from claims.mentions import MentionFinder
from claims.models import Candidate, Model, candidates_of
from claims.readers import RawArticle, input_files, read_articles
from claims.records import Actor
from claims.registry_file import Registry
from claims.speaker_resolution import Speaker, resolve_all

Progress = Callable[..., None]  # progress(what, done, total): how far a long call is
CHANNELS = ("according-to", "reported-from")  # beside a speaker: who reports it, not who says it
# Statements per batch: large enough for vectorised scoring, small enough to spread over workers.
BATCH = 4096


@dataclass(frozen=True)
class Resolver:
    """What speakers and targets are resolved against: a registry's aliases,
    actors (kinds and parents) and target candidates; ``source`` says whose."""

    finder: MentionFinder
    actors: dict[str, Actor]
    candidates: tuple[Candidate, ...]
    source: str
    speakers: SpeakerScorer | None = None  # a learned speaker model, or the rules alone

    @classmethod
    def of(cls, registry: Registry, source: str,
           speakers: SpeakerScorer | None = None) -> Resolver:
        """Resolve against ``registry``: its actors for speakers, its targets as candidates;
        ``speakers``: a learned speaker model (``claims.models.speakers.load_speakers``)."""
        return cls(registry.finder(), {a.name: a for a in registry.actors},
                   tuple(candidates_of(registry)), source, speakers)

    @classmethod
    def named(cls, source: str | Path, model_registry: Registry,
              speakers: SpeakerScorer | None = None) -> Resolver:
        """``'model'`` (``model_registry``, the registry a model was trained with) or a
        registry file."""
        if str(source) == "model":
            return cls.of(model_registry, "model", speakers)
        return cls.of(Registry.read(source), str(source), speakers)


# --- statements of an article ------------------------------------------------------------


def article_rows(raw: RawArticle, resolver: Resolver) -> list[dict]:
    """One row per statement of ``raw`` (cleaned and split as at ingest) with its main
    speaker (``attribution_rows`` gives one per speaker)."""
    return _rows(raw, resolver, every=False)


def attribution_rows(raw: RawArticle, resolver: Resolver) -> list[dict]:
    """One row per attribution of each statement of ``raw`` (cleaned and split as at
    ingest): a statement that several speakers voice gives a row for each, the main one
    first, told apart by ``actor_start``; one that nobody voices, one row without actor.
    Beside another speaker, "according to X" («بحسب وكالة رويترز») is the channel that
    reports that speaker, not a speaker of its own (``CHANNELS``). What prediction makes
    claims of: one claim per attribution and target."""
    return _rows(raw, resolver, every=True)


def _rows(raw: RawArticle, resolver: Resolver, every: bool) -> list[dict]:
    prepared = prepare(raw)
    text = prepared.fields["text"]
    spans = [(start, end) for start, end, *_ in prepared.statements]
    if not spans:
        raise EmptyArticle(raw.where, "no statements in it")
    found = attribute_all(text, spans, resolver.finder, resolver.speakers)
    if not every:
        found = [row[:1] for row in found]
    speakers = resolve_all(text, found, resolver.finder, resolver.actors)
    rows = []
    for (start, end), attributions, resolved in zip(spans, found, speakers, strict=True):
        pairs = list(zip(attributions, resolved, strict=True))
        voices = [pair for pair in pairs if pair[0].how not in CHANNELS]
        for attribution, speaker in (voices or pairs[:1]) if every else pairs:
            rows.append(_row(raw, prepared.fields["content_hash"], text, start, end,
                             attribution, speaker))
    return rows


def _row(raw: RawArticle, content_hash: str, text: str, start: int, end: int,
         attribution: Attribution, speaker: Speaker | None) -> dict:
    span = attribution.named_span if speaker else None
    cue = attribution.cue_span if speaker else None
    content = attribution.content_span if speaker else None
    return {
        "article": raw.where, "title": raw.title, "content_hash": content_hash,
        "start": start, "end": end, "text": text[start:end],
        "actor": speaker.name if speaker else None,
        "actor_registered": bool(speaker and speaker.registered),
        "actor_parent": speaker.parent if speaker else None,
        "actor_written": speaker.written if speaker else None,
        "actor_start": span[0] if span else None, "actor_end": span[1] if span else None,
        "actor_how": attribution.how if speaker else None,
        "actor_confidence": attribution.confidence if speaker else None,
        "cue_start": cue[0] if cue else None, "cue_end": cue[1] if cue else None,
        "content_start": content[0] if content else None,
        "content_end": content[1] if content else None,
    }


def read_statement_rows(paths: list[str], resolver: Resolver, stdin: BinaryIO | None = None,
                        progress: Progress | None = None) -> list[dict]:
    """The attribution rows of every article in ``paths`` (files, folders, ``-``)."""
    rows: list[dict] = []
    read = 0
    for path in input_files(paths):
        _, articles = read_articles(path, stdin=stdin)
        for raw in articles:
            rows += attribution_rows(raw, resolver)
            read += 1
            if progress:
                progress("Reading articles", read)
    return rows


# --- the pure batch function -------------------------------------------------------------


def predict_batch(model: Model, rows: list[dict], candidates: Sequence[Candidate],
                  most: int = 1) -> list[dict]:
    """The claims of a batch of statement rows: each row comes back once for each
    of up to ``most`` ``candidates`` that the model ranks it about, with
    ``target``, ``target_confidence`` (the target score), ``stance``,
    ``stance_confidence`` and ``stance_source``: the reporting cue's stance
    (``claims.cuestance``), the model's probability, or both combined; ``undecided``
    below the abstain threshold. Targets are looked for in what the speaker says
    (the row's content) first. A row about no target, or whose stance neither the
    cue nor the model gives (a model without labels, ``claims.models.cues``), gives
    no claim. Pure: no I/O, no store."""
    if not rows or not candidates:
        return []
    ranked = _ranked_in_content_first(model, rows, candidates, most)
    pairs = [(i, target, score) for i, found in enumerate(ranked) for target, score in found]
    if not pairs:
        return []
    details = {candidate.name: candidate.text for candidate in candidates}
    names = {candidate.name: (candidate.name, *candidate.aliases) for candidate in candidates}
    proba = model.stance_proba([{"text": rows[i]["text"], "target": target,
                                 "target_text": details[target], "actor": rows[i]["actor"] or ""}
                                for i, target, _ in pairs])
    labels = model.labels
    seen = seen_targets(model)
    claims = []
    for k, (i, target, score) in enumerate(pairs):
        decision = decide(row_stance(rows[i], target, names[target]), labels, proba[k],
                          seen is None or target in seen)
        if decision is None:
            continue
        claims.append({**rows[i], "target": target, "target_confidence": round(score, 4),
                       "stance": decision.stance, "stance_confidence": decision.confidence,
                       "stance_source": decision.source})
    return claims


def _ranked_in_content_first(model: Model, rows: list[dict], candidates: Sequence[Candidate],
                             most: int) -> list[list[tuple[str, float]]]:
    """The targets of each row looked for in what its speaker says (its content) first,
    then, where the content names none, in the whole statement."""
    contents = [row["text"][row["content_start"] - row["start"]:row["content_end"] - row["start"]]
                if row.get("content_start") is not None else row["text"] for row in rows]
    ranked = model.ranked_targets(contents, candidates, most)
    missing = [i for i, found in enumerate(ranked) if not found and contents[i] != rows[i]["text"]]
    if missing:
        again = model.ranked_targets([rows[i]["text"] for i in missing], candidates, most)
        for i, found in zip(missing, again, strict=True):
            ranked[i] = found
    return ranked


def seen_targets(model: Model) -> set[str] | None:
    """The targets a model was trained on, where it says (the target model's learnt
    ``known_``); None when it does not, and then the model speaks for every target."""
    known = getattr(getattr(model, "target", None), "known_", None)
    return None if known is None else set(known)


def predict_articles(model: Model, paths: list[str], resolver: Resolver, jobs: int = 1,
                     min_confidence: float = 0.0, stdin: BinaryIO | None = None, most: int = 1,
                     model_dir: str | Path | None = None, progress: Progress | None = None,
                     on_skip: Callable[[str], None] | None = None,
                     language: str | None = None) -> list[dict]:
    """The predicted claims of the articles in ``paths`` (up to ``most`` per
    statement), those whose stance confidence is at least ``min_confidence``;
    speakers and targets resolve against ``resolver``. ``jobs`` processes need
    ``model_dir``, the directory ``model`` was loaded from. ``progress(what, done,
    total)`` hears how far reading and predicting are; ``on_skip(message)`` of each
    article left out for having no text or no statements. ``language``: that of the
    articles whose row names none (None or ``auto``: detected)."""
    # The whole per-article pipeline, here or in the ``jobs`` workers, as a stream.
    from claims.stream import stream_predictions

    return list(stream_predictions(model, paths, resolver, jobs, min_confidence, stdin, most,
                                   model_dir, progress, on_skip, language))

