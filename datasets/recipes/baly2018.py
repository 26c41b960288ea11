"""Baly et al. 2018: Arabic news articles toward claims, agree / disagree / discuss / unrelated.

One JSON file per claim (``dataset/<claim id>.json``) with parallel lists of
articles, URLs, stances and rationales. Each (claim, article) pair becomes a
statement (the whole article body, page chrome included as published) with a
claim toward the target named by the claim id (kind ``claim``, the claim's
text as its description). Articles are told apart by claim id and position, so
an article retrieved for two claims stays two statements. Labels: agree →
support, disagree → oppose, discuss → neutral, and ``unrelated`` is added to
the project's labels. The published folds 2–5 (``folds.txt``, by claim: no
claim is in two folds) are kept in each claim's note (``fold_2`` …); folds 2–4
are the train split and fold 5 the test split (claim-disjoint), so a model can
be trained and evaluated as imported; experiments/default_training.py
cross-validates over all four.

The folder of JSON files is read as one input and its lists exploded
(``claims import --explode``); each row's fold comes from ``folds.txt``.

    claims import-recipe baly2018 ../shared/data/arabic-fc-baly2018
"""

from pathlib import Path

from claims.errors import InputError
from claims.formats import Mapping, Source
from claims.reshape import Shape

SOURCE = Source(
    name="baly2018",
    license="unknown",
    citation=(
        "Ramy Baly, Mitra Mohtarami, James Glass, Lluís Màrquez, Alessandro Moschitti and "
        "Preslav Nakov. 2018. Integrating Stance Detection and Fact Checking in a Unified Corpus. "
        "In Proceedings of the 2018 Conference of the North American Chapter of the Association "
        "for Computational Linguistics (NAACL-HLT), New Orleans, Louisiana, pages 21–27."
    ),
    url="https://groups.csail.mit.edu/sls/downloads/",
    description="Arabic claim–article stance: 2,426 (claim, article) pairs of 337 claims, "
    "folds 2–5 of 5 (no licence stated; the authors ask to be cited).",
)
TEST_FOLD = "fold_5"


def _folds(path: Path) -> dict[str, str]:
    folds = {}
    for line in (path / "folds.txt").read_text(encoding="utf-8").splitlines():
        name, _, ids = line.partition(":")
        folds.update({claim_id: name.strip().lower() for claim_id in ids.split()})
    return folds


def files(path: Path) -> list[tuple]:
    if (path / "dataset").is_dir() and not (path / "folds.txt").is_file():  # splits: its folds
        raise InputError(str(path), "not the baly2018 dataset: folds.txt is missing (the "
                                    "claims' folds, which give the train and test splits)")
    folds = _folds(path) if (path / "folds.txt").is_file() else {}

    def with_fold(row: dict) -> dict:
        fold = folds.get(str(row.get("id")), "")
        return {**row, "fold": fold, "split": "test" if fold == TEST_FOLD else "train"}

    mapping = Mapping(
        text="article", target="id", target_kind="claim", target_description="claim",
        stance="stance", url="url", split="split", note="fold", language_value="ar",
        add_labels=True, transform=with_fold,
        label_map={"agree": "support", "disagree": "oppose", "discuss": "neutral",
                   "unrelated": "unrelated"},
    )
    return [
        (path / "dataset", mapping, Shape(explode=["article", "stance", "url", "rationale"]))]
