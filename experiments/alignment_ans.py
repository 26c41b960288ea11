"""Do the alignment features help on ANS? Train on train, score on validation.

The pair feature sets of the automatic choice, with and without ``alignment``,
each at the values of C the choice tries; macro-F1 on the official dev split
(the test split is not read). A figure for the choice to keep the group or not.

    nice python experiments/alignment_ans.py [--shared ../shared/data]
"""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import shared_data

from claims.evaluate import score
from claims.models.config import TrainConfig
from claims.models.features import as_rows, feature_pipeline
from claims.models.selection import C_GRID, classifier

PAIR = ["statement_words", "target_words", "difference", "similarity", "cues", "statement_chars"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data"
    )
    args = parser.parse_args()
    splits = shared_data.ans(args.shared)
    train, dev = as_rows(splits["train"]), as_rows(splits["validation"])
    labels = shared_data.LABELS
    print("| features | C | dev macro-F1 |\n| --- | ---: | ---: |")
    for name, groups in (("pair words + characters", PAIR), ("+ alignment", [*PAIR, "alignment"])):
        features = feature_pipeline(TrainConfig(features=groups))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            X = features.fit_transform(train)
            X_dev = features.transform(dev)
        for c in C_GRID["pairs"]:
            predicted = classifier(c, "balanced", 0).fit(X, train["stance"]).predict(X_dev)
            print(
                f"| {name} | {c:g} | "
                f"{score('macro_f1', dev['stance'], predicted, labels) * 100:.1f} |"
            )


if __name__ == "__main__":
    main()
