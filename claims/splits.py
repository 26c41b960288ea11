"""Leak-free splits: which split (train, validation, test) each article's claims go to.

Splits never share an article: whole articles are assigned, never single
claims. With ``disjoint_targets`` they never share a target either: articles
linked by a common target (a claim two headlines respond to) form one group
and travel together. Methods:

- ``article``: groups in a seeded random order, stratified by their majority
  stance, so that each stance is spread over the splits as the sizes ask
  (where the counts allow: a stance with a handful of claims stays in train);
- ``random``: the same without stratification;
- ``time``: the newest groups go to test, the next newest to validation;
- ``given``: the splits the claims were imported with, kept as published:
  a text (or an article) found in two splits stays in both, and ``Leakage``
  counts it for the build's output and the card. With ``move_shared``, the
  articles and texts so linked go wholly to the more held-out split (test,
  then validation), and the claims so moved are counted.

Every build counts its leakage, whatever the method: texts that are in more
than one split (compared with case and spacing ignored), and articles.

Sizes are fractions of the claims. Everything works on numpy arrays of ids (a
few bytes a claim), never on rows, and the same inputs and seed give the same
assignment.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from claims.errors import ClaimsError
from claims.records import SPLIT_METHODS as METHODS
from claims.records import SPLITS

_CODES = {
    name: code for code, name in enumerate(SPLITS)
}  # a split's code is its position in SPLITS


@dataclass
class Keys:
    """The selected claims' keys, one entry per claim."""

    article: np.ndarray  # article id
    target: np.ndarray  # target id
    stance: np.ndarray  # position of the stance in the schema
    given: np.ndarray  # code of the split the claim was imported with, -1 for none

    @classmethod
    def collect(cls, batches: Iterable[list]) -> Keys:
        """From batches of rows ``(article id, target id, stance position, given split code)``."""
        parts = [np.fromiter(chain.from_iterable(batch), np.int64, 4 * len(batch)).reshape(-1, 4)
                 for batch in batches]
        table = np.concatenate(parts) if parts else np.empty((0, 4), np.int64)
        return cls(table[:, 0].copy(), table[:, 1].copy(), table[:, 2].astype(np.int16),
                   table[:, 3].astype(np.int8))

    def __len__(self) -> int:
        return len(self.article)


@dataclass
class Assignment:
    articles: np.ndarray  # sorted article ids
    split: np.ndarray  # split code of each article
    moved: int = 0  # claims whose given split was overridden to keep their article whole
    kept: bool = False  # each claim keeps its given split (``given`` without ``move_shared``)
    left_out: tuple[str, ...] = ()  # splits asked for that too few articles could not fill

    def of(self, article_ids: np.ndarray) -> np.ndarray:
        """The split codes of these articles."""
        return self.split[np.searchsorted(self.articles, article_ids)]


def text_key(text: str) -> bytes:
    """What two texts share when they are the same text: case and spacing ignored."""
    return hashlib.blake2b(" ".join(text.split()).casefold().encode(), digest_size=12).digest()


@dataclass
class Leakage:
    """Texts and articles found in more than one split, counted as claims stream past."""

    texts: dict[bytes, list[int]] = field(default_factory=dict)  # text key -> claims per split
    articles: dict[int, int] = field(default_factory=dict)  # article id -> bit mask of its splits
    # targets of kind claim (a fact-checked claim, an ANS sentence) -> bit mask of their splits:
    # a model tested on a claim it was trained on reads higher than on a new claim
    claim_targets: dict[str, int] = field(default_factory=dict)

    def add(self, article_id: int, text: str, split: str, claim_target: str | None = None) -> None:
        code = _CODES[split]
        self.texts.setdefault(text_key(text), [0] * len(SPLITS))[code] += 1
        self.articles[article_id] = self.articles.get(article_id, 0) | 1 << code
        if claim_target is not None:
            self.claim_targets[claim_target] = self.claim_targets.get(claim_target, 0) | 1 << code

    def summary(self) -> dict:
        """``texts`` and ``claims`` shared by two or more splits, ``articles`` in
        two or more, the texts shared by each pair of splits (``train/test``), and
        the targets of kind claim in two or more (``claim_targets`` of ``all_claim_targets``)."""
        shared = [counts for counts in self.texts.values() if sum(map(bool, counts)) > 1]
        pairs = {f"{a}/{b}": sum(1 for counts in shared if counts[i] and counts[j])
                 for i, a in enumerate(SPLITS) for j, b in enumerate(SPLITS) if i < j}
        return {"texts": len(shared), "claims": sum(map(sum, shared)),
                "articles": sum(1 for mask in self.articles.values() if mask & (mask - 1)),
                "pairs": {pair: count for pair, count in pairs.items() if count},
                "claim_targets": sum(1 for mask in self.claim_targets.values()
                                     if mask & (mask - 1)),
                "all_claim_targets": len(self.claim_targets)}


