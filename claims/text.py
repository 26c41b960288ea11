"""Text handling shared by every stage: normalisation, tokens, language, sentences.

Normalisation exists only for matching (aliases, cues, features); it never alters
stored text. Everything that reports a place in a text reports character offsets
into the original string, so ``text[start:end]`` is always what was found.

``tokens`` is the package's one tokenizer: alias, cue and feature matching read
its words; the speaker rules (``claims.attribution_units``) read its words and
marks. Pure: no I/O, no store.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import pyarabic.araby as araby

from claims.errors import ClaimsError

_ALEF_FORMS = (araby.ALEF_HAMZA_ABOVE, araby.ALEF_HAMZA_BELOW, araby.ALEF_MADDA, araby.ALEF_WASLA)
_ARABIC_FOLDS = {
    **{form: araby.ALEF for form in _ALEF_FORMS},
    araby.ALEF_MAKSURA: araby.YEH,
    araby.TEH_MARBUTA: araby.HEH,
    araby.WAW_HAMZA: araby.WAW,
    araby.YEH_HAMZA: araby.YEH,
    "\u06cc": araby.YEH,  # Farsi yeh, common in copied text
    "\u06a9": araby.KAF,  # keheh
}
# Invisible characters are dropped too: «الكر\u200dملين» matches «الكرملين».
_DROPPED = set(araby.TASHKEEL) | {araby.TATWEEL, "\u0670", "\u00ad", "\u034f", "\u061c", "\u200b",
                                  "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff"}
_DIGITS = {
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
}


def _fold_char(char: str) -> str:
    if char in _DROPPED:
        return ""
    if char in _DIGITS:
        return _DIGITS[char]
    folded = "".join(_ARABIC_FOLDS.get(c, c) for c in unicodedata.normalize("NFKC", char))
    return "".join(c for c in folded.casefold() if c not in _DROPPED)


def _build_table() -> dict[int, str]:
    table = {}
    # The blocks where characters fold: alphabets with case, Arabic, compatibility and
    # presentation forms.
    blocks = (range(0x0000, 0x3000), range(0xA640, 0xAC00), range(0xFB00, 0x10000))
    for code in (code for block in blocks for code in block):
        char = chr(code)
        folded = _fold_char(char)
        if folded != char:
            table[code] = folded
    return table


_TABLE = _build_table()


def normalize(text: str) -> str:
    """Fold ``text`` for matching: Arabic diacritics, tatweel, alef/hamza forms,
    alef maksura and taa marbuta, Arabic-Indic digits, Unicode compatibility
    forms and Latin case.

    >>> normalize("أُوكرانيــا") == normalize("اوكرانيا")
    True
    """
    return text.translate(_TABLE)


# A word is a run of letters/digits with the Arabic marks and tatweel that sit inside words;
# with marks, every other character that is not white space is a token of its own.
_LETTERS = r"\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u00ad\u200b-\u200f\u2060\ufeff"
_TOKEN = re.compile(rf"[{_LETTERS}]+")
_TOKEN_OR_MARK = re.compile(rf"([{_LETTERS}]+)|\S")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")


class Token(NamedTuple):  # a tuple: statements have many, and tuples are made fastest
    """A word (``word``) or, when asked for, a mark between words; offsets into the
    text tokenised, ``norm`` its normalised form."""

    start: int
    end: int
    norm: str
    word: bool = True

    def original_offset(self, text: str, norm_offset: int) -> int:
        """Map an offset inside ``norm`` back to an offset in the original ``text``."""
        consumed = 0
        for position in range(self.start, self.end):
            if consumed >= norm_offset:
                return position
            consumed += len(_TABLE.get(ord(text[position]), text[position]))
        return self.end


# Words recur: normalising each distinct one once makes tokenising several times faster.
_normal_word = lru_cache(maxsize=16_384)(normalize)


@lru_cache(maxsize=4096)  # a statement is tokenised at splitting, attribution and target finding
def tokens(text: str, marks: bool = False) -> tuple[Token, ...]:
    """The word tokens of ``text`` with their offsets and normalised form: the one
    tokenizer of the package. Matching (aliases, cues, features) uses the words;
    ``marks`` adds each other character that is not white space (punctuation,
    quotation marks) as a token with ``word=False``, for the attribution rules,
    which join adjacent tokens into larger units ("U.S.", "al-Assad").

    Without ``marks``, a word that normalises to nothing (a lone tatweel) is left out.

    >>> [t.norm for t in tokens("قال: «لا»", marks=True)]
    ['قال', ':', '«', 'لا', '»']
    """
    if marks:
        return tuple(
            Token(match.start(), match.end(), _normal_word(match.group()), match.lastindex == 1)
            for match in _TOKEN_OR_MARK.finditer(text)
        )
    return tuple(Token(match.start(), match.end(), norm) for match in _TOKEN.finditer(text)
                 if (norm := _normal_word(match.group())))


def is_arabic(word: str) -> bool:
    return bool(_ARABIC_LETTER.search(word))


# Proclitics that attach to Arabic nouns and verbs, longest first so that
# «وبال» is tried before «و». Normalised forms.
ARABIC_PROCLITICS = tuple(
    sorted(
        {
            "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وب",
            "فب", "ول", "فل", "وك", "فك", "وبال", "فبال", "وكال", "سي", "وسي", "فسي", "سن", "وسن",
            "ست", "وست",
        },
        key=len,
        reverse=True,
    )
)


@lru_cache(maxsize=16_384)
def clitic_forms(norm_word: str, min_stem: int = 2) -> tuple[tuple[int, str], ...]:
    """The word and the stems left after removing an Arabic proclitic, as
    ``(prefix length, stem)``; the whole word comes first."""
    if not is_arabic(norm_word):
        return ((0, norm_word),)
    return (
        (0, norm_word),
        *(
            (len(prefix), norm_word[len(prefix) :])
            for prefix in ARABIC_PROCLITICS
            if norm_word.startswith(prefix) and len(norm_word) - len(prefix) >= min_stem
        ),
    )


# Frequent function words: one hit is evidence of a language, and short texts
# (tweets, claims) need many of them; a word shared by two languages counts for both.
_STOPWORDS = {
    "en": frozenset({
        "the", "and", "of", "to", "in", "is", "are", "was", "were", "be", "been", "that", "this",
        "these", "those", "for", "it", "its", "on", "with", "he", "she", "they", "them", "their",
        "as", "by", "said", "not", "can", "can't", "cannot", "do", "does", "did", "don't", "have",
        "has", "had", "will", "would", "should", "could", "may", "might", "must", "more", "most",
        "than", "all", "any", "some", "many", "much", "only", "too", "very", "no", "who", "which",
        "what", "when", "why", "how", "there", "here", "or", "but", "if", "so", "because",
        "against", "about", "from", "into", "over", "under", "our", "your", "you", "we", "i", "my",
        "me", "his", "her", "an", "also", "just", "even", "never", "ever", "every", "each", "other",
        "such", "own"
    }),
    "de": frozenset({
        "der", "die", "und", "das", "ist", "nicht", "ein", "eine", "zu", "den", "mit", "sich",
        "auf", "für", "dem", "des", "im", "sind", "war", "wird", "werden", "auch", "es", "nach",
        "bei", "aus", "wie", "noch", "nur", "oder", "aber", "wenn", "sie", "er", "wir", "ich",
        "uns", "kein", "keine", "über", "vor", "durch", "gegen", "muss", "soll", "kann", "mehr",
        "sehr", "schon"
    }),
    "fr": frozenset({
        "le", "la", "les", "et", "des", "est", "une", "du", "dans", "que", "pour", "pas", "sur",
        "qui", "au", "aux", "ce", "cette", "ces", "sont", "il", "elle", "ils", "nous", "vous",
        "avec", "par", "mais", "ou", "plus", "ne", "se", "son", "sa", "ses", "leur", "été", "être",
        "fait", "comme", "tout", "très", "sans"
    }),
    "es": frozenset({
        "el", "la", "los", "las", "y", "que", "del", "en", "por", "con", "una", "para", "es", "se",
        "al", "lo", "como", "más", "pero", "sus", "su", "le", "ya", "o", "este", "esta", "estos",
        "fue", "ha", "son", "muy", "sin", "sobre", "también", "hay", "están", "ser", "porque",
        "cuando", "todo"
    }),
}
# Letters that only some of these languages write
_LETTER_CUES = {"de": "äöüß", "fr": "èêëçœàùû", "es": "ñ¿¡áíóú"}
MIN_LETTERS = 3  # fewer letters than this: undetermined
MIN_PROBABILITY = 0.5  # the n-gram detector's least probability for a language it names
# Links and @handles are Latin letters in any language's tweets: left out of the count
_NOT_LANGUAGE = re.compile(r"\S*(?:https?:|www\.|/|@)\S*")


@lru_cache(maxsize=1)
def _ngram_identifier():
    """py3langid's character n-gram model, restricted to the Latin languages
    told here; loaded once, and only when the word rule cannot tell (2 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(_STOPWORDS))
    return identifier


