"""A learned speaker model: more English speakers than the rules find, still precise.

The rules of ``claims.attribution`` find a speaker only for the cues of their
lexicon, and a second speaker in a statement only for a speech act. A
``SpeakerModel`` widens both and keeps precision with a classifier: it proposes
as cues the words that PolNeAR's annotators marked as cues often enough in the
training folder ("thinks", "statement", "wants", …), the rules delimit each cue's
speaker as usual and, where they find none, ``claims.models.speaker_spans`` proposes
one by its shape (a passive agent, a headline, the words before or after the cue, the
sentence's opening phrase); a logistic regression over features of the candidate (the
cue word and its suffix, how often the annotators marked it and the words after it as a
cue (``cue_rates``), the rule or shape that gave the speaker, the speaker's words
and shape, the words around the cue, quotation marks, whether it is a statement's
first attribution, and what the rules alone find in the article: ``Context``; optionally
what spaCy's parse says of the cue's verb and how the speaker hangs on it:
``claims.models.speaker_syntax``) keeps it where its probability reaches a threshold: the
lowest at which the candidates' precision in cross-validation over the training articles
reaches ``PRECISION``.

The rules stay the default; the model is what a user trains from a PolNeAR-format
folder (``train_speakers``; ``claims speakers train``): PolNeAR's licence is not
stated, so no weights trained on it ship with claims. A model is a directory of
``speakers.skops`` (loaded with ``claims.models.directory``'s trusted types only)
and ``speakers.json`` (its card, whose ``version`` is the hash of the skops file).
"""
from __future__ import annotations

import hashlib
import json
import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, cross_val_predict

from claims import __version__, folders, polnear
from claims.attribution import attribute_all
from claims.attribution_en import EN_CORE, EN_SECOND
from claims.attribution_units import OPENERS, STRAIGHT, Found, Tok, quoted
from claims.cues import CUES, Cue
from claims.errors import ClaimsError, InputError
from claims.models import speaker_syntax
from claims.models.directory import dump_skops, library_versions, load_skops
from claims.models.speaker_spans import find
from claims.text import split_sentences, tokens

# 3: what the rules alone find in the article; 4: the cue words' rates; 5: syntax (optional)
FORMAT_VERSION = 5
FILES = ("speakers.skops", "speakers.json")
# The candidates' cross-validated precision the threshold is set for: 0.84 gives the speakers
# found overlap precision 0.852 in 5-fold cross-validation by article on PolNeAR train (0.85:
# 0.861; `experiments/polnear_speakers.py --cross-validate`), the figure the aim is set in.
PRECISION = 0.84
MIN_CUE_COUNT = 2  # a word marked as a cue fewer times in training is no candidate cue
MIN_CUE_SHARE = 0.15  # nor one marked as a cue in fewer than this share of its uses
RATE_PRIOR = 2  # uses added to each word's count in its rate, so a word seen once is not 1.0
FOLDS = 5
REGULARISATION = 0.3  # the inverse regularisation strength of the logistic regression
_LEXICON_WORDS = frozenset(entry[0] for entry in CUES if len(entry) == 1)
_QUOTES = set(OPENERS) | set(OPENERS.values()) | STRAIGHT
_PRONOUNS = frozenset("he she they it we i you who which".split())
_TITLES = frozenset("mr. mrs. ms. dr. sen. rep. gov. gen. president senator spokesman spokeswoman "
                    "official officials minister secretary director chairman leader campaign "
                    "spokesperson aide adviser advisor analyst expert experts".split())
Progress = Callable[..., None]


