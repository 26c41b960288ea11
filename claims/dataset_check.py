"""Checking a built dataset folder, and publishing it to the Hugging Face Hub.

A check reads the folder as a user would: marker, card metadata, data files and
fingerprint, ``datasets.load_dataset`` with the expected splits and features,
and no article in two splits. ``datasets`` and ``huggingface_hub`` are imported
where they are used: they take seconds to import.
"""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from claims import __version__, card
from claims.datafolder import data_file, features, open_folder, read_marker, verify
from claims.errors import ClaimsError
from claims.registry_file import Registry

_REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass
class CheckReport:
    path: str
    config: str
    labels: list[str]
    rows: dict[str, int]
    fingerprint: str


def check_dataset(folder: str | Path, shown_as: str | None = None) -> CheckReport:
    """Validate a dataset folder: marker, card metadata, data files and
    fingerprint, that ``datasets.load_dataset`` reads it with the expected
    splits and features, and that no article is in two splits."""
    folder, shown = Path(folder), shown_as or str(folder)
    marker = read_marker(folder, shown)
    rows, labels = marker["rows"], marker["labels"]
    expected = features(labels)
    card.check_card(folder / "README.md", shown, marker["config"], expected, rows)
    for split in rows:
        if not (folder / data_file(split)).is_file():
            raise ClaimsError(f"{shown}: {data_file(split)} is missing.")
    verify(open_folder(folder, need=None, shown_as=shown), shown)
    if "registry" in marker:
        Registry.read(folder / marker["registry"]["file"])
    _check_loads(folder, shown, expected, rows)
    if marker["split"].get("shared") != "kept":  # given splits may share an article: kept
        _check_articles_apart(folder, shown, rows)
    return CheckReport(shown, marker["config"], labels, dict(rows), marker["fingerprint"])


def _check_loads(folder: Path, shown: str, expected, rows: dict[str, int]) -> None:
    import datasets

    datasets.disable_progress_bars()
    datasets.logging.set_verbosity_error()
    with tempfile.TemporaryDirectory() as cache:
        try:
            loaded = datasets.load_dataset(str(folder), cache_dir=cache)
        except Exception as error:  # any failure to load is the finding
            raise ClaimsError(
                f"{shown} does not load as a Hugging Face dataset ({str(error).splitlines()[0]})."
            ) from None
        found = {split: loaded[split].num_rows for split in loaded}
        wrong = [split for split in loaded if loaded[split].features != expected]
        del loaded
    if found != rows:
        raise ClaimsError(f"{shown}: it loads with splits {found}, but was built with {rows}.")
    if wrong:
        raise ClaimsError(
            f"{shown}: the {', '.join(wrong)} split loads with other features than the card's."
        )


def _check_articles_apart(folder: Path, shown: str, rows: dict[str, int]) -> None:
    seen = {split: np.unique(pq.read_table(folder / data_file(split), columns=["article_id"])
                             .column("article_id").to_numpy()) for split in rows}
    for first, second in ((a, b) for i, a in enumerate(seen) for b in list(seen)[i + 1:]):
        shared = np.intersect1d(seen[first], seen[second])
        if len(shared):
            raise ClaimsError(f"{shown}: {len(shared)} article(s) are in both {first} and {second} "
                              f"(e.g. article {shared[0]}).")


# --- publish -------------------------------------------------------------------------------


def publish_dataset(folder: str | Path, repo_id: str, private: bool = False,
                    token: str | None = None) -> str:
    """Upload a checked dataset folder to the Hugging Face Hub; returns the dataset's URL."""
    if not _REPO_ID.match(repo_id):
        raise ClaimsError(
            f"The repository id {repo_id!r} must be ORG/NAME (letters, digits, '.', '_', '-')."
        )
    read_marker(folder)
    from huggingface_hub import HfApi, get_token

    token = token or get_token()
    if not token:
        raise ClaimsError(
            "No Hugging Face token: pass --token, set HF_TOKEN, or log in with 'hf auth login'."
        )
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on"):
        raise ClaimsError(
            "Cannot publish: offline mode is on (HF_HUB_OFFLINE); unset it to reach the Hub."
        )
    check_dataset(folder)
    api = HfApi(token=token)
    try:
        api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
        api.upload_folder(folder_path=str(folder), repo_id=repo_id, repo_type="dataset",
                          commit_message=f"Dataset built with claims {__version__}")
    except Exception as error:  # network, authentication, permissions: all end the same way
        raise ClaimsError(
            f"Cannot publish to {repo_id}: {str(error).splitlines()[0] if str(error) else error!r}"
        ) from None
    return f"https://huggingface.co/datasets/{repo_id}"
