"""Mending the sentence split of real news pages where page chrome broke it, reading
a page's header line, and naming the site a page belongs to.

Scraped pages glue chrome to text in ways the sentence splitter cannot know:
a site's address split at its dot («الجزيرة . نت», "DW . COM"), a run of
agency initials at an article's end («ح . ع . ح / ي . ب ( أ . ف . ب / رويترز )»)
split at every dot, and English navigation words before an Arabic lead. ``mend``
joins, drops or trims the sentence spans so that ``ingest.chrome_sentences``
then sees whole chrome sentences and real sentences lose nothing.

A saved page often opens with its header on the line of its lead: «title | site»,
menus, a date, then the title again («… | هاف بوست عربي | رويترز تم النشر : 09 : 20 …
AST»). ``page_header`` finds where that header ends, so that it gives the article a
title and is no part of a statement. ``site`` names the registered domain of a url, so
that the sidebars of isis.liveuamap.com and syria.liveuamap.com count as one site's.
"""
from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urlsplit

from claims.text import Span

# The tail of a web address split off at its dot starts the next "sentence".
_DOMAIN_TAIL = re.compile(r"(?:نت|كوم|com|net|org)\b", re.IGNORECASE)
# An agency's initials, one letter each, with the dots, slashes and brackets between them.
_INITIAL = re.compile(r"[\u0621-\u064A]")
_AGENCY = re.compile(r"رويترز|وكالات|\b(?:dpa|afp|ap|reuters)\b", re.IGNORECASE)
_SEPARATORS = {".", "/", "(", ")", "-", "،", ","}
# English navigation words a scraper kept before an Arabic page's lead.
_NAVIGATION = re.compile(
    r"(?:\b(?:main navigation|toggle navigation|navigation|search|menu|skip to (?:main )?content"
    r"|home|log ?in|sign in)\b\W*){2,}",
    re.IGNORECASE,
)
# A search box or menu label opening a sentence of an Arabic page: trimmed off alone too.
_LEADING_UI = re.compile(
    r"(?:\W*(?:(?:site |form )?search(?: this site| for| form| in| by)?(?: cnn arabic)?"
    r"(?: navigation)?|main (?:menu|navigation)|you are here|sign in|welcome !"
    r"|استمارة البحث|البحث عن\s*:|ابحث|اختر صفحة|اختر تصنيف|عناوين الأخبار|أنت هنا"
    r"|القائمة الرئيسية|التبويبات الأساسية|أقسام الموقع|اسم المرسل)(?=\W|$))+\W*",
    re.IGNORECASE,
)

# A "related" or "most read" label glued before a lead: what precedes it is chrome too.
_GLUED_LABEL = re.compile(r"(?<!\w)(?:(?:ال)?(?:مواضيع|أخبار|مقالات) "
                          r"(?:ذات (?:ال)?صلة|(?:ال)?متعلقة)|الأكثر (?:مشاهدة|قراءة))(?!\w)")
# A date or a time written as one token: 08/12/2017, 2017-12-08, 15:35.
_ONE_TOKEN_DATE = re.compile(r"\d{1,4}(?:[:/.\-]\d{1,4})+")
_LABEL_WORDS = 15  # the label stands among a sentence's first words
_LEAD_WORDS = 10  # and this many words of the lead follow it


def _initials(words: list[str]) -> bool:
    """Words that are agency initials, separators and agency names, one initial at least."""
    return any(_INITIAL.fullmatch(word) for word in words) and all(
        _INITIAL.fullmatch(word) or word in _SEPARATORS for word in words
    )


def mend(text: str, spans: list[Span], language: str | None) -> list[Span]:
    """``spans`` with a web address split at its dot joined again, runs of agency
    initials dropped (and trimmed off the sentences around them), and, in an Arabic
    article, English navigation words trimmed off the start of a sentence."""
    joined: list[Span] = []
    for span in spans:
        if joined and _DOMAIN_TAIL.match(text, span.start):
            joined[-1] = Span(joined[-1].start, span.end)
        else:
            joined.append(span)
    kinds = [_initials(_AGENCY.sub("", text[s.start : s.end]).split()) for s in joined]
    mended = []
    for index, span in enumerate(joined):
        if kinds[index]:
            continue
        start, end = span.start, span.end
        if index and kinds[index - 1]:  # «ب / رويترز ) أهم …»: the run's end starts it
            start = _past_initials(text, start, end)
        if index + 1 < len(joined) and kinds[index + 1]:  # «… شمال البلاد ح .»: the run starts
            end = _before_initial(text, start, end)
        if language == "ar":
            navigation = list(_NAVIGATION.finditer(text, start, end))
            if navigation:
                start = navigation[-1].end()
            leading = _LEADING_UI.match(text, start, end)
            if leading:
                start = leading.end()
        start = _past_label(text, start, end)
        if re.search(r"[^\W\d_]", text[start:end]):
            mended.append(Span(start, end))
    return mended


