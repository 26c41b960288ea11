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

The lists are exploded into one JSON-lines file (written once, beside the
system's temporary files), which is what is imported.

    claims import-recipe baly2018 ../shared/data/arabic-fc-baly2018
"""

import hashlib
import json
import tempfile
from pathlib import Path

from claims.formats import Mapping, Source

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


def _exploded(path: Path) -> Path:
    """The pairs as JSON lines, written once per version of the folder's files."""
    sources = sorted((path / "dataset").glob("*.json"))
    digest = hashlib.sha256(str(path.resolve()).encode())
    for source in sources + [path / "folds.txt"]:
        digest.update(f"{source.name}:{source.stat().st_size}:{source.stat().st_mtime_ns}".encode())
    out = Path(tempfile.gettempdir()) / f"claims-recipe-baly2018-{digest.hexdigest()[:12]}.jsonl"
    if out.is_file():
        return out
    folds = _folds(path)
    staging = out.with_suffix(".tmp")
    with staging.open("w", encoding="utf-8") as lines:
        for source in sources:
            record = json.loads(source.read_text(encoding="utf-8"))
            fold = folds.get(record["id"])
            if fold is None:
                continue  # a claim of no published fold here
            for index, (body, url, stance) in enumerate(
                zip(record["article"], record["url"], record["stance"])
            ):
                lines.write(
                    json.dumps(
                        {
                            "text": body,
                            "claim_id": record["id"],
                            "claim": record["claim"],
                            "stance": stance,
                            "url": url,
                            "article": f"{record['id']}-{index}",
                            "fold": fold,
                            "split": "test" if fold == TEST_FOLD else "train",
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
    staging.replace(out)
    return out


def files(path: Path) -> list[tuple[Path, Mapping]]:
    if not (path / "folds.txt").is_file() or not (path / "dataset").is_dir():
        return [(path / "folds.txt", Mapping())]  # refused by the caller, naming the missing file
    return [
        (
            _exploded(path),
            Mapping(
                text="text",
                stance="stance",
                target="claim_id",
                target_kind="claim",
                target_description="claim",
                article="article",
                url="url",
                split="split",
                note="fold",
                language_value="ar",
                add_labels=True,
                label_map={
                    "agree": "support",
                    "disagree": "oppose",
                    "discuss": "neutral",
                    "unrelated": "unrelated",
                },
            ),
        )
    ]
