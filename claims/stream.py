"""Prediction as a stream: claims come out as articles go in, in one process or ``jobs``.

The parent reads the articles (``ingest.read_articles``, lazily) and hands them
out in chunks; the whole per-article pipeline (clean, split, attribute, resolve,
target, stance: ``predict.article_rows`` and ``predict.predict_batch``) runs
where the chunk lands, in this process or a worker process that loaded the
model and the resolver once. At most two chunks per worker are in flight and
claims are yielded in input order as soon as their chunk is done, so memory
stays flat whatever the size of the input.

Errors cross the process boundary as text (a worker returns a string instead
of a list of claims) and come back as ``ClaimsError``: exceptions with their
own constructor arguments do not survive pickling.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, BinaryIO

from claims.errors import ClaimsError

if TYPE_CHECKING:
    from pathlib import Path

    from claims.models import Model
    from claims.predict import Resolver
    from claims.readers import RawArticle

CHUNK_CHARACTERS = 300_000  # article text a chunk: about 2,000 statements, some 100 KB pickled
IN_FLIGHT = 2  # chunks per worker handed out ahead of the results


def stream_predictions(
    model: Model,
    paths: list[str],
    resolver: Resolver,
    jobs: int = 1,
    min_confidence: float = 0.0,
    stdin: BinaryIO | None = None,
    most: int = 1,
    model_dir: str | Path | None = None,
    progress: Callable[..., None] | None = None,
    on_skip: Callable[[str], None] | None = None,
) -> Iterator[dict]:
    """The claims of the articles in ``paths``, in input order, as they are predicted
    (see ``claims.predict.predict_articles``, which lists them). ``jobs`` processes
    need ``model_dir``, the directory ``model`` was loaded from (each loads it once).
    ``progress("Predicting articles", done)`` hears how many articles are done;
    ``on_skip(message)`` of each article left out (no text left, no statements): the
    others go on, but when every article is left out, a ``ClaimsError`` names the first."""
    done, skipped = 0, []
    for (claims, left_out), size in _chunk_results(model, paths, resolver, jobs, min_confidence,
                                                   stdin, most, model_dir):
        for message in left_out:
            skipped.append(message)
            if on_skip:
                on_skip(message)
        yield from claims
        done = _tell(progress, done, size)
    if done and len(skipped) == done:
        more = f" (and {done - 1:,} more articles, none with statements)" if done > 1 else ""
        raise ClaimsError(f"{skipped[0]}{more}")


def _chunk_results(model, paths, resolver, jobs, min_confidence, stdin, most, model_dir
                   ) -> Iterator[tuple[tuple[list[dict], list[str]], int]]:
    """Each chunk's claims and articles left out, with its size, in input order."""
    chunks = article_chunks(paths, stdin)
    if jobs <= 1 or model_dir is None:
        for chunk in chunks:
            yield chunk_claims(model, resolver, chunk, most, min_confidence), len(chunk)
        return
    with ProcessPoolExecutor(jobs, initializer=_load, initargs=(str(model_dir), resolver)) as pool:
        pending: deque[tuple[Future, int]] = deque()
        for chunk in chunks:
            pending.append((pool.submit(_worker_chunk, chunk, most, min_confidence), len(chunk)))
            if len(pending) >= IN_FLIGHT * jobs:
                future, size = pending.popleft()
                yield _result(future), size
        while pending:
            future, size = pending.popleft()
            yield _result(future), size


def _tell(progress: Callable[..., None] | None, done: int, more: int) -> int:
    if progress:
        progress("Predicting articles", done + more)
    return done + more


def article_chunks(paths: list[str], stdin: BinaryIO | None = None) -> Iterator[list[RawArticle]]:
    """The articles of ``paths`` (files, folders, ``-``), read lazily, in chunks of
    about ``CHUNK_CHARACTERS`` of text."""
    from claims.readers import input_files, read_articles

    chunk, size = [], 0
    for path in input_files(paths):
        for raw in read_articles(path, stdin=stdin)[1]:
            chunk.append(raw)
            size += len(raw.text)
            if size >= CHUNK_CHARACTERS:
                yield chunk
                chunk, size = [], 0
    if chunk:
        yield chunk


def chunk_claims(
    model: Model, resolver: Resolver, chunk: Iterable[RawArticle], most: int, min_confidence: float
) -> tuple[list[dict], list[str]]:
    """The whole pipeline over a chunk of articles: statements, speakers, claims; and
    the articles left out, with no text left after chrome removal or no statements."""
    from claims.ingest import EmptyArticle
    from claims.predict import BATCH, attribution_rows, predict_batch

    rows: list[dict] = []
    skipped = []
    for raw in chunk:
        try:
            rows += attribution_rows(raw, resolver)
        except EmptyArticle as error:
            skipped.append(str(error))
    claims = []
    for start in range(0, len(rows), BATCH):
        claims += predict_batch(model, rows[start : start + BATCH], resolver.candidates, most)
    return [claim for claim in claims if claim["stance_confidence"] >= min_confidence], skipped


_worker: tuple | None = None  # (model, resolver), loaded once per worker process


def _load(path: str, resolver: Resolver) -> None:
    global _worker
    from claims.models.directory import load_model

    _worker = (load_model(path), resolver)


def _worker_chunk(chunk: list[RawArticle], most: int, min_confidence: float
                  ) -> tuple[list[dict], list[str]] | str:
    try:
        return chunk_claims(*_worker, chunk, most, min_confidence)
    except ClaimsError as error:
        return str(error)


def _result(future: Future) -> tuple[list[dict], list[str]]:
    result = future.result()
    if isinstance(result, str):
        raise ClaimsError(result)
    return result