def _past_label(text: str, start: int, end: int) -> int:
    """The start of ``text[start:end]`` past a "related" label among its first words that
    a lead follows («د أسامة مهدي / مواضيع ذات صلة اعلنت القوات …»)."""
    label = _GLUED_LABEL.search(text, start, end)
    if (label is None or len(text[start : label.start()].split()) > _LABEL_WORDS
            or len(text[label.end() : end].split()) < _LEAD_WORDS):
        return start
    position = label.end()
    while position < end and (text[position].isspace() or text[position] in ":-|>"):
        position += 1
    return position


def _past_initials(text: str, start: int, end: int) -> int:
    """The start of ``text[start:end]`` past its leading initials and agency names."""
    words = re.finditer(r"\S+", text[start:end])
    position = start
    for word in words:
        if not (_INITIAL.fullmatch(word.group()) or word.group() in _SEPARATORS
                or _AGENCY.fullmatch(word.group())):
            break
        position = start + word.end()
    while position < end and text[position].isspace():
        position += 1
    return position


def _before_initial(text: str, start: int, end: int) -> int:
    """The end of ``text[start:end]`` before a closing «X .» whose X is one letter."""
    found = re.search(r"\s([\u0621-\u064A])\s*\.\s*$", text[start:end])
    return start + found.start() if found else end


# --- a page's header line ------------------------------------------------------------------

class Header(NamedTuple):
    title: str | None  # the headline the header names, if any
    end: int  # where the text after the header begins (0: no header)


_PAGE_WORDS = 100  # a shorter text is a post («فيديو | …», «speaker | quote»), not a page
_HEAD_WORDS = 40  # the bars of a header stand among the first words of the page
_TITLE_START = 25  # a title repeated after the header starts among the first words
_TITLE_WORDS = 4  # a repeated phrase this long, at least, is the page's title
_REPEAT_WINDOW = 160  # and its repetition follows within this many words
_TITLE_MAX_WORDS = 30
_PART_EXTRA_WORDS = 10  # a header part longer than the phrase by more has dates or menus in it
_BAR = re.compile(r"(?:^|(?<=\s))\|(?=\s|$)")
_SENTENCE_END = re.compile(r"[.!?؟]$")


def page_header(text: str) -> Header:
    """The header that opens a saved page's first line, and the title it gives.

    A header is either a phrase of four words or more that the line repeats (the
    title, then menus, dates and site names, then the title again over the lead) with
    no sentence ending before the repetition, or a line opening with bar-separated
    parts («title | site | date»), in a text of more than 100 words. The header ends
    after the last repetition, or after the last bar, and past a date that follows;
    the title is the bar-separated part holding the repeated phrase, else the phrase,
    else the first part of three words or more, without a date written after it.

    >>> lead = " وأضاف أن القصف استمر ساعات طويلة على المدينة ." * 12
    >>> page = "قتلى بانفجار في حمص | شهاب قتلى بانفجار في حمص قال قائد الشرطة ." + lead
    >>> header = page_header(page)
    >>> header.title, page[header.end :].removesuffix(lead)
    ('قتلى بانفجار في حمص', 'قال قائد الشرطة .')
    """
    if len(text.split(maxsplit=_PAGE_WORDS)) <= _PAGE_WORDS:  # a post or a tweet: no page
        return Header(None, 0)
    line = text.split("\n", 1)[0]
    words = list(re.finditer(r"\S+", line))[:_REPEAT_WINDOW]
    head_end = words[min(_HEAD_WORDS, len(words)) - 1].end() if words else 0
    bars = [bar for bar in _BAR.finditer(line, 0, head_end)]
    repeat = _repeated_phrase([word.group() for word in words])
    if repeat is not None:
        first, length, last = repeat
        phrase = line[words[first].start() : words[first + length - 1].end()]
        end = words[last + length - 1].end()
        part = _part_holding(line[: words[last].start()], words[first].start())
        extra = len(part.split()) - length if part and part.startswith(phrase) else None
        title = part if extra is not None and extra <= _PART_EXTRA_WORDS else phrase
    elif bars:
        end = bars[-1].end()
        parts = [part.strip() for part in _BAR.split(line[:end])]
        title = next((part for part in parts if len(part.split()) >= 3), None)
    else:
        return Header(None, 0)
    end = _past_dateline(line, end)
    if not re.search(r"[^\W\d_]", text[end:]):  # a page of nothing but its header keeps it
        return Header(None, 0)
    if title is not None:
        title = _without_date(title)
    if title is not None and len(title.split()) > _TITLE_MAX_WORDS:
        title = None
    return Header(title, end)