@dataclass
class SpeakerModel:
    """A trained speaker model: the candidate cue words, the feature vocabulary, the
    classifier and its threshold; ``card`` says how it was trained and measured.
    Pass it as ``speakers`` to ``claims.attribution.attribute_all``."""

    cue_words: frozenset[str]
    rates: dict[str, float]  # ``cue_rates`` of the training articles
    vocabulary: dict[str, int]
    classifier: LogisticRegression
    threshold: float
    card: dict = field(default_factory=dict)
    syntax: str | None = None  # the spaCy pipeline its syntax features come from, if any

    def __post_init__(self) -> None:
        self._weights = self.classifier.coef_[0]
        self._bias = float(self.classifier.intercept_[0])

    def reading(self, text: str, spans: list[tuple[int, int]]) -> _Reading:
        """The model reading the article ``text`` (statements ``spans``), with what the
        rules alone find in it (``Context``) at hand for its features."""
        return _Reading(self, context(text, spans, self.syntax is not None))

    def probability(self, toks: list[Tok], found: Found, order: int,
                    article: Context | None = None) -> float:
        names = features(toks, found, order, article, self.rates)
        columns = [self.vocabulary[name] for name in names if name in self.vocabulary]
        value = self._bias + float(self._weights[columns].sum())
        return 1.0 / (1.0 + math.exp(-value))


@dataclass
class _Reading:
    """A ``SpeakerModel`` at work on one article (``claims.attribution.SpeakerScorer``)."""

    model: SpeakerModel
    article: Context

    def reading(self, text: str, spans: list[tuple[int, int]]) -> _Reading:
        return self.model.reading(text, spans)

    def cues(self, segment: str) -> list[Cue]:
        """The words of ``segment`` that the model takes for candidate cues."""
        return _candidates(self.model.cue_words, segment, self.article)

    def find(self, toks: list[Tok], first: int, end: int) -> Found | None:
        return find(toks, first, end)

    def keep(self, toks: list[Tok], found: Found, order: int) -> bool:
        return self.model.probability(toks, found, order, self.article) >= self.model.threshold


@dataclass(frozen=True)
class Context:
    """What the rules alone (``attribute_all`` without a model, precise) find in an
    article: a candidate whose speaker they also name, or whose head word they name
    as a speaker elsewhere ("Trump said" before "Trump has long argued"), or a pronoun
    after a statement they attribute, is right more often."""

    found: tuple[tuple[int, int, tuple[int, int], str], ...]  # statement, speaker span, how
    heads: Counter  # the last word of each named speaker's phrase: how often it speaks
    words: frozenset[str]  # every word of the named speakers' phrases
    parsed: speaker_syntax.Parsed | None = None  # the article's parse, for syntax features


def context(text: str, spans: list[tuple[int, int]], syntax: bool = False) -> Context:
    """The ``Context`` of the article ``text`` split into the statements ``spans`` (with
    its parse where ``syntax``)."""
    found = tuple((one.start, one.end, one.speaker_span, one.how)
                  for row in attribute_all(text, spans) for one in row if one.speaker_span)
    named = [[tok.norm for tok in tokens(text[span[0]:span[1]])]
             for _, _, span, how in found if how not in ("pronoun", "carried")]
    return Context(found, Counter(words[-1] for words in named if words),
                   frozenset(word for words in named for word in words if word.isalpha()),
                   speaker_syntax.parse(text) if syntax else None)


def candidate_cues(words: frozenset[str], segment: str) -> list[Cue]:
    """The words of ``segment`` among ``words``, as cues (offsets into ``segment``)."""
    return [Cue(tok.start, tok.end, segment[tok.start:tok.end], tok.norm)
            for tok in tokens(segment) if tok.norm in words]


def _candidates(words: frozenset[str], segment: str, article: Context | None) -> list[Cue]:
    """The candidate cues of ``segment``: its words among ``words`` and, with a parse, its
    verbs taking a clause (``speaker_syntax.clause_cues``)."""
    cues = candidate_cues(words, segment)
    if article is not None and article.parsed is not None:
        cues += speaker_syntax.clause_cues(article.parsed, segment, words)
    return cues


