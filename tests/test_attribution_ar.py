"""Arabic speakers on plain sentences: the addressee after «قال لـ», prepositions, relative
clauses and SVO subjects are read as a reader reads them (``claims.attribution_ar``)."""
import pytest

from claims.attribution import attribute
from claims.cues import LEXICON
from claims.mentions import MentionFinder

FINDER = MentionFinder([("actor", "Russia", "بوتين"), ("actor", "Russia", "لافروف"),
                        ("actor", "Russia", "جيراسيموف"),
                        ("actor", "United States", "واشنطن")])


def _speaker(sentence: str, finder: MentionFinder | None = None) -> str | None:
    found = attribute(sentence, [(0, len(sentence))], finder)[0]
    span = found.speaker_span if found else None
    return sentence[span[0]:span[1]] if span else None


@pytest.mark.parametrize("finder", [None, FINDER])
@pytest.mark.parametrize(("sentence", "speaker"), [
    # the addressee after «قال لـ» is never the speaker, nor glued to it
    ("غير أن جيراسيموف قال لصحيفة كومسومولسكايا برافدا إن الحلف يستعد للحرب.", "جيراسيموف"),
    ("وقال لافروف لوكالة تاس إن موسكو سترد.", "لافروف"),
    ("وأكد بوتين للصحفيين أن روسيا لن تهاجم أحدا.", "بوتين"),
    ("وقال المتحدث باسم الكرملين دميتري بيسكوف للصحفيين إن موسكو لا تهدد أحدا.",
     "المتحدث باسم الكرملين دميتري بيسكوف"),
    ('وقال لـ"رويترز" مسؤول أميركي إن الهجوم فشل.', "مسؤول أميركي"),
    ('وقال مسؤول أميركي لـ"رويترز" إن الهجوم فشل.', "مسؤول أميركي"),
    # a relative clause («أعلن فيه») speaks for the subject of the clause before it
    ("ألقى الرئيس الأميركي خطاباً أعلن فيه أن القوات ستنسحب.", "الرئيس الأميركي"),
    # «أنْ» and a verb opens no subject; «لي» is an addressee
    ("حاول أن يعتقلني وقال لي بلغة إنجليزية إن الحرب انتهت.", None),
    # the object and its «ب» complement after the name are not the speaker's
    ("طالب نائب وزير الخارجية الروسي سيرجي ريابكوف الحلف بالتخلي عن خططه.",
     "نائب وزير الخارجية الروسي سيرجي ريابكوف"),
    # an SVO subject before a present-tense cue wins over a «بـ» object after it
    ("واشنطن ترحب بعملية إجلاء المرضى من حلب.", "واشنطن"),
    # a prepositional phrase is never a speaker nor its start
    ("أعلنت في 6 كانون الأول الحكومة السورية أن القوات انسحبت.", None),
    ("وأعلن فيه الوزير أن الحرب انتهت.", None),
])
def test_arabic_speaker_is_the_one_who_speaks(sentence, speaker, finder):
    assert _speaker(sentence, finder) == speaker


def test_a_verb_opening_with_waw_is_still_no_subject():
    """«وتضمنت المسودة تعهداً»: the «و» exception for «واشنطن ترحب» does not take verbs."""
    assert _speaker("وتضمنت المسودة تعهد روسيا بعدم الهجوم.") != "وتضمنت المسودة"


def test_a_relative_clause_after_an_opening_phrase():
    """«ومن جهته ألقى X كلمة قال فيها»: the verb comes after «من جهته», X speaks."""
    sentence = "ومن جهته ألقى عضو الهيئة محمد تايه كلمة قال فيها إن الحرب انتهت."
    assert _speaker(sentence) == "عضو الهيئة محمد تايه"


def _content(text: str, spans: list[tuple[int, int]], index: int = -1) -> tuple[str | None, str]:
    """The content and the carried-or-written speaker of statement ``index``."""
    found = attribute(text, spans)[index]
    content = text[found.content_start:found.content_end] if found.content_span else None
    return content, found.how


