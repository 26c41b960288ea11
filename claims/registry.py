"""Actors and targets in a project: adding them with their aliases, renaming,
removing and merging them (a merge is recorded), and exporting registry files
(importing one is ``claims.registry_sync``).

An alias belongs to one actor (or one target) once normalised, so «موسكو» and
«مُوسكو» cannot point at two actors. A name is always an alias of itself.

This is the store-backed half of the registry: the registry value and its files
are ``claims.registry_file``, finding names in text is ``claims.mentions``.
"""
from __future__ import annotations

from pathlib import Path

from claims.errors import ClaimsError, Conflict, NotFound, did_you_mean
from claims.mentions import MentionFinder
from claims.records import Merge, kind_named
from claims.registry_file import KINDS, Registry, check_name
from claims.store import Store
from claims.text import detect_language, normalize

_LISTING = {"actor": "claims actors list", "target": "claims targets list"}


def ensure_entity(store: Store, kind: str, name: str, entity_kind: str,
                  description: str | None = None, exact: bool = False) -> int:
    """The id of the actor or target called ``name`` or having it as an alias;
    one is registered (with ``entity_kind`` and ``description``) when there is none.
    With ``exact`` (a text such as a claim, not a name) only that very name is
    found: two texts that normalise alike stay two targets, the second one
    without the alias the first one holds."""
    found = store.entity_id(kind, name) if exact else _find(store, kind, name)
    if found is None:
        own_alias = not exact or store.alias_owner(kind, normalize(name)) is None
        found = add_entity(store, kind, name, entity_kind, description=description,
                           own_alias=own_alias)
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
               own_alias: bool = True, check_cycle: bool = True,
               speaks_for_parent: bool = True) -> int:
    """Add an actor or a target with its aliases (its name among them unless
    ``own_alias`` is false); with ``exist_ok`` an existing one gets the new
    aliases (and kind, parent, description when given). An actor speaks for its
    ``parent`` unless ``speaks_for_parent`` is false (a member of it). ``check_cycle=False``:
    the caller checks the whole tree once (an import)."""
    name = check_name(name, f"{kind} name")
    entity_kind = kind_named(entity_kind)
    if entity_kind not in KINDS[kind]:
        raise ClaimsError(
            f"Unknown {kind} kind {entity_kind!r}; use one of: {', '.join(KINDS[kind])}."
        )
    extra = (
        {"parent_id": entity_id(store, "actor", parent) if parent else None,
         "speaks_for_parent": int(speaks_for_parent)}
        if kind == "actor"
        else {"description": description}
    )
    with store.transaction():
        existing = store.entity_id(kind, name)
        if existing is not None and not exist_ok:
            raise Conflict(
                f"The {kind} {name!r} exists already; add aliases with 'claims {kind}s alias'."
            )
        if existing is not None and extra.get("parent_id") and check_cycle:
            _refuse_cycle(store, existing, extra["parent_id"])
        if existing is None:
            existing = store.add_entity(kind, name, entity_kind, extra)
        else:
            given = extra if parent or description else {}  # the flag goes with its parent
            store.update_entity(
                kind, existing, {"kind": entity_kind, **{k: v for k, v in given.items()
                                                         if v is not None}}
            )
        add_aliases(store, kind, name, [name, *aliases] if own_alias else list(aliases))
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
            raise ClaimsError(
                f"The actor {chain[0]!r} cannot have the parent {chain[1]!r}: that would make a "
                f"cycle ({' → '.join(chain)})."
            )
        current = tree[current][1]


def refuse_cycles(store: Store, linked: dict[str, int]) -> None:
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


def remove_alias(store: Store, kind: str, name: str, alias: str) -> None:
    """Take an alias away from an actor or target; its name stays an alias of itself
    (rename it to change that)."""
    with store.transaction():
        owner_id = entity_id(store, kind, name)
        owner = _name(store, kind, owner_id)
        normalized = normalize(alias)
        if normalized == normalize(owner):
            raise ClaimsError(f"{alias!r} is the name of the {kind} {owner!r}; rename it with "
                              f"'claims {kind}s rename' instead.")
        if not store.delete_alias(kind, owner_id, normalized):
            raise NotFound(f"The {kind} {owner!r} has no alias {alias!r}.")