def features(toks: list[Tok], found: Found, order: int, article: Context | None = None,
             rates: dict[str, float] | None = None) -> list[str]:
    """The names of the binary features of a candidate attribution (token indexes) in an
    article whose rules' attributions are ``article``, with the words' ``cue_rates``."""
    first, end = found.cue
    word, head = toks[end - 1].norm, toks[first].norm
    begin, stop = found.speaker
    speaker = toks[begin:stop]
    before = toks[first - 1].norm if first else "<s>"
    after = toks[end].norm if end < len(toks) else "</s>"
    near = any(tok.text in _QUOTES for tok in toks[max(0, first - 3):end + 3])
    capital = speaker[0].text[:1].isupper()
    side = "before" if stop <= first else "after"
    names = [
        f"cue={word}", f"head={head}", f"suffix={word[-3:]}", f"how={found.how}",
        f"order={min(order, 2)}", f"how|order={found.how}|{min(order, 2)}",
        f"lexicon={word in _LEXICON_WORDS}", f"core={word in EN_CORE}",
        f"speech={word in EN_SECOND}", f"speech|order={word in EN_SECOND}|{min(order, 1)}",
        f"length={min(len(speaker), 6)}", f"capital={capital}",
        f"pronoun={len(speaker) == 1 and speaker[0].norm in _PRONOUNS}",
        f"last={speaker[-1].norm}", f"first={'CAP' if capital else speaker[0].norm}",
        f"side={side}", f"gap={min(max(first - stop, 0), 3) if side == 'before' else 'after'}",
        f"before={before}", f"after={after}", f"cue|after={word}|{after}",
        f"quote_near={near}", f"quotes={any(tok.text in _QUOTES for tok in toks)}",
        f"position={min(first, 12) // 3}", f"rest={min(len(toks) - end, 12) // 3}",
        f"refers={found.refers_to is not None}", f"capital_cue={toks[first].text[:1].isupper()}",
        f"stem={_stem(word)}", f"stem|how={_stem(word)}|{found.how}",
        f"last|cue={speaker[-1].norm}|{_stem(word)}", f"how|stem={found.how}|{_stem(word)}",
        f"how|capital={found.how}|{capital}", f"how|length={found.how}|{min(len(speaker), 6)}",
        f"named={any(tok.text[:1].isupper() for tok in speaker)}",
        f"before2={toks[first - 2].norm if first > 1 else '<s>'}",
        f"after2={toks[end + 1].norm if end + 1 < len(toks) else '</s>'}",
    ]
    ahead = [tok.norm for tok in toks[end:end + 3]]
    names += [f"that_ahead={'that' in ahead}", f"quote_ahead={any(n in _QUOTES for n in ahead)}",
              f"quote_behind={any(tok.text in _QUOTES for tok in toks[max(0, first - 2):first])}",
              f"cue|how|capital={word}|{found.how}|{capital}",
              f"speaker_before={toks[begin - 1].norm if begin else '<s>'}",
              f"long={min(len(toks), 60) // 15}", f"cue|side={word}|{side}",
              f"cue|order={word}|{min(order, 1)}", f"stem|after={_stem(word)}|{after}",
              f"how|that={found.how}|{'that' in ahead}", f"stem|before={_stem(word)}|{before}",
              f"how|quote={found.how}|{near}", f"last|how={speaker[-1].norm}|{found.how}",
              f"speaker_after={toks[stop].norm if stop < len(toks) else '</s>'}",
              f"apposition={any(tok.text == ',' for tok in speaker)}",
              f"title={any(tok.norm in _TITLES for tok in speaker)}",
              f"title|how={any(tok.norm in _TITLES for tok in speaker)}|{found.how}"]
    names += {f"word={tok.norm}" for tok in speaker[:6]}
    inside = quoted(toks)
    core = f"{any(t.norm in EN_SECOND for t in toks[:first])}|" \
           f"{any(t.norm in EN_SECOND for t in toks[end:])}"
    names += [f"core_elsewhere={core}", f"core_elsewhere|how={core}|{found.how}",
              f"speaker_quoted={inside[begin]}", f"quoted|how={any(inside)}|{found.how}",
              f"sentence_end={toks[-1].text}"]
    names += [] if rates is None else _rated(toks, found, rates)
    if article is not None and article.parsed is not None:
        names += speaker_syntax.features(article.parsed, toks, found)
    return names + ([] if article is None else _in_article(toks, found, article))


