"""PolNeAR's format: articles as text files with brat annotation files of attributions
(Source, Cue and Content spans, linked by an ``Attribution`` event), as PolNeAR
(Newell, Margolin and Ruths 2018) distributes each split::

    SPLIT/text/NAME.txt
    SPLIT/attributions/NAME_ANNOTATOR.ann

What the speaker experiment measures against and a learned speaker model
(``claims.models.speakers``) trains from. Read only: nothing of PolNeAR ships with
claims (its licence is not stated).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from claims.errors import InputError

_SPAN_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_RELATION_LINE = re.compile(r"^E\d+\t(.+?)\s*$")
_KINDS = ("Source", "Cue", "Content")

Span = tuple[int, int]


@dataclass
class Gold:
    """The gold Source, Cue and Content spans of one article, as (first start, last
    end), and its attributions: each one's Source span (None for PolNeAR's
    ``Attribution-no-source``) with all its Source, Cue and Content spans."""

    sources: set[Span] = field(default_factory=set)
    cues: set[Span] = field(default_factory=set)
    contents: set[Span] = field(default_factory=set)
    attributions: list[tuple[Span | None, tuple[Span, ...]]] = field(default_factory=list)

    def statement_sources(self, start: int, end: int) -> set[Span]:
        """The Source spans of the attributions touching the statement ``[start, end)``
        (their Source, Cue or Content overlaps it): a quotation running on into the
        next sentence keeps its Source there."""
        return {source for source, spans in self.attributions
                if source and any(overlaps(span, {(start, end)}) for span in spans)}


def overlaps(span: Span, others: set[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def read_gold(path: Path, text: str) -> Gold:
    """Source, Cue and Content spans of a brat file. Offsets are characters of the text
    read with ``newline=""``; a discontinuous span (``0 5;9 12``) is taken from
    its first start to its last end."""
    gold, spans, relations = Gold(), {}, []
    with path.open(encoding="utf-8", newline="") as lines:
        for line in lines:
            match = _SPAN_LINE.match(line)
            if match and match[2] in _KINDS:
                pieces = [tuple(map(int, piece.split())) for piece in match[3].split(";")]
                spans[match[1]] = (match[2], _trimmed(text, pieces[0][0], pieces[-1][1]))
            elif relation := _RELATION_LINE.match(line):  # "E1\tAttribution:T4 Content:T3 …"
                relations.append([role.partition(":")[2] for role in relation[1].split()])
            # anything else: notes, and the continuation lines of spans holding a newline
    for kind, span in spans.values():
        {"Source": gold.sources, "Cue": gold.cues, "Content": gold.contents}[kind].add(span)
    for ids in relations:
        parts = [spans[name] for name in ids if name in spans]
        source = next((span for kind, span in parts if kind == "Source"), None)
        gold.attributions.append((source, tuple(span for _, span in parts)))
    return gold


def articles(folder: str | Path, names: set[str] | None = None) -> list[tuple[str, str, Gold]]:
    """``(name, text, gold)`` for each article of a split folder (``…/data/train``), or
    for the articles called ``names``. Where several annotators annotated an article,
    the first annotation file in name order is its gold. A folder without
    ``attributions/*.ann`` files, or an annotation file without its text, is an
    ``InputError``."""
    folder = Path(folder)
    found, seen = [], set()
    paths = sorted((folder / "attributions").glob("*.ann"))
    if not paths:
        raise InputError(str(folder), "no PolNeAR annotations in it (attributions/*.ann)")
    for path in paths:
        name = path.stem.rsplit("_", 1)[0]  # the suffix is the annotator
        if name in seen or (names is not None and name not in names):
            continue
        seen.add(name)
        try:
            with (folder / "text" / f"{name}.txt").open(encoding="utf-8", newline="") as file:
                text = file.read()
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(str(folder / "text" / f"{name}.txt"),
                             f"the text of {path.name} cannot be read ({type(error).__name__})"
                             ) from None
        found.append((name, text, read_gold(path, text)))
    return found
