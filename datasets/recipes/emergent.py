"""Emergent: English news-article headlines toward rumoured claims, for / against / observing.

One CSV row per (claim, article): the article's headline (``articleHeadline``)
is the statement, and also the article's title; the claim (``claimHeadline``)
is the target, kind ``claim``. Articles are told apart by ``articleId``, so two
outlets with the same headline stay two articles. No actor column (many
headlines attribute the claim: "…, officials say"). for → support,
against → oppose, observing → neutral. Official splits: the train and test
files (claim-disjoint).

    claims import-recipe emergent ../shared/data/emergent
"""
from pathlib import Path

from claims.formats import Mapping, Source

SOURCE = Source(
    name="emergent",
    license="unknown",
    citation=(
        "William Ferreira and Andreas Vlachos. 2016. Emergent: a novel data-set for stance "
        "classification. In Proceedings of the 2016 Conference of the North American Chapter of "
        "the Association for Computational Linguistics: Human Language Technologies (NAACL-HLT), "
        "San Diego, California, pages 1163–1168."
    ),
    url="https://github.com/willferreira/mscproject",
    description="Emergent: 2,595 news-article headlines labelled for stance toward 300 rumoured "
    "claims (no licence stated).",
)


def files(path: Path) -> list[tuple[Path, Mapping]]:
    return [
        (
            path / f"url-versions-2015-06-14-clean-{split}.csv",
            Mapping(
                text="articleHeadline", stance="articleHeadlineStance", target="claimHeadline",
                target_kind="claim", article="articleId", title="articleHeadline",
                split_value=split, language_value="en",
                label_map={"for": "support", "against": "oppose", "observing": "neutral"},
            ),
        )
        for split in ("train", "test")
    ]
