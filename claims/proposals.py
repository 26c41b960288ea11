"""What the annotator is offered for a statement: a claim being made (``Draft``)
and the proposal it starts from (``Proposal``).

The actor is the speaker that ``claims.attribution`` finds for the statement in
its article: the same function that ``claims statements --speakers``
(``Project.speakers``) and ``claims predict`` use, so the three never disagree.
A registered person is proposed as the actor it belongs to (Ryabkov → Russia),
as the guidelines say. A speaker the registry does not know, or a statement
nobody voices, gets no actor: a registered actor merely mentioned in it is not
its speaker. The target is the registered target mentioned nearest to the
reporting cue that this actor has no claim on in the statement yet; the stance
comes from a ``StanceProposal``.

Pure: no store, no I/O; ``claims.annotate`` supplies the statement's speaker and
its mentions.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from claims.records import Claim, Mention, Statement
from claims.speaker_resolution import StatementSpeaker


@dataclass(frozen=True)
class Draft:
    """A claim being made: names of the actor and the target, a stance label."""

    actor: str | None = None
    target: str | None = None
    stance: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class StanceGuess:
    label: str
    confidence: float | None
    origin: str  # where the guess comes from, e.g. model:baseline@1


# The seam for stance proposals: (statement, actor, target) → a guess or None.
StanceProposal = Callable[[Statement, str | None, str | None], StanceGuess | None]


@dataclass(frozen=True)
class Proposal:
    actor: str | None
    target: str | None
    stance: StanceGuess | None
    actor_mention: Mention | None = None  # the words the actor was read from
    target_mention: Mention | None = None

    def draft(self) -> Draft:
        return Draft(self.actor, self.target, self.stance.label if self.stance else None)


def _gap(mention: Mention, anchor: tuple[int, int]) -> int:
    return max(0, anchor[0] - mention.end, mention.start - anchor[1])


def by_nearness(mentions: list[Mention], anchor: tuple[int, int]) -> list[Mention]:
    """``mentions`` nearest to ``anchor`` (a span of the statement) first."""
    return sorted(mentions, key=lambda mention: (_gap(mention, anchor), mention.start))


def speaker_actor(said: StatementSpeaker | None,
                  mentions: list[Mention]) -> tuple[str | None, Mention | None]:
    """The actor to propose for a statement with speaker ``said``, and the mention
    of the statement it was read from (None when the speaker was carried over from
    an earlier statement, or none is registered)."""
    speaker = said.speaker if said else None
    if speaker is None or not speaker.registered:
        return None, None
    speaks_for = speaker.kind == "person" and speaker.parent and speaker.speaks_for_parent
    actor = speaker.parent if speaks_for else speaker.name
    found = said.attribution.named_span
    offset = said.statement.start
    inside = [m for m in mentions if m.kind == "actor" and m.name == speaker.name and found
              and found[0] <= m.start + offset and m.end + offset <= found[1]]
    return actor, inside[0] if inside else None


def propose(statement: Statement, mentions: list[Mention], cue: tuple[int, int] | None,
            said: StatementSpeaker | None, taken: list[Claim],
            stance_proposal: StanceProposal, keep_target: str | None = None) -> Proposal:
    """The claim proposed for a statement (see the module's docstring). ``said``
    is its attributed speaker, ``mentions`` and ``cue`` are relative to its text,
    ``taken`` holds the claims already made on it in this visit. ``keep_target``,
    a target the annotator chose by hand for the last of them, stays: the next
    claim is most often another actor's on it."""
    actor, actor_mention = speaker_actor(said, mentions)
    kept = _next_actor(statement, mentions, cue, actor, actor_mention, taken, keep_target,
                       stance_proposal) if taken and keep_target else None
    if kept is not None:
        return kept
    if taken:  # another claim in the same visit: most often the same speaker on a second target
        actor_mention, actor = None, taken[-1].actor
    used = {claim.target for claim in taken if claim.actor == actor}
    open_targets = [m for m in mentions
                    if m.kind == "target" and m.name not in used and m.name != actor]
    targets = by_nearness(open_targets, cue or (0, 0))
    target_mention = targets[0] if targets else None
    target = target_mention.name if target_mention else None
    stance = stance_proposal(statement, actor, target) if actor and target else None
    return Proposal(actor, target, stance, actor_mention, target_mention)


def _next_actor(statement: Statement, mentions: list[Mention], cue: tuple[int, int] | None,
                speaker: str | None, speaker_mention: Mention | None, taken: list[Claim],
                target: str, stance_proposal: StanceProposal) -> Proposal | None:
    """The proposal that keeps ``target``: the speaker or the nearest actor mentioned
    that has no claim on it yet in this visit; None when there is none (the same
    actor on another target is proposed then)."""
    used = {claim.actor for claim in taken if claim.target == target}
    nearest = by_nearness([m for m in mentions if m.kind == "actor"], cue or (0, 0))
    options = ([(speaker, speaker_mention)] if speaker else []) + [(m.name, m) for m in nearest]
    actor, mention = next(((name, m) for name, m in options if name not in used), (None, None))
    if actor is None:
        return None
    return Proposal(actor, target, stance_proposal(statement, actor, target), mention)
