"""The Arabic gold set (datasets/arabic-gold) and its scorer (experiments/arabic_gold.py)."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

from claims.registry_file import Registry

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "datasets" / "arabic-gold"
ARTICLES = (
    Path(os.environ.get("CLAIMS_SHARED", ROOT.parent / "shared"))
    / "data"
    / "arabic-fc-baly2018"
    / "dataset"
)


def _experiment(name: str = "arabic_gold"):
    spec = importlib.util.spec_from_file_location(name, ROOT / "experiments" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being made
    sys.path.insert(0, str(ROOT / "experiments"))  # as when run: its sibling modules import
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "experiments"))
    return module


@pytest.fixture
def articles_folder() -> Path:
    """The shared articles the gold points into; skipped where they are absent (a user's clone)."""
    if not ARTICLES.is_dir():
        pytest.skip(f"shared data not available: {ARTICLES}")
    return ARTICLES


def test_gold_loads_and_every_offset_fits_its_statement(articles_folder):
    articles = _experiment().load(GOLD, articles_folder)
    rows = [row for article in articles for row in article.rows]
    assert (len(articles), len(rows)) == (40, 466)
    for article in articles:
        previous_end = 0
        for row in article.rows:
            assert previous_end <= row["start"] < row["end"] <= len(article.text)
            assert (
                article.text[row["start"] : row["end"]].strip()
                == article.text[row["start"] : row["end"]]
            )
            previous_end = row["end"]
            if row["speaker_start"] is not None:
                assert row["start"] <= row["speaker_start"] < row["speaker_end"] <= row["end"]
            if row["chrome"]:
                assert row["actor"] is None and row["stance"] is None


def test_gold_labels_use_the_registry_and_the_schema():
    rows = [
        json.loads(line)
        for line in (GOLD / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    registry = Registry.read(GOLD / "registry.yaml")
    actors, targets = {a.name for a in registry.actors}, {t.name for t in registry.targets}
    assert {row["actor"] for row in rows} - {None} <= actors
    assert {row["target"] for row in rows} - {None} <= targets
    assert {row["stance"] for row in rows} - {None} <= {label.name for label in registry.labels}
    assert all((row["target"] is None) == (row["stance"] is None) for row in rows)
    assert len({row["article_sha256"] for row in rows}) == 40


def _one_article_gold(tmp_path, text: str, recorded_hash: str):
    folder = tmp_path / "shared"
    folder.mkdir(parents=True)
    (folder / "X-1.json").write_text(
        json.dumps({"id": "X-1", "article": ["", text]}), encoding="utf-8"
    )
    row = {
        "claim_file": "X-1",
        "article_index": 1,
        "article_sha256": recorded_hash,
        "start": 0,
        "end": 9,
        "chrome": False,
        "chrome_prefix": False,
        "speaker_start": 4,
        "speaker_end": 9,
        "actor": None,
        "content_start": None,
        "content_end": None,
        "target": None,
        "stance": None,
    }
    gold = tmp_path / "statements.jsonl"
    gold.write_text(json.dumps(row) + "\n", encoding="utf-8")
    return gold, folder


def test_an_article_that_changed_is_one_line_naming_the_file(tmp_path):
    experiment = _experiment()
    text = "قال حسون إن الحرب قادمة ."
    gold, folder = _one_article_gold(tmp_path, text, experiment.article_hash(text))
    assert experiment.load(gold, folder)[0].rows[0]["speaker_end"] == 9
    gold, folder = _one_article_gold(
        tmp_path / "changed", text + " ", experiment.article_hash(text)
    )
    with pytest.raises(experiment.GoldError) as raised:
        experiment.load(gold, folder)
    message = str(raised.value)
    assert "\n" not in message and "X-1.json" in message and "no longer matches" in message


def test_an_offset_outside_the_article_is_refused(tmp_path):
    experiment = _experiment()
    text = "قال"
    gold, folder = _one_article_gold(tmp_path, text, experiment.article_hash(text))
    with pytest.raises(experiment.GoldError, match="statement span 0-9 does not fit") as raised:
        experiment.load(gold, folder)
    assert "\n" not in str(raised.value) and f"{gold}:1" in str(raised.value)


def test_the_scorer_says_a_stale_gold_in_one_line_naming_the_file(tmp_path, capsys):
    experiment = _experiment()
    text = "قال حسون إن الحرب قادمة ."
    gold, folder = _one_article_gold(tmp_path, text + " ", experiment.article_hash(text))
    assert experiment.main(["--gold", str(gold), "--shared", str(folder)]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("Error: ") and "X-1.json" in error


def test_the_scorer_gives_figures_in_range_on_a_few_articles(articles_folder):
    experiment = _experiment()
    articles = experiment.load(GOLD, articles_folder, limit=3)
    result = experiment.score(articles, Registry.read(GOLD / "registry.yaml"))
    speaker = result["speaker"]
    assert result["articles"] == 3 and speaker["statements"] > 0
    for value in (
        speaker["accuracy"],
        speaker["accuracy_with_parent"],
        speaker["accuracy_attributed"],
        speaker["span"]["precision"],
        speaker["span"]["recall"],
        speaker["span"]["f1"],
    ):
        assert 0.0 <= value <= 1.0
    assert speaker["accuracy"] <= speaker["accuracy_with_parent"]
    counts = result["counts"]
    assert counts["gold real"] + counts["gold chrome"] == sum(len(a.rows) for a in articles)
    assert "speaker accuracy" in experiment.table(result)


def test_macro_f1_counts_a_missing_prediction_as_wrong():
    macro_f1 = _experiment("arabic_gold_stance").macro_f1
    assert macro_f1(["support", "oppose", "neutral"], ["support", "oppose", "neutral"]) == 1.0
    assert macro_f1(["support", "oppose"], ["support", "none"]) == pytest.approx(
        (1.0 + 0.0 + 0.0) / 3
    )


def test_the_scorer_scores_stance_as_prediction_decides(articles_folder, ans_model):
    experiment = _experiment()
    articles = experiment.load(GOLD, articles_folder, limit=11)  # 18 claims with a stance
    _, model = ans_model
    result = experiment.score(articles, Registry.read(GOLD / "registry.yaml"), model)
    stance = result["stance"]
    assert stance["claims"] == 18
    for source in ("cue", "model", "product", "predicted"):
        assert all(0.0 <= stance[source][key] <= 1.0 for key in ("macro_f1", "kept", "kept_f1"))
    # The ANS model saw none of the gold's targets: prediction takes the cue's word or abstains.
    assert stance["predicted"]["macro_f1"] == stance["cue"]["macro_f1"]
    assert stance["predicted"]["kept"] == stance["cue"]["kept"]
    assert set(stance["predicted"]["sources"]) <= {"cue"}
    coverage = [covered for _, covered, _ in stance["thresholds"]]
    assert coverage == sorted(coverage, reverse=True) and 0.0 <= stance["predicted"]["ece"] <= 1.0
    assert "as prediction decides" in experiment.table(result)
