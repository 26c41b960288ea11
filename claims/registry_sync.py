"""Making a project's registry match a registry file: the difference first
(``plan``), then the changes in one transaction (``apply``).

A file kept under version control is the registry: what it adds is added, what
it changes is changed, and what it leaves out is removed, so that deleting an
alias from the file deletes it from the project. Removing an actor or target
that claims use deletes those claims, so it is refused unless asked for
(``remove_used``); a renamed entry reads as one removed and one added, which is
why ``claims actors rename`` exists.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from claims import registry
from claims.errors import ClaimsError, Conflict, InputError
from claims.registry_file import Registry
from claims.store import Store
from claims.text import normalize

ACTIONS = ("added", "changed", "removed")


@dataclass(frozen=True)
class Change:
    """One difference between the project and the file."""

    kind: str  # actor, target, labels or guidelines
    name: str
    action: str  # added, changed or removed
    detail: str = ""  # what changed, or what a removal takes with it
    used: int = 0  # claims and rulings that a removal deletes


@dataclass
class RegistryImport:
    """What importing a registry file changes (``applied`` False on a dry run)."""

    path: str
    changes: list[Change] = field(default_factory=list)
    applied: bool = False

    def count(self, action: str) -> int:
        return sum(change.action == action for change in self.changes)


def plan(store: Store, wanted: Registry, path: str = "") -> RegistryImport:
    """Every difference between the project's registry and ``wanted``, nothing written."""
    current = registry.snapshot(store)
    changes = []
    if wanted.labels and tuple(wanted.labels) != tuple(current.labels):
        changes.append(Change("labels", ", ".join(label.name for label in wanted.labels), "changed",
                              "was " + ", ".join(label.name for label in current.labels)))
    if wanted.guidelines and wanted.guidelines.strip() != current.guidelines.strip():
        changes.append(Change("guidelines", "guidelines", "changed"))
    for kind, have, want in (("actor", current.actors, wanted.actors),
                             ("target", current.targets, wanted.targets)):
        have_by_name = {entity.name: entity for entity in have}
        want_names = {entity.name for entity in want}
        for entity in want:
            old = have_by_name.get(entity.name)
            if old is None:
                changes.append(Change(kind, entity.name, "added", _describe(entity)))
            elif detail := _difference(old, entity):
                changes.append(Change(kind, entity.name, "changed", detail))
        for entity in have:
            if entity.name not in want_names:
                usage = store.entity_usage(kind, entity.id)
                used = usage["claims"] + usage["rulings"]
                changes.append(Change(kind, entity.name, "removed",
                                      f"used by {used} claims and rulings" if used else "", used))
    return RegistryImport(path, changes)


def apply(store: Store, wanted: Registry, path: str, remove_used: bool = False,
          dry_run: bool = False) -> RegistryImport:
    """Make the project's registry match ``wanted`` in one transaction; returns the changes.
    Removing an actor or target that claims use needs ``remove_used`` (its claims go too)."""
    with store.transaction():
        report = plan(store, wanted, path)
        used = [change for change in report.changes if change.used]
        if used and not remove_used and not dry_run:
            names = ", ".join(f"{c.kind} {c.name!r} ({c.used})" for c in used)
            raise Conflict(
                f"The file leaves out what claims use: {names}. Add them back to the file, "
                "merge them into others first ('claims actors merge'), or pass --remove-used "
                "to remove them with their claims.")
        if not dry_run:
            try:
                _apply(store, wanted, report.changes)
            except InputError:
                raise
            except ClaimsError as error:
                raise InputError(str(path), str(error)) from None
            report.applied = True
    return report


def _apply(store: Store, wanted: Registry, changes: list[Change]) -> None:
    kinds = {change.kind for change in changes}
    if "labels" in kinds:
        store.replace_labels(wanted.labels)
    if "guidelines" in kinds:
        store.set_setting("guidelines", wanted.guidelines)
    for change in changes:
        if change.action == "removed":
            store.delete_entity(change.kind, store.entity_id(change.kind, change.name))
    for kind, want in (("actor", wanted.actors), ("target", wanted.targets)):
        kept = {entity.name: {normalize(alias) for alias in (entity.name, *entity.aliases)}
                for entity in want}
        for name, _alias, normalized in store.aliases(kind):  # moved aliases leave first
            if name in kept and normalized not in kept[name]:
                store.delete_alias(kind, store.entity_id(kind, name), normalized)
    if "actor" in kinds:
        for actor in wanted.actors:  # parents come in a second pass: they may come later
            registry.add_entity(store, "actor", actor.name, actor.kind, list(actor.aliases),
                                exist_ok=True)
            store.update_entity("actor", store.entity_id("actor", actor.name), {"parent_id": None})
        for actor in wanted.actors:
            if actor.parent:
                registry.add_entity(store, "actor", actor.name, actor.kind, parent=actor.parent,
                                    exist_ok=True, check_cycle=False,
                                    speaks_for_parent=actor.speaks_for_parent)
        linked = {actor.name: number for number, actor in enumerate(wanted.actors) if actor.parent}
        registry.refuse_cycles(store, linked)  # once for the file, not once a link
    for target in wanted.targets:
        registry.add_entity(store, "target", target.name, target.kind, list(target.aliases),
                            description=target.description, exist_ok=True)
        store.update_entity("target", store.entity_id("target", target.name),
                            {"description": target.description})


def _describe(entity) -> str:
    parts = [entity.kind]
    if getattr(entity, "parent", None):
        parts.append(f"{_parent_word(entity)} {entity.parent}")
    aliases = [alias for alias in entity.aliases if alias != entity.name]
    if aliases:
        parts.append("aliases " + ", ".join(aliases))
    return "; ".join(parts)


def _parent_word(actor) -> str:
    return "parent" if getattr(actor, "speaks_for_parent", True) else "member of"


def _difference(old, new) -> str:
    """What changes from ``old`` to ``new`` (same name), as one line; empty when nothing."""
    parts = []
    if old.kind != new.kind:
        parts.append(f"kind {old.kind} → {new.kind}")
    for attribute in ("parent", "description"):
        before, after = getattr(old, attribute, None), getattr(new, attribute, None)
        if (before or None) != (after or None):
            parts.append(f"{attribute} {before or '-'} → {after or '-'}")
    if getattr(new, "parent", None) and _parent_word(old) != _parent_word(new):
        parts.append(f"{new.parent}: {_parent_word(old)} → {_parent_word(new)}")
    have = {normalize(alias): alias for alias in old.aliases if alias != old.name}
    want = {normalize(alias): alias for alias in new.aliases if alias != new.name}
    want.pop(normalize(new.name), None)
    added = [want[key] for key in want if key not in have]
    removed = [have[key] for key in have if key not in want]
    if added or removed:
        parts.append("aliases " + " ".join([f"+{alias}" for alias in added] +
                                           [f"-{alias}" for alias in removed]))
    return "; ".join(parts)

