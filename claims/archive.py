"""Prediction over an archive: article shards in Parquet in, claim shards in Parquet out.

An archive of millions of articles does not belong in a project file. Its
articles come as Parquet shards; each shard is one task that runs what ``claims
predict`` runs on a file (clean, split, attribute, resolve, target, stance:
``claims.predict``'s ``article_rows`` and ``predict_batch``) and writes one
Parquet file of claims, beside the output and renamed into place, so a shard's
claims are there whole or not at all. The file's metadata names the model
(``model:NAME@VERSION``) and the input shard's fingerprint: a rerun skips the
shards already done by the same model on the same input.

Tasks run here, one after the other, or on Dask (``claims[dask]``): a
``LocalCluster`` of processes on this machine or the scheduler at an address.
A task gets the model's path and version, never the model: each worker loads
it once (``_worker_model`` is cached per process). Paths may be fsspec URLs.

The library never prints: ``predict_archive`` returns an ``ArchiveReport``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from claims.claim_shards import (
    CLAIM_COLUMNS,
    META_FINGERPRINT,
    META_INPUT,
    META_KINDS,
    META_LABELS,
    META_ORIGIN,
    META_SPEAKERS,
    RULES,
    filesystem,
    fingerprint,
    shard_metadata,
    shard_paths,
)
from claims.errors import ClaimsError, InputError
from claims.ingest import parse_date

ROLES = {  # the article fields a shard may hold, and the usual column names of each (as ingest)
    "id": ("id", "article_id", "doc_id"),
    "text": ("text", "body", "content", "article"),
    "title": ("title", "headline"),
    "date": ("published", "date", "published_at", "pubdate"),
    "source": ("source", "outlet", "publisher"),
}
BATCH_ARTICLES = 256  # articles predicted together: a few thousand statements, as predict's batches


@dataclass(frozen=True)
class ArticleColumns:
    """Which column of a shard holds what; None: the first of the usual names there."""

    id: str | None = None
    text: str | None = None
    title: str | None = None
    date: str | None = None
    source: str | None = None

    def resolve(self, names: list[str], shard: str) -> dict[str, str]:
        """Role → column for a shard with columns ``names``; a named column that is
        absent, or no text column at all, is an error naming the columns there are."""
        chosen = {}
        for role, usual in ROLES.items():
            given = getattr(self, role)
            column = given if given is not None else next((n for n in usual if n in names), None)
            if column is not None and column not in names or role == "text" and column is None:
                option = "--date-column" if role == "date" else f"--{role}-column"
                wanted = column or " or ".join(usual)
                raise InputError(
                    shard,
                    f"no {role} column {wanted!r}; the columns are: {', '.join(names)}. "
                    f"Name it with {option}.",
                )
            if column is not None:
                chosen[role] = column
        return chosen


@dataclass(frozen=True)
class Task:
    """One shard to predict: where it is, where its claims go, and with which model."""

    shard: str
    output: str
    fingerprint: str
    columns: dict[str, str]
    model_path: str
    model_version: str
    most: int = 1
    min_confidence: float = 0.0
    speaker_model: str | None = None  # a learned speaker model's path, or None: the rules
    speakers_version: str = RULES


@dataclass
class ShardResult:
    shard: str
    claims: int = 0
    articles: int = 0
    skipped_articles: int = 0  # articles with no statement or no text left after cleaning
    error: str | None = None


@dataclass
class ArchiveReport:
    """What a run did: shards predicted, shards skipped as done, shards that failed (by name)."""

    done: list[ShardResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[ShardResult] = field(default_factory=list)

    @property
    def claims(self) -> int:
        return sum(result.claims for result in self.done)


# --- planning: which shards, which outputs, which are done ---------------------------------


def plan(
    shards: list[str],
    output: str,
    columns: ArticleColumns,
    model_path: str,
    origin: str,
    overwrite: bool = False,
    speakers: tuple[str | None, str] = (None, RULES),
) -> tuple[list[Task], list[str], list[ShardResult]]:
    """The tasks to run, the shards already done, and the shards whose footer
    cannot be read. Refuses, before anything is written, a shard without the
    text column, two shards that would write the same file, and an output
    folder holding another model's claims (unless ``overwrite``). ``speakers``: the
    speaker model's path and version; a shard done with other speakers is done again."""
    import pyarrow.parquet as pq

    out_fs, out_path = filesystem(output)
    if out_fs.exists(out_path) and not out_fs.isdir(out_path):
        raise ClaimsError(f"{output} is a file; --output names a folder for the claim shards.")
    _refuse_other_models(output, origin, overwrite)
    names: dict[str, str] = {}
    tasks, done, unreadable = [], [], []
    version = origin.rpartition("@")[2]  # the workers' cache key, with the path
    for shard in shards:
        name = shard.rstrip("/").rpartition("/")[2]
        if name in names:
            raise ClaimsError(
                f"Two shards would write {name}: {names[name]} and {shard}; rename one."
            )
        names[name] = shard
        fs, path = filesystem(shard)
        try:
            schema = pq.read_schema(path, filesystem=fs)
        except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
            problem = f"{shard}: not a readable Parquet file ({error})"
            unreadable.append(ShardResult(shard, error=problem))
            continue
        chosen = columns.resolve(list(schema.names), shard)
        target = f"{output.rstrip('/')}/{name}"
        if out_fs == fs and filesystem(target)[1] == path:
            raise ClaimsError(f"{target} would replace the input shard itself; give --output "
                              "another folder.")
        stamp = fingerprint(shard)
        if not overwrite and out_fs.exists(filesystem(target)[1]):
            meta = shard_metadata(target)
            made_by = (meta.get(META_ORIGIN, b"").decode(),
                       meta.get(META_FINGERPRINT, b"").decode(),
                       meta.get(META_SPEAKERS, RULES.encode()).decode())
            if made_by == (origin, stamp, speakers[1]):
                done.append(shard)
                continue
        tasks.append(Task(shard, target, stamp, chosen, model_path, version,
                          speaker_model=speakers[0], speakers_version=speakers[1]))
    return tasks, done, unreadable


