"""Inputs that used to get a traceback, a hang or a misleading message at an entrance:
one line each, exit 1, nothing stored."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import DEMO


@pytest.fixture
def favor_against(project, demo_registry, run):
    """A project of the demo registry whose labels are not the ones models predict."""
    project.import_registry(demo_registry)
    assert run("schema", "set-labels", "favor,against").exit_code == 0
    return project


def test_predict_store_with_labels_the_project_lacks_stores_nothing(favor_against, run):
    result = run("predict", "cues", DEMO / "articles", "--store")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: model:cues@1 predicts labels the project lacks: oppose, support; nothing "
        "stored. Add them with: claims schema set-labels favor,against,oppose,support"]
    assert favor_against.store.count_claims() == 0 and not list(favor_against.store.articles())


def test_a_trained_model_of_other_labels_is_refused_before_predicting(favor_against, ans_model,
                                                                      run):
    _, model = ans_model
    result = run("predict", model.path, DEMO / "articles", "--store")
    assert result.exit_code == 1 and "Traceback" not in result.output
    (line,) = result.output.strip().splitlines()
    assert "predicts labels the project lacks: " in line
    assert "claims schema set-labels favor,against," in line
    assert favor_against.store.count_claims() == 0 and not list(favor_against.store.articles())


def _cli(tmp_path, *args) -> subprocess.CompletedProcess:
    """The CLI in a child process with a timeout: a regression here hangs, not fails."""
    return subprocess.run([sys.executable, "-m", "claims", "--db", str(tmp_path / "claims.db"),
                           *map(str, args)], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("args", [
    ("ingest", "{fifo}"), ("ingest", "/dev/zero"), ("import", "{fifo}"),
    ("train", "{dataset}", "--out", "{out}", "--config", "{fifo}"),
    ("train", "{dataset}", "--out", "{out}", "--config", "/dev/zero")])
def test_a_fifo_or_device_as_input_or_config_is_not_a_regular_file(project, tmp_path, args):
    fifo = tmp_path / "input.fifo"
    os.mkfifo(fifo)
    names = {"fifo": fifo, "dataset": tmp_path / "dataset", "out": tmp_path / "model"}
    args = [arg.format(**names) for arg in args]
    result = _cli(tmp_path, *args)
    shown = args[-1]
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Error: {shown}: not a regular file (a pipe or a device); give a file"]
    assert not list(project.store.articles())


@pytest.mark.parametrize("suffix", ["csv", "tsv", "jsonl"])
def test_utf16_without_a_bom_is_named_as_such(project, tmp_path, run, suffix):
    rows = {"csv": "text,target,stance\nRussia denies it,Ukraine,oppose\n",
            "tsv": "text\ttarget\tstance\nRussia denies it\tUkraine\toppose\n",
            "jsonl": '{"text": "Russia denies it", "target": "Ukraine", "stance": "oppose"}\n'}
    path = tmp_path / f"utf16.{suffix}"
    path.write_bytes(rows[suffix].encode("utf-16-le"))
    result = run("import", path, "--text", "text", "--target", "Ukraine", "--stance", "stance")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {path}: looks like UTF-16 (NUL bytes); save it as UTF-8"]
    assert project.store.count_claims() == 0
