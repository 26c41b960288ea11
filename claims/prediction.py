"""``predict_claims``: a model directory and article files in, claims out, resolved
against a project, the model's own registry or a registry file; what the
``claims predict`` command calls."""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from claims.errors import ClaimsError
from claims.project import DEFAULT_DB, Project
from claims.store import Store


@dataclass
class Prediction:
    """What ``predict_claims`` found: the claims (a list, or with ``stream`` an iterator
    that predicts as it is read), the registry they resolved against (``project``,
    ``model`` or a registry file) and warnings for the user."""

    claims: list[dict] | Iterator[dict]
    registry: str
    origin: str
    warnings: list[str] = field(default_factory=list)
    # articles left out (no text left after chrome removal, no statements): with
    # ``stream``, filled as the claims are read
    skipped: list[str] = field(default_factory=list)
    stored_new: int | None = None  # with store: the claims not in the project before
    # with ``stream``: the claims a list a chunk of articles, as each is done (``claims``
    # reads the same stream: read one or the other)
    batches: Iterator[list[dict]] | None = None

    @property
    def stored(self) -> list[dict]:
        """The claims as ``store`` keeps them (``distinct_claims``: decided, one per
        statement, actor and target)."""
        return distinct_claims(self.claims)

    @property
    def undecided(self) -> int:
        """How many claims have an undecided stance (never stored)."""
        from claims.cuestance import UNDECIDED  # here: stats and --help load no text engine

        return sum(claim["stance"] == UNDECIDED for claim in self.claims)


def predict_claims(model_dir: str | Path, paths: list[str], registry: str | None = None,
                   db: str | Path | None = None, store: bool = False, jobs: int = 1,
                   min_confidence: float = 0.0, most: int = 1, stdin=None,
                   progress=None, stream: bool = False,
                   speaker_model: str | Path | None = None,
                   language: str | None = None) -> Prediction:
    """Predict the claims of the articles in ``paths`` with the model in ``model_dir``.

    Speakers and targets resolve against ``registry``: ``project`` (the project
    at ``db``), ``model`` (the registry the model was trained with) or a registry
    file; by default the project when storing or when ``db`` exists, else the
    model's. ``store`` (project only) ingests the articles and saves the claims.
    ``progress(what, done=None, total=None)`` hears how far the call is. ``stream``
    gives the claims as an iterator, memory flat in the input (with ``store``, each
    chunk's once its articles are stored, and ``stored_new`` once it is read through).
    Articles with no text left after chrome removal or no statements are left out and
    named in ``skipped``. ``model_dir`` ``cues`` (where no such directory exists)
    predicts with no trained model (``claims.models.cues``): targets where their
    aliases are written, the stance from the reporting verb alone. ``speaker_model``: a
    speaker model directory (``claims speakers train``) that finds speakers beside the
    rules; without one, the rules alone. ``language``: that of the articles whose row
    does not say (as at ingest; None or ``auto``: detected).

    >>> predict_claims("out/model", ["article.txt"], registry="model").claims   # doctest: +SKIP
    """
    from claims.models.cues import NAME, CueModel
    from claims.models.directory import load_model
    from claims.predict import Resolver, predict_articles
    from claims.registry_file import SNAPSHOT_FILE
    from claims.stream import stream_batches

    db = Path(db or os.environ.get("CLAIMS_DB") or DEFAULT_DB)
    source = registry or ("project" if store or db.exists() else "model")
    if store and source != "project":
        raise ClaimsError(f"Storing saves claims about the project's actors and targets, so it "
                          f"resolves against the project's registry, not {source!r}.")
    cues_only = str(model_dir) == NAME and not Path(model_dir).exists()
    if cues_only and source == "model":
        raise ClaimsError(f"'{NAME}' predicts with no trained model, so there is no model's "
                          f"registry: resolve against a project or a registry file (--registry).")
    model = CueModel() if cues_only else load_model(model_dir)
    speakers = None
    if speaker_model is not None:
        from claims.models.speakers import load_speakers

        speakers = load_speakers(speaker_model)
    skipped: list[str] = []
    if source != "project":
        resolver = Resolver.named(source, model.registry, speakers)
        args = (model, paths, resolver, jobs, min_confidence, stdin, most, model.path, progress,
                skipped.append, language)
        if not stream:
            return Prediction(predict_articles(*args), source, model.origin, skipped=skipped)
        batches = stream_batches(*args)
        return Prediction(chain.from_iterable(batches), source, model.origin, skipped=skipped,
                          batches=batches)
    with Project(db) as project:
        warnings = [] if project.targets() else [
            "the project has no targets, so no claims can be found; import the model's registry "
            f"with: claims registry import {Path(model_dir) / SNAPSHOT_FILE}"]
        if stream and not store:
            batches = project.predict_stream(model, paths, jobs, min_confidence, most, progress,
                                             speakers, skipped.append, language)
            return Prediction(chain.from_iterable(batches), source, model.origin, warnings,
                              skipped, batches=batches)
        if stream:
            prediction = Prediction([], source, model.origin, warnings, skipped)
            args = (model, paths, jobs, min_confidence, stdin, most, progress, speakers,
                    skipped.append, language)
            prediction.batches = _stored_batches(db, prediction, *args)
            prediction.claims = chain.from_iterable(prediction.batches)
            return prediction
        before = project.store.count_claims()
        claims = project.predict(model, paths, jobs, min_confidence, store, stdin, most, progress,
                                 speakers, skipped.append, language)
        new = project.store.count_claims() - before if store else None
    return Prediction(claims, source, model.origin, warnings, skipped, new)


