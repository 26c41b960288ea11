"""Reporting cues: the verbs and phrases through which news attributes a statement
(«قال»، «نفت»، "said", "according to").

The lexicon is written in ordinary spelling and matched on normalised tokens,
through Arabic proclitics («وأضاف», «فقالت»), so one entry covers its spellings.
``CueLexicon`` (reporting cues, for segmenting and attribution) and ``cue_tags``
(the stance cues that the stance model counts) both match through the one phrase
index of ``claims.mentions``.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from claims.errors import CueTableError
from claims.mentions import Phrase, PhraseIndex, phrase_words, span_of, tails_match
from claims.text import Token, is_arabic, normalize, tokens

# Each line: the effect of its cues on the speaker's stance toward what is reported
# (``EFFECTS``), then the cues. A line of phrases separates them with "|".
ARABIC_CUES = """
pass: قال قالت يقول تقول قالوا قائلا قائلة قوله قولها القول
pass: أضاف أضافت يضيف تضيف مضيفا مضيفة
support: أكد أكدت يؤكد تؤكد مؤكدا مؤكدة
pass: أعلن أعلنت يعلن تعلن معلنا
oppose: نفى نفت ينفي تنفي نافيا
pass: هدد هددت يهدد تهدد مهددا
support: طالب طالبت يطالب تطالب مطالبا
support: طلبت يطلب تطلب
oppose: اتهم اتهمت يتهم تتهم متهما
oppose: حذر حذرت يحذر تحذر محذرا
pass: ذكر ذكرت يذكر تذكر
pass: أفاد أفادت يفيد تفيد
pass: نقل نقلت ينقل تنقل نقلا
pass: أشار أشارت يشير تشير مشيرا
pass: أوضح أوضحت يوضح توضح موضحا
pass: صرح صرحت يصرح تصرح
pass: اعتبر اعتبرت يعتبر تعتبر معتبرا معتبرة
pass: رأى رأت يرى ترى
oppose: رفض رفضت يرفض ترفض رافضا
support: دعا دعت يدعو تدعو داعيا
pass: شدد شددت يشدد تشدد مشددا
pass: تابع تابعت مختتما
pass: أعرب أعربت يعرب تعرب معربا
pass: كشف كشفت يكشف تكشف
pass: زعم زعمت يزعم تزعم
pass: ادعى ادعت يدعي تدعي
pass: اعترف اعترفت يعترف تعترف
pass: أقر أقرت يقر تقر
pass: وصف وصفت يصف تصف
pass: أبلغ أبلغت
oppose: انتقد انتقدت ينتقد تنتقد منتقدا
oppose: أدان أدانت يدين تدين
oppose: ندد نددت يندد تندد
oppose: يأسف تأسف
support: رحب رحبت يرحب ترحب مرحبا
support: أيد أيدت يؤيد تؤيد
oppose: عارض عارضت يعارض تعارض
support: اقترح اقترحت يقترح تقترح
pass: توقعت يتوقع تتوقع
support: حثت يحث تحث
pass: أبدى أبدت يبدي تبدي مبديا
pass: أردف أردفت يردف تردف
oppose: توعد توعدت يتوعد تتوعد
support: حث حض حضت يحض تحض
oppose: سيؤدي إلى | ستؤدي إلى | سيقود إلى | ستقود إلى
pass: بحسب حسب وفقا
pass: نقلا عن | جاء في
"""

# Verbs that are cues only when the preposition they govern follows within ``_GAP`` words,
# no punctuation between («وعبر الوزير عن قلقه», «ولفت الجنرال الروسي إلى أن»): without it
# «عبر» is "via" («عبر الهاتف»), «علق» "suspended", «لفت» "drew". The noun after «عن» gives
# the stance (``claims.cuestance``). Each line: the preposition, then a cue table line.
# Left out: «تحدث … عن» (spoke about: one ANS dev row more, wrong) and «تعهد» (pledged; also
# the noun «تعهد», and ANS dev accuracy 0.598 -> 0.591), as «نادى» before them.
GOVERNING_CUES = """
عن pass: عبر عبرت يعبر تعبر معبرا معبرة
إلى pass: لفت لفتت يلفت تلفت
على pass: علق علقت يعلق تعلق
"""
# Bare «عبر» inside a clause is "via" («وتحدث عبر الهاتف عن …»): a verb only where a clause
# opens (the statement's start, punctuation, or one of these words).
_GAP, _VIA = 5, "عبر"
_CLAUSE_OPENERS = frozenset("كما قد وقد لقد فقد حيث بينما فيما ثم".split())

# English groups added for PolNeAR's beliefs, intentions and other attributions were kept where
# the speakers they gave were right >= 0.75 of the time on its train split (speech acts
# "reiterated … quipped" 0.80, complaints "lamented … oppose" 0.81, talk "discussed …
# congratulated" 0.84, "offered" 0.76, "cautioned" 4/4); left out: "know/feel/…" 0.47,
# "plan/intend/expected…" 0.33, "fear/worry" 0.56, "support/backing…" 0.42, "show/found" 0.61,
# "spoke" 0.55, "decided/ordered/signed" 0.56, "sought/seeking" 0.60, "criticism/attacking…"
# 0.27, "in an interview" 0.38 (experiments/results.md, "More speakers, still precise").
# Beliefs and wishes measured below the bar (believe/think 0.65, hope/expect/want 0.57): kept only
# with a speaker in capitals (``claims.attribution_en.unsure``: believe/think 0.89, hope/expect
# 0.84); "want" names no speaker for the rules (0.64 even so), and stays here for the stance
# cues. A learned speaker model weighs them all itself.
ENGLISH_CUES = """
pass: say says said saying told tell tells add adds added adding
oppose: deny denies denied denying warn warns warned warning
pass: threaten threatens threatened
support: demand demands demanded
oppose: accuse accuses accused
pass: claimed asserted assert asserts
pass: announce announces announced insist insists insisted argue argues argued
pass: note notes noted stress stresses stressed acknowledge acknowledges acknowledged
pass: admit admits admitted
oppose: reject rejects rejected
support: urge urges urged confirm confirms confirmed
pass: explain explains explained suggest suggests suggested believe believes believed
pass: reported reports declared declares stated vowed vows promised promises
pass: wrote writes tweeted asked asks continued recalled replied responded
pass: conceded testified contended
pass: noting arguing telling calling explaining suggesting insisting describing
pass: citing cited described describes
pass: called
oppose: criticized criticizes criticised criticizing
support: praised praises praising endorsed endorses endorsing defended defends
support: welcome welcomes welcomed welcoming affirm affirms affirmed
oppose: opposed opposes condemned condemns condemning denounced denounces blamed blames
oppose: dismissed dismisses questioned
support: pledged pledges proposed proposes
pass: predicted predicts concluded
pass: think thinks hope hopes hoped expect expects want wants wanted
pass: showed finds reveals revealed indicated indicates knows expressed assured
pass: claiming recalling announcing fears
oppose: declined refused refuses attacked blasted mocked slammed
support: agreed supported backs seeks
pass: reiterated repeated mentioned joked emphasized echoed reminded emailed posted
pass: estimated estimates recounted boasted touted observed quipped
oppose: lamented complained decried slammed slams oppose
pass: discussed talked apologized wondered speculated addressed offered
support: thanked congratulated
oppose: cautioned
pass: according to | in a statement | pointed out | pointed to | referring to | made it clear
support: called for | calls for | call for
"""

EFFECTS = ("support", "oppose", "pass")
"""What a reporting cue does to what it reports: the speaker supports it (affirm,
demand, welcome), opposes it (deny, reject, warn against, accuse of), or passes
its own polarity through (say, report, add)."""


@dataclass(frozen=True, slots=True)
class Cue:
    """A reporting cue found in a text: ``text[start:end] == surface``; ``effect``
    is what it does to the stance of its speaker (one of ``EFFECTS``)."""

    start: int
    end: int
    surface: str
    lemma: str  # the lexicon entry, normalised
    effect: str = "pass"


def _entries(words: str, phrases: list[str]) -> list[tuple[str, ...]]:
    return ([phrase_words(word) for word in words.split()]
            + [phrase_words(phrase) for phrase in phrases])


def cue_table(table: str, name: str = "cue table") -> dict[tuple[str, ...], str]:
    """The entries of a cue table (lines ``effect: cue cue …`` or ``effect: phrase | phrase``)
    with their effects, normalised. An unknown effect, a line without one, or an entry
    given two effects raises ``CueTableError`` naming the entry.

    >>> cue_table("oppose: denied | turned down")
    {('denied',): 'oppose', ('turned', 'down'): 'oppose'}
    """
    found: dict[tuple[str, ...], str] = {}
    for number, line in enumerate(table.splitlines(), 1):
        if not line.strip():
            continue
        effect, colon, cues = (part.strip() for part in line.partition(":"))
        if not colon or effect not in EFFECTS:
            allowed = ", ".join(EFFECTS)
            raise CueTableError(f"{name}, line {number}: {line.strip()!r} has effect {effect!r} "
                                f"(allowed: {allowed}); write it as 'EFFECT: cue cue …'.")
        pieces = cues.split("|") if "|" in cues else cues.split()
        for piece in pieces:
            entry = phrase_words(piece)
            if entry and found.setdefault(entry, effect) != effect:
                raise CueTableError(f"{name}, line {number}: {piece.strip()!r} is given both "
                                    f"{found[entry]!r} and {effect!r}; give it one effect.")
    return found


# Short words that stand alone, so never part of a word split at its shadda.
_SHORT_WORDS = """
في من عن على إلى الى لا لم لن ما قد أن إن هو هي هم كل أو ثم بل لو مع عند ضد نحو حول منذ لدى
كان هذا هذه ذلك التي الذي
"""
_STANDALONE = set(normalize(_SHORT_WORDS).split())
_NEVER_SECOND = _STANDALONE - {"هم"}  # «ات هم» is «اتّهم»
# Where a split may be: two letters, a space, then one or two letters that are not a short
# word of their own («هم» may end «اتّهم»). Searched first, in C: most statements then cost
# no loop over their tokens.
_LETTER = "[\u0621-\u064a]"
_MAYBE_SPLIT = re.compile(
    f"{_LETTER}{{2}} (?!(?:{'|'.join(set(_SHORT_WORDS.split()) - {'هم'} | _NEVER_SECOND)})"
    f"(?!{_LETTER})){_LETTER}{{1,2}}(?!{_LETTER})")


class CueLexicon:
    """Finds reporting cues in text; built once, used for every statement. At each
    word the longest entry that matches is the cue (``claims.mentions.PhraseIndex``).
    ``entries``: each entry's normalised words with its effect (``cue_table``)."""

    def __init__(self, entries: dict[tuple[str, ...], str],
                 governing: dict[tuple[str, ...], tuple[str, str]] | None = None):
        """``governing``: one-word cues with their effect and the preposition that must
        follow them (``governing_table``)."""
        # Each phrase's value: its effect and the preposition it needs (None: none).
        self._index = PhraseIndex(Phrase(entry, (effect, None))
                                  for entry, effect in entries.items())
        self._governing = PhraseIndex(Phrase(entry, value)
                                      for entry, value in (governing or {}).items())

    def find(self, text: str, toks: Sequence[Token] | None = None) -> list[Cue]:
        """Every cue in ``text``, in order of appearance. A verb takes no proclitic but
        «و»/«ف»: «الطالب» (the student), «لكشف» (to uncover), «للطالب» are nouns."""
        toks = self.rejoined(text, tokens(text) if toks is None else toks)
        words = [token.norm for token in toks]
        found = []
        for index in sorted({*self._index.starts(words), *self._governing.starts(words)}):
            matches = self._matches_at(text, toks, words, index)
            if matches:
                start, end = span_of(matches[0], text, toks)
                lemma = " ".join(words[index:index + matches[0].length])[matches[0].prefix:]
                found.append(Cue(start, end, text[start:end], lemma, matches[0].phrase.value[0]))
        return found

    def rejoined(self, text: str, toks: Sequence[Token]) -> Sequence[Token]:
        """``toks`` (of ``text``) with a cue that a site split where its shadda was («صر ح»,
        «أك د», «اعت بر»: some Arabic sites write the shadda as a space; «وفق ا» its tanween)
        joined again: a word of one or two letters after one space completes the word of two
        or more before it into a cue word (behind no proclitic but «و»/«ف») that word alone
        does not start. Words that stand alone are never a part («في صف» is not «فيصف», nor
        «الموظف ين في» «ينفي»: a plural suffix split the same way), and text spaced letter by
        letter («ذ كر ز عم») stays as it is; a word split twice («مؤك د ا») is not joined.
        The joined token spans both parts, space included."""
        if not _MAYBE_SPLIT.search(text):
            return toks
        joined, skip = [], False
        for token, after in zip(toks, [*toks[1:], None]):
            if skip:
                skip = False
                continue
            skip = after is not None and self._split(text, token, after)
            joined.append(Token(token.start, after.end, token.norm + after.norm) if skip
                          else token)
        return joined if len(joined) < len(toks) else toks

    def _split(self, text: str, token: Token, after: Token) -> bool:
        """Whether ``after`` is the rest of the cue word ``token`` begins, cut off by a space."""
        return (token.word and after.word and len(after.norm) <= 2 and len(token.norm) >= 2
                and token.norm not in _STANDALONE and after.norm not in _NEVER_SECOND
                and after.start == token.end + 1 and text[token.end] == " "
                and is_arabic(token.norm) and self._starts_cue(token.norm + after.norm)
                and not self._starts_cue(token.norm))

    def _starts_cue(self, word: str) -> bool:
        """Whether an entry of the table or a governing verb starts with ``word``, behind
        no proclitic but «و»/«ف» (as ``find`` reads a cue: «كانتقد» is no «انتقد»)."""
        return any(_verb_prefix(word, prefix) for index in (self._index, self._governing)
                   for prefix, _, _ in index.candidates(word))

    def _matches_at(self, text: str, toks: Sequence[Token], words: list[str], index: int):
        """The entries that match at word ``index``, longest first: the table's, else a
        governing verb's whose preposition follows; none behind a proclitic but «و»/«ف»."""
        matches = self._index.matches_at(words, index) or [
            match for match in self._governing.matches_at(words, index)
            if _governs(text, toks, index, match.phrase.value[1])]
        return [match for match in matches if _verb_prefix(words[index], match.prefix)]

    def first(self, text: str, toks: Sequence[Token] | None = None) -> Cue | None:
        cues = self.find(text, toks)
        return cues[0] if cues else None