def test_a_cue_whose_speaker_is_not_written_after_it_still_reports_a_content():
    # «وقال للصحافيين "…"»: the addressee is no speaker, the speaker before goes on
    first = "وقال لافروف إن موسكو سترد."
    text = f'{first} وقال للصحافيين " لا يمكن لأحد الضغط علينا " .'
    content, how = _content(text, [(0, len(first)), (len(first) + 1, len(text))])
    assert how == "carried" and "لا يمكن لأحد الضغط علينا" in content
    # inside a sentence («أصدرت بيانا قالت فيه», no subject the rules can tell): the content,
    # and nobody carried from the statement before
    second = "إلا أن الحركة، التي تقاتل في حلب، أصدرت بيانا قالت فيه إنها تدين الانتهاك."
    text = f"{first} {second}"
    content, how = _content(text, [(0, len(first)), (len(first) + 1, len(text))])
    assert how is None and content.endswith("إنها تدين الانتهاك")


def test_a_speaker_after_a_complementiser_is_nested_in_the_content():
    # «صرح مسؤول كردي اليوم بأن روسيا دعت …»: the Kurdish official's content runs over the
    # report of what Russia did, not up to «روسيا»
    text = "وصرح مسؤول كردي اليوم بأن روسيا دعت الإدارة الكردية لحضور مؤتمرها."
    content, how = _content(text, [(0, len(text))])
    assert how == "after-cue" and content.endswith("لحضور مؤتمرها")


@pytest.mark.parametrize("finder", [None, FINDER])
def test_an_expressing_verb_before_its_subject_and_about(finder):
    # «وعبرت القوة الجوية عن …»: «عبر» before «عن» is a cue; «عبر الهاتف» is "via"
    assert _speaker("وعبرت القوة الجوية عن الحزن الشديد لفقدان الطيار.", finder) == "القوة الجوية"
    assert _speaker("ودخلت القوات عبر الحدود عن طريق تركيا.", finder) is None
    assert _speaker("وتحدث الوزير عبر الهاتف عن الأزمة.", finder) is None
    # «لفت … إلى», «علق … على»: cues with their preposition a few words on
    assert _speaker("ولفت مدير المرصد السوري إلى أن الطفل مصاب.", finder) == "مدير المرصد السوري"
    assert _speaker('وعلق العريضي على ذلك: "هذا تحد للمبعوث".', finder) == "العريضي"
    assert _speaker("وعلقت الحكومة العمل بالاتفاق.", finder) is None


@pytest.mark.parametrize("finder", [None, FINDER])
@pytest.mark.parametrize(("sentence", "speaker"), [
    # a name set off by commas after a title is the same speaker; a time or an addressee is not
    ("وقال المتحدث باسم الوزارة، اللواء إيغور كوناشينكوف، في بيان إن الطيران لا يقصف المدن.",
     "المتحدث باسم الوزارة، اللواء إيغور كوناشينكوف"),
    ("وقال الوزير، أمس، إن الحرب انتهت.", "الوزير"),
    ("قالت المتحدثة باسم البيت الأبيض جين ساكي، للصحافيين، إن واشنطن تتحدث مع حلفائها.",
     "المتحدثة باسم البيت الأبيض جين ساكي"),
    # a cue word after a preposition is a verbal noun; new cues «أردف», «توعد», «حض»
    ("ونصت المسودة على طلب دول الحلف استبعاد انضمام أوكرانيا.", None),
    ('وأردف الوزير: "لن نتراجع".', "الوزير"),
    ("وتوعد وزير الدفاع الإسرائيلي أفيغدور ليبرمان، نظام الأسد برد قاس.",
     "وزير الدفاع الإسرائيلي أفيغدور ليبرمان"),
    ("وحضت المستشارة الألمانية، أنغيلا ميركل، الطرفين على الالتزام بالهدنة.",
     "المستشارة الألمانية، أنغيلا ميركل"),
])
def test_titles_with_names_and_new_cues(sentence, speaker, finder):
    assert _speaker(sentence, finder) == speaker


def test_an_impersonal_opening_carries_nobody():
    # «يذكر أن …» (it is worth noting): no speaker, not the previous one's words
    first = "وقال لافروف إن موسكو سترد."
    text = f"{first} يذكر أن أستراليا تشارك في التحالف منذ عام 2014."
    found = attribute(text, [(0, len(first)), (len(first) + 1, len(text))])[-1]
    assert found.how is None and found.content_span is None


@pytest.mark.parametrize("sentence", [
    "ويجب على الطالب الملتحق بالجامعة تقديم طلب.",  # «الطالب»: the student, not «طالب»
    "ويمكن للطالب التقدم بطلب المساعدة.",
    "وما زال الطريق طويلا لكشف حجم المشكلة.",  # «لكشف»: to uncover
    "اعلن معنا / شكرا للاشتراك في النشرة.",  # page chrome: "advertise with us"
    "والطريق طويل بحسب ما تظهر عشرات الشهادات.",  # «بحسب ما»: according to what
])
def test_nouns_that_spell_a_cue_and_chrome_name_no_speaker(sentence):
    assert _speaker(sentence) is None


