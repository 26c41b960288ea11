"""Agreement figures against scikit-learn and krippendorff, and adjudication into gold claims.

The claims are people's (origin ``human:NAME``) on the statements of the demo
articles, with the demo registry's actors and targets. Each test recomputes
the figures from its own table of labels with the reference libraries.
"""
import json
import os
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import krippendorff
import numpy as np
import pexpect
import pytest
from sklearn.metrics import cohen_kappa_score

from claims import NotFound, Project

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "datasets" / "demo"

# Statement (found by a piece of its text) → annotator → the claims they gave
# as (actor, target, stance); an empty list is a "no claim" decision.
LABELS = {
    "The Kremlin said on Friday": {
        "alice": [("Russia", "NATO eastward expansion", "oppose")],
        "bob": [("Russia", "NATO eastward expansion", "oppose")],
        "carol": [("Russia", "NATO eastward expansion", "oppose")],
    },
    "Peskov denied": {  # carol names the parent actor: a different item
        "alice": [("Dmitry Peskov", "Russian invasion of Ukraine", "oppose")],
        "bob": [("Dmitry Peskov", "Russian invasion of Ukraine", "oppose")],
        "carol": [("Russia", "Russian invasion of Ukraine", "oppose")],
    },
    "ready to discuss security issues": {
        "alice": [("United States", "security talks with Russia", "support")],
        "bob": [("United States", "security talks with Russia", "neutral")],
        "carol": [("United States", "security talks with Russia", "support")],
    },
    "officials warned": {
        "alice": [("United States", "Russian invasion of Ukraine", "oppose")],
        "bob": [],
        "carol": [("United States", "Russian invasion of Ukraine", "oppose")],
    },
    "foreign minister said": {  # carol skipped it
        "alice": [("Ukraine", "Ukraine joining NATO", "support")],
        "bob": [("Ukraine", "Ukraine joining NATO", "support")],
    },
    "Stoltenberg rejected": {
        "alice": [
            ("NATO", "Ukraine joining NATO", "support"),
            ("NATO", "Russian invasion of Ukraine", "neutral"),
        ],
        "bob": [
            ("NATO", "Ukraine joining NATO", "oppose"),
            ("NATO", "Russian invasion of Ukraine", "neutral"),
        ],
        "carol": [("NATO", "Ukraine joining NATO", "neutral")],
    },
    "تنفي موسكو": {
        "alice": [("Russia", "Russian invasion of Ukraine", "oppose")],
        "bob": [("Moscow", "invade Ukraine", "oppose")],  # aliases: the same item
        "carol": [("Russia", "Russian invasion of Ukraine", "oppose")],
    },
    "قال الكرملين": {
        "alice": [("Russia", "NATO eastward expansion", "oppose")],
        "bob": [("Russia", "NATO eastward expansion", "support")],
    },
    "ريابكوف": {
        "alice": [("Sergei Ryabkov", "Ukraine joining NATO", "oppose")],
    },
}
CANONICAL = {"Moscow": "Russia", "invade Ukraine": "Russian invasion of Ukraine"}


@pytest.fixture
def demo(project):
    project.import_registry(DEMO / "registry.yaml")
    project.ingest([str(DEMO / "articles")])
    return project


def statement_id(project: Project, piece: str) -> int:
    [found] = [statement.id for statement in project.statements() if piece in statement.text]
    return found


def annotate(project: Project, labels: dict) -> None:
    """Store each annotator's claims and decision, one transaction per statement, as an
    annotator would."""
    store = project.store
    for piece, by in labels.items():
        statement = statement_id(project, piece)
        with store.transaction():
            for annotator, claims in by.items():
                for actor, target, stance in claims:
                    store.add_claim(
                        statement, project.actor(actor).id, project.target(target).id, stance,
                        origin=f"human:{annotator}",
                    )
                store.record_decision(statement, annotator, "claims" if claims else "no_claim")


@pytest.fixture
def labelled(demo):
    annotate(demo, LABELS)
    return demo


# --- reference figures, computed here from LABELS with the reference libraries ------------------


def stance_table(labels: dict, annotators: list[str]) -> dict:
    """(statement piece, actor, target) → annotator → stance."""
    items: dict = {}
    for piece, by in labels.items():
        for annotator in annotators:
            for actor, target, stance in by.get(annotator, []):
                key = (piece, CANONICAL.get(actor, actor), CANONICAL.get(target, target))
                items.setdefault(key, {})[annotator] = stance
    return items