def _verb_prefix(word: str, prefix: int) -> bool:
    """Whether ``word``'s first ``prefix`` letters are a proclitic a verb takes: none, «و» or
    «ف» («الطالب», «لكشف», «كانتقد» are no verbs)."""
    return not word[:prefix].lstrip("وف")


def governing_table(table: str) -> dict[tuple[str, ...], tuple[str, str]]:
    """The entries of ``GOVERNING_CUES`` (lines ``preposition effect: cue cue …``) with
    their effect and normalised preposition; a bad effect raises ``CueTableError``."""
    found = {}
    for line in table.strip().splitlines():
        governed, _, rest = line.strip().partition(" ")
        for entry, effect in cue_table(rest, "GOVERNING_CUES").items():
            found[entry] = (effect, normalize(governed))
    return found


def _governs(text: str, toks: Sequence[Token], index: int, governed: str) -> bool:
    """Whether ``governed`` follows ``toks[index]`` within ``_GAP`` words, no punctuation
    between, and a bare «عبر» opens its clause."""
    if (toks[index].norm == _VIA and index > 0 and toks[index - 1].norm not in _CLAUSE_OPENERS
            and not text[toks[index - 1].end:toks[index].start].strip()):
        return False
    for at in range(index + 1, min(len(toks), index + 2 + _GAP)):
        if text[toks[at - 1].end:toks[at].start].strip():
            return False
        if toks[at].norm == governed:
            return True
    return False


