"""The units that the speaker rules of ``claims.attribution`` read: the tokens of
a statement joined into words and marks as a reader sees them ("U.S.", "Mr.",
"al-Assad", «"»), which of them lie inside a quotation, and what a rule found.

Built on the one tokenizer, ``claims.text.tokens``; offsets are into the article.
Pure: text in, token indexes out.
"""
from __future__ import annotations

from dataclasses import dataclass

from claims.cues import LEXICON, Cue
from claims.text import is_arabic, normalize, tokens

_JOINERS = "’'.-&/"
_DOUBLED = ("''", "``", "--")
_TITLES = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "maj",
           "adm", "prof", "rev", "st", "jr", "sr", "pres", "u.s", "u.n", "u.k", "d.c", "inc", "co",
           "corp", "ltd", "no"}
OPENERS = {"“": "”", "«": "»", "‘": "’"}
STRAIGHT = {'"', "''", "``"}
MAX_NP = 12  # the longest noun phrase, in tokens, that a rule takes for a speaker


@dataclass(frozen=True, slots=True)
class Tok:
    start: int  # offsets into the article
    end: int
    text: str
    norm: str
    word: bool


@dataclass(frozen=True, slots=True)
class Found:
    speaker: tuple[int, int] | None  # token indexes [first, end)
    cue: tuple[int, int]  # token indexes [first, end)
    how: str
    refers_to: tuple[int, int] | None = None
    cue_start: int | None = None  # where the cue starts inside its first token («و|نقلت»)
    content: tuple[int, int] | None = None  # token indexes, where a rule knows better than the cue


def units(text: str, start: int, end: int) -> list[Tok]:
    """The units of ``text[start:end]`` (offsets into ``text``), built from
    ``claims.text.tokens`` with marks: words joined through an inner ’ ' . - & /
    ("U.S", "al-Assad", "AT&T"), '' `` and -- as one mark each, and the full stop of
    a title or an initial ("Mr.", "U.S.", "J.") or the apostrophe of a plural
    possessive ("Sanders' team") kept with its word."""
    segment = text[start:end]
    pieces = LEXICON.rejoined(segment, tokens(segment, marks=True))  # «صر ح» is «صرح»
    count, found, index = len(pieces), [], 0
    while index < count:
        piece = pieces[index]
        last, stop = index, piece.end
        if piece.word:
            while (last + 2 < count and pieces[last + 1].start == stop and segment[stop] in _JOINERS
                   and pieces[last + 2].word and pieces[last + 2].start == stop + 1):
                last += 2
                stop = pieces[last].end
        elif (last + 1 < count and pieces[last + 1].start == stop
              and segment[piece.start:stop + 1] in _DOUBLED):
            last, stop = last + 1, stop + 1
        value = segment[piece.start:stop]
        word = value[0].isalnum() or value[0] == "_" or is_arabic(value[0])
        if word and last + 1 < count and pieces[last + 1].start == stop and (
                (segment[stop] == "." and (len(value) == 1 or value.lower() in _TITLES))
                or (value[-1] in "sS" and text[start + stop:start + stop + 2] in ("' ", "’ "))):
            last, stop = last + 1, stop + 1
            value = segment[piece.start:stop]
        norm = piece.norm if last == index else normalize(value)
        found.append(Tok(start + piece.start, start + stop, value, norm, word))
        index = last + 1
    return found


def quoted(toks: list[Tok]) -> list[bool]:
    """Whether each token lies inside a quotation (the marks themselves count as inside)."""
    marks = [index for index, tok in enumerate(toks) if tok.text in STRAIGHT]
    if len(marks) % 2 and marks[0] > 0 and toks[marks[0] - 1].text in ",.?!—-":
        # An odd straight mark closing a clause ("… the country,'' the secretary said"): the
        # statement began inside a quotation opened in an earlier one.
        return [True] * (marks[0] + 1) + quoted(toks[marks[0] + 1:])
    inside, stack, straight = [False] * len(toks), [], False
    for index, tok in enumerate(toks):
        if tok.text in OPENERS:
            stack.append(OPENERS[tok.text])
        elif stack and tok.text == stack[-1]:
            stack.pop()
            inside[index] = True
            continue
        elif tok.text in ("”", "»") and not stack:
            if straight:  # '"…”': a straight opener closed by a curly mark
                straight, inside[index] = False, True
                continue
            # A closing mark with no opener: the statement began inside a quotation.
            inside[:index + 1] = [True] * (index + 1)
            continue
        elif tok.text in STRAIGHT and stack and stack[-1] == "”":
            stack.pop()  # '“…"': a curly opener closed by a straight mark
            inside[index] = True
            continue
        elif tok.text in STRAIGHT:
            straight = not straight
            inside[index] = True
            continue
        inside[index] = bool(stack) or straight or tok.text in OPENERS
    return inside


def cue_tokens(toks: list[Tok], cue: Cue, offset: int) -> tuple[int, int]:
    start, end = offset + cue.start, offset + cue.end
    first = next(i for i, tok in enumerate(toks) if tok.end > start)
    last = next(i for i in range(len(toks) - 1, -1, -1) if toks[i].start < end)
    return first, last + 1


def norms(words: str) -> frozenset[str]:
    return frozenset(normalize(word) for word in words.split())


def bare(norm: str) -> str:
    """An Arabic word without a leading و/ف conjunction (names such as «وليد» aside)."""
    return norm[1:] if len(norm) > 3 and norm[0] in "وف" and is_arabic(norm) else norm


def clause_start(toks: list[Tok], index: int) -> int:
    while index > 0 and toks[index - 1].word:
        index -= 1
    return index