def is_mention(claim: dict) -> bool:
    """Whether a predicted row names its target with no speaker and no decided stance: a
    mention of the target («بعد تولي الرئيس بشار الأسد الحكم …»), not a claim about it."""
    from claims.cuestance import UNDECIDED  # here: stats and --help load no text engine

    return not (claim.get("actor") or claim.get("actor_written")) and (
        claim.get("stance") == UNDECIDED)


def _stored_batches(db: Path, prediction: Prediction, model, paths, jobs, min_confidence,
                    stdin, most, progress, speakers, on_skip, language) -> Iterator[list[dict]]:
    """``Project.predict_stream`` with ``store``, in a project opened for as long as its
    chunks are read; ``prediction.stored_new`` at the end."""
    with Project(db) as project:
        before = project.store.count_claims()
        yield from project.predict_stream(model, paths, jobs, min_confidence, most, progress,
                                          speakers, on_skip, language, store=True, stdin=stdin)
        prediction.stored_new = project.store.count_claims() - before


def check_stances(labels: list, stances: list[str], origin: str,
                  stored: str = "nothing stored") -> None:
    """Refuse stances the schema's ``labels`` lack, before anything is stored: storing them
    would fail half-way, after the articles were ingested. Undecided is no stance.
    ``stored`` says what is stored all the same (claims stored article by article)."""
    from claims.cuestance import UNDECIDED

    have = [label.name for label in labels]
    missing = [name for name in dict.fromkeys(stances) if name not in have and name != UNDECIDED]
    if missing:
        raise ClaimsError(
            f"{origin} predicts labels the project lacks: {', '.join(missing)}; {stored}. "
            f"Add them with: claims schema set-labels {','.join(have + missing)}")


def distinct_claims(claims: list[dict]) -> list[dict]:
    """The decided claims as the store keeps them: one per statement, actor and target
    with the stance (the store's key, where every speaker not in the registry is no
    actor). Where several attributions of a statement share one (two unregistered
    speakers, or one actor named twice), the first stands (the main attribution comes
    first) and ``actor_written`` names every speaker as written, joined by "; "."""
    from claims.cuestance import UNDECIDED  # here: stats and --help load no text engine

    kept: dict[tuple, dict] = {}
    for claim in claims:
        if claim["stance"] == UNDECIDED:
            continue
        actor = claim.get("actor") if claim.get("actor_registered") else None
        key = (claim.get("content_hash", claim.get("article")), claim.get("start"),
               claim.get("end"), actor, claim.get("target"))
        if key not in kept:
            kept[key] = dict(claim)
        elif claim.get("actor_written") and claim["actor_written"] not in (
                kept[key].get("actor_written") or "").split("; "):
            first = kept[key]["actor_written"]
            kept[key]["actor_written"] = f"{first}; {claim['actor_written']}" if first else \
                claim["actor_written"]
    return list(kept.values())


def store_predictions(store: Store, claims: list[dict], origin: str) -> int:
    """Save ``claims`` (of articles already ingested) with ``origin``, one transaction
    per article, as ``distinct_claims`` gives them; returns how many. A speaker not in
    the registry is stored without actor, as written in the note. An undecided stance
    (below the abstain threshold) is no claim and is not stored."""
    claims = distinct_claims(claims)
    by_article: dict[str, list[dict]] = {}
    for claim in claims:
        by_article.setdefault(claim["content_hash"], []).append(claim)
    for content_hash, rows in by_article.items():
        with store.transaction():
            article_id = store.article_id_by_hash(content_hash)
            statements = {(s.start, s.end): s.id for s in store.statements(article_id)}
            for row in rows:
                actor_id = (store.entity_id("actor", row["actor"])
                            if row["actor_registered"] else None)
                note = (None if actor_id or not row["actor"]
                        else f"speaker as written: {row['actor_written']}")
                target_id = store.entity_id("target", row["target"])
                span = (row["start"], row["end"])
                if span not in statements:  # the article was split otherwise when stored
                    statements[span] = store.add_statement(article_id, *span)
                store.add_claim(statements[span], actor_id, target_id,
                                row["stance"], origin, confidence=row["stance_confidence"],
                                note=note)
    return len(claims)