def _rated(toks: list[Tok], found: Found, rates: dict[str, float]) -> list[str]:
    """How often the cue word, and the likeliest of the three words after it, are marked as
    cues (tenths): "has" before "claimed" is a cue, before "finished" it is not."""
    first, end = found.cue
    own = min(int(rates.get(toks[end - 1].norm, 0.0) * 10), 9)
    ahead = min(int(max((rates.get(tok.norm, 0.0) for tok in toks[end:end + 3] if tok.word),
                        default=0.0) * 10), 9)
    return [f"cue_rate={own}", f"next_rate={ahead}", f"cue_next={own}|{ahead}",
            f"how|cue_rate={found.how}|{own}"]


def _in_article(toks: list[Tok], found: Found, article: Context) -> list[str]:
    """Features of a candidate against what the rules found in its article (``Context``)."""
    begin, stop = found.speaker
    span, at = (toks[begin].start, toks[stop - 1].end), toks[0].start
    here = [one for one in article.found if one[0] <= at < one[1]]
    same = any(one[2] == span for one in here)
    meets = any(one[2][0] < span[1] and span[0] < one[2][1] for one in here)
    before = [one for one in article.found if one[1] <= at]
    recent = bool(before) and at - before[-1][1] < 400
    last = toks[stop - 1].norm
    words = [tok.norm for tok in toks[begin:stop]]
    pronoun = len(words) == 1 and words[0] in _PRONOUNS
    speaks = min(article.heads[last], 4)
    return [f"rules_same={same}", f"rules_meet={meets}", f"rules_here={bool(here)}",
            f"rules_same|meet={same}|{meets}", f"rules_head={last in article.heads}",
            f"rules_word={any(w in article.words for w in words if w not in _PRONOUNS)}",
            f"rules_before={min(len(before), 3)}", f"rules_recent={recent}",
            f"pronoun|recent={pronoun}|{recent}", f"head_speaks={speaks}",
            f"head_speaks|how={min(speaks, 3)}|{found.how}"]


def _stem(word: str) -> str:
    """The word without an English inflection ("argues", "argued", "arguing": "argu")."""
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[:-len(suffix)]
    return word


# --- training ------------------------------------------------------------------------------


class _Recorder:
    """Collects the features of every candidate while reading a training article, and
    keeps the candidates that name a gold Source (the rules then go on as a right model
    would let them)."""

    def __init__(self, cue_words: frozenset[str], syntax: bool = False):
        self.cue_words = cue_words
        self.syntax = syntax
        self.rates: dict[str, float] | None = None  # the article's, from the other folds
        self.gold: polnear.Gold | None = None
        self.article_context: Context | None = None
        self.article = 0
        self.rows: list[list[str]] = []
        self.labels: list[int] = []
        self.groups: list[int] = []

    def reading(self, text: str, spans: list[tuple[int, int]]) -> _Recorder:
        self.article_context = context(text, spans, self.syntax)
        return self

    def cues(self, segment: str) -> list[Cue]:
        return _candidates(self.cue_words, segment, self.article_context)

    def find(self, toks: list[Tok], first: int, end: int) -> Found | None:
        return find(toks, first, end)

    def keep(self, toks: list[Tok], found: Found, order: int) -> bool:
        span = (toks[found.speaker[0]].start, toks[found.speaker[1] - 1].end)
        right = polnear.overlaps(span, self.gold.statement_sources(toks[0].start, toks[-1].end))
        self.rows.append(features(toks, found, order, self.article_context, self.rates))
        self.labels.append(int(right))
        self.groups.append(self.article)
        return right


def cue_counts(items: list[tuple[str, str, polnear.Gold]]) -> tuple[Counter, Counter]:
    """How often each word is part of a gold Cue (once a Cue), and how often it is used."""
    marked, used = Counter(), Counter()
    for _, text, gold in items:
        used.update(tok.norm for tok in tokens(text))
        for start, end in gold.cues:
            marked.update({tok.norm for tok in tokens(text[start:end])})
    return marked, used


def cue_words(items: list[tuple[str, str, polnear.Gold]]) -> frozenset[str]:
    """The words marked as part of a gold Cue at least ``MIN_CUE_COUNT`` times and in
    at least ``MIN_CUE_SHARE`` of their uses."""
    return _words_of(*cue_counts(items))


