"""Mending the sentence split of real news pages where page chrome broke it.

Scraped pages glue chrome to text in ways the sentence splitter cannot know:
a site's address split at its dot («الجزيرة . نت», "DW . COM"), a run of
agency initials at an article's end («ح . ع . ح / ي . ب ( أ . ف . ب / رويترز )»)
split at every dot, and English navigation words before an Arabic lead. ``mend``
joins, drops or trims the sentence spans so that ``ingest.chrome_sentences``
then sees whole chrome sentences and real sentences lose nothing.
"""
from __future__ import annotations

import re

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
        if re.search(r"[^\W\d_]", text[start:end]):
            mended.append(Span(start, end))
    return mended


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
