"""Reporting cues: the verbs and phrases through which news attributes a statement
(«قال»، «نفت»، "said", "according to").

The lexicon is written in ordinary spelling and matched on normalised tokens,
through Arabic proclitics («وأضاف», «فقالت»), so one entry covers its spellings.
"""
from __future__ import annotations

from dataclasses import dataclass

from claims.text import Token, clitic_forms, normalize, tokens

ARABIC_CUES = """
قال قالت يقول تقول قالوا قائلا قائلة قوله قولها القول
أضاف أضافت يضيف تضيف مضيفا مضيفة
أكد أكدت يؤكد تؤكد مؤكدا مؤكدة
أعلن أعلنت يعلن تعلن معلنا
نفى نفت ينفي تنفي نافيا
هدد هددت يهدد تهدد مهددا
طالب طالبت يطالب تطالب مطالبا
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

    def find(self, text: str, toks: list[Token] | None = None) -> list[Cue]:
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

    def first(self, text: str, toks: list[Token] | None = None) -> Cue | None:
        cues = self.find(text, toks)
        return cues[0] if cues else None

    def _match_at(self, toks: list[Token], index: int) -> tuple[int, int] | None:
        for prefix, stem in clitic_forms(toks[index].norm):
            for entry in self._by_first.get(stem, ()):
                if _tail_matches(entry[1:], toks[index + 1:]):
                    return prefix, len(entry)
        return None


def _tail_matches(tail: tuple[str, ...], following: list[Token]) -> bool:
    return len(following) >= len(tail) and all(want == token.norm for want, token in zip(tail, following))


LEXICON = CueLexicon(_entries(ARABIC_CUES, ARABIC_PHRASES) + _entries(ENGLISH_CUES, ENGLISH_PHRASES))


def find_cue(text: str) -> Cue | None:
    """The first reporting cue of ``text``, or None.

    >>> find_cue("وبالمقابل، تنفي موسكو أي نية لغزو أوكرانيا").surface
    'تنفي'
    """
    return LEXICON.first(text)
