"""Readers for the published datasets in ../shared/data, and a writer of dataset folders.

Used by experiments/run_baselines.py only, for its published results: these
small pandas readers turn each published dataset into rows of the dataset
contract, with the splits results.md reports (DEbateNet-migr15 80/10/10 by
article, seeded), and ``write_dataset_folder`` writes them as a dataset folder
(``data/<split>-*.parquet``, ``claims.json``, ``README.md``). Users, and the
tests, build dataset folders with ``claims import-recipe`` and ``claims dataset
build`` instead; nothing in ``claims/`` or ``tests/`` imports this file.

Label maps are stated here, as the import would state them:
agree/disagree/other, for/against/observing, Favor/Against/None, PRO/CON and +1/-1
become the project's default labels (schema.DEFAULT_LABELS) in that order.
"""
from __future__ import annotations

import json
import zlib
from pathlib import Path

import pandas as pd

from claims.datafolder import fingerprint
from claims.schema import DEFAULT_LABELS
from datasets import ClassLabel, Dataset, Features, Value

LABELS = [label.name for label in DEFAULT_LABELS]
SUPPORT, OPPOSE, NEUTRAL = LABELS
STRING_COLUMNS = (
    "id", "text", "actor", "actor_kind", "target", "target_kind", "target_text", "language",
    "source", "published", "gold_method", "origin",
)
FEATURES = Features(
    {
        **{column: Value("string") for column in STRING_COLUMNS},
        "stance": ClassLabel(names=LABELS), "article_id": Value("int64"),
        "statement_id": Value("int64"), "start": Value("int32"), "end": Value("int32"),
    }
)


def _rows(frame: pd.DataFrame, source: str, language: str, kind: str) -> pd.DataFrame:
    """Fill the contract's columns that a published dataset does not have."""
    frame = frame.reset_index(drop=True).copy()
    frame["id"] = (
        [f"{source}-{index}" for index in range(len(frame))] if "id" not in frame else frame["id"]
    )
    defaults = {
        "actor": "", "actor_kind": "", "target_kind": kind, "target_text": "", "language": language,
        "source": source, "published": "", "gold_method": "imported", "origin": f"import:{source}",
        "article_id": 0, "start": 0,
    }
    for column, value in defaults.items():
        if column not in frame:
            frame[column] = value
    frame["statement_id"] = range(1, len(frame) + 1)
    frame["end"] = frame["text"].str.len()
    return frame[list(FEATURES)]


def _claim_pairs(
    files: dict[str, Path], text: str, target: str, stance: str, mapping: dict[str, str],
    source: str, language: str,
) -> dict[str, pd.DataFrame]:
    """Statement-versus-claim CSV files, one a split; the claim text names the target."""
    splits = {}
    for split, path in files.items():
        raw = pd.read_csv(path)
        frame = pd.DataFrame({"text": raw[text], "target": raw[target], "target_text": raw[target],
                              "stance": raw[stance].map(mapping)})
        splits[split] = _rows(frame, source, language, "claim")
    return splits


def ans(root: Path) -> dict[str, pd.DataFrame]:
    """ANS stance pairs: s1 is the claim (target), s2 the statement."""
    files = {split: root / "ans/data/stance" / f"{name}.csv"
             for split, name in (("train", "train"), ("validation", "dev"), ("test", "test"))}
    return _claim_pairs(
        files, "s2", "s1", "stance", {"agree": SUPPORT, "disagree": OPPOSE, "other": NEUTRAL},
        "ans", "ar",
    )


def emergent(root: Path) -> dict[str, pd.DataFrame]:
    """Emergent: the article headline is the statement, the claim headline the target."""
    files = {
        split: root / f"emergent/url-versions-2015-06-14-clean-{split}.csv"
        for split in ("train", "test")
    }
    return _claim_pairs(files, "articleHeadline", "claimHeadline", "articleHeadlineStance",
                        {"for": SUPPORT, "against": OPPOSE, "observing": NEUTRAL}, "emergent", "en")


def arabicstancex(root: Path) -> dict[str, pd.DataFrame]:
    """ArabicStanceX: one JSON file per topic; the topic (file name) is the target."""
    mapping = {"Favor": SUPPORT, "Against": OPPOSE, "None": NEUTRAL}
    splits = {}
    for split in ("train", "test"):
        frames = []
        for path in sorted((root / "arabicstancex/Stance_task" / split).glob("*/*.json")):
            raw = pd.read_json(path)
            topic = path.stem.replace("_", " ")
            frames.append(
                pd.DataFrame(
                    {"text": raw["text"], "target": topic, "stance": raw["stance"].map(mapping)}
                )
            )
        splits[split] = _rows(pd.concat(frames), "arabicstancex", "ar", "topic")
    return splits


