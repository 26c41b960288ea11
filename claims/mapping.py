"""What a file's columns mean: the column and label mappings (``Mapping``) that
turn a published dataset's rows into claims, its ``Source`` (licence,
citation), and the columns of the project's own export format."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields

from claims.errors import ClaimsError
from claims.records import ACTOR_KINDS, SPLITS, TARGET_KINDS, kind_named

# other names datasets give the splits of SPLITS
_SPLIT_ALIASES = {"training": "train", "valid": "validation", "val": "validation",
                  "dev": "validation", "development": "validation", "testing": "test"}
_NUMBER = re.compile(r"^[+-]?\d+(\.0+)?$")


@dataclass(frozen=True)
class Source:
    """Where imported claims come from, for the dataset card."""

    name: str
    license: str | None = None
    citation: str | None = None
    url: str | None = None
    description: str | None = None


@dataclass
class Mapping:
    """Which column of a row holds what, and how its labels map to the schema's.

    ``text`` and ``stance`` are columns; the target is a column (``target``,
    whose value may be a list: one claim each) or one name for every row
    (``target_value``); the split likewise (``split`` or ``split_value``).
    ``transform`` (used by recipes) may rewrite each row before it is read.
    ``label_map`` may be given as written on the command line:
    ``'agree=support,disagree=oppose'``.
    """

    text: str | None = None
    stance: str | None = None
    target: str | None = None
    target_value: str | None = None
    target_kind: str = "topic"
    target_kind_column: str | None = None
    target_description: str | None = None
    actor: str | None = None
    actor_kind: str = "organisation"
    actor_kind_column: str | None = None
    label_map: dict[str, str] | str = field(default_factory=dict)
    add_labels: bool = False
    article: str | None = None
    id_column: str | None = None
    dedupe: bool = False
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None
    language_value: str | None = None
    split: str | None = None
    split_value: str | None = None
    annotator: str | None = None
    gold_method: str | None = None
    confidence: str | None = None
    note: str | None = None
    created_at: str | None = None
    transform: Callable[[dict], dict] | None = None

    _OPTIONS = {"text": "--text", "stance": "--stance", "target": "--target", "actor": "--actor",
                "article": "--article", "id_column": "--id-column", "title": "--title",
                "date": "--date", "split": "--split", "annotator": "--annotator"}

    def __post_init__(self) -> None:
        if isinstance(self.label_map, str):
            self.label_map = parse_label_map(self.label_map)

    def columns(self) -> dict[str, str]:
        """The columns a row must have, each with the option (or field) that named it."""
        skip = {
            "target_value", "target_kind", "actor_kind", "label_map", "add_labels",
            "language_value", "split_value", "transform", "dedupe",
        }
        return {getattr(self, f.name): self._OPTIONS.get(f.name, f.name) for f in fields(self)
                if f.name not in skip and getattr(self, f.name)}

    def check(self) -> None:
        if self.text is None or self.stance is None:
            raise ClaimsError(
                "Name the text column with --text and the stance column with --stance."
            )
        if (self.target is None) == (self.target_value is None):
            raise ClaimsError(
                "Name the target with --target COLUMN or --target-value NAME (one of them)."
            )
        if self.dedupe and self.id_column:
            raise ClaimsError("--dedupe merges rows by their text and --id-column keeps each "
                              "row by its id: give one of them.")
        if self.split is not None and self.split_value is not None:
            raise ClaimsError("Give the split with --split COLUMN or --split-value NAME, not both.")
        if self.target_kind not in TARGET_KINDS:
            raise ClaimsError(
                f"Unknown target kind {self.target_kind!r}; use one of: {', '.join(TARGET_KINDS)}."
            )
        if kind_named(self.actor_kind) not in ACTOR_KINDS:
            raise ClaimsError(
                f"Unknown actor kind {self.actor_kind!r}; use one of: {', '.join(ACTOR_KINDS)}."
            )
        if self.split_value is not None and split_name(self.split_value) is None:
            raise ClaimsError(
                f"Unknown split {self.split_value!r}; use one of: {', '.join(SPLITS)} (or dev)."
            )


EXPORT_COLUMNS = (
    "claim_id", "text", "start", "end", "statement_id", "article_id", "article_title", "source",
    "url", "published", "language", "actor", "actor_kind", "target", "target_kind",
    "target_description", "stance", "origin", "gold_method", "confidence", "note", "split",
    "created_at",
)
OWN_FORMAT = Mapping(
    text="text", stance="stance", target="target", target_kind_column="target_kind",
    target_description="target_description", actor="actor", actor_kind_column="actor_kind",
    article="article_id", title="article_title", date="published", url="url", source="source",
    language="language", split="split", annotator="origin", gold_method="gold_method",
    confidence="confidence", note="note", created_at="created_at",
)


def parse_label_map(text: str | None) -> dict[str, str]:
    """``'agree=support,disagree=oppose'`` as a dict; numbers are compared by value (``+1`` is
    ``1``).

    >>> parse_label_map("agree=support, disagree=oppose,+1=support")
    {'agree': 'support', 'disagree': 'oppose', '1': 'support'}
    """
    mapping = {}
    for item in filter(None, (part.strip() for part in (text or "").split(","))):
        given, sep, label = item.partition("=")
        if not sep or not given.strip() or not label.strip():
            raise ClaimsError(
                f"--label-map: {item!r} is not FROM=TO; write e.g. 'agree=support,disagree=oppose'."
            )
        mapping[_label_key(given)] = label.strip()
    return mapping


def _label_key(value: str) -> str:
    value = value.strip()
    return str(int(float(value))) if _NUMBER.match(value) else value


def split_name(value: str) -> str | None:
    """The Hugging Face split name for a split as datasets write it (``dev`` → ``validation``)."""
    value = value.strip().lower()
    return value if value in SPLITS else _SPLIT_ALIASES.get(value)


def is_own_format(header: Iterable[str]) -> bool:
    """Whether a file's columns are those of ``claims export``."""
    return set(EXPORT_COLUMNS) <= set(header)