def claim_table(labels: dict, annotators: list[str]) -> dict:
    """statement piece → annotator → their claim set, written as one string."""
    table = {}
    for piece, by in labels.items():
        sets = {
            annotator: repr(
                sorted((CANONICAL.get(a, a), CANONICAL.get(t, t), s) for a, t, s in claims)
            )
            for annotator, claims in by.items()
            if annotator in annotators
        }
        if sets:
            table[piece] = sets
    return table


def reference_alpha(table: dict, annotators: list[str], value=lambda v: v) -> float:
    data = [
        [value(table[unit][a]) if a in table[unit] else np.nan for unit in table]
        for a in annotators
    ]
    return krippendorff.alpha(reliability_data=np.array(data), level_of_measurement="nominal")


def reference_kappas(table: dict, annotators: list[str]) -> dict:
    kappas = {}
    for a, b in combinations(annotators, 2):
        shared = [unit for unit in table if a in table[unit] and b in table[unit]]
        kappas[(a, b)] = (
            len(shared),
            cohen_kappa_score([table[u][a] for u in shared], [table[u][b] for u in shared]),
        )
    return kappas


def pair_counts(table: dict, annotators: list[str], label: str | None = None) -> tuple[int, int]:
    """Ordered pairs of annotators on shared units: (agreeing, all) — or, for a
    label, (both gave it, the first gave it)."""
    agree = total = 0
    for by in table.values():
        for a in annotators:
            for b in annotators:
                if a != b and a in by and b in by and (label is None or by[a] == label):
                    total += 1
                    agree += by[a] == by[b]
    return agree, total


def assert_figures_match(level, table: dict, annotators: list[str]) -> None:
    """Alpha, observed agreement and each pair's kappa as the reference libraries (and pair
    counting) give them."""
    assert level.alpha == pytest.approx(reference_alpha(table, annotators))
    agree, total = pair_counts(table, annotators)
    assert level.observed == pytest.approx(agree / total)
    expected = reference_kappas(table, annotators)
    assert len(level.pairs) == len(expected)
    for pair in level.pairs:
        shared, kappa = expected[pair.annotators]
        assert (pair.shared, pair.kappa, pair.note) == (shared, pytest.approx(kappa), None)


# --- agreement ------------------------------------------------------------------------------


def test_stance_agreement_matches_scikit_learn_and_krippendorff_with_missing_labels(labelled):
    result = labelled.agreement()
    names = ["alice", "bob", "carol"]
    table = stance_table(LABELS, names)
    assert result.annotators == names
    assert result.stance.units == len(table) == 11
    assert result.stance.coverage == {"1": 2, "2": 5, "3+": 4}
    assert_figures_match(result.stance, table, names)


def test_per_label_figures_are_one_vs_rest_alpha_specific_agreement_and_counts(labelled):
    result = labelled.agreement()
    names = ["alice", "bob", "carol"]
    table = stance_table(LABELS, names)
    assert [row.label for row in result.per_label] == ["support", "oppose", "neutral"]
    for row in result.per_label:
        assert row.alpha == pytest.approx(
            reference_alpha(table, names, value=lambda v: float(v == row.label))
        )
        both, given = pair_counts(table, names, row.label)
        assert row.specific == pytest.approx(both / given)
        assert row.counts == {
            a: sum(by.get(a) == row.label for by in table.values()) for a in names
        }
    assert result.per_label[1].counts == {"alice": 6, "bob": 4, "carol": 4}


def test_whole_claim_agreement_takes_each_statements_claim_set_as_the_category(labelled):
    result = labelled.agreement()
    names = ["alice", "bob", "carol"]
    table = claim_table(LABELS, names)
    assert result.claims.units == 9
    assert result.claims.coverage == {"1": 1, "2": 2, "3+": 6}
    assert_figures_match(result.claims, table, names)


