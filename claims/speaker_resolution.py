"""Who a speaker is: each attribution's speaker (``claims.attribution``) resolved to
the actor registry.

An alias names an actor; a person's registered parent is exposed beside it; pronouns,
carried-over speakers and anaphoric definites («المسؤول», "the official") take the actor
of the earlier speaker they stand for, and "he" or "she" with none ("She told reporters …"
after a sentence naming Loretta Lynch without a reporting cue) the one registered person
the statement before names. A speaker that names no registered actor is returned as
written with ``registered=False``: never dropped, never forced onto an actor. Pure: text
and registry in, speakers out.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from claims.attribution import Attribution, SpeakerScorer, attribute
from claims.demonyms import speaking
from claims.mentions import MentionFinder
from claims.records import Actor, Statement
from claims.text import normalize


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker resolved to the registry, or kept as written.

    ``name`` is the registered actor, or the speaker as written when
    ``registered`` is False. For a registered person, ``parent`` is the actor it
    belongs to (Sergei Ryabkov → Russia) so that a caller can report either, and
    ``speaks_for_parent`` whether it speaks for it (a party's member does not);
    ``others`` are further registered actors named in the same phrase
    («واشنطن وكييف»: United States, with Ukraine in ``others``).
    """

    name: str
    registered: bool
    written: str
    kind: str | None = None
    parent: str | None = None
    others: tuple[str, ...] = ()
    speaks_for_parent: bool = True


@dataclass(frozen=True, slots=True)
class StatementSpeaker:
    """One statement with who voices it: the attribution (offsets into the
    article) and its speaker resolved to the registry (None when nobody speaks)."""

    statement: Statement
    attribution: Attribution
    speaker: Speaker | None


_TRIM = " \t\n,،:;؛.\"'«»“”‘’()"
_BALANCED = _TRIM.replace("()", "")
_DEFINITE = re.compile(r"^(?:the\s+|ال)", re.IGNORECASE)


def _trimmed(written: str) -> str:
    """A speaker as written without the punctuation around it, but for the closing
    parenthesis of a party it holds ("Bob Goodlatte (R-Va.)")."""
    text = written.strip(_BALANCED)
    text = text[1:-1] if text[:1] == "(" and text[-1:] == ")" else text  # "(Reuters)"
    if text.endswith(")") and text.count("(") == text.count(")"):
        return text
    return text.strip(_TRIM)


def resolve_speaker(written: str, finder: MentionFinder,
                    actors: Mapping[str, Actor] | Sequence[Actor] = ()) -> Speaker:
    """The registered actor that ``written`` names, or ``written`` itself marked
    unregistered.

    Where the phrase names several actors, a person wins (the most specific:
    «المتحدث باسم الكرملين دميتري بيسكوف» → Dmitry Peskov when he is registered),
    else the first one; the rest are in ``others``. A person's registered parent
    is in ``parent``, so that a caller may report the country or the organisation
    instead. ``actors`` (from ``Project.actors()``) supplies kinds and parents.

    >>> finder = MentionFinder([("actor", "Russia", "موسكو")])
    >>> resolve_speaker("موسكو", finder).name, resolve_speaker("مسؤول أوروبي", finder).registered
    ('Russia', False)
    """
    by_name = _by_name(actors)
    found = [m for m in finder.find(written) if m.kind == "actor"]
    kinds = {name: actor.kind for name, actor in by_name.items()} if by_name else None
    speakers = speaking(written, found, kinds)  # «محلل روسي»: none
    names = list(dict.fromkeys(m.name for m in speakers))
    clean = _trimmed(written) or written
    if not names:
        return Speaker(clean, False, clean)
    people = [name for name in names if name in by_name and by_name[name].kind == "person"]
    chosen = (people or names)[0]
    actor = by_name.get(chosen)
    parent = actor.parent if actor else None
    others = tuple(name for name in names if name not in (chosen, parent))
    return _registered(chosen, actor, clean, others)


def _registered(name: str, actor: Actor | None, written: str,
                others: tuple[str, ...] = ()) -> Speaker:
    """The registered speaker ``name`` (its ``actor`` record, where one is given)."""
    if actor is None:
        return Speaker(name, True, written, others=others)
    return Speaker(name, True, written, actor.kind, actor.parent, others,
                   actor.speaks_for_parent)


def _by_name(actors: Mapping[str, Actor] | Sequence[Actor]) -> Mapping[str, Actor]:
    return actors if isinstance(actors, Mapping) else {actor.name: actor for actor in actors}


