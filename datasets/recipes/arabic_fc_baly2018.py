"""Arabic FC (Baly et al. 2018): Arabic news articles toward claims, four labels.

One JSON file per claim under ``dataset/``: ``claim`` and the parallel lists
``article`` (full text, page chrome included), ``stance``, ``url`` and
``rationale``; the folder is read as one input and ``--explode`` turns item i
of the lists into row i (one claim-article pair). The article is the
statement; the claim is the target, kind ``claim``. No actor. Labels: agree →
support, disagree → oppose, discuss → neutral, unrelated → unrelated (added to
the schema). No train/test files: ``folds.txt`` gives folds 2–5 of the
authors' claim-level split, so build with ``--split-by article
--disjoint-targets`` (claim-disjoint, as the folds are) and score with
``--metric fnc``.

    claims import-recipe arabic-fc-baly2018 ../shared/data/arabic-fc-baly2018
"""
from pathlib import Path

from claims.formats import Mapping, Source
from claims.reshape import Shape

SOURCE = Source(
    name="arabic-fc-baly2018",
    license="unknown",
    citation=(
        "Baly, R., Mohtarami, M., Glass, J., Màrquez, L., Moschitti, A., & Nakov, P. (2018). "
        "Integrating Stance Detection and Fact Checking in a Unified Corpus. NAACL-HLT 2018, "
        "pp. 21–27."
    ),
    url="https://aclanthology.org/N18-2004/",
    description="Arabic claims about the war in Syria and Middle-East politics, each with news "
                "articles labelled agree / disagree / discuss / unrelated.",
)


def files(path: Path) -> list[tuple]:
    mapping = Mapping(
        text="article", target="claim", target_kind="claim", stance="stance", url="url",
        language_value="ar", add_labels=True,
        label_map={"agree": "support", "disagree": "oppose", "discuss": "neutral",
                   "unrelated": "unrelated"},
    )
    return [(path / "dataset", mapping, Shape(explode=["article", "stance", "url", "rationale"]))]
