"""Import of claims: a published dataset's rows stored as claims through the
column and label mappings of ``claims.mapping``. The rows come from ``claims.rowfiles.open_rows``.

Rows are streamed: the reader yields one row at a time and the importer stores
each as it comes, so a file of any size is read in flat memory. An imported
row's text is one statement: it is neither cleaned nor split. pyarrow is
imported only where Parquet is written: most commands never need it. Rows
that share an ``article`` key become statements of one article, whose text is
theirs joined by a blank line.

A row is a record: every row is stored as its own statement and claim, keyed
by its file and line (or by its ``id_column``), so duplicates within and
across files stay and a published file's row count is the claim count. The
same file imported again updates its claims rather than adding them twice.
Merging rows of identical text is asked for with ``dedupe``, and the report
says how many rows were merged and which of them gave conflicting labels.

Labels are never guessed: a label that is not in the project's schema and not
mapped stops the import with the list of them.
A file is stored in one transaction, or (``claims import``, ``claims import-recipe``) in
batches of ``ROWS_PER_COMMIT`` rows (``claims.batches``), a folder's or a recipe's files too.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claims import registry, registry_file
from claims.batches import Batches
from claims.errors import ClaimsError, InputError, NotFound
from claims.ingest import content_hash, parse_date
from claims.mapping import (  # noqa: F401 (the mapping is part of the import API)
    EXPORT_COLUMNS,
    OWN_FORMAT,
    Mapping,
    Source,
    _label_key,
    is_own_format,
    parse_label_map,
    split_name,
)
from claims.records import ACTOR_KINDS, GOLD_METHODS, SPLITS, TARGET_KINDS, Origin, kind_named
from claims.rowfiles import RowFile
from claims.schema import Label
from claims.store import Store
from claims.text import detect_language

SEPARATOR = "\n\n"  # between the statements of an article built from rows


# --- storing rows as claims ---------------------------------------------------------------------


@dataclass
class ImportReport:
    file: str
    format: str
    origin: str
    rows: int = 0
    claims_added: int = 0
    claims_updated: int = 0  # already in the project (or earlier in the file), now changed
    claims_unchanged: int = 0  # already there as the file gives them
    articles_added: int = 0
    statements_added: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    labels_added: list[str] = field(default_factory=list)
    merged: int = 0  # rows given as the claim of an earlier row (--dedupe)
    origins: Counter[str] = field(default_factory=Counter)  # claims written, by origin
    conflicts: list[str] = field(default_factory=list)  # merged rows whose labels differ


# A large file commits in batches of about this many rows (consecutive rows of one article stay
# in one batch), so annotators are not held off for the whole of a big file.
ROWS_PER_COMMIT = 5_000


def import_rows(store: Store, rows: RowFile, mapping: Mapping, name: str,
                limit: int | None = None, file_key: str | None = None,
                batch: int | None = None) -> ImportReport:
    """Store the rows of a file as claims with origin ``import:NAME`` (or the
    row's annotator). ``file_key`` names the file in each row's key (its file
    name unless given; ``Project`` gives its absolute path, a recipe its path
    in the dataset's folder, so that two files of one name stay apart). Runs
    in one transaction (the caller's, if it holds one); raises ``InputError`` (and so
    stores nothing) for a missing column, an unmapped label, an unknown split or an
    unreadable value. With ``batch`` it commits every ``batch`` rows or so instead
    (``claims.batches``): after an error the earlier batches stay, and importing the
    file again does not add them twice (rows are keyed by file and line)."""
    with Batches(store, batch) as batches:
        return import_inputs(batches, [(rows, file_key or Path(rows.name).name)], mapping, name,
                             limit, rows.name)


def import_inputs(batches: Batches, inputs: list[tuple[RowFile, str]], mapping: Mapping,
                  name: str, limit: int | None, shown: str, prefix: str = "") -> ImportReport:
    """The files of one input (a file, or a folder read as one: ``shown``), ``limit`` rows
    in all, stored in ``batches``; each file's rows keyed by ``prefix`` and its key. Every
    file's columns are checked before anything is stored."""
    mapping.check()
    for rows, _ in inputs:
        if not rows.header:
            raise InputError(rows.name, "no rows in it")
        if mapping.transform is None:
            _check_columns(rows, mapping.columns(), rows.header, None)
    reports = []
    for rows, key in inputs:
        left = None if limit is None else limit - sum(report.rows for report in reports)
        if left is not None and left <= 0:
            break
        before = batches.store.count_claims()
        importer = _Importer(batches.store, rows, mapping, name, prefix + key)
        importer.add_rows(iter(rows.rows), left, batches)
        importer.finish()
        report = importer.report
        report.claims_added = batches.store.count_claims() - before
        report.claims_unchanged = importer.written - report.claims_added - report.claims_updated
        reports.append(report)
    return reports[0] if len(inputs) == 1 else combined(reports, shown)


def combined(reports: list[ImportReport], name: str) -> ImportReport:
    """One report for the files of a folder read as one input."""
    total = ImportReport(name, reports[0].format, reports[0].origin)
    for report in reports:
        for counted in ("rows", "claims_added", "claims_updated", "claims_unchanged",
                        "articles_added", "statements_added", "merged", "origins"):
            setattr(total, counted, getattr(total, counted) + getattr(report, counted))
        for reason, count in report.skipped.items():
            total.skipped[reason] = total.skipped.get(reason, 0) + count
        total.labels_added += [label for label in report.labels_added
                               if label not in total.labels_added]
        total.conflicts += [f"{report.file}: {conflict}" for conflict in report.conflicts]
    return total


def _check_columns(rows: RowFile, columns: dict[str, str], have: Iterable[str],
                   number: int | None) -> None:
    have = list(have)
    present = set(have)
    for column, option in columns.items():
        if column not in present:
            where = rows.where(number) if number is not None else {}
            raise InputError(rows.name, f"no column {column!r} (given with {option}); the "
                                        f"columns are: {', '.join(map(str, have))}", **where)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


class _Importer:
    """Stores one file's rows; remembers the id of each actor and target name it
    met (one entry a distinct name, never one a row)."""

    def __init__(self, store: Store, rows: RowFile, mapping: Mapping, name: str, file_key: str):
        self.store, self.rows, self.mapping, self.name = store, rows, mapping, name
        self.file_key = file_key
        self.ids_seen: dict[str, int] = {}  # --id-column value -> its row
        self.repeats: Counter[bytes] = Counter()  # (article, text, actor, targets) digests
        self.merges: dict[int, tuple[str, int]] = {}  # --dedupe: claim id -> (stance, row)
        self.report = ImportReport(rows.name, rows.format, str(Origin.imported(name)))
        self.labels = self._schema()
        self.label_map = {_label_key(key): value for key, value in mapping.label_map.items()}
        self.columns = mapping.columns()
        self.unknown_labels: Counter[str] = Counter()
        self.unknown_splits: Counter[str] = Counter()
        self.ids: dict[tuple[str, str], int] = {}
        self.written = 0
        self.own = is_own_format(rows.header)  # a file of ``claims export``

    def _schema(self) -> set[str]:
        labels = self.store.labels()
        names = [label.name for label in labels]
        new = [label for label in dict.fromkeys(self.mapping.label_map.values())
               if label not in names]
        if new and not self.mapping.add_labels:
            raise ClaimsError(f"The label map gives label(s) {', '.join(map(repr, new))} that the "
                              f"project's schema does not have ({', '.join(names)}); add them "
                              "with --add-labels, or map to those.")
        if new:
            self.store.replace_labels([*labels, *(
                Label(registry_file.check_name(label, "label"),
                      f"Added by the import of {self.name}.") for label in new)])
            self.report.labels_added = new
        return set(names) | set(new)

    def add_rows(self, pending: Iterator, limit: int | None, batches: Batches) -> None:
        """Add the rows of ``pending`` until the file (or ``limit``) ends, each in
        ``batches``. Once a label or split is unknown, reads on to the end to list them
        all, in one batch (nothing more is stored)."""
        for number, given in pending:
            if limit is not None and self.report.rows >= limit:
                return
            row = self.mapping.transform(given) if self.mapping.transform else given
            if not (self.unknown_labels or self.unknown_splits):
                article = self.mapping.article
                batches.next_row(_cell(row.get(article)).strip() if article else None)
            self.add(number, row)

    def add(self, number: int, row: dict) -> None:
        self.report.rows += 1
        if not self.columns.keys() <= row.keys():
            _check_columns(self.rows, self.columns, row, number)
        text = self._text(number, row)
        label = _label_key(_cell(row[self.mapping.stance]))
        targets = self._targets(row)
        reason = ("empty text" if not text else "no stance" if not label
                  else "no target" if not targets else None)
        if reason:
            self.report.skipped[reason] = self.report.skipped.get(reason, 0) + 1
            return
        stance = self.label_map.get(label, label)
        if stance not in self.labels:
            self.unknown_labels[label] += 1
        split = self._split(row)
        if self.unknown_labels or self.unknown_splits:
            return  # keep reading to list every unknown value, but store nothing more
        actor_id = self._actor(number, row)
        statement_id = self._statement(number, row, text, (actor_id, *targets))
        origin, gold_method = self._origin(number, row)
        confidence = self._confidence(number, row)
        note = (_cell(row[self.mapping.note]) or None) if self.mapping.note else None
        for target in targets:
            target_id = self._target(number, row, target)
            earlier = ({claim.id: claim for claim in self.store.claims(statement_id, origin)}
                       if self.mapping.dedupe else {})
            key = (statement_id, actor_id, target_id, origin)
            before = self.store.claim_state(*key)
            claim_id = self.store.add_claim(*key[:3], stance, origin, confidence, note,
                                            gold_method, split)
            if self.mapping.dedupe:
                self._merge(number, claim_id, earlier.get(claim_id), stance, split, text)
            if self.mapping.created_at and _cell(row[self.mapping.created_at]):
                self.store.set_claim_time(claim_id, _cell(row[self.mapping.created_at]))
            self._count(claim_id, origin, before, self.store.claim_state(*key))

    def _count(self, claim_id: int, origin: str, before: tuple | None, after: tuple) -> None:
        """Count a claim written: an update only where it changed what the claim says
        (or its time, where the file gives one); one unchanged keeps its time."""
        self.written += 1
        self.report.origins[origin] += 1
        if before is None:
            return
        timed = self.mapping.created_at is not None
        if before[:5] != after[:5] or (timed and before[5] != after[5]):
            self.report.claims_updated += 1
        elif not timed:
            self.store.set_claim_time(claim_id, before[5])

    def finish(self) -> None:
        if self.unknown_labels:
            given = ", ".join(f"{label!r} ({count} rows)"
                              for label, count in sorted(self.unknown_labels.items()))
            labels = ", ".join(label.name for label in self.store.labels())
            raise InputError(self.rows.name, f"label(s) not in the project's schema and not "
                                             f"mapped: {given}; map them with --label-map "
                                             f"FROM=TO (the schema's labels: {labels})")
        if self.unknown_splits:
            given = ", ".join(f"{split!r} ({count} rows)"
                              for split, count in sorted(self.unknown_splits.items()))
            raise InputError(self.rows.name, f"unknown split name(s) in column "
                                             f"{self.mapping.split!r}: {given}; use "
                                             f"{', '.join(SPLITS)} (or dev)")
        if not self.report.rows:
            raise InputError(self.rows.name, "no rows in it")

    # --- the parts of a row ---

    def _text(self, number: int, row: dict) -> str:
        value = row[self.mapping.text]
        if isinstance(value, (list, dict)):
            raise InputError(self.rows.name, f"the text column {self.mapping.text!r} holds a "
                                             f"{type(value).__name__}, not text",
                             **self.rows.where(number))
        return _cell(value).replace("\r\n", "\n").replace("\r", "\n").strip()

    def _targets(self, row: dict) -> list[str]:
        if self.mapping.target_value is not None:
            return [self.mapping.target_value]
        value = row[self.mapping.target]
        values = value if isinstance(value, list) else [value]
        return list(dict.fromkeys(filter(None, (_cell(item).strip() for item in values))))

    def _split(self, row: dict) -> str | None:
        given = (self.mapping.split_value if self.mapping.split is None
                 else _cell(row[self.mapping.split]))
        if not given or not given.strip():
            return None
        name = split_name(given)
        if name is None:
            self.unknown_splits[given] += 1
        return name

    def _statement(self, number: int, row: dict, text: str, claim: tuple) -> int:
        """The statement of this row: a new one unless ``dedupe`` finds its text
        (or, in an article named by ``--article``, the same text and claim
        repeats: each repeat gets a statement of its own)."""
        if self.own and (same := self._exported_statement(row, text)) is not None:
            return same
        article_key = _cell(row[self.mapping.article]).strip() if self.mapping.article else ""
        digest, key = self._article_key(number, row, text, article_key)
        found = self.store.article_ref(digest)
        if found is None:
            article = self._article(number, row, text, digest, key)
            article_id = self.store.add_article(article, [(0, len(text), None, None)])
            self.report.articles_added += 1
            self.report.statements_added += 1
            if article_key:
                self.repeats[self._repeat(digest, text, claim)] += 1
            return self.store.statement_at(article_id, 0, len(text))
        article_id, length = found
        if not article_key:
            return self.store.statement_at(article_id, 0, length)
        repeat = self._repeat(digest, text, claim)
        nth = 0 if self.mapping.dedupe else self.repeats[repeat]
        self.repeats[repeat] += 1
        statement_id = self.store.statement_with_text(article_id, text, nth)
        if statement_id is None:
            first = self.store.statement_with_text(article_id, text) if nth else None
            if first is None:
                start, end = self.store.append_text(article_id, text, SEPARATOR)
            else:  # a repeat: one more statement on the same span, the text stored once
                start, end = self.store.statement(first).start, self.store.statement(first).end
            statement_id = self.store.add_statement(article_id, start, end)
            self.report.statements_added += 1
        return statement_id

    def _exported_statement(self, row: dict, text: str) -> int | None:
        """The statement an exported row came from, when it is in this project with the
        same text and article: its claims go back onto it (a round trip adds nothing)."""
        try:
            statement = self.store.statement(int(_cell(row["statement_id"])))
        except (ValueError, NotFound):
            return None
        same = statement.text == text and str(statement.article_id) == _cell(row["article_id"])
        return statement.id if same else None

    def _article_key(self, number: int, row: dict, text: str, article_key: str) -> tuple[str, str]:
        """The content hash of the row's article and the key kept in its metadata."""
        if article_key:
            key = article_key
            return hashlib.sha256(f"import\x00{self.name}\x00{key}".encode()).hexdigest(), key
        if self.mapping.dedupe:
            return content_hash(text), ""
        if self.mapping.id_column:
            key = _cell(row[self.mapping.id_column]).strip()
            here = self.rows.where(number)
            if not key:
                raise InputError(self.rows.name, f"no id in the column {self.mapping.id_column!r} "
                                 "(given with --id-column)", **here)
            if key in self.ids_seen:
                where = "line" if self.rows.by_line else "row"
                raise InputError(self.rows.name, f"the id {key!r} is also the one of {where} "
                                 f"{self.ids_seen[key]}; an --id-column names each row once (rows "
                                 "of one article: --article)", **here)
            self.ids_seen[key] = number
            kind = "id"
        else:
            key, kind = f"{self.file_key}:{number}", "row"
        return hashlib.sha256(f"import\x00{self.name}\x00{kind}\x00{key}".encode()).hexdigest(), key

    @staticmethod
    def _repeat(digest: str, text: str, claim: tuple) -> bytes:
        """A short digest of (article, text, claim): memory stays small per row."""
        return hashlib.blake2b(repr((digest, text, claim)).encode(), digest_size=16).digest()

    def _merge(self, number: int, claim_id: int, earlier, stance: str, split: str | None,
               text: str) -> None:
        """Count a row that gave the claim of an earlier row (of this file, or of an
        earlier import: ``earlier``); note where the labels (or splits) differ."""
        unit = "line" if self.rows.by_line else "row"
        shown = repr(text if len(text) <= 60 else text[:57] + "...")
        if claim_id in self.merges:
            self.report.merged += 1
            first, line = self.merges[claim_id]
            if first != stance:
                self.report.conflicts.append(
                    f"{unit} {line} ({first}) and {number} ({stance}): {shown}")
        elif earlier is not None:
            self.report.merged += 1
            if (earlier.stance, earlier.split) != (stance, split):
                self.report.conflicts.append(
                    f"{unit} {number} ({stance}, {split or 'no split'}) replaced the claim of an "
                    f"earlier import ({earlier.stance}, {earlier.split or 'no split'}): {shown}")
        self.merges[claim_id] = (stance, number)

    def _article(self, number: int, row: dict, text: str, digest: str, key: str) -> dict:
        mapping = self.mapping
        value = lambda column: (_cell(row[column]).strip() or None) if column else None  # noqa: E731
        published = value(mapping.date)
        if published:
            try:
                published = parse_date(published)
            except ClaimsError as error:
                raise InputError(self.rows.name, str(error), **self.rows.where(number)) from None
        metadata = {"import": self.name, **({"key": key} if key else {})}
        return {"content_hash": digest, "text": text, "title": value(mapping.title),
                "url": value(mapping.url), "published": published,
                "source": value(mapping.source) if mapping.source else self.name,
                "language": (value(mapping.language) or mapping.language_value
                             or detect_language(text)),
                "metadata": metadata}

    def _actor(self, number: int, row: dict) -> int | None:
        if not self.mapping.actor or not _cell(row[self.mapping.actor]).strip():
            return None
        name, _ = registry_file.name_from_text(_cell(row[self.mapping.actor]))
        kind = self._kind(number, row, self.mapping.actor_kind_column, self.mapping.actor_kind,
                          ACTOR_KINDS)
        return self._entity(number, "actor", name, kind, None)

    def _target(self, number: int, row: dict, text: str) -> int:
        name, description = registry_file.name_from_text(text)
        kind = self._kind(number, row, self.mapping.target_kind_column, self.mapping.target_kind,
                          TARGET_KINDS)
        if self.mapping.target_description:
            description = _cell(row[self.mapping.target_description]).strip() or description
        return self._entity(number, "target", name, kind, description)

    def _kind(self, number: int, row: dict, column: str | None, default: str,
              allowed: tuple[str, ...]) -> str:
        kind = kind_named(_cell(row[column]).strip()) if column else ""
        if kind and kind not in allowed:
            raise InputError(self.rows.name, f"unknown kind {kind!r} in column {column!r}; use "
                                             f"one of: {', '.join(allowed)}",
                             **self.rows.where(number))
        return kind or default

    def _entity(self, number: int, kind: str, name: str, entity_kind: str,
                description: str | None) -> int:
        if (kind, name) not in self.ids:
            try:
                # a claim is a text: never merged with another text that normalises alike
                self.ids[kind, name] = registry.ensure_entity(
                    self.store, kind, name, entity_kind, description,
                    exact=kind == "target" and entity_kind == "claim")
            except ClaimsError as error:
                raise InputError(self.rows.name, str(error), **self.rows.where(number)) from None
        return self.ids[kind, name]

    def _origin(self, number: int, row: dict) -> tuple[str, str | None]:
        origin = self.report.origin
        if self.mapping.annotator and _cell(row[self.mapping.annotator]).strip():
            given = _cell(row[self.mapping.annotator]).strip()
            origin = given if Origin.is_origin(given) else str(Origin.human(given))
        method = _cell(row[self.mapping.gold_method]).strip() if self.mapping.gold_method else ""
        if method and method not in GOLD_METHODS:
            raise InputError(self.rows.name, f"unknown gold method {method!r}; use one of: "
                                             f"{', '.join(GOLD_METHODS)}",
                             **self.rows.where(number))
        return origin, method or ("imported" if Origin.parse(origin).kind == "import" else None)

    def _confidence(self, number: int, row: dict) -> float | None:
        value = _cell(row[self.mapping.confidence]).strip() if self.mapping.confidence else ""
        try:
            return float(value) if value else None
        except ValueError:
            raise InputError(self.rows.name, f"the confidence {value!r} is not a number",
                             **self.rows.where(number)) from None