def _without_date(title: str) -> str | None:
    """``title`` without a date written after it («… حمص الأربعاء 08 جمادى الأولى 1434 ه»):
    a run of three date words or more, a number among them."""
    words = title.split()
    kept = len(words)
    while kept and _DATE_WORD.fullmatch(words[kept - 1]):
        kept -= 1
    run = words[kept:]
    if len(run) >= 3 and any(word.isdigit() for word in run):
        words = words[:kept]
    return " ".join(words) or None


# A header's date: «تم النشر : 09 : 20 02 / 11 / 2017 AST», «الأحد 21 يناير 2018 | 1 : 16 مساء».
_PUBLISHED = re.compile(r"تم النشر|تم التحديث|تاريخ النشر|نشر في|آخر تحديث|اخر تحديث"
                        r"|published|updated")
_DATE_WORD = re.compile(
    r"\d+|[:/\-|,.،;()]|AST|GMT|KSA|EST|AM|PM|م|ه|ص|مساء|صباحا|بتوقيت|بتاريخ|الموافق"
    r"|الأحد|الاثنين|الإثنين|الثلاثاء|الثلثاء|الأربعاء|الاربعاء|الخميس|الجمعة|السبت"
    r"|يناير|فبراير|مارس|أبريل|ابريل|إبريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر"
    r"|نوفمبر|ديسمبر|كانون|شباط|آذار|اذار|نيسان|أيار|ايار|حزيران|تموز|آب|أيلول|ايلول|تشرين"
    r"|الأول|الثاني|أول|ثاني|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
    r"|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
    r"|محرم|صفر|ربيع|جمادى|جمادي|رجب|شعبان|رمضان|شوال|ذو|القعدة|الحجة|الأولى|الآخر|الثانية"
)
_DATELINE_REACH = 8  # a site's name or a bar may stand between the header and its date


def _past_dateline(line: str, end: int) -> int:
    """``end`` moved past a dateline that follows the header: up to a bar or a «تم النشر»
    among the next words, then past the run of date words (one number at least)."""
    reach = " ".join(line[end:].split()[:_DATELINE_REACH])
    marker = _PUBLISHED.search(line, end, end + len(reach) + 8) or _BAR.search(
        line, end, end + len(reach) + 8)
    start = marker.start() if marker else end
    position, numbers = start, 0
    for word in re.finditer(r"\S+", line[start:]):
        token = word.group()
        if not (_DATE_WORD.fullmatch(token) or _PUBLISHED.fullmatch(token)
                or token in ("تم", "النشر", "التحديث", "تاريخ", "آخر", "اخر", "تحديث")):
            break
        numbers += token.isdigit()
        position = start + word.end()
    if not numbers:
        position = marker.end() if marker and marker.group() == "|" else end
    while position < len(line) and line[position] in " \t":
        position += 1
    return position