CUES = {**cue_table(ARABIC_CUES, "ARABIC_CUES"), **cue_table(ENGLISH_CUES, "ENGLISH_CUES")}
LEXICON = CueLexicon(CUES, governing_table(GOVERNING_CUES))


def find_cue(text: str) -> Cue | None:
    """The first reporting cue of ``text``, or None.

    >>> find_cue("وبالمقابل، تنفي موسكو أي نية لغزو أوكرانيا").surface
    'تنفي'
    """
    return LEXICON.first(text)


# --- stance cues ---------------------------------------------------------------------
# Words that change what a statement says about its target: negation, denial and
# refutation, and hedging (the statement reports without asserting). The stance
# model counts them in the statement and in the target, and compares the two.
# English refuting and hedging words follow Ferreira and Vlachos (2016).

NEGATION = """
لا لم لن ليس ليست ليسوا لسنا غير عدم بدون دون بلا
not no never none nothing neither nor without cannot nobody
didn doesn don isn wasn aren weren hasn haven hadn couldn wouldn shouldn
"""

DENIAL = """
نفى نفت ينفي تنفي نافيا نفي تنفي تكذيب كذب يكذب تكذب شائعة شائعات إشاعة إشاعات
زائف زائفة كاذب كاذبة مفبرك مفبركة مزيف مزيفة ملفق ملفقة خدعة دحض يدحض رفض رفضت يرفض ترفض
رفضه رفضها رفضهم رفضنا إدانته إدانتها إدانتهم
استنكاره استنكارها استنكارهم
fake fraud hoax false deny denies denied denying refute refutes refuted debunk debunks debunked
bogus doubt doubts doubted retract retracts retracted prank pranks myth untrue dismiss dismisses
dismissed reject rejects rejected nope despite
"""