def ibm_claim_stance(root: Path) -> dict[str, pd.DataFrame]:
    """IBM claim stance: the corrected claim is the statement, the debate motion the target."""
    raw = pd.read_csv(root / "ibm-claim-stance/claim_stance_dataset_v1.csv")
    mapping = {"PRO": SUPPORT, "CON": OPPOSE}
    splits = {}
    for split in ("train", "test"):
        part = raw[raw["split"] == split]
        frame = pd.DataFrame(
            {
                "text": part["claims.claimCorrectedText"], "target": part["topicTarget"],
                "target_text": part["topicText"], "stance": part["claims.stance"].map(mapping),
            }
        )
        splits[split] = _rows(frame, "ibm-claim-stance", "en", "topic")
    return splits


def debatenet(root: Path, seed: int = 0) -> dict[str, pd.DataFrame]:
    """DEbateNet-migr15: one row per claim and sub-category code (the category
    code when it has none); split 80/10/10 by article, seeded."""
    raw = pd.read_json(root / "debatenet-migr15/DebateNet-migr15v2.jsonl", lines=True)
    rows = []
    for record in raw.itertuples():
        codes = [str(code) for code in record.claimvalues]
        specific = [code for code in codes if not code.endswith("00")] or codes
        for code in dict.fromkeys(specific):
            rows.append({"text": record.quote, "actor": record.name or "", "actor_kind": "person",
                         "target": code, "stance": SUPPORT if int(record.cpos) > 0 else OPPOSE,
                         "article_id": int(record.doc_id), "published": str(record.cdate)[:10],
                         "start": int(record.begin)})
    frame = pd.DataFrame(rows)
    bucket = frame["article_id"].map(lambda doc: zlib.crc32(f"{seed}:{doc}".encode()) % 10)
    parts = {
        "train": frame[bucket < 8], "validation": frame[bucket == 8], "test": frame[bucket == 9],
    }
    result = {}
    for split, part in parts.items():
        part = _rows(part, "debatenet-migr15", "de", "topic")
        part["end"] = part["start"] + part["text"].str.len()
        result[split] = part
    return result


READERS = {
    "ans": ans, "arabicstancex": arabicstancex, "emergent": emergent,
    "ibm-claim-stance": ibm_claim_stance, "debatenet-migr15": debatenet,
}


def write_dataset_folder(
    out: Path, splits: dict[str, pd.DataFrame], split_method: str, sources: list[str],
    metric: str | None = None, seed: int = 0, labels: list[str] | None = None,
) -> Path:
    """A dataset folder of the contract's layout, as ``claims dataset build`` lays one out."""
    labels = labels or LABELS  # another label set: e.g. the four claim–article labels
    features = Features({**FEATURES, "stance": ClassLabel(names=labels)})
    (out / "data").mkdir(parents=True, exist_ok=True)
    for split, frame in splits.items():
        frame = frame[list(features)].reset_index(drop=True)
        Dataset.from_pandas(frame, features=features, preserve_index=False).to_parquet(
            str(out / "data" / f"{split}-00000-of-00001.parquet"))
    meta = {
        "format": "claims-dataset", "format_version": 1, "labels": labels,
        "split_method": split_method, "seed": seed, "sources": sources,
        "fingerprint": fingerprint(out),
        "rows": {split: len(frame) for split, frame in splits.items()},
    }
    if metric:
        meta["metric"] = metric
    (out / "claims.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (out / "README.md").write_text(
        f"# {', '.join(sources)}\n\nStance rows; split: {split_method}.\n", "utf-8"
    )
    return out


BALY_LABELS = ["agree", "disagree", "discuss", "unrelated"]


def baly2018_folds(root: Path) -> dict[str, pd.DataFrame]:
    """Baly et al. 2018 claim–article pairs, one frame per published fold (2–5):
    the article body is the statement, the claim its target (kind ``claim``), the
    four labels kept as published (agree, disagree, discuss, unrelated). Folds are
    by claim, as folds.txt lists them."""
    base = root / "arabic-fc-baly2018"
    folds = {}
    for line in (base / "folds.txt").read_text(encoding="utf-8").splitlines():
        name, _, ids = line.partition(":")
        rows = []
        for claim_id in ids.split():
            record = json.loads((base / "dataset" / f"{claim_id}.json").read_text(encoding="utf-8"))
            for index, (body, stance) in enumerate(zip(record["article"], record["stance"])):
                rows.append({"id": f"{claim_id}-{index}", "text": body, "target": claim_id,
                             "target_text": record["claim"], "stance": stance})
        folds[name.strip().lower()] = _rows(pd.DataFrame(rows), "arabic-fc-baly2018", "ar", "claim")
    return folds