def cue_rates(items: list[tuple[str, str, polnear.Gold]]) -> dict[str, float]:
    """The share of each marked word's uses that are part of a gold Cue, with ``RATE_PRIOR``
    uses added (unmarked words: 0, left out). What a cue word is worth beyond its name, and
    for an auxiliary cue ("has", "was") what the word after it is worth."""
    return _rates_of(*cue_counts(items))


def _words_of(marked: Counter, used: Counter) -> frozenset[str]:
    return frozenset(word for word, count in marked.items() if word.isalpha()
                     and count >= MIN_CUE_COUNT and count >= MIN_CUE_SHARE * used[word])


def _rates_of(marked: Counter, used: Counter) -> dict[str, float]:
    return {word: round(count / (used[word] + RATE_PRIOR), 4) for word, count in marked.items()}


def _matrix(rows: list[list[str]], vocabulary: dict[str, int]) -> csr_matrix:
    indices, pointers = [], [0]
    for names in rows:
        indices += sorted({vocabulary[name] for name in names if name in vocabulary})
        pointers.append(len(indices))
    data = np.ones(len(indices))
    return csr_matrix((data, indices, pointers), shape=(len(rows), len(vocabulary)))


def _threshold(proba: np.ndarray, labels: np.ndarray, precision: float) -> tuple[float, float, int]:
    """The lowest probability at which the candidates kept reach ``precision``, with the
    precision and the number of right candidates kept there (1.0 keeps none)."""
    order = np.argsort(-proba, kind="stable")
    right = np.cumsum(labels[order])
    reached = np.nonzero(right / np.arange(1, len(order) + 1) >= precision)[0]
    if not len(reached):
        return 1.0, 0.0, 0
    last = reached[-1]
    return float(proba[order][last]), float(right[last] / (last + 1)), int(right[last])


def train_speakers(folder: str | Path, precision: float = PRECISION,
                   progress: Progress | None = None, syntax: bool = False) -> SpeakerModel:
    """A speaker model trained on the PolNeAR-format folder ``folder`` (``text/`` and
    ``attributions/``), its threshold set by ``FOLDS``-fold cross-validation over the
    articles for ``precision``; with features of spaCy's parse where ``syntax``
    (``claims.models.speaker_syntax``). Deterministic."""
    started = time.process_time()
    return train_items(polnear.articles(folder), precision, progress, started, folder, syntax)


def train_items(items: list[tuple[str, str, polnear.Gold]], precision: float = PRECISION,
                progress: Progress | None = None, started: float | None = None,
                folder: str | Path = "the training articles",
                syntax: bool = False) -> SpeakerModel:
    """A speaker model trained on PolNeAR articles ``(name, text, gold)`` (``train_speakers``)."""
    started = time.process_time() if started is None else started
    # Each article is counted once, in its fold; a training article's rates come from the
    # other folds' articles, as a new article's come from articles it is not one of.
    parts = [cue_counts([item for i, item in enumerate(items, 1) if i % FOLDS == fold])
             for fold in range(FOLDS)]
    marked = sum((part_marked for part_marked, _ in parts), Counter())
    used = sum((part_used for _, part_used in parts), Counter())
    words = _words_of(marked, used)
    parser = speaker_syntax.identity() if syntax else None
    if syntax and parser is None:
        raise ClaimsError(f"Syntax features need spaCy and an English pipeline: "
                          f"{speaker_syntax.INSTALL}")
    recorder = _Recorder(words, syntax)
    folds = [_rates_of(marked - part_marked, used - part_used) for part_marked, part_used in parts]
    for done, (_, text, gold) in enumerate(items, 1):
        recorder.gold, recorder.article, recorder.rates = gold, done, folds[done % FOLDS]
        attribute_all(text, split_sentences(text), speakers=recorder)
        if progress:
            progress("Reading articles", done, len(items))
    groups = np.array(recorder.groups)
    labels = np.array(recorder.labels)
    if len(set(labels)) < 2 or len(items) < FOLDS:
        raise ClaimsError(f"{folder}: too few attributions to learn from ({len(labels)} "
                          f"candidates in {len(items)} articles).")
    vocabulary = {name: i for i, name in enumerate(sorted({n for r in recorder.rows for n in r}))}
    matrix = _matrix(recorder.rows, vocabulary)
    classifier = LogisticRegression(C=REGULARISATION, solver="liblinear", max_iter=1000,
                                    random_state=0)
    proba = cross_val_predict(classifier, matrix, labels, groups=groups,
                              cv=GroupKFold(FOLDS), method="predict_proba")[:, 1]
    threshold, reached, kept = _threshold(proba, labels, precision)
    classifier.fit(matrix, labels)
    card = {"format_version": FORMAT_VERSION, "claims": __version__, "articles": len(items),
            "candidates": len(labels), "right": int(labels.sum()), "cue_words": len(words),
            "features": len(vocabulary), "threshold": threshold, "precision_target": precision,
            "cv_precision": round(reached, 4), "cv_right_kept": kept,
            "cv_right_share": round(kept / max(int(labels.sum()), 1), 4),
            "train_cpu_seconds": round(time.process_time() - started, 1), "syntax": parser,
            "libraries": library_versions()}
    return SpeakerModel(words, _rates_of(marked, used), vocabulary, classifier, threshold, card,
                        parser)


