"""Recording what an annotator decides on a statement, and taking it back.

Each decision (claims, no claim, skip) is one transaction that returns a
``Change``: the rows it wrote and the rows it replaced, so that ``revert`` takes
back exactly that decision. ``claims annotate`` (``claims.annotate.Session``) and
``claims label`` (``claims.label_file``) both record through here.
"""
from __future__ import annotations

from dataclasses import dataclass

from claims import registry, registry_file
from claims.errors import ClaimsError, NotFound, did_you_mean
from claims.proposals import Draft
from claims.records import Claim, Origin
from claims.store import Store


@dataclass(frozen=True)
class Change:
    """What one decision wrote, so that undo takes back exactly that."""

    statement_id: int
    annotator: str
    decision: str
    claims: tuple[Claim, ...]  # the claims it recorded
    added: tuple[int, ...]  # ids of the claim rows it wrote
    removed: tuple[dict, ...]  # claim rows it deleted or overwrote, as they were
    previous: dict | None  # the decision row before it
    index: int = 0  # the statement's place in the session's queue
    fresh: bool = True  # whether it was the first decision of its visit



def check_annotator(name: str) -> str:
    return registry_file.check_name(name, "annotator name")


def check_stance(stance: str, labels: list[str]) -> str:
    """The label ``stance`` names: itself, or the one label it spells in another case
    ("Support" → support); a one-line error with the nearest label otherwise."""
    if stance in labels:
        return stance
    same = [label for label in labels if label.casefold() == stance.casefold()]
    if len(same) == 1:
        return same[0]
    nearest = did_you_mean(stance, labels)
    raise NotFound(f"Unknown stance {stance!r}.{nearest} The labels are: {', '.join(labels)}.")


def record_claims(store: Store, annotator: str, statement_id: int, drafts: list[Draft],
                  replace: bool = False, labels: list[str] | None = None) -> Change:
    """Record claims of ``annotator`` on a statement in one transaction. With
    ``replace`` the annotator's earlier claims on it go; otherwise they stay and a
    claim on the same actor and target gets the new stance."""
    annotator = check_annotator(annotator)
    origin = str(Origin.human(annotator))
    if not drafts:
        raise ClaimsError("No claim to record.")
    labels = labels or [label.name for label in store.labels()]
    with store.transaction():
        store.statement(statement_id)
        resolved = [_resolve_draft(store, draft, labels) for draft in drafts]
        previous = store.decision_row(statement_id, annotator)
        own = store.claim_rows(statement_id, origin)
        pairs = {(actor_id, target_id) for actor_id, target_id, _, _ in resolved}
        removed = (
            own if replace else [row for row in own if (row["actor_id"], row["target_id"]) in pairs]
        )
        if replace:
            store.delete_claims(row["id"] for row in own)
        added = [store.add_claim(statement_id, actor_id, target_id, stance, origin, note=note)
                 for actor_id, target_id, stance, note in resolved]
        store.record_decision(statement_id, annotator, "claims")
        recorded = tuple(claim for claim in store.claims(statement_id, origin) if claim.id in added)
    return Change(
        statement_id, annotator, "claims", recorded, tuple(added), tuple(removed), previous
    )


def _resolve_draft(
    store: Store, draft: Draft, labels: list[str]
) -> tuple[int, int, str, str | None]:
    if not draft.actor:
        raise ClaimsError("The claim has no actor; choose one.")
    if not draft.target:
        raise ClaimsError("The claim has no target; choose one.")
    if not draft.stance:
        raise ClaimsError(f"The claim has no stance; choose one of: {', '.join(labels)}.")
    return (
        registry.entity_id(store, "actor", draft.actor),
        registry.entity_id(store, "target", draft.target),
        check_stance(draft.stance, labels),
        draft.note,
    )


def record_no_claim(store: Store, annotator: str, statement_id: int) -> Change:
    """Record that the statement holds no claim; the annotator's claims on it go."""
    return _record_without_claims(store, check_annotator(annotator), statement_id, "no_claim")


def record_skip(store: Store, annotator: str, statement_id: int) -> Change:
    """Record that the annotator passed over the statement (it comes back in a later session)."""
    return _record_without_claims(store, check_annotator(annotator), statement_id, "skip")


def _record_without_claims(
    store: Store, annotator: str, statement_id: int, decision: str
) -> Change:
    with store.transaction():
        store.statement(statement_id)
        previous = store.decision_row(statement_id, annotator)
        origin = str(Origin.human(annotator))
        removed = store.claim_rows(statement_id, origin) if decision == "no_claim" else []
        store.delete_claims(row["id"] for row in removed)
        store.record_decision(statement_id, annotator, decision)
    return Change(statement_id, annotator, decision, (), (), tuple(removed), previous)


def revert(store: Store, change: Change) -> None:
    """Take back one decision, in one transaction: the rows it wrote go, the rows
    it deleted or overwrote come back, the decision before it is restored."""
    with store.transaction():
        store.delete_claims(change.added)
        store.restore_claims(change.removed)
        if change.previous is None:
            store.delete_decision(change.statement_id, change.annotator)
        else:
            store.record_decision(**change.previous)
