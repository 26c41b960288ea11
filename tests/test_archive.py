"""Prediction over Parquet shards of articles, here and on a Dask LocalCluster of 2 processes."""

from __future__ import annotations

import json
import os
import random
import signal
import threading
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner

from claims import Project
from claims.archive import ArticleColumns, predict_archive
from claims.claim_shards import META_ORIGIN, META_SPEAKERS, shard_metadata
from claims.cli import cli
from claims.models.directory import load_model
from claims.models.speakers import save_speakers, train_speakers
from claims.predict import Resolver, predict_articles
from claims.readers import read_articles
from claims.registry_file import SNAPSHOT_FILE
from claims.track_parquet import track_shards
from tests.conftest import DEMO, ROOT, shared
from tests.test_speaker_model import polnear_folder

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")

# Targets and speakers that PolNeAR's 2016 news mention, beside the demo registry's, so that
# the shared articles give claims too.
EXTRA_REGISTRY = """\
actors:
  - {name: Donald Trump, kind: person, aliases: [Trump]}
  - {name: Hillary Clinton, kind: person, aliases: [Clinton]}
targets:
  - {name: Hillary Clinton's health, kind: topic, description: Her fitness., aliases: [health]}
  - {name: immigration, kind: topic, description: Immigration., aliases: [immigration, border]}
  - {name: the election, kind: topic, description: The 2016 election., aliases: [election, polls]}
"""


def _cli(*args, db: Path | None = None):
    prefix = ["--db", str(db)] if db else []
    return CliRunner().invoke(cli, [*prefix, *map(str, args)], catch_exceptions=False)


def _train(folder: Path, registries: list[Path]) -> Path:
    """A model trained fast on the ANS sample, carrying ``registries``."""
    db = folder / "train.db"
    (folder / "fast.toml").write_text("c_grid = [0.3]\ncalibration_folds = 3\n", encoding="utf-8")
    for args in (
        ["init"],
        *(["registry", "import", registry] for registry in registries),
        ["import-recipe", "ans", ROOT / "datasets" / "ans-sample"],
        ["dataset", "build", folder / "dataset", "--split-by", "given"],
        ["train", folder / "dataset", "--out", folder / "model", "--config", folder / "fast.toml"],
    ):
        result = _cli(*args, db=db)
        assert result.exit_code == 0, result.output
    return folder / "model"


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> Path:
    """The demo registry and a few US targets, so that PolNeAR's articles give claims too
    (in one file: an import makes the project's registry match the file)."""
    folder = tmp_path_factory.mktemp("trained")
    registry = yaml.safe_load((DEMO / "registry.yaml").read_text(encoding="utf-8"))
    for key, extra in yaml.safe_load(EXTRA_REGISTRY).items():
        registry[key] += extra
    (folder / "registry.yaml").write_text(yaml.safe_dump(registry, allow_unicode=True),
                                          encoding="utf-8")
    return _train(folder, [folder / "registry.yaml"])


@pytest.fixture(scope="module")
def demo_model(tmp_path_factory) -> Path:
    """The demo registry only, as ``datasets/demo/run.sh`` trains it: the demo articles give
    claims."""
    return _train(tmp_path_factory.mktemp("demo-model"), [DEMO / "registry.yaml"])


@pytest.fixture(scope="module")
def client():
    """One LocalCluster of 2 single-threaded worker processes for the module (seconds to start)."""
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=50,
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


