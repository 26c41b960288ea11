"""Every test runs in its own folder with its own project file, offline."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from claims import Project
from claims.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLAIMS_SHARED", ROOT.parent / "shared"))
EXAMPLE = SHARED / "examples" / "asharq-2021-12-17-us-russia-security-ar.txt"
DEMO = ROOT / "datasets" / "demo"
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
# STAND-IN for `claims dataset build` (issue 4): tests write small dataset folders with
# experiments/shared_data.py's writer and readers. Swap both for the import recipes and
# `claims dataset build` once they land.


def _shared_data_module():
    spec = importlib.util.spec_from_file_location("shared_data", ROOT / "experiments" / "shared_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def shared_splits(name: str) -> dict:
    """The splits of a shared dataset as rows of the dataset contract (skips when absent)."""
    shared("data/" + {"ibm-claim-stance": "ibm-claim-stance", "debatenet-migr15": "debatenet-migr15"}.get(name, name))
    module = _shared_data_module()
    return module.READERS[name](SHARED / "data")


def dataset_folder(path: Path, splits: dict, metric: str | None = None) -> Path:
    """A dataset folder of the contract's layout holding ``splits`` (DataFrames)."""
    return _shared_data_module().write_dataset_folder(path, splits, "test slices", ["tests"], metric)


@pytest.fixture
def polnear() -> Path:
    """PolNeAR's data folder (train and dev splits with brat attribution files)."""
    return shared("data/polnear/data")
