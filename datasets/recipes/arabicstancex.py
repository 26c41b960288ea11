"""ArabicStanceX: Arabic tweets on 17 topics, Favor / Against / None.

Each topic is one JSON file (pandas' "columns" layout, ``{"text": {id: …},
"stance": {id: …}}``) under Stance_task/{train,test}/<domain>/<topic>.json. A
tweet is the statement; its topic (the file name, underscores read as spaces)
is the target, kind ``topic``. No actor: the tweet's
author is not given. Labels: Favor → support, Against → oppose, None → neutral.
Official splits: train and test (no validation split).

    claims import-recipe arabicstancex ../shared/data/arabicstancex
"""
from pathlib import Path

from claims.formats import Mapping, Source

SOURCE = Source(
    name="arabicstancex",
    license="cc-by-4.0",
    citation=(
        "Alkhathlan, A., Alahmadi, F., Kateb, F., & Al-Khalifa, H. (2025). Constructing and "
        "evaluating ArabicStanceX: A social media dataset for Arabic stance detection. Frontiers "
        "in Artificial Intelligence, 8, Article 1615800."
    ),
    url="https://doi.org/10.3389/frai.2025.1615800",
    description="ArabicStanceX: 14,477 Arabic tweets on 17 topics in six domains, labelled for "
    "stance.",
)


def files(path: Path) -> list[tuple[Path, Mapping]]:
    parts = []
    for split in ("train", "test"):
        for topic in sorted((path / "Stance_task" / split).glob("*/*.json")):
            parts.append(
                (
                    topic,
                    Mapping(
                        text="text", stance="stance", target_value=topic.stem.replace("_", " "),
                        target_kind="topic", language_value="ar", split_value=split,
                        label_map={"Favor": "support", "Against": "oppose", "None": "neutral"},
                    ),
                )
            )
    return parts
