"""Who speaks: the speaker of each statement of an article, and that speaker
resolved to the actor registry.

``attribute`` reads an article's statements in order and returns, for each, the
reporting cue and the noun phrase that voices it, as character offsets into the
article, with the rule that found them (``HOWS``). It is rule-based and reads
only the text: the cue lexicon of ``claims.cues``, quotation marks, commas and a
few word lists, in Arabic and English. It never looks at the registry, so what it
finds is the speaker as written. Each attribution carries a confidence: the
precision of its rule measured on PolNeAR's English train split (``CONFIDENCE``).

``resolve`` then maps each speaker to the registry: an alias names an actor; a
person's registered parent is exposed beside it; pronouns, carried-over speakers
and anaphoric definites («المسؤول», "the official") take the actor of the earlier
speaker they stand for. A speaker that names no registered actor is returned as
written with ``registered=False``: never dropped, never forced onto an actor.

Both are pure functions of their arguments; nothing is stored or downloaded.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from claims.cues import LEXICON, Cue
from claims.records import Actor, Statement
from claims.mentions import MentionFinder
from claims.text import Token, is_arabic, normalize, tokens

HOWS = {
    "subject": "the noun phrase before the cue («وكانت روسيا أعلنت», 'Ryabkov said', 'X, a spokesman, said')",
    "after-cue": "the noun phrase after the cue («قال مسؤول بالبيت الأبيض», «تنفي موسكو», 'said Ryabkov')",
    "according-to": "the source of «بحسب / حسب / وفقاً لـ / جاء في» or 'according to'",
    "reported-from": "the person quoted by a reporting outlet: «نقلت وكالة … عن X», «نقلاً عن X»",
    "main-clause": "a participle cue («قائلة», «مضيفاً») takes the subject of the sentence's first verb",
    "pronoun": "a pronoun ('he said', 'who said'); it stands for an earlier named speaker",
    "carried": "no subject («وأضاف:», a paragraph that is a quotation): the previous speaker goes on",
}
# How often each rule names the right speaker: its precision on PolNeAR's train split (English), from
# `python experiments/polnear_speakers.py --calibrate --split train` (experiments/results.md, "Speaker confidence
# per rule"). reported-from and main-clause have no English case and take the pooled figure of all rules. There is
# no Arabic gold: Arabic attributions carry these English figures, unmeasured on Arabic.
CONFIDENCE = {
    "subject": 0.91,
    "after-cue": 0.98,
    "according-to": 0.95,
    "reported-from": 0.86,
    "main-clause": 0.86,
    "pronoun": 0.84,
    "carried": 0.67,
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

    @property
    def speaker_span(self) -> tuple[int, int] | None:
        return None if self.speaker_start is None else (self.speaker_start, self.speaker_end)

    @property
    def cue_span(self) -> tuple[int, int] | None:
        return None if self.cue_start is None else (self.cue_start, self.cue_end)

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
        English: with no Arabic gold, an Arabic attribution carries the English
        figure of the rule of the same name (the Arabic-only rules reported-from
        and main-clause carry the pooled English figure), unmeasured on Arabic.
        """
        return None if self.how is None else CONFIDENCE[self.how]


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker resolved to the registry, or kept as written.

    ``name`` is the registered actor, or the speaker as written when
    ``registered`` is False. For a registered person, ``parent`` is the actor it
    belongs to (Sergei Ryabkov → Russia) so that a caller can report either;
    ``others`` are further registered actors named in the same phrase
    («واشنطن وكييف»: United States, with Ukraine in ``others``).
    """

    name: str
    registered: bool
    written: str
    kind: str | None = None
    parent: str | None = None
    others: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StatementSpeaker:
    """One statement with who voices it: the attribution (offsets into the
    article) and its speaker resolved to the registry (None when nobody speaks)."""

    statement: Statement
    attribution: Attribution
    speaker: Speaker | None


# --- tokens ----------------------------------------------------------------------------

_JOINERS = "’'.-&/"
_DOUBLED = ("''", "``", "--")
_TITLES = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "maj", "adm", "prof",
           "rev", "st", "jr", "sr", "pres", "u.s", "u.n", "u.k", "d.c", "inc", "co", "corp", "ltd", "no"}
_OPENERS = {"“": "”", "«": "»", "‘": "’"}
_STRAIGHT = {'"', "''", "``"}


@dataclass(frozen=True, slots=True)
class _Tok:
    start: int  # offsets into the article
    end: int
    text: str
    norm: str
    word: bool


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    """The units of ``text[start:end]`` (offsets into ``text``), built from
    ``claims.text.tokens`` with marks: words joined through an inner ’ ' . - & /
    ("U.S", "al-Assad", "AT&T"), '' `` and -- as one mark each, and the full stop of
    a title or an initial ("Mr.", "U.S.", "J.") or the apostrophe of a plural
    possessive ("Sanders' team") kept with its word."""
    pieces = tokens(text[start:end], marks=True)
    found, index = [], 0
    while index < len(pieces):
        last = index
        if pieces[index].word:
            while (last + 2 < len(pieces) and text[start + pieces[last + 1].start] in _JOINERS
                   and pieces[last + 2].word and _touching(pieces, last, last + 2)):
                last += 2
        elif (last + 1 < len(pieces) and _touching(pieces, last, last + 1)
              and text[start + pieces[last].start:start + pieces[last + 1].end] in _DOUBLED):
            last += 1
        tok_start, stop = start + pieces[index].start, start + pieces[last].end
        value = text[tok_start:stop]
        word = value[0].isalnum() or value[0] == "_" or is_arabic(value[0])
        following = pieces[last + 1] if last + 1 < len(pieces) else None
        if word and following and following.start + start == stop and (
                (text[stop] == "." and (value.lower() in _TITLES or len(value) == 1))
                or (value[-1] in "sS" and text[stop:stop + 2] in ("' ", "’ "))):
            last, stop = last + 1, stop + 1
            value = text[tok_start:stop]
        found.append(_Tok(tok_start, stop, value, normalize(value), word))
        index = last + 1
    return found


def _touching(pieces: tuple[Token, ...], first: int, last: int) -> bool:
    return all(pieces[i].end == pieces[i + 1].start for i in range(first, last))


def _quoted(toks: list[_Tok]) -> list[bool]:
    """Whether each token lies inside a quotation (the marks themselves count as inside)."""
    inside, stack, straight = [False] * len(toks), [], False
    for index, tok in enumerate(toks):
        if tok.text in _OPENERS:
            stack.append(_OPENERS[tok.text])
        elif stack and tok.text == stack[-1]:
            stack.pop()
            inside[index] = True
            continue
        elif tok.text in ("”", "»") and not stack:
            # A closing mark with no opener: the statement began inside a quotation.
            inside[:index + 1] = [True] * (index + 1)
            continue
        elif tok.text in _STRAIGHT:
            straight = not straight
            inside[index] = True
            continue
        inside[index] = bool(stack) or straight or tok.text in _OPENERS
    return inside


# --- word lists (normalised) ------------------------------------------------------------


def _norms(words: str) -> frozenset[str]:
    return frozenset(normalize(word) for word in words.split())


_EN_DAYS = _norms("monday tuesday wednesday thursday friday saturday sunday today yesterday tonight")
_EN_PERIODS = _norms("week month year night morning afternoon evening weekend")
_EN_AUX = _norms("has have had also later then previously repeatedly once recently would will could might may "
                 "can should must did does do again earlier even ever never now already still too just first "
                 "further soon often all not n't")
_EN_STOP = _norms("that and but because as when while if though although after before since so where whether or "
                  "than until unless what how why said says say told added to by into who whom whose which is are "
                  "was were be been being has have had would could should can will may might must do does did "
                  "not - -- — – ; : ( ) [ ]")
_EN_DETERMINERS = _norms("the a an no his her their its our my your this that these those any some every each")
_EN_PREPOSITIONS = _norms("in on at for from with of during after before about over under")
_EN_LEADING = _EN_DAYS | _norms("meanwhile now still however yet instead also then earlier later even last this "
                                "next week weekend")
_EN_PRONOUNS = _norms("he she they it we i you")
_EN_RELATIVES = _norms("who which")
_EN_INVERTED = _norms("said says say added asked wrote writes continued explained noted recalled replied "
                      "responded tweeted insisted argued warned declared stated concluded acknowledged")
_EN_CORE = _norms("said says say told tells added adds according")  # preferred where a sentence has several cues
_EN_RIGHT_STOP = _EN_DAYS | _norms("in on at during after before while when as to told that this last earlier later")
_EN_PARTICIPLES = _norms("adding saying noting arguing telling calling explaining suggesting warning insisting "
                         "according")
_EN_NOUN_LIKE = _norms("hope hopes reports report note notes claims promises demands want call calls warning fears "
                       "support")  # also nouns or participles: "America's best hope", "credit reports"
_EN_QUOTE_ENDS = {"”", "’", "'", '"', "''"}
_MAX_APPOSITION = 40

_AR_ACCORDING = _norms("بحسب حسب وفقا")
_AR_REPORTED = _norms("نقل نقلت ينقل تنقل")
_AR_PARTICIPLES = _norms("قائلا قائلة مضيفا مضيفة مؤكدا مؤكدة معلنا نافيا مهددا مطالبا متهما محذرا مشيرا "
                         "موضحا معتبرا معتبرة رافضا داعيا مشددا مختتما")
_AR_NOUNS = _norms("قوله قولها القول نقلا")
_AR_KANA = _norms("كان كانت كانوا")
_AR_COMPLEMENTISERS = _norms("إن أن إنه أنه إنها أنها إنهم أنهم إننا أننا بأن بأنه بأنها بأنهم لأن أنّ")
_AR_STOP = _AR_COMPLEMENTISERS | _norms(
    "عن على إلى الى من مع عند أي كل أمس اليوم غدا الخميس الجمعة السبت الأحد الاثنين الثلاثاء الأربعاء مساء "
    "صباح مجددا أيضا كذلك مؤخرا الذي التي الذين قوله قولها القول خلال عبر أثناء لدى ضد حول بشأن حيال "
    "تجاه نحو")
_AR_ADJUNCT_NOUNS = _norms("بيان مؤتمر تصريح تصريحات حديث مقابلة إفادة كلمة تغريدة رسالة وقت لقاء اجتماع ختام "
                           "أعقاب تقرير منشور")
_AR_NOT_SUBJECT = _AR_STOP | _norms("في بعد قبل منذ إذا لو حين عندما بينما فيما كما حيث إذ لكن بل ثم قد لقد لم "
                                    "لن لا ما هذا هذه ذلك وبالمقابل بالمقابل")
_AR_PRONOUNS = _norms("هو هي هم هما نحن")
_AR_SOURCE_HEADS = _norms("وكالة وكالات صحيفة موقع قناة شبكة مجلة")
_AR_W_NOUNS = _norms("وزير وزيرة وزارة وزراء وكالة وكيل والي وفد ولي وحدة وسائل وسيط")
_SUBJECTLESS_NOT = _AR_NOUNS | _AR_ACCORDING | _AR_PARTICIPLES
_MAX_NP = 12


# --- noun phrases ---------------------------------------------------------------------


def _bare(norm: str) -> str:
    """An Arabic word without a leading و/ف conjunction (names such as «وليد» aside)."""
    return norm[1:] if len(norm) > 3 and norm[0] in "وف" and is_arabic(norm) else norm


def _is_adverb(tok: _Tok) -> bool:
    return (tok.norm in _EN_AUX or tok.norm.endswith(("n't", "n’t"))
            or (tok.norm.endswith("ly") and tok.text.islower() and len(tok.norm) > 4))


def _en_left(toks: list[_Tok], end: int) -> tuple[int, int] | None:
    """The English noun phrase ending just before token ``end``, as token indexes
    ``[first, end)``: back to a clause word or punctuation; an appositive chain
    ("X, a spokesman for Y, said") is taken in with its closing comma, a relative
    clause ("X, who …, said") is not."""
    if end >= 2 and toks[end - 1].text == ",":
        return _apposition(toks, end - 1)
    first = end
    while first > 0 and toks[first - 1].word and toks[first - 1].norm not in _EN_STOP:
        first -= 1
    while first < end and (toks[first].norm in _EN_LEADING or toks[first].norm in _EN_PREPOSITIONS):
        first += 1
    if first == end or end - first > _MAX_NP or toks[end - 1].norm in _EN_DETERMINERS | _EN_PREPOSITIONS:
        return None
    return first, end


def _apposition(toks: list[_Tok], comma: int) -> tuple[int, int] | None:
    """"Hope Hicks, a Trump spokeswoman, said": the head is the first comma-separated
    part of the stretch before ``comma``; it must be a short phrase in capitals."""
    begin = comma
    while begin > 0 and comma - begin < _MAX_APPOSITION and (
            toks[begin - 1].word or toks[begin - 1].text in ",()'’&-" or toks[begin - 1].text == "."):
        begin -= 1
    if begin > 0 and toks[begin - 1].text not in _EN_QUOTE_ENDS | {":", ";", "—", "--", "("}:
        while begin < comma and toks[begin].text != ",":
            begin += 1  # the stretch starts inside a clause: its first part is not the head
        begin += 1
    commas = [i for i in range(begin, comma) if toks[i].text == ","]
    if not commas:
        return None
    while len(commas) > 1 and toks[begin].norm in _EN_PREPOSITIONS:
        begin = commas.pop(0) + 1  # "In October, Mrs. Clinton, the nominee, said": skip the opening adjunct
    head_end = commas[0]
    while begin < head_end and toks[begin].norm in _EN_LEADING | {"and", "but"}:
        begin += 1
    head = toks[begin:head_end]
    if not head or len(head) > 8 or not any(t.text[:1].isupper() for t in head) \
            or any(t.norm in _EN_STOP for t in head):
        return None
    opening = toks[head_end + 1]
    if opening.norm in _EN_RELATIVES | _EN_PREPOSITIONS | _norms("whose after while wearing") or (
            opening.text.islower() and opening.norm.endswith("ing")):
        return begin, head_end  # a relative clause or an adjunct, not an appositive: the head alone
    return begin, comma + 1


def _en_right(toks: list[_Tok], begin: int, clause: bool) -> tuple[int, int] | None:
    """The English noun phrase starting at token ``begin``. With ``clause``
    (inverted "said X, the …"), up to a preposition before its first comma and
    then through appositives and relative clauses, until a participle, a quotation
    or the end; without (``according to X``), to the next punctuation."""
    last, seen_comma = begin, False
    while last < len(toks):
        tok = toks[last]
        if tok.text == "," and clause:
            following = toks[last + 1] if last + 1 < len(toks) else None
            if following is None or not following.word or following.norm in _EN_PARTICIPLES \
                    or following.norm in _EN_RIGHT_STOP or following.norm in ("who", "whose"):
                break
            seen_comma = True
        elif not tok.word and tok.text not in ("'", "’", "&"):
            break
        elif clause and not seen_comma and last > begin and (tok.norm in _EN_RIGHT_STOP or tok.norm in _EN_STOP):
            break
        elif not clause and last > begin and tok.norm in ("that", "which", "who"):
            break
        last += 1
    return (begin, last) if last > begin else None


def _ar_right(toks: list[_Tok], begin: int, limit: int = _MAX_NP) -> tuple[int, int, bool] | None:
    """The Arabic noun phrase starting at token ``begin`` («مسؤول بالبيت الأبيض»,
    «المتحدث الرسمي باسم الكرملين دميتري بيسكوف») as ``(first, end, closed)``.

    It ends at punctuation, a complementiser, a preposition, a day or an adverb,
    a verbal noun with «ب» («بحشد»), or after a finished coordination
    («واشنطن وكييف | موسكو»); ``closed`` is False when it ran to the end of the
    sentence or to the length limit instead."""
    last, named_source = begin, False
    while last < len(toks):
        if last - begin >= limit:
            return (begin, last, False) if last > begin else None
        tok = toks[last]
        named_source = named_source or tok.norm in _AR_SOURCE_HEADS or _bare(tok.norm) in _AR_SOURCE_HEADS
        if not tok.word:
            closing = _closing(toks, last) if named_source and last > begin else None
            if closing is not None:  # «وكالة "ريا نوفوستي"»: a quoted name inside the phrase
                last = closing + 1
                continue
            break
        if _ends_phrase(toks, begin, last):
            break
        last += 1
    if last == begin:
        return None
    closed = last < len(toks) and toks[last].text not in ".!?؟…"
    return begin, last, closed


def _ends_phrase(toks: list[_Tok], begin: int, index: int) -> bool:
    tok = toks[index]
    if tok.norm in _AR_STOP or tok.norm in _AR_PRONOUNS:
        return True
    if tok.norm == "في" and index + 1 < len(toks) and toks[index + 1].norm in _AR_ADJUNCT_NOUNS:
        return True
    if index > begin and tok.norm.startswith("ب") and tok.norm != "باسم" and not _ends_name(toks, begin, index):
        return True  # «بحشد قوات», «باتخاذ موقف»: a verbal noun starts the object, not the subject
    previous = toks[index - 1].norm if index > begin else ""
    # «واشنطن وكييف | موسكو»: a conjunct not followed by a definite word or another conjunct ends the subject.
    return (index - 1 > begin and previous.startswith("و") and previous not in _AR_W_NOUNS
            and not tok.norm.startswith(("ال", "و")))


def _ends_name(toks: list[_Tok], begin: int, index: int) -> bool:
    """Whether the «ب» word at ``index`` belongs to the phrase: a name that ends it
    («دميتري بيسكوف،», «بوتين ونظيره») or a place after a one-word head («مسؤول بالبيت الأبيض»)."""
    if index == begin + 1 and toks[index].norm.startswith("بال"):
        return True
    following = toks[index + 1] if index + 1 < len(toks) else None
    return following is None or not following.word or following.norm in _AR_STOP or following.norm.startswith("و")


def _closing(toks: list[_Tok], opening: int) -> int | None:
    wanted = _OPENERS.get(toks[opening].text, toks[opening].text)
    for index in range(opening + 1, min(len(toks), opening + 7)):
        if toks[index].text == wanted:
            return index
    return None


# --- the rules -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Found:
    speaker: tuple[int, int] | None  # token indexes [first, end)
    cue: tuple[int, int]  # token indexes [first, end)
    how: str
    refers_to: tuple[int, int] | None = None
    cue_start: int | None = None  # where the cue starts inside its first token («و|نقلت»)


def _cue_tokens(toks: list[_Tok], cue: Cue, offset: int) -> tuple[int, int]:
    start, end = offset + cue.start, offset + cue.end
    first = next(i for i, tok in enumerate(toks) if tok.end > start)
    last = next(i for i in range(len(toks) - 1, -1, -1) if toks[i].start < end)
    return first, last + 1


def _english(toks: list[_Tok], first: int, end: int) -> _Found | None:
    word = toks[first].norm
    if word == "according":
        phrase = _en_right(toks, end, clause=False)
        return _Found(phrase, (first, end), "according-to") if phrase else None
    if word in _EN_PARTICIPLES or first == 0 and word == "asked" or _not_a_verb(toks, first, end):
        return None
    cue_first = _adverbs_before(toks, first)  # "has also said" is the cue
    subject_end = _adverbs_before(toks, _before_time(toks, cue_first))
    if subject_end > 0 and toks[subject_end - 1].norm in _EN_PRONOUNS:
        return _Found((subject_end - 1, subject_end), (cue_first, end), "pronoun")
    if subject_end > 0 and toks[subject_end - 1].norm in _EN_RELATIVES:
        before = subject_end - 2 if subject_end >= 2 and toks[subject_end - 2].text == "," else subject_end - 1
        antecedent = _en_left(toks, before)
        return _Found((subject_end - 1, subject_end), (cue_first, end), "pronoun", antecedent)
    subject = _en_left(toks, subject_end)
    if subject and (word not in _EN_NOUN_LIKE or toks[subject[1] - 1].text[:1].isupper()):
        return _Found(subject, (cue_first, end), "subject")
    if word in _EN_INVERTED and _inverted(toks, first, end):
        if toks[end].norm in _EN_PRONOUNS:
            return _Found((end, end + 1), (first, end), "pronoun")
        phrase = _en_right(toks, end, clause=True)
        return _Found(phrase, (first, end), "after-cue") if phrase else None
    return None


def _adverbs_before(toks: list[_Tok], index: int) -> int:
    while index > 0 and _is_adverb(toks[index - 1]):
        index -= 1
    return index


def _before_time(toks: list[_Tok], index: int) -> int:
    """Where the words before the cue start when a time phrase sits between subject
    and cue ("Trump on Tuesday said", "Cruz last week said"), else ``index``."""
    if index >= 2 and toks[index - 1].norm in _EN_DAYS and toks[index - 2].norm == "on":
        return index - 2
    if index >= 2 and toks[index - 1].norm in _EN_PERIODS and toks[index - 2].norm in ("last", "this", "a"):
        return index - 2 - (index >= 3 and toks[index - 3].norm == "earlier")
    return index


def _not_a_verb(toks: list[_Tok], first: int, end: int) -> bool:
    """A cue word in a headline in title case ("FDIC Accused Of …") or a passive
    participle ("a measure opposed by unions", "the bureau cited in the tweet")."""
    if first > 0 and toks[first].text[:1].isupper():
        return True
    return end < len(toks) and toks[end].norm in ("by", "in") and toks[first].norm.endswith("ed")


def _inverted(toks: list[_Tok], first: int, end: int) -> bool:
    """'"…," said Ryabkov' or '…, said a spokesman': the cue follows a quotation or
    a comma and a name, a pronoun or a determiner follows it."""
    if first == 0 or end >= len(toks) or not toks[end].word:
        return False
    before, following = toks[first - 1].text, toks[end]
    after_quote = before in _EN_QUOTE_ENDS or before == "," and first >= 2 and toks[first - 2].text in _EN_QUOTE_ENDS
    if after_quote:
        return following.text[:1].isupper() or following.norm in _EN_DETERMINERS | _EN_PRONOUNS
    return before == "," and following.text[:1].isupper()


def _clause_start(toks: list[_Tok], index: int) -> int:
    while index > 0 and toks[index - 1].word:
        index -= 1
    return index


def _arabic(toks: list[_Tok], first: int, end: int) -> _Found | None:
    norm = toks[first].norm
    word = norm if norm in _AR_ACCORDING else _bare(norm)
    if word == "نقلا":  # «نقلاً عن X»: the phrase cue holds «عن»
        phrase = _ar_right(toks, end + (end < len(toks) and toks[end].norm == "عن"))
        return _Found(phrase[:2], (first, end), "reported-from") if phrase else None
    if word in _AR_NOUNS:
        return None
    if word in _AR_ACCORDING or end - first > 1:  # «بحسب X», «وفقاً لـX», «جاء في X»
        begin = end + (word == "وفقا" and end < len(toks) and toks[end].norm in ("ل", "لـ"))
        phrase = _ar_right(toks, begin)
        return _Found(phrase[:2], (first, end), "according-to") if phrase else None
    if word in _AR_PARTICIPLES:
        return _main_clause(toks, first, end)
    if word in _AR_REPORTED:
        found = _reported_from(toks, first, end)
        if found:
            return found
    subject = _ar_subject_before(toks, _clause_start(toks, first), first)
    if subject:
        return _Found(subject, (first, end), "subject")
    if end < len(toks) and toks[end].norm in _AR_PRONOUNS:
        return _Found((end, end + 1), (first, end), "pronoun")
    if end < len(toks) and _bare(toks[end].norm) in _AR_PARTICIPLES:
        return None  # «وتابع قائلاً»: the speaker is the one before
    phrase = _ar_right(toks, end)
    if phrase and phrase[2]:  # a phrase that runs to the full stop is an object, not a subject
        return _Found(phrase[:2], (first, end), "after-cue")
    return _main_clause(toks, first, end) if _clause_start(toks, first) > 0 else None


def _reported_from(toks: list[_Tok], first: int, end: int) -> _Found | None:
    """«ونقلت وكالة "ريا نوفوستي" الروسية للأنباء، عن X قوله»: X speaks, the outlet reports."""
    for index in range(end, min(len(toks), end + 12)):
        if toks[index].norm == "عن":
            phrase = _ar_right(toks, index + 1)
            return _Found(phrase[:2], (first, end), "reported-from") if phrase else None
        if toks[index].norm in _AR_COMPLEMENTISERS or toks[index].text == ":":
            return None
    return None


def _ar_subject_before(toks: list[_Tok], before: int, cue: int) -> tuple[int, int] | None:
    """SVO: «وكانت روسيا أعلنت», «روسيا تطلب»: the words between the clause start and the cue."""
    words = list(range(before, cue))
    if words and _bare(toks[words[0]].norm) in _AR_KANA:
        words = words[1:]
    elif words and toks[words[0]].norm[:1] in "وف" and toks[words[0]].norm not in _AR_W_NOUNS:
        return None  # «وتضمنت المسودة تعهد»: a sentence opening with «و» is verb-first, not a subject
    if not words or len(words) > 6 or any(toks[i].norm in _AR_NOT_SUBJECT or _bare(toks[i].norm) in _AR_NOT_SUBJECT
                                          for i in words):
        return None
    return words[0], words[-1] + 1


def _main_clause(toks: list[_Tok], first: int, end: int) -> _Found | None:
    """A participle («قائلة إنها») or a subjectless verb inside a sentence
    («كما طالبت») speaks for the subject of the sentence's first word, taken as
    its verb («ونشرت وزارة الخارجية الروسية، …»), when a comma or a complementiser
    closes that subject within a few words."""
    if first == 0 or not is_arabic(toks[0].text) or _bare(toks[0].norm) in _AR_NOT_SUBJECT:
        return None
    phrase = _ar_right(toks, 1, limit=6)
    if not phrase or not phrase[2] or phrase[1] > first:
        return None
    closer = toks[phrase[1]]
    if closer.text not in ",،" and closer.norm not in _AR_STOP:
        return None
    return _Found(phrase[:2], (first, end), "main-clause")


def _find(text: str, start: int, end: int) -> tuple[_Found | None, list[_Tok], tuple[int, int] | None]:
    """The attribution of one statement (token indexes), its tokens, and the
    character span of a sentence-initial Arabic cue that found no subject («وأضاف:»)."""
    cues = LEXICON.find(text[start:end])
    if not cues:
        return None, [], None
    toks = _tokens(text, start, end)
    inside = _quoted(toks)
    subjectless = None
    for cue in _ordered(cues):
        first, last = _cue_tokens(toks, cue, start)
        if inside[first]:
            continue
        rule = _arabic if is_arabic(toks[first].text) else _english
        found = rule(toks, first, last)
        if found:
            return _Found(found.speaker, found.cue, found.how, found.refers_to,
                          start + cue.start if found.cue[0] == first else None), toks, None
        if (subjectless is None and first == 0 and rule is _arabic and _bare(toks[0].norm) not in _SUBJECTLESS_NOT
                and _no_subject_after(toks, last)):
            subjectless = (start + cue.start, start + cue.end)  # «وأضاف:» opens the sentence with no subject of its own
    return None, toks, subjectless


def _no_subject_after(toks: list[_Tok], end: int) -> bool:
    """Whether nothing that could be a subject follows a cue («وأضاف:», «وأضاف أن»,
    «وتابع قائلاً»): a noun there («وأكدت الخارجية الصينية رفضها…») is a subject the
    rules could not delimit, and the statement must not take the previous speaker."""
    if end >= len(toks) or not toks[end].word:
        return True
    return toks[end].norm in _AR_NOT_SUBJECT or _bare(toks[end].norm) in _AR_PARTICIPLES | _AR_NOT_SUBJECT


def _ordered(cues: list[Cue]) -> list[Cue]:
    """English "say" cues first (a sentence's other cue words are often nouns or
    embedded verbs: "reports", "promises", "who have continued"), then the rest, each
    in order of appearance."""
    return sorted(cues, key=lambda cue: cue.lemma.split()[0] not in _EN_CORE)


def _opens_with_quote(text: str, start: int) -> bool:
    return text.startswith(tuple(_OPENERS) + tuple(_STRAIGHT), start)


def attribute(text: str, spans: Iterable) -> list[Attribution]:
    """Who voices each statement of ``text``.

    ``spans`` are the statements in order, as ``(start, end)`` pairs or objects
    with ``start`` and ``end`` (``claims.text.split_sentences``, ``Statement``).
    One ``Attribution`` per statement, in the same order.

    >>> text = "وبالمقابل، تنفي موسكو أي نية لغزو أوكرانيا."
    >>> found = attribute(text, [(0, len(text))])[0]
    >>> text[found.speaker_start:found.speaker_end], text[found.cue_start:found.cue_end], found.how
    ('موسكو', 'تنفي', 'after-cue')
    """
    results: list[Attribution] = []
    for start, end in _pairs(spans):
        found, toks, subjectless = _find(text, start, end)
        if found and found.speaker:
            results.append(_made(start, end, toks, found, results))
        elif subjectless or (_opens_with_quote(text, start) and results and results[-1].named_span):
            results.append(_carried(start, end, subjectless, results))
        else:
            results.append(Attribution(start, end))
    return results


def _pairs(spans: Iterable) -> list[tuple[int, int]]:
    return [(span.start, span.end) if hasattr(span, "start") else (span[0], span[1]) for span in spans]


def _previous(results: list[Attribution]) -> int | None:
    """The nearest earlier statement (within ``CARRY_BACK``) whose speaker is named."""
    for index in range(len(results) - 1, max(-1, len(results) - 1 - CARRY_BACK), -1):
        if results[index].named_span:
            return index
    return None


def _made(start: int, end: int, toks: list[_Tok], found: _Found, results: list[Attribution]) -> Attribution:
    speaker = (toks[found.speaker[0]].start, toks[found.speaker[1] - 1].end)
    cue = (found.cue_start if found.cue_start is not None else toks[found.cue[0]].start, toks[found.cue[1] - 1].end)
    values = dict(speaker_start=speaker[0], speaker_end=speaker[1], cue_start=cue[0], cue_end=cue[1], how=found.how)
    if found.refers_to:
        values.update(refers_to_start=toks[found.refers_to[0]].start, refers_to_end=toks[found.refers_to[1] - 1].end)
    elif found.how == "pronoun":
        earlier = _previous(results)
        if earlier is not None:
            named = results[earlier].named_span
            values.update(refers_to_start=named[0], refers_to_end=named[1], carried_from=earlier)
    return Attribution(start, end, **values)


def _carried(start: int, end: int, cue: tuple[int, int] | None, results: list[Attribution]) -> Attribution:
    earlier = _previous(results) if cue else (len(results) - 1)
    cue_span = cue or (None, None)
    if earlier is None:
        return Attribution(start, end, cue_start=cue_span[0], cue_end=cue_span[1])
    named = results[earlier].named_span
    return Attribution(start, end, cue_start=cue_span[0], cue_end=cue_span[1], how="carried",
                       refers_to_start=named[0], refers_to_end=named[1], carried_from=earlier)


# --- resolution to the registry ---------------------------------------------------------

_TRIM = " \t\n,،:;؛.\"'«»“”‘’()"
_DEFINITE = re.compile(r"^(?:the\s+|ال)", re.IGNORECASE)


def resolve_speaker(written: str, finder: MentionFinder, actors: Mapping[str, Actor] | Sequence[Actor] = ()) -> Speaker:
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
    by_name = actors if isinstance(actors, Mapping) else {actor.name: actor for actor in actors}
    names = list(dict.fromkeys(m.name for m in finder.find(written) if m.kind == "actor"))
    clean = written.strip(_TRIM) or written
    if not names:
        return Speaker(clean, False, clean)
    people = [name for name in names if name in by_name and by_name[name].kind == "person"]
    chosen = (people or names)[0]
    actor = by_name.get(chosen)
    parent = actor.parent if actor else None
    others = tuple(name for name in names if name not in (chosen, parent))
    return Speaker(chosen, True, clean, actor.kind if actor else None, parent, others)


def resolve(text: str, attributions: list[Attribution], finder: MentionFinder,
            actors: Mapping[str, Actor] | Sequence[Actor] = ()) -> list[Speaker | None]:
    """The speaker of each attribution resolved to the registry (None where
    nobody speaks). Pronouns and carried-over speakers take the speaker of the
    statement they continue; a bare definite noun that names nobody («المسؤول»,
    "the official") takes the earlier speaker whose phrase holds the same noun
    («مسؤول بالبيت الأبيض»)."""
    by_name = actors if isinstance(actors, Mapping) else {actor.name: actor for actor in actors}
    speakers: list[Speaker | None] = []
    for found in attributions:
        if found.how is None:
            speakers.append(None)
        elif found.carried_from is not None and speakers[found.carried_from] is not None:
            written = text[found.speaker_start:found.speaker_end] if found.speaker_span else None
            earlier = speakers[found.carried_from]
            speakers.append(_rewritten(earlier, written) if written else earlier)
        else:
            start, end = found.named_span
            speaker = resolve_speaker(text[start:end], finder, by_name)
            speakers.append(speaker if speaker.registered else _anaphor(speaker, speakers) or speaker)
    return speakers


def _rewritten(speaker: Speaker, written: str) -> Speaker:
    return Speaker(speaker.name, speaker.registered, written.strip(_TRIM), speaker.kind, speaker.parent, speaker.others)


def _anaphor(speaker: Speaker, earlier: list[Speaker | None]) -> Speaker | None:
    head = _DEFINITE.sub("", normalize(speaker.written))
    if head == normalize(speaker.written) or " " in head or not head:
        return None
    for candidate in reversed(earlier):
        if candidate is not None and head in {_DEFINITE.sub("", word) for word in normalize(candidate.written).split()}:
            return _rewritten(candidate, speaker.written)
    return None


def statement_speakers(text: str, statements: Sequence[Statement], finder: MentionFinder,
                       actors: Mapping[str, Actor] | Sequence[Actor] = ()) -> list[StatementSpeaker]:
    """Attribute the statements of one article (in order) and resolve their speakers."""
    found = attribute(text, statements)
    speakers = resolve(text, found, finder, actors)
    return [StatementSpeaker(*row) for row in zip(statements, found, speakers, strict=True)]