def write_shard(path: Path, files: list[Path], dates: dict[Path, str] | None = None) -> Path:
    """The articles of ``files`` as one Parquet shard, read as ``claims predict`` reads them
    (the id is the file name, as predict's ``article``), published on 2021-12-17 or ``dates``."""
    rows = []
    for file in files:
        published = (dates or {}).get(file, "2021-12-17")
        for raw in read_articles(str(file))[1]:
            rows.append(
                {"id": raw.where, "text": raw.text, "title": raw.title, "published": published}
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def polnear_slice(count: int, seed: int = 0) -> list[Path]:
    files = sorted(shared("data/polnear/data/dev/text").glob("*.txt"))
    return sorted(random.Random(seed).sample(files, count))


def single_process(model_dir: Path, files: list[Path]) -> list[str]:
    model = load_model(model_dir)
    claims = predict_articles(
        model, [str(file) for file in files], Resolver.of(model.registry, "model")
    )
    return sorted(json.dumps(claim, sort_keys=True) for claim in claims)


def shard_rows(folder: Path, keys) -> list[str]:
    rows = [
        row for path in sorted(folder.glob("*.parquet")) for row in pq.read_table(path).to_pylist()
    ]
    return sorted(json.dumps({key: row[key] for key in keys}, sort_keys=True) for row in rows)


def test_dask_gives_the_rows_of_single_process_predict_on_demo_and_shared_articles(
    trained, client, tmp_path
):
    demo, polnear = sorted((DEMO / "articles").glob("*.txt")), polnear_slice(8)
    write_shard(tmp_path / "in" / "demo.parquet", demo)
    write_shard(tmp_path / "in" / "polnear-1.parquet", polnear[:4])
    write_shard(tmp_path / "in" / "polnear-2.parquet", polnear[4:])
    report = predict_archive(
        str(trained),
        [str(tmp_path / "in" / "*.parquet")],
        str(tmp_path / "out"),
        engine="dask",
        client=client,
    )
    assert not report.failed and len(report.done) == 3
    expected = single_process(trained, demo + polnear)
    keys = json.loads(expected[0]).keys()
    assert len(expected) >= 10
    assert shard_rows(tmp_path / "out", keys) == expected
    # The model is loaded once per worker, never shipped with the tasks.
    assert set(
        client.run(
            lambda: __import__("claims.archive").archive._worker_model.cache_info().misses
        ).values()
    ) <= {0, 1}


def test_a_shard_carries_the_model_the_input_fingerprint_and_the_article_fields(
    demo_model, tmp_path
):
    trained = demo_model
    write_shard(tmp_path / "in" / "demo.parquet", sorted((DEMO / "articles").glob("*.txt")))
    predict_archive(str(trained), [str(tmp_path / "in" / "demo.parquet")], str(tmp_path / "out"))
    table = pq.read_table(tmp_path / "out" / "demo.parquet")
    meta = table.schema.metadata
    assert meta[META_ORIGIN].decode() == load_model(trained).origin
    assert (
        meta[b"claims.fingerprint"]
        .decode()
        .startswith(f"{(tmp_path / 'in' / 'demo.parquet').stat().st_size}:")
    )
    rows = table.to_pylist()
    actors = {actor.name: actor for actor in load_model(trained).registry.actors}
    registered = [row for row in rows if row["actor_registered"]]
    assert registered and all(row["actor_kind"] == actors[row["actor"]].kind for row in registered)
    assert all(
        row["actor_top"] == (actors[row["actor"]].parent or row["actor"]) for row in registered
    )
    assert {row["published"] for row in rows} == {"2021-12-17"}
    assert not list((tmp_path / "out").glob(".*"))  # nothing left beside the shards


def test_a_rerun_skips_done_shards_and_overwrite_redoes_them(trained, tmp_path):
    first = write_shard(
        tmp_path / "in" / "a.parquet", sorted((DEMO / "articles").glob("*.txt"))[:1]
    )
    write_shard(tmp_path / "in" / "b.parquet", sorted((DEMO / "articles").glob("*.txt"))[1:])
    pattern, out = [str(tmp_path / "in" / "*.parquet")], str(tmp_path / "out")
    assert len(predict_archive(str(trained), pattern, out).done) == 2
    written = (tmp_path / "out" / "a.parquet").stat().st_mtime_ns
    again = predict_archive(str(trained), pattern, out)
    assert (len(again.done), sorted(Path(path).name for path in again.skipped)) == (
        0,
        ["a.parquet", "b.parquet"],
    )
    assert (tmp_path / "out" / "a.parquet").stat().st_mtime_ns == written
    write_shard(first, sorted((DEMO / "articles").glob("*.txt")))  # the input changed: redone
    assert [
        Path(result.shard).name for result in predict_archive(str(trained), pattern, out).done
    ] == ["a.parquet"]
    assert len(predict_archive(str(trained), pattern, out, overwrite=True).done) == 2


def test_a_corrupt_shard_is_named_at_the_end_and_the_others_written(trained, tmp_path):
    write_shard(tmp_path / "in" / "good.parquet", sorted((DEMO / "articles").glob("*.txt")))
    (tmp_path / "in" / "bad.parquet").write_bytes(b"PAR1 not really")
    result = _cli(
        "predict", trained, "--input", tmp_path / "in" / "*.parquet", "--output", tmp_path / "out"
    )
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'in' / 'bad.parquet'}: not a readable Parquet file" in result.output
    assert "from 1 shard written" in result.output and "1 failed" in result.output
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["good.parquet"]