def test_agreement_of_chosen_annotators_only(labelled):
    result = labelled.agreement(["carol", "alice"])
    names = ["alice", "carol"]
    assert result.annotators == names
    assert_figures_match(result.stance, stance_table(LABELS, names), names)
    assert_figures_match(result.claims, claim_table(LABELS, names), names)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_labels_with_gaps_give_the_reference_figures(demo, seed):
    """Four annotators, each skipping about a third of the items at random."""
    rng = np.random.default_rng(seed)
    statements = [statement.id for statement in demo.statements()]
    targets = [target.name for target in demo.targets()]
    labels, names = ["support", "oppose", "neutral"], ["ann", "ben", "cai", "dot"]
    table = {}
    with demo.store.transaction():
        for statement in statements:
            for target in rng.choice(targets, size=2, replace=False):
                for annotator in names:
                    if rng.random() < 0.35:
                        continue
                    stance = str(rng.choice(labels))
                    demo.store.add_claim(
                        statement, demo.actor("Russia").id, demo.target(target).id, stance,
                        origin=f"human:{annotator}",
                    )
                    table.setdefault((statement, target), {})[annotator] = stance
    result = demo.agreement()
    assert result.stance.units == len(table)
    assert_figures_match(result.stance, table, names)
    for row in result.per_label:
        assert row.alpha == pytest.approx(
            reference_alpha(table, names, value=lambda v: float(v == row.label))
        )


def test_claims_without_an_actor_are_items_too(demo, run):
    peskov = statement_id(demo, "Peskov denied")
    target = demo.target("Russian invasion of Ukraine").id
    with demo.store.transaction():
        for annotator, stance in (("alice", "oppose"), ("bob", "neutral")):
            demo.store.add_claim(peskov, None, target, stance, origin=f"human:{annotator}")
    [pair] = demo.agreement().stance.pairs
    assert (pair.shared, pair.observed) == (1, 0.0)
    [item] = demo.adjudicate_queue().queue
    assert (item.actor, item.target) == (None, "Russian invasion of Ukraine")
    result = run(
        "adjudicate", "resolve", peskov, "--target", "invade Ukraine", "--stance", "oppose",
        "--annotator", "dana",
    )
    assert (
        result.output
        == f"Statement {peskov} · (no actor) · Russian invasion of Ukraine: gold oppose.\n"
    )
    assert gold(demo) == {
        (peskov, None, "Russian invasion of Ukraine"): (
            "oppose", "adjudicated", "adjudicator: dana",
        )
    }


def test_agreement_json_output_is_exact(labelled, run):
    names = ["alice", "bob"]
    stance, claims = stance_table(LABELS, names), claim_table(LABELS, names)
    r = lambda value: round(float(value), 4)  # noqa: E731
    [(shared, kappa)] = reference_kappas(stance, names).values()
    [(claim_shared, claim_kappa)] = reference_kappas(claims, names).values()
    agree, total = pair_counts(stance, names)
    claim_agree, claim_total = pair_counts(claims, names)

    def per_label(label):
        alpha = reference_alpha(stance, names, value=lambda v: float(v == label))
        both, given = pair_counts(stance, names, label)
        return {
            "label": label,
            "counts": {a: sum(by.get(a) == label for by in stance.values()) for a in names},
            "specific": r(both / given), "alpha": r(alpha), "note": None,
        }

    expected = {
        "annotators": names,
        "labels": ["support", "oppose", "neutral"],
        "stance": {
            "unit": "item", "units": 10, "coverage": {"1": 2, "2": 8, "3+": 0},
            "observed": r(agree / total), "alpha": r(reference_alpha(stance, names)), "note": None,
            "pairs": [
                {
                    "annotators": names, "shared": shared, "observed": r(agree / total),
                    "kappa": r(kappa), "note": None,
                }
            ],
        },
        "per_label": [per_label(label) for label in ("support", "oppose", "neutral")],
        "claims": {
            "unit": "statement", "units": 9, "coverage": {"1": 1, "2": 8, "3+": 0},
            "observed": r(claim_agree / claim_total), "alpha": r(reference_alpha(claims, names)),
            "note": None,
            "pairs": [
                {
                    "annotators": names, "shared": claim_shared,
                    "observed": r(claim_agree / claim_total), "kappa": r(claim_kappa), "note": None,
                }
            ],
        },
    }
    result = run("agreement", "--annotators", "alice,bob", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output) == expected


