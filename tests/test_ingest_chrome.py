"""Page chrome that shares a line with article text, and crossheads, become no statements
(``claims.ingest.chrome_sentences``); real sentences stay. Snippets are written after the
pages of ../shared/data/arabic-fc-baly2018."""

from __future__ import annotations

import pytest

from claims.ingest import prepare
from claims.readers import RawArticle

LEAD = "وقال وزير الخارجية إن المحادثات ستستمر الأسبوع المقبل في جنيف ."


def statements(text: str, language: str | None = None) -> list[str]:
    prepared = prepare(RawArticle(text=text, where="test"), language=language)
    body = prepared.fields["text"]
    return [body[start:end] for start, end, *_ in prepared.statements]


@pytest.mark.parametrize(
    "chrome",
    [
        "2011 جميع الحقوق محفوظة لقناة العربية .",
        "( أ ف ب ) التعليق 2018 جميع حقوق النشر محفوظة لجريدة الغد",
        "لن يتم نشر عنوان بريدك الإلكتروني .",
        "فشل التأكد من البريد الإلكتروني , من فضلك أعد المحاولة .",
        "كلمات دال ة , , , روابط ذات صلة تابعونا على اختيارات القراء فيسبوك X تم إرسال تعليقك .",
        "لا توجد تعليقات على الخبر مشاركتك بالتعليق تعنى أنك قرأت بروتوكول نشر التعليقات .",
        "هل أعجبك الموضوع ?",
        "View the results at Google , or enable JavaScript to view them here .",
        "2018 / 01 / 21 2018 / 01 / 21 2018 / 01 / 20 2018 / 01 / 20",
    ],
)
def test_a_chrome_sentence_after_the_article_is_no_statement(chrome):
    assert statements(f"{LEAD} {chrome}\nوأضاف أن الوفد سيعود .") == [
        LEAD,
        "وأضاف أن الوفد سيعود .",
    ]


def test_a_crosshead_is_no_statement_but_a_last_line_without_a_stop_is():
    crosshead = "الأمم المتحدة تدعو إلى إنهاء الحصار"
    text = f"{LEAD}\n{crosshead}\nوقال مسؤول كبير إن الحصار خانق .\nوختم المسؤول بالقول لا بديل"
    assert statements(text) == [
        LEAD,
        "وقال مسؤول كبير إن الحصار خانق .",
        "وختم المسؤول بالقول لا بديل",
    ]


def test_a_headline_repeated_in_the_page_is_no_statement():
    text = "عصام زهر الدين . العميد يلفظ أنفاسه الأخيرة . عصام زهر الدين . " + LEAD
    assert statements(text) == ["العميد يلفظ أنفاسه الأخيرة .", LEAD]


@pytest.mark.parametrize(
    "real",
    [
        # email named in a real sentence, without a form's wording
        "ويمكن للطالب إرسال الاستمارة على البريد الإلكتروني أو تقديمها في أحد مكاتب المفوضية .",
        "وقال إيجلاند للصحفيين إن 13 حصارا في سوريا ترقى إلى خنق المدنيين .",
        "وأبرم العراق مع الولايات المتحدة اتفاقا في عام 2011 لشراء 36 مقاتلة اف 16 .",
    ],
)
def test_a_real_sentence_stays(real):
    assert statements(f"{LEAD}\n{real}") == [LEAD, real]


def test_latin_sentences_are_chrome_only_in_an_arabic_article():
    english = (
        "Peskov said Moscow had no plans to invade. Click here to subscribe to our newsletter."
    )
    assert statements(english) == ["Peskov said Moscow had no plans to invade."]
    assert statements(f"{LEAD} Kensington Centre 66 Hammersmith Rd London W14 8UD , UK .") == [LEAD]
    assert statements("Peskov denied it. The talks ended.") == [
        "Peskov denied it.",
        "The talks ended.",
    ]


# --- real pages: a "read also" label before prose, addresses, initials, navigation, forms -----