def assign(keys: Keys, method: str, test_size: float, dev_size: float, seed: int,
           disjoint_targets: bool = False, oldest_first: np.ndarray | None = None,
           shared: np.ndarray | None = None) -> Assignment:
    """Assign every article of ``keys`` to a split; ``oldest_first`` (article ids
    in date order) is needed by the ``time`` method. For ``given``, ``shared``
    (pairs of article id and text number, one a claim) asks to move the texts
    found in two splits; without it every claim keeps its given split."""
    if method not in METHODS:
        raise ClaimsError(f"Unknown split method {method!r}; use one of: {', '.join(METHODS)}.")
    articles, article_index = np.unique(keys.article, return_inverse=True)
    if method == "given":
        if disjoint_targets:
            raise ClaimsError(
                "--disjoint-targets does not apply to --split-by given: the given splits stay."
            )
        return _given(keys, articles, article_index, shared)
    group_of_article = _groups(keys, len(articles), article_index, disjoint_targets)
    claim_group = group_of_article[article_index]
    groups = int(group_of_article.max()) + 1
    sizes = np.bincount(claim_group, minlength=groups)
    if method == "time":
        rank = np.empty(len(articles), np.int64)
        rank[np.searchsorted(articles, oldest_first)] = np.arange(len(oldest_first))
        newest = np.full(groups, -1, np.int64)
        np.maximum.at(newest, group_of_article, rank)
        order = np.argsort(-newest, kind="stable")  # newest first: test is filled first
        strata = np.zeros(groups, np.int64)
    else:
        order = np.random.default_rng(seed).permutation(groups)
        strata = (
            _majority(claim_group, keys.stance, groups)
            if method == "article"
            else np.zeros(groups, np.int64)
        )
    group_split = _allocate(order, strata, sizes, test_size, dev_size)
    left_out = _check_sizes(group_split, sizes, test_size, dev_size, groups, disjoint_targets)
    return Assignment(articles, group_split[group_of_article], left_out=left_out)


def _given(keys: Keys, articles: np.ndarray, article_index: np.ndarray,
           shared: np.ndarray | None) -> Assignment:
    missing = int((keys.given < 0).sum())
    if missing:
        raise ClaimsError(
            f"{missing} of the {len(keys)} selected claims have no given split (only datasets "
            "imported with their splits have one); use --split-by article, time or random."
        )
    if shared is None:
        return Assignment(articles, np.zeros(len(articles), np.int8), kept=True)
    group = _linked(articles, shared)
    split = np.zeros(int(group.max()) + 1, np.int8)
    np.maximum.at(split, group[article_index], keys.given)  # test (2) > validation (1) > train (0)
    moved = int((split[group[article_index]] != keys.given).sum())
    return Assignment(articles, split[group], moved)


def _linked(articles: np.ndarray, shared: np.ndarray) -> np.ndarray:
    """The group of each article: the articles linked by a text they share."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    article_index = np.searchsorted(articles, shared[:, 0])
    nodes = len(articles) + int(shared[:, 1].max(initial=-1)) + 1
    ones = np.ones(len(shared), np.int8)
    edges = coo_matrix((ones, (article_index, len(articles) + shared[:, 1])), shape=(nodes, nodes))
    _, component = connected_components(edges, directed=False)
    _, group = np.unique(component[:len(articles)], return_inverse=True)
    return group


def _groups(
    keys: Keys, count: int, article_index: np.ndarray, disjoint_targets: bool
) -> np.ndarray:
    """The group of each article: itself, or its connected component in the
    graph of articles and the targets their claims are about."""
    if not disjoint_targets:
        return np.arange(count)
    # scipy takes a fifth of a second to import; only this option needs it
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    targets, target_index = np.unique(keys.target, return_inverse=True)
    nodes = count + len(targets)
    edges = coo_matrix(
        (np.ones(len(keys), np.int8), (article_index, count + target_index)), shape=(nodes, nodes)
    )
    _, component = connected_components(edges, directed=False)
    _, group = np.unique(component[:count], return_inverse=True)
    return group


def _majority(claim_group: np.ndarray, stance: np.ndarray, groups: int) -> np.ndarray:
    """Each group's most frequent stance (ties go to the label first in the schema)."""
    labels = int(stance.max()) + 1
    counts = np.bincount(claim_group * labels + stance, minlength=groups * labels).reshape(
        groups, labels
    )
    return counts.argmax(axis=1)


def _allocate(order: np.ndarray, strata: np.ndarray, sizes: np.ndarray, test_size: float,
              dev_size: float) -> np.ndarray:
    """Walk each stratum's groups in ``order``: test takes each group that brings
    it nearer its share of the stratum's claims (a group counts once half of it
    fits), then validation likewise, and train keeps the rest. A split asked for
    that got nothing takes the first train group in ``order``, if train keeps one."""
    split = np.full(len(order), _CODES["train"], np.int8)
    for stratum in np.unique(strata):
        members = order[strata[order] == stratum]
        total = sizes[members].sum()
        for name, share in (("test", test_size), ("validation", dev_size)):
            members = members[split[members] == _CODES["train"]]
            middle = np.cumsum(sizes[members]) - sizes[members] / 2
            split[members[middle < total * share]] = _CODES[name]
    for name, share in (("test", test_size), ("validation", dev_size)):
        train = order[split[order] == _CODES["train"]]
        if share > 0 and not (split == _CODES[name]).any() and len(train) > 1:
            split[train[0]] = _CODES[name]
    return split


def _check_sizes(
    group_split: np.ndarray, sizes: np.ndarray, test_size: float, dev_size: float, groups: int,
    disjoint_targets: bool,
) -> tuple[str, ...]:
    """The held-out splits asked for that got no article (a small project: one or two
    annotated articles); they are left out rather than share an article with train.
    Train must get something."""
    unit = "groups of articles sharing targets" if disjoint_targets else "articles"
    if not sizes[group_split == _CODES["train"]].sum():
        raise ClaimsError(f"Cannot make a train split: the {int(sizes.sum())} selected claims "
                          "are in "
                          f"{groups} {unit} only, and splits never share one; lower --test-size or "
                          "--dev-size (0 leaves a split out), or add claims.")
    return tuple(name for name, share in (("validation", dev_size), ("test", test_size))
                 if share > 0 and not sizes[group_split == _CODES[name]].sum())
