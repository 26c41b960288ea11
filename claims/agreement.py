"""Agreement between annotators, and adjudication of their claims into gold claims.

The people's claims (origin ``human:NAME``) are compared at two levels:

- **stance on items.** An item is a (statement, actor, target). Claims store
  actors and targets by id, so aliases are resolved already; an actor's parent
  is not merged (Dmitry Peskov and Russia are two actors) unless ``roll_up`` asks
  (then both count for Russia, in agreement and in adjudication alike). Cohen's kappa
  (scikit-learn) is computed for each pair of annotators on the items both
  labelled, Krippendorff's alpha (nominal, the ``krippendorff`` package) over
  all annotators with the labels an annotator did not give as missing values.
- **whole claims on statements.** For each statement an annotator decided
  (claims or no claim), the category is the set of (actor, target, stance) they
  gave, the empty set for "no claim". Two annotators agree on a statement only
  when their sets are equal; kappa and alpha treat each distinct set as one
  nominal category.

Adjudication makes gold claims (origin ``gold``) of the items: those all their
annotators agree on (``unanimous``), those only one annotator saw (``single``,
when asked) and an adjudicator's rulings on the rest (``adjudicated``; the
claim's note names the adjudicator). An annotator who decided a statement
without giving an item counts as saying "no claim" on it, and an adjudicator
may rule that an item is not a claim (kept in the store's ``rejections``).

This module reads and writes through the store only; it never prints. It
imports numpy, scikit-learn and krippendorff (seconds): ``Project`` and the CLI
import it when a figure or a ruling is asked for, not at start-up.
"""
from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field, replace
from itertools import combinations

import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score

from claims import registry, registry_file
from claims.decisions import check_stance
from claims.errors import ClaimsError, NotFound, did_you_mean
from claims.store import Store

Item = tuple[int, int | None, int]  # (statement id, actor id, target id)
_VERB = {"item": "labelled", "statement": "decided"}
_CATEGORY = {"item": "stance", "statement": "set of claims"}


@dataclass
class PairAgreement:
    """Two annotators on the units both labelled."""

    annotators: tuple[str, str]
    shared: int
    observed: float | None  # proportion of shared units with the same category
    kappa: float | None
    note: str | None = None


@dataclass
class LevelAgreement:
    """Agreement at one level: stance on items, or whole claims on statements."""

    unit: str  # "item" or "statement"
    units: int  # labelled by at least one annotator
    coverage: dict[str, int]  # units with 1, 2, 3+ annotators
    observed: float | None  # proportion of agreeing pairs of annotators over shared units
    alpha: float | None
    note: str | None
    pairs: list[PairAgreement] = field(default_factory=list)


@dataclass
class LabelAgreement:
    """One stance label: how often each annotator gave it, the proportion of
    specific agreement, and Krippendorff's alpha of the label against the rest."""

    label: str
    counts: dict[str, int]
    specific: float | None
    alpha: float | None
    note: str | None = None


@dataclass
class Agreement:
    annotators: list[str]
    labels: list[str]
    stance: LevelAgreement
    per_label: list[LabelAgreement]
    claims: LevelAgreement


@dataclass
class _Labelled:
    """What the annotators said: stances per item and who decided each statement."""

    stances: dict[Item, dict[str, str]]
    names: dict[Item, tuple[str | None, str]]
    deciders: dict[int, set[str]]

    @property
    def annotators(self) -> list[str]:
        return sorted(set().union(*self.deciders.values()))


def _collect(store: Store, only: list[str] | None = None, roll_up: bool = False) -> _Labelled:
    """What the annotators said; with ``roll_up`` a claim counts for its actor's
    topmost registered parent (Ryabkov's for Russia), so the two are one item."""
    stances: dict[Item, dict[str, str]] = {}
    names: dict[Item, tuple[str | None, str]] = {}
    deciders: dict[int, set[str]] = {}
    top = _top_actors(store) if roll_up else {}
    for row in store.human_labels():
        actor_id, actor = top.get(row["actor_id"], (row["actor_id"], row["actor"]))
        item = (row["statement_id"], actor_id, row["target_id"])
        stances.setdefault(item, {}).setdefault(row["annotator"], row["stance"])
        names[item] = (actor, row["target"])
        deciders.setdefault(row["statement_id"], set()).add(row["annotator"])
    for statement_id, annotator in store.decided():
        deciders.setdefault(statement_id, set()).add(annotator)
    labelled = _Labelled(stances, names, deciders)
    if only is None:
        return labelled
    keep = set(_check_annotators(only, labelled.annotators))
    stances = {item: {a: s for a, s in by.items() if a in keep} for item, by in stances.items()}
    deciders = {statement: who & keep for statement, who in deciders.items()}
    return _Labelled({item: by for item, by in stances.items() if by}, names,
                     {statement: who for statement, who in deciders.items() if who})


