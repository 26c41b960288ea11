"""Stance from what the reporting verb does: a stance with no training data.

A reporting cue declares its effect on the speaker's stance toward what it reports
(``claims.cues.EFFECTS``): «تنفي», "denied" oppose it; «طالبت», "confirmed" support
it; «قال», "said" pass its own polarity through. ``cue_stance`` reads that effect
(composed with the noun a speaker expresses: «أعرب عن قلقه» opposes), the negations
and reversals in the content («لا تنوي», "no intention to", «وقف») and the target
read as a proposition (a target that is itself negated flips it), and returns a
stance with the confidence declared for its reading (``CONFIDENCE``, measured on
held-out data by ``experiments/cue_stance.py --calibrate``).

``content_span`` finds what the speaker says: the part of the statement that is
neither the speaker nor the cue (PolNeAR's Content). ``combine`` joins a cue
stance and a model's probabilities into one stance with its source (``cue``,
``model`` or ``cue+model``) and abstains (``UNDECIDED``) below ``THRESHOLD``;
``decide`` is what prediction reports: the model heard only for targets it was
trained on.

Pure: text in, stance out; no store, no model loading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from claims.cues import LEXICON, Cue, cue_table, cue_tags
from claims.schema import DEFAULT_LABELS
from claims.text import clitic_forms, is_arabic, normalize, tokens

SUPPORT, OPPOSE, NEUTRAL = (label.name for label in DEFAULT_LABELS[:3])
UNDECIDED = (
    "undecided"  # what a prediction says below THRESHOLD: no stance, rather than a guessed one
)
# How often each reading gives the right stance: its precision on Emergent's and ANS's train
# splits, from `python experiments/cue_stance.py --calibrate` (experiments/results.md, "Stance
# from reporting cues"); a reading seen fewer than 20 times there declares the lower of its
# unhedged figure and all readings pooled.
# A reading is the cue's effect, "-negated" when an odd number of negations in the content flips it,
# "-hedged" when the content hedges ("reportedly", «ربما»).
CONFIDENCE = {
    "oppose": 0.78, "oppose-negated": 0.53, "oppose-hedged": 0.53,
    "oppose-negated-hedged": 0.53,
    "support": 0.39, "support-negated": 0.79, "support-hedged": 0.39,
    "support-negated-hedged": 0.53,
    "pass": 0.43, "pass-negated": 0.73, "pass-hedged": 0.43, "pass-negated-hedged": 0.53,
}
THRESHOLD = (
    0.5  # below this calibrated confidence a prediction is UNDECIDED (experiments/cue_stance.py)
)
_FLIPPERS = ("negation:", "denial:")
# Words that reverse the proposition they govern: demanding a halt to NATO expansion opposes it,
# calling for the regime's fall («إسقاط النظام») opposes the regime, "instead of" X is not X.
_REVERSAL_WORDS = """
وقف إيقاف منع إنهاء حظر تجميد تعليق التخلي تخلي فيتو إسقاط إلغاء بدلا
stop stopping halt halting end ending prevent preventing ban banning freeze freezing suspend abandon
abandoning veto overthrow overthrowing topple toppling cancel cancelling scrap scrapping instead
"""
_REVERSAL = {normalize(word) for word in _REVERSAL_WORDS.split()}
_PROHIBITIVE = {"to", "ل", "أن"}  # "warned Russia not to invade": the negation restates the warning
# A negation before a word of condition is "unconditional" («غير مشروط», «دون قيد أو شرط»,
# "without preconditions"): it strengthens what it qualifies; a reversal word before «إطلاق»
# is a ceasefire («وقف إطلاق النار»), a thing named, not an act reversed.
# So is a negation before "less" («لا يقل عن» "no fewer than": at least).
_UNCONDITIONAL = {normalize(word) for word in """
شرط شروط مشروط مشروطة قيد قيود condition conditions precondition preconditions
يقل تقل أقل less fewer""".split()}
_CEASEFIRE = {normalize("إطلاق")}
_ANY = normalize("أي")
# What a speaker expresses («أعرب عن ترحيبه», «أبدى أسفه», «أعلن رفضه», "expressed concern"):
# the noun's effect, composed with the cue's, gives the stance toward what follows the noun.
EXPRESSED_TABLE = """
support: ترحيب تأييد دعم ارتياح تفاؤل استعداد موافقة امتنان شكر تقدير تضامن ثقة أمل تمسك
oppose: قلق رفض إدانة استنكار أسف غضب استياء انزعاج تحفظ معارضة احتجاج تنديد اعتراض مخاوف
oppose: خشية شجب امتعاض تشاؤم
support: welcome support approval optimism readiness gratitude solidarity hope satisfaction
oppose: concern concerns regret anger opposition rejection condemnation dismay disappointment
oppose: outrage worry fears alarm reservations
"""
EXPRESSED = cue_table(EXPRESSED_TABLE, "EXPRESSED_TABLE")
_ABOUT = {normalize(word) for word in "عن about over".split()}
# Words between «عن» and the noun, or before the noun: intensifiers and possessives.
_BEFORE_NOUN = {normalize(word) for word in """
بالغ عميق شديد كامل his her its their deep grave strong serious full""".split()}
_POSSESSIVES = ("هما", "هم", "هن", "ها", "نا", "كم", "ه")
_EXPRESSED_WINDOW = 6  # words after the cue in which «عن» + noun is looked for
# Cues that express or show what follows: after them a bare noun opening the content is
# what is expressed ("voiced concern"); after "said" it is the subject of a clause.
_EXPRESSING = {normalize(word) for word in """
أعرب أعربت يعرب تعرب معربا أبدى أبدت يبدي تبدي مبديا أعلن أعلنت يعلن تعلن معلنا
expressed expresses voiced voices showed shows""".split()}
_TRIM = " \t\n,،:;؛.!?؟\"'«»“”‘’()—–-"
# A relative clause set off by commas («، الذي لم يفصح عن اسمه،», ", who was not named,").
_RELATIVE = re.compile(r"[,،]\s*(?:الذي|التي|الذين|اللذان|اللتان|اللواتي|who|which)\s[^,،.]*[,،]")
_MIN_AFTER = 3  # words after the cue below which the content is taken before it ("…," he said)


@dataclass(frozen=True, slots=True)
class CueStance:
    """A stance read from a reporting cue: the stance, its confidence, the cue and
    its effect, the negations counted in the content, and the reading (a key of
    ``CONFIDENCE``)."""

    stance: str
    confidence: float
    cue: str
    effect: str
    negations: int
    reading: str


@dataclass(frozen=True, slots=True)
class Decision:
    """The stance a prediction reports: the label (or ``UNDECIDED``), its
    confidence and which source gave it (``cue``, ``model`` or ``cue+model``)."""

    stance: str
    confidence: float
    source: str


def content_span(
    text: str,
    cue: tuple[int, int],
    speaker: tuple[int, int] | None = None,
    start: int = 0,
    end: int | None = None,
) -> tuple[int, int] | None:
    """What the speaker says in ``text[start:end]``: the words after the cue and the
    speaker (“تنفي موسكو | أي نية لغزو أوكرانيا”), or those before them when
    fewer than ``_MIN_AFTER`` words follow ('"We will not invade," | Peskov said.');
    None when neither side holds a word. Offsets are into ``text``.

    >>> text = "Peskov denied that Moscow planned to invade."
    >>> start, end = content_span(text, (7, 13), (0, 6))
    >>> text[start:end]
    'that Moscow planned to invade'
    """
    end = len(text) if end is None else end
    spans = [cue] + ([speaker] if speaker else [])
    left, right = min(s[0] for s in spans), max(s[1] for s in spans)
    after, before = _trimmed(text, right, end), _trimmed(text, start, left)
    if after and (len(text[after[0] : after[1]].split()) >= _MIN_AFTER or not before):
        return after
    return before or after


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return (start, end) if any(ch.isalnum() for ch in text[start:end]) else None


def cue_stance(
    text: str, target: str = "", cue: Cue | None = None, content: tuple[int, int] | None = None,
    named: Sequence[str] = (),
) -> CueStance | None:
    """The stance of the speaker of ``text`` toward ``target`` (its name, claim or
    description) that the reporting cue gives, or None when ``text`` has no cue.

    ``cue`` and ``content`` (offsets into ``text``) default to the first cue of the
    text and what follows it. The cue's effect (oppose −1, support +1, pass +1: the
    content asserted) is flipped by each negation or denial word in the content and
    in the target, except a prohibitive "not to" after an opposing cue ("warned
    Russia not to invade"). A negated cue ("did not deny") gives no stance. A reversal
    word of a name the target is registered by (``named``: "Muslim ban") names it, so it
    reverses nothing: "Trump supported a Muslim ban" supports it. (``target`` itself may
    be a claim with a stance of its own, as ANS's are, so its words still count.)

    >>> cue_stance("وبالمقابل، تنفي موسكو أي نية لغزو أوكرانيا").stance
    'oppose'
    >>> cue_stance("Moscow said it had no intention to invade Ukraine").stance
    'oppose'
    """
    cue = cue or LEXICON.first(text)
    if cue is None or _negated_cue(text, cue):  # "did not deny": the cue takes no side
        return None
    content = content or _trimmed(text, cue.end, len(text)) or (cue.end, cue.end)
    effect, expressed = cue.effect, _expressed(text, cue, content)
    if expressed is not None:  # «أعرب عن قلقه إزاء …»: read what follows the noun
        noun_end, noun_effect = expressed
        effect = SUPPORT if (effect == OPPOSE) == (noun_effect == OPPOSE) else OPPOSE
        content = (noun_end, max(noun_end, content[1]))
    elif content[0] >= cue.end:
        # Read from the cue on where the content follows it: a speaker phrase that ran too
        # far («ريابكوف الحلف بالتخلي») must not hide a reversal from the stance.
        content = (cue.end, content[1])
    # A relative clause set off by commas is said of someone («عن المسؤول، الذي لم يفصح عن
    # اسمه، القول»), not what the speaker says: its negations do not count.
    read = _RELATIVE.sub(" ", text[content[0] : content[1]])
    words = [token.norm for token in tokens(read)]
    negations = _negations(words, effect == "oppose", _reversals(*named))
    negations += sum(tag.startswith(_FLIPPERS) for tag in cue_tags(target)) if target else 0
    hedged = any(
        tag.startswith("hedging:") for tag in cue_tags(read, words)
    )
    polarity = (-1 if effect == "oppose" else 1) * (-1) ** negations
    reading = effect + ("-negated" if negations % 2 else "") + ("-hedged" if hedged else "")
    stance = SUPPORT if polarity > 0 else OPPOSE
    return CueStance(stance, CONFIDENCE[reading], cue.surface, effect, negations, reading)


def _expressed(text: str, cue: Cue, content: tuple[int, int]) -> tuple[int, str] | None:
    """The end offset and effect of the noun a speaker expresses, where the cue governs one:
    the content opens with it after an expressing cue or with a possessive («وأبدى دي
    ميستورا | أسفه»), or «عن»/"about" brings it shortly after the cue («أعرب الوزير عن
    بالغ قلقه»). None otherwise: "said opposition to the deal was fading" is a clause."""
    opening = tokens(text[content[0] : content[1]])[:3]
    after = tokens(text[cue.end : content[1]])[:_EXPRESSED_WINDOW]
    cue_about = cue.lemma.split()[-1] in _ABOUT  # «تعبر عن | استعدادها»
    expressing = cue.lemma.split()[0] in _EXPRESSING
    for found, offset, needs_about in ((opening, content[0], False), (after, cue.end, True)):
        about = cue_about
        for token in found:
            heard = about if needs_about else expressing or _possessed(token.norm)
            effect = _noun_effect(token.norm) if heard else None
            if effect is not None:
                return offset + token.end, effect
            if token.norm in _ABOUT:
                about = True
            elif token.norm not in _BEFORE_NOUN and (about or not needs_about):
                break
    return None


def _possessed(word: str) -> bool:
    """Whether an Arabic noun carries a possessive suffix («أسفه»: his regret)."""
    return is_arabic(word) and _noun_effect(word) is not None and (word,) not in EXPRESSED


def _noun_effect(word: str) -> str | None:
    """The effect of an expressed noun, possessive suffix allowed («قلقه», «إدانتها»)."""
    stems = [word] + [word[: -len(end)] for end in _POSSESSIVES
                      if word.endswith(end) and len(word) > len(end) + 1]
    stems += [stem[:-1] + "ه" for stem in stems if stem.endswith("ت")]  # إدانت|ه: taa marbuta
    return next((EXPRESSED[(stem,)] for stem in stems if (stem,) in EXPRESSED), None)


def row_stance(row: dict, target: str, named: Sequence[str] = ()) -> CueStance | None:
    """The cue stance of a prediction row (``claims.predict.article_rows``: the
    statement's ``text`` at article offset ``start``, its attributed ``cue_start``
    and ``content_start``/``content_end``, article offsets, when found) toward ``target``,
    registered by the names ``named``."""
    text, offset = row["text"], row.get("start", 0)
    cue = None
    if row.get("cue_start") is not None:
        cue = next(
            (found for found in LEXICON.find(text) if found.start + offset >= row["cue_start"]),
            None,
        )
    content = None
    if cue is not None and row.get("content_start") is not None:
        content = (row["content_start"] - offset, row["content_end"] - offset)
    return cue_stance(text, target, cue, content, named)


@lru_cache(maxsize=4096)  # one call a (statement, target) pair, the same names each time
def _reversals(*names: str) -> frozenset[str]:
    """The reversal words that ``names`` are written with («حظر الأسلحة», "Muslim ban")."""
    return frozenset(stem for name in names for token in tokens(name)
                     for _, stem in clitic_forms(token.norm) if stem in _REVERSAL)


def _negations(words: list[str], prohibitive: bool, named: frozenset[str] = frozenset()) -> int:
    """Negation, denial and reversal words in ``words``; after an opposing cue, a
    negation followed by "to" («حذر من ألا») restates the cue and does not count, nor
    does a reversal word in ``named`` (the target's own name)."""
    count = 0
    for index, word in enumerate(words):
        reverses = any(stem in _REVERSAL and stem not in named
                       for _, stem in clitic_forms(word))
        if not reverses and not any(tag.startswith(_FLIPPERS) for tag in _tags(word)):
            continue
        following = words[index + 1] if index + 1 < len(words) else ""
        if reverses and following in _CEASEFIRE or not reverses and following in _UNCONDITIONAL:
            continue
        if following == _ANY and index + 2 < len(words):
            following = words[index + 2]  # «دون أي شروط»
            if following in _UNCONDITIONAL:
                continue
        if not (prohibitive and following in _PROHIBITIVE):
            count += 1
    return count


def _negated_cue(text: str, cue: Cue) -> bool:
    """Whether a negation stands right before the cue ("did not deny", "never said",
    «لم ينف»): not denying is no support, so the cue gives no stance."""
    before = [token.norm for token in tokens(text[: cue.start])][-2:]
    if before[-1:] == ["t"]:  # "didn't" is the tokens didn, t
        before = before[:-1]
    # only the word right before the cue: "NATO will not expand, Lavrov said" negates the
    # content; the negation table reads clitics («ولا ينفي»)
    return bool(before) and any(tag.startswith("negation:") for tag in _tags(before[-1]))


def _tags(word: str) -> list[str]:
    return cue_tags(word, [word])


def combine(
    cue: CueStance | None,
    labels: Sequence[str] | None = None,
    proba: Sequence[float] | None = None,
    threshold: float = THRESHOLD,
) -> Decision | None:
    """One stance from a cue stance and a model's probabilities over ``labels``
    (either may be missing): the model alone (``model``), the cue alone (``cue``),
    or both (``cue+model``: the model's probabilities times the cue's, the cue's
    confidence on its label and the rest spread evenly over the other labels).
    Below ``threshold`` the stance is ``UNDECIDED``. None when neither is given.

    >>> combine(cue_stance("Peskov denied that Moscow planned to invade"))
    Decision(stance='oppose', confidence=0.78, source='cue')
    """
    if cue is None and proba is None:
        return None
    if proba is None or labels is None:
        stance, confidence, source = cue.stance, cue.confidence, "cue"
    elif cue is None or cue.stance not in labels:
        best = max(range(len(labels)), key=lambda i: proba[i])
        stance, confidence, source = labels[best], float(proba[best]), "model"
    else:
        rest = (1 - cue.confidence) / max(1, len(labels) - 1)
        joint = [
            p * (cue.confidence if label == cue.stance else rest) for label, p in zip(labels, proba)
        ]
        total = sum(joint) or 1.0
        best = max(range(len(labels)), key=lambda i: joint[i])
        stance, confidence, source = labels[best], joint[best] / total, "cue+model"
    confidence = round(float(confidence), 4)
    return Decision(stance if confidence >= threshold else UNDECIDED, confidence, source)


def decide(
    cue: CueStance | None,
    labels: Sequence[str] | None = None,
    proba: Sequence[float] | None = None,
    target_seen: bool = True,
    threshold: float = THRESHOLD,
) -> Decision | None:
    """The stance prediction reports for one claim: ``combine`` with the model heard only
    where it can speak. A model without ``labels`` (``claims.models.cues``) never speaks. A
    model that never saw the target (``target_seen`` false) is not heard beside a cue, and
    alone it abstains: its probabilities were calibrated on the targets it was trained on,
    not on this one (on the Arabic gold the demo model, trained on ANS, says `neutral` for
    74 of 75 claims; heard beside the cue it pulls macro-F1 below the cue alone, alone it
    keeps 1 right claim in 11, experiments/results.md). Its confidence is still reported.

    >>> cue = cue_stance("Peskov denied that Moscow planned to invade")
    >>> decide(cue, ["support", "oppose", "neutral"], [0.1, 0.1, 0.8], target_seen=False)
    Decision(stance='oppose', confidence=0.78, source='cue')
    >>> decide(None, ["support", "oppose", "neutral"], [0.1, 0.1, 0.8], target_seen=False)
    Decision(stance='undecided', confidence=0.8, source='model')
    """
    if not labels or proba is None or (cue is not None and not target_seen):
        return combine(cue, threshold=threshold)
    decision = combine(cue, labels, proba, threshold)
    if target_seen:
        return decision
    return Decision(UNDECIDED, decision.confidence, decision.source)
