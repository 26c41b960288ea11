"""Preparing articles: page-chrome cleaning, content hashes, dates, statements.

``claims.readers.read_articles`` turns a file (or stdin) into ``RawArticle``s;
``prepare`` cleans one, splits it into statements and finds their reporting
cues. Neither touches the store: ``store_articles`` stores the articles of a file
in transactions of ``ARTICLES_PER_COMMIT``, leaving out sentences repeated across
the articles of one site in the run (``Sidebars``).
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from itertools import islice
from typing import TYPE_CHECKING

from claims.cues import LEXICON
from claims.errors import ClaimsError, InputError, counted
from claims.pagechrome import mend, page_header, site
from claims.readers import RawArticle
from claims.text import (
    Span,
    TextError,
    check_row,
    check_year,
    detect_language,
    normalize,
    split_sentences,
    tokens,
)

if TYPE_CHECKING:
    from claims.store import Store

# --- cleaning -----------------------------------------------------------------------

_AGENCIES = (
    r"(رويترز|وكالات|ا ف ب|ا\.ف\.ب|فرانس برس|الاناضول|وام|واس|سبوتنيك"
    r"|reuters|ap|afp|xinhua|dpa|efe|ansa)"
)
_CHROME = [re.compile(pattern) for pattern in (
    r"reading icon|time reading|دقايق القراءه|دقيقه للقراءه|وقت القراءه|\bmin(ute)?s? read\b",
    r"^(share|tweet|email|print|advertisement|شارك|مشاركه|اعلان|طباعه)(\s+(this|on|via)\b.{0,40})?\W*$",
    r"^(subscribe|sign up|follow us|follow @\w+|اشترك|تابعونا)\b.{0,60}$",
    r"^(abstract|full text)\W*$",  # labels of an archive's export (ProQuest, Nexis)
    r"^(©|copyright\b|all rights reserved|جميع الحقوق محفوظه)",
    r"^(published|updated|نشر في|اخر تحديث)\s*:",
    r"(getty images|shutterstock|\bafp\b|\bepa\b)\s*$",
    rf"^[^\d.!?؟]{{2,40}}?\s*[-–—]\s*\(?{_AGENCIES}\)?$",
    rf"^\(?{_AGENCIES}\)?\s*$",
)]
_READ_ALSO = re.compile(
    r"^(اقرا ايضا|اقرا المزيد|اقرا كذلك|للمزيد|read also|read more|related|see also|more on this)\b"
)
_LINK_WORDS = 25  # a longer line is running prose, never a link under a "read also" label
_LEADING_DATELINE = re.compile(
    r"^[A-Z][A-Za-z .,'-]{1,40}\s*\((?:Reuters|AP|AFP|Xinhua|dpa)\)\s*[-–—]\s*"
)


def is_chrome(line: str) -> bool:
    """Whether a line of a page is page furniture, not article text."""
    folded = normalize(line).strip()
    return any(pattern.search(folded) for pattern in _CHROME)


def clean(text: str) -> str:
    """Drop page chrome: repeated lines (captions, share bars), UI lines
    (reading time, photo credits), datelines, and "read also" blocks (the
    marker and the short lines under it; a long line of prose after the marker
    keeps all but the marker); keep one blank line between paragraphs."""
    lines = [line.strip() for line in text.split("\n")]
    repeated = {
        line
        for line, count in Counter(filter(None, lines)).items()
        if count > 1 and len(line.split()) < 40
    }
    kept, in_read_also, seen = [], False, set()
    for line in lines:
        if not line:
            in_read_also = False
            kept.append("")
            continue
        long = len(line.split()) > _LINK_WORDS
        if in_read_also and not long:  # the links under "read also" run to the next blank line
            continue
        in_read_also = False
        marker = _READ_ALSO.search(normalize(line))
        if marker and long:  # running prose after the label on the same line: drop the label
            words = line.split()[len(marker.group(0).split()):]
            line = " ".join(words[1:] if words and words[0] in (":", "-", "|") else words)
        elif marker:
            in_read_also = True
            continue
        if line in repeated or is_chrome(line) or line in seen:
            continue
        seen.add(line)
        kept.append(_LEADING_DATELINE.sub("", line))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


# Page chrome that shares a line with article text, so that only a sentence-level look finds it.
_COPYRIGHT = re.compile(
    r"حقوق (?:النشر |الطبع |الموقع ومحتوياته )?محفوظه|all rights reserved|\bcopyright(?:ed)?\b"
)
_PAGE_UI = re.compile(
    "|".join(
        re.escape(normalize(marker))
        for marker in (
            "بريدك الإلكتروني",
            "عنوان البريد",
            "كلمة المرور",
            "كلمة السر",
            "اسم المستخدم",
            "تسجيل الدخول",
            "أعد المحاولة",
            "تعليقك",
            "لا توجد تعليقات",
            "لا يوجد تعليق",
            "مانع الإعلانات",
            "الإعدادات الخاصة بك",
            "حسابك",
            "ملف شخصي",
            "الملف الشخصي",
            "بريدك الاليكتروني",
            "سياسة الخصوصية",
            "ملفات تعريف الارتباط",
            "cookies",
            "الحقول الإلزامية",
            "شاركه مع",
            "هل أعجبك",
            "لصفحتنا",
            "تابعونا",
            "تابعنا",
            "النشرة البريدية",
            "اشترك",
            "للاشتراك",
            "الأكثر قراءة",
            "الأكثر مشاهدة",
            "ذات صلة",
            "كلمات دالة",
            "اقرأ أيض",
            "الخبر التالي",
            "متابعينا",
            "موقعنا",
            "سنرسل لك",
            "your browser",
            "javascript",
            "click here",
            "send to email",
            "email address",
            "newsletter",
            "notify message",
            "thanks for your report",
            "قم بوصف الخطأ",
            "يرجى كتابة اسم المدينة",
            "اختر صفحة",
            "اختر تصنيف",
            "search this site",
            "استخدم هذا النموذج",
            "ليست مسؤولة عن محتوى المواقع",
            "حمله الآن",
            "تمت عملية النسخ",
            "جاري التحميل",
            "loginwidget",
        )
    )
)
_UI_WORDS = 40  # longer, with one UI marker, is more likely a lead with chrome glued before it
_CROSSHEAD_WORDS = 12
_REPEATED_WORDS = 20


def chrome_sentences(text: str, spans: list[Span], language: str | None = None) -> set[int]:
    """Indexes of the sentences of ``text`` (its ``split_sentences`` spans) that are page
    chrome sharing a line with article text, or crossheads: a copyright notice; page UI
    (forms, comments, follow and share bars, newsletters, related links) in a sentence of
    at most 40 words, or two different UI markers in any; in an Arabic article, a sentence
    in more Latin than Arabic letters (markup, addresses, English UI); a run of numbers
    (dates, timestamps); a crosshead (at most 12 words, no closing punctuation, ending a
    line that more text follows); a short sentence repeated in the page (its headline)."""
    chrome = set()
    for index, span in enumerate(spans):
        sentence = text[span.start : span.end]
        folded, words = normalize(sentence), sentence.split()
        markers = set(_PAGE_UI.findall(folded))
        numbers = [token.norm.isdigit() for token in tokens(sentence)]
        if (
            _COPYRIGHT.search(folded)
            or len(re.findall(r"\{ ?\*", sentence)) > 1  # a form's template placeholders
            or (markers and (len(words) <= _UI_WORDS or len(markers) > 1))
            or (
                language == "ar"
                and len(re.findall(r"[A-Za-z]", sentence))
                > len(re.findall(r"[\u0621-\u064A]", sentence))
            )
            or (len(numbers) >= 6 and sum(numbers) > 0.4 * len(numbers))
            or (
                len(words) <= _CROSSHEAD_WORDS
                and not re.search(r"[.!?؟:\"»”)]$", sentence)
                and text[span.end : span.end + 1] == "\n"
                and text[span.end :].strip()
            )
            or (len(words) <= _REPEATED_WORDS and text.count(sentence) > 1)
        ):
            chrome.add(index)
    return chrome


def content_hash(text: str) -> str:
    """The identity of an article: its cleaned text with white space folded."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