def _repeated_phrase(words: list[str]) -> tuple[int, int, int] | None:
    """(first start, length, start of the last repetition) of the longest phrase of
    ``_TITLE_WORDS`` words or more (opening with a word, three of them with letters)
    starting among the first ``_TITLE_START`` words and repeated later, with no sentence
    ending outside the phrase before the repetition's end (one run of them inside it: «…
    قرب حمص . . وقوات …» is a title's own), and a header's furniture around it."""
    ends = [index for index, word in enumerate(words) if _SENTENCE_END.search(word)]
    lettered = [bool(re.search(r"[^\W\d_]", word)) for word in words]

    def ended(start: int, stop: int, inside: tuple[int, ...], length: int) -> bool:
        return any(start <= end < stop and not any(at <= end < at + length for at in inside)
                   for end in ends)

    best = None
    for first in range(min(_TITLE_START, len(words))):
        for later in range(first + _TITLE_WORDS, len(words)):
            length = 0
            while (later + length < len(words) and first + length < later
                   and words[first + length] == words[later + length]):
                length += 1
            if (length < _TITLE_WORDS or not lettered[first]
                    or sum(lettered[first : first + length]) < 3
                    or not _one_run([end for end in ends if first <= end < first + length])
                    or len(set(words[first : first + length])) < 3
                    or ended(0, later + length - 1, (first, later), length)
                    or not (later == first + length  # «title title»: never prose
                            or _page_furniture(words[:first] + words[first + length : later],
                                               words[first : first + length]))):
                continue
            if best is None or length > best[1]:
                best = (first, length, later)
    if best is None:
        return None
    first, length, last = best
    phrase = words[first : first + length]
    while True:  # «title title title lead»: the header runs to the last repetition
        following = next((at for at in range(last + length, min(last + 2 * length + 10,
                          len(words) - length + 1)) if words[at : at + length] == phrase), None)
        if following is None or ended(last, following + length - 1, (last, following), length):
            return first, length, last
        last = following


def _one_run(positions: list[int]) -> bool:
    """Whether sentence ends inside a title are one run («. . .»), not two sentences."""
    return len(positions) <= 3 and all(b == a + 1 for a, b in zip(positions, positions[1:]))


def _page_furniture(between: list[str], phrase: list[str]) -> bool:
    """Whether the words around a repeated phrase hold what a page header does and prose
    repeating itself («من الخير كله … من الشر كله …», «إن 15 جنديا قتلوا») does not: a bar,
    a spaced dash or slash or angle bracket, a date (a number beside a date word: a time, a
    month, a year), or, around a phrase in another script, Latin letters (a menu, a site)."""
    latin = not any(re.search(r"[A-Za-z]", word) for word in phrase)
    return _dated(between) or any(
        word in ("|", "-", "–", "/", "<", ">") or (latin and re.search(r"[A-Za-z]", word))
        for word in between)


def _dated(words: list[str]) -> bool:
    """Whether a number in ``words`` is part of a date: a date word beside it («15 : 35»,
    «8 ديسمبر 2017») or a year on its own."""
    def beside_a_date_word(at: int) -> bool:
        return any(_DATE_WORD.fullmatch(other) and not other.isdigit() and other not in ",.،;()"
                   for other in words[max(0, at - 1):at + 2])

    return any(_ONE_TOKEN_DATE.fullmatch(word) or word.isdigit() and (
        re.fullmatch(r"(?:19|20)\d\d", word) or beside_a_date_word(at))
        for at, word in enumerate(words))


def _part_holding(head: str, at: int) -> str | None:
    """The part of ``head`` between the bars or spaced dashes around offset ``at``, when
    a separator follows it (a title is bounded: «title | site»)."""
    start = 0
    for separator in re.finditer(r"(?:^|(?<=\s))(?:\||-)(?=\s|$)", head):
        if separator.start() > at:
            return head[start : separator.start()].strip() or None
        start = separator.end()
    return None


# --- the site of a page -----------------------------------------------------------------

# Second-level labels under which a country's registry sells names (com.sa, co.uk, org.eg).
_SECOND_LEVEL = {"com", "net", "org", "gov", "edu", "co", "ac", "or", "ne", "go", "gob", "mil",
                 "sch", "info", "biz", "nic", "gv"}


def site(url: str) -> str:
    """The registered domain of ``url``: its host without www. and subdomains, the last
    two labels, or three under a country's second level (``news.bbc.co.uk`` ->
    ``bbc.co.uk``; ``isis.liveuamap.com`` -> ``liveuamap.com``).

    >>> site("http://www.marefa.org/x"), site("https://news.bbc.co.uk/a"), site("sabq.org.sa")
    ('marefa.org', 'bbc.co.uk', 'sabq.org.sa')
    """
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").rstrip(".")
    labels = host.split(".")
    if len(labels) > 2 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])