def _refuse_other_models(output: str, origin: str, overwrite: bool) -> None:
    fs, path = filesystem(output)
    if overwrite or not fs.exists(path):
        return
    for found in sorted(fs.glob(f"{path.rstrip('/')}/*.parquet")):
        url = fs.unstrip_protocol(found) if "://" in output else found
        other = shard_metadata(url).get(META_ORIGIN, b"").decode()
        if other != origin:
            held = f"claims of {other}" if other else "Parquet files that are not claim shards"
            raise ClaimsError(
                f"{output} holds {held} ({found.rpartition('/')[2]}), not of {origin}; "
                "write to another folder, or redo them all with --overwrite."
            )


# --- one shard: the task --------------------------------------------------------------------


@lru_cache(maxsize=2)
def _worker_model(path: str, version: str):
    """The model at ``path``, loaded once per process (and again if its version changes)."""
    from claims.models.directory import load_model

    return load_model(path)


@lru_cache(maxsize=2)
def _worker_speakers(path: str, version: str):
    """The speaker model at ``path``, loaded once per process (and again if its version
    changes)."""
    from claims.models.speakers import load_speakers

    return load_speakers(path)


@lru_cache(maxsize=2)
def _worker_resolver(path: str, version: str, speaker_model: str | None, speakers_version: str):
    """The model's registry as predict resolves against it (with the speaker model, if
    any), each actor's kind and topmost parent and each target's kind (tracking reads
    them from the shards). The versions are part of the cache key."""
    from claims.predict import Resolver

    registry = _worker_model(path, version).registry
    speakers = _worker_speakers(speaker_model, speakers_version) if speaker_model else None
    parents = {actor.name: actor.parent for actor in registry.actors}
    actors = {actor.name: (actor.kind, _topmost(actor.name, parents)) for actor in registry.actors}
    targets = {target.name: target.kind for target in registry.targets}
    return Resolver.of(registry, "model", speakers), actors, targets


def _resolver_key(task: Task) -> tuple[str, str, str | None, str]:
    return task.model_path, task.model_version, task.speaker_model, task.speakers_version