def test_too_little_overlap_is_said_not_computed(demo, run):
    annotate(
        demo,
        {
            "Peskov denied": {"alice": [("Russia", "Russian invasion of Ukraine", "oppose")]},
            "officials warned": {
                "dave": [("United States", "Russian invasion of Ukraine", "oppose")]
            },
        },
    )
    result = run("agreement", "--format", "json")
    figures = json.loads(result.output)
    assert result.exit_code == 0
    assert (figures["stance"]["alpha"], figures["stance"]["note"]) == (
        None,
        "no item labelled by two annotators",
    )
    assert figures["stance"]["pairs"] == [
        {
            "annotators": ["alice", "dave"], "shared": 0, "observed": None, "kappa": None,
            "note": "no item labelled by both",
        }
    ]
    assert figures["claims"]["note"] == "no statement decided by two annotators"
    table = run("agreement").output
    assert "stance (items): no item labelled by two annotators\n" in table
    assert "stance (items), alice · dave: no item labelled by both\n" in table
    assert "nan" not in table.lower()


def test_one_label_only_leaves_kappa_and_alpha_undefined_with_a_reason(demo, run):
    claim = [("Russia", "Russian invasion of Ukraine", "oppose")]
    annotate(
        demo,
        {
            "Peskov denied": {"alice": claim, "bob": claim},
            "تنفي موسكو": {"alice": claim, "bob": claim},
        },
    )
    with pytest.warns(Warning):  # what the reference library does: a warning and NaN
        assert np.isnan(cohen_kappa_score(["oppose", "oppose"], ["oppose", "oppose"]))
    result = demo.agreement()
    assert (result.stance.alpha, result.stance.observed) == (None, 1.0)
    assert result.stance.note == "undefined: one stance only on the shared items"
    [pair] = result.stance.pairs
    assert (pair.shared, pair.observed, pair.kappa) == (2, 1.0, None)
    assert "undefined: one stance only" in run("agreement").output


def test_an_unknown_annotator_is_refused_with_the_nearest_names(labelled, run):
    result = run("agreement", "--annotators", "alice,bbo")
    assert result.exit_code == 1
    assert (
        result.output
        == "Error: No annotator named 'bbo'. Did you mean 'bob'? Annotators: alice, bob, carol.\n"
    )
    with pytest.raises(NotFound, match="Annotators: alice, bob, carol"):
        labelled.agreement(["zed"])


# --- adjudication -------------------------------------------------------------------------------


def gold(project: Project) -> dict:
    return {(c.statement_id, c.actor, c.target): (c.stance, c.gold_method, c.note)
            for c in project.store.claims(origin="gold")}


def test_unanimous_items_become_gold_and_the_rest_queue_largest_disagreement_first(labelled, run):
    result = run("adjudicate", "auto")
    assert result.output.splitlines()[0] == "Gold claims made: 3 unanimous, 0 single."
    s = lambda piece: statement_id(labelled, piece)  # noqa: E731
    assert gold(labelled) == {
        (s("The Kremlin said"), "Russia", "NATO eastward expansion"): ("oppose", "unanimous", None),
        (s("تنفي موسكو"), "Russia", "Russian invasion of Ukraine"): ("oppose", "unanimous", None),
        (s("foreign minister said"), "Ukraine", "Ukraine joining NATO"): (
            "support", "unanimous", None,
        ),
    }
    queue = json.loads(run("adjudicate", "queue", "--format", "json").output)
    assert [
        (
            row["statement_id"],
            row["actor"],
            row["target"],
            [(o["stance"], o["annotators"]) for o in row["options"]],
        )
        for row in queue
    ] == [
        (
            s("Stoltenberg"),
            "NATO",
            "Ukraine joining NATO",
            [("support", ["alice"]), ("oppose", ["bob"]), ("neutral", ["carol"])],
        ),
        (
            s("Peskov denied"),
            "Dmitry Peskov",
            "Russian invasion of Ukraine",
            [("oppose", ["alice", "bob"]), (None, ["carol"])],
        ),
        (
            s("Peskov denied"),
            "Russia",
            "Russian invasion of Ukraine",
            [("oppose", ["carol"]), (None, ["alice", "bob"])],
        ),
        (
            s("ready to discuss"),
            "United States",
            "security talks with Russia",
            [("support", ["alice", "carol"]), ("neutral", ["bob"])],
        ),
        (
            s("officials warned"),
            "United States",
            "Russian invasion of Ukraine",
            [("oppose", ["alice", "carol"]), (None, ["bob"])],
        ),
        (
            s("Stoltenberg"),
            "NATO",
            "Russian invasion of Ukraine",
            [("neutral", ["alice", "bob"]), (None, ["carol"])],
        ),
        (
            s("قال الكرملين"),
            "Russia",
            "NATO eastward expansion",
            [("support", ["bob"]), ("oppose", ["alice"])],
        ),
    ]
    assert queue[-1]["text"].startswith("قال الكرملين")
    assert labelled.adjudicate_queue().single[0].actor == "Sergei Ryabkov"