def test_a_shard_without_the_text_column_is_one_line_and_nothing_is_written(trained, tmp_path):
    write_shard(tmp_path / "in" / "good.parquet", sorted((DEMO / "articles").glob("*.txt")))
    pq.write_table(
        pa.table({"id": ["1"], "body_html": ["<p>x</p>"]}), tmp_path / "in" / "odd.parquet"
    )
    result = _cli(
        "predict", trained, "--input", tmp_path / "in" / "*.parquet", "--output", tmp_path / "out"
    )
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path / 'in' / 'odd.parquet'}: no text column 'text or body or content "
        "or article'; the columns are: id, body_html. Name it with --text-column.\n"
    )
    assert not (tmp_path / "out").exists()
    named = _cli(
        "predict",
        trained,
        "--input",
        tmp_path / "in" / "odd.parquet",
        "--output",
        tmp_path / "out",
        "--text-column",
        "body_html",
        "--id-column",
        "nope",
    )
    assert "no id column 'nope'" in named.output and named.exit_code == 1


def test_an_output_folder_of_another_model_is_refused_before_anything_is_written(trained, tmp_path):
    write_shard(tmp_path / "in" / "demo.parquet", sorted((DEMO / "articles").glob("*.txt")))
    (tmp_path / "out").mkdir()
    other = pa.table({"article": ["x"]}).replace_schema_metadata({META_ORIGIN: b"model:other@1"})
    pq.write_table(other, tmp_path / "out" / "old.parquet")
    result = _cli(
        "predict",
        trained,
        "--input",
        tmp_path / "in" / "demo.parquet",
        "--output",
        tmp_path / "out",
    )
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: {tmp_path / 'out'} holds claims of model:other@1 (old.parquet), not of "
    )
    assert len(result.output.splitlines()) == 1
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["old.parquet"]


def test_an_unreachable_scheduler_is_one_line(trained, tmp_path):
    write_shard(tmp_path / "in" / "demo.parquet", sorted((DEMO / "articles").glob("*.txt")))
    with dask.config.set({"claims.connect-timeout": "1s"}):
        result = _cli(
            "predict",
            trained,
            "--input",
            tmp_path / "in" / "demo.parquet",
            "--output",
            tmp_path / "out",
            "--engine",
            "dask",
            "--scheduler",
            "tcp://127.0.0.1:9",
        )
    assert result.exit_code == 1
    assert result.output.startswith("Error: Cannot reach the Dask scheduler at tcp://127.0.0.1:9 (")
    assert len(result.output.splitlines()) == 1 and not (tmp_path / "out").exists()


@pytest.mark.slow  # 24 s on a loaded machine: the killed worker restarts and loads the model again
def test_a_worker_killed_mid_run_is_retried_and_the_output_is_whole(trained, client, tmp_path):
    files = polnear_slice(12, seed=1)
    for number in range(6):
        write_shard(tmp_path / "in" / f"part-{number}.parquet", files[2 * number : 2 * number + 2])
    pids = client.run(os.getpid)
    run = {}
    worker = threading.Thread(
        target=lambda: run.setdefault(
            "report",
            predict_archive(
                str(trained),
                [str(tmp_path / "in" / "*.parquet")],
                str(tmp_path / "out"),
                engine="dask",
                client=client,
            ),
        )
    )
    worker.start()
    deadline = time.monotonic() + 60
    while not any(client.processing().values()) and time.monotonic() < deadline:
        time.sleep(0.01)
    busy = next(address for address, keys in client.processing().items() if keys)
    os.kill(pids[busy], signal.SIGKILL)
    worker.join(120)
    report = run["report"]
    assert not report.failed and len(report.done) == 6
    expected = single_process(trained, files)
    keys = json.loads(expected[0]).keys()
    assert shard_rows(tmp_path / "out", keys) == expected  # every claim once: none lost, none twice
    assert sorted(path.name for path in (tmp_path / "out").glob("*.parquet")) == [
        f"part-{n}.parquet" for n in range(6)
    ]