def detect_language(text: str) -> str:
    """ISO 639-1 code of the main language of ``text`` (``ar``, ``en``, ``de``,
    ``fr``, ``es``), or ``und`` when it cannot tell.

    A rule on scripts, then on words, that holds on short texts: links and
    @handles left out, Arabic letters outnumbering Latin ones make ``ar``
    (fewer than ``MIN_LETTERS`` letters: ``und``); otherwise each language
    scores its function words and the letters only it writes, and the best one
    wins by a clear margin. Where no language does (a short claim without
    function words), a character n-gram model (py3langid) decides, or the
    text is undetermined below ``MIN_PROBABILITY``."""
    sample = _NOT_LANGUAGE.sub(" ", text[:4000])
    arabic = len(_ARABIC_LETTER.findall(sample))
    latin = len(_LATIN_LETTER.findall(sample))
    if arabic + latin < MIN_LETTERS:
        return "und"
    if arabic >= latin:
        return "ar"
    lowered = sample.lower().replace("\u2019", "'")
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", lowered)
    scores = {lang: sum(word in stop for word in words) for lang, stop in _STOPWORDS.items()}
    for lang, letters in _LETTER_CUES.items():
        scores[lang] += sum(lowered.count(letter) for letter in letters)
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] > ranked[1]:
        return max(scores, key=scores.get)
    language, probability = _ngram_identifier().classify(sample)
    return language if probability >= MIN_PROBABILITY else "und"


