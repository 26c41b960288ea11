"""Finding known phrases in text: the one phrase index of the package.

``PhraseIndex`` holds phrases (an alias, a reporting cue, a stance word) with a
value each and finds them in normalised tokens (``claims.text.tokens``), so that
spelling variants, diacritics and case do not matter, and through the Arabic
proclitics that attach to a phrase's first word («وقال», «لموسكو», «بالبيت»).
Three matchers stand on it: ``MentionFinder`` here (registered actors and
targets), and ``CueLexicon`` and ``cue_tags`` in ``claims.cues``. Each keeps its
own policy over the matches (longest mention, first cue, one tag per kind); the
matching itself is written once, here.

Pure: it reads only the text it is given; it never imports the store.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from claims.records import Mention
from claims.text import Token, clitic_forms, tokens

_CACHE_LIMIT = 200_000  # distinct words whose candidates are remembered
_FEW = 64  # candidates for one word beyond which they are narrowed by the second word


@dataclass(frozen=True, slots=True)
class Phrase:
    """An entry of the index: its normalised words and what it stands for."""

    words: tuple[str, ...]
    value: Hashable


@dataclass(frozen=True, slots=True)
class Match:
    """A phrase found at token ``index``: ``length`` tokens, the first one read
    after a proclitic of ``prefix`` characters, leaving ``stem``."""

    phrase: Phrase
    index: int
    length: int
    prefix: int
    stem: str


def phrase_words(phrase: str) -> tuple[str, ...]:
    """The normalised words of ``phrase``, as the index stores them."""
    return tuple(token.norm for token in tokens(phrase))


def name_tokens(text: str) -> list[Token]:
    """The tokens of ``text`` as names are matched: an English possessive's "s" is no word
    of a name ("NATO's expansion" names "NATO expansion"; "People's Republic" is one alias)."""
    return [token for token in tokens(text)
            if not (token.norm == "s" and token.start and text[token.start - 1] in "'’")]


class PhraseIndex:
    """Phrases keyed by their first word, longest first for each word.

    With ``article_optional``, a phrase whose first word has the Arabic article is
    also found without it («الناتو» in «ناتو», «للناتو»): names are written both
    ways, cue words are not.
    """

    def __init__(self, phrases: Iterable[Phrase], article_optional: bool = False):
        self._by_first: dict[str, list[Phrase]] = {}
        for phrase in phrases:
            if not phrase.words:
                continue
            keys = {phrase.words[0]}
            if article_optional and phrase.words[0].startswith("ال") and len(phrase.words[0]) > 3:
                keys.add(phrase.words[0][2:])
            for key in keys:
                self._by_first.setdefault(key, []).append(phrase)
        for entries in self._by_first.values():
            entries.sort(key=lambda phrase: len(phrase.words), reverse=True)
        self._starts: dict[str, tuple[tuple[int, str, Phrase], ...]] = {}
        self._seconds: dict[str, dict[str | None, list[int]]] = {}

    def candidates(self, word: str) -> tuple[tuple[int, str, Phrase], ...]:
        """The ``(prefix, stem, phrase)`` of every phrase that may start at the
        normalised ``word``: the whole word first, then without each proclitic,
        longest proclitic first; each stem's phrases longest first."""
        starts = self._starts.get(word)
        if starts is None:
            if len(self._starts) > _CACHE_LIMIT:
                self._starts.clear()
            starts = tuple((prefix, stem, phrase) for prefix, stem in clitic_forms(word)
                           for phrase in self._by_first.get(stem, ()))
            self._starts[word] = starts
        return starts

    def matches_at(self, words: Sequence[str], index: int) -> list[Match]:
        """The phrases found starting at ``words[index]``, in ``candidates`` order."""
        starts = self.candidates(words[index])
        if len(starts) > _FEW:  # many phrases share a first word: try only those whose
            following = words[index + 1] if index + 1 < len(words) else None  # second word fits
            starts = [starts[at] for at in self._by_second(words[index], starts, following)]
        return [Match(phrase, index, len(phrase.words), prefix, stem)
                for prefix, stem, phrase in starts
                if tails_match(phrase.words, words, index)]

    def _by_second(self, word: str, starts: tuple, following: str | None) -> list[int]:
        """The positions in ``starts`` of one-word phrases and of phrases whose second
        word is ``following``, in order (so 100,000 'Minister …' names cost little)."""
        groups = self._seconds.get(word)
        if groups is None:
            if len(self._seconds) > _CACHE_LIMIT:
                self._seconds.clear()
            groups = {}
            for at, (_, _, phrase) in enumerate(starts):
                groups.setdefault(phrase.words[1] if len(phrase.words) > 1 else None, []).append(at)
            self._seconds[word] = groups
        if following is None:
            return groups.get(None, [])
        return sorted(groups.get(None, []) + groups.get(following, []))

    def matches(self, words: Sequence[str]) -> list[Match]:
        """Every phrase found in ``words``, by start, in ``candidates`` order at each."""
        return [match for index in self.starts(words) for match in self.matches_at(words, index)]

    def starts(self, words: Sequence[str]) -> list[int]:
        """The positions in ``words`` where a phrase may start. Most words start none, and
        passing them by with one lookup is most of the speed of matching."""
        known = self._starts
        return [index for index, word in enumerate(words)
                if (known[word] if word in known else self.candidates(word))]