def test_running_the_adjudication_again_changes_nothing(labelled, run):
    run("adjudicate", "auto", "--single")
    peskov = statement_id(labelled, "Peskov denied")
    run(
        "adjudicate",
        "resolve",
        peskov,
        "--actor",
        "Dmitry Peskov",
        "--target",
        "Russian invasion of Ukraine",
        "--stance",
        "oppose",
        "--annotator",
        "dana",
    )
    before = labelled.store.claims()
    assert run("adjudicate", "auto", "--single").output.splitlines()[0] == (
        "Gold claims made: 0 unanimous, 0 single."
    )
    again = run(
        "adjudicate",
        "resolve",
        peskov,
        "--actor",
        "بيسكوف",
        "--target",
        "invade Ukraine",
        "--stance",
        "oppose",
        "--annotator",
        "dana",
    )
    assert (
        again.output
        == f"Statement {peskov} · Dmitry Peskov · Russian invasion of Ukraine: gold oppose "
        "(unchanged).\n"
    )
    assert labelled.store.claims() == before


def test_single_items_become_gold_only_when_asked(labelled):
    assert labelled.adjudicate_auto() == {"unanimous": 3, "single": 0}
    ryabkov = (statement_id(labelled, "ريابكوف"), "Sergei Ryabkov", "Ukraine joining NATO")
    assert ryabkov not in gold(labelled)
    assert labelled.adjudicate_auto(unanimous=False, single=True) == {"unanimous": 0, "single": 1}
    assert gold(labelled)[ryabkov] == ("oppose", "single", None)


def test_a_ruling_becomes_a_gold_claim_naming_its_adjudicator(labelled, run):
    stoltenberg = statement_id(labelled, "Stoltenberg")
    result = run(
        "adjudicate",
        "resolve",
        stoltenberg,
        "--actor",
        "Stoltenberg",
        "--target",
        "Ukraine joining",
        "--stance",
        "oppose",
        "--annotator",
        "dana",
    )
    assert (result.exit_code, result.output) == (
        0,
        f"Statement {stoltenberg} · NATO · Ukraine joining NATO: gold oppose.\n",
    )
    assert gold(labelled) == {
        (stoltenberg, "NATO", "Ukraine joining NATO"): (
            "oppose",
            "adjudicated",
            "adjudicator: dana",
        )
    }
    assert [
        item.target
        for item in labelled.adjudicate_queue().queue
        if item.statement_id == stoltenberg
    ] == ["Russian invasion of Ukraine"]


def test_ruling_no_claim_takes_the_item_out_of_the_queue_and_a_later_stance_replaces_it(
    labelled, run
):
    peskov = statement_id(labelled, "Peskov denied")
    item = (
        "adjudicate",
        "resolve",
        peskov,
        "--actor",
        "Russia",
        "--target",
        "Russian invasion of Ukraine",
        "--annotator",
        "dana",
    )
    assert (
        run(*item, "--no-claim").output
        == f"Statement {peskov} · Russia · Russian invasion of Ukraine: not a claim.\n"
    )
    assert run(*item, "--no-claim").output.endswith("not a claim (unchanged).\n")
    assert (peskov, "Russia", "Russian invasion of Ukraine") not in [
        (i.statement_id, i.actor, i.target) for i in labelled.adjudicate_queue().queue
    ]
    assert gold(labelled) == {}
    run(*item, "--stance", "oppose")
    assert gold(labelled) == {
        (peskov, "Russia", "Russian invasion of Ukraine"): (
            "oppose",
            "adjudicated",
            "adjudicator: dana",
        )
    }
    assert labelled.store.conn.execute("SELECT count(*) FROM rejections").fetchone()[0] == 0


