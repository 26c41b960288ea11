"""Who speaks: the speaker of each statement of an article, as written.

``attribute`` reads an article's statements in order and returns, for each, the
reporting cue and the noun phrase that voices it, as character offsets into the
article, with the rule that found them (``HOWS``). It is rule-based and reads
only the text: the cue lexicon of ``claims.cues``, quotation marks, commas and a
few word lists, in Arabic and English. It never looks at the registry, so what it
finds is the speaker as written. This module holds the engine (which cue, carried
speakers, pronouns); the rules that delimit the speaker's phrase are
``claims.attribution_en`` and ``claims.attribution_ar``, over the units of
``claims.attribution_units``. Each attribution carries a confidence: the
precision of its rule measured on PolNeAR's English train split (``CONFIDENCE``).
``claims.speaker_resolution`` then resolves each speaker to the registry.

Pure functions of their arguments; nothing is stored or downloaded. With the resolution
this is the one speaker engine: ``claims statements --speakers``, ``claims predict`` and
the proposals of ``claims annotate`` (``claims.proposals``) all take their speaker from it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Protocol

from claims.attribution_ar import NESTING, arabic, unvoiced
from claims.attribution_en import EN_CORE, EN_SECOND, colon_quote, english, unsure
from claims.attribution_units import (
    OPENERS,
    STRAIGHT,
    Found,
    Tok,
    bare,
    cue_tokens,
    quoted,
    units,
)
from claims.cues import LEXICON, Cue
from claims.cuestance import content_span
from claims.mentions import MentionFinder
from claims.text import is_arabic

HOWS = {
    "subject": ("the noun phrase before the cue («وكانت روسيا أعلنت», 'Ryabkov said', "
                "'X, a spokesman, said')"),
    "after-cue": ("the noun phrase after the cue («قال مسؤول بالبيت الأبيض», «تنفي موسكو», "
                  "'said Ryabkov')"),
    "according-to": "the source of «بحسب / حسب / وفقاً لـ / جاء في» or 'according to'",
    "reported-from": "the person quoted by a reporting outlet: «نقلت وكالة … عن X», «نقلاً عن X»",
    "main-clause": ("a participle cue («قائلة», «مضيفاً», ', saying') speaks for the sentence's "
                    "subject"),
    "pronoun": "a pronoun ('he said', 'who said'); it stands for an earlier named speaker",
    "carried": ("no subject («وأضاف:», a paragraph that is a quotation): the previous speaker "
                "goes on"),
}
# Each rule's precision on PolNeAR train (`experiments/polnear_speakers.py --calibrate`);
# reported-from (no English case) takes all rules' pooled figure; Arabic carries these.
CONFIDENCE = {
    "subject": 0.91,
    "after-cue": 0.98,
    "according-to": 0.94,
    "reported-from": 0.87,
    "main-clause": 0.85,
    "pronoun": 0.88,
    "carried": 0.68,
}
CARRY_BACK = 3  # statements to look back for the speaker that a subjectless cue continues


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who voices one statement. Offsets are into the article's text.

    ``speaker_*`` is the speaker as written in this statement (a name, a noun
    phrase or a pronoun); it is None when the statement has no speaker of its own
    (Arabic pro-drop «وأضاف», a quotation continuing the previous paragraph).
    ``refers_to_*`` is the earlier noun phrase that a pronoun or a carried-over
    speaker stands for, and ``carried_from`` the index of the statement it comes
    from. ``how`` names the rule (a key of ``HOWS``), None when nobody speaks.
    ``content_*`` is what the speaker says (PolNeAR's Content): the statement
    outside the speaker and the cue (``claims.cuestance.content_span``), the whole
    statement for a carried-over speaker.
    """

    start: int
    end: int
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    how: str | None = None
    refers_to_start: int | None = None
    refers_to_end: int | None = None
    carried_from: int | None = None
    content_start: int | None = None
    content_end: int | None = None

    @property
    def speaker_span(self) -> tuple[int, int] | None:
        return None if self.speaker_start is None else (self.speaker_start, self.speaker_end)

    @property
    def cue_span(self) -> tuple[int, int] | None:
        return None if self.cue_start is None else (self.cue_start, self.cue_end)

    @property
    def content_span(self) -> tuple[int, int] | None:
        return None if self.content_start is None else (self.content_start, self.content_end)

    @property
    def named_span(self) -> tuple[int, int] | None:
        """The span that names the speaker: the antecedent of a pronoun or of a
        carried-over speaker, else the speaker as written."""
        if self.refers_to_start is not None:
            return self.refers_to_start, self.refers_to_end
        return self.speaker_span

    @property
    def confidence(self) -> float | None:
        """How far to trust the speaker: the precision of its rule (``how``) on
        PolNeAR's train split, None when nobody speaks (``CONFIDENCE``).

        A statement counted right there when its speaker as written, or the phrase
        a pronoun or a carried-over speaker stands for, overlaps a gold Source of
        the statement, and a speaker taken from an earlier statement was itself a
        gold Source. PolNeAR has no coreference links, so the pronoun figure does
        not check the antecedent is the referent (an upper bound). The figures are
        English: an Arabic attribution carries the English figure of the rule of
        the same name (the Arabic-only rule reported-from carries the pooled
        English figure); the Arabic gold (466 statements) measures them apart.
        """
        return None if self.how is None else CONFIDENCE[self.how]