def resolve(text: str, attributions: list[Attribution], finder: MentionFinder,
            actors: Mapping[str, Actor] | Sequence[Actor] = ()) -> list[Speaker | None]:
    """The speaker of each attribution resolved to the registry (None where
    nobody speaks). Pronouns and carried-over speakers take the speaker of the
    statement they continue; a bare definite noun that names nobody («المسؤول»,
    "the official") takes the earlier speaker whose phrase holds the same noun
    («مسؤول بالبيت الأبيض»); "he" or "she" with no earlier speaker,
    the one registered person the statement before names."""
    by_name = _by_name(actors)
    speakers: list[Speaker | None] = []
    for index, found in enumerate(attributions):
        before = attributions[index - 1] if index else None
        speakers.append(_resolved(text, found, speakers, finder, by_name, before))
    return speakers


def resolve_all(text: str, rows: list[list[Attribution]], finder: MentionFinder,
                actors: Mapping[str, Actor] | Sequence[Actor] = ()) -> list[list[Speaker | None]]:
    """The speakers of ``attribute_all``'s rows: each statement's main attribution as
    ``resolve`` resolves it, the further ones by their own phrase, against the main
    speakers before them (a pronoun stands for an earlier statement's speaker)."""
    by_name = _by_name(actors)
    mains = resolve(text, [row[0] for row in rows], finder, by_name)
    return [[main] + [_resolved(text, found, mains[:index], finder, by_name,
                                rows[index - 1][0] if index else None) for found in row[1:]]
            for index, (row, main) in enumerate(zip(rows, mains, strict=True))]


def _resolved(text: str, found: Attribution, earlier: list[Speaker | None],
              finder: MentionFinder, by_name: Mapping[str, Actor],
              before: Attribution | None = None) -> Speaker | None:
    """One attribution's speaker; ``earlier``: the main speakers of the statements before,
    ``before``: the statement right before (its attribution)."""
    if found.how is None:
        return None
    if found.carried_from is not None and earlier[found.carried_from] is not None:
        written = text[found.speaker_start:found.speaker_end] if found.speaker_span else None
        carried = earlier[found.carried_from]
        return _rewritten(carried, written) if written else carried
    start, end = found.named_span
    speaker = resolve_speaker(text[start:end], finder, by_name)
    if speaker.registered:
        return speaker
    return _anaphor(speaker, earlier) or _named_before(text, speaker, before, finder,
                                                       by_name) or speaker


def _rewritten(speaker: Speaker, written: str) -> Speaker:
    return replace(speaker, written=_trimmed(written))


def _anaphor(speaker: Speaker, earlier: list[Speaker | None]) -> Speaker | None:
    head = _DEFINITE.sub("", normalize(speaker.written))
    if head == normalize(speaker.written) or " " in head or not head:
        return None
    for candidate in reversed(earlier):
        if candidate is None:
            continue
        if head in {_DEFINITE.sub("", word) for word in normalize(candidate.written).split()}:
            return _rewritten(candidate, speaker.written)
    return None


# Pronouns that stand for a person ("it" is left: "The report criticised Russia. It said …").
_PERSONAL = frozenset({"he", "she"})
_SUBJECT_WORDS = 3  # words before a name that opens a sentence ("Attorney General Loretta …")


def _named_before(text: str, speaker: Speaker, before: Attribution | None,
                  finder: MentionFinder, by_name: Mapping[str, Actor]) -> Speaker | None:
    """A personal pronoun's registered actor where no earlier speaker gave one: the person
    the statement before opens with, its subject ("Attorney General Loretta Lynch is
    reaffirming … . She told reporters …"); None where it opens with no registered person
    ("A spokeswoman for the Justice Department met Donald Trump. She told …")."""
    if speaker.written.casefold() not in _PERSONAL or before is None:
        return None
    opening = text[before.start:before.end]
    people = [m for m in finder.find(opening) if m.kind == "actor" and m.name in by_name
              and by_name[m.name].kind == "person"]
    first = min(people, key=lambda mention: mention.start, default=None)
    if first is None or len(opening[:first.start].split()) > _SUBJECT_WORDS:
        return None
    return _registered(first.name, by_name[first.name], speaker.written)


def statement_speakers(text: str, statements: Sequence[Statement], finder: MentionFinder,
                       actors: Mapping[str, Actor] | Sequence[Actor] = (),
                       speakers: SpeakerScorer | None = None) -> list[StatementSpeaker]:
    """Attribute the statements of one article (in order) and resolve their speakers;
    ``speakers``: a learned speaker model, as for ``attribute``."""
    found = attribute(text, statements, finder, speakers)
    speakers = resolve(text, found, finder, actors)
    return [StatementSpeaker(*row) for row in zip(statements, found, speakers, strict=True)]