def _top_actors(store: Store) -> dict[int, tuple[int, str]]:
    """Each actor's id → the id and name of its topmost registered parent (itself at the top)."""
    # claims.track is light at import: it loads its heavy libraries where it uses them
    from claims.track import parent_chains

    actors = store.actors()
    ids = {actor.name: actor.id for actor in actors}
    return {actor_id: (ids[chain[-1]], chain[-1])
            for actor_id, chain in parent_chains(actors).items()}


def _check_annotators(names: list[str], known: list[str]) -> list[str]:
    chosen = list(dict.fromkeys(name.strip() for name in names if name.strip()))
    if not chosen:
        raise ClaimsError(
            "No annotator name given; give them comma-separated, e.g. --annotators alice,bob."
        )
    for name in chosen:
        if name not in known:
            raise NotFound(f"No annotator named {name!r}.{did_you_mean(name, known)} "
                           f"Annotators: {', '.join(known) or 'none yet'}.")
    return chosen


# --- agreement -----------------------------------------------------------------------------


def agreement(store: Store, annotators: list[str] | None = None,
              roll_up: bool = False) -> Agreement:
    """Agreement on stance (items) and on whole claims (statements) between
    ``annotators`` (all who labelled anything when None); with ``roll_up`` an actor
    and its registered parents are one actor."""
    labelled = _collect(store, annotators, roll_up)
    names = labelled.annotators
    labels = [label.name for label in store.labels()]
    items = sorted(labelled.stances, key=lambda item: (item[0], item[1] or 0, item[2]))
    stance_matrix = _matrix([labelled.stances[item] for item in items], names, labels)
    claim_ratings = _claim_sets(labelled)
    claim_domain = sorted(
        {category for rating in claim_ratings for category in rating.values()}, key=sorted
    )
    return Agreement(
        annotators=names,
        labels=labels,
        stance=_level("item", stance_matrix, names),
        per_label=[
            _label_agreement(stance_matrix, names, code, label) for code, label in enumerate(labels)
        ],
        claims=_level("statement", _matrix(claim_ratings, names, claim_domain), names),
    )


def _claim_sets(labelled: _Labelled) -> list[dict[str, frozenset]]:
    """Per decided statement, each decider's set of (actor id, target id, stance)."""
    sets = {
        statement: {annotator: set() for annotator in who}
        for statement, who in labelled.deciders.items()
    }
    for (statement, actor_id, target_id), by in labelled.stances.items():
        for annotator, stance in by.items():
            sets[statement][annotator].add((actor_id or 0, target_id, stance))
    return [{annotator: frozenset(claims) for annotator, claims in sets[statement].items()}
            for statement in sorted(sets)]


def _matrix(ratings: list[dict[str, Hashable]], annotators: list[str], domain: list) -> np.ndarray:
    """The reliability matrix: one row per annotator, one column per unit, the
    category's index in ``domain``, NaN where the annotator gave none."""
    code = {category: index for index, category in enumerate(domain)}
    row = {annotator: index for index, annotator in enumerate(annotators)}
    matrix = np.full((len(annotators), len(ratings)), np.nan)
    for column, rating in enumerate(ratings):
        for annotator, category in rating.items():
            matrix[row[annotator], column] = code[category]
    return matrix


def _level(unit: str, matrix: np.ndarray, annotators: list[str]) -> LevelAgreement:
    sizes = (~np.isnan(matrix)).sum(axis=0)
    coverage = {
        "1": int((sizes == 1).sum()), "2": int((sizes == 2).sum()), "3+": int((sizes >= 3).sum()),
    }
    alpha, note = _alpha(
        matrix, unit, f"undefined: one {_CATEGORY[unit]} only on the shared {unit}s"
    )
    return LevelAgreement(unit, matrix.shape[1], coverage, _observed(matrix), alpha, note,
                          _pairs(matrix, annotators, unit))


def _pairable(matrix: np.ndarray) -> np.ndarray:
    """The columns (units) that at least two annotators labelled."""
    return matrix[:, (~np.isnan(matrix)).sum(axis=0) >= 2]


