"""Actors and targets in a project: adding them with their aliases, and
importing and exporting registry files.

An alias belongs to one actor (or one target) once normalised, so «موسكو» and
«مُوسكو» cannot point at two actors. A name is always an alias of itself.

This is the store-backed half of the registry: the registry value and its files
are ``claims.registry_file``, finding names in text is ``claims.mentions``.
"""
from __future__ import annotations

from pathlib import Path

from claims.errors import ClaimsError, Conflict, InputError, NotFound, did_you_mean
from claims.mentions import MentionFinder
from claims.registry_file import KINDS, Registry, check_name
from claims.store import Store
from claims.text import detect_language, normalize

_LISTING = {"actor": "claims actors list", "target": "claims targets list"}


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
               parent: str | None = None, description: str | None = None, exist_ok: bool = False,
               check_cycle: bool = True) -> int:
    """Add an actor or a target with its aliases; with ``exist_ok`` an existing
    one gets the new aliases (and kind, parent, description when given).
    ``check_cycle=False``: the caller checks the whole tree once (an import)."""
    name = check_name(name, f"{kind} name")
    if entity_kind not in KINDS[kind]:
        raise ClaimsError(f"Unknown {kind} kind {entity_kind!r}; use one of: {', '.join(KINDS[kind])}.")
    extra = {"parent_id": entity_id(store, "actor", parent) if parent else None} if kind == "actor" else {
        "description": description}
    with store.transaction():
        existing = store.entity_id(kind, name)
        if existing is not None and not exist_ok:
            raise Conflict(f"The {kind} {name!r} exists already; add aliases with 'claims {kind}s alias'.")
        if existing is not None and extra.get("parent_id") and check_cycle:
            _refuse_cycle(store, existing, extra["parent_id"])
        if existing is None:
            existing = store.add_entity(kind, name, entity_kind, extra)
        else:
            store.update_entity(kind, existing, {"kind": entity_kind, **{k: v for k, v in extra.items() if v}})
        add_aliases(store, kind, name, [name, *aliases])
    return existing


def _refuse_cycle(store: Store, actor_id: int, parent_id: int,
                  tree: dict[int, tuple[str, int | None]] | None = None) -> None:
    """Refuse a parent that is the actor itself or stands under it: parents form a tree."""
    tree = tree if tree is not None else store.actor_parents()
    chain, current, seen = [tree[actor_id][0]], parent_id, set()
    while current is not None and current not in seen:
        seen.add(current)
        chain.append(tree[current][0])
        if current == actor_id:
            raise ClaimsError(f"The actor {chain[0]!r} cannot have the parent {chain[1]!r}: that would make a "
                              f"cycle ({' → '.join(chain)}).")
        current = tree[current][1]


def _refuse_cycles(store: Store, linked: dict[str, int]) -> None:
    """Refuse any cycle among all the actors' parents: once per import, not once a
    link. ``linked``: the actors given a parent, by name, in the order they were."""
    tree, done = store.actor_parents(), set()
    for actor_id, (_, parent_id) in tree.items():
        path, on_path = [], set()
        while parent_id is not None and parent_id not in done and actor_id not in on_path:
            path.append(actor_id)
            on_path.add(actor_id)
            actor_id, parent_id = parent_id, tree[parent_id][1]
        if actor_id in on_path:  # told as the link that closed it: the last one linked
            cycle = path[path.index(actor_id):]
            last = max(cycle, key=lambda node: (linked.get(tree[node][0], -1), node))
            _refuse_cycle(store, last, tree[last][1], tree)
        done.update(path)


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


def mention_finder(store: Store) -> MentionFinder:
    """A MentionFinder over every name and alias of the project's actors and targets."""
    return MentionFinder([(kind, name, alias) for kind in KINDS for name, alias, _ in store.aliases(kind)])


def snapshot(store: Store) -> Registry:
    """The project's registry as a value: labels, guidelines, actors and targets."""
    return Registry(tuple(store.actors()), tuple(store.targets()), tuple(store.labels()),
                    store.setting("guidelines") or "")


def export_registry(store: Store, path: str | Path) -> None:
    snapshot(store).write(path)


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
                    add_entity(store, "actor", actor.name, actor.kind, parent=actor.parent,
                               exist_ok=True, check_cycle=False)
            _refuse_cycles(store, {actor.name: number
                                   for number, actor in enumerate(registry.actors) if actor.parent})
            for target in registry.targets:
                add_entity(store, "target", target.name, target.kind, list(target.aliases),
                           description=target.description, exist_ok=True)
    except InputError:
        raise
    except ClaimsError as error:
        raise InputError(str(path), str(error)) from None
    return {"actors": len(registry.actors), "targets": len(registry.targets), "labels": len(registry.labels)}