def _topmost(name: str, parents: dict[str, str | None]) -> str:
    seen = {name}
    while (
        parents.get(name) and parents[name] not in seen
    ):  # a registry refuses cycles; an old one may hold one
        name = parents[name]
        seen.add(name)
    return name


def predict_shard(task: Task) -> ShardResult:
    """Predict one shard and write its claims; a problem with the shard comes
    back as the result's ``error`` (a crash of the process is Dask's to retry)."""
    result = ShardResult(task.shard)
    try:
        rows = list(_shard_claims(task, result))
        _write(task, rows)
    except (ClaimsError, OSError, ValueError) as error:  # pyarrow's ArrowInvalid: a ValueError
        result.error = str(error) if isinstance(error, ClaimsError) else f"{task.shard}: {error}"
        return result
    result.claims = len(rows)
    return result


def _shard_claims(task: Task, result: ShardResult) -> Iterator[dict]:
    from claims.predict import predict_batch

    model = _worker_model(task.model_path, task.model_version)
    resolver, actors, targets = _worker_resolver(*_resolver_key(task))
    for batch in _article_batches(task, result):
        rows = []
        for fields, raw in batch:
            rows += _statements(raw, resolver, fields, result)
        for claim in predict_batch(model, rows, resolver.candidates, task.most):
            if claim["stance_confidence"] < task.min_confidence:
                continue
            kind, top = (
                actors.get(claim["actor"], (None, None))
                if claim["actor_registered"]
                else (None, None)
            )
            yield {
                **claim,
                "actor_kind": kind,
                "actor_top": top,
                "target_kind": targets.get(claim["target"]),
                "origin": model.origin,
            }


def _statements(raw, resolver, fields: dict, result: ShardResult) -> list[dict]:
    from claims.predict import attribution_rows

    try:
        rows = attribution_rows(raw, resolver)
    except ClaimsError:  # an empty article in an archive of millions is counted, not fatal
        result.skipped_articles += 1
        return []
    result.articles += 1
    return [{**row, **fields} for row in rows]


def _article_batches(task: Task, result: ShardResult) -> Iterator[list[tuple[dict, object]]]:
    """The shard's articles, a batch of record batches at a time (memory bound by the batch)."""
    import pyarrow.parquet as pq

    from claims.readers import RawArticle

    fs, path = filesystem(task.shard)
    wanted = list(dict.fromkeys(task.columns.values()))
    try:
        parquet = pq.ParquetFile(path, filesystem=fs)
        batches = parquet.iter_batches(batch_size=BATCH_ARTICLES, columns=wanted)
        for number, batch in _numbered(batches):
            chunk = []
            for index, row in enumerate(batch.to_pylist(), start=number):
                value = {role: row[column] for role, column in task.columns.items()}
                where = (
                    str(value["id"])
                    if value.get("id") is not None
                    else f"{task.shard}: row {index + 1}"
                )
                text = value["text"] if isinstance(value["text"], str) else ""
                date = _date(value.get("date"), where)
                raw = RawArticle(
                    text=text,
                    where=where,
                    title=_str(value.get("title")),
                    published=date,
                    source=_str(value.get("source")),
                )
                chunk.append(({"published": date, "source": raw.source}, raw))
            yield chunk
    except (OSError, ValueError) as error:
        raise InputError(task.shard, f"not a readable Parquet file ({error})") from None


def _numbered(batches) -> Iterator[tuple[int, object]]:
    seen = 0
    for batch in batches:
        yield seen, batch
        seen += batch.num_rows


def _str(value) -> str | None:
    return None if value in (None, "") else str(value)


def _date(value, where: str) -> str | None:
    """A publication date as ingest stores it (ISO), from a string, date or timestamp."""
    if value in (None, ""):
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    try:
        return parse_date(text)
    except ClaimsError as error:
        raise ClaimsError(f"{where}: {error}") from None