@pytest.mark.parametrize(
    "change, message",
    [
        (
            ("--actor", "Rusia"),
            "Error: No actor named 'Rusia'. Did you mean 'Russia' or 'Russian'? List them with "
            "'claims actors list'.\n",
        ),
        (
            ("--stance", "suport"),
            "Error: Unknown stance 'suport'. Did you mean 'support'? The labels are: support, "
            "oppose, neutral.\n",
        ),
        (("--annotator", " "), "Error: The adjudicator name is empty.\n"),
        (
            ("statement", "999"),
            "Error: No statement with id 999. List statements with 'claims statements'.\n",
        ),
        (
            ("--target", "Ukraine joining NATO"),
            "Error: No annotator gave a claim on Russia · Ukraine joining NATO in statement "
            "{peskov}; its claims are on: Dmitry Peskov · Russian invasion of Ukraine; "
            "Russia · Russian invasion of Ukraine.\n",
        ),
    ],
)
def test_bad_names_in_a_ruling_are_refused_in_one_line_and_store_nothing(
    labelled, run, change, message
):
    peskov = statement_id(labelled, "Peskov denied")
    options = {
        "statement": peskov,
        "--actor": "Russia",
        "--target": "Russian invasion of Ukraine",
        "--stance": "oppose",
        "--annotator": "dana",
    }
    options[change[0]] = change[1]
    statement = options.pop("statement")
    result = run(
        "adjudicate", "resolve", statement, *[part for pair in options.items() for part in pair]
    )
    assert (result.exit_code, result.output) == (1, message.format(peskov=peskov))
    assert gold(labelled) == {}


def test_a_ruling_without_its_parts_is_a_usage_error(labelled, run):
    assert (
        run(
            "adjudicate", "resolve", 3, "--target", "NATO expansion", "--annotator", "dana"
        ).exit_code
        == 2
    )
    assert (
        run(
            "adjudicate",
            "resolve",
            3,
            "--target",
            "NATO expansion",
            "--annotator",
            "dana",
            "--stance",
            "oppose",
            "--no-claim",
        ).exit_code
        == 2
    )
    assert (
        run("adjudicate", "resolve", 3, "--stance", "oppose", "--annotator", "dana").exit_code == 2
    )
    assert run("adjudicate", "--stance", "oppose").exit_code == 2


def test_without_a_terminal_the_queue_points_to_the_scripted_form(labelled, run):
    result = run("adjudicate", "work", "--annotator", "dana")
    assert result.exit_code == 1
    assert result.output == (
        "Error: The adjudication queue needs a terminal; without one, use claims adjudicate "
        "resolve STATEMENT_ID --actor A --target T --stance S --annotator NAME (list the items "
        "with 'claims adjudicate queue').\n"
    )


def test_without_an_adjudicator_the_command_says_what_waits(labelled, run):
    expected = (
        "Queue: 7 items for an adjudicator; work through them with "
        "'claims adjudicate work --annotator NAME', or list them with 'claims adjudicate queue'.\n"
        "3 unanimous items can become gold with 'claims adjudicate auto'.\n"
        "1 item with a single annotator can become gold with 'claims adjudicate auto --single'.\n"
    )
    assert run("adjudicate").output == expected
    assert run("adjudicate", "status").output == expected


def _adjudicating_in_a_terminal(labelled) -> pexpect.spawn:
    """``claims adjudicate work`` in a real terminal, the unanimous items already gold."""
    labelled.adjudicate_auto()
    labelled.close()
    env = {**os.environ, "CLAIMS_BIDI": "0", "COLUMNS": "100"}
    return pexpect.spawn(sys.executable, ["-m", "claims", "adjudicate", "work", "--annotator",
                                          "dana"], cwd=str(ROOT), env=env, encoding="utf-8",
                         timeout=30)


def test_escape_then_enter_at_a_ruling_is_nothing_typed_and_never_echoed(labelled):
    child = _adjudicating_in_a_terminal(labelled)
    for typed in ("\x1b", "\x1b[A"):  # Escape, an arrow key: as if nothing was typed
        child.expect("s to skip, q to quit: ")
        child.sendline(typed)
        child.expect("  (.*)\r\n")
        assert child.match.group(1) == "Nothing typed: type a number, a label, s or q."
    child.expect("s to skip, q to quit: ")
    child.sendline("x\x16\x18")  # Ctrl-V Ctrl-X: a control character in the answer
    child.expect("  (.*)\r\n")
    assert child.match.group(1).startswith("'x<Ctrl-X>' is not a choice.")
    child.sendline("q")
    child.expect("0 ruled; 7 items left in the queue.")