# --- dates --------------------------------------------------------------------------

_DATE_FORMATS = (
    "%d/%m/%Y",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%Y%m%d",
)
_YEAR_MONTH = re.compile(r"\d{4}(-(0[1-9]|1[0-2]))?")  # YYYY or YYYY-MM: ISO, though not a day
_DAY_MONTH = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.]\d{4}")
ISO_FORMS = "YYYY-MM-DD (or YYYY, YYYY-MM, or a date and time such as 2021-12-17T10:00)"


def parse_date(value: str) -> str:
    """An ISO 8601 date (or date and time) from the usual ways of writing one in a
    file; 05/12/2021, which reads two ways, is refused.

    >>> parse_date("2021-12-17"), parse_date("17 December 2021"), parse_date(
    ...     "Fri, 17 Dec 2021 10:00:00 GMT")
    ('2021-12-17', '2021-12-17', '2021-12-17T10:00:00+00:00')
    """
    value = value.strip()
    if len(value) > 64:  # no date is written in more; a huge one must not reach the parsers
        raise ClaimsError(f"Cannot read the date {value[:20]!r}…; write it as YYYY-MM-DD.")
    if _YEAR_MONTH.fullmatch(value):
        return value
    ambiguous = _DAY_MONTH.fullmatch(value)
    if (
        ambiguous
        and ambiguous.group(1) != ambiguous.group(2)
        and max(map(int, ambiguous.groups())) <= 12
    ):
        raise ClaimsError(
            f"The date {value!r} reads as day/month or as month/day; write it as YYYY-MM-DD."
        )
    parsed = None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            for pattern in _DATE_FORMATS:
                try:
                    parsed = datetime.strptime(value, pattern)
                    break
                except ValueError:
                    continue
    if parsed is None:
        raise ClaimsError(f"Cannot read the date {value!r}; write it as YYYY-MM-DD.")
    check_year(parsed.year, f"The date {value!r}")
    return _iso(parsed)


