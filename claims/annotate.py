"""The annotation session: which statement comes next, what is proposed for it,
and recording what an annotator decides. No I/O here: the terminal loop
(``claims/cli/annotate_ui.py``) draws what ``Session.current()`` returns and calls
the session's methods, which record through ``claims.decisions`` as ``claims
label`` does.

- **Queue.** The statements of the selection (the project, or one article) that
  the annotator has not decided yet, in the chosen order (``article``; ``random``,
  seeded; ``uncertain``: statements whose least confident model prediction is
  the least confident first (no confidence counts as 0), then the rest in article
  order), cut at ``limit``. The
  statements decided in earlier sessions come before them, so that ``back`` can
  return to them; the session starts at the first undecided one (resume).
- **Skip.** A skipped statement is recorded as ``skip``; within the session it
  does not come back, and every later session offers it again after the
  statements never seen. Skipping a statement already decided leaves it as it is.
- **Deciding again.** The first decision on a statement in a visit replaces what
  the annotator recorded on it before; ``more=True`` keeps the statement open, and
  the next decision in the same visit adds a claim to it.
- **Undo** takes back the session's decisions one by one, newest first, each in
  one transaction, restoring exactly the rows they changed.
- **Proposals** (``claims.proposals``). The actor is the statement's speaker as
  ``claims.attribution`` finds it in the article, the one engine that
  ``claims statements --speakers`` and ``claims predict`` use too; a person is
  proposed as the parent actor it speaks for (Ryabkov → Russia; a member of a party
  as himself); an unregistered speaker or a
  statement nobody voices gets no actor. The target is the registered target
  mentioned nearest to the cue that this actor has no claim on in the statement
  yet. For a further claim in the same visit the actor is the one of the claim
  just made. The stance comes from ``stance_proposal``: by default the stored
  predictions of models (origin ``model:*``) for that statement; none when there
  are none.
- **Blind.** Nothing shown comes from other annotators: an item holds the
  statement, its mentions, the proposal and this annotator's own claims.

Every decision is one transaction, committed before the method returns.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace

from claims import registry, registry_file
from claims.decisions import (
    Change,
    check_annotator,
    check_stance,
    record_claims,
    record_no_claim,
    record_skip,
    revert,
)
from claims.errors import ClaimsError, NotFound
from claims.proposals import Draft, Proposal, StanceGuess, StanceProposal, by_nearness, propose
from claims.records import Claim, Mention, Origin, Statement
from claims.schema import Label
from claims.speaker_resolution import StatementSpeaker, statement_speakers
from claims.store import Store
from claims.text import normalize, tokens

ORDERS = ("article", "random", "uncertain")
DECIDED = ("claims", "no_claim")  # a skip is not a decision on the statement's content


def stored_predictions(store: Store) -> StanceProposal:
    """Stance proposals from the model predictions stored for a statement: the
    most confident one on the same actor and target, else on the same target."""
    def propose(statement: Statement, actor: str | None, target: str | None) -> StanceGuess | None:
        if target is None:
            return None
        predictions = store.predictions(statement.id)
        for same in (lambda claim: claim.actor == actor, lambda claim: True):
            for claim in predictions:
                if claim.target == target and same(claim):
                    return StanceGuess(claim.stance, claim.confidence, claim.origin)
        return None

    return propose


@dataclass(frozen=True)
class Item:
    """Everything the annotator sees for one statement."""

    statement: Statement
    title: str | None
    before: str | None  # the statement before in its article
    after: str | None
    mentions: tuple[Mention, ...]  # spans relative to statement.text
    cue: tuple[int, int] | None  # span of the reporting cue, relative to statement.text
    proposal: Proposal
    recorded: tuple[Claim, ...]  # this annotator's claims on the statement
    decision: str | None  # this annotator's decision on it: claims, no_claim, skip or None


@dataclass(frozen=True)
class Choice:
    """An actor or target offered for completion."""

    name: str
    aliases: tuple[str, ...]
    keys: tuple[str, ...]  # normalised name, aliases and their words, for prefix matching


# --- completion ------------------------------------------------------------------------------


def _choice(name: str, aliases: tuple[str, ...]) -> Choice:
    whole = [normalize(text).strip() for text in (name, *aliases)]
    words = [token.norm for text in (name, *aliases) for token in tokens(text)]
    return Choice(
        name, tuple(alias for alias in aliases if alias != name),
        tuple(dict.fromkeys(whole + words)),
    )


def match_choices(choices: list[Choice], typed: str) -> list[Choice]:
    """The choices whose name, an alias or a word of them starts with ``typed``
    (compared normalised: case, Arabic spelling variants and diacritics aside)."""
    wanted = normalize(typed).strip()
    return [choice for choice in choices if any(key.startswith(wanted) for key in choice.keys)]


# --- the session ---------------------------------------------------------------------------------


class Session:
    """One annotator working through a queue of statements (see the module's docstring).

    >>> session = project.annotation_session("ana", article=1)       # doctest: +SKIP
    >>> item = session.current()                                    # doctest: +SKIP
    >>> session.accept(stance="oppose")                             # doctest: +SKIP
    """

    def __init__(
        self, store: Store, annotator: str, article: int | None = None, order: str = "article",
        limit: int | None = None, seed: int | None = None,
        stance_proposal: StanceProposal | None = None,
        on_registry_change: Callable[[], None] | None = None,
    ):
        if order not in ORDERS:
            raise ClaimsError(f"Unknown order {order!r}; use one of: {', '.join(ORDERS)}.")
        if limit is not None and limit < 1:
            raise ClaimsError(f"The limit must be at least 1, not {limit}.")
        self.store = store
        self.annotator = check_annotator(annotator)
        self.origin = str(Origin.human(self.annotator))
        self.labels = [label.name for label in store.labels()]
        self._stance_proposal = stance_proposal or stored_predictions(store)
        self._on_registry_change = on_registry_change
        self._load_registry()
        selection = store.statement_order(article)
        chosen = set(selection)
        earlier = {
            sid: decision for sid, decision in store.decisions(self.annotator) if sid in chosen
        }
        history = [sid for sid, decision in earlier.items() if decision in DECIDED]
        skipped = [sid for sid, decision in earlier.items() if decision == "skip"]
        pending = (
            _ordered(store, [sid for sid in selection if sid not in earlier], order, seed) + skipped
        )
        self.queue = history + pending[:limit]
        self.total = len(self.queue)  # the session's statements: --limit bounds them
        self.done = len(history)
        self._decisions = earlier
        self._changes: list[Change] = []
        self._titles: dict[int, str | None] = {}
        self._item: Item | None = None
        self._draft: Draft | None = None
        self._fresh = True
        self._target_chosen = False  # the annotator chose the draft's target by hand
        self._kept_target: str | None = None  # a chosen target the next claim of this visit keeps
        self.index = len(history)

    # --- what is shown ---------------------------------------------------------------

    def current(self) -> Item | None:
        """The statement to decide now, or None when the queue is done."""
        if self.index >= len(self.queue):
            return None
        if self._item is None:
            self._item = self._build(self.queue[self.index])
        return self._item

    @property
    def draft(self) -> Draft:
        """The claim as it would be saved now: the proposal with the annotator's changes."""
        if self._draft is not None:
            return self._draft
        item = self.current()
        return item.proposal.draft() if item else Draft()

    @property
    def continuing(self) -> bool:
        """Whether the next decision adds to claims made on this statement in this visit."""
        return not self._fresh

    def progress(self) -> tuple[int, int]:
        """Statements of the selection decided (claims or no claim), and their number."""
        return self.done, self.total

    def schema(self) -> tuple[list[Label], str]:
        """The labels with their definitions, and the guidelines (Markdown)."""
        return self.store.labels(), self.store.setting("guidelines") or ""

    def _build(self, statement_id: int) -> Item:
        statement = self.store.statement(statement_id)
        if statement.article_id not in self._titles:
            self._titles[statement.article_id] = self.store.article_title(statement.article_id)
        before, after = self.store.neighbours(statement.article_id, statement.position)
        mentions = self._finder.find(statement.text)
        cue = (statement.cue_start - statement.start, statement.cue_end - statement.start) \
            if statement.cue_start is not None else None
        recorded = self.store.claims(statement_id, self.origin)
        proposal = propose(
            statement, mentions, cue, self._speaker(statement), [] if self._fresh else recorded,
            self._stance_proposal, None if self._fresh else self._kept_target,
        )
        return Item(
            statement, self._titles[statement.article_id], before, after, tuple(mentions), cue,
            proposal, tuple(recorded), self._decisions.get(statement_id),
        )

    # --- changing the claim ------------------------------------------------------------

    def set_actor(self, text: str) -> str:
        """Make the actor named (or aliased, or numbered in ``candidates``) by
        ``text`` the claim's actor."""
        name = self.resolve("actor", text)
        self._draft = replace(self.draft, actor=name)
        return name

    def set_target(self, text: str) -> str:
        """Make the target ``text`` names the claim's; the next claim of this visit keeps it."""
        name = self.resolve("target", text)
        self._draft = replace(self.draft, target=name)
        self._target_chosen = True
        return name

    def set_stance(self, label: str) -> str:
        label = check_stance(label, self.labels)
        self._draft = replace(self.draft, stance=label)
        return label

    def candidates(self, kind: str) -> list[str]:
        """The actors (persons and the actors they speak for) or targets the
        current statement mentions, nearest to the cue first: numbers 1, 2, … in ``resolve``."""
        item = self.current()
        if item is None:
            return []
        names: list[str] = []
        for mention in by_nearness(
            [m for m in item.mentions if m.kind == kind], item.cue or (0, 0)
        ):
            names += (
                [self._parents[mention.name], mention.name]
                if mention.name in self._parents
                else [mention.name]
            )
        return list(dict.fromkeys(names))

    def complete(self, kind: str, typed: str) -> list[Choice]:
        """The actors or targets that ``typed`` may start, those the statement mentions first."""
        matches = match_choices(self._choices[kind], typed)
        first = {name: rank for rank, name in enumerate(self.candidates(kind))}
        return sorted(
            matches, key=lambda choice: (first.get(choice.name, len(first)), choice.name.casefold())
        )

    def resolve(self, kind: str, text: str) -> str:
        """The actor or target ``text`` means: a number from ``candidates``, a name
        or alias, or the start of exactly one of them."""
        text = text.strip()
        if not text:
            raise ClaimsError(f"No {kind} given.")
        shortcuts = self.candidates(kind)
        if text.isdigit() and 1 <= int(text) <= len(shortcuts):
            return shortcuts[int(text) - 1]
        try:
            return self._names[kind][registry.entity_id(self.store, kind, text)]
        except NotFound as unknown:
            matches = self.complete(kind, text)
            if len(matches) == 1:
                return matches[0].name
            if not matches:
                raise unknown from None
        names = ", ".join(choice.name for choice in matches[:5])
        raise ClaimsError(
            f"{text!r} starts {len(matches)} {kind}s ({names}{', …' if len(matches) > 5 else ''}); "
            "type more of the name."
        )

    def add_entity(self, kind: str, name: str, entity_kind: str, aliases: list[str] | None = None,
                   parent: str | None = None) -> str:
        """Register a new actor or target (with aliases) and put it in the claim."""
        draft = self.draft
        name = registry_file.check_name(name, f"{kind} name")
        registry.add_entity(self.store, kind, name, entity_kind, list(aliases or []), parent=parent)
        self._load_registry()
        if self._on_registry_change:
            self._on_registry_change()
        self._item = None  # its mentions may have changed
        self._draft = replace(draft, **{kind: name})
        self._target_chosen = self._target_chosen or kind == "target"
        return name

    # --- deciding ----------------------------------------------------------------------------

    def accept(self, stance: str | None = None, more: bool = False) -> Change:
        """Save the claim shown (with ``stance`` when given) and go on; with
        ``more`` stay on the statement for another claim."""
        draft = (
            self.draft
            if stance is None
            else replace(self.draft, stance=check_stance(stance, self.labels))
        )
        return self.record([draft], more)

    def record(self, drafts: list[Draft], more: bool = False) -> Change:
        """Save one or several claims on the current statement as one decision."""
        item = self._require_item()
        change = record_claims(
            self.store, self.annotator, item.statement.id, drafts, replace=self._fresh,
            labels=self.labels,
        )
        kept = drafts[-1].target if more and self._target_chosen and drafts else None
        applied = self._applied(change, advance=not more)
        self._kept_target = kept
        return applied

    def no_claim(self) -> Change:
        """Record that the statement holds no claim, and go on."""
        item = self._require_item()
        return self._applied(
            record_no_claim(self.store, self.annotator, item.statement.id), advance=True
        )

    def skip(self) -> Change | None:
        """Go on without deciding; an undecided statement is recorded as skipped."""
        item = self._require_item()
        if item.decision in DECIDED:
            self._move(self.index + 1)
            return None
        return self._applied(
            record_skip(self.store, self.annotator, item.statement.id), advance=True
        )

    def undo(self) -> Change | None:
        """Take back the newest decision of this session and return to its statement."""
        if not self._changes:
            return None
        change = self._changes.pop()
        revert(self.store, change)
        self._set_decision(
            change.statement_id, change.previous["decision"] if change.previous else None
        )
        self._move(change.index, fresh=change.fresh)
        return change

    def back(self) -> bool:
        """Return to the statement before; False at the first one."""
        if self.index == 0:
            return False
        self._move(self.index - 1)
        return True

    def _require_item(self) -> Item:
        item = self.current()
        if item is None:
            raise ClaimsError("No statement left in this session.")
        return item

    def _applied(self, change: Change, advance: bool) -> Change:
        change = replace(change, index=self.index, fresh=self._fresh)
        self._changes.append(change)
        self._set_decision(change.statement_id, change.decision)
        if advance:
            self._move(self.index + 1)
        else:
            self._fresh, self._item, self._draft = False, None, None
            self._target_chosen = False
        return change

    def _set_decision(self, statement_id: int, decision: str | None) -> None:
        before = self._decisions.pop(statement_id, None)
        if decision is not None:
            self._decisions[statement_id] = decision
        self.done += (decision in DECIDED) - (before in DECIDED)

    def _move(self, index: int, fresh: bool = True) -> None:
        self.index = max(0, min(index, len(self.queue)))
        self._fresh, self._item, self._draft = fresh, None, None
        self._target_chosen, self._kept_target = False, None

    def _speaker(self, statement: Statement) -> StatementSpeaker | None:
        """Who voices ``statement``, attributed within its whole article (a pronoun
        or a carried-over speaker needs the statements before it)."""
        if statement.article_id not in self._speakers:
            text = self.store.article(statement.article_id).text
            rows = statement_speakers(
                text, list(self.store.statements(statement.article_id)), self._finder, self._actors
            )
            self._speakers[statement.article_id] = {row.statement.id: row for row in rows}
        return self._speakers[statement.article_id].get(statement.id)

    def _load_registry(self) -> None:
        self._finder = registry.mention_finder(self.store)
        actors, targets = self.store.actors(), self.store.targets()
        self._actors = {actor.name: actor for actor in actors}
        self._speakers: dict[int, dict[int, StatementSpeaker]] = {}
        self._parents = {  # whom a person speaks for comes first among the candidates
            actor.name: actor.parent for actor in actors
            if actor.kind == "person" and actor.parent and actor.speaks_for_parent
        }
        self._choices = {"actor": [_choice(actor.name, actor.aliases) for actor in actors],
                         "target": [_choice(target.name, target.aliases) for target in targets]}
        self._names = {"actor": {actor.id: actor.name for actor in actors},
                       "target": {target.id: target.name for target in targets}}


def _ordered(store: Store, statement_ids: list[int], order: str, seed: int | None) -> list[int]:
    if order == "random":
        shuffled = list(statement_ids)
        random.Random(seed).shuffle(shuffled)
        return shuffled
    if order == "uncertain":
        confidence = store.lowest_prediction_confidence()
        predicted = sorted(
            (sid for sid in statement_ids if sid in confidence), key=confidence.__getitem__
        )
        return predicted + [sid for sid in statement_ids if sid not in confidence]
    return list(statement_ids)