def test_columns_are_named_as_for_ingest():
    columns = ArticleColumns(text="body").resolve(
        ["doc_id", "body", "headline", "date", "outlet"], "s.parquet"
    )
    assert columns == {
        "id": "doc_id",
        "text": "body",
        "title": "headline",
        "date": "date",
        "source": "outlet",
    }


SELECTIONS = [
    {},
    {"by": "day"},
    {"by": "week", "window": 2, "roll_up": True},
    {"roll_up": True, "since": "2021-12-11"},
    {"origin": "model"},
    {"by": "month", "until": "2021-12-31"},
]


def test_tracking_shards_gives_the_figures_of_a_project_holding_the_same_claims(trained, tmp_path):
    files = sorted((DEMO / "articles").glob("*.txt")) + polnear_slice(8)
    dates = {file: f"2021-12-{10 + number:02d}" for number, file in enumerate(files)}
    write_shard(tmp_path / "in" / "a.parquet", files[:5], dates)
    write_shard(tmp_path / "in" / "b.parquet", files[5:], dates)
    predict_archive(str(trained), [str(tmp_path / "in" / "*.parquet")], str(tmp_path / "out"))
    model = load_model(trained)
    with Project.init(tmp_path / "same.db") as project:
        project.import_registry(trained / SNAPSHOT_FILE)
        for file in files:
            project.ingest([str(file)], published=dates[file])
        project.predict(model, [str(file) for file in files], store=True)
        for selection in SELECTIONS:
            expected = project.track(**selection)
            found = track_shards([str(tmp_path / "out" / "*.parquet")], **selection)
            assert found.records() == expected.records(), selection
            assert found.notes == expected.notes
            for mode in ("affiliation", "congruence", "conflict"):
                assert _graph(found.network(mode)) == _graph(expected.network(mode)), mode
    assert expected.matrix["total"].sum() > 0


def _graph(graph) -> tuple[list, list]:
    return sorted(graph.nodes(data=True)), sorted(
        (*sorted(edge[:2]), edge[2]) for edge in graph.edges(data=True)
    )


def test_tracking_shards_from_the_cli_and_a_name_not_there(demo_model, tmp_path, run):
    trained = demo_model
    write_shard(tmp_path / "in" / "demo.parquet", sorted((DEMO / "articles").glob("*.txt")))
    predict_archive(str(trained), [str(tmp_path / "in" / "demo.parquet")], str(tmp_path / "out"))
    shards = tmp_path / "out" / "*.parquet"
    table = run("track", "--claims", shards, "--format", "csv")
    assert table.exit_code == 0 and table.output.startswith(
        "actor,target,support,oppose,neutral,total,net"
    )
    wrong = run("track", "--claims", shards, "--actor", "Russa")
    assert wrong.exit_code == 1
    assert (
        wrong.output
        == "Error: No actor named 'Russa' in the claims of 1 shards. Did you mean 'Russia'?\n"
    )


def test_shards_and_claims_may_live_behind_an_fsspec_url(demo_model, tmp_path):
    trained = demo_model
    """The memory filesystem stands for s3:// and the like (one process: engine local)."""
    import fsspec

    local = write_shard(tmp_path / "demo.parquet", sorted((DEMO / "articles").glob("*.txt")))
    memory = fsspec.filesystem("memory")
    memory.pipe("/archive/demo.parquet", local.read_bytes())
    report = predict_archive(str(trained), ["memory://archive/*.parquet"], "memory://claims")
    assert [Path(result.shard).name for result in report.done] == ["demo.parquet"]
    assert memory.exists("/claims/demo.parquet")
    again = predict_archive(str(trained), ["memory://archive/*.parquet"], "memory://claims")
    assert len(again.skipped) == 1
    found = track_shards(["memory://claims/*.parquet"])
    with memory.open("/claims/demo.parquet", "rb") as stream:
        rows = pq.read_table(stream).to_pylist()
    decided = [row for row in rows if row["actor_registered"] and row["stance"] != "undecided"]
    assert found.matrix["total"].sum() == len(decided) > 0
    memory.rm("/archive", recursive=True)
    memory.rm("/claims", recursive=True)