def parse_iso_date(value: str, option: str = "--published") -> str:
    """A date given on the command line: ISO 8601 only, so that none is read in a
    way its writer did not mean."""
    value = value.strip()
    if _YEAR_MONTH.fullmatch(value):
        return value
    try:
        parsed = datetime.fromisoformat(value) if len(value) <= 64 else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise ClaimsError(f"Cannot read {option} {value[:64]!r}: write it as {ISO_FORMS}.")
    check_year(parsed.year, f"{option} {value!r}")
    return _iso(parsed)


def _iso(parsed: datetime) -> str:
    if (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0) and parsed.tzinfo is None:
        return parsed.date().isoformat()
    return parsed.isoformat()


class EmptyArticle(InputError):
    """An article with no text left after page chrome is removed, or no statements:
    skipped with a warning, while the other articles of its file go on."""


class PartlyStored(ClaimsError):
    """An error in a later batch of a large file: ``stored`` counts what the earlier
    batches committed (new, skipped, updated, statements), so a summary counts them."""

    def __init__(self, message: str, stored: tuple[int, int, int, int]):
        super().__init__(message)
        self.stored = stored


# --- preparing an article for the store ---------------------------------------------------


@dataclass
class PreparedArticle:
    fields: dict  # the article's columns for the store
    statements: list[tuple[int, int, int | None, int | None]]  # start, end, cue start, cue end


def prepare(
    raw: RawArticle,
    language: str | None = None,
    source: str | None = None,
    published: str | None = None,
) -> PreparedArticle:
    """Clean an article and split it into statements with their reporting cues.
    Options given on the command line fill what the row does not say."""
    try:  # the one check of text at the entrances, for every format
        check_row(
            {
                **(raw.metadata or {}),
                "text": raw.text,
                "title": raw.title,
                "url": raw.url,
                "source": raw.source,
                "language": raw.language,
            }
        )
    except TextError as error:
        raise ClaimsError(f"{raw.where}: {error}") from None
    header = page_header(raw.text)  # «title | site | date title»: a title, no statement
    text = clean(raw.text[header.end :])
    if not re.search(r"[^\W\d_]", text):
        raise EmptyArticle(raw.where, "no text left after removing page chrome")
    date = raw.published or published
    try:
        date = parse_date(date) if date else None
    except ClaimsError as error:
        raise ClaimsError(f"{raw.where}: {error}") from None
    if raw.language or not language or language == "auto":
        language = raw.language or detect_language(text)
    spans = mend(text, split_sentences(text), language)
    chrome = chrome_sentences(text, spans, language)
    statements = []
    for span in (span for index, span in enumerate(spans) if index not in chrome):
        sentence = text[span.start : span.end]
        cue = LEXICON.first(sentence, tokens(sentence))
        cue_span = (span.start + cue.start, span.start + cue.end) if cue else (None, None)
        statements.append((span.start, span.end, *cue_span))
    fields = {
        "content_hash": content_hash(text),
        "text": text,
        "title": raw.title or header.title,
        "url": raw.url,
        "published": date,
        "source": raw.source or source,
        "language": language,
        "metadata": raw.metadata,
    }
    return PreparedArticle(fields, statements)


# --- storing ---------------------------------------------------------------------------

# A file of more articles commits in batches of this many whole articles (about a
# second of work), so annotators are not held off for the whole of a big file.
ARTICLES_PER_COMMIT = 1_000
# A sentence already in this many articles of one site (in one ingest) is a sidebar: the
# site's headlines or boilerplate printed on every page, not what this article says.
SIDEBAR_ARTICLES = 3
# Sentences remembered for that; past it, those seen in one article only are forgotten.
SIDEBAR_MEMORY = 1_000_000


