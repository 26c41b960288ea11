"""The stance model's features: what a statement and a target share and where they differ.

A stance model must relate the statement to the target: a headline that
contradicts a claim shares most of its words, so besides n-grams of each side it
sees the words only one side has, the pairs of words swapped between them, their
similarity and the negation, denial, hedging and reporting cues of each side.

Everything is stock scikit-learn except four pieces: ``pair_frame`` (a
stateless function inside a ``FunctionTransformer``), ``PairSimilarity``,
``CharHasher`` and ``encoder.PairEncoder`` (a pretrained sentence encoder's pair
features). Words and character n-grams are hashed, so no vocabulary is kept and
models stay small. This module neither fits a classifier nor reads files.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline
from sklearn.preprocessing import (
    FunctionTransformer,
    KBinsDiscretizer,
    MaxAbsScaler,
    OneHotEncoder,
)
from sklearn.utils.validation import check_is_fitted

from claims.cues import STANCE_LEXICONS, cue_tags
from claims.cuestance import cue_stance
from claims.models.claim_article import RELEVANCE, summarise_rows
from claims.models.config import FEATURE_GROUPS, FLAGS, OVERLAP, TrainConfig
from claims.models.encoder import PairEncoder, SignedEncoder, TopicEncoder
from claims.models.pairs import alignment_flags, alignment_tags, signed_words
from claims.text import clitic_forms, is_arabic, normalize


@lru_cache(maxsize=200_000)
def _key(norm_word: str) -> str:
    """A word without its Arabic proclitics, so «والنفط» and «النفط» compare equal."""
    forms = ([stem for _, stem in clitic_forms(norm_word) if len(stem) >= 3]
             if is_arabic(norm_word) else [])
    stem = forms[-1] if forms else norm_word
    return stem[2:] if stem.startswith("ال") and len(stem) > 4 else stem


_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\w*\d\w*")


@lru_cache(maxsize=20_000)
def _side(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The normalised text, its word keys and its cue tags (cached: a target recurs on
    many rows)."""
    norm = normalize(text)
    words = _WORD.findall(norm)
    return norm, tuple(_key(word) for word in words), tuple(cue_tags(text, words))


def _pair_row(text: str, target: str, topic: str, actor: str) -> dict:
    statement, s_keys, s_cues = _side(text)
    target_norm, t_keys, t_cues = _side(target)
    s_set, t_set = set(s_keys), set(t_keys)
    only_s = [word for word in dict.fromkeys(s_keys) if word not in t_set]
    only_t = [word for word in dict.fromkeys(t_keys) if word not in s_set]
    swaps = [f"{a}__{b}" for a in only_t[:4] for b in only_s[:4]] if t_set else []
    union = s_set | t_set
    topic_key = normalize(topic).replace(" ", "_")
    cues = [f"s:{tag}" for tag in s_cues] + [f"t:{tag}" for tag in t_cues]
    cues += [f"+{tag}" for tag in set(s_cues) - set(t_cues)]
    cues += [f"-{tag}" for tag in set(t_cues) - set(s_cues)]
    return {
        "statement": statement, "target": target_norm, "statement_only": " ".join(only_s),
        "target_only": " ".join(only_t), "swaps": " ".join(swaps),
        "cues": " ".join(tag.replace(" ", "_") for tag in cues),
        "topic": topic,
        "topic_words": " ".join(f"{topic_key}|{word}" for word in dict.fromkeys(s_keys)),
        "actor": actor,
        "jaccard": len(s_set & t_set) / len(union) if union else 0.0,
        "target_covered": len(s_set & t_set) / len(t_set) if t_set else 0.0,
        "statement_covered": len(s_set & t_set) / len(s_set) if s_set else 0.0,
        "length_ratio": math.log((len(s_keys) + 1) / (len(t_keys) + 1)),
        "numbers_differ": float(set(_DIGIT.findall(statement)) != set(_DIGIT.findall(target_norm))),
        "question": float("?" in text or "؟" in text),
        "no_overlap": float(bool(t_set) and not s_set & t_set),
    }


