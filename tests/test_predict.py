"""Prediction on new articles: speakers, targets and stances from a trained model, through the
CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from claims import ClaimsError, __version__, load_model, predict_claims
from claims.attribution import CONFIDENCE
from claims.cli import cli
from claims.cuestance import CONFIDENCE as CUE_CONFIDENCE
from claims.models import Candidate
from claims.models.directory import FORMAT_VERSION, signed
from claims.predict import predict_batch
from claims.registry_file import Registry
from tests.conftest import DEMO, ROOT
from tests.test_attribution import EXAMPLE, REGISTRY, TARGETS

MOSCOW_DENIES = "وبالمقابل، تنفي موسكو أي نية لغزو أوكرانيا"
PESKOV_DENIED = "Kremlin spokesman Dmitry Peskov denied that Moscow planned to invade Ukraine."
FIELDS = {
    "article",
    "title",
    "content_hash",
    "start",
    "end",
    "text",
    "actor",
    "actor_registered",
    "actor_parent",
    "actor_written",
    "actor_start",
    "actor_end",
    "actor_how",
    "actor_confidence",
    "target",
    "target_confidence",
    "stance",
    "stance_confidence",
    "stance_source",
    "cue_start",
    "cue_end",
    "content_start",
    "content_end",
}


def _cli(db: Path, *args, input=None):
    return CliRunner().invoke(
        cli, ["--db", str(db), *map(str, args)], input=input, catch_exceptions=False
    )


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> Path:
    """A model trained with a fast configuration on the shipped ANS sample, in a
    project holding the demo registry (so the model carries it)."""
    folder = tmp_path_factory.mktemp("trained")
    db = folder / "train.db"
    (folder / "fast.toml").write_text("c_grid = [0.3]\ncalibration_folds = 3\n", encoding="utf-8")
    for args in (
        ["init"],
        ["registry", "import", DEMO / "registry.yaml"],
        ["import-recipe", "ans", ROOT / "datasets" / "ans-sample"],
        ["dataset", "build", folder / "dataset", "--split-by", "given"],
        ["train", folder / "dataset", "--out", folder / "model", "--config", folder / "fast.toml"],
    ):
        result = _cli(db, *args)
        assert result.exit_code == 0, result.output
    return folder / "model"


@pytest.fixture
def demo_project(project, demo_registry):
    project.import_registry(demo_registry)
    return project


def _jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_moscow_denies_comes_back_with_russia_and_every_field(trained, demo_project, run):
    result = run("predict", trained, DEMO / "articles", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = _jsonl(result.output)
    assert rows and all(set(row) == FIELDS for row in rows)
    row = next(row for row in rows if row["text"].startswith(MOSCOW_DENIES))
    assert (row["actor"], row["actor_registered"], row["actor_written"]) == (
        "Russia",
        True,
        "موسكو",
    )
    assert row["target"] == "Russian invasion of Ukraine"
    assert (
        row["text"][row["actor_start"] - row["start"] : row["actor_end"] - row["start"]] == "موسكو"
    )
    assert row["actor_how"] == "after-cue" and row["article"].endswith("ar-security-guarantees.txt")
    assert row["actor_confidence"] == CONFIDENCE["after-cue"]
    assert (row["stance"], row["stance_source"]) == ("oppose", "cue")
    assert 0 < row["stance_confidence"] <= 1 and 0 < row["target_confidence"] <= 1
    assert row["text"][row["content_start"] - row["start"] :].startswith("أي نية لغزو أوكرانيا")


def test_demo_denials_oppose_the_invasion_with_the_cue_named(trained, demo_project, run):
    """Issue 13's done-when: both denials of the demo articles come out oppose, from the cue."""
    result = run("predict", trained, DEMO / "articles", "--format", "jsonl", "--max-targets", "2")
    found = {
        (opening, row["actor"], row["target"], row["stance"], row["stance_source"])
        for row in _jsonl(result.output)
        for opening in (MOSCOW_DENIES, PESKOV_DENIED)
        if row["text"].startswith(opening)
    }
    assert (MOSCOW_DENIES, "Russia", "Russian invasion of Ukraine", "oppose", "cue") in found
    assert (PESKOV_DENIED, "Dmitry Peskov", "Russian invasion of Ukraine", "oppose", "cue") in found


