"""Reading articles: one reader per format, page-chrome cleaning, content hashes.

``read_articles`` turns a file (or stdin) into ``RawArticle``s; ``prepare`` cleans
one, splits it into statements and finds their reporting cues. Neither touches
the store: ``Project.ingest`` stores each file in one transaction.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO

from claims.cues import LEXICON
from claims.errors import ClaimsError, InputError
from claims.text import detect_language, normalize, split_sentences, tokens

FORMATS = ("txt", "md", "jsonl", "csv")
_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".jsonl": "jsonl", ".ndjson": "jsonl",
             ".csv": "csv"}
# Far above any news article; a larger "article" is a mistake, and refusing it keeps memory bounded.
MAX_ARTICLE_BYTES = 8 * 2**20
csv.field_size_limit(MAX_ARTICLE_BYTES)
_TOO_LARGE = f"larger than the {MAX_ARTICLE_BYTES // 2**20} MB limit for one article"


@dataclass
class Columns:
    """Which field of a JSONL/CSV row holds what; ``None`` means: use the first
    of the usual names that the row has."""

    text: str | None = None
    title: str | None = None
    url: str | None = None
    date: str | None = None
    source: str | None = None
    language: str | None = None

    USUAL = {
        "text": ("text", "body", "content", "article"),
        "title": ("title", "headline"),
        "url": ("url", "link"),
        "date": ("published", "date", "published_at", "pubdate"),
        "source": ("source", "outlet", "publisher"),
        "language": ("language", "lang"),
    }

    def pick(self, role: str, row: dict) -> str | None:
        """The column to read ``role`` from in ``row``, or None if there is none."""
        chosen = getattr(self, role)
        if chosen is not None:
            return chosen
        return next((name for name in self.USUAL[role] if name in row), None)


@dataclass
class RawArticle:
    text: str
    where: str  # file and line/row, for error messages
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None
    language: str | None = None
    metadata: dict = field(default_factory=dict)


# --- reading files ----------------------------------------------------------------


def input_files(paths: list[str]) -> list[str]:
    """Expand folders (recursively, files of known formats) and check that paths exist."""
    files = []
    for name in paths:
        if name == "-":
            files.append(name)
            continue
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                raise InputError(name, f"no article files in this folder (looked for {', '.join(sorted(_SUFFIXES))})")
            files.extend(str(p) for p in found)
        elif path.is_file():
            files.append(name)
        else:
            raise InputError(name, "no such file or folder")
    return files


def detect_format(path: str, head: bytes) -> str:
    """The format of a file from its suffix, or for stdin and unknown suffixes from its first bytes."""
    suffix = _SUFFIXES.get(Path(path).suffix.lower()) if path != "-" else None
    if suffix:
        return suffix
    return "jsonl" if head.lstrip().startswith(b"{") else "txt"


def read_articles(path: str, format: str = "auto", columns: Columns | None = None,
                  stdin: BinaryIO | None = None) -> tuple[str, Iterator[RawArticle]]:
    """Open ``path`` (``-`` for stdin) and return the format used and its articles.

    Raises ``InputError`` naming the file (and line or row) for anything that
    cannot be read: empty, binary, not UTF-8, a malformed row.
    """
    columns = columns or Columns()
    stream = (stdin or sys.stdin.buffer) if path == "-" else open(path, "rb")  # noqa: SIM115
    name = "<stdin>" if path == "-" else path
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)
    head = stream.peek(8192)[:8192]
    if b"\x00" in head:
        raise InputError(name, "has NUL bytes: a binary file, or text in UTF-16/32; save it as UTF-8")
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise InputError(name, "empty file: no article in it")
    used = detect_format(path, head) if format == "auto" else format
    if used not in FORMATS:
        raise ClaimsError(f"Unknown format {format!r}; use one of: auto, {', '.join(FORMATS)}.")
    reader = {"txt": _read_text, "md": _read_markdown, "jsonl": _read_jsonl, "csv": _read_csv}[used]
    return used, reader(stream, name, columns)


def _decode(data: bytes, name: str, line_offset: int = 0) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = line_offset + data[: error.start].count(b"\n") + 1
        raise InputError(name, f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8", line=line) from None
    if "\x00" in text:
        raise InputError(name, "has NUL characters; it looks binary, not text", line=line_offset + 1)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_whole(stream: BinaryIO, name: str) -> str:
    with stream:
        data = stream.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(name, _TOO_LARGE)
    return _decode(data, name)


def _read_text(stream: BinaryIO, name: str, columns: Columns) -> Iterator[RawArticle]:
    text = _read_whole(stream, name)
    title, body = split_title(text)
    yield RawArticle(text=body, title=title, where=name)


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+)")


def _read_markdown(stream: BinaryIO, name: str, columns: Columns) -> Iterator[RawArticle]:
    text = _read_whole(stream, name)
    lines = text.split("\n")
    title = None
    for index, line in enumerate(lines):
        if line.strip():
            if line.lstrip().startswith("# "):
                title = line.strip()[2:].strip()
                lines = lines[index + 1:]
            break
    body = "\n".join(_MD_MARKUP.sub("", _MD_LINK.sub(r"\1", line)).replace("**", "") for line in lines)
    if title is None:
        title, body = split_title(body)
    yield RawArticle(text=body, title=title, where=name)


def _row_article(row: dict, where: str, columns: Columns) -> RawArticle:
    text_column = columns.pick("text", row)
    if text_column is None or text_column not in row:
        wanted = columns.text or " or ".join(Columns.USUAL["text"])
        raise ClaimsError(f"{where}: no text column {wanted!r}; the columns are: {', '.join(map(str, row))}. "
                          "Name it with --text-column.")
    value = row[text_column]
    if not isinstance(value, str):
        raise ClaimsError(f"{where}: the text column {text_column!r} is not a string")
    known = {text_column}
    fields = {}
    for role in ("title", "url", "date", "source", "language"):
        column = columns.pick(role, row)
        if column is not None and column not in row:  # named by the user, so a typo must not pass silently
            raise ClaimsError(f"{where}: no {role} column {column!r}; the columns are: {', '.join(map(str, row))}. "
                              f"Name it with --{'lang' if role == 'language' else role}-column.")
        if column is not None and row.get(column) not in (None, ""):
            fields[role] = str(row[column])
            known.add(column)
    metadata = {key: item for key, item in row.items() if key not in known}
    return RawArticle(text=value, where=where, title=fields.get("title"), url=fields.get("url"),
                      published=fields.get("date"), source=fields.get("source"),
                      language=fields.get("language"), metadata=metadata)


def _read_jsonl(stream: BinaryIO, name: str, columns: Columns) -> Iterator[RawArticle]:
    with stream:
        for number, raw in enumerate(iter(lambda: stream.readline(MAX_ARTICLE_BYTES + 1), b""), start=1):
            if len(raw) > MAX_ARTICLE_BYTES:
                raise InputError(name, f"the line is {_TOO_LARGE}", line=number)
            line = _decode(raw, name, number - 1).strip()
            if not line:
                continue
            try:
                row = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as error:
                problem = getattr(error, "msg", "nested too deeply")
                raise InputError(name, f"not valid JSON ({problem})", line=number) from None
            if not isinstance(row, dict):
                raise InputError(name, f"expected a JSON object, found {type(row).__name__}", line=number)
            yield _row_article(row, f"{name}:{number}", columns)


def _read_csv(stream: BinaryIO, name: str, columns: Columns) -> Iterator[RawArticle]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.DictReader(text, strict=True)
    with text:
        try:
            if not reader.fieldnames:
                raise InputError(name, "no header row")
            wanted = columns.pick("text", dict.fromkeys(reader.fieldnames))
            if wanted is None or wanted not in reader.fieldnames:
                raise InputError(name, f"no text column {columns.text or 'text'!r}; the columns are: "
                                       f"{', '.join(reader.fieldnames)}. Name it with --text-column.")
            for row in reader:
                if None in row:
                    raise InputError(name, f"{len(reader.fieldnames) + len(row[None])} fields where the header has "
                                           f"{len(reader.fieldnames)}", line=reader.line_num)
                yield _row_article(row, f"{name}:{reader.line_num}", columns)
        except UnicodeDecodeError as error:
            raise InputError(name, f"not valid UTF-8 (byte 0x{error.object[error.start]:02x}) near line "
                                   f"{reader.line_num + 1}; save it as UTF-8") from None
        except csv.Error as error:
            problem = f"a field is {_TOO_LARGE}" if "field larger" in str(error) else f"malformed CSV ({error})"
            raise InputError(name, problem, line=reader.line_num) from None


# --- cleaning -----------------------------------------------------------------------

_AGENCIES = r"(رويترز|وكالات|ا ف ب|ا\.ف\.ب|فرانس برس|الاناضول|وام|واس|سبوتنيك|reuters|ap|afp|xinhua|dpa|efe|ansa)"
_CHROME = [re.compile(pattern) for pattern in (
    r"reading icon|time reading|دقايق القراءه|دقيقه للقراءه|وقت القراءه|\bmin(ute)?s? read\b",
    r"^(share|tweet|email|print|advertisement|شارك|مشاركه|اعلان|طباعه)(\s+(this|on|via)\b.{0,40})?\W*$",
    r"^(subscribe|sign up|follow us|اشترك|تابعونا)\b.{0,60}$",
    r"^(©|copyright\b|all rights reserved|جميع الحقوق محفوظه)",
    r"^(published|updated|نشر في|اخر تحديث)\s*:",
    r"(getty images|shutterstock|\bafp\b|\bepa\b)\s*$",
    rf"^[^\d.!?؟]{{2,40}}?\s*[-–—]\s*\(?{_AGENCIES}\)?$",
    rf"^\(?{_AGENCIES}\)?\s*$",
)]
_READ_ALSO = re.compile(r"^(اقرا ايضا|اقرا المزيد|اقرا كذلك|للمزيد|read also|read more|related|see also|more on this)\b")
_LEADING_DATELINE = re.compile(r"^[A-Z][A-Za-z .,'-]{1,40}\s*\((?:Reuters|AP|AFP|Xinhua|dpa)\)\s*[-–—]\s*")


def split_title(text: str) -> tuple[str | None, str]:
    """A first line that reads as a headline (short, no final stop, followed by
    more text) becomes the title; the rest is the body."""
    lines = text.strip().split("\n")
    first = lines[0].strip()
    rest = "\n".join(lines[1:]).strip()
    if rest and len(first) <= 250 and len(first.split()) <= 30 and not re.search(r"[.!?؟]\s*$", first):
        return first, rest
    return None, text


def is_chrome(line: str) -> bool:
    """Whether a line of a page is page furniture, not article text."""
    folded = normalize(line).strip()
    return any(pattern.search(folded) for pattern in _CHROME)


def clean(text: str) -> str:
    """Drop page chrome: repeated lines (captions, share bars), UI lines
    (reading time, photo credits), datelines, and "read also" blocks (the
    marker and the links under it); keep one blank line between paragraphs."""
    lines = [line.strip() for line in text.split("\n")]
    repeated = {line for line, count in Counter(filter(None, lines)).items() if count > 1 and len(line.split()) < 40}
    kept, in_read_also, seen = [], False, set()
    for line in lines:
        if not line:
            in_read_also = False
            kept.append("")
            continue
        if in_read_also:  # the links under "read also" run to the next blank line
            continue
        in_read_also = False
        if _READ_ALSO.search(normalize(line)):
            in_read_also = True
            continue
        if line in repeated or is_chrome(line) or line in seen:
            continue
        seen.add(line)
        kept.append(_LEADING_DATELINE.sub("", line))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def content_hash(text: str) -> str:
    """The identity of an article: its cleaned text with white space folded."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