def _alpha(matrix: np.ndarray, unit: str, undefined: str) -> tuple[float | None, str | None]:
    """Nominal alpha, or None and why: alpha needs a unit two annotators labelled,
    and two categories among such units (otherwise expected disagreement is 0)."""
    pairable = _pairable(matrix)
    if pairable.shape[1] == 0:
        return None, f"no {unit} {_VERB[unit]} by two annotators"
    if len(np.unique(pairable[~np.isnan(pairable)])) < 2:
        return None, undefined
    value = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    return float(value), None


def _observed(matrix: np.ndarray) -> float | None:
    """The proportion of agreeing (ordered) pairs of annotators over all pairs on shared units."""
    agree = pairs = 0
    for column in _pairable(matrix).T:
        values = column[~np.isnan(column)]
        counts = np.unique(values, return_counts=True)[1]
        agree += int((counts * (counts - 1)).sum())
        pairs += len(values) * (len(values) - 1)
    return agree / pairs if pairs else None


def _pairs(matrix: np.ndarray, annotators: list[str], unit: str) -> list[PairAgreement]:
    pairs = []
    for first, second in combinations(range(len(annotators)), 2):
        both = ~np.isnan(matrix[first]) & ~np.isnan(matrix[second])
        a, b = matrix[first, both].astype(int), matrix[second, both].astype(int)
        names = (annotators[first], annotators[second])
        if not both.any():
            pairs.append(PairAgreement(names, 0, None, None, f"no {unit} {_VERB[unit]} by both"))
        elif len(set(a) | set(b)) == 1:
            # Expected agreement is 1: kappa is 0/0.
            pairs.append(
                PairAgreement(
                    names, len(a), 1.0, None,
                    f"undefined: one {_CATEGORY[unit]} only on the shared {unit}s",
                )
            )
        else:
            pairs.append(
                PairAgreement(names, len(a), float(np.mean(a == b)), float(cohen_kappa_score(a, b)))
            )
    return pairs


def _label_agreement(
    matrix: np.ndarray, annotators: list[str], code: int, label: str
) -> LabelAgreement:
    """Counts, the proportion of specific agreement (Uebersax 1982: of the
    pairs of annotators on a shared item where one gave the label, the share
    where the other gave it too) and one-vs-rest alpha for one label."""
    counts = {
        annotator: int((matrix[row] == code).sum()) for row, annotator in enumerate(annotators)
    }
    hits = given = 0
    for column in _pairable(matrix).T:
        values = column[~np.isnan(column)]
        with_label = int((values == code).sum())
        hits += with_label * (with_label - 1)
        given += with_label * (len(values) - 1)
    binary = np.where(np.isnan(matrix), np.nan, (matrix == code).astype(float))
    alpha, note = _alpha(
        binary, "item", f"undefined: {label!r} is given to all or none of the shared items"
    )
    return LabelAgreement(label, counts, hits / given if given else None, alpha, note)