def test_min_confidence_filters_on_the_stance_confidence(trained, demo_project, run):
    rows = _jsonl(run("predict", trained, DEMO / "articles", "--format", "jsonl").output)
    cut = sorted(row["stance_confidence"] for row in rows)[len(rows) // 2]
    kept = _jsonl(
        run(
            "predict", trained, DEMO / "articles", "--format", "jsonl", "--min-confidence", cut
        ).output
    )
    assert kept == [row for row in rows if row["stance_confidence"] >= cut] and 0 < len(kept) < len(
        rows
    )


def test_two_jobs_give_the_same_rows_as_one(trained, demo_project, run):
    one = run("predict", trained, DEMO / "articles", "--format", "jsonl", "--jobs", "1")
    two = run("predict", trained, DEMO / "articles", "--format", "jsonl", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert _jsonl(one.output) == _jsonl(two.output)


def test_csv_and_table_outputs_and_stdin(trained, demo_project, run):
    text = (DEMO / "articles" / "en-security-guarantees.txt").read_text(encoding="utf-8")
    result = run("predict", trained, "-", "--format", "csv", input=text)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith(
        "article,title,content_hash,start,end,text,actor,"
    )
    assert "<stdin>" in result.output
    table = run("predict", trained, DEMO / "articles" / "en-security-guarantees.txt")
    assert table.exit_code == 0 and "NATO" in table.output and "stance" in table.output


def test_without_a_project_the_registry_the_model_was_trained_with_resolves(trained, tmp_path):
    result = _cli(
        tmp_path / "absent.db", "predict", trained, DEMO / "articles", "--format", "jsonl"
    )
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "absent.db").exists()
    row = next(row for row in _jsonl(result.output) if row["text"].startswith(MOSCOW_DENIES))
    assert (row["actor"], row["actor_registered"], row["target"]) == (
        "Russia",
        True,
        "Russian invasion of Ukraine",
    )


def test_the_model_directory_carries_its_registry_name_and_version(trained, tmp_path):
    model = load_model(trained)
    demo = Registry.read(DEMO / "registry.yaml")
    assert {a.name for a in demo.actors} <= {a.name for a in model.registry.actors}
    assert {t.name for t in demo.targets} <= {t.name for t in model.registry.targets}
    assert (trained / "registry.yaml").read_bytes() == (
        trained.parent / "dataset" / "registry.yaml"
    ).read_bytes()
    card = json.loads((trained / "model.json").read_text(encoding="utf-8"))
    assert card["registry"] == {
        "file": "registry.yaml",
        "from": "dataset",
        "actors": len(model.registry.actors),
        "targets": len(model.registry.targets),
    }
    assert (
        card["name"] == "model"
        and len(card["version"]) == 12
        and set(card["labels"]) == set(model.labels)
    )
    assert [label.name for label in model.registry.labels] == card["labels"]
    assert model.origin == f"model:model@{card['version']}"
    assert {"scikit-learn", "skops", "python"} <= set(card["libraries"])
    fresh = tmp_path / "fresh.db"
    assert _cli(fresh, "init").exit_code == 0
    imported = _cli(fresh, "registry", "import", trained / "registry.yaml")
    assert imported.exit_code == 0, imported.output
    assert "Russia" in _cli(fresh, "actors", "list").output


def test_a_registry_file_can_stand_in_for_the_models(trained, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(
        "actors:\n  - name: Kremlin officials\n    aliases: [موسكو]\n"
        "targets:\n  - name: Invasion\n    aliases: [غزو أوكرانيا]\n",
        encoding="utf-8",
    )
    result = _cli(
        tmp_path / "absent.db",
        "predict",
        trained,
        DEMO / "articles",
        "--format",
        "jsonl",
        "--registry",
        other,
    )
    assert result.exit_code == 0, result.output
    rows = _jsonl(result.output)
    assert {row["target"] for row in rows} == {"Invasion"}
    row = next(row for row in rows if row["text"].startswith(MOSCOW_DENIES))
    assert (row["actor"], row["actor_registered"]) == ("Kremlin officials", True)
    missing = _cli(
        tmp_path / "absent.db",
        "predict",
        trained,
        DEMO / "articles",
        "--registry",
        tmp_path / "no.yaml",
    )
    assert (
        missing.exit_code == 1
        and missing.output == f"Error: {tmp_path / 'no.yaml'}: no such file\n"
    )


def test_predict_claims_chooses_the_registry_as_the_cli_does(trained, tmp_path):
    result = predict_claims(trained, [str(DEMO / "articles")], db=tmp_path / "absent.db")
    assert result.registry == "model" and result.claims and result.warnings == []
    assert result.origin == load_model(trained).origin and not (tmp_path / "absent.db").exists()
    with pytest.raises(ClaimsError, match="resolves against the project's registry, not 'model'"):
        predict_claims(
            trained,
            [str(DEMO / "articles")],
            registry="model",
            db=tmp_path / "absent.db",
            store=True,
        )


def test_store_needs_the_projects_registry(trained, demo_project, run):
    result = run("predict", trained, DEMO / "articles", "--store", "--registry", "model")
    assert result.exit_code == 2
    assert "--store saves claims about the project's actors and targets" in result.output
    assert f"claims registry import {trained / 'registry.yaml'}" in result.output


def test_an_empty_project_registry_gets_a_hint(trained, project, run):
    result = run("predict", trained, DEMO / "articles", "--format", "jsonl")
    assert result.exit_code == 0 and _jsonl(result.output) == []
    assert (
        f"the project has no targets, so no claims can be found; import the model's registry with: "
        f"claims registry import {trained / 'registry.yaml'}" in result.output
    )


def test_max_targets_gives_several_claims_per_statement_each_about_another_target(
    trained, demo_project, run
):
    text = (
        "Kremlin spokesman Dmitry Peskov said Moscow had no plan to invade Ukraine and rejected "
        "NATO expansion.\n"
        "Ukraine's foreign minister said that joining NATO was a decision for Kyiv.\n"
    )
    one = _jsonl(run("predict", trained, "-", "--format", "jsonl", input=text).output)
    two = _jsonl(
        run("predict", trained, "-", "--format", "jsonl", "--max-targets", "2", input=text).output
    )
    assert len(one) == 2 and one[1]["target"] == "Ukraine joining NATO"
    assert sorted(row["target"] for row in two[:2]) == [
        "NATO eastward expansion",
        "Russian invasion of Ukraine",
    ]
    assert (
        two[0] == one[0]
        and two[0]["start"] == two[1]["start"]
        and two[2] == one[1]
        and len(two) == 3
    )
    assert all(row["actor"] == "Dmitry Peskov" for row in two[:2])


def test_storing_again_says_nothing_new_was_stored(demo_project, run):
    first = run("predict", "cues", DEMO / "articles", "--store")
    assert first.output.splitlines()[0] == (
        "Stored 8 claims on 8 statements of 2 articles (oppose 7, support 1): 8 new, "
        "0 already there. 4 undecided, not stored."
    )
    again = run("predict", "cues", DEMO / "articles", "--store")
    assert ": 0 new, 8 already there." in again.output.splitlines()[0]
    jsonl = run("predict", "cues", DEMO / "articles", "--store", "--format", "jsonl")
    assert "Stored 8 claims: 0 new, 8 already there (4 undecided, not stored)." in jsonl.stderr


def test_store_saves_model_claims_that_a_default_dataset_leaves_out(
    trained, demo_project, run, tmp_path
):
    result = run("predict", trained, DEMO / "articles", "--store", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    origin = load_model(trained).origin
    stored = demo_project.store.claims(origin=origin)
    decided = [row for row in _jsonl(result.output) if row["stance"] != "undecided"]
    assert origin.startswith("model:model@") and len(stored) == len(decided) > 0
    assert f"Stored {len(stored)} claims: {len(stored)} new, 0 already there (" in result.output
    assert all(claim.confidence is not None and claim.gold_method is None for claim in stored)
    russia = [
        claim
        for claim in stored
        if claim.actor == "Russia" and claim.target == "Russian invasion of Ukraine"
    ]
    assert russia
    build = run("dataset", "build", tmp_path / "out")
    assert build.exit_code == 1
    assert "none has origin" in build.output
    asked = run("dataset", "build", tmp_path / "out", "--origin", "model:*")
    built = re.search(r"train (\d+), test (\d+) claims", asked.stdout)  # selected when asked
    assert asked.exit_code == 0 and built and int(built[1]) + int(built[2]) == len(stored)
    assert "No validation split" in asked.stderr


def test_predict_batch_is_pure_and_gives_no_claim_without_a_target(trained):
    model = load_model(trained)
    rows = [
        {"text": "The weather was mild on Friday.", "actor": None},
        {"text": "Peskov denied that Moscow planned to invade Ukraine.", "actor": "Russia"},
    ]
    candidates = [
        Candidate("Russian invasion of Ukraine", "Russia invades Ukraine.", ("invade Ukraine",))
    ]
    claims = predict_batch(model, rows, candidates)
    assert [claim["text"] for claim in claims] == [rows[1]["text"]]
    assert (
        claims[0]["target"] == "Russian invasion of Ukraine" and claims[0]["stance"] in model.labels
    )
    assert predict_batch(model, rows, candidates) == claims
    assert predict_batch(model, [], candidates) == []


def test_an_article_without_statements_is_one_line_and_exit_1(trained, demo_project, run, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("12 34\n---\n", encoding="utf-8")
    result = run("predict", trained, empty)
    assert result.exit_code == 1
    assert result.output == f"Error: {empty}: no text left after removing page chrome\n"


@pytest.mark.parametrize("damage", ["missing", "version", "untrusted", "absent"])
def test_a_bad_model_directory_is_one_line_and_exit_1(trained, demo_project, run, tmp_path, damage):
    import shutil

    bad = tmp_path / "bad"
    shutil.copytree(trained, bad)
    if damage == "missing":
        (bad / "target.skops").unlink()
        expected = (f"Error: {bad}: not a complete model directory (missing target.skops); "
                    "train one with 'claims train'\n")
    elif damage == "version":
        card = json.loads((bad / "model.json").read_text(encoding="utf-8"))
        (bad / "model.json").write_text(
            json.dumps({**card, "format_version": 99}), encoding="utf-8"
        )
        expected = (
            f"Error: {bad}: model format version 99, but this claims {__version__} reads version "
            f"{FORMAT_VERSION}; retrain it with 'claims train'\n"
        )
    elif damage == "untrusted":
        (bad / "stance.skops").write_bytes(b"not a zip")
        card = json.loads((bad / "model.json").read_text(encoding="utf-8"))  # the hash matches
        (bad / "model.json").write_text(json.dumps(signed(card, bad)))
        expected = (
            f"Error: {bad / 'stance.skops'}: not a readable skops file (File is not a zip file)\n"
        )
    else:
        bad = tmp_path / "nowhere"
        expected = f"Error: {bad}: no such model directory; train one with 'claims train'\n"
    result = run("predict", bad, DEMO / "articles")
    assert result.exit_code == 1
    assert result.output == expected


def test_every_registered_speaker_of_the_example_comes_back_as_the_actor(
    trained, project, example_article, run
):
    for name, (kind, aliases) in REGISTRY.items():
        project.add_actor(name, kind, aliases=aliases)
    for name, aliases in TARGETS.items():
        project.add_target(name, "topic", aliases=aliases)
    model = load_model(trained)
    claims = project.predict(model, [str(example_article)])
    assert any(c["text"].startswith(MOSCOW_DENIES) and c["actor"] == "Russia" for c in claims)
    checked = 0
    for claim in claims:
        expected = next(value for key, value in EXAMPLE.items() if claim["text"].startswith(key))
        if expected is not None and expected[0] != "unregistered":
            assert (claim["actor"], claim["actor_registered"]) == (expected[0], True), claim["text"]
            checked += 1
    assert checked >= 5


def test_import_claims_cli_loads_no_sklearn():
    import subprocess
    import sys

    code = "import sys, claims.cli; print(any(m.startswith('sklearn') for m in sys.modules))"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip()
        == "False"
    )


def test_store_without_a_project_says_there_is_none(trained, tmp_path):
    result = _cli(tmp_path / "absent.db", "predict", trained, DEMO / "articles", "--store")
    assert (
        result.exit_code == 1 and "No project" in result.output and "claims init" in result.output
    )
    assert len(result.output.splitlines()) == 1 and not (tmp_path / "absent.db").exists()


def test_the_table_names_the_file_and_every_confidence(trained, demo_project, tmp_path):
    result = CliRunner().invoke(
        cli,
        [
            "--db",
            str(tmp_path / "claims.db"),
            "predict",
            str(trained),
            str(DEMO / "articles"),
            "--registry",
            "project",
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if "stance" in line)
    assert [cell.strip() for cell in header.strip("┃").split("┃")] == [
        "file",
        "start",
        "actor",
        "target",
        "stance",
        "text",
    ]
    assert (
        "ar-security-guarantees.txt" in result.output
        and "en-security-guarantees.txt" in result.output
    )
    assert "Russia (0.98)" in result.output and "NATO eastward expansion (1.00)" in result.output
    stance = r"│ (support|oppose|neutral|undecided) \(0\.\d\d, (cue|model|cue\+model)\) +│"
    assert re.search(stance, result.output)
    assert f"oppose ({CUE_CONFIDENCE['oppose']:.2f}, cue)" in result.output


def test_with_no_trained_model_cues_give_the_stance(tmp_path):
    registry = str(DEMO / "registry.yaml")
    result = CliRunner().invoke(
        cli,
        [
            "--db",
            str(tmp_path / "none.db"),
            "predict",
            "cues",
            str(DEMO / "articles"),
            "--registry",
            registry,
            "--format",
            "jsonl",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = _jsonl(result.output)
    assert rows and {row["stance_source"] for row in rows} == {"cue"}
    ryabkov = next(row for row in rows if row["actor"] == "Sergei Ryabkov")
    # «وطالب … الحلف بالتخلي عن فكرة انضمام أوكرانيا»: demanding that NATO drop it opposes it
    assert (ryabkov["target"], ryabkov["stance"]) == ("Ukraine joining NATO", "oppose")
    denied = next(row for row in rows if row["text"].startswith(PESKOV_DENIED))
    assert (denied["target"], denied["stance"]) == ("Russian invasion of Ukraine", "oppose")


def test_cues_without_a_registry_is_one_line_and_exit_1(tmp_path):
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "none.db"), "predict", "cues", str(DEMO / "articles")]
    )
    assert result.exit_code == 1
    assert result.output == (
        "Error: 'cues' predicts with no trained model, so there is no "
        "model's registry: resolve against a project or a registry file "
        "(--registry).\n"
    )


def test_a_claim_on_a_span_the_project_split_otherwise_is_stored_on_its_own_statement(
        project, demo_registry):
    from claims.prediction import store_predictions

    project.import_registry(demo_registry)
    project.ingest([str(DEMO / "articles" / "en-security-guarantees.txt")])
    article = project.article(1)
    start = article.text.index("Dmitry Peskov")
    row = {"content_hash": article.content_hash, "start": start, "end": start + 13,
           "actor": "Dmitry Peskov", "actor_registered": True, "actor_written": "Dmitry Peskov",
           "target": "Russian invasion of Ukraine", "stance": "oppose", "stance_confidence": 0.8}
    assert store_predictions(project.store, [row], "model:test@1") == 1
    (claim,) = project.store.claims(origin="model:test@1")
    assert project.statement(claim.statement_id).text == "Dmitry Peskov"


# --- articles with no text or no statements are skipped, the others predicted ------------------


def _with_bad_articles(folder: Path) -> Path:
    """The demo articles, a README of page chrome alone, and a JSON Lines file whose
    second row has no statements (page UI only) and third no text at all."""
    folder.mkdir()
    for article in sorted((DEMO / "articles").glob("*.txt")):
        (folder / article.name).write_bytes(article.read_bytes())
    (folder / "README.md").write_text("Share\n\n12 34\n", encoding="utf-8")
    rows = [{"text": PESKOV_DENIED}, {"text": "Click here to read. Your browser is old."},
            {"text": "12 34"}]
    (folder / "more.jsonl").write_text(
        "".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return folder


SKIPPED = {"README.md: no text left after removing page chrome",
           "more.jsonl:2: no statements in it",
           "more.jsonl:3: no text left after removing page chrome"}


def _skipped(stderr: str) -> set[str]:
    return {line.split("/")[-1] for line in stderr.splitlines() if line.startswith("Warning: ski")}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_articles_with_no_text_or_statements_are_skipped_and_the_rest_predicted(
    trained, run, tmp_path, jobs
):
    folder = _with_bad_articles(tmp_path / "in")
    good = run("predict", trained, DEMO / "articles", "--registry", "model", "--format", "jsonl")
    result = run("predict", trained, folder, "--registry", "model", "--format", "jsonl",
                 "--jobs", jobs)
    assert result.exit_code == 0, result.output
    rows = _jsonl(result.stdout)
    assert [row["text"] for row in _jsonl(good.stdout)] == [
        row["text"] for row in rows if not row["article"].endswith("more.jsonl:1")]
    assert any(row["text"] == PESKOV_DENIED for row in rows)
    assert _skipped(result.stderr) == SKIPPED


def test_cues_and_store_skip_them_too(demo_project, run, tmp_path):
    folder = _with_bad_articles(tmp_path / "in")
    cues = run("predict", "cues", folder, "--format", "csv")
    assert cues.exit_code == 0 and _skipped(cues.stderr) == SKIPPED
    assert PESKOV_DENIED in cues.stdout
    stored = run("predict", "cues", folder, "--store")
    assert stored.exit_code == 0, stored.output
    assert stored.stdout.startswith("Stored 9 claims") and _skipped(stored.stderr) == SKIPPED
    assert demo_project.stats()["articles"] == 4  # the row with page UI alone has text


def test_when_every_article_is_skipped_the_first_is_the_one_line_error(trained, run, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "12 34"}\n{"text": "Click here to read."}\n', encoding="utf-8")
    result = run("predict", trained, bad, "--registry", "model")
    assert result.exit_code == 1
    assert result.output == (f"Error: {bad}:1: no text left after removing page chrome "
                             "(and 1 more articles, none with statements)\n")


def test_many_skipped_articles_are_counted_after_the_first_five():
    from claims.cli.ingest import skipped_lines

    lines = skipped_lines([f"a.jsonl:{n}: no statements in it" for n in range(1, 9)], "why")
    assert lines[0] == "skipped a.jsonl:1: no statements in it" and len(lines) == 6
    assert lines[-1] == "skipped 3 more articles (why)"


@pytest.mark.parametrize("output_format", ["jsonl", "table"])
def test_a_mention_with_no_speaker_and_no_stance_is_counted_not_printed(
        trained, run, output_format):
    mention = "Putin arrived in Beijing on Friday for talks on NATO expansion."
    article = f"{mention}\n\n{PESKOV_DENIED}\n"
    # the model is not heard on targets it never saw: no speaker, no cue, no stance
    where = ("predict", trained, "-", "--registry", "model", "--format", output_format)
    default = run(*where, input=article)
    assert default.exit_code == 0, default.output
    assert PESKOV_DENIED[:40] in default.stdout and "Beijing" not in default.stdout
    assert default.stderr.strip().splitlines()[-1] == (
        "Left out 1 mention (a statement naming a target with no speaker and no decided "
        "stance); --mentions prints them.")
    every = run(*where, "--mentions", input=article)
    assert "Beijing" in every.stdout and "Left out" not in every.stderr


def test_a_rows_content_hash_finds_its_article_in_the_project(demo_project, run):
    assert run("ingest", DEMO / "articles").exit_code == 0
    listed = {row["content_hash"]: row["id"]
              for row in _jsonl(run("articles", "--format", "jsonl").output)}
    rows = _jsonl(run("predict", "cues", DEMO / "articles", "--format", "jsonl").stdout)
    assert rows and {row["content_hash"] for row in rows} <= set(listed)
    assert len(set(listed.values())) == 2
    assert run("articles", "--format", "csv").output.splitlines()[0].endswith(",content_hash")


def test_storing_again_after_registering_a_speaker_gives_the_claim_its_actor(
        demo_project, run, tmp_path):
    article = tmp_path / "sessions.txt"
    article.write_text("Jeff Sessions denied that Moscow planned to invade Ukraine.\n",
                       encoding="utf-8")
    first = run("predict", "cues", article, "--store", "--format", "jsonl")  # rows streamed
    assert json.loads(first.stdout)["actor_written"] == "Jeff Sessions"
    assert "1 of them has no registered actor" in first.stderr
    assert "Jeff Sessions (1)" in first.stderr
    demo_project.add_actor("Jeff Sessions", "person", ["Sessions"])
    again = run("predict", "cues", article, "--store")
    assert again.exit_code == 0 and "no registered actor" not in again.stdout
    claims = [(claim.actor, claim.target, claim.stance) for claim in demo_project.store.claims()]
    assert claims == [("Jeff Sessions", "Russian invasion of Ukraine", "oppose")]