@pytest.mark.parametrize("sentence, cue, speaker", [
    # Sites that write the shadda as a space («صرّح» → «صر ح»), or a tanween («وفقاً» → «وفق ا»)
    ("وفي هذا السياق، صر ح أحد مستشاري الرئيس التركي بأن أنقرة لن تتراجع.", "صر ح",
     "أحد مستشاري الرئيس التركي"),
    ("وحذ ر المفتي الشيخ عبد اللطيف دريان من التدخل في شؤون القضاء.", "حذ ر",
     "المفتي الشيخ عبد اللطيف دريان"),
    ("وقتل عشرة مدنيين وفق ا لناشطين في المدينة.", "وفق ا", "لناشطين في المدينة"),
])
def test_a_cue_split_where_its_shadda_was_is_read_whole(sentence, cue, speaker):
    found = attribute(sentence, [(0, len(sentence))])[0]
    assert sentence[found.cue_start:found.cue_end] == cue
    assert sentence[found.speaker_start:found.speaker_end] == speaker


@pytest.mark.parametrize("sentence", [
    "وقف الناس في صف طويل أمام المخبز.",  # «في صف» is not «فيصف» (describes)
    "ذ كر ز عم أنه رأى شيئا.",  # a text spaced letter by letter stays as it is
    "الموظف ين في الوزارة يعملون كل يوم.",  # a plural suffix split off is no «ينفي»
    "كاد أن يضعف الحكومة.",  # «كاد أن» is no «كأدان»: a cue takes no proclitic but و/ف
])
def test_words_that_stand_alone_are_not_joined_into_a_cue(sentence):
    assert _speaker(sentence) is None
    assert not [cue.surface for cue in LEXICON.find(sentence) if " " in cue.surface]


def test_a_cue_after_a_split_word_keeps_its_own_reading():
    sentence = "وكانت مصادر عديدة كانت قد أشارت إلى ذلك."  # «كانت قد» is no «كانتقد»
    assert [cue.surface for cue in LEXICON.find(sentence)] == ["أشارت"]


@pytest.mark.parametrize(("sentence", "speaker"), [
    # «علي» written with yeh after a cue is the name Ali, not the preposition «على»
    ("وقال علي الحسيني إن القوات تنتظر أوامر جديدة.", "علي الحسيني"),
    ("أكد علي أكبر ولايتي أن إيران لن تنسحب.", "علي أكبر ولايتي"),
    # … except where the verb takes «على» and no name and complementiser follow
    ("وأكد علي ضرورة الحوار بين الأطراف.", None),
    ("وأكد علي أن الحوار ضروري.", None),
    ("وعلق علي ذلك قائلا إن الحرب انتهت.", None), ("وشدد علي ضرورة الحل مؤكدا أن الوقت ضيق.", None),
    ("وأكد علي ذلك الوزير أن الوقت ضيق.", None),
    ("وقال على لسان المتحدث إن الوضع صعب.", None),
    # a day or the object's preposition ends the speaker
    ("وقال دبلوماسيون يوم الأحد إن المحادثات فشلت.", "دبلوماسيون"),
    ("وذكرت الصحيفة في عددها الصادر اليوم أن الوزير استقال.", "الصحيفة"),
    # what is told is no speaker, and the object opened by a verbal noun is not the subject's
    ("ولم يذكر تفاصيل أخرى عن الهجوم.", None),
    ("وأكدت مصادر عدة وجود ضغوط دبلوماسية على الوفد.", "مصادر عدة"),
    ("وأعلن الهلال الأحمر الفلسطيني مقتل شخصين جنوب قطاع غزة.", "الهلال الأحمر الفلسطيني"),
    ("وأكد السيد الرئيس أهمية مواصلة التشاور السياسي.", "السيد الرئيس"),
    ("أعلنت وكالة أنباء الإمارات نقلا عن بيان أن الدولة تستنكر الهجوم.", "وكالة أنباء الإمارات"),
    ("وأكد مرارا ضرورة انسحاب المسلحين.", None),
    ("وقالت أسماء عباس، الموظفة في وزارة العدل، إن الجميع أصيب بالذعر.", "أسماء عباس"),
])
def test_names_days_and_objects_after_the_cue(sentence, speaker):
    assert _speaker(sentence) == speaker
