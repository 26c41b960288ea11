"""A country's demonym as a speaker: «وزارة الخارجية الروسية» speaks for Russia, «محلل روسي»
("a Russian analyst") does not.

A registry may give a country its demonyms as aliases («الروسية», «الروسي», Russian), so that
its offices and bodies, written with their nationality, resolve to it. A nationality adjective
qualifying any other head (an analyst, the media, tanks) names no speaker: ``speaking`` drops
such mentions from a speaker phrase unless the phrase names an office or a body of a state.
A demonym is told by its form, for the registry keeps aliases untyped: a one-word Arabic alias
with the article and a nisba ending («الروسية») written after its head, or a capitalised
English one ending like a demonym ("Russian", "Chinese", "Israeli") written before its head.

Pure: a phrase and its mentions in, mentions out.
"""

from __future__ import annotations

from collections.abc import Mapping

from claims.records import Mention
from claims.text import clitic_forms, is_arabic, normalize, tokens

# The heads of a phrase that speak for a state: its offices, officials, forces, bodies,
# sources («مصدر عسكري سوري») and the state itself as a party («الجانب الروسي», "the Russian side").
_STATE_HEADS_AR = """
وزارة وزير وزيرة وزراء خارجية الخارجية دفاع الدفاع داخلية حكومة رئاسة رئيس رئيسة متحدث متحدثة
ناطق ناطقة مسؤول مسؤولة مسؤولون مسؤولين مسئول سفير سفيرة سفارة جيش قوات قائد زعيم برلمان مجلس
نائب مبعوث وفد سلطات سلطة دبلوماسي دبلوماسيون دبلوماسيين كرملين قيادة أركان بعثة مندوب دولة
مصدر مصادر عسكري عسكريون جانب طرف نظام شرطة جنود جندي رسمي رسمية احتلال
"""
_STATE_HEADS_EN = """
ministry minister ministers government presidency president spokesman spokeswoman spokesperson
official officials ambassador embassy army military forces troops parliament envoy delegation
authorities diplomat diplomats foreign defence defense leader leadership kremlin mission state
source sources side regime police soldiers soldier
"""
_STATE_HEADS = {normalize(word) for word in (_STATE_HEADS_AR + _STATE_HEADS_EN).split()}
# Words between a head and the country it belongs to: «مسؤول في موسكو», «المتحدث باسم الكرملين».
_READ_THROUGH = {normalize(word) for word in "في من لدى باسم".split()}
_NISBA = ("ي", "يه", "يون", "يين")  # «الروسي», «الروسية» (ة normalised to ه), «الروس|يون»
_EN_DEMONYM = ("ian", "ean", "ican", "ese", "ish", "i")
_EN_IRREGULAR = {"french", "dutch", "greek", "swiss", "thai", "czech", "welsh", "scots"}


def speaking(written: str, mentions: list[Mention],
             kinds: Mapping[str, str | None] | None = None) -> list[Mention]:
    """The ``mentions`` (actors found in the speaker phrase ``written``) that may name its
    speaker: all of them, except a country's demonym when what it qualifies is no office or
    body of the state (``_qualifies_state``). With ``kinds`` (actor name → kind) only a
    country's alias can be a nationality adjective («جماعة الحوثي», "Modi aide" keep their
    actor).

    >>> from claims.mentions import MentionFinder
    >>> finder = MentionFinder([("actor", "Russia", "الروسية")])
    >>> [m.name for m in speaking("وزارة الخارجية الروسية", finder.find("وزارة الخارجية الروسية"))]
    ['Russia']
    >>> speaking("وسائل الإعلام الروسية", finder.find("وسائل الإعلام الروسية"))
    []
    """
    if not mentions:
        return mentions
    words = tokens(written)
    qualifiers = [m for m in mentions if _nationality(m, words)
                  and (kinds is None or kinds.get(m.name) in ("country", None))]
    return [m for m in mentions if m not in qualifiers or _qualifies_state(m, words)]


def _nationality(mention: Mention, words) -> bool:
    """Whether ``mention`` is a demonym qualifying a head of the phrase (``words``)."""
    alias = mention.alias.strip()
    if " " in alias:
        return False
    index = next((i for i, token in enumerate(words) if token.end > mention.start), None)
    if index is None:
        return False
    norm = normalize(alias)
    if is_arabic(norm):
        return norm.startswith("ال") and norm[2:].endswith(_NISBA) and index > 0
    return (alias[:1].isupper() and (norm.endswith(_EN_DEMONYM) or norm in _EN_IRREGULAR)
            and any(token.start >= mention.end for token in words[index:]))


def _qualifies_state(mention: Mention, words) -> bool:
    """Whether the demonym ``mention`` qualifies an office or a body of a state. An Arabic
    one qualifies the first noun before it that is not itself a nisba adjective nor a word
    between («قائد القوات الجوية الروسية», «المتحدث باسم الخارجية الروسية»), so a
    state's title earlier in the phrase does not make a body of its own («رئيس الهيئة العليا
    للمفاوضات السورية», «رئيس الائتلاف الوطني السوري» are the opposition's); an English
    phrase is read whole ("Russian Deputy Foreign Minister")."""
    if not is_arabic(mention.alias):
        return any(_state_head(token.norm) for token in words)
    index = next(i for i, token in enumerate(words) if token.end > mention.start)
    for token in reversed(words[:index]):
        if _state_head(token.norm):
            return True
        if not token.norm.endswith(_NISBA) and token.norm not in _READ_THROUGH:
            return False
    return False


def _state_head(norm: str) -> bool:
    return any(stem in _STATE_HEADS or stem.removeprefix("ال") in _STATE_HEADS
               for _, stem in clitic_forms(norm))
