"""Reporting cues: the verbs and phrases through which news attributes a statement
(«قال»، «نفت»، "said", "according to").

The lexicon is written in ordinary spelling and matched on normalised tokens,
through Arabic proclitics («وأضاف», «فقالت»), so one entry covers its spellings.
``CueLexicon`` (reporting cues, for segmenting and attribution) and ``cue_tags``
(the stance cues that the stance model counts) both match through the one phrase
index of ``claims.mentions``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from claims.mentions import Phrase, PhraseIndex, phrase_words, span_of, tails_match
from claims.text import Token, tokens

ARABIC_CUES = """
قال قالت يقول تقول قالوا قائلا قائلة قوله قولها القول
أضاف أضافت يضيف تضيف مضيفا مضيفة
أكد أكدت يؤكد تؤكد مؤكدا مؤكدة
أعلن أعلنت يعلن تعلن معلنا
نفى نفت ينفي تنفي نافيا
هدد هددت يهدد تهدد مهددا
طالب طالبت يطالب تطالب مطالبا
طلبت يطلب تطلب
اتهم اتهمت يتهم تتهم متهما
حذر حذرت يحذر تحذر محذرا
ذكر ذكرت يذكر تذكر
أفاد أفادت يفيد تفيد
نقل نقلت ينقل تنقل نقلا
أشار أشارت يشير تشير مشيرا
أوضح أوضحت يوضح توضح موضحا
صرح صرحت يصرح تصرح
اعتبر اعتبرت يعتبر تعتبر معتبرا معتبرة
رأى رأت يرى ترى
رفض رفضت يرفض ترفض رافضا
دعا دعت يدعو تدعو داعيا
شدد شددت يشدد تشدد مشددا
تابع تابعت مختتما
أعرب أعربت يعرب تعرب
كشف كشفت يكشف تكشف
زعم زعمت يزعم تزعم
ادعى ادعت يدعي تدعي
اعترف اعترفت يعترف تعترف
أقر أقرت يقر تقر
وصف وصفت يصف تصف
أبلغ أبلغت
انتقد انتقدت ينتقد تنتقد منتقدا
أدان أدانت يدين تدين
ندد نددت يندد تندد
رحب رحبت يرحب ترحب مرحبا
أيد أيدت يؤيد تؤيد
عارض عارضت يعارض تعارض
اقترح اقترحت يقترح تقترح
توقعت يتوقع تتوقع
حثت يحث تحث
بحسب حسب وفقا
"""

ARABIC_PHRASES = ["نقلا عن", "جاء في"]

ENGLISH_CUES = """
say says said saying told tell tells add adds added adding
deny denies denied denying warn warns warned warning threaten threatens threatened
demand demands demanded accuse accuses accused claimed asserted assert asserts
announce announces announced insist insists insisted argue argues argued
note notes noted stress stresses stressed acknowledge acknowledges acknowledged
admit admits admitted reject rejects rejected urge urges urged confirm confirms confirmed
explain explains explained suggest suggests suggested believe believes believed
reported reports declared declares stated vowed vows promised promises
wrote writes tweeted asked asks continued recalled replied responded conceded testified contended
noting arguing telling calling explaining suggesting insisting describing citing cited described describes
called criticized criticizes criticised criticizing praised praises praising endorsed endorses endorsing
defended defends opposed opposes condemned condemns condemning denounced denounces blamed blames
dismissed dismisses pledged pledges proposed proposes predicted predicts questioned concluded
think thinks hope hopes hoped expect expects want wants wanted
"""

ENGLISH_PHRASES = ["according to", "called for", "calls for", "call for", "in a statement"]


@dataclass(frozen=True, slots=True)
class Cue:
    """A reporting cue found in a text: ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    lemma: str  # the lexicon entry, normalised


def _entries(words: str, phrases: list[str]) -> list[tuple[str, ...]]:
    return [phrase_words(word) for word in words.split()] + [phrase_words(phrase) for phrase in phrases]


class CueLexicon:
    """Finds reporting cues in text; built once, used for every statement. At each
    word the longest entry that matches is the cue (``claims.mentions.PhraseIndex``)."""

    def __init__(self, entries: list[tuple[str, ...]]):
        self._index = PhraseIndex(Phrase(entry, None) for entry in entries)

    def find(self, text: str, toks: Sequence[Token] | None = None) -> list[Cue]:
        """Every cue in ``text``, in order of appearance."""
        toks = tokens(text) if toks is None else toks
        words = [token.norm for token in toks]
        found = []
        for index in range(len(toks)):
            matches = self._index.matches_at(words, index)
            if matches:
                start, end = span_of(matches[0], text, toks)
                lemma = " ".join(words[index:index + matches[0].length])[matches[0].prefix:]
                found.append(Cue(start, end, text[start:end], lemma))
        return found

    def first(self, text: str, toks: Sequence[Token] | None = None) -> Cue | None:
        cues = self.find(text, toks)
        return cues[0] if cues else None


LEXICON = CueLexicon(_entries(ARABIC_CUES, ARABIC_PHRASES) + _entries(ENGLISH_CUES, ENGLISH_PHRASES))


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
fake fraud hoax false deny denies denied denying refute refutes refuted debunk debunks debunked
bogus doubt doubts doubted retract retracts retracted prank pranks myth untrue dismiss dismisses
dismissed reject rejects rejected nope despite
"""

HEDGING = """
ربما قد يحتمل محتمل محتملة مزعوم مزعومة زعم زعمت يزعم تزعم أنباء تقارير يشاع يبدو بحسب حسب وفقا مصادر
alleged allegedly apparently appear appears claim claims claimed could evidently likely may maybe
might perhaps possibly presumably probably purported purportedly reported reportedly rumor rumors
rumour rumours rumored rumoured seem seems supposedly unconfirmed unverified suspected speculation
"""

STANCE_LEXICONS = {
    "negation": _entries(NEGATION, []),
    "denial": _entries(DENIAL, ["not true", "غير صحيح", "لا أساس"]),
    "hedging": _entries(HEDGING, ["according to", "is said", "are said"]),
    "reporting": _entries(ARABIC_CUES, ARABIC_PHRASES) + _entries(ENGLISH_CUES, ENGLISH_PHRASES),
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
    ['denial:denies', 'reporting:denies', 'negation:no', 'hedging:reportedly', 'reporting:said']
    """
    words = [token.norm for token in tokens(text)] if words is None else words
    found = []
    for index, word in enumerate(words):
        for kind, stem, entry in _starts(word):
            if tails_match(entry, words, index):
                found.append(f"{kind}:{' '.join((stem,) + entry[1:])}")
    return found
