"""Actors and targets: adding them with their aliases, registry files, and
finding their mentions in text.

An alias belongs to one actor (or one target) once normalised, so «موسكو» and
«مُوسكو» cannot point at two actors. A name is always an alias of itself.
"""
from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import tomli_w
import yaml

from claims.errors import ClaimsError, Conflict, InputError, NotFound, did_you_mean
from claims.records import ACTOR_KINDS, TARGET_KINDS, Actor, Mention, Target
from claims.schema import Label
from claims.store import Store
from claims.text import clitic_forms, detect_language, normalize, tokens

KINDS = {"actor": ACTOR_KINDS, "target": TARGET_KINDS}
DEFAULT_KINDS = {"actor": "organisation", "target": "topic"}  # for registry file entries without a kind
SNAPSHOT_FILE = "registry.yaml"  # the registry that a dataset folder and a model directory carry
_LISTING = {"actor": "claims actors list", "target": "claims targets list"}
NAME_LIMIT = 200
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def check_name(value: str, what: str) -> str:
    """A registry name or alias, stripped; refuses empty names and control or
    direction-override characters (they make names that look alike but differ)."""
    if not isinstance(value, str):
        raise ClaimsError(f"The {what} must be text, not {type(value).__name__}.")
    value = value.strip()
    if not value or not normalize(value).strip():
        raise ClaimsError(f"The {what} is empty.")
    if _UNPRINTABLE.search(value):
        raise ClaimsError(f"The {what} {value!r} has control or text-direction characters; remove them.")
    if len(value) > NAME_LIMIT:
        raise ClaimsError(f"The {what} {value[:40]!r}… is longer than {NAME_LIMIT} characters.")
    return value


