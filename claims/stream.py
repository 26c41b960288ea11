"""Prediction as a stream: claims come out as articles go in, in one process or ``jobs``.

The parent reads the articles (``ingest.read_articles``, lazily) and hands them
out in chunks; the whole per-article pipeline (clean, split, attribute, resolve,
target, stance: ``predict.article_rows`` and ``predict.predict_batch``) runs
where the chunk lands, in this process or a worker process that loaded the
model and the resolver once. At most two chunks per worker are in flight and
claims are yielded chunk by chunk, in input order, as soon as their chunk is done,
so memory stays flat whatever the size of the input. The first chunks are small
(``FIRST_CHUNK``, then doubling) so that the first rows come within seconds; input
files too small to pay for starting workers (``SMALL_INPUT``) run in this process.

Workers ignore SIGINT: on Ctrl-C the parent alone hears it, ends them and goes on
unwinding (an article being stored is rolled back), so no worker prints a traceback.
A worker whose parent was killed outright (SIGTERM, SIGKILL) ends within a second.

Errors cross the process boundary as text (a worker returns a string instead
of a list of claims) and come back as ``ClaimsError``: exceptions with their
own constructor arguments do not survive pickling.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from itertools import chain
from typing import TYPE_CHECKING, BinaryIO

from claims.errors import ClaimsError

if TYPE_CHECKING:
    from pathlib import Path

    from claims.models import Model
    from claims.predict import Resolver
    from claims.readers import RawArticle

CHUNK_CHARACTERS = 300_000  # article text a chunk: about 2,000 statements, some 100 KB pickled
FIRST_CHUNK = 10_000  # the first chunk's text (a second's work); each next one twice as much
IN_FLIGHT = 2  # chunks per worker handed out ahead of the results
# Input files of fewer bytes than this (some 150 news pages, two CPU seconds) run in this
# process: two workers take about a second to start, more than they would save.
SMALL_INPUT = 1_000_000


def predicted_chunks(
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
    language: str | None = None,
) -> Iterator[tuple[list[RawArticle], list[dict]]]:
    """Each chunk of the articles in ``paths`` with its claims, in input order, as soon
    as the chunk is predicted (see ``claims.predict.predict_articles``, which lists
    the claims). ``jobs`` processes need ``model_dir``, the directory ``model`` was
    loaded from (each loads it once). ``progress("Predicting articles", done)`` hears
    how many articles are done; ``on_skip(message)`` of each article left out (no
    text left, no statements): the others go on, but when every article is left out,
    a ``ClaimsError`` names the first. ``language`` (as ``claims ingest --lang``): the
    language of the articles whose row does not say."""
    from claims.readers import input_files

    done, skipped = 0, []
    if jobs > 1 and _small(input_files(paths)):
        jobs = 1
    chunks = article_chunks(paths, stdin, language)
    for chunk, (claims, left_out) in _chunk_results(model, chunks, resolver, jobs,
                                                    min_confidence, most, model_dir):
        for message in left_out:
            skipped.append(message)
            if on_skip:
                on_skip(message)
        done = _tell(progress, done, len(chunk))
        yield chunk, claims
    if done and len(skipped) == done:
        more = f" (and {done - 1:,} more articles, none with statements)" if done > 1 else ""
        raise ClaimsError(f"{skipped[0]}{more}")


def stream_batches(*args, **kwargs) -> Iterator[list[dict]]:
    """The claims of ``predicted_chunks`` (same arguments), a list for each chunk as it
    is done: what a caller writes and flushes at once."""
    return (claims for _, claims in predicted_chunks(*args, **kwargs))


def stream_predictions(*args, **kwargs) -> Iterator[dict]:
    """The claims of ``predicted_chunks`` (same arguments) one by one, as they are made."""
    return chain.from_iterable(stream_batches(*args, **kwargs))


def _chunk_results(model, chunks, resolver, jobs, min_confidence, most, model_dir
                   ) -> Iterator[tuple[list[RawArticle], tuple[list[dict], list[str]]]]:
    """Each chunk with its claims and articles left out, in input order."""
    if jobs > 1 and model_dir is not None:
        yield from _in_workers(chunks, resolver, jobs, min_confidence, most, model_dir)
        return
    for chunk in chunks:
        yield chunk, chunk_claims(model, resolver, chunk, most, min_confidence)


def _small(files: list[str]) -> bool:
    """Whether ``files`` are too small to pay for starting workers (stdin may be any size)."""
    return "-" not in files and sum(os.path.getsize(file) for file in files) < SMALL_INPUT


def _in_workers(chunks, resolver, jobs, min_confidence, most, model_dir):
    pool = ProcessPoolExecutor(jobs, initializer=_load, initargs=(str(model_dir), resolver))
    try:
        pending: deque[tuple[list[RawArticle], Future]] = deque()
        for chunk in chunks:
            pending.append((chunk, pool.submit(_worker_chunk, chunk, most, min_confidence)))
            if len(pending) >= IN_FLIGHT * jobs:
                chunk, future = pending.popleft()
                yield chunk, _result(future)
        while pending:
            chunk, future = pending.popleft()
            yield chunk, _result(future)
    except BaseException:  # Ctrl-C, an error, or the consumer stopped reading: end the workers
        _stop(pool)
        raise
    pool.shutdown()


def _stop(pool: ProcessPoolExecutor) -> None:
    """End ``pool`` now: the chunks queued are dropped and those running are cut short
    (their claims would be thrown away), rather than waited for."""
    processes = list((pool._processes or {}).values())  # the executor has no public kill
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join()


def _tell(progress: Callable[..., None] | None, done: int, more: int) -> int:
    if progress:
        progress("Predicting articles", done + more)
    return done + more


def article_chunks(paths: list[str], stdin: BinaryIO | None = None,
                   language: str | None = None) -> Iterator[list[RawArticle]]:
    """The articles of ``paths`` (files, folders, ``-``), read lazily, in chunks of
    ``FIRST_CHUNK`` characters of text, then each twice the one before, up to
    ``CHUNK_CHARACTERS``; ``language`` is given to the articles whose row names none."""
    from claims.readers import input_files, read_articles

    given = None if language in (None, "auto") else language
    chunk, size, wanted = [], 0, min(FIRST_CHUNK, CHUNK_CHARACTERS)
    for path in input_files(paths):
        for raw in read_articles(path, stdin=stdin)[1]:
            chunk.append(raw if raw.language or not given else replace(raw, language=given))
            size += len(raw.text)
            if size >= wanted:
                yield chunk
                chunk, size, wanted = [], 0, min(2 * wanted, CHUNK_CHARACTERS)
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

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # whatever handler the parent had
    threading.Thread(target=_end_with, args=(os.getppid(),), daemon=True).start()
    _worker = (load_model(path), resolver)


def _end_with(parent: int) -> None:
    """End this worker once its parent is gone (killed, it could not end the workers):
    an orphan would wait for work for ever."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


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
