"""Every test runs in its own folder with its own project file, offline."""
from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from claims import Project
from claims.cli import cli
from claims.dataset import BuildOptions

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLAIMS_SHARED", ROOT.parent / "shared"))
EXAMPLE = SHARED / "examples" / "asharq-2021-12-17-us-russia-security-ar.txt"
DATASETS = ROOT / "datasets"
DEMO = DATASETS / "demo"
collect_ignore = ["fixtures"]


def shared(relative: str) -> Path:
    """A file of the shared data beside the repository; tests that need it are
    skipped where it is absent (a user's clone), and run in CI."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMS_DB", str(tmp_path / "claims.db"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.delenv("CLAIMS_FORMAT", raising=False)
    monkeypatch.setenv("CLAIMS_BIDI", "0")
    # pytest-xdist workers set COLUMNS=80 and LINES=24, which a child process in a
    # pseudo-terminal would take over the terminal's real size.
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)
    return tmp_path


@pytest.fixture
def project(tmp_path):
    with Project.init(tmp_path / "claims.db") as opened:
        yield opened


@pytest.fixture
def run():
    """Run the CLI in-process; returns the click Result."""
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(cli, [str(arg) for arg in args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def example_article() -> Path:
    return shared("examples/asharq-2021-12-17-us-russia-security-ar.txt")


@pytest.fixture
def demo_registry() -> Path:
    return DEMO / "registry.yaml"


@pytest.fixture(scope="session")
def debatenet() -> Path:
    """DEbateNet-migr15 (taz, 2015): one claim a line, with actor, claim codes, ±1 and date."""
    return shared("data/debatenet-migr15/DebateNet-migr15v2.jsonl")


# --- dataset folders (issue 5) -------------------------------------------------------------
# The model tests train on folders built as users build them: `claims init`, `claims
# import-recipe` on a seeded slice of a published dataset (its files in their own layout),
# `claims dataset build` with the official splits.


def recipe_slice(
    dataset: str, out: Path, take: dict[str, int | Callable[[pd.DataFrame], pd.DataFrame]],
    seed: int = 0,
) -> Path:
    """A folder laid out as the shared ``dataset`` holding only the files named in
    ``take`` (CSV or pandas JSON, by relative path), each cut to a seeded sample of
    that many rows or by the function given; skips when the shared data is absent."""
    source = shared("data/" + dataset)
    for relative, cut in take.items():
        frame = (
            pd.read_csv(source / relative)
            if relative.endswith(".csv")
            else pd.read_json(source / relative)
        )
        if isinstance(cut, int):
            cut = partial(pd.DataFrame.sample, n=cut, random_state=seed)
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        sliced = cut(frame)
        if relative.endswith(".csv"):
            sliced.to_csv(out / relative, index=False)
        else:
            sliced.to_json(out / relative, force_ascii=False)
    return out


def build_from_recipe(recipe: str, source: Path, out: Path, metric: str | None = None) -> Path:
    """The dataset folder ``claims dataset build --split-by given`` makes of a fresh
    project that imported ``source`` with ``claims import-recipe RECIPE``."""
    with Project.init(out.parent / f"{out.name}.db") as project:
        project.import_recipe(recipe, source)
        project.build_dataset(out, BuildOptions(split_by="given", metric=metric))
    return out


@pytest.fixture(scope="session")
def ans_dataset(tmp_path_factory) -> Path:
    """The shipped ANS sample (train 900, validation 250, test 250 rows) as a dataset folder."""
    return build_from_recipe(
        "ans", DATASETS / "ans-sample", tmp_path_factory.mktemp("ans") / "dataset"
    )


@pytest.fixture(scope="session")
def emergent_dataset(tmp_path_factory) -> Path:
    """A seeded slice of Emergent (train 900, test 300 rows), scored with the FNC-style metric."""
    folder = tmp_path_factory.mktemp("emergent")
    source = recipe_slice(
        "emergent",
        folder / "source",
        {
            f"url-versions-2015-06-14-clean-{split}.csv": rows
            for split, rows in (("train", 900), ("test", 300))
        },
    )
    return build_from_recipe("emergent", source, folder / "dataset", metric="fnc")


@pytest.fixture
def polnear() -> Path:
    """PolNeAR's data folder (train and dev splits with brat attribution files)."""
    return shared("data/polnear/data")


FAST_TRAINING = {
    "c_grid": [0.3],
    "calibration_folds": 3,
}  # one C, three folds: seconds, not minutes


@pytest.fixture(scope="session")
def ans_model(ans_dataset, tmp_path_factory):
    """The ANS sample's dataset folder and a model trained on it with ``FAST_TRAINING``."""
    from claims import TrainConfig, train_model

    return ans_dataset, train_model(ans_dataset, tmp_path_factory.mktemp("models") / "ans",
                                    TrainConfig(**FAST_TRAINING))