def test_a_read_also_label_before_a_long_line_of_prose_drops_the_label_alone():
    more = [LEAD, "وأضاف أن الوفد سيعود إلى العاصمة بعد انتهاء الجولة الثانية من المحادثات .",
            "وأكد المتحدث باسم الوزارة أن اللقاء تناول ملفات إقليمية عديدة ."]
    assert statements(f"إقرأ أيضا : {' '.join(more)}") == more
    links = "اقرأ أيضاً:\nعنوان خبر آخر\nعنوان خبر ثالث\n\n" + LEAD
    assert statements(links) == [LEAD]


def test_a_site_address_split_at_its_dot_is_joined_and_its_settings_line_dropped():
    page = f"لقد اختارت DW . COM اللغة العربية كلغة الإعدادات الخاصة بك .\n{LEAD}"
    assert statements(page, "ar") == [LEAD]
    quoted = "ونقل موقع الجزيرة . نت عن مصدر أن الوفد سيعود غدا ."
    assert statements(f"{LEAD}\n{quoted}", "ar") == [LEAD, quoted]


def test_a_run_of_agency_initials_is_no_statement_and_leaves_the_sentences_around_it():
    page = (f"{LEAD[:-2]} ح . ع . ح / ي . ب ( أ . ف . ب / رويترز ) أهم اللاعبين في الصراع "
            "السوري حسابات الربح والخسارة .")
    assert statements(page, "ar") == [LEAD[:-2], "أهم اللاعبين في الصراع السوري حسابات الربح "
                                                 "والخسارة ."]


def test_english_navigation_words_are_trimmed_off_an_arabic_lead():
    page = f"عنوان الخبر | الجزيرة مباشر Main navigation Search Main navigation {LEAD}"
    assert statements(page, "ar") == [LEAD]


@pytest.mark.parametrize(
    "chrome",
    [
        "الرجاء تأكيد المعلومات أدناه قبل تسجيل الدخول { * # socialRegistrationForm * } "
        "{ * firstName * } { * lastName * } " + "بالنقر على إنشاء حساب " * 12 + ".",
        "لقد تم إرسال ارشادات باستعادة حسابك إلى بريدك الاليكتروني .",
        "تسجيلهل لديك ملف شخصي على الموقع تسجيل أهلا بكم , !",
    ],
)
def test_account_and_settings_boilerplate_is_no_statement(chrome):
    assert statements(f"{LEAD}\n{chrome}", "ar") == [LEAD]


# --- a page's header, UI glued to a lead, and the site of a page ------------------------------

LEAD_EN = "The minister said the talks would resume in Geneva next week."
# The rest of a page: a header is looked for in a text of more than 100 words only.
REST_AR = [
    "وأضاف أن الوفد سيعود إلى العاصمة بعد انتهاء الجولة الثانية من المحادثات .",
    "وأكد المتحدث باسم الوزارة أن اللقاء تناول ملفات إقليمية عديدة بينها الوضع الإنساني .",
    "وكانت الجولة السابقة قد انتهت من دون اتفاق على جدول أعمال الجولة المقبلة .",
    "وقال دبلوماسيون إن الأطراف تبادلت مسودات مكتوبة للمرة الأولى منذ بدء المفاوضات .",
    "ودعت الأمم المتحدة إلى وقف فوري لإطلاق النار في المناطق المحاصرة شمال البلاد .",
    "وأشار إلى أن المساعدات الإنسانية لم تصل بعد إلى عشرات الآلاف من المدنيين .",
    "ومن المقرر أن يعقد مجلس الأمن جلسة طارئة لمناقشة التطورات مساء الخميس المقبل .",
]
REST_EN = [
    "He added that the delegation would return to the capital after the second round.",
    "A spokesman for the ministry said the meeting covered many regional questions.",
    "The previous round ended without agreement on an agenda for the next one.",
    "Diplomats said the parties had exchanged written drafts for the first time.",
    "The United Nations called for an immediate ceasefire in the besieged areas.",
    "Aid has yet to reach tens of thousands of civilians in the north, he said.",
    "The Security Council is due to meet on Thursday evening to discuss the fighting.",
]


def prepared(text: str, title: str | None = None, language: str | None = None):
    return prepare(RawArticle(text=text, where="test", title=title), language=language)