# --- adjudication ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """A stance some annotators gave an item; None: they decided its statement without this
    claim."""

    stance: str | None
    annotators: tuple[str, ...]


@dataclass(frozen=True)
class QueueItem:
    statement_id: int
    actor: str | None
    target: str
    options: tuple[Option, ...]
    before: str | None = None  # the statements around it in its article (queue items only)
    after: str | None = None

    @property
    def annotators(self) -> int:
        return sum(len(option.annotators) for option in self.options)

    @property
    def claim(self) -> str:
        """The item for people: ``actor · target``."""
        return describe(self.actor, self.target)


@dataclass
class Pending:
    """Items without a gold claim or a ruling: the adjudication queue (largest
    disagreement first), and the unanimous and single items gold can take at once."""

    queue: list[QueueItem]
    unanimous: list[QueueItem]
    single: list[QueueItem]


@dataclass(frozen=True)
class Resolution:
    statement_id: int
    actor: str | None
    target: str
    stance: str | None  # None: ruled not a claim
    adjudicator: str
    changed: bool

    @property
    def claim(self) -> str:
        """The item for people: ``actor · target``."""
        return describe(self.actor, self.target)


def _classified(store: Store, roll_up: bool = False) -> dict[str, list[tuple[Item, QueueItem]]]:
    """The unsettled items by kind: single (one annotator decided the statement),
    unanimous (two or more, all with the same stance) or queue (the rest)."""
    labelled = _collect(store, roll_up=roll_up)
    settled = store.resolutions()
    order = {label.name: position for position, label in enumerate(store.labels())}
    kinds: dict[str, list[tuple[Item, QueueItem]]] = {"queue": [], "unanimous": [], "single": []}
    for item, by in labelled.stances.items():
        if item in settled:
            continue
        votes = {annotator: by.get(annotator) for annotator in labelled.deciders[item[0]]}
        stances = sorted(set(votes.values()), key=lambda stance: order.get(stance, len(order)))
        options = tuple(
            Option(stance, tuple(sorted(a for a, s in votes.items() if s == stance)))
            for stance in stances
        )
        kind = "single" if len(votes) == 1 else "unanimous" if len(options) == 1 else "queue"
        kinds[kind].append((item, QueueItem(item[0], *labelled.names[item], options)))
    for entries in kinds.values():
        entries.sort(
            key=lambda entry: (
                -len(entry[1].options), -entry[1].annotators, entry[1].statement_id,
                entry[1].actor or "", entry[1].target,
            )
        )
    return kinds


def pending(store: Store, roll_up: bool = False) -> Pending:
    """The items awaiting an adjudicator (with the statements around each, which
    a ruling often needs) and those that can become gold at once."""
    kinds = _classified(store, roll_up)
    queue = []
    for _, queue_item in kinds["queue"]:
        statement = store.statement(queue_item.statement_id)
        before, after = store.neighbours(statement.article_id, statement.position)
        queue.append(replace(queue_item, before=before, after=after))
    return Pending(queue, *([queue_item for _, queue_item in kinds[kind]]
                            for kind in ("unanimous", "single")))


def accept(store: Store, unanimous: bool = True, single: bool = False,
           roll_up: bool = False) -> dict[str, int]:
    """Make gold claims of the unanimous items (gold_method ``unanimous``) and,
    when asked, of the single ones (``single``), in one transaction; items
    already settled are left alone, so running it again changes nothing."""
    kinds = _classified(store, roll_up)
    chosen = [kind for kind, wanted in (("unanimous", unanimous), ("single", single)) if wanted]
    with store.transaction():
        for kind in chosen:
            for item, queue_item in kinds[kind]:
                store.set_gold(*item, queue_item.options[0].stance, kind)
    return {kind: len(kinds[kind]) if kind in chosen else 0 for kind in ("unanimous", "single")}


def resolve(store: Store, statement_id: int, actor: str | None, target: str, stance: str | None,
            adjudicator: str, roll_up: bool = False) -> Resolution:
    """The adjudicator's ruling on one item: ``stance`` becomes its gold claim
    (gold_method ``adjudicated``, note ``adjudicator: NAME``), or with ``stance``
    None the item is ruled not a claim. One transaction; the same ruling again changes nothing."""
    adjudicator = registry_file.check_name(adjudicator, "adjudicator name")
    store.statement(statement_id)
    item = (statement_id, registry.entity_id(store, "actor", actor) if actor is not None else None,
            registry.entity_id(store, "target", target))
    if stance is not None:
        stance = check_stance(stance, [label.name for label in store.labels()])
    if roll_up and item[1] is not None:
        item = (item[0], _top_actors(store)[item[1]][0], item[2])
    labelled = _collect(store, roll_up=roll_up)
    if item not in labelled.stances:
        raise NotFound(_no_such_item(labelled, item, actor, target))
    note = f"adjudicator: {adjudicator}"
    wanted = (stance, "adjudicated", note) if stance is not None else (None, None, adjudicator)
    with store.transaction():
        changed = store.resolutions(statement_id).get(item) != wanted
        if changed and stance is None:
            store.reject_item(*item, adjudicator)
        elif changed:
            store.set_gold(*item, stance, "adjudicated", note)
    return Resolution(statement_id, *labelled.names[item], stance, adjudicator, changed)


def describe(actor: str | None, target: str) -> str:
    """An item for people: ``actor · target``."""
    return f"{actor or '(no actor)'} · {target}"


def _no_such_item(labelled: _Labelled, item: Item, actor: str | None, target: str) -> str:
    there = sorted(
        describe(*labelled.names[other]) for other in labelled.stances if other[0] == item[0]
    )
    if not there:
        return f"No annotator gave a claim on statement {item[0]}."
    return (f"No annotator gave a claim on {describe(actor, target)} in statement {item[0]}; "
            f"its claims are on: {'; '.join(there)}.")
