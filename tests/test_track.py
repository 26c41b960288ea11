"""Tracking: the actor × target matrix, its timeline, DNA networks, plots and the command.

Most tests run on a project made from the first rows of DEbateNet-migr15, whose
actors, claim codes and ±1 positions are real; the network weights are checked
on a handful of claims that can be counted by hand.
"""
import io
import itertools
import json
import shutil
import struct
import warnings
from pathlib import Path

import matplotlib
import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner
from matplotlib import _text_helpers, font_manager, image
from matplotlib.ft2font import FT2Font

from claims import ClaimsError, NotFound, Project
from claims.cli import cli
from claims.schema import DEFAULT_LABELS, Label
from claims.track import rolled
from claims.track_plot import display, heatmap_size

DEBATENET_ROWS = 300
DEBATENET_ORIGIN = "import:debatenet"


def _debatenet_rows(source: Path) -> list[dict]:
    with source.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in itertools.islice(lines, DEBATENET_ROWS)]


def _actor_kind(row: dict) -> str:
    name = row["name"].strip()
    return "organisation" if name in row["parties"] else "person" if row["parties"] else "group"


def build_debatenet_project(db: Path, source: Path, folder: Path) -> None:
    """The DEbateNet slice made into a project through the CLI, as a user
    would: `claims import` of the rows. Each quote is one statement dated by
    its ``cdate``; actors are the ``name``s; targets are the claim codes, EACH
    code of ``claimvalues`` one claim, as DNA codes one concept per statement
    (a quote coded 200 and 207 takes a position on both, and --target chooses a
    level of the codebook); ``cpos`` +1 is the schema's first label, -1 its second."""
    rows = _debatenet_rows(source)
    runner = CliRunner()

    def run(*args: str) -> None:
        result = runner.invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output

    quotes = folder / "quotes.jsonl"
    with quotes.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(
                json.dumps(
                    {
                        "quote": row["quote"], "name": row["name"].strip(),
                        "codes": row["claimvalues"], "cpos": row["cpos"], "cdate": row["cdate"],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    positive, negative = [label.name for label in DEFAULT_LABELS][:2]
    run("init")
    for name, kind in sorted({(row["name"].strip(), _actor_kind(row)) for row in rows}):
        run("actors", "add", "--kind", kind, "--", name)
    run(
        "import", str(quotes),
        "--text", "quote", "--actor", "name", "--target", "codes", "--target-kind", "claim",
        "--stance", "cpos", "--label-map", f"1={positive},-1={negative}", "--date", "cdate",
        "--lang", "de", "--origin", DEBATENET_ORIGIN.split(":", 1)[1],
    )


def expected_claims(source: Path, labels: list[str]) -> pd.DataFrame:
    """The slice as claims, computed from the raw JSONL with pandas: one claim per
    row and code (a row is a row: a repeated row is a claim of its own; a code
    given twice in one row is one claim)."""
    raw = pd.DataFrame(_debatenet_rows(source))
    raw["actor"] = raw["name"].str.strip()
    raw["stance"] = raw["cpos"].map({"1": labels[0], "-1": labels[1]})
    claims = raw.rename_axis("row").explode("claimvalues").rename(columns={"claimvalues": "target"})
    return claims.reset_index().drop_duplicates(["row", "target"])


@pytest.fixture(scope="session")
def debatenet_db(tmp_path_factory, debatenet) -> Path:
    folder = tmp_path_factory.mktemp("debatenet")
    build_debatenet_project(folder / "claims.db", debatenet, folder)
    return folder / "claims.db"


@pytest.fixture
def debatenet_project(debatenet_db, tmp_path) -> Path:
    """A copy of the DEbateNet project at CLAIMS_DB, for this test alone."""
    shutil.copy(debatenet_db, tmp_path / "claims.db")
    return tmp_path / "claims.db"


@pytest.fixture
def labels(project) -> list[str]:
    return [label.name for label in project.labels()]


def add_claims(project: Project, claims: list[tuple], folder: Path) -> None:
    """One dated one-sentence article per ``(actor, target, label index, date, origin)``
    claim; actors and targets are registered as needed."""
    articles = folder / "articles.jsonl"
    with articles.open("w", encoding="utf-8") as out:
        for number, (_, _, _, date, _) in enumerate(claims):
            out.write(
                json.dumps(
                    {"text": f"Statement number {number} says something.", "published": date}
                )
                + "\n"
            )
    project.ingest([str(articles)])
    statements = project.statements()
    labels = [label.name for label in project.labels()]
    store = project.store
    for name in sorted({claim[0] for claim in claims} - set(store.entity_names("actor"))):
        project.add_actor(name, "country")
    for name in sorted({claim[1] for claim in claims} - set(store.entity_names("target"))):
        project.add_target(name, "claim")
    with store.transaction():
        for statement, (actor, target, label, _, origin) in zip(statements, claims):
            store.add_claim(
                statement.id, store.entity_id("actor", actor), store.entity_id("target", target),
                labels[label], origin,
            )


# Claims one can count by hand: + is the first label, − the second, ○ the third.
#   A: T1 +              T2 −
#   B: T1 + (twice)      T2 +
#   C: T1 −              T2 −
#   D: T1 ○
# and a model's claim that A opposes T1, which human origins leave out.
HAND_COUNTED = [
    ("A", "T1", 0, "2021-01-05", "human:ana"),
    ("A", "T2", 1, "2021-02-10", "human:ana"),
    ("B", "T1", 0, "2021-01-06", "human:ana"),
    ("B", "T1", 0, "2021-03-01", "human:ben"),
    ("B", "T2", 0, "2021-02-11", "human:ana"),
    ("C", "T1", 1, "2021-01-07", "human:ana"),
    ("C", "T2", 1, "2021-03-02", "human:ben"),
    ("D", "T1", 2, "2021-01-08", "human:ana"),
    ("A", "T1", 1, "2021-01-09", "model:baseline@1"),
]


@pytest.fixture
def hand_counted(project, tmp_path) -> Project:
    add_claims(project, HAND_COUNTED, tmp_path)
    return project


def _edges(graph: nx.Graph) -> dict[frozenset, int]:
    return {
        frozenset((source, target)): data["weight"]
        for source, target, data in graph.edges(data=True)
    }


# --- the matrix and the timeline ----------------------------------------------------------


def test_matrix_counts_match_a_groupby_of_the_debatenet_slice(debatenet_project, debatenet, run):
    result = run("track", "--format", "csv")
    assert result.exit_code == 0
    matrix = pd.read_csv(io.StringIO(result.stdout), dtype={"target": str})
    labels = ["support", "oppose", "neutral"]
    claims = expected_claims(debatenet, labels)
    expected = claims.groupby(["actor", "target", "stance"]).size().unstack("stance", fill_value=0)
    expected = (
        expected.reindex(columns=labels, fill_value=0).rename_axis(columns=None).reset_index()
    )
    expected["total"] = expected[labels].sum(axis=1)
    expected["net"] = ((expected["support"] - expected["oppose"]) / expected["total"]).round(4)
    assert list(matrix.columns) == ["actor", "target", *labels, "total", "net"]
    pd.testing.assert_frame_equal(matrix.sort_values(["actor", "target"]).reset_index(drop=True),
                                  expected.sort_values(["actor", "target"]).reset_index(drop=True),
                                  check_dtype=False)
    assert matrix["total"].sum() == len(claims) > 600


def test_timeline_by_month_matches_the_article_dates_of_the_slice(debatenet_project, debatenet):
    with Project(debatenet_project) as project:
        tracking = project.track(origin="import", by="month")
    claims = expected_claims(debatenet, ["support", "oppose", "neutral"])
    claims["period"] = pd.to_datetime(claims["cdate"]).dt.to_period("M")
    expected = (
        claims.groupby(["actor", "target", "period", "stance"])
        .size()
        .unstack("stance", fill_value=0)
    )
    timeline = tracking.timeline.set_index(["actor", "target", "period"])
    for column in ("support", "oppose"):
        assert timeline[column].to_dict() == expected[column].to_dict()
    merkel = timeline.loc[("Angela Merkel", "100")]
    assert list(merkel.index.astype(str)) == sorted(merkel.index.astype(str))
    assert (merkel["net"] == (merkel["support"] - merkel["oppose"]) / merkel["total"]).all()
    assert tracking.notes == []


def test_a_week_is_an_iso_week_and_a_day_is_a_date(hand_counted):
    weeks = hand_counted.track(origin="human", by="week").records()
    assert {row["period"] for row in weeks} >= {"2021-W01", "2021-W09"}
    days = hand_counted.track(origin="human", actors=["B"], by="day").records()
    assert [(row["target"], row["period"], row["support"]) for row in days] == [
        ("T1", "2021-01-06", 1), ("T1", "2021-03-01", 1), ("T2", "2021-02-11", 1)]


def test_net_position_is_first_minus_second_label_over_all_claims(hand_counted):
    matrix = hand_counted.track(origin="all").matrix.set_index(["actor", "target"])
    assert matrix.loc[("A", "T1"), ["support", "oppose", "neutral", "total"]].tolist() == [
        1, 1, 0, 2,
    ]
    assert matrix.loc[("A", "T1"), "net"] == 0
    assert matrix.loc[("B", "T1"), "net"] == 1
    assert matrix.loc[("D", "T1"), "net"] == 0


def test_the_schema_order_not_the_label_names_decides_the_sign(hand_counted):
    names = ["oppose", "support", "neutral"]
    with hand_counted.store.transaction():
        hand_counted.store.replace_labels(Label(name, "") for name in names)
    matrix = hand_counted.track(origin="human").matrix.set_index(["actor", "target"])
    assert list(matrix.columns) == [*names, "total", "net"]
    assert matrix.loc[("B", "T1"), "net"] == -1
    assert matrix.loc[("C", "T2"), "net"] == 1


@pytest.mark.parametrize("origin, claims", [
    ("all", 9), ("human", 8), ("human:ben", 2), ("model", 1), ("model:baseline@1", 1),
    (["human:ben", "model"], 3), ("human:*", 8)])
def test_origin_selects_whose_claims_are_counted(hand_counted, origin, claims):
    assert hand_counted.track(origin=origin).matrix["total"].sum() == claims


def test_counting_several_origins_together_is_noted(hand_counted):
    assert hand_counted.track(origin="all").notes == [
        "The claims of 3 origins are counted together (human:ana, human:ben, model:baseline@1); "
        "choose with --origin."]


@pytest.fixture
def one_statement_many_readers(project, tmp_path) -> Project:
    """One statement read by two annotators, an adjudicator and a model (whose actor differs
    from theirs), and a second statement read by the model alone."""
    add_claims(project, [("A", "T1", 1, "2021-01-05", "human:ana"),
                         ("B", "T1", 0, "2021-01-06", "model:baseline@1")], tmp_path)
    store, (first, _) = project.store, project.statements()
    readings = [("A", "oppose", "human:bob"), ("A", "oppose", "gold"),
                ("B", "support", "model:baseline@1")]
    with store.transaction():
        for actor, stance, origin in readings:
            store.add_claim(first.id, store.entity_id("actor", actor),
                            store.entity_id("target", "T1"), stance, origin)
    return project


def test_a_statement_counts_once_by_its_most_authoritative_reading(one_statement_many_readers,
                                                                   run):
    project = one_statement_many_readers
    tracking = project.track()
    assert tracking.matrix[["actor", "target", "support", "oppose", "total"]].values.tolist() == [
        ["A", "T1", 0, 1, 1], ["B", "T1", 1, 0, 1]]
    assert tracking.notes[0].startswith("3 claims on statements that an origin of a more")
    assert project.track(every_origin=True).matrix["total"].sum() == 5
    # people's readings when gold is not selected: both annotators count
    assert project.track(origin="human").matrix["total"].sum() == 2
    assert project.track(origin=["human", "model"]).matrix["total"].sum() == 3
    # the model's actor on the first statement does not stand in for the gold one
    assert project.track(actors=["B"]).matrix["total"].sum() == 1
    result = run("--db", str(project.path), "track", "--every-origin", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "A,T1,0,3" in result.output
    # an adjudicator's ruling that the second statement holds no claim outranks the model,
    # and a person's claim on another actor there stays as people's claims do
    store = project.store
    second = project.statements()[1]
    with store.transaction():
        store.reject_item(second.id, store.entity_id("actor", "B"),
                          store.entity_id("target", "T1"), "ana")
    assert project.track().matrix[["actor", "total"]].values.tolist() == [["A", 1]]
    with store.transaction():
        store.add_claim(second.id, store.entity_id("actor", "A"),
                        store.entity_id("target", "T1"), "support", "human:carl")
    assert project.track(origin="human").matrix["total"].sum() == 3


def test_actors_and_targets_are_chosen_by_name_or_alias(hand_counted):
    hand_counted.add_aliases("actor", "A", ["Alpha"])
    matrix = hand_counted.track(origin="human", actors=["Alpha", "C"], targets=["T2"]).matrix
    assert matrix[["actor", "target", "oppose"]].values.tolist() == [["A", "T2", 1], ["C", "T2", 1]]


def test_claims_of_undated_articles_stay_in_the_matrix_but_not_in_the_timeline(
    hand_counted, tmp_path
):
    hand_counted.ingest(["-"], format="txt", stdin=_stdin("An undated statement says something."))
    undated = hand_counted.statements()[-1].id
    store = hand_counted.store
    store.add_claim(
        undated, store.entity_id("actor", "D"), store.entity_id("target", "T2"), "support",
        "human:ana",
    )
    tracking = hand_counted.track(origin="human", by="month")
    assert tracking.matrix["total"].sum() == 9
    assert tracking.timeline["total"].sum() == 8
    assert tracking.notes[0] == "1 claims of undated articles are left out of the timeline."
    windowed = hand_counted.track(origin="human", since="2021-01-01")
    assert windowed.matrix["total"].sum() == 8
    assert (
        windowed.notes[0] == "1 claims of undated articles are left out: a time window needs dates."
    )


def test_a_timeline_of_undated_claims_only_is_an_error(project, tmp_path):
    add_claims(project, [("A", "T1", 0, None, "gold")], tmp_path)
    with pytest.raises(
        ClaimsError,
        match=r"^No dated claims for a timeline: the articles of the 1 claims selected "
        r"have no publication date \(give one with 'claims ingest --published'\)\.$",
    ):
        project.track(by="month")
    assert project.track().matrix["total"].tolist() == [1]


def _stdin(text: str):
    return io.BufferedReader(io.BytesIO(text.encode("utf-8")))


def test_claims_without_an_actor_are_left_out_with_a_note(hand_counted):
    statement = hand_counted.statements()[0].id
    hand_counted.store.add_claim(
        statement, None, hand_counted.store.entity_id("target", "T2"), "oppose", "human:ana"
    )
    tracking = hand_counted.track(origin="human")
    assert tracking.notes[0] == "1 claims without an actor are left out."
    assert tracking.matrix["total"].sum() == 8


def test_since_and_until_are_inclusive_and_iso_only(hand_counted):
    tracking = hand_counted.track(origin="human", since="2021-01-06", until="2021-02-10")
    dates = tracking.counts["date"].repeat(tracking.counts["n"])
    assert sorted(dates.dt.strftime("%Y-%m-%d")) == [
        "2021-01-06", "2021-01-07", "2021-01-08", "2021-02-10"]
    with pytest.raises(
        ClaimsError, match=r"Cannot read --since '06/01/2021': write it as YYYY-MM-DD"
    ):
        hand_counted.track(origin="human", since="06/01/2021")


# --- networks ------------------------------------------------------------------------------


def test_congruence_weights_follow_dna_on_a_hand_counted_slice(hand_counted):
    graph = hand_counted.track(origin="human").network("congruence")
    # A–B: on T1 A supports once and B twice: 1·2 = 2. A–C: both oppose T2: 1·1 = 1.
    # B–C agree nowhere; D only takes the third label, which makes no ties.
    assert _edges(graph) == {frozenset("AB"): 2, frozenset("AC"): 1}
    assert graph.edges["A", "B"]["support"] == 2 and graph.edges["A", "B"]["oppose"] == 0
    assert set(graph.nodes) == {"A", "B", "C", "D"}
    assert graph.nodes["D"] == {"label": "D", "type": "actor", "kind": "country", "claims": 1}


def test_conflict_weights_follow_dna_on_a_hand_counted_slice(hand_counted):
    graph = hand_counted.track(origin="human").network("conflict")
    # A–B: A opposes T2, B supports it: 1. A–C: A supports T1, C opposes it: 1.
    # B–C: T1 2·1 + T2 1·1 = 3.
    assert _edges(graph) == {frozenset("AB"): 1, frozenset("AC"): 1, frozenset("BC"): 3}


def test_a_time_window_gives_the_network_of_that_window(hand_counted):
    january = hand_counted.track(origin="human", until="2021-01-31")
    assert _edges(january.network("congruence")) == {frozenset("AB"): 1}
    assert _edges(january.network("conflict")) == {frozenset("AC"): 1, frozenset("BC"): 1}


def test_the_affiliation_network_is_two_mode_with_stance_counts_on_edges(hand_counted):
    graph = hand_counted.track(origin="all").network("affiliation")
    assert graph.nodes["actor:A"] == {
        "label": "A", "type": "actor", "kind": "country", "claims": 3, "bipartite": 0,
    }
    assert (
        graph.nodes["target:T1"]["type"] == "target" and graph.nodes["target:T1"]["bipartite"] == 1
    )
    assert graph.edges["actor:A", "target:T1"] == {
        "weight": 2, "net": 0.0, "support": 1, "oppose": 1, "neutral": 0,
    }
    assert graph.number_of_edges() == 7


def test_graphml_of_the_debatenet_slice_reads_back_with_networkx(debatenet_project, debatenet, run):
    result = run("track", "--network", "affiliation.graphml")
    assert result.exit_code == 0
    graph = nx.read_graphml("affiliation.graphml")
    claims = expected_claims(debatenet, ["support", "oppose"])
    assert result.stdout == (
        f"Affiliation network of {graph.number_of_nodes()} nodes and {graph.number_of_edges()} "
        "edges written to affiliation.graphml.\n"
    )
    actors = {node for node, data in graph.nodes(data=True) if data["type"] == "actor"}
    assert len(actors) == claims["actor"].nunique()
    assert graph.number_of_edges() == len(claims.groupby(["actor", "target"]))
    assert graph.nodes["actor:Angela Merkel"]["kind"] == "person"
    assert graph.nodes["target:100"] == {
        "label": "100", "type": "target", "kind": "claim", "bipartite": 1,
        "claims": int((claims["target"] == "100").sum()),
    }
    merkel = claims[(claims["actor"] == "Angela Merkel") & (claims["target"] == "100")]
    edge = graph.edges["actor:Angela Merkel", "target:100"]
    assert (edge["weight"], edge["support"], edge["oppose"]) == (
        len(merkel), (merkel["stance"] == "support").sum(), (merkel["stance"] == "oppose").sum())


def test_congruence_graphml_and_gexf_hold_the_same_weights(debatenet_project, run):
    assert run("track", "--network", "congruence.graphml", "--mode", "congruence").exit_code == 0
    assert run("track", "--network", "congruence.gexf", "--mode", "congruence").exit_code == 0
    with Project(debatenet_project) as project:
        expected = _edges(project.track().network("congruence"))
    assert expected and _edges(nx.read_graphml("congruence.graphml")) == expected
    gexf = nx.read_gexf("congruence.gexf")
    assert {frozenset(gexf.nodes[node]["label"] for node in edge): int(weight)
            for *edge, weight in gexf.edges(data="weight")} == expected


def test_a_csv_network_is_an_edge_list_gephi_imports(hand_counted, run):
    assert (
        run("track", "--origin", "human", "--network", "edges.csv", "--mode", "conflict").exit_code
        == 0
    )
    edges = pd.read_csv("edges.csv")
    assert list(edges.columns) == ["Source", "Target", "Type", "Weight"]
    assert sorted(edges["Weight"]) == [1, 1, 3]
    assert set(edges["Type"]) == {"Undirected"}


# --- plots ---------------------------------------------------------------------------------


def _png_size(path: Path) -> tuple[int, int]:
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_the_heat_map_is_a_real_png_of_the_expected_size(debatenet_project, run):
    result = run("track", "--plot", "heat.png")
    assert result.exit_code == 0
    assert result.stdout == "Heat map written to heat.png.\n"
    width, height = heatmap_size(
        40, 40
    )  # the slice has more of each: the 40 with most claims are drawn
    assert _png_size("heat.png") == (width, height)
    pixels = image.imread("heat.png")
    assert pixels.shape[:2] == (height, width)
    assert pixels.std() > 0.05  # drawn, not blank
    assert result.stderr == (
        "The heat map shows the 40 of 99 actors and 40 of 77 targets with most claims; "
        "choose others with --actor and --target.\n"
    )


def test_a_small_selection_gives_a_small_heat_map_and_svg_by_suffix(hand_counted, run):
    assert run("track", "--origin", "human", "--plot", "heat.svg").exit_code == 0
    assert b"<svg" in Path("heat.svg").read_bytes()[:1000]
    hand_counted.track(origin="human").plot("heat.png")
    assert _png_size("heat.png") == heatmap_size(4, 2)
    hand_counted.track(origin="human").plot("sized.png", size=(800, 600))
    assert _png_size("sized.png") == (800, 600)


def test_with_by_the_plot_is_lines_over_time_per_target(debatenet_project, run):
    result = run(
        "track", "--by", "month", "--target", "100", "--target", "500", "--plot", "lines.png"
    )
    assert result.exit_code == 0
    assert result.stdout == "Timeline written to lines.png.\n"
    assert _png_size("lines.png") == (1000, 150 + 250 * 2)
    assert result.stderr == (
        "A panel shows the 8 actors with most claims on its target; choose others with --actor.\n"
    )


def _drawn(text: str) -> list:
    """The glyphs matplotlib lays out for ``text``, left to right."""
    font = FT2Font(font_manager.findfont("DejaVu Sans"))
    font.set_size(12, 72)
    return sorted(_text_helpers.layout(text, font), key=lambda glyph: glyph.x)


@pytest.mark.skipif(
    matplotlib.__version_info__ < (3, 11), reason="matplotlib draws text as given before 3.11"
)
def test_arabic_names_are_drawn_joined_and_right_to_left(project, tmp_path):
    drawn = _drawn(display("روسيا"))
    assert [glyph.char for glyph in drawn] == list("ايسور")  # ر, the first letter, is rightmost
    alone = {glyph.char: glyph.glyph_index for glyph in _drawn("س")}
    assert drawn[2].glyph_index != alone["س"]  # the medial form, joined to its neighbours
    long = display("توسع حلف شمال الأطلسي شرقا نحو حدود روسيا")
    assert long == "توسع حلف شمال الأطلسي شرقا نح…"  # the ellipsis ends it: drawn leftmost
    add_claims(
        project, [("روسيا", "توسع حلف شمال الأطلسي شرقا نحو حدود روسيا", 1, "2021-12-17", "gold")],
        tmp_path,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a glyph missing from the font would warn
        project.track().plot(tmp_path / "arabic.png")


def test_for_a_matplotlib_that_draws_text_as_given_arabic_is_shaped_and_reordered():
    shaped = display("روسيا", visual=True)
    assert all("\ufe70" <= char <= "\ufeff" for char in shaped)  # joined presentation forms
    assert shaped[0] == "\ufe8e"  # the final alef comes first: drawn leftmost
    assert display("توسع حلف شمال الأطلسي شرقا نحو حدود روسيا", visual=True)[0] == "…"


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--actor", "Angela Merkl"],
            "No actor named 'Angela Merkl'. Did you mean 'Angela Merkel'? List them with "
            "'claims actors list'.",
        ),
        (
            ["--target", "1000"],
            "No target named '1000'. Did you mean '100' or '810' or '800'? List them with "
            "'claims targets list'.",
        ),
        (
            ["--origin", "gold", "--actor", "Angela Merkel", "--since", "2015-06-01"],
            "No claims match the selection (origin gold, actor 'Angela Merkel', since 2015-06-01). "
            "See what the project holds with 'claims stats'.",
        ),
        (
            ["--since", "last spring"],
            (
                "Cannot read --since 'last spring': write it as YYYY-MM-DD (or "
                "YYYY, YYYY-MM, or a date and time such as 2021-12-17T10:00)."
            ),
        ),
        (
            ["--since", "2015-12-01", "--until", "2015-01-01"],
            "The time window is empty: since 2015-12-01 is after until 2015-01-01.",
        ),
        (
            ["--origin", "people"],
            "Unknown origin 'people'; use all, a kind (human, model, import, gold), one origin "
            "such as human:ana, or a GLOB pattern such as 'model:*'.",
        ),
        (["--plot", "heat.jpg"], "heat.jpg: unknown plot format; name the file .png or .svg."),
        (
            ["--network", "net.json"],
            "net.json: unknown network format; name the file .graphml, .gexf or .csv.",
        ),
        (
            ["--network", "missing/net.gexf"],
            "Cannot write missing/net.gexf: the folder missing does not exist.",
        ),
    ],
)
def test_bad_input_is_a_one_line_error_with_exit_1(debatenet_project, run, args, message):
    """Unknown names get the nearest ones; an empty selection and a date that does not parse say
    so."""
    result = run("track", *args)
    assert (result.exit_code, result.output) == (1, f"Error: {message}\n")


def test_mode_without_network_is_a_usage_error(debatenet_project, run):
    result = run("track", "--mode", "congruence")
    assert (result.exit_code, result.output) == (
        2, "Error: --mode goes with --network (claims track --help)\n")


def test_the_python_api_raises_what_the_command_prints(hand_counted):
    with pytest.raises(NotFound, match=r"^No claims match the selection \(origin gold\)"):
        hand_counted.track(origin="gold")
    with pytest.raises(
        ClaimsError, match=r"^Unknown period 'year'; use one of: day, week, month\.$"
    ):
        hand_counted.track(by="year")
    with pytest.raises(ClaimsError, match=r"^Unknown network mode 'both'"):
        hand_counted.track().network("both")


# --- the table ------------------------------------------------------------------------------


def test_the_table_and_json_show_the_matrix_or_the_timeline(hand_counted, run):
    table = run("track", "--origin", "human")
    assert table.exit_code == 0
    assert "Claims per stance (origin human)" in table.stdout
    assert "│ B     │ T1     │ 2       │ 0      │ 0       │ 2     │ 1.0  │" in table.stdout
    rows = json.loads(
        run(
            "track", "--origin", "human", "--actor", "C", "--by", "month", "--format", "json"
        ).stdout
    )
    assert rows == [
        {
            "actor": "C", "target": "T1", "period": "2021-01", "support": 0, "oppose": 1,
            "neutral": 0, "total": 1, "net": -1.0,
        },
        {
            "actor": "C", "target": "T2", "period": "2021-03", "support": 0, "oppose": 1,
            "neutral": 0, "total": 1, "net": -1.0,
        },
    ]


# --- rolling actors up to their parents ------------------------------------------------------

# The demo registry's actors: Dmitry Peskov and Sergei Ryabkov speak for Russia.
SPOKESMEN = [
    ("Russia", "NATO eastward expansion", 1, "2021-12-01", "gold"),
    ("Russia", "Ukraine joining NATO", 1, "2021-12-17", "gold"),
    ("Dmitry Peskov", "NATO eastward expansion", 1, "2021-12-03", "gold"),
    ("Dmitry Peskov", "NATO eastward expansion", 1, "2022-01-10", "gold"),
    ("Dmitry Peskov", "security talks with Russia", 0, "2022-01-11", "gold"),
    ("Sergei Ryabkov", "security talks with Russia", 0, "2022-01-12", "gold"),
    ("Sergei Ryabkov", "Russian invasion of Ukraine", 1, "2022-02-01", "gold"),
    ("Sergei Ryabkov", "NATO eastward expansion", 2, "2022-02-02", "gold"),
    ("United States", "security talks with Russia", 0, "2022-01-10", "gold"),
    ("United States", "NATO eastward expansion", 0, "2021-12-20", "gold"),
    ("NATO", "Ukraine joining NATO", 0, "2021-12-21", "gold"),
]
SPEAKS_FOR = {"Dmitry Peskov": "Russia", "Sergei Ryabkov": "Russia"}


@pytest.fixture
def spokesmen(project, tmp_path, demo_registry) -> Project:
    project.import_registry(demo_registry)
    add_claims(project, SPOKESMEN, tmp_path)
    return project


def _expected_matrix(
    claims: list[tuple], labels: list[str], actor=lambda name: name
) -> pd.DataFrame:
    """The matrix of ``claims`` by a pandas groupby of the raw rows, actors renamed by ``actor``."""
    raw = pd.DataFrame(claims, columns=["actor", "target", "label", "date", "origin"])
    raw["actor"] = raw["actor"].map(actor)
    raw["stance"] = raw["label"].map(dict(enumerate(labels)))
    counts = raw.groupby(["actor", "target", "stance"]).size().unstack("stance", fill_value=0)
    counts = counts.reindex(columns=labels, fill_value=0).rename_axis(columns=None).reset_index()
    counts["total"] = counts[labels].sum(axis=1)
    counts["net"] = (counts[labels[0]] - counts[labels[1]]) / counts["total"]
    return counts


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    frame = frame.assign(**{key: frame[key].astype(str) for key in keys})
    return frame.sort_values(keys).reset_index(drop=True)


def test_roll_up_counts_the_spokesmens_claims_for_russia(spokesmen, labels):
    matrix = spokesmen.track(roll_up=True).matrix
    expected = _expected_matrix(SPOKESMEN, labels, lambda name: SPEAKS_FOR.get(name, name))
    pd.testing.assert_frame_equal(
        _sorted(matrix, ["actor", "target"]), _sorted(expected, ["actor", "target"]),
        check_dtype=False,
    )
    russia = matrix.set_index(["actor", "target"]).loc[("Russia", "NATO eastward expansion")]
    assert russia[labels].tolist() == [0, 3, 1]  # its own oppose, Peskov's two, Ryabkov's neutral
    assert set(matrix["actor"]) == {"Russia", "United States", "NATO"}
    assert matrix["total"].sum() == len(SPOKESMEN)


def test_without_roll_up_every_actor_counts_for_itself(spokesmen, labels):
    matrix = spokesmen.track().matrix
    pd.testing.assert_frame_equal(_sorted(matrix, ["actor", "target"]),
                                  _sorted(_expected_matrix(SPOKESMEN, labels), ["actor", "target"]),
                                  check_dtype=False)
    assert "Dmitry Peskov" in set(matrix["actor"])


def test_roll_up_reaches_the_timeline_and_the_networks(spokesmen, labels):
    tracking = spokesmen.track(roll_up=True, by="month")
    january = tracking.timeline.set_index(["actor", "target", "period"])
    assert january.loc[
        ("Russia", "security talks with Russia", pd.Period("2022-01", "M")), labels
    ].tolist() == [2, 0, 0]
    graph = tracking.network("congruence")
    assert set(graph.nodes) == {"Russia", "United States", "NATO"}
    assert graph.nodes["Russia"]["claims"] == 8 and graph.nodes["Russia"]["kind"] == "country"
    # security talks: Russia supports twice, the United States once: 2·1; NATO expansion: no
    # shared stance
    assert _edges(graph) == {frozenset(["Russia", "United States"]): 2}
    assert _edges(tracking.network("conflict")) == {frozenset(["Russia", "United States"]): 3,
                                                    frozenset(["Russia", "NATO"]): 1}


def test_roll_up_follows_parents_to_the_top_and_an_actor_takes_in_those_under_it(project, tmp_path,
                                                                                 demo_registry):
    project.import_registry(demo_registry)
    project.add_actor("Kremlin press office", "organisation", parent="Dmitry Peskov")
    add_claims(
        project,
        [*SPOKESMEN, ("Kremlin press office", "Ukraine joining NATO", 1, "2022-01-20", "gold")],
        tmp_path,
    )
    russia = project.track(roll_up=True, actors=["Russia"]).matrix
    assert set(russia["actor"]) == {"Russia"}
    assert russia.set_index("target").loc["Ukraine joining NATO", "oppose"] == 2
    assert russia["total"].sum() == 9
    peskov = project.track(
        roll_up=True, actors=["Peskov"]
    ).matrix  # his claims and his office's, as Russia's
    assert peskov[["actor", "target", "total"]].values.tolist() == [
        ["Russia", "NATO eastward expansion", 2], ["Russia", "Ukraine joining NATO", 1],
        ["Russia", "security talks with Russia", 1]]


def test_roll_up_of_the_debatenet_slice_adds_up_to_a_groupby(debatenet_project, debatenet):
    claims = expected_claims(debatenet, ["support", "oppose", "neutral"])
    members = sorted(set(claims["actor"]))[:12]
    with Project(debatenet_project) as project:
        project.add_actor("Members", "group")
        with project.store.transaction():  # a dozen of the slice's actors speak for one group
            for name in members:
                project.store.update_entity(
                    "actor", project.store.entity_id("actor", name),
                    {"parent_id": project.store.entity_id("actor", "Members")},
                )
        matrix = project.track(roll_up=True).matrix.set_index(["actor", "target"])
    claims["actor"] = claims["actor"].where(~claims["actor"].isin(members), "Members")
    expected = claims.groupby(["actor", "target", "stance"]).size().unstack("stance", fill_value=0)
    assert matrix["support"].to_dict() == expected["support"].to_dict()
    assert matrix["oppose"].to_dict() == expected["oppose"].to_dict()
    assert matrix.loc["Members", "total"].sum() == claims["actor"].eq("Members").sum() > 0


def test_a_parent_cycle_is_an_error_naming_it(project, tmp_path, run):
    for name, parent in (("C", None), ("B", "C"), ("A", "B")):
        project.add_actor(name, "country", parent=parent)
    with (
        project.store.transaction()
    ):  # as a project file written before the registry refused cycles may hold
        project.store.update_entity("actor", project.store.entity_id("actor", "C"),
                                    {"parent_id": project.store.entity_id("actor", "B")})
    add_claims(project, [("A", "T1", 0, "2021-01-05", "gold")], tmp_path)
    message = (
        "The actors' parents form a cycle ('B' → 'C' → 'B'): no actor is on top to roll up to. "
        "Give one of them another parent with 'claims registry import'."
    )
    with pytest.raises(ClaimsError) as raised:
        project.track(roll_up=True)
    assert str(raised.value) == message
    result = run("track", "--roll-up")
    assert (result.exit_code, result.output) == (1, f"Error: {message}\n")
    assert project.track().matrix["actor"].tolist() == [
        "A"
    ]  # without roll-up the parents do not matter


def test_roll_up_through_the_command_with_csv_and_a_plot(spokesmen, labels, run):
    result = run("track", "--roll-up", "--format", "csv")
    assert result.exit_code == 0
    matrix = pd.read_csv(io.StringIO(result.stdout))
    expected = _expected_matrix(SPOKESMEN, labels, lambda name: SPEAKS_FOR.get(name, name))
    expected["net"] = expected["net"].round(4)
    pd.testing.assert_frame_equal(
        _sorted(matrix, ["actor", "target"]), _sorted(expected, ["actor", "target"]),
        check_dtype=False,
    )
    table = run("track", "--roll-up", "--actor", "Ryabkov")
    assert (
        "Claims per stance (origin all, actor 'Ryabkov', rolled up to parent actors)"
        in table.stdout
    )
    plotted = run("track", "--roll-up", "--by", "month", "--window", "2", "--plot", "lines.png")
    assert plotted.exit_code == 0 and _png_size("lines.png") == (1000, 150 + 250 * 4)


# --- moving windows ------------------------------------------------------------------------

# A on T1: January +, February nothing, March −, April + +.   B on T1: January − only.
WINDOWED = [
    ("A", "T1", 0, "2021-01-05", "gold"),
    ("A", "T1", 1, "2021-03-10", "gold"),
    ("A", "T1", 0, "2021-04-01", "gold"),
    ("A", "T1", 0, "2021-04-30", "gold"),
    ("B", "T1", 1, "2021-01-20", "gold"),
]


@pytest.fixture
def windowed(project, tmp_path) -> Project:
    add_claims(project, WINDOWED, tmp_path)
    return project


def _periods(rows: list[dict]) -> list[tuple]:
    return [
        (row["actor"], row["period"], row["support"], row["oppose"], row["total"], row["net"])
        for row in rows
    ]


def test_a_window_sums_the_calendar_periods_ending_at_each_counted_by_hand(windowed, run):
    result = run("track", "--by", "month", "--window", "2", "--format", "json")
    assert result.exit_code == 0
    # February has no claims: A's February is January's +, and March's window (Feb–Mar) holds
    # only the −. B's January claim is still in February's window, not in March's. April is the
    # data's last month.
    assert _periods(json.loads(result.stdout)) == [
        ("A", "2021-01", 1, 0, 1, 1.0), ("A", "2021-02", 1, 0, 1, 1.0),
        ("A", "2021-03", 0, 1, 1, -1.0),
        ("A", "2021-04", 2, 1, 3, 0.3333),
        ("B", "2021-01", 0, 1, 1, -1.0),
        ("B", "2021-02", 0, 1, 1, -1.0),
    ]
    three = windowed.track(by="month", window=3).records()
    assert _periods(three) == [
        ("A", "2021-01", 1, 0, 1, 1.0), ("A", "2021-02", 1, 0, 1, 1.0),
        ("A", "2021-03", 1, 1, 2, 0.0),
        ("A", "2021-04", 2, 1, 3, 0.3333),
        ("B", "2021-01", 0, 1, 1, -1.0), ("B", "2021-02", 0, 1, 1, -1.0),
        ("B", "2021-03", 0, 1, 1, -1.0),
    ]
    assert _periods(windowed.track(by="month", window=1).records()) == [
        ("A", "2021-01", 1, 0, 1, 1.0), ("A", "2021-03", 0, 1, 1, -1.0),
        ("A", "2021-04", 2, 0, 2, 1.0), ("B", "2021-01", 0, 1, 1, -1.0),
    ]


def test_a_window_of_weeks_counts_weeks_without_claims(windowed):
    rows = windowed.track(actors=["A"], since="2021-03-01", by="week", window=4).records()
    # March 10 is in week 10, April 1 in week 13 (the window of weeks 10–13), April 30 in week 17.
    assert [(row["period"], row["support"], row["oppose"]) for row in rows] == [
        ("2021-W10", 0, 1), ("2021-W11", 0, 1), ("2021-W12", 0, 1), ("2021-W13", 1, 1),
        ("2021-W14", 1, 0), ("2021-W15", 1, 0), ("2021-W16", 1, 0), ("2021-W17", 1, 0),
    ]


def test_a_window_equals_a_rolling_sum_over_every_calendar_period(debatenet_project):
    with Project(debatenet_project) as project:
        tracking = project.track(by="week")
        labels = tracking.labels
        timeline = rolled(tracking.timeline, labels, 4).set_index(["actor", "target", "period"])
    weekly = tracking.timeline.set_index(["actor", "target", "period"])[labels]
    periods = pd.period_range(weekly.index.get_level_values("period").min(),
                              weekly.index.get_level_values("period").max(), freq="W")
    dense = weekly.unstack(["actor", "target"]).reindex(periods, fill_value=0).fillna(0)
    expected = dense.rolling(4, min_periods=1).sum().stack(["actor", "target"], future_stack=True)
    expected = (
        expected[expected.sum(axis=1) > 0].reorder_levels(["actor", "target", None]).sort_index()
    )
    assert len(timeline) == len(expected) > len(weekly)
    assert timeline[labels].to_numpy().tolist() == expected.to_numpy().astype(int).tolist()
    assert (timeline["net"] == (timeline["support"] - timeline["oppose"]) / timeline["total"]).all()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--window", "0"], "Invalid value for '--window': 0 is not in the range x>=1"),
        (
            ["--by", "month", "--window", "-2"],
            "Invalid value for '--window': -2 is not in the range x>=1",
        ),
        (["--window", "many"], "Invalid value for '--window': 'many' is not a valid integer range"),
        (["--window", "3"], "--window goes with --by: it counts periods"),
    ],
)
def test_a_bad_window_is_a_usage_error(windowed, run, args, message):
    result = run("track", *args)
    assert (result.exit_code, result.output) == (2, f"Error: {message} (claims track --help)\n")


@pytest.mark.parametrize("window, by, message", [
    (0, "month", "The window must be a whole number of periods, 1 or more; got 0."),
    (1.5, "month", "The window must be a whole number of periods, 1 or more; got 1.5."),
    (3, None, "A window is counted in periods: give the period (day, week or month) too."),
])
def test_the_python_api_refuses_a_bad_window(windowed, window, by, message):
    with pytest.raises(ClaimsError) as raised:
        windowed.track(by=by, window=window)
    assert str(raised.value) == message


def test_an_actor_network_of_one_actor_has_its_node_and_no_edge(project, tmp_path):
    add_claims(project, [("Russia", "T1", 0, "2021-01-05", "gold")], tmp_path)
    for mode in ("congruence", "conflict"):
        graph = project.track().network(mode)
        assert list(graph.nodes) == ["Russia"] and graph.number_of_edges() == 0