def pair_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The columns the stance features read, one row per input row (stateless).

    ``rows`` has ``text``, ``target``, ``target_text`` and ``actor``; the target
    side is the target's name and its description or claim text.
    """
    texts = rows["text"].astype(str).tolist()
    names = rows["target"].astype(str).tolist()
    details = rows["target_text"].fillna("").astype(str).tolist()
    actors = rows["actor"].fillna("").astype(str).tolist()
    built = [_pair_row(text, f"{name} {detail}".strip(), name, actor)
             for text, name, detail, actor in zip(texts, names, details, actors)]
    frame = pd.DataFrame(built, index=rows.index)
    for column in RELEVANCE:  # an article's relevance figures, when it was summarised first
        if column in rows.columns:
            frame[column] = rows[column].to_numpy()
    targets = [f"{name} {detail}".strip() for name, detail in zip(names, details)]
    return frame.assign(text=texts, target_name=names, target_full=targets)


def cue_kinds(cues) -> np.ndarray:
    """Whether each side has a cue of each kind (negation, denial, hedging, reporting): one
    0/1 column per side and kind, from ``pair_frame``'s cue tags. The tags name the lemma,
    each rare; the kind is what generalises ("allegedly", "rumoured", "sources say": the
    headline observes a claim rather than asserting it). Stateless."""
    tags = [set(row.split()) for row in np.asarray(cues, dtype=object).ravel()]
    prefixes = [f"{side}:{kind}:" for side in "st" for kind in STANCE_LEXICONS]
    return np.asarray([[any(tag.startswith(prefix) for tag in row) for prefix in prefixes]
                       for row in tags], dtype=float)


def cue_stance_tags(pairs) -> list[str]:
    """What the reporting verb says of each (statement, target name) pair, as tags:
    the cue's effect, its reading and its stance (``claims.cuestance``); "none"
    without a cue. Stateless, for a ``FunctionTransformer``."""
    tags = []
    for text, target in np.asarray(pairs, dtype=object):
        found = cue_stance(str(text), str(target))
        tags.append("none" if found is None else
                    f"effect:{found.effect} reading:{found.reading} stance:{found.stance}")
    return tags


def _text_input(tags):
    """The estimator tags of a transformer that reads strings, not a numeric 2-d array."""
    tags.input_tags.two_d_array = False
    tags.input_tags.string = True
    return tags


class PairSimilarity(TransformerMixin, BaseEstimator):
    """Cosine similarity of the TF-IDF vectors of two text columns, learnt on both.

    ``X`` is a two-column array (or DataFrame) of strings; the output is one
    column. Words are hashed (no vocabulary to store); the IDF weights are learnt
    in ``fit`` from the texts of both columns, so words common to every statement weigh little.
    """

    def __init__(self, analyzer: str = "word", ngram_range: tuple[int, int] = (1, 1),
                 n_features: int = 2 ** 18):
        self.analyzer = analyzer
        self.ngram_range = ngram_range
        self.n_features = n_features

    def __sklearn_tags__(self):
        return _text_input(super().__sklearn_tags__())

    def _columns(self, X) -> tuple[list[str], list[str]]:
        values = np.asarray(X, dtype=object)
        if values.ndim != 2 or values.shape[1] != 2:
            raise ValueError(f"PairSimilarity expects two text columns, got an array of shape "
                             f"{values.shape}")
        return [str(v) for v in values[:, 0]], [str(v) for v in values[:, 1]]

    def _hashed(self, texts: list[str]):
        return _hasher(self.analyzer, tuple(self.ngram_range), self.n_features).transform(texts)

    def fit(self, X, y=None):
        left, right = self._columns(X)
        self.idf_ = TfidfTransformer(sublinear_tf=True).fit(self._hashed(left + right))
        self.n_features_in_ = 2
        return self

    def transform(self, X):
        check_is_fitted(self, "idf_")
        left, right = self._columns(X)
        a, b = self.idf_.transform(self._hashed(left)), self.idf_.transform(self._hashed(right))
        return np.asarray(a.multiply(b).sum(axis=1)).reshape(-1, 1)

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"cosine_{self.analyzer}"], dtype=object)


class CharHasher(TransformerMixin, BaseEstimator):
    """Counts of hashed character n-grams of each text, computed with numpy (no
    Python loop over n-grams, which is most of the cost of scikit-learn's analyzer).

    Each text is padded with a space on both sides, so word beginnings and ends
    are n-grams of their own; an n-gram's hash is a polynomial of its code points
    (the same on every machine and in every process). Stateless.
    """

    def __init__(self, ngram_range: tuple[int, int] = (2, 4), n_features: int = 2 ** 18):
        self.ngram_range = ngram_range
        self.n_features = n_features

    def __sklearn_tags__(self):
        tags = _text_input(super().__sklearn_tags__())
        tags.requires_fit = False
        return tags

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        texts = [f" {value!s} " for value in np.asarray(X, dtype=object).ravel()]
        chunks = [self._counts(texts[start:start + 2000]) for start in range(0, len(texts), 2000)]
        return sp.vstack(chunks, format="csr") if chunks else sp.csr_matrix((0, self.n_features))

    def _counts(self, texts: list[str]) -> sp.csr_matrix:
        width = max(len(text) for text in texts)
        codes = np.array(texts, dtype=f"<U{width}").view(np.uint32).reshape(len(texts), width)
        codes = codes.astype(np.uint64)
        rows, columns = [], []
        low, high = self.ngram_range
        for n in range(low, min(high, width) + 1):
            hashed = np.full((len(texts), width - n + 1), n, dtype=np.uint64)
            for k in range(n):  # wraps modulo 2**64, by design
                hashed = hashed * np.uint64(1_000_003) + codes[:, k:width - n + 1 + k]
            row, start = np.nonzero(codes[:, n - 1:] != 0)  # the n-gram lies inside the padded text
            rows.append(row)
            bucket = (hashed[row, start] >> np.uint64(17)) % np.uint64(self.n_features)
            columns.append(bucket.astype(np.int64))
        empty = (np.zeros(0, int),) * 2
        row, column = (np.concatenate(rows), np.concatenate(columns)) if rows else empty
        matrix = sp.csr_matrix((np.ones(len(row)), (row, column)),
                               shape=(len(texts), self.n_features))
        matrix.sum_duplicates()
        return matrix

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"char_{index}" for index in range(self.n_features)], dtype=object)


def _hasher(analyzer: str, ngram_range: tuple[int, int], n_features: int) -> HashingVectorizer:
    pattern = r"\S+" if analyzer == "tags" else r"(?u)\b\w+\b" if analyzer == "word" else None
    return HashingVectorizer(analyzer="word" if analyzer == "tags" else analyzer,
                             ngram_range=ngram_range, n_features=n_features, token_pattern=pattern,
                             lowercase=False, alternate_sign=False, norm=None)


def tfidf(analyzer: str, ngram_range: tuple[int, int] | list[int] = (1, 1),
          bits: int = 16) -> Pipeline:
    """Hashed n-grams weighted by TF-IDF: no vocabulary to keep, so models stay small and
    load fast."""
    hasher = (CharHasher(tuple(ngram_range), 2 ** bits) if analyzer == "char"
              else _hasher(analyzer, tuple(ngram_range), 2 ** bits))
    return Pipeline([("hash", hasher),
                     ("tfidf", TfidfTransformer(sublinear_tf=True))])


def _scaled_and_binned() -> FeatureUnion:
    """A number as itself and as one of eight quantile bins, so a linear model can
    learn that both very low and very high overlap mean something."""
    bins = KBinsDiscretizer(n_bins=8, encode="onehot", strategy="quantile",
                            quantile_method="averaged_inverted_cdf")
    # Scaled by the largest magnitude, never up: a near-constant column standardised
    # to values near 100 keeps liblinear from converging.
    return FeatureUnion([("scaled", MaxAbsScaler()), ("bins", bins)])


PAIR = ["statement", "target"]
# The topic embeddings' weight beside the shared columns (``encoder.TopicEncoder``): 2 won
# by cross-validation on ArabicStanceX's train (3 of 3 folds up; 3 and 4 less).
TOPIC_SCALE = 2.0


def feature_blocks(config: TrainConfig) -> list[tuple]:
    """The ColumnTransformer blocks of the feature groups in ``config``."""
    groups = {
        "statement_words": [("statement_words", tfidf("word", config.word_ngrams, 18),
                             "statement")],
        "statement_chars": [("statement_chars", tfidf("char", config.char_ngrams, 18),
                             "statement")],
        "target_words": [("target_words", tfidf("word", config.word_ngrams, 17), "target")],
        "difference": [("statement_only", tfidf("tags"), "statement_only"),
                       ("target_only", tfidf("tags"), "target_only"),
                       ("swaps", tfidf("tags", bits=17), "swaps")],
        "similarity": [("cosine_words", make_pipeline(PairSimilarity("word"), _scaled_and_binned()),
                        ["statement", "target"]),
                       ("overlap", _scaled_and_binned(), list(OVERLAP)),
                       ("flags", "passthrough", list(FLAGS))],
        "cues": [("cues", tfidf("tags", bits=12), "cues")],
        "cue_kinds": [("cue_kinds", FunctionTransformer(cue_kinds), "cues")],
        "topic": [("topic", OneHotEncoder(handle_unknown="ignore"), ["topic"])],
        "topic_words": [("topic_words", tfidf("tags", bits=17), "topic_words")],
        "actor": [("actor", OneHotEncoder(handle_unknown="infrequent_if_exist", min_frequency=2),
                   ["actor"])],
        "cue_stance": [("cue_stance", make_pipeline(FunctionTransformer(cue_stance_tags),
                                                    tfidf("tags", bits=8)),
                        ["text", "target_name"])],
        "alignment": [("alignment_tags", make_pipeline(FunctionTransformer(alignment_tags),
                                                       tfidf("tags", bits=17)), PAIR),
                      ("alignment_flags", FunctionTransformer(alignment_flags), PAIR)],
        "relevance": [("relevance", _scaled_and_binned(), list(RELEVANCE))],
        "polarity": [("polarity", FunctionTransformer(signed_words), PAIR)],
        # The texts as written (an article's summary): the encoder reads case and diacritics.
        "encoder": [("encoder", PairEncoder(), ["text", "target_full"])],
        "encoder_polarity": [("encoder_polarity", SignedEncoder(), ["text", "target"])],
        "encoder_topic": [("encoder_topic", TopicEncoder(scale=TOPIC_SCALE),
                           ["text", "target_name"])],
    }
    return [block for name in FEATURE_GROUPS if name in config.features for block in groups[name]]


def feature_pipeline(config: TrainConfig) -> Pipeline:
    """Rows to features; with ``relevance``, each text is first summarised toward its target."""
    summary = ([("summary", FunctionTransformer(summarise_rows))]
               if "relevance" in config.features else [])
    columns = ColumnTransformer(feature_blocks(config), sparse_threshold=1.0)
    return Pipeline([*summary, ("pairs", FunctionTransformer(pair_frame)), ("features", columns)])


def row_key_columns(rows: pd.DataFrame) -> list[str]:
    """The columns that make a training row what it is (repeated rows are merged);
    with ``body``, the digest of an article summarised as read, which tells apart
    bodies that give the same summary."""
    return ["text", "target", "target_text", "actor", "stance"] + (
        ["body"] if "body" in rows.columns else [])


def as_rows(rows) -> pd.DataFrame:
    """Rows (a DataFrame, or dicts) with the columns the models read; missing ones are empty."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    frame = frame.copy()
    for column in ("text", "target", "target_text", "actor"):
        if column not in frame.columns:
            frame[column] = ""
    frame[["target_text", "actor"]] = frame[["target_text", "actor"]].fillna("")
    return frame.reset_index(drop=True)