def _write(task: Task, rows: list[dict]) -> None:
    """The claims as one Parquet file, written beside the output and renamed into place."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    model = _worker_model(task.model_path, task.model_version)
    schema = pa.schema([(name, pa.type_for_alias(kind)) for name, kind in CLAIM_COLUMNS.items()])
    schema = schema.with_metadata(
        {
            META_ORIGIN: model.origin.encode(),
            META_FINGERPRINT: task.fingerprint.encode(),
            META_INPUT: task.shard.encode(),
            META_LABELS: json.dumps(model.card["labels"]).encode(),
            META_KINDS: json.dumps(_kinds(task, rows), ensure_ascii=False).encode(),
            META_SPEAKERS: task.speakers_version.encode(),
        }
    )
    table = pa.Table.from_pylist(
        [{name: row.get(name) for name in CLAIM_COLUMNS} for row in rows], schema=schema
    )
    fs, path = filesystem(task.output)
    folder, _, name = path.rpartition("/")
    fs.makedirs(folder, exist_ok=True)
    temporary = f"{folder}/.{name}.{uuid.uuid4().hex}.tmp"
    try:
        with fs.open(temporary, "wb") as out:
            pq.write_table(table, out, compression="zstd")
        fs.mv(temporary, path)
    finally:
        if fs.exists(temporary):
            fs.rm(temporary)


def _kinds(task: Task, rows: list[dict]) -> dict[str, dict[str, str]]:
    """The kind of each actor (and topmost parent) and target of ``rows``, for tracking."""
    _, actors, targets = _worker_resolver(*_resolver_key(task))
    kinds: dict[str, dict[str, str]] = {"actor": {}, "target": {}}
    for row in rows:
        for name in (row["actor"], row["actor_top"]) if row["actor_registered"] else ():
            kinds["actor"][name] = actors[name][0]
        kinds["target"][row["target"]] = targets.get(row["target"])
    return kinds


# --- running the tasks ------------------------------------------------------------------------


def predict_archive(
    model_path: str,
    inputs: list[str],
    output: str,
    columns: ArticleColumns | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    overwrite: bool = False,
    most: int = 1,
    min_confidence: float = 0.0,
    client=None,
    on_shard: Callable[[ShardResult], None] | None = None,
    speaker_model: str | None = None,
) -> ArchiveReport:
    """Predict the claims of the article shards ``inputs`` (paths, globs or fsspec
    URLs) into one claim shard each under ``output``, with the model at
    ``model_path``: here (``engine="local"``) or on Dask (``"dask"``: the
    ``client`` given, the ``scheduler`` at an address, or a new LocalCluster of
    ``workers`` processes). Shards done by this model are skipped unless
    ``overwrite``. ``speaker_model``: a learned speaker model's directory, to find
    speakers beside the rules. A shard that fails is in the report's ``failed``; the
    others are still written."""
    origin = model_origin(str(model_path))
    speakers = (str(speaker_model), speakers_version(speaker_model)) if speaker_model else (
        None, RULES)
    shards = shard_paths(inputs)
    tasks, skipped, failed = plan(shards, output, columns or ArticleColumns(), str(model_path),
                                  origin, overwrite, speakers)
    tasks = [
        Task(**{**task.__dict__, "most": most, "min_confidence": min_confidence}) for task in tasks
    ]
    report = ArchiveReport(skipped=skipped, failed=failed)
    if engine == "dask":
        from claims.engine import run_on_dask

        results = run_on_dask(tasks, client, scheduler, workers)
    elif engine == "local":
        results = map(predict_shard, tasks)
    else:
        raise ClaimsError(f"Unknown engine {engine!r}; use local or dask.")
    for result in results:
        (report.failed if result.error else report.done).append(result)
        if on_shard:
            on_shard(result)
    report.failed.sort(key=lambda result: result.shard)
    return report


def model_origin(path: str) -> str:
    """``model:NAME@VERSION`` of the model directory at ``path``, loaded once here so
    that a broken or outdated directory is one error before any shard is planned."""
    return _worker_model(path, _card_version(path)).origin


def speakers_version(path: str) -> str:
    """The version of the speaker model at ``path``, loaded once here so that a broken
    one is one error before any shard is planned."""
    return str(_worker_speakers(path, _card_version(path, "speakers.json")).card["version"])


def _card_version(path: str, card: str = "model.json") -> str:
    """The version a model's card declares: with the path, the workers' cache key."""
    try:
        return str(json.loads((Path(path) / card).read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, TypeError, KeyError):
        return ""  # loading the model says what is wrong with the directory