# --- on disk ------------------------------------------------------------------------------


def save_speakers(model: SpeakerModel, out: str | Path) -> Path:
    """Write ``model`` as the directory ``out`` (complete in a temporary folder beside it,
    then put in its place); sets the card's ``version``, the hash of ``speakers.skops``."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{out.name}.speakers-"
    folders.recover(out, prefix)
    if out.exists() and (not out.is_dir() or any(out.iterdir())
                         and not (out / "speakers.json").exists()):
        raise ClaimsError(f"{out} exists and is not a speaker model; choose another -o.")
    with folders.staged(out, prefix) as staging:
        parts = {"cue_words": sorted(model.cue_words), "rates": model.rates,
                 "vocabulary": model.vocabulary, "classifier": model.classifier}
        dump_skops(parts, staging / "speakers.skops")
        card = {**model.card, "threshold": model.threshold,
                "version": _version(staging / "speakers.skops")}
        text = json.dumps(card, ensure_ascii=False, indent=2) + "\n"
        (staging / "speakers.json").write_text(text, encoding="utf-8")
    model.card = card
    return out


def load_speakers(path: str | Path) -> SpeakerModel:
    """A speaker model written by ``save_speakers``; refuses an incomplete directory,
    another format version, files changed since training (the card's version is their
    hash) and a skops file naming types outside the trusted list."""
    path = Path(path)
    missing = [name for name in FILES if not (path / name).is_file()]
    if missing:
        raise InputError(str(path), f"not a speaker model (missing {', '.join(missing)}); "
                                    "train one with 'claims speakers train'")
    try:
        card = json.loads((path / "speakers.json").read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError) as error:
        raise InputError(str(path / "speakers.json"), f"not valid JSON ({type(error).__name__})"
                         ) from None
    if not isinstance(card, dict) or card.get("format_version") != FORMAT_VERSION:
        raise InputError(str(path), f"not a speaker model of format {FORMAT_VERSION}; "
                                    "retrain it with 'claims speakers train'")
    found = _version(path / "speakers.skops")
    if card.get("version") != found:
        raise InputError(str(path), f"its files have changed since training (their hash is "
                                    f"{found}, speakers.json says {card.get('version')!r}); "
                                    "retrain it with 'claims speakers train'")
    parts = load_skops(path / "speakers.skops")
    threshold = card.get("threshold")
    if (not isinstance(parts, dict) or not isinstance(parts.get("classifier"), LogisticRegression)
            or not isinstance(parts.get("rates"), dict)
            or not isinstance(threshold, (int, float)) or not 0 <= threshold <= 1):
        raise InputError(str(path), "not a speaker model (its parts or threshold are wrong)")
    parser = card.get("syntax")
    if parser is not None:
        speaker_syntax.require(str(parser))
    return SpeakerModel(frozenset(parts["cue_words"]), dict(parts["rates"]),
                        dict(parts["vocabulary"]), parts["classifier"], float(threshold), card,
                        parser)


def _version(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
