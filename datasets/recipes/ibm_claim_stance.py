"""IBM Debater Claim Stance: English claims from Wikipedia toward debate motions, PRO / CON.

One CSV row per claim: the corrected claim text (``claims.claimCorrectedText``)
is the statement and the motion (``topicText``, "This house believes that …")
the target, kind ``claim``. The Wikipedia article the claim was found in
(``claims.article.cleanFile``) is the article (its text is not in this release,
so the article is its claims joined). No actor. PRO → support, CON → oppose.
Official splits: the ``split`` column, train / test (topic-disjoint).

    claims import-recipe ibm-claim-stance ../shared/data/ibm-claim-stance
"""
from pathlib import Path

from claims.formats import Mapping, Source

SOURCE = Source(
    name="ibm-claim-stance",
    license="cc-by-sa-3.0",
    citation=(
        "Roy Bar-Haim, Indrajit Bhattacharya, Francesco Dinuzzo, Amrita Saha and Noam Slonim. "
        "2017. Stance Classification of Context-Dependent Claims. In Proceedings of the 15th "
        "Conference of the European Chapter of the Association for Computational Linguistics "
        "(EACL), Valencia, Spain, pages 251–261."
    ),
    url="https://research.ibm.com/haifa/dept/vst/debating_data.shtml",
    description="IBM Debater Claim Stance Dataset v1: 2,394 claims for 55 topics (Wikipedia text "
    "© Wikipedia contributors; annotations © IBM 2014, CC BY-SA 3.0).",
)


def files(path: Path) -> list[tuple[Path, Mapping]]:
    return [
        (
            path / "claim_stance_dataset_v1.csv",
            Mapping(
                text="claims.claimCorrectedText", stance="claims.stance", target="topicText",
                target_kind="claim", article="claims.article.cleanFile", split="split",
                language_value="en", label_map={"PRO": "support", "CON": "oppose"},
            ),
        )
    ]
