"""The Arabic speaker rules: the noun phrase that voices a reporting cue
(«قال الكرملين», «وكانت روسيا أعلنت», «بحسب X», «نقلت وكالة … عن X», a participle
«قائلة» speaking for the sentence's subject), and whether a subjectless cue
(«وأضاف:») continues the previous speaker.

``arabic`` is called by ``claims.attribution`` with a statement's units and the
cue's token span; it returns a ``Found`` (token indexes) or None.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from claims.attribution_units import (
    MAX_NP,
    OPENERS,
    STRAIGHT,
    Found,
    Tok,
    bare,
    clause_start,
    norms,
)
from claims.text import is_arabic

# «صرح مسؤول بأن | روسيا دعت»: a speaker after a complementiser is a report nested in the
# content, which goes on over it (not a second speaker whose words end the first one's).
NESTING = re.compile(r"(?<!\S)[وف]?ب?[إأ]ن(?:ه|ها|هم)?\s*$")
Named = Callable[[int, int], bool]  # whether tokens [a, b) name a registered actor

_AR_ACCORDING = norms("بحسب حسب وفقا")
_AR_REPORTED = norms("نقل نقلت ينقل تنقل")
_AR_PARTICIPLES = norms(
    "قائلا قائلة مضيفا مضيفة مؤكدا مؤكدة معلنا نافيا مهددا مطالبا متهما محذرا مشيرا "
    "موضحا معتبرا معتبرة رافضا داعيا مشددا مختتما"
)
_AR_NOUNS = norms("قوله قولها القول نقلا")
# «… سيؤدي إلى رد عسكري»: a threat whose grammatical subject is the act threatened;
# the speaker is the subject of the sentence's main verb, never the consequence after «إلى».
_AR_CONSEQUENCE = norms("سيؤدي ستؤدي سيقود ستقود")
_AR_KANA = norms("كان كانت كانوا")
_AR_COMPLEMENTISERS = norms(
    "إن أن إنه أنه إنها أنها إنهم أنهم إننا أننا بأن بأنه بأنها بأنهم لأن أنّ"
)
_AR_STOP = _AR_COMPLEMENTISERS | norms(
    "عن على إلى الى من مع عند أي كل أمس اليوم يوم عشية غدا الخميس الجمعة السبت الأحد الاثنين "
    "الثلاثاء الأربعاء مساء صباح مجددا أيضا كذلك مؤخرا مرارا سابقا لاحقا بدوره بدورها الذي التي "
    "الذين قوله قولها القول نقلا خلال عبر أثناء لدى ضد حول بشأن حيال تجاه نحو"
)
_AR_ADJUNCT_NOUNS = norms(
    "بيان مؤتمر تصريح تصريحات حديث مقابلة إفادة كلمة تغريدة رسالة وقت لقاء اجتماع ختام "
    "أعقاب تقرير منشور"
)
_AR_NOT_SUBJECT = _AR_STOP | norms(
    "في بعد قبل منذ إذا لو حين عندما بينما فيما كما حيث إذ لكن بل ثم قد لقد لم "
    "لن لا ما هذا هذه ذلك وبالمقابل بالمقابل"
)
_AR_PRONOUNS = norms("هو هي هم هما نحن")
# «غير أن X قال», «يذكر أن X أعلن»: X is the subject of a new clause, not reported content.
_AR_BUT = norms("غير إلا بيد يذكر يشار رغم برغم علما")
_AR_OBJECTS = norms("غرب دول مجتمع عالم أطراف")
# Prepositions, bare or with a pronoun («فيه», «لها», «عنه»): never a speaker nor its start.
_AR_PREPOSITIONS = _AR_STOP | norms(
    "في فيه فيها فيهم ل لـ له لها لهم لنا لي لك لكم به بها بهم منه منها منهم عنه عنها عليه عليها "
    "إليه إليها خلاله خلالها عبره معه معها معنا معهم لدى منذ بعد قبل"
)
# «قال لصحيفة …», «لوكالة تاس», «للصحفيين», «لـ"رويترز"»: to whom it was said, never who said it.
_AR_ADDRESSEES = norms(
    "لصحيفة لوكالة لقناة لشبكة لموقع لمجلة لإذاعة لتلفزيون لوسائل للصحفيين للصحافيين "
    "للصحيفة للوكالة للقناة للتلفزيون للإذاعة للإعلام لمراسل لمراسلي لمراسلين ل لـ")
_AR_IMPERSONAL = norms("يذكر يشار")
_AR_TOLD = norms("تفاصيل أرقام شيئا مزيدا المزيد")
# Verbal nouns that open a cue's object right after its subject, with no comma between
# («أكدت مصادر عدة وجود ضغوط», «وأعلن الهلال الأحمر مقتل شخصين»): the subject ends there.
# Not those that also make names («وكالة أنباء», «مديرية صحة», «مجموعة دعم»).
_AR_OBJECT_HEADS = norms(
    "وجود وقوع مقتل حدوث عزم نية رغبة استعداد ضرورة أهمية رفض التزام إصابة سقوط تفاصيل "
    "موافقة صدور")
_AR_TAKES_ALA = norms(  # cue verbs whose object may follow «على» (see ``_ali``)
    "أكد أكدت يؤكد تؤكد شدد شددت يشدد تشدد حث حثت يحث تحث حض حضت علق علقت يعلق تعلق "
    "اتفق اتفقت وافق وافقت رد ردت يرد ترد")
_AR_GOVERNING = norms("على عن من إلى الى في مع بعد قبل عند حول خلال ضد بشأن")
# «خطاباً أعلن فيه»: the object a relative clause («أعلن فيه», «قال خلاله») goes back to.
_AR_SAID_IN = norms("فيه فيها خلاله خلالها عبره به بها")
_AR_UTTERANCES = _AR_ADJUNCT_NOUNS | norms("خطاب")  # read without the accusative «ـاً»
_AR_SOURCE_HEADS = norms("وكالة وكالات صحيفة موقع قناة شبكة مجلة")
_AR_W_NOUNS = norms("وزير وزيرة وزارة وزراء وكالة وكيل والي وفد ولي وحدة وسائل وسيط")
SUBJECTLESS_NOT = _AR_NOUNS | _AR_ACCORDING | _AR_PARTICIPLES
# Words no speaker is made of: dates (Gregorian, Levantine and Hijri months, «م», «هـ») and
# the furniture of a web page («متابعات», «مواضيع ذات صلة», «حجم الخط», «جميع حقوق الموقع»).
_AR_NOT_NAMES = norms(
    "يناير فبراير مارس أبريل ابريل مايو يونيو يوليو أغسطس اغسطس سبتمبر أكتوبر "
    "اكتوبر نوفمبر ديسمبر كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين "
    "محرم صفر ربيع جمادى رجب شعبان رمضان شوال القعدة الحجة م ه هـ "
    "متابعات مواضيع حقوق محفوظة الخط حجم تحديث هكذا أخبار اخبار خارجيات الموقع موقع نشر")
# The heads of a speaker's phrase that name an office, a body or a source («وزارة الخارجية …»,
# «المتحدث باسم …», «مصادر …»), written without the article: «الوزارة» and «وزارة» alike.
_AR_HEADS = norms(
    "رئيس رئيسة وزير وزيرة وزارة وزراء خارجية دفاع حكومة متحدث متحدثة ناطق مسؤول "
    "مسؤولة مسؤولون مصدر مصادر سفير سفارة جيش قائد زعيم أمين منظمة حلف مجلس برلمان "
    "حركة جماعة حزب رئاسة كرملين ملك أمير ولي نائب مبعوث مفوضية هيئة اتحاد قوات "
    "شرطة معارضة ائتلاف تحالف وكالة صحيفة خبير محلل دولة تنظيم بيت مكتب لجنة محكمة "
    "قناة شبكة مرصد إدارة سلطات سلطة نظام")


def arabic(toks: list[Tok], first: int, end: int, named: Named | None = None) -> Found | None:
    """The speaker of the cue at tokens ``[first, end)``. ``named`` (when a registry is at
    hand) tells whether tokens ``[a, b)`` name a registered actor: a subject before the cue
    must then be one, or have the head of an office or a body (``_AR_HEADS``)."""
    norm = toks[first].norm
    word = norm if norm in _AR_ACCORDING else bare(norm)
    if first > 0 and toks[first - 1].norm in _AR_GOVERNING:
        return None  # «تنص على تعهد دول الحلف»: after a preposition, a verbal noun
    if word == "نقلا":  # «نقلاً عن X»: the phrase cue holds «عن»
        phrase = _ar_right(toks, end + (end < len(toks) and toks[end].norm == "عن"))
        return Found(phrase[:2], (first, end), "reported-from") if phrase else None
    if word in _AR_NOUNS:
        return None
    if word in _AR_CONSEQUENCE:  # what is threatened is the act before the cue and its consequence
        found = _colon_speaker(toks, first, end, named) or _main_clause(toks, first, end, named)
        if found is None:
            return None
        after = found.speaker[1] + (toks[found.speaker[1]].text in ":,،")
        return replace(found, content=(after, len(toks)))
    if word in _AR_ACCORDING or end - first > 1:  # «بحسب X», «وفقاً لـX», «جاء في X»
        begin = end + (word == "وفقا" and end < len(toks) and toks[end].norm in ("ل", "لـ"))
        phrase = _ar_right(toks, begin)
        return Found(phrase[:2], (first, end), "according-to") if phrase else None
    if word in _AR_PARTICIPLES:
        return _main_clause(toks, first, end, named)
    if word in _AR_REPORTED:
        found = _reported_from(toks, first, end)
        if found:
            return found
    if end < len(toks) and toks[end].norm in _AR_SAID_IN:  # «ألقى X خطاباً أعلن فيه»
        subject = _antecedent(toks, clause_start(toks, first), first, named)
        return Found(subject, (first, end), "subject") if subject else None
    subject = _ar_subject_before(toks, clause_start(toks, first), first, named)
    if subject:
        return Found(subject, (first, end), "subject")
    if end < len(toks) and toks[end].norm in _AR_PRONOUNS:
        return Found((end, end + 1), (first, end), "pronoun")
    if end < len(toks) and bare(toks[end].norm) in _AR_PARTICIPLES:
        return None  # «وتابع قائلاً»: the speaker is the one before
    begin = _past_addressee(toks, end)
    phrase = _ar_right(toks, begin, ali=_ali(toks, begin, word))
    if phrase:
        phrase = _without_object(toks, _before_feeling(toks, phrase))
    # A phrase that runs to the full stop, or opens with what is told («لم يذكر تفاصيل»),
    # is an object, not a subject.
    if phrase and phrase[2] and toks[phrase[0]].norm not in _AR_TOLD:
        return Found(phrase[:2], (first, end), "after-cue")
    return _main_clause(toks, first, end, named) if clause_start(toks, first) > 0 else None


def _colon_speaker(toks: list[Tok], first: int, end: int, named: Named | None) -> Found | None:
    """«وزير الخارجية الروسي: توسع الحلف سيؤدي إلى …»: the name before an opening
    colon."""
    colon = next((i for i in range(1, min(first, 8)) if toks[i].text == ":"), None)
    if colon is None or not _a_speaker(toks, 0, colon, named):
        return None
    return Found((0, colon), (first, end), "subject")


def _before_feeling(toks: list[Tok], phrase: tuple[int, int, bool]) -> tuple[int, int, bool]:
    """«أبدى المبعوث الأممي أسفه», «أعلنت أستراليا انسحابها»: the subject ends
    before the object that follows it, a noun with a possessive pronoun («أسفه»,
    «قلقها», «رفضهم»)."""
    for index in range(phrase[0] + 1, phrase[1]):
        word = toks[index].text
        if word.endswith(("ه", "ها", "هم")) and not word.startswith("ال"):
            while index - 1 > phrase[0] and toks[index - 1].norm in _AR_PREPOSITIONS:
                index -= 1  # «الصحيفة في عددها»: the object's preposition is not the speaker's
            return phrase[0], index, True
    return phrase


def _past_addressee(toks: list[Tok], index: int) -> int:
    """Where a VSO subject starts once an addressee right after the cue is passed: one word
    («للصحفيين») or a quoted name («لـ"رويترز"», «لصحيفة "برافدا"»); an addressee whose
    end cannot be told («لصحيفة كومسومولسكايا برافدا إن») leaves no subject after the cue."""
    if index >= len(toks) or toks[index].norm not in _AR_ADDRESSEES:
        return index
    after = index + 1
    if after < len(toks) and toks[after].text in OPENERS | dict.fromkeys(STRAIGHT):
        closing = _closing(toks, after)
        return len(toks) if closing is None else closing + 1
    return after if toks[index].norm.startswith("لل") else len(toks)


def _without_object(toks: list[Tok], phrase: tuple[int, int, bool]) -> tuple[int, int, bool]:
    """«طالب … سيرجي ريابكوف الحلف بالتخلي»: before a «ب» complement, a body named
    after a name («الحلف», «الحكومة») is the object of the cue, not part of its subject."""
    first, last, closed = phrase
    if not closed or last - first < 3 or not toks[last].norm.startswith("ب"):
        return phrase
    word, before = toks[last - 1].norm, toks[last - 2].norm
    if (word.startswith("ال") and _head(word) in _AR_HEADS | _AR_OBJECTS
            and not before.startswith("ال") and _head(before) not in _AR_HEADS):
        return first, last - 1, True
    return phrase


def _reported_from(toks: list[Tok], first: int, end: int) -> Found | None:
    """«ونقلت وكالة "ريا نوفوستي" الروسية للأنباء، عن X قوله»: X speaks, the outlet reports."""
    for index in range(end, min(len(toks), end + 12)):
        if toks[index].norm == "عن":
            phrase = _ar_right(toks, index + 1)
            return Found(phrase[:2], (first, end), "reported-from") if phrase else None
        if toks[index].norm in _AR_COMPLEMENTISERS or toks[index].text == ":":
            return None
    return None


def _ar_subject_before(toks: list[Tok], before: int, cue: int,
                       named: Named | None) -> tuple[int, int] | None:
    """SVO: «وكانت روسيا أعلنت», «روسيا تطلب»: the words between the clause start and the cue.
    Never a date, a number or a page's furniture; with ``named``, a registered actor or an
    office or body (``_AR_HEADS``), not whatever words open a headline."""
    words = list(range(before, cue))
    opening = [i for i in words if toks[i].norm in _AR_COMPLEMENTISERS]
    # «غير أن جيراسيموف قال», «… إلى أن دمشق تعتبر»: the subject of the clause «أن» opens;
    # a long run after a «أن» deeper in the sentence is reported content, not a subject.
    if opening and (cue - opening[-1] <= 4 or opening[-1] == before + 1
                    and bare(toks[before].norm) in _AR_BUT):
        words = words[words.index(opening[-1]) + 1:]
        if words and toks[words[0]].text.startswith("ي"):  # «أن يعتقلني»: «أنْ» and a verb
            return None
    if words and bare(toks[words[0]].norm) in _AR_KANA:
        words = words[1:]
    elif (words and toks[words[0]].norm[:1] in "وف" and toks[words[0]].norm not in _AR_W_NOUNS
          and not _noun_before_present(toks, words, cue)):
        # «وتضمنت المسودة تعهد»: a sentence opening with «و» is verb-first, not a subject
        return None
    if (
        not words
        or len(words) > 6
        or any(
            toks[i].norm in _AR_NOT_SUBJECT or bare(toks[i].norm) in _AR_NOT_SUBJECT for i in words
        )
    ):
        return None
    return (words[0], words[-1] + 1) if _a_speaker(toks, words[0], words[-1] + 1, named) else None


def _noun_before_present(toks: list[Tok], words: list[int], cue: int) -> bool:
    """«واشنطن ترحب»: a word that opens with «و» but is not shaped as a verb
    («وتضمنت», «وأعلن») before a present-tense cue is its SVO subject."""
    text = toks[words[0]].text
    rest = text[1:]
    return (len(words) == 1 and len(rest) > 3 and bare(toks[cue].norm)[:1] in "تي"
            and not rest.startswith(tuple("تيأإنس")) and not rest.endswith(("ت", "وا")))


def _antecedent(toks: list[Tok], before: int, cue: int,
                named: Named | None) -> tuple[int, int] | None:
    """«ألقى الرئيس الأميركي خطاباً أعلن فيه»: a relative clause speaks for the subject
    of the clause before it, between its verb and the utterance it names («خطاباً»)."""
    utterance = next((i for i in range(cue - 1, before + 1, -1)
                      if bare(toks[i].norm).rstrip("ا") in _AR_UTTERANCES
                      or bare(toks[i].norm) in _AR_UTTERANCES), None)
    if utterance is None or utterance - before > MAX_NP:
        return None
    # «ومن جهته ألقى X كلمة قال فيها»: the verb comes after an opening «من جهته»
    opener = toks[before].norm
    first = before + (3 if opener in _AR_PREPOSITIONS or opener[:1] in "وف"
                      and opener[1:] in _AR_PREPOSITIONS else 1)
    if first >= utterance:
        return None
    if any(toks[i].norm in _AR_NOT_SUBJECT for i in range(first, utterance)):
        return None
    return (first, utterance) if _a_speaker(toks, first, utterance, named) else None


def _a_speaker(toks: list[Tok], first: int, end: int, named: Named | None) -> bool:
    """Whether tokens ``[first, end)`` may be a speaker: no date, number or page furniture,
    and (with ``named``) a registered actor or an office or body (``_AR_HEADS``)."""
    if any(_not_a_name(toks[i]) for i in range(first, end)):
        return False
    norm = toks[first].norm
    return named is None or bool({_head(norm), _head(bare(norm))} & _AR_HEADS) or named(first, end)


def _not_a_name(tok: Tok) -> bool:
    return (not tok.word or any(char.isdigit() for char in tok.text) or tok.norm in _AR_NOT_NAMES
            or not is_arabic(tok.text) or len(tok.text) < 3)


def _head(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def _main_clause(toks: list[Tok], first: int, end: int, named: Named | None = None) -> Found | None:
    """A participle («قائلة إنها») or a subjectless verb inside a sentence
    («كما طالبت») speaks for the subject of the sentence's first word, taken as
    its verb («ونشرت وزارة الخارجية الروسية، …»), when a comma or a complementiser
    closes that subject within a few words."""
    if first == 0 or not is_arabic(toks[0].text) or bare(toks[0].norm) in _AR_NOT_SUBJECT:
        return None
    phrase = _ar_right(toks, 1, limit=6)
    if not phrase or not phrase[2] or phrase[1] > first:
        return None
    closer = toks[phrase[1]]
    if closer.text not in ",،" and closer.norm not in _AR_STOP:
        return None
    if not _a_speaker(toks, phrase[0], phrase[1], named):
        return None
    return Found(phrase[:2], (first, end), "main-clause")


def unvoiced(toks: list[Tok], first: int, end: int) -> bool:
    """Whether a cue the rules gave no speaker still reports what someone says, its speaker
    unwritten after it: «وأضاف:», «وقال للصحافيين "…"» opening a sentence (the speaker
    before goes on); «أصدرت بياناً قالت فيه», «يقول لها» inside one (content, no speaker)."""
    if first == 0:  # «يذكر أن …», «يشار إلى أن …»: it is said, by nobody in particular
        if bare(toks[0].norm) in _AR_IMPERSONAL:
            return False
        return (bare(toks[0].norm) not in SUBJECTLESS_NOT
                and no_subject_after(toks, _past_addressee(toks, end)))
    return (end < len(toks) and toks[end].norm in _AR_SAID_IN | _AR_ADDRESSEES
            and bare(toks[first].norm) not in SUBJECTLESS_NOT)


def no_subject_after(toks: list[Tok], end: int) -> bool:
    """Whether nothing that could be a subject follows a cue («وأضاف:», «وأضاف أن»,
    «وتابع قائلاً»): a noun there («وأكدت الخارجية الصينية رفضها…») is a subject the
    rules could not delimit, and the statement must not take the previous speaker."""
    if end >= len(toks) or not toks[end].word:
        return True
    return (
        toks[end].norm in _AR_NOT_SUBJECT
        or bare(toks[end].norm) in _AR_PARTICIPLES | _AR_NOT_SUBJECT
    )


def _ar_right(toks: list[Tok], begin: int, limit: int = MAX_NP,
              ali: bool = False) -> tuple[int, int, bool] | None:
    """The Arabic noun phrase starting at token ``begin`` («مسؤول بالبيت الأبيض»,
    «المتحدث الرسمي باسم الكرملين دميتري بيسكوف») as ``(first, end, closed)``.

    It ends at punctuation, a complementiser, a preposition, a day or an adverb,
    a verbal noun with «ب» («بحشد»), or after a finished coordination
    («واشنطن وكييف | موسكو»); ``closed`` is False when it ran to the end of the
    sentence or to the length limit instead. With ``ali``, its first word is the name
    «علي», not the preposition (see ``_ali``)."""
    if not ali and begin < len(toks) and (toks[begin].norm in _AR_PREPOSITIONS | _AR_ADDRESSEES
                                          or toks[begin].norm == "ما"):  # «بحسب ما»: what
        return None
    last, named_source = begin, False
    while last < len(toks):
        if last - begin >= limit:
            return (begin, last, False) if last > begin else None
        tok = toks[last]
        named_source = (
            named_source or tok.norm in _AR_SOURCE_HEADS or bare(tok.norm) in _AR_SOURCE_HEADS
        )
        if not tok.word:
            closing = _closing(toks, last) if named_source and last > begin else None
            if closing is not None:  # «وكالة "ريا نوفوستي"»: a quoted name inside the phrase
                last = closing + 1
                continue
            break
        if _ends_phrase(toks, begin, last) and not (ali and last == begin):
            break
        last += 1
    if last == begin:
        return None
    closed = last < len(toks) and toks[last].text not in ".!?؟…"
    return _apposed(toks, (begin, last, closed))


def _ali(toks: list[Tok], index: int, cue: str) -> bool:
    """Whether «علي» at ``index``, right after the cue word ``cue``, is the name Ali («قال علي
    الحسيني»): normalising folds it into the preposition «على», which is written with alef
    maqsura, except by sites that write it with yeh where a verb takes it («أكد علي ضرورة»,
    «أكد علي أن»). After such a verb it is the name only where a name of one to three words
    and a complementiser follow («أكد علي أكبر ولايتي أن»)."""
    if not (index + 1 < len(toks) and toks[index].norm == "علي" and "ى" not in toks[index].text
            and toks[index + 1].word):
        return False
    if cue not in _AR_TAKES_ALA:
        return True
    for after in range(index + 1, min(len(toks), index + 5)):
        word = toks[after].norm
        if word in _AR_COMPLEMENTISERS and after > index + 1:
            return True
        if (not toks[after].word or word in _AR_NOT_SUBJECT or word in _AR_OBJECT_HEADS
                or bare(word) in _AR_PARTICIPLES):  # «علق علي ذلك قائلا إن», «شدد علي ضرورة»
            return False
    return False


def _apposed(toks: list[Tok], phrase: tuple[int, int, bool]) -> tuple[int, int, bool]:
    """«المتحدث باسم الوزارة، اللواء إيغور كوناشينكوف،»: a name set off by two commas
    after a title is the same speaker; a time, a place or a relative clause there is not."""
    first, last, closed = phrase
    if not closed or toks[last].text not in ",،":
        return phrase
    for end in range(last + 1, min(len(toks), last + 6)):
        tok = toks[end]
        if tok.text in ",،" and end > last + 1:
            return first, end, True
        if (not tok.word or _not_a_name(tok) or tok.norm in _AR_NOT_SUBJECT
                or bare(tok.norm) in _AR_NOT_SUBJECT or tok.norm in _AR_PREPOSITIONS
                or tok.norm in _AR_ADDRESSEES or tok.norm.startswith("لل")):
            return phrase
    return phrase


def _ends_phrase(toks: list[Tok], begin: int, index: int) -> bool:
    tok = toks[index]
    if tok.norm in _AR_STOP or tok.norm in _AR_PRONOUNS or tok.norm in _AR_ADDRESSEES:
        return True
    if index > begin and tok.norm in _AR_OBJECT_HEADS:
        return True
    if tok.norm == "في" and index + 1 < len(toks) and toks[index + 1].norm in _AR_ADJUNCT_NOUNS:
        return True
    if (
        index > begin
        and tok.norm.startswith("ب")
        and tok.norm != "باسم"
        and not _ends_name(toks, begin, index)
    ):
        return True  # «بحشد قوات», «باتخاذ موقف»: a verbal noun starts the object, not the subject
    previous = toks[index - 1].norm if index > begin else ""
    # «واشنطن وكييف | موسكو»: a conjunct not followed by a definite word or another conjunct
    # ends the subject.
    return (index - 1 > begin and previous.startswith("و") and previous not in _AR_W_NOUNS
            and not tok.norm.startswith(("ال", "و")))


def _ends_name(toks: list[Tok], begin: int, index: int) -> bool:
    """Whether the «ب» word at ``index`` belongs to the phrase: a name that ends it
    («دميتري بيسكوف،», «بوتين ونظيره») or a place after a one-word head («مسؤول بالبيت الأبيض»)."""
    if toks[index].norm.startswith("بال"):  # «الحلف بالتخلي»: a verbal noun, not a name
        return index == begin + 1
    following = toks[index + 1] if index + 1 < len(toks) else None
    return (
        following is None
        or not following.word
        or following.norm in _AR_STOP
        or following.norm in _AR_ADDRESSEES
        or following.norm.startswith("و")
    )


def _closing(toks: list[Tok], opening: int) -> int | None:
    wanted = OPENERS.get(toks[opening].text, toks[opening].text)
    for index in range(opening + 1, min(len(toks), opening + 7)):
        if toks[index].text == wanted:
            return index
    return None
