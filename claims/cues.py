"""Reporting cues: the verbs and phrases through which news attributes a statement
(«قال»، «نفت»، "said", "according to").

The lexicon is written in ordinary spelling and matched on normalised tokens,
through Arabic proclitics («وأضاف», «فقالت»), so one entry covers its spellings.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from claims.text import Token, clitic_forms, normalize, tokens

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
    single = [(normalize(word),) for word in words.split()]
    multi = [tuple(normalize(word) for word in phrase.split()) for phrase in phrases]
    return single + multi


class CueLexicon:
    """Finds reporting cues in text; built once, used for every statement."""

    def __init__(self, entries: list[tuple[str, ...]]):
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for entry in entries:
            self._by_first.setdefault(entry[0], []).append(entry)
        for candidates in self._by_first.values():
            candidates.sort(key=len, reverse=True)
        self._starts: dict[str, tuple] = {}  # word → its (prefix, entries) pairs: words repeat, clitics cost

    def find(self, text: str, toks: Sequence[Token] | None = None) -> list[Cue]:
        """Every cue in ``text``, in order of appearance."""
        toks = tokens(text) if toks is None else toks
        found = []
        for index, token in enumerate(toks):
            match = self._match_at(toks, index)
            if match:
                prefix, length = match
                start = token.original_offset(text, prefix)
                end = toks[index + length - 1].end
                lemma = " ".join(t.norm for t in toks[index:index + length])[prefix:]
                found.append(Cue(start, end, text[start:end], lemma))
        return found

    def first(self, text: str, toks: Sequence[Token] | None = None) -> Cue | None:
        cues = self.find(text, toks)
        return cues[0] if cues else None

    def _match_at(self, toks: Sequence[Token], index: int) -> tuple[int, int] | None:
        for prefix, entries in self._entries_starting(toks[index].norm):
            for entry in entries:
                if _tail_matches(entry[1:], toks[index + 1:index + len(entry)]):
                    return prefix, len(entry)
        return None

    def _entries_starting(self, word: str) -> tuple:
        starts = self._starts.get(word)
        if starts is None:
            if len(self._starts) > 200_000:
                self._starts.clear()
            starts = tuple((prefix, self._by_first[stem]) for prefix, stem in clitic_forms(word)
                           if stem in self._by_first)
            self._starts[word] = starts
        return starts


def _tail_matches(tail: tuple[str, ...], following: Sequence[Token]) -> bool:
    return len(following) >= len(tail) and all(want == token.norm for want, token in zip(tail, following))


LEXICON = CueLexicon(_entries(ARABIC_CUES, ARABIC_PHRASES) + _entries(ENGLISH_CUES, ENGLISH_PHRASES))


def find_cue(text: str) -> Cue | None:
    """The first reporting cue of ``text``, or None.

    >>> find_cue("وبالمقابل، تنفي موسكو أي نية لغزو أوكرانيا").surface
    'تنفي'
    """
    return LEXICON.first(text)


# --- stance cues (issue 5) ---------------------------------------------------------
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
_STANCE_INDEX: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
for _kind, _kind_entries in STANCE_LEXICONS.items():
    for _entry in dict.fromkeys(_kind_entries):
        _STANCE_INDEX.setdefault(_entry[0], []).append((_kind, _entry))
for _candidates in _STANCE_INDEX.values():
    _candidates.sort(key=lambda candidate: len(candidate[1]), reverse=True)


@lru_cache(maxsize=200_000)
def _starts(norm_word: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The ``(kind, stem, entry)`` of every cue entry that may start at this word, at most one per kind."""
    found, kinds = [], set()
    for _, stem in clitic_forms(norm_word):
        for kind, entry in _STANCE_INDEX.get(stem, ()):
            if kind not in kinds:
                kinds.add(kind)
                found.append((kind, stem, entry))
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
            if len(entry) == 1 or tuple(words[index + 1:index + len(entry)]) == entry[1:]:
                found.append(f"{kind}:{' '.join((stem,) + entry[1:])}")
    return found
