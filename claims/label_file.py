"""Labelling from a file: many ``claims label`` decisions in one process.

A file of rows (CSV, TSV, JSON Lines, JSON, Parquet) with the columns
``statement, actor, target, stance, annotator, note``; a row whose stance is
``no_claim`` (actor, target and note empty) records that the statement holds no
claim, as 0/x does in ``claims annotate``. Each row is recorded as
``claims label`` records it (``claims.decisions.record_claims``), in its own
transaction, so that a bad row stops the file with the rows before it saved:
running the corrected file again saves those rows again, unchanged.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from claims import readers
from claims.decisions import Change, check_annotator, record_claims, record_no_claim
from claims.errors import ClaimsError, InputError
from claims.proposals import Draft
from claims.store import Store

COLUMNS = ("statement", "actor", "target", "stance", "annotator", "note")
NO_CLAIM = "no_claim"


@dataclass
class LabelReport:
    """What a file recorded: rows, claims and no-claim decisions, per annotator."""

    file: str
    rows: int = 0
    claims: int = 0
    no_claims: int = 0
    unchanged: int = 0  # rows that recorded what was recorded already (a file saved twice)
    annotators: dict[str, int] = field(default_factory=dict)  # rows per annotator


def label_file(store: Store, path: str | Path, annotator: str | None = None,
               format: str | None = None) -> LabelReport:
    """Record every row of ``path``, one transaction a row; ``annotator`` is used for
    rows with an empty annotator. A bad row raises an ``InputError`` naming the file
    and the row and saying how many rows before it were saved."""
    rows = readers.open_rows(path, format)
    unknown = [column for column in rows.header if column not in COLUMNS]
    if unknown or "statement" not in rows.header:
        problem = (f"unknown column(s) {', '.join(map(repr, unknown))}" if unknown
                   else "no 'statement' column")
        raise InputError(rows.name, f"{problem}; the columns are: {', '.join(COLUMNS)}")
    labels = [label.name for label in store.labels()]
    report = LabelReport(rows.name)
    number = None
    try:
        for number, row in rows.rows:
            _label_row(store, row, annotator, labels, report)
    except InputError as error:  # the file itself (malformed CSV, bad JSON line)
        problem = _saved(error.problem, report)
        raise InputError(error.source, problem, error.line, error.row) from None
    except ClaimsError as error:
        raise InputError(rows.name, _saved(str(error), report), **rows.where(number)) from None
    return report


def _label_row(store: Store, row: dict, default: str | None, labels: list[str],
               report: LabelReport) -> None:
    values = {column: _text(row.get(column)) for column in COLUMNS}
    unknown = [column for column in row if column not in COLUMNS]
    if unknown:
        raise ClaimsError(f"Unknown column(s) {', '.join(map(repr, unknown))}; "
                          f"the columns are: {', '.join(COLUMNS)}.")
    statement = _statement_id(values["statement"])
    annotator = values["annotator"] or default
    if not annotator:
        raise ClaimsError("No annotator: fill the annotator column or give --annotator.")
    annotator = check_annotator(annotator)
    if values["stance"] == NO_CLAIM:
        given = [column for column in ("actor", "target", "note") if values[column]]
        if given:
            raise ClaimsError(f"A {NO_CLAIM} row takes no {', '.join(given)}.")
        change = record_no_claim(store, annotator, statement)
        report.no_claims += 1
    else:
        missing = [column for column in ("actor", "target", "stance") if not values[column]]
        if missing:
            raise ClaimsError(f"No {', '.join(missing)}; a claim needs actor, target and stance "
                              f"(stance {NO_CLAIM} records that the statement holds none).")
        draft = Draft(values["actor"], values["target"], values["stance"], values["note"])
        change = record_claims(store, annotator, statement, [draft], labels=labels)
        report.claims += 1
    report.rows += 1
    report.unchanged += _unchanged(change)
    report.annotators[annotator] = report.annotators.get(annotator, 0) + 1


def _unchanged(change: Change) -> bool:
    """Whether a row's decision recorded what was recorded already: the same decision, and
    the claims it overwrote had its stance and note."""
    if change.previous is None or change.previous["decision"] != change.decision:
        return False
    before = sorted((row["stance"], row["note"] or "") for row in change.removed)
    return before == sorted((claim.stance, claim.note or "") for claim in change.claims)


def _text(value) -> str | None:
    """A cell as stripped text; empty and missing cells (None, NaN) are None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _statement_id(value: str | None) -> int:
    if value is None:
        raise ClaimsError("No statement id.")
    try:
        number = float(value)
    except ValueError:
        number = None
    if number is None or not number.is_integer():
        raise ClaimsError(f"The statement id {value!r} is not a number; "
                          "list statements with 'claims statements'.")
    return int(number)


def _saved(problem: str, report: LabelReport) -> str:
    joint = " " if problem.endswith((".", "?", "!")) else "; "
    if report.rows == 0:
        return f"{problem}{joint}Nothing is saved; fix this row and run the file again."
    saved = "the row before it is" if report.rows == 1 else f"the {report.rows} rows before it are"
    return (f"{problem}{joint}{saved[0].upper()}{saved[1:]} saved; fix this row and run the file "
            "again (saved rows are saved again, unchanged).")