def test_a_broken_model_directory_is_one_line_before_any_shard(trained, tmp_path):
    write_shard(tmp_path / "in" / "demo.parquet", sorted((DEMO / "articles").glob("*.txt")))
    (tmp_path / "model").mkdir()
    result = _cli(
        "predict",
        tmp_path / "model",
        "--input",
        tmp_path / "in" / "demo.parquet",
        "--output",
        tmp_path / "out",
    )
    assert result.exit_code == 1 and len(result.output.splitlines()) == 1
    assert result.output.startswith(f"Error: {tmp_path / 'model'}: ")
    assert not (tmp_path / "out").exists()


# --- prediction as a stream (claims.stream) ---------------------------------------------------


def test_two_jobs_stream_the_rows_of_one_process_in_input_order(trained, monkeypatch):
    import claims.stream

    monkeypatch.setattr(claims.stream, "CHUNK_CHARACTERS", 2_000)  # many chunks, both workers busy
    monkeypatch.setattr(claims.stream, "SMALL_INPUT", 0)  # workers however small the input
    files = [str(file) for file in sorted((DEMO / "articles").glob("*.txt")) + polnear_slice(6)]
    model = load_model(trained)
    resolver = Resolver.of(model.registry, "model")
    assert len(list(claims.stream.article_chunks(files))) > 4
    one = list(claims.stream.stream_predictions(model, files, resolver))
    two = claims.stream.stream_predictions(model, files, resolver, jobs=2, model_dir=trained)
    assert next(two) == one[0]  # a generator: claims come chunk by chunk, in order
    assert [one[0], *two] == one and len(one) >= 5


def test_an_error_in_a_worker_is_the_one_line_of_one_process(trained, run, tmp_path,
                                                             monkeypatch):
    import claims.stream

    monkeypatch.setattr(claims.stream, "SMALL_INPUT", 0)  # workers however small the input
    empty = tmp_path / "bad-date.jsonl"  # an article with no text is skipped, not an error
    empty.write_text('{"text": "He said so.", "published": "05/12/2021"}\n', encoding="utf-8")
    for jobs in ("1", "2"):
        result = run(
            "predict",
            trained,
            DEMO / "articles",
            empty,
            "--registry",
            "model",
            "--format",
            "jsonl",
            "--jobs",
            jobs,
        )
        assert result.exit_code == 1
        assert result.output.splitlines()[-1] == (
            f"Error: {empty}:1: The date '05/12/2021' reads as day/month or as month/day; "
            "write it as YYYY-MM-DD."
        )


def test_an_output_folder_that_is_the_input_folder_never_replaces_a_shard(trained, tmp_path):
    shard = tmp_path / "in" / "demo.parquet"
    write_shard(shard, sorted((DEMO / "articles").glob("*.txt")))
    before = shard.read_bytes()
    result = _cli("predict", trained, "--input", shard, "--output", tmp_path / "in", "--overwrite")
    assert result.exit_code == 1
    assert "would replace the input shard itself; give --output another folder" in result.output
    assert shard.read_bytes() == before


def test_a_speaker_model_finds_speakers_in_shards_and_a_rerun_without_it_redoes_them(
    trained, tmp_path
):
    speakers = save_speakers(train_speakers(polnear_folder(tmp_path / "polnear")),
                             tmp_path / "speakers")
    article = tmp_path / "a.txt"  # "reckons" is in no lexicon: only the speaker model has it
    article.write_text("Senator Kim Ode reckons that immigration will fall after the election.\n",
                       encoding="utf-8")
    shard = write_shard(tmp_path / "in" / "a.parquet", [article])
    written = tmp_path / "out" / "a.parquet"
    result = _cli("predict", trained, "--input", shard, "--output", tmp_path / "out",
                  "--speaker-model", speakers)
    assert result.exit_code == 0, result.output
    assert [row["actor"] for row in pq.read_table(written).to_pylist()] == ["Senator Kim Ode"]
    version = json.loads((speakers / "speakers.json").read_text(encoding="utf-8"))["version"]
    assert shard_metadata(str(written))[META_SPEAKERS].decode() == version
    again = predict_archive(str(trained), [str(shard)], str(tmp_path / "out"),
                            speaker_model=str(speakers))
    assert (again.done, again.skipped) == ([], [str(shard)])
    rules = predict_archive(str(trained), [str(shard)], str(tmp_path / "out"))
    assert [Path(done.shard).name for done in rules.done] == ["a.parquet"]
    assert [row["actor"] for row in pq.read_table(written).to_pylist()] == [None]
    assert shard_metadata(str(written))[META_SPEAKERS] == b"rules"