def test_a_repeated_title_after_a_page_header_gives_the_title_and_no_statement():
    title = "قتلى وجرحى بانفجار في حمص"
    page = (f"{title} | وكالة شهاب للأنباء البحث عن : اختر صفحة اختر تصنيف {title} "
            f"الثلاثاء 05 ديسمبر 2017 12 : 17 م {title} {LEAD}\n" + "\n".join(REST_AR))
    article = prepared(page, language="ar")
    body = article.fields["text"]
    assert article.fields["title"] == title
    assert [body[s:e] for s, e, *_ in article.statements] == [LEAD, *REST_AR]


@pytest.mark.parametrize("date", ["08/12/2017", "2017-12-08", "15:35"])
def test_a_date_written_as_one_token_is_a_headers_furniture(date):
    from claims.pagechrome import page_header

    lead = " وأضاف أن القصف استمر ساعات طويلة على المدينة ." * 12
    page = f"قتلى بانفجار في حمص {date} قتلى بانفجار في حمص قال قائد الشرطة ." + lead
    header = page_header(page)
    assert header.title == "قتلى بانفجار في حمص"
    assert page[header.end:].lstrip().startswith("قال قائد الشرطة")


def test_a_header_of_bars_without_a_repetition_gives_its_first_part_as_title():
    page = f"Talks to resume in Geneva | Example News | Home {LEAD_EN}\n" + "\n".join(REST_EN)
    article = prepared(page)
    assert article.fields["title"] == "Talks to resume in Geneva"
    body = article.fields["text"]
    assert [body[s:e] for s, e, *_ in article.statements] == [f"Home {LEAD_EN}", *REST_EN]


def test_a_given_title_is_kept_and_the_header_still_dropped():
    page = "وزير الخارجية يزور جنيف اليوم | هاف بوست عربي | رويترز تم النشر : 09 : 20 " \
        f"02 / 11 / 2017 AST وزير الخارجية يزور جنيف اليوم {LEAD}\n" + "\n".join(REST_AR)
    article = prepared(page, title="عنوان من الملف")
    body = article.fields["text"]
    assert article.fields["title"] == "عنوان من الملف"
    assert [body[s:e] for s, e, *_ in article.statements] == [LEAD, *REST_AR]


@pytest.mark.parametrize(
    "prose",
    [
        # a phrase repeated after a sentence ending is prose, not a header
        f"{LEAD_EN} The minister said the talks would be hard.",
        "قال الرئيس الأمريكي دونالد ترامب إن بلاده ستنسحب . وأضاف الرئيس الأمريكي دونالد ترامب "
        "أن القرار نهائي .",
        # prose repeating itself, with nothing of a header around the repetition
        "اللهم إني أسألك من الخير كله عاجله وآجله ماعلمت منه ومالم أعلم وأعوذ بك من الشر كله "
        "عاجله وآجله ماعلمت منه ومالم أعلم",
        "Prices rose 5 % in May, the office said.",
        # a phrase said twice around a number is no header
        "وقال المتحدث باسم وزارة الخارجية الروسية في بيان إن 15 جنديا قتلوا، مضيفا أن المتحدث "
        "باسم وزارة الخارجية الأمريكية لم يعلق على الحادث.",
    ],
)
def test_prose_has_no_header(prose):
    text = "\n".join([prose, *(REST_EN if prose.isascii() else REST_AR)])
    article = prepared(text)
    assert article.fields["title"] is None
    assert article.fields["text"] == text


def test_a_post_of_a_label_and_a_bar_is_no_page():
    post = "رئيس الكتلة البرلمانية لحزب النور | لن نقبل تغيير المادة الثانية من الدستور"
    assert prepared(post).fields["text"] == post


def test_a_page_of_nothing_but_its_header_keeps_it():
    assert prepared("Talks resume | Example News | 2017").fields["text"] == (
        "Talks resume | Example News | 2017"
    )


