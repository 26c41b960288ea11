"""The records that flow between stages: plain dataclasses, no behaviour."""
from __future__ import annotations

from dataclasses import dataclass, field

ACTOR_KINDS = ("country", "organisation", "person", "group")
TARGET_KINDS = ("topic", "claim", "actor")
GOLD_METHODS = ("unanimous", "adjudicated", "single", "imported")
SPLITS = ("train", "validation", "test")  # Hugging Face's names; validation is the dev split
SPLIT_METHODS = ("article", "time", "random", "given")  # see claims.splits


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


@dataclass(frozen=True)
class Target:
    id: int | None  # None for one read from a registry file rather than a project
    name: str
    kind: str
    description: str | None = None
    aliases: tuple[str, ...] = ()


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