# --- dates --------------------------------------------------------------------------

_DATE_FORMATS = ("%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y%m%d")


def parse_date(value: str) -> str:
    """An ISO 8601 date (or date and time) from the usual ways of writing one.

    >>> parse_date("2021-12-17"), parse_date("17 December 2021"), parse_date("Fri, 17 Dec 2021 10:00:00 GMT")
    ('2021-12-17', '2021-12-17', '2021-12-17T10:00:00+00:00')
    """
    value = value.strip()
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
    if (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0) and parsed.tzinfo is None:
        return parsed.date().isoformat()
    return parsed.isoformat()


# --- preparing an article for the store ---------------------------------------------------


@dataclass
class PreparedArticle:
    fields: dict  # the article's columns for the store
    statements: list[tuple[int, int, int | None, int | None]]  # start, end, cue start, cue end


def prepare(raw: RawArticle, language: str | None = None, source: str | None = None,
            published: str | None = None) -> PreparedArticle:
    """Clean an article and split it into statements with their reporting cues.
    Options given on the command line fill what the row does not say."""
    text = clean(raw.text)
    if not re.search(r"[^\W\d_]", text):
        raise ClaimsError(f"{raw.where}: no text left after removing page chrome")
    date = raw.published or published
    try:
        date = parse_date(date) if date else None
    except ClaimsError as error:
        raise ClaimsError(f"{raw.where}: {error}") from None
    statements = []
    for span in split_sentences(text):
        sentence = text[span.start:span.end]
        cue = LEXICON.first(sentence, tokens(sentence))
        cue_span = (span.start + cue.start, span.start + cue.end) if cue else (None, None)
        statements.append((span.start, span.end, *cue_span))
    fields = {
        "content_hash": content_hash(text),
        "text": text,
        "title": raw.title,
        "url": raw.url,
        "published": date,
        "source": raw.source or source,
        "language": raw.language or (language if language and language != "auto" else detect_language(text)),
        "metadata": raw.metadata,
    }
    return PreparedArticle(fields, statements)