def test_the_queue_in_a_real_terminal_saves_each_ruling_at_once(labelled):
    child = _adjudicating_in_a_terminal(labelled)
    child.expect(r"\[1/7\] statement \d+ · article \d+ Kremlin demands")
    child.expect("before: Ukraine's foreign minister said")  # the statements around it
    child.expect("> NATO Secretary-General Jens Stoltenberg rejected")
    child.expect("NATO · Ukraine joining NATO")
    child.expect("s to skip, q to quit: ")
    child.sendline("opose")  # a typo: said so, and asked again
    child.expect(
        "'opose' is not a choice. Did you mean 'oppose'\\? Type a number, a label, s or q."
    )
    child.expect("s to skip, q to quit: ")
    child.sendline("Oppose")  # a label in another case is that label
    child.expect("Saved: oppose.")
    child.expect(r"\[2/7\]")
    child.sendline("s")
    child.expect(r"\[3/7\]")
    child.expect(r"2  no claim   alice, bob")
    child.sendline("2")
    child.expect("Saved: no claim.")
    child.expect(r"\[4/7\]")
    child.sendline("q")
    child.expect("2 ruled; 5 items left in the queue.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    with Project(os.environ["CLAIMS_DB"]) as project:
        stoltenberg = statement_id(project, "Stoltenberg")
        assert gold(project)[(stoltenberg, "NATO", "Ukraine joining NATO")] == (
            "oppose",
            "adjudicated",
            "adjudicator: dana",
        )
        assert [
            tuple(row) for row in project.store.conn.execute("SELECT adjudicator FROM rejections")
        ] == [("dana",)]


def test_claims_starts_without_loading_scikit_learn():
    code = "import sys, claims.cli; print('sklearn' in sys.modules, 'krippendorff' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout == "False False\n"


def test_auto_makes_only_the_kinds_asked_for(labelled, run):
    result = run("adjudicate", "auto", "--no-unanimous", "--single")
    assert result.output.splitlines()[0] == "Gold claims made: 0 unanimous, 1 single."


def test_the_queue_carries_the_statements_around_each_item(labelled, run):
    queue = json.loads(run("adjudicate", "queue", "--format", "json").output)
    peskov = next(row for row in queue if row["actor"] == "Dmitry Peskov")
    assert peskov["before"].startswith("The Kremlin said on Friday")
    assert peskov["after"] is not None and "Peskov" not in peskov["after"]


def test_roll_up_makes_a_person_and_its_parent_one_actor(labelled, run):
    peskov = statement_id(labelled, "Peskov denied")
    items = {(i.statement_id, i.actor) for i in labelled.adjudicate_queue().queue}
    assert {(peskov, "Dmitry Peskov"), (peskov, "Russia")} <= items
    rolled = labelled.adjudicate_queue(roll_up=True)
    assert (peskov, "Russia") not in {(i.statement_id, i.actor) for i in rolled.queue}
    assert not any(
        i.actor in ("Dmitry Peskov", "Sergei Ryabkov") for i in rolled.queue + rolled.single
    )
    assert labelled.agreement(roll_up=True).stance.observed > labelled.agreement().stance.observed
    made = run("adjudicate", "auto", "--roll-up", "--single")
    assert made.output.splitlines()[0] == "Gold claims made: 4 unanimous, 1 single."
    assert gold(labelled)[(peskov, "Russia", "Russian invasion of Ukraine")] == (
        "oppose",
        "unanimous",
        None,
    )
    ruled = run(
        "adjudicate",
        "resolve",
        peskov,
        "--actor",
        "Dmitry Peskov",
        "--target",
        "Russian invasion of Ukraine",
        "--stance",
        "neutral",
        "--annotator",
        "dana",
        "--roll-up",
    )
    assert ruled.output == (
        f"Statement {peskov} · Russia · Russian invasion of Ukraine: gold neutral.\n"
    )


def test_a_no_claim_ruling_takes_the_claims_out_of_human_tracking(labelled, run):
    warned = statement_id(labelled, "officials warned")

    def counted():
        matrix = labelled.track(origin="human").matrix
        return int(
            matrix.loc[
                (matrix["actor"] == "United States")
                & (matrix["target"] == "Russian invasion of Ukraine"),
                "total",
            ].sum()
        )

    assert counted() == 2
    labelled.adjudicate_resolve(
        warned, "United States", "Russian invasion of Ukraine", None, "dana"
    )
    assert counted() == 0