@pytest.mark.parametrize(
    "chrome",
    [
        "Notify message قم بوصف الخطأ هنا ( حد الأحرف 1000 حرف ) اكتب الكلمات أدناه لنتأكد من "
        "أنك لست نصف آلي قم بتسجيلي في موجز HuffPost اليومي Thanks for your report !",
        "اليوم غدا يرجى كتابة اسم المدينة التي تود الحصول على بيانات حالة الطقس الخاصة بها "
        "باللغة الإنكليزية .",
        "البحث عن : اختر صفحة اختر تصنيف .",
        "Search this site : .",
        "HuffPost News استخدم هذا النموذج لتنبيه محرر HuffPost بحدوث خطأ حقيقي أو مطبعي في هذه "
        "القصة الإخبارية .",
        "المزيد حول هذه القصة BBC Arabic تصفح بي بي سي ليست مسؤولة عن محتوى المواقع الخارجية",
        "صحيفة عاجل الإلكترونية تطلق تطبيقها الجديد والمميز حمله الآن على جوالك مجانا تمت "
        "عملية النسخ !",
        "نعم لا جاري التحميل .",
        "{ * loginWidget * } بالحساب الاعتيادي .",
    ],
)
def test_widgets_and_error_reports_are_no_statement(chrome):
    assert statements(f"{LEAD}\n{chrome}\nوأضاف أن الوفد سيعود .", "ar") == [
        LEAD, "وأضاف أن الوفد سيعود ."]


@pytest.mark.parametrize(
    "label",
    ["Search CNN Arabic Navigation عناوين الأخبار", "Search for :", "form Search",
     "استمارة البحث Search this site أقسام الموقع"],
)
def test_a_search_box_label_is_trimmed_off_an_arabic_lead(label):
    assert statements(f"{label} {LEAD}", "ar") == [LEAD]


def test_a_related_label_glued_before_a_lead_is_trimmed_with_what_precedes_it():
    lead = ("اعلنت القوات الجوية العراقية اليوم مصرع أحد طياريها خلال مهمة تدريبية في قاعدة "
            "ولاية اريزونا الاميركية .")
    assert statements(f"د أسامة مهدي / مواضيع ذات صلة {lead}", "ar") == [lead]
    # far into a long sentence, the words are prose: nothing is trimmed
    prose = ("وقال الوزير في مؤتمر صحفي عقده في العاصمة مساء أمس إن الحكومة ستنشر قريبا جميع "
             "الوثائق ذات صلة بالاتفاق الذي وقعته مع الشركات الأجنبية في العام الماضي بعد "
             "مفاوضات طويلة استمرت أشهرا عديدة بين الطرفين في أكثر من عاصمة أوروبية وعربية .")
    assert statements(f"{LEAD}\n{prose}", "ar") == [LEAD, prose]


def test_a_date_after_the_header_title_is_left_out_of_the_title_and_the_statements():
    title = "الجمعية العامة للأمم المتحدة تدين نظام بشار"
    page = (f"{title} الأربعاء 08 جمادى الأولى 1434 ه - - 20 مارس 2013 م | اليوم غدا آخر تحديث "
            f": الجمعة 25 ربيع الأول 1433 ه KSA 01 : 09 - GMT 22 : 09 {title} {LEAD}\n"
            + "\n".join(REST_AR))
    article = prepared(page, language="ar")
    body = article.fields["text"]
    assert article.fields["title"] == title
    assert [body[s:e] for s, e, *_ in article.statements] == [LEAD, *REST_AR]


@pytest.mark.parametrize("lead", [
    # words that only look like a label, a search box or a widget
    "وقال الوزير إن القضايا المتعلقة بالأمن الإقليمي ستناقش في الاجتماع المقبل في جنيف.",
    "البحث عن ناجين تحت الأنقاض مستمر منذ يومين في المدينة المنكوبة بعد الزلزال.",
    "وأدت حالة الطقس السيئة إلى تأجيل عملية الإجلاء من المدينة المحاصرة حتى صباح الغد.",
    "وقالت الحكومة إن الشركة ليست مسؤولة عن محتوى الإعلانات التي نشرت على موقعها.",
])
def test_prose_that_looks_like_chrome_stays_whole(lead):
    text = "\n".join([lead, *REST_AR])
    article = prepared(text)
    assert text[slice(*article.statements[0][:2])] == lead