class Sidebars:
    """Sentences repeated across the articles of one site that ingest sees together
    (one instance for a whole run, across its files and batches): from the
    ``SIDEBAR_ARTICLES + 1``-th article on, they are no statements. A site is the
    article's ``source``, else its url's registered domain (``pagechrome.site``), so
    that www.marefa.org and marefa.org, or isis. and syria.liveuamap.com, are one.
    Sentences are kept as hashes, and memory is bounded by ``SIDEBAR_MEMORY``."""

    def __init__(self, memory: int = SIDEBAR_MEMORY) -> None:
        self.seen: dict[str, Counter] = {}
        self.memory, self.size = memory, 0

    def kept(self, fields: dict, statements: list) -> list:
        text = fields["text"]
        key = fields["source"] or site(fields["url"] or "")
        counts = self.seen.setdefault(key, Counter())
        hashes = [hash(text[row[0] : row[1]]) for row in statements]
        kept = [row for row, at in zip(statements, hashes, strict=True)
                if counts[at] < SIDEBAR_ARTICLES]
        before = len(counts)
        counts.update(set(hashes))
        self.size += len(counts) - before
        if self.size > self.memory:
            self._forget()
        return kept

    def _forget(self) -> None:
        """Drop the sentences seen in one article only: a sidebar is seen again soon. Where
        that frees less than half the memory, start afresh (a sidebar is learnt again in
        three articles), so that forgetting stays rare however the sentences repeat."""
        for key, counts in self.seen.items():
            self.seen[key] = Counter({at: n for at, n in counts.items() if n > 1})
        self.size = sum(map(len, self.seen.values()))
        if self.size > self.memory // 2:
            self.seen, self.size = {}, 0


def store_articles(
    store: Store,
    articles: Iterable[RawArticle],
    where: str,
    options: tuple[str | None, str | None, str | None],
    on_article: Callable[[], None] | None = None,
    on_skip: Callable[[str], None] | None = None,
    sidebars: Sidebars | None = None,
) -> tuple[int, int, int, int]:
    """Prepare and store the articles of one file: new, skipped (already stored),
    updated (skipped, but with a title, source, url or date given anew) and statements.
    An article with no text left after chrome removal is left out and told to
    ``on_skip``; a file of nothing else is an error. One transaction per
    ``ARTICLES_PER_COMMIT`` articles; after an error in a later batch the earlier ones
    stay (``PartlyStored`` counts them), and storing the file again skips them.
    ``sidebars``: the sentences seen so far in the run (the files before this one)."""
    new = skipped = updated = statements = 0
    empty: list[str] = []
    articles, sidebars = iter(articles), sidebars or Sidebars()
    while True:
        batch, counts = 0, (new, skipped, updated, statements)
        try:
            with store.transaction():
                for raw in islice(articles, ARTICLES_PER_COMMIT):
                    batch += 1
                    try:
                        prepared = prepare(raw, *options)
                    except EmptyArticle as error:
                        empty.append(str(error))
                        continue
                    stored = store.article_fields(prepared.fields["content_hash"])
                    if stored is not None:
                        skipped += 1
                        changed = {
                            key: value
                            for key in ("title", "source", "url", "published")
                            if (value := prepared.fields[key]) is not None and value != stored[key]
                        }
                        if changed:
                            store.update_article(stored["id"], changed)
                            updated += 1
                    else:
                        rows = sidebars.kept(prepared.fields, prepared.statements)
                        store.add_article(prepared.fields, rows)
                        new += 1
                        statements += len(rows)
                    if on_article:
                        on_article()
        except ClaimsError as error:
            if not any(counts):
                raise
            _tell(empty, on_skip)
            before = counts[0] + counts[1]
            before = ("the article before it is" if before == 1
                      else f"the {before:,} articles before it are")
            raise PartlyStored(
                f"{error} ({before} stored; fix it and ingest the file again: those are skipped)",
                counts,
            ) from None
        if batch < ARTICLES_PER_COMMIT:
            break
    if new + skipped == 0:  # nothing read: the file is at fault, not one of its articles
        if empty:
            raise ClaimsError(empty[0] + (f" (and in {counted(len(empty) - 1, 'more article')})"
                                          if len(empty) > 1 else ""))
        raise InputError(where, "no article in it")
    _tell(empty, on_skip)
    return new, skipped, updated, statements


def _tell(empty: list[str], on_skip: Callable[[str], None] | None) -> None:
    for message in empty if on_skip else ():
        on_skip(message)