# --- sentences ---------------------------------------------------------------

_ENDERS = ".!?؟…"
_CLOSERS = "\"'»”’)]"
_OPEN_CLOSE = {"«": "»", "“": "”"}
_BOUNDARY = re.compile(r"[.!?؟…]+[\"'»”’)\]]*(?=\s)")
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "sen", "rep", "gov", "lt", "col",
    "capt", "sgt", "maj", "adm", "pres", "rev", "hon", "vs", "etc", "inc", "ltd", "co", "corp",
    "no", "nos", "vol", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "mt", "ft", "approx", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m",
    "d.c", "al",
}
_WORD_BEFORE = re.compile(r"([\w.]+)$")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation or an initial."""
    if text[dot] != ".":
        return False
    match = _WORD_BEFORE.search(text[max(0, dot - 24):dot])
    if not match:
        return False
    word = match.group(1).lower().strip(".")
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha() and not is_arabic(word))


def _open_quote_closes_later(text: str, start: int, position: int, paragraph_end: int) -> bool:
    """Whether ``position`` lies inside a quotation that closes before the paragraph ends."""
    segment = text[start:position]
    for opener, closer in _OPEN_CLOSE.items():
        if segment.count(opener) > segment.count(closer) and closer in text[position:paragraph_end]:
            return True
    if segment.count('"') % 2 == 1 and '"' in text[position:paragraph_end]:
        return True
    return False


_CLOSING_QUOTES = "\"'»”’"
_OPENING_QUOTES = "\"'«“‘"


def _sentences_in(text: str, start: int, end: int) -> list[Span]:
    spans, sentence_start = [], start
    for match in _BOUNDARY.finditer(text, start, end):
        cut = match.end()
        following = text[cut:end].lstrip()
        if not following:
            break
        if _is_abbreviation(text, match.start()) or following[0].islower():
            continue
        if _open_quote_closes_later(text, sentence_start, cut, end):  # its closer counted
            continue
        if match.group()[-1] in _CLOSING_QUOTES and text[sentence_start:cut].lstrip()[:1] \
                in _OPENING_QUOTES:
            continue  # '“Is that all there is?” Trump said.': the quotation, then its speaker
        spans.append(Span(sentence_start, cut))
        sentence_start = cut
    spans.append(Span(sentence_start, end))
    return spans


def _trimmed(text: str, span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if not re.search(r"[^\W\d_]", text[start:end]):
        return None
    return Span(start, end)


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of ``text``: paragraphs (lines) are split at . ! ? ؟ …
    unless the stop ends an English abbreviation or initial, the next word is in
    lower case, or a quotation («», “”, "") that is open closes later in the line.
    Commas and semicolons (، ؛) never end a sentence. Spans hold no surrounding
    white space and at least one letter."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        for span in _sentences_in(text, line.start(), line.end()):
            trimmed = _trimmed(text, span)
            if trimmed:
                spans.append(trimmed)
    return spans


# --- validation: the one check of text at every entrance ----------------------------

# Invisible in a name, and so dropped from it: soft hyphen, combining grapheme
# joiner, Arabic letter mark, zero-width space/joiners, direction marks, word
# joiner and invisible operators, byte-order mark, tag characters.
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u180e\u200b-\u200f\u2060-\u2064\ufeff"
                        "\U000e0000-\U000e007f]")
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")  # embeddings, overrides, isolates
_NAME_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_TEXT_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # tab, newlines, form feed pass
_SURROGATE = re.compile("[\ud800-\udfff]")
EARLIEST_YEAR, LATEST_YEAR = 1800, 2200
MAX_ID = 2 ** 63 - 1  # SQLite's INTEGER


class TextError(ClaimsError):
    """Text refused at an entrance; the message says what and where, in one line."""


def _which(char: str) -> str:
    name = unicodedata.name(char, "") or {"\x00": "NUL"}.get(char, "control character")
    return f"U+{ord(char):04X} ({name})"


def check_text(text: str, what: str = "the text", limit: int | None = None) -> str:
    """``text`` unchanged if it may be stored: no NUL or other control character
    (tab, newlines and form feed aside), no lone surrogate, at most ``limit``
    characters. Raises ``TextError`` naming the first offending character and its place."""
    found = _SURROGATE.search(text)
    if found:
        raise TextError(f"{what} has a lone surrogate U+{ord(found.group()):04X} at character "
                        f"{found.start() + 1}")
    found = _TEXT_CONTROL.search(text)
    if found:
        raise TextError(f"{what} has the control character {_which(found.group())} at character "
                        f"{found.start() + 1}")
    if limit is not None and len(text) > limit:
        raise TextError(f"{what} is longer than {limit:,} characters")
    return text


def clean_name(name: str, what: str = "the name") -> str:
    """A name as it is stored and compared: NFC, invisible characters dropped (see
    ``_INVISIBLE``), white space folded. Refuses control characters, text-direction
    controls, lone surrogates and a leading combining mark, saying which: names that
    look alike must be one name.

    >>> clean_name("Rus\u200bsia\u00ad") == "Russia"
    True
    """
    found = _SURROGATE.search(name)
    if found:
        raise TextError(f"{what} {name!r} has a lone surrogate U+{ord(found.group()):04X}")
    found = _NAME_CONTROL.search(name) or _BIDI_CONTROL.search(name)
    if found:
        raise TextError(f"{what} {name!r} has the control or text-direction character "
                        f"{_which(found.group())}; remove it")
    cleaned = " ".join(unicodedata.normalize("NFC", _INVISIBLE.sub("", name)).split())
    if cleaned and unicodedata.combining(cleaned[0]):
        raise TextError(f"{what} {name!r} begins with a combining mark {_which(cleaned[0])}")
    return cleaned


MAX_CELL_CHARS = 8 * 2 ** 20  # one article's text; no cell of a row may be larger


def check_row(row: Mapping) -> None:
    """Every cell of a row of data: text as ``check_text`` wants it, at most
    ``MAX_CELL_CHARS``; no binary data where text belongs; integers within 64 bits."""
    for column, value in row.items():
        what = f"the column {str(column)[:40]!r}"
        if isinstance(value, str):
            check_text(value, what, MAX_CELL_CHARS)
        elif isinstance(value, (bytes, bytearray, memoryview)):
            raise TextError(f"{what} holds binary data, not text")
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ID:
            raise TextError(f"{what} holds a number beyond 64 bits")


def check_year(year: int, what: str = "the date") -> int:
    """``year`` if it is a plausible year of a news article's date."""
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise TextError(f"{what} has the year {year}; dates from {EARLIEST_YEAR} to "
                        f"{LATEST_YEAR} are accepted")
    return year


# C0 controls (tab and newline aside) as their visible pictures (␛ for ESC), DEL as ␡,
# C1 controls as U+FFFD: one character for one, so offsets into the text still hold.
_TERMINAL = {**{code: chr(0x2400 + code) for code in range(0x20) if chr(code) not in "\t\n"},
             0x7F: "\u2421", **{code: "\ufffd" for code in range(0x80, 0xA0)}}


def printable(text: str) -> str:
    """``text`` safe to write to a terminal: control characters, and so escape
    sequences that would retitle or clear the screen, shown instead of obeyed.

    >>> printable("title\x1b]0;owned\x07")
    'title␛]0;owned␇'
    """
    return text.translate(_TERMINAL)