# --- who speaks ------------------------------------------------------------------------


def attribute(text: str, spans: Iterable, finder: MentionFinder | None = None,
              speakers: SpeakerScorer | None = None) -> list[Attribution]:
    """Who voices each statement of ``text``.

    ``spans`` are the statements in order, as ``(start, end)`` pairs or objects
    with ``start`` and ``end`` (``claims.text.split_sentences``, ``Statement``).
    One ``Attribution`` per statement, in the same order: its main one
    (``attribute_all`` gives them all). With ``finder`` (the registry's mentions), an
    Arabic subject before its cue must name a registered actor or an office or body
    («وزارة …», «المتحدث …»), not a date or a headline's opening words. ``speakers``
    (a learned ``claims.models.speakers.SpeakerModel``, optional) proposes English cues
    beyond the lexicon and speakers beyond the rules', and decides which English ones to keep.

    >>> text = "وبالمقابل، تنفي موسكو أي نية لغزو أوكرانيا."
    >>> found = attribute(text, [(0, len(text))])[0]
    >>> text[found.speaker_start:found.speaker_end], text[found.cue_start:found.cue_end], found.how
    ('موسكو', 'تنفي', 'after-cue')
    """
    return [found[0] for found in attribute_all(text, spans, finder, speakers)]


def attribute_all(text: str, spans: Iterable, finder: MentionFinder | None = None,
                  speakers: SpeakerScorer | None = None) -> list[list[Attribution]]:
    """Every attribution of each statement of ``text``: one per speaker, the main
    one first (the one ``attribute`` gives), then the others in order of their cue
    ("Clinton said … while Trump argued …", a report nested in the content).

    A statement that nobody voices gets one attribution with no speaker, so each
    list holds at least one. ``speakers``: as for ``attribute``.

    >>> text = "Clinton said taxes would rise, while Trump argued they would fall."
    >>> [text[a.speaker_start:a.speaker_end] for a in attribute_all(text, [(0, len(text))])[0]]
    ['Clinton', 'Trump']
    """
    results: list[list[Attribution]] = []
    mains: list[Attribution] = []
    pairs = _pairs(spans)
    speakers = None if speakers is None else speakers.reading(text, pairs)
    for start, end in pairs:
        founds, toks, subjectless = _find(text, start, end, finder, speakers)
        if founds:
            row = _apart(text, [_made(text, start, end, toks, found, mains) for found in founds])
        elif subjectless or (_opens_with_quote(text, start) and mains and mains[-1].named_span):
            row = [_carried(text, start, end, subjectless, mains)]
        else:
            row = [Attribution(start, end)]
        mains.append(row[0])
        results.append(row)
    return results


_JOINERS = re.compile(r"(?:[\s,;:—–-]|\b(?:while|whereas|and|but|as|though)\b)+$", re.IGNORECASE)


