"""The records that flow between stages: plain dataclasses, and the origin of a claim.

An origin says who gave a claim and is written ``human:NAME``, ``model:NAME@VERSION``,
``import:SOURCE`` or ``gold``. ``Origin`` is the one place that parses and formats
one; ``select_origins`` is the one selection grammar of ``--origin`` (the store turns
its GLOB patterns into SQL).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import lru_cache

from claims.errors import ClaimsError

ACTOR_KINDS = ("country", "organisation", "person", "group")
_KIND_SPELLINGS = {"organization": "organisation"}  # the US spelling names the same kind
TARGET_KINDS = ("topic", "claim", "actor")
GOLD_METHODS = ("unanimous", "adjudicated", "single", "imported")
SPLITS = ("train", "validation", "test")  # Hugging Face's names; validation is the dev split
SPLIT_METHODS = ("article", "time", "random", "given")  # see claims.splits


ORIGIN_KINDS = ("human", "model", "import", "gold")  # gold stands alone; the others are KIND:NAME
_GLOB = set("*?[")


def kind_named(kind: str) -> str:
    """A kind as registries keep it, whichever spelling names it ("organization")."""
    return _KIND_SPELLINGS.get(kind, kind)


@dataclass(frozen=True)
class Origin:
    """Who gave a claim: ``kind`` (human, model, import, gold) and, but for gold, a name
    (an annotator, ``NAME@VERSION`` of a model, a source)."""

    kind: str
    name: str | None = None

    @classmethod
    @lru_cache(maxsize=4096)  # a dataset's rows repeat a handful of origins
    def parse(cls, text: str) -> Origin:
        """``human:ana`` → ``Origin("human", "ana")``; refuses what is not an origin."""
        kind, colon, name = text.partition(":")
        if text == "gold":
            return cls("gold")
        if kind in ORIGIN_KINDS[:3] and colon and name:
            return cls(kind, name)
        raise ClaimsError(f"Not an origin: {text!r}; write human:NAME, model:NAME@VERSION, "
                          "import:SOURCE or gold.")

    @classmethod
    def is_origin(cls, text: str) -> bool:
        try:
            cls.parse(text)
        except ClaimsError:
            return False
        return True

    @classmethod
    def human(cls, annotator: str) -> Origin:
        return cls("human", annotator)

    @classmethod
    def model(cls, name: str, version: str | int) -> Origin:
        return cls("model", f"{name}@{version}")

    @classmethod
    def imported(cls, source: str) -> Origin:
        return cls("import", source)

    def __str__(self) -> str:
        return self.kind if self.name is None else f"{self.kind}:{self.name}"


def origin_pattern(value: str) -> str:
    """One ``--origin`` value as a GLOB pattern over origins: ``all`` is every origin,
    a kind (``human``, ``model``, ``import``) every origin of that kind, ``gold`` and
    a full origin (``human:ana``) exactly that one, and a GLOB (``model:*@2``) what
    it matches."""
    if value == "all":
        return "*"
    if value in ORIGIN_KINDS[:3]:
        return f"{value}:*"
    if value == "gold" or _GLOB & set(value) or Origin.is_origin(value):
        return value
    raise ClaimsError(f"Unknown origin {value!r}; use all, a kind ({', '.join(ORIGIN_KINDS)}), "
                      "one origin such as human:ana, or a GLOB pattern such as 'model:*'.")


def select_origins(values: Sequence[str], default: Sequence[str] = ("all",)) -> list[str]:
    """The GLOB patterns selecting the claims of any of ``values`` (``default`` when
    none is given), in their order and without repeats."""
    return list(dict.fromkeys(origin_pattern(value) for value in (list(values) or list(default))))


def origin_selected(origin: str, patterns: Sequence[str]) -> bool:
    """Whether ``origin`` is one the ``patterns`` of ``select_origins`` select (as SQLite's
    GLOB does)."""
    return any(fnmatchcase(origin, pattern) for pattern in patterns)


@dataclass(frozen=True)
class Article:
    id: int
    content_hash: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Statement:
    """A span of an article; ``text == article.text[start:end]``."""

    id: int
    article_id: int
    position: int
    start: int
    end: int
    text: str
    cue: str | None = None
    cue_start: int | None = None  # offsets into the article, like start/end
    cue_end: int | None = None


@dataclass(frozen=True)
class Actor:
    id: int | None  # None for one read from a registry file rather than a project
    name: str
    kind: str
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    # A spokesman speaks for his parent (Peskov → Russia: his claims are coded as Russia's);
    # a party's member belongs to it (``member_of``) and speaks for himself. Both roll up.
    speaks_for_parent: bool = True


@dataclass(frozen=True)
class Target:
    id: int | None  # None for one read from a registry file rather than a project
    name: str
    kind: str
    description: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Merge:
    """An actor or target merged into another: its name (an alias of ``into`` since),
    and what moved: claims (``duplicates`` of claims ``into`` had were dropped),
    aliases and, for actors, children."""

    kind: str  # "actor" or "target"
    name: str
    into: str
    claims: int
    duplicates: int
    aliases: int
    children: int
    merged_at: str | None = None


@dataclass(frozen=True)
class Mention:
    """A registered actor or target named in a text: ``text[start:end] == surface``."""

    kind: str  # "actor" or "target"
    name: str
    start: int
    end: int
    surface: str
    alias: str


@dataclass(frozen=True)
class Claim:
    id: int
    statement_id: int
    actor: str | None
    target: str
    stance: str
    origin: str  # human:NAME, model:NAME@VERSION, import:SOURCE or gold
    confidence: float | None = None
    note: str | None = None
    gold_method: str | None = None  # unanimous, adjudicated, single or imported
    created_at: str | None = None
    split: str | None = None  # the dataset split recorded for it (train, validation, test), if any