def tails_match(phrase: tuple[str, ...], words: Sequence[str], index: int) -> bool:
    """Whether the words after ``words[index]`` are the rest of ``phrase``."""
    return len(words) - index >= len(phrase) and all(
        words[index + k] == word for k, word in enumerate(phrase[1:], 1))


def span_of(match: Match, text: str, toks: Sequence[Token]) -> tuple[int, int]:
    """The characters of ``text`` that ``match`` covers, its proclitic left out."""
    first, last = toks[match.index], toks[match.index + match.length - 1]
    return first.original_offset(text, match.prefix), last.end


class MentionFinder:
    """Finds the registered actors and targets named in a text.

    Matching works on normalised tokens and sees through Arabic proclitics
    (و، ف، ب، ل، ك، ال، وال، بال، لل): «وبالمقابل، تنفي موسكو» and «لموسكو» both
    name Russia when «موسكو» is its alias. The longest alias wins where two overlap.

    >>> finder = MentionFinder([("actor", "Russia", "موسكو")])
    >>> [(m.name, m.surface) for m in finder.find("وقالت لموسكو")]
    [('Russia', 'موسكو')]
    """

    def __init__(self, aliases: Iterable[tuple[str, str, str]]):
        """``aliases``: ``(kind, entity name, alias)`` triples."""
        phrases = (Phrase(tuple(token.norm for token in name_tokens(alias)), (kind, name, alias))
                   for kind, name, alias in aliases)
        self._index = PhraseIndex(phrases, article_optional=True)

    def find(self, text: str) -> list[Mention]:
        """The mentions in ``text``, in order, longest first where they overlap."""
        toks = name_tokens(text)
        candidates = []
        for match in self._index.matches([token.norm for token in toks]):
            start, end = span_of(match, text, toks)
            candidates.append((match.phrase.value, start, end, match.prefix))
        return _without_overlaps(text, candidates)


def _without_overlaps(text: str, candidates: list) -> list[Mention]:
    chosen: list[Mention] = []
    taken: dict[str, list[tuple[int, int]]] = {"actor": [], "target": []}
    longest_first = sorted(candidates, key=lambda c: (-(c[2] - c[1]), c[3], c[1]))
    for (kind, name, alias), start, end, prefix in longest_first:
        if any(start < other_end and other_start < end for other_start, other_end in taken[kind]):
            continue
        taken[kind].append((start, end))
        chosen.append(Mention(kind, name, start, end, text[start:end], alias))
    return sorted(chosen, key=lambda mention: (mention.start, mention.kind))
