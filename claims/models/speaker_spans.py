"""Where a learned speaker model looks for a cue's speaker when the rules find none.

The rules of ``claims.attribution_en`` name a speaker only in the shapes they know
("X said", "said X", "according to X"). PolNeAR's annotators mark many more: a
passive agent ("opposed by the U.S."), a speaker in a title-case headline ("Trump
Says He …"), a subject far from its verb ("Mr. Ryan is an advocate … and wrote"),
a long coordinated subject. ``propose`` gives, for a cue the rules leave without a
speaker, the one span the first matching shape points to; the model's classifier
(``claims.models.speakers``) then weighs it with the shape as a feature, so that a
loose shape is kept only where it is right often enough.
"""
from __future__ import annotations

from claims.attribution_en import english
from claims.attribution_units import MAX_NP, OPENERS, STRAIGHT, Found, Tok, norms

_STOP = norms("that and but because as when while if though although after before since so "
              "where whether or than until unless what how why to by into who whom whose which "
              "is are was were be been being has have had would could should can will may might "
              "must do does did not - -- — – ; : ( ) [ ] , .")
_SKIP = norms("has have had also later then previously repeatedly once recently would will could "
              "might may can should must did does do again earlier even ever never now already "
              "still too just first further soon often not n't is are was were been be being "
              "only repeatedly publicly privately")
_LEADING = norms("in on at for from with of during after before about over under meanwhile now "
                 "still however yet instead also then earlier later even last this next and but "
                 "so")
_DETERMINERS = norms("the a an his her their its our my your this these those some many most")
_AGENTS = norms("by from")
_QUOTES = set(OPENERS) | set(OPENERS.values()) | STRAIGHT


def find(toks: list[Tok], first: int, end: int) -> Found | None:
    """The rules' speaker of the cue ``toks[first:end]`` (broadly), else ``propose``'s."""
    found = english(toks, first, end, broad=True)
    if found is not None and found.speaker is not None:
        return found
    if toks[first].norm == "according":
        return found
    return propose(toks, first, end)


def propose(toks: list[Tok], first: int, end: int) -> Found | None:
    """A span for a cue the rules leave without a speaker, and the shape that gave it
    (``Found.how``): ``agent`` ("… by X"), ``headline`` (title case before the cue),
    ``left`` (the words just before the cue, past auxiliaries), ``after`` (a name or a
    determiner's phrase right after the cue), ``opening`` (the sentence's first phrase)."""
    cue = (first, end)
    if end < len(toks) and toks[end].norm in _AGENTS:
        phrase = _right(toks, end + 1)
        if phrase:
            return Found(phrase, cue, f"agent-{toks[end].norm}")
    if first > 0 and toks[first].text[:1].isupper() and all(
            tok.text[:1].isupper() or not tok.word for tok in toks[:first]):
        start = max(0, first - MAX_NP)
        return Found((start, first), cue, "headline") if first - start else None
    phrase = _left(toks, first)
    if phrase:
        return Found(phrase, cue, "left")
    if end < len(toks) and (toks[end].text[:1].isupper() or toks[end].norm in _DETERMINERS):
        phrase = _right(toks, end)
        if phrase:
            return Found(phrase, cue, "after")
    phrase = _opening(toks, first)
    return Found(phrase, cue, "opening") if phrase else None


def _left(toks: list[Tok], first: int) -> tuple[int, int] | None:
    """The words before ``first`` past auxiliaries and adverbs, back to a clause word,
    a mark or ``MAX_NP`` words; through one comma where a capitalised word precedes it."""
    end = first
    while end > 0 and (toks[end - 1].norm in _SKIP or toks[end - 1].norm.endswith("ly")):
        end -= 1
    if end > 1 and toks[end - 1].text == "," and toks[end - 2].text[:1].isupper():
        end -= 1
    begin = end
    while begin > 0 and end - begin < MAX_NP and toks[begin - 1].word \
            and toks[begin - 1].norm not in _STOP:
        begin -= 1
    while begin < end and toks[begin].norm in _LEADING:
        begin += 1
    if begin == end or toks[end - 1].norm in _DETERMINERS:
        return None
    return begin, end


def _right(toks: list[Tok], begin: int) -> tuple[int, int] | None:
    last = begin
    while last < len(toks) and last - begin < MAX_NP and toks[last].word and (
            last == begin or toks[last].norm not in _STOP):
        last += 1
    return (begin, last) if last > begin else None


def _opening(toks: list[Tok], before: int) -> tuple[int, int] | None:
    """The statement's first phrase (after an opening quotation mark or adjunct word)."""
    begin = 0
    while begin < before and (toks[begin].text in _QUOTES or toks[begin].norm in _LEADING
                              or toks[begin].norm in _STOP):
        begin += 1
    last = begin
    while last < before and last - begin < 8 and toks[last].word and toks[last].norm not in _STOP:
        last += 1
    return (begin, last) if last > begin else None