HEDGING = """
ربما قد يحتمل محتمل محتملة مزعوم مزعومة زعم زعمت يزعم تزعم أنباء تقارير يشاع يبدو بحسب حسب وفقا
مصادر
alleged allegedly apparently appear appears claim claims claimed could evidently likely may maybe
might perhaps possibly presumably probably purported purportedly reported reportedly rumor rumors
rumour rumours rumored rumoured seem seems supposedly unconfirmed unverified suspected speculation
"""

# An unnamed source or report carries the claim: the headline observes it ("… – report",
# "sources say"). A kind of its own, not hedging: the cue stance reads hedging alone.
SOURCING = """
report reports sources source officials
"""

STANCE_LEXICONS = {
    "negation": _entries(NEGATION, []),
    "denial": _entries(DENIAL, ["not true", "غير صحيح", "لا أساس"]),
    "hedging": _entries(HEDGING, ["according to", "is said", "are said"]),
    "sourcing": _entries(SOURCING, []),
    "reporting": list(CUES),
}

# One index over every kind, longest entries first: the stance model tags every
# statement it sees, so a token is looked up once, not once per lexicon.
_STANCE_INDEX = PhraseIndex(Phrase(entry, kind) for kind, entries in STANCE_LEXICONS.items()
                            for entry in dict.fromkeys(entries))