def rename(store: Store, kind: str, name: str, new_name: str) -> None:
    """Give an actor or target a new name; the old name stops being its alias, the new
    one becomes it. Claims follow (they refer to it by id)."""
    new_name = check_name(new_name, f"{kind} name")
    with store.transaction():
        found = entity_id(store, kind, name)
        old = _name(store, kind, found)
        owner = store.entity_id(kind, new_name) or _find(store, kind, new_name)
        if owner is not None and owner != found:
            raise Conflict(f"{new_name!r} names the {kind} {_name(store, kind, owner)!r} already; "
                           f"merge the two with 'claims {kind}s merge {old!r} "
                           f"{_name(store, kind, owner)!r}'.")
        store.delete_alias(kind, found, normalize(old))
        store.rename_entity(kind, found, new_name)
        if store.alias_owner(kind, normalize(new_name)) is None:
            store.add_alias(kind, found, new_name, normalize(new_name), detect_language(new_name))


def remove(store: Store, kind: str, name: str, merge_into: str | None = None) -> Merge | None:
    """Remove an actor or target with its aliases. One that claims or rulings use is
    refused unless ``merge_into`` names where they go (see ``merge``); child actors
    lose their parent."""
    with store.transaction():
        found = entity_id(store, kind, name)
        if merge_into is not None:
            return merge(store, kind, name, merge_into)
        usage = store.entity_usage(kind, found)
        if usage["claims"] or usage["rulings"]:
            used = _usage_text(usage)
            raise Conflict(f"The {kind} {_name(store, kind, found)!r} is used by {used}; "
                           f"move them with --merge-into NAME, or list them with "
                           f"'claims export --format jsonl'.")
        store.delete_entity(kind, found)
    return None


def merge(store: Store, kind: str, name: str, into: str) -> Merge:
    """Merge the actor or target ``name`` into ``into``: its claims, rulings, aliases (its
    name included) and child actors move, and the merge is recorded (``merges``)."""
    with store.transaction():
        source, target = entity_id(store, kind, name), entity_id(store, kind, into)
        if source == target:
            raise ClaimsError(f"{name!r} and {into!r} are the same {kind}.")
        if kind == "actor" and source in _ancestors(store, target):
            raise ClaimsError(f"The actor {into!r} stands under {name!r}: merge {into!r} into "
                              f"{name!r} instead, or change its parent first.")
        return store.merge_entity(kind, source, target)


def merges(store: Store, kind: str, into: str | None = None) -> list[Merge]:
    """The recorded merges of actors (or targets), oldest first; those into ``into`` when given."""
    return store.merges(kind, entity_id(store, kind, into) if into else None)


def _usage_text(usage: dict) -> str:
    parts = [f"{usage['claims']} claims"] if usage["claims"] else []
    if usage["rulings"]:
        parts.append(f"{usage['rulings']} adjudication rulings")
    return " and ".join(parts)


def _name(store: Store, kind: str, found: int) -> str:
    return store.entity_name(kind, found)


def _ancestors(store: Store, actor_id: int) -> set[int]:
    actors = {actor.id: actor for actor in store.actors()}
    by_name = {actor.name: actor.id for actor in actors.values()}
    found, current = set(), actors[actor_id].parent
    while current is not None and by_name[current] not in found:
        found.add(by_name[current])
        current = actors[by_name[current]].parent
    return found


def mention_finder(store: Store) -> MentionFinder:
    """A MentionFinder over every name and alias of the project's actors and targets."""
    return MentionFinder(
        [(kind, name, alias) for kind in KINDS for name, alias, _ in store.aliases(kind)]
    )


def snapshot(store: Store) -> Registry:
    """The project's registry as a value: labels, guidelines, actors and targets."""
    return Registry(tuple(store.actors()), tuple(store.targets()), tuple(store.labels()),
                    store.setting("guidelines") or "")


def export_registry(store: Store, path: str | Path) -> None:
    snapshot(store).write(path)