def _apart(text: str, row: list[Attribution]) -> list[Attribution]:
    """Each attribution's content ends where another speaker of the statement begins to
    speak ("Clinton said taxes would rise, while Trump argued …": Clinton's content is
    "taxes would rise"), so that one speaker's words do not take in the other's."""
    if len(row) < 2:
        return row
    kept = []
    for found in row:
        after = [min(s for s in (other.speaker_start, other.cue_start) if s is not None)
                 for other in row if other is not found]
        cut = None if found.content_span is None else min(
            (at for at in after if found.content_start < at < found.content_end), default=None)
        if cut is not None and not NESTING.search(text[found.content_start:cut]):
            stop = found.content_start + len(_JOINERS.sub("", text[found.content_start:cut]))
            if stop > found.content_start:
                found = replace(found, content_end=stop)
        kept.append(found)
    return kept


def _find(text: str, start: int, end: int, finder: MentionFinder | None,
          speakers: SpeakerScorer | None
          ) -> tuple[list[Found], list[Tok], tuple[int, int] | None]:
    """The attributions of one statement (token indexes), the main one first, its
    tokens, and the character span of a sentence-initial Arabic cue that found no
    subject («وأضاف:»). A further cue counts only where it lies outside the speakers
    and cues found so far and names a speaker that overlaps none of them. With
    ``speakers``, its cues join the lexicon's and it alone decides whether an English
    attribution is kept (``_second`` is then one of its features)."""
    cues = LEXICON.find(text[start:end])
    if speakers is not None:
        cues = _merged(cues, speakers.cues(text[start:end]))
    opening_colon = ":" in text[start:start + 60] and not is_arabic(text[start:start + 60])
    if not cues and not opening_colon:
        return [], [], None
    toks = units(text, start, end)
    inside = quoted(toks)
    subjectless, founds, taken = None, [], []
    named = None if finder is None else (
        lambda a, b: _names(finder, text[toks[a].start:toks[b - 1].end]))
    for cue in _ordered(cues):
        first, last = cue_tokens(toks, cue, start)
        if inside[first] or any(a <= first < b for a, b in taken):
            continue
        in_arabic = is_arabic(toks[first].text)
        found = arabic(toks, first, last, named) if in_arabic else english(
            toks, first, last) if speakers is None else speakers.find(toks, first, last)
        if found and not in_arabic and speakers is None and found.speaker and unsure(toks, found):
            continue  # a belief of "I", "they": the learned model weighs these itself
        if found and found.speaker and not any(_meets(found.speaker, span) for span in taken) and (
                speakers.keep(toks, found, len(founds)) if speakers is not None and not in_arabic
                else not founds or _second(toks, found, in_arabic)):
            cue_start = start + cue.start if found.cue[0] == first else None
            founds.append(Found(found.speaker, found.cue, found.how, found.refers_to, cue_start,
                                found.content))
            taken += [found.speaker, found.cue]
        elif not founds and subjectless is None and in_arabic and unvoiced(toks, first, last):
            # «وأضاف:» opens the sentence with no subject of its own
            subjectless = (start + cue.start, start + cue.end)
    if not founds and opening_colon:
        founds = [found for found in (colon_quote(toks),) if found]
    return founds, toks, None if founds else subjectless


class SpeakerScorer(Protocol):
    """What ``attribute`` asks a learned speaker model (``claims.models.speakers``)."""
    def reading(self, text: str, spans: list[tuple[int, int]]) -> SpeakerScorer:
        """The scorer for the article ``text`` (statements ``spans``), which it may read first."""
    def cues(self, segment: str) -> list[Cue]:
        """Cues of ``segment`` beyond the lexicon's (offsets into ``segment``)."""
    def find(self, toks: list[Tok], first: int, end: int) -> Found | None:
        """The speaker of the English cue ``toks[first:end]`` (wider than ``english``)."""
    def keep(self, toks: list[Tok], found: Found, order: int) -> bool:
        """Whether the English attribution ``found`` (``order``-th of its statement) speaks."""


def _merged(cues: list[Cue], more: list[Cue]) -> list[Cue]:
    """The lexicon's cues and, in order of appearance, those of ``more`` overlapping none."""
    extra = [cue for cue in more if not any(cue.start < c.end and c.start < cue.end for c in cues)]
    return sorted(cues + extra, key=lambda cue: cue.start)