@lru_cache(maxsize=200_000)
def _starts(norm_word: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The ``(kind, stem, entry)`` of the cue entry of each kind that may start at
    this word: the longest one, through the first reading of the word that starts any."""
    found, kinds = [], set()
    for _, stem, phrase in _STANCE_INDEX.candidates(norm_word):
        if phrase.value not in kinds:
            kinds.add(phrase.value)
            found.append((phrase.value, stem, phrase.words))
    return tuple(found)


def cue_tags(text: str, words: list[str] | None = None) -> list[str]:
    """Every stance cue of ``text`` as ``kind:lemma``, in order of appearance;
    a word that starts cues of several kinds («تنفي»: denial and reporting) gives
    one tag for each. ``words``: the normalised words of ``text``, when known.

    >>> cue_tags("Moscow denies it has no plans, officials reportedly said")
    ... # doctest: +NORMALIZE_WHITESPACE
    ['denial:denies', 'reporting:denies', 'negation:no', 'sourcing:officials',
     'hedging:reportedly', 'reporting:said']
    """
    words = [token.norm for token in tokens(text)] if words is None else words
    found = []
    for index, word in enumerate(words):
        for kind, stem, entry in _starts(word):
            if tails_match(entry, words, index):
                found.append(f"{kind}:{' '.join((stem,) + entry[1:])}")
    return found
