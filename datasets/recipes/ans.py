"""ANS (Arabic News Stance), stance part: Arabic headline pairs, agree / disagree / other.

Each row pairs a headline ``s1`` with a second headline ``s2``: ``s2`` is the
statement and ``s1`` the claim it agrees with, contradicts or is unrelated to
(the target, kind ``claim``). No actor: the headlines speak for their outlet.
Labels: agree → support, disagree → oppose, other → neutral. Official splits:
data/stance/{train,dev,test}.csv (dev is the validation split).

    claims import-recipe ans ../shared/data/ans
"""
from pathlib import Path

from claims.formats import Mapping, Source

SOURCE = Source(
    name="ans",
    license="apache-2.0",
    citation=(
        "Jude Khouja. 2020. Stance Prediction and Claim Verification: An Arabic Perspective. "
        "In Proceedings of the Third Workshop on Fact Extraction and VERification (FEVER), "
        "Association for Computational Linguistics, Seattle, USA."
    ),
    url="https://github.com/latynt/ans",
    description="ANS: Arabic News Stance corpus, stance part (headline pairs from Arabic news).",
)


def files(path: Path) -> list[tuple[Path, Mapping]]:
    mapping = dict(
        text="s2", target="s1", target_kind="claim", stance="stance", language_value="ar",
        label_map={"agree": "support", "disagree": "oppose", "other": "neutral"},
    )
    return [(path / "data" / "stance" / f"{part}.csv", Mapping(**mapping, split_value=part))
            for part in ("train", "dev", "test")]