def _names(finder: MentionFinder, phrase: str) -> bool:
    """Whether ``phrase`` is a registered actor's name, perhaps with a word or two after
    it («روسيا», «وزارة الخارجية الروسية»), not words that merely hold one («الحكم الذاتي
    لأكراد سوريا قابل للتفاوض»)."""
    return any(m.kind == "actor" and not phrase[:m.start].strip()
               and len(phrase[m.end:].split()) <= 2 for m in finder.find(phrase))


def _second(toks: list[Tok], found: Found, in_arabic: bool) -> bool:
    """Whether a further cue of a statement voices a speaker of its own: a named
    speaker (not a pronoun, mostly the main speaker again: "Rubio says he opposes")
    of a speech act (``EN_SECOND``; every Arabic cue is one, save a verb joined by «و» to
    the main one, whose subject it shares: the noun after it is its object)."""
    if found.how == "pronoun":
        return False
    words = [tok.norm for tok in toks[found.cue[0]:found.cue[1]]]
    if in_arabic:  # «تنفي موسكو …، وتتهم الحلف»: a verb joined by و goes on with the main subject
        return not (found.how == "after-cue" and bare(words[0]) != words[0])
    return (words[0] if found.how == "according-to" else words[-1]) in EN_SECOND


def _meets(span: tuple[int, int], other: tuple[int, int]) -> bool:
    return span[0] < other[1] and other[0] < span[1]


def _ordered(cues: list[Cue]) -> list[Cue]:
    """English "say" cues first (a sentence's other cue words are often nouns or
    embedded verbs: "reports", "promises", "who have continued"), then the rest, each
    in order of appearance."""
    return sorted(cues, key=lambda cue: cue.lemma.split()[0] not in EN_CORE)


def _opens_with_quote(text: str, start: int) -> bool:
    return text.startswith(tuple(OPENERS) + tuple(STRAIGHT), start)


def _pairs(spans: Iterable) -> list[tuple[int, int]]:
    return [(span.start, span.end) if hasattr(span, "start") else (span[0], span[1])
            for span in spans]


def _previous(results: list[Attribution]) -> int | None:
    """The nearest earlier statement (within ``CARRY_BACK``) whose speaker is named."""
    for index in range(len(results) - 1, max(-1, len(results) - 1 - CARRY_BACK), -1):
        if results[index].named_span:
            return index
    return None


def _made(text: str, start: int, end: int, toks: list[Tok], found: Found,
          results: list[Attribution]) -> Attribution:
    speaker = (toks[found.speaker[0]].start, toks[found.speaker[1] - 1].end)
    cue = (found.cue_start if found.cue_start is not None else toks[found.cue[0]].start,
           toks[found.cue[1] - 1].end)
    values = dict(speaker_start=speaker[0], speaker_end=speaker[1], cue_start=cue[0],
                  cue_end=cue[1], how=found.how)
    if found.content is None:
        content = content_span(text, cue, speaker, start, end)
    else:  # the rule's own content: from its first token to its last
        first, last = toks[found.content[0]].start, toks[found.content[1] - 1].end
        content = content_span(text, (start, first), None, start, last)
    if content:
        values.update(content_start=content[0], content_end=content[1])
    if found.refers_to:
        values.update(refers_to_start=toks[found.refers_to[0]].start,
                      refers_to_end=toks[found.refers_to[1] - 1].end)
    elif found.how == "pronoun":
        earlier = _previous(results)
        if earlier is not None:
            named = results[earlier].named_span
            values.update(refers_to_start=named[0], refers_to_end=named[1], carried_from=earlier)
    return Attribution(start, end, **values)


def _carried(text: str, start: int, end: int, cue: tuple[int, int] | None,
             results: list[Attribution]) -> Attribution:
    content = content_span(text, cue or (start, start), None, start, end) or (None, None)
    values = dict(cue_start=cue[0] if cue else None, cue_end=cue[1] if cue else None,
                  content_start=content[0], content_end=content[1])
    earlier = (len(results) - 1 if not cue else _previous(results)
               if text[start:cue[0]].strip() in ("", "و", "ف") else None)
    if earlier is None:
        return Attribution(start, end, **values)
    named = results[earlier].named_span
    return Attribution(start, end, how="carried", refers_to_start=named[0],
                       refers_to_end=named[1], carried_from=earlier, **values)