def name_from_text(text: str) -> tuple[str, str | None]:
    r"""A registry name for a text taken from data (a headline or a claim used as
    a target): white space folded and control characters dropped; a text longer
    than the name limit is cut at a word and marked with a short hash of the
    whole text, so two long claims that begin alike stay two targets. Returns the
    name and, when the name is not the whole text, the text as a description.

    >>> name_from_text("Russia  intends to\ninvade Ukraine")
    ('Russia intends to invade Ukraine', None)
    >>> name, description = name_from_text("word " * 60)
    >>> len(name) <= 200, name.endswith("…"), name[-9:-1], len(description)
    (True, True, '[503ed1]', 299)
    """
    folded = " ".join(_UNPRINTABLE.sub(" ", text).split())
    if len(folded) <= NAME_LIMIT:
        return folded, None
    digest = hashlib.sha256(folded.encode("utf-8")).hexdigest()[:6]
    suffix = f" [{digest}]…"
    cut = folded[: NAME_LIMIT - len(suffix) + 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut[:-1]
    return cut + suffix, folded


def ensure_entity(store: Store, kind: str, name: str, entity_kind: str, description: str | None = None) -> int:
    """The id of the actor or target called ``name`` or having it as an alias;
    one is registered (with ``entity_kind`` and ``description``) when there is none."""
    found = _find(store, kind, name)
    if found is None:
        found = add_entity(store, kind, name, entity_kind, description=description)
    return found


def _find(store: Store, kind: str, name: str) -> int | None:
    found = store.entity_id(kind, name)
    if found is None:
        owner = store.alias_owner(kind, normalize(name))
        found = store.entity_id(kind, owner) if owner else None
    return found


def entity_id(store: Store, kind: str, name: str) -> int:
    """The id of the actor or target called ``name`` (or having it as an alias)."""
    found = _find(store, kind, name)
    if found is None:
        choices = store.entity_names(kind) + [alias for _, alias, _ in store.aliases(kind)]
        raise NotFound(f"No {kind} named {name!r}.{did_you_mean(name, choices, _LISTING[kind])}")
    return found


def add_entity(store: Store, kind: str, name: str, entity_kind: str, aliases: list[str] = (),
               parent: str | None = None, description: str | None = None, exist_ok: bool = False) -> int:
    """Add an actor or a target with its aliases; with ``exist_ok`` an existing
    one gets the new aliases (and kind, parent, description when given)."""
    name = check_name(name, f"{kind} name")
    if entity_kind not in KINDS[kind]:
        raise ClaimsError(f"Unknown {kind} kind {entity_kind!r}; use one of: {', '.join(KINDS[kind])}.")
    extra = {"parent_id": entity_id(store, "actor", parent) if parent else None} if kind == "actor" else {
        "description": description}
    with store.transaction():
        existing = store.entity_id(kind, name)
        if existing is not None and not exist_ok:
            raise Conflict(f"The {kind} {name!r} exists already; add aliases with 'claims {kind}s alias'.")
        if existing is not None and extra.get("parent_id"):
            _refuse_cycle(store, existing, extra["parent_id"])
        if existing is None:
            existing = store.add_entity(kind, name, entity_kind, extra)
        else:
            store.update_entity(kind, existing, {"kind": entity_kind, **{k: v for k, v in extra.items() if v}})
        add_aliases(store, kind, name, [name, *aliases])
    return existing


def _refuse_cycle(store: Store, actor_id: int, parent_id: int) -> None:
    """Refuse a parent that is the actor itself or stands under it: parents form a tree."""
    actors = {actor.id: actor for actor in store.actors()}
    by_name = {actor.name: actor for actor in actors.values()}
    chain, current = [actors[actor_id].name], actors[parent_id]
    while current is not None:
        chain.append(current.name)
        if current.id == actor_id:
            raise ClaimsError(f"The actor {chain[0]!r} cannot have the parent {chain[1]!r}: that would make a "
                              f"cycle ({' → '.join(chain)}).")
        current = by_name.get(current.parent) if current.parent else None


def add_aliases(store: Store, kind: str, name: str, aliases: list[str]) -> None:
    """Give ``aliases`` to the actor or target ``name``; an alias it has already is kept once."""
    with store.transaction():
        owner_id = entity_id(store, kind, name)
        for alias in aliases:
            alias = check_name(alias, "alias")
            normalized = normalize(alias)
            owner = store.alias_owner(kind, normalized)
            if owner is None:
                store.add_alias(kind, owner_id, alias, normalized, detect_language(alias))
            elif owner != name:
                raise Conflict(f"The alias {alias!r} belongs to the {kind} {owner!r} already.")


# --- mentions ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    kind: str
    name: str
    alias: str
    words: tuple[str, ...]


class MentionFinder:
    """Finds the registered actors and targets named in a text.

    Matching works on normalised tokens and sees through Arabic proclitics
    (و، ف، ب، ل، ك، ال، وال، بال، لل): «وبالمقابل، تنفي موسكو» and «لموسكو» both
    name Russia when «موسكو» is its alias. The longest alias wins where two overlap.
    """

    def __init__(self, aliases: list[tuple[str, str, str]]):
        """``aliases``: ``(kind, entity name, alias)`` triples."""
        self._index: dict[str, list[_Entry]] = {}
        for kind, name, alias in aliases:
            words = tuple(token.norm for token in tokens(alias))
            if not words:
                continue
            entry = _Entry(kind, name, alias, words)
            keys = {words[0]}
            if words[0].startswith("ال") and len(words[0]) > 3:
                keys.add(words[0][2:])  # «الناتو» is also written «ناتو», «للناتو»
            for key in keys:
                self._index.setdefault(key, []).append(entry)
        for entries in self._index.values():
            entries.sort(key=lambda entry: len(entry.words), reverse=True)

    @classmethod
    def from_store(cls, store: Store) -> MentionFinder:
        return cls([(kind, name, alias) for kind in KINDS for name, alias, _ in store.aliases(kind)])

    def find(self, text: str) -> list[Mention]:
        """The mentions in ``text``, in order, longest first where they overlap."""
        toks = tokens(text)
        candidates = []
        for index, token in enumerate(toks):
            for prefix, stem in clitic_forms(token.norm):
                for entry in self._index.get(stem, ()):
                    last = index + len(entry.words) - 1
                    if last < len(toks) and all(toks[index + k].norm == word for k, word in enumerate(entry.words[1:], 1)):
                        candidates.append((entry, token.original_offset(text, prefix), toks[last].end, prefix))
        return _without_overlaps(text, candidates)


def _without_overlaps(text: str, candidates: list) -> list[Mention]:
    chosen: list[Mention] = []
    taken: dict[str, list[tuple[int, int]]] = {"actor": [], "target": []}
    for entry, start, end, prefix in sorted(candidates, key=lambda c: (-(c[2] - c[1]), c[3], c[1])):
        if any(start < other_end and other_start < end for other_start, other_end in taken[entry.kind]):
            continue
        taken[entry.kind].append((start, end))
        chosen.append(Mention(entry.kind, entry.name, start, end, text[start:end], entry.alias))
    return sorted(chosen, key=lambda mention: (mention.start, mention.kind))


# --- registry files ---------------------------------------------------------------------


@dataclass(frozen=True)
class Registry:
    """A registry apart from any project: the labels, guidelines, actors and
    targets that a registry file holds, and that a model directory carries as the
    snapshot it was trained with. Records read from a file have no id."""

    actors: tuple[Actor, ...] = ()
    targets: tuple[Target, ...] = ()
    labels: tuple[Label, ...] = ()
    guidelines: str = ""

    @classmethod
    def of_project(cls, store: Store) -> Registry:
        return cls(tuple(store.actors()), tuple(store.targets()), tuple(store.labels()),
                   store.setting("guidelines") or "")

    @classmethod
    def read(cls, path: str | Path) -> Registry:
        """A YAML or TOML registry file, checked whole: names, kinds, one owner per alias."""
        path = Path(path)
        data = _load_registry_file(path)
        actors = _entries(path, data, "actors", {"name", "kind", "aliases", "parent"})
        targets = _entries(path, data, "targets", {"name", "kind", "aliases", "description"})
        labels = _entries(path, data, "labels", {"name", "description"})
        _check_aliases_unique(path, "actor", actors)
        _check_aliases_unique(path, "target", targets)
        return cls(
            tuple(Actor(None, e["name"], _kind(path, e, "actor"), e.get("parent"), tuple(e.get("aliases", [])))
                  for e in actors),
            tuple(Target(None, e["name"], _kind(path, e, "target"), e.get("description"), tuple(e.get("aliases", [])))
                  for e in targets),
            tuple(Label(e["name"], str(e.get("description", ""))) for e in labels),
            str(data.get("guidelines") or ""),
        )

    def data(self) -> dict:
        """Plain data for a YAML or TOML file (a name is not repeated among its aliases)."""
        def entry(record, **extra) -> dict:
            aliases = [alias for alias in dict.fromkeys(record.aliases) if alias != record.name]
            values = {"name": record.name, "kind": record.kind, **extra, "aliases": aliases}
            return {key: value for key, value in values.items() if value not in (None, [])}

        return {
            "labels": [{"name": label.name, "description": label.description} for label in self.labels],
            "guidelines": self.guidelines,
            "actors": [entry(actor, parent=actor.parent) for actor in self.actors],
            "targets": [entry(target, description=target.description) for target in self.targets],
        }

    def write(self, path: str | Path) -> None:
        """Write the registry as YAML or TOML, chosen by the file's suffix."""
        path = Path(path)
        if path.suffix.lower() == ".toml":
            text = tomli_w.dumps(self.data())
        elif path.suffix.lower() in (".yaml", ".yml"):
            text = yaml.safe_dump(self.data(), allow_unicode=True, sort_keys=False, width=100)
        else:
            raise ClaimsError(f"{path}: unknown registry format; name the file .yaml, .yml or .toml.")
        path.write_text(text, encoding="utf-8")

    def finder(self) -> MentionFinder:
        """A MentionFinder over every name and alias of the actors and targets."""
        return MentionFinder([(kind, record.name, alias)
                              for kind, records in (("actor", self.actors), ("target", self.targets))
                              for record in records for alias in dict.fromkeys((record.name, *record.aliases))])


def export_registry(store: Store, path: str | Path) -> None:
    Registry.of_project(store).write(path)


def read_text_file(path: Path) -> str:
    """A UTF-8 text file (without its byte-order mark); one that cannot be read is an InputError."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "a folder, not a file") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "not valid UTF-8") from None


def read_guidelines(path: str | Path) -> str:
    """The Markdown text of a guidelines file."""
    text = read_text_file(Path(path))
    if not text.strip():
        raise InputError(str(path), "empty guidelines file")
    return text


def _load_registry_file(path: Path) -> dict:
    text = read_text_file(path)
    try:
        if path.suffix.lower() == ".toml":
            data = tomllib.loads(text)
        elif path.suffix.lower() in (".yaml", ".yml"):
            # Anchors and aliases are refused outright: they are never needed in a
            # registry and let a small file expand into gigabytes.
            if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=yaml.SafeLoader)):
                raise InputError(str(path), "YAML aliases (*name) are not allowed in a registry file")
            data = yaml.safe_load(text)
        else:
            raise InputError(str(path), "unknown registry format; name the file .yaml, .yml or .toml")
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        raise InputError(str(path), f"not valid {path.suffix[1:].upper()} ({str(error).splitlines()[0]})",
                         line=line + 1 if line is not None else None) from None
    if data is None:
        raise InputError(str(path), "empty registry file")
    if not isinstance(data, dict):
        raise InputError(str(path), "expected a mapping with 'actors', 'targets', 'labels' or 'guidelines'")
    unknown = set(data) - {"actors", "targets", "labels", "guidelines"}
    if unknown:
        raise InputError(str(path), f"unknown section(s) {', '.join(sorted(map(repr, unknown)))}; "
                                    "use actors, targets, labels, guidelines")
    return data


def _entries(path: Path, data: dict, section: str, fields: set[str]) -> list[dict]:
    entries = data.get(section) or []
    if not isinstance(entries, list):
        raise InputError(str(path), f"'{section}' must be a list")
    for number, entry in enumerate(entries, start=1):
        where = f"{section}[{number}]"
        if not isinstance(entry, dict) or "name" not in entry:
            raise InputError(str(path), f"{where}: expected a mapping with a 'name'")
        if set(entry) - fields:
            raise InputError(str(path), f"{where}: unknown field(s) {', '.join(sorted(map(repr, set(entry) - fields)))}")
        if not isinstance(entry.get("aliases", []), list):
            raise InputError(str(path), f"{where}: 'aliases' must be a list")
        try:
            entry["name"] = check_name(entry["name"], "name")
            entry["aliases"] = [check_name(alias, "alias") for alias in entry.get("aliases", [])]
        except ClaimsError as error:
            raise InputError(str(path), f"{where}: {error}") from None
    return entries


def _kind(path: Path, entry: dict, kind: str) -> str:
    value = entry.get("kind", DEFAULT_KINDS[kind])
    if value not in KINDS[kind]:
        raise InputError(str(path), f"{kind} {entry['name']!r}: Unknown {kind} kind {value!r}; "
                                    f"use one of: {', '.join(KINDS[kind])}")
    return value


def _check_aliases_unique(path: Path, kind: str, entries: list[dict]) -> None:
    owners: dict[str, str] = {}
    for entry in entries:
        for alias in [entry["name"], *entry.get("aliases", [])]:
            key = normalize(str(alias).strip())
            if owners.setdefault(key, entry["name"]) != entry["name"]:
                raise InputError(str(path), f"the alias {alias!r} is given to two {kind}s: "
                                            f"{owners[key]!r} and {entry['name']!r}")


def import_registry(store: Store, path: str | Path) -> dict:
    """Add (or update) the labels, guidelines, actors and targets of a YAML or
    TOML file, all in one transaction; returns how many of each were read."""
    registry = Registry.read(path)
    try:
        with store.transaction():
            if registry.labels:
                store.replace_labels(registry.labels)
            if registry.guidelines:
                store.set_setting("guidelines", registry.guidelines)
            for actor in registry.actors:  # parents may come later in the file: link them in a second pass
                add_entity(store, "actor", actor.name, actor.kind, list(actor.aliases), exist_ok=True)
            for actor in registry.actors:
                if actor.parent:
                    add_entity(store, "actor", actor.name, actor.kind, parent=actor.parent, exist_ok=True)
            for target in registry.targets:
                add_entity(store, "target", target.name, target.kind, list(target.aliases),
                           description=target.description, exist_ok=True)
    except InputError:
        raise
    except ClaimsError as error:
        raise InputError(str(path), str(error)) from None
    return {"actors": len(registry.actors), "targets": len(registry.targets), "labels": len(registry.labels)}
