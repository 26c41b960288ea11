"""The annotation session, driven directly (no terminal): queue, resume, proposals,
decisions, undo, blindness; and ``claims label`` / ``claims schema`` through the CLI."""
import json
import sqlite3

import pytest

from claims import ClaimsError, Conflict, NotFound
from claims.decisions import revert
from claims.proposals import Draft, StanceGuess


@pytest.fixture
def demo(project, demo_registry):
    """The demo registry and the two demo articles (Arabic: statements 1-8, English: 9-14)."""
    project.import_registry(demo_registry)
    project.ingest([str(demo_registry.parent / "articles")])
    return project


def sid(project, fragment: str) -> int:
    [found] = [statement.id for statement in project.statements() if fragment in statement.text]
    return found


def own_claims(project, annotator="ana"):
    return [
        (c.statement_id, c.actor, c.target, c.stance)
        for c in project.store.claims(origin=f"human:{annotator}")
    ]


def all_rows(project):
    conn = project.store.conn
    return (conn.execute("SELECT * FROM claims ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM decisions ORDER BY statement_id, annotator").fetchall())


# --- queue and resume ---------------------------------------------------------------------


def test_the_queue_is_in_reading_order_and_a_new_session_resumes_after_the_last_decision(demo):
    session = demo.annotation_session("ana", article=1)
    assert session.current().statement.id == 1 and session.progress() == (0, 8)
    session.no_claim()
    session.accept(stance="oppose")
    assert session.current().statement.id == 3 and session.progress() == (2, 8)
    resumed = demo.annotation_session("ana", article=1)
    assert resumed.current().statement.id == 3 and resumed.progress() == (2, 8)
    assert (
        resumed.back() and resumed.current().statement.id == 2
    )  # earlier decisions stay reachable
    assert demo.decisions("ana") == [(1, "no_claim"), (2, "claims")]


def test_a_skipped_statement_comes_back_after_the_unseen_ones_in_a_new_session(demo):
    session = demo.annotation_session("ana", article=1)
    session.skip()
    assert session.current().statement.id == 2 and session.progress() == (0, 8)
    assert demo.annotation_session("ana", article=1).queue == [2, 3, 4, 5, 6, 7, 8, 1]


def test_skipping_a_decided_statement_keeps_its_decision(demo):
    session = demo.annotation_session("ana", article=1)
    session.no_claim()
    session.back()
    assert session.skip() is None
    assert session.current().statement.id == 2 and demo.decisions("ana") == [(1, "no_claim")]


def test_uncertain_order_puts_the_least_confident_predictions_first_then_article_order(demo):
    store = demo.store
    for statement_id, confidence in [(5, 0.9), (12, 0.4), (3, 0.6)]:
        store.add_claim(
            statement_id, store.entity_id("actor", "Russia"),
            store.entity_id("target", "Russian invasion of Ukraine"), "oppose", "model:base@1",
            confidence,
        )
    assert demo.annotation_session("ana", order="uncertain").queue == [
        12, 3, 5, 1, 2, 4, 6, 7, 8, 9, 10, 11, 13, 14,
    ]
    assert demo.annotation_session("ana", article=2, order="uncertain").queue == [
        12, 9, 10, 11, 13, 14,
    ]


def test_uncertain_order_without_predictions_is_article_order(demo):
    assert demo.annotation_session("ana", order="uncertain").queue == list(range(1, 15))


def test_random_order_is_seeded_and_limit_cuts_the_queue(demo):
    first = demo.annotation_session("ana", order="random", seed=7).queue
    assert first == demo.annotation_session("ana", order="random", seed=7).queue
    assert sorted(first) == list(range(1, 15)) and first != list(range(1, 15))
    limited = demo.annotation_session("ana", limit=3)
    assert limited.queue == [1, 2, 3] and limited.progress() == (0, 3)  # over the session's queue


@pytest.mark.parametrize("arguments, message", [
    ({"order": "newest"}, "Unknown order 'newest'; use one of: article, random, uncertain."),
    ({"limit": 0}, "The limit must be at least 1, not 0."),
    ({"annotator": "  "}, "The annotator name is empty."),
])
def test_bad_session_arguments_are_refused(demo, arguments, message):
    with pytest.raises(ClaimsError, match=f"^{message}$"):
        demo.annotation_session(**{"annotator": "ana", **arguments})


# --- proposals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fragment, actor, via, target",
    [
        ("قال الكرملين", "Russia", "Russia", "NATO eastward expansion"),
        ("تنفي موسكو", "Russia", "Russia", "Russian invasion of Ukraine"),
        (
            "سيرجي ريابكوف الحلف", "Russia", "Sergei Ryabkov", "Ukraine joining NATO",
        ),  # a person: their parent
        ("أعلنت كييف", "Ukraine", "Ukraine", "Ukraine joining NATO"),
        ("Dmitry Peskov denied", "Russia", "Dmitry Peskov", "Russian invasion of Ukraine"),
        (
            "White House official told", "United States", "United States",
            "security talks with Russia",
        ),
        ("تتواصل منذ أسابيع", None, None, None),
    ],
)
def test_the_proposal_is_the_actor_nearest_the_cue_and_the_nearest_target(
    demo, fragment, actor, via, target
):
    session = demo.annotation_session("ana")
    session.index = session.queue.index(sid(demo, fragment))
    proposal = session.current().proposal
    assert (
        proposal.actor, proposal.actor_mention.name if proposal.actor_mention else None,
        proposal.target,
    ) == (actor, via, target)
    assert proposal.stance is None  # no model in the project


def _speakers_then_proposals(project, run, article_id: int) -> list[tuple[str, str, str | None]]:
    """For each statement of the article whose speaker `claims statements --speakers`
    names as a registered actor: its text, that actor (a person through its
    parent), and the actor of the first proposal of `claims annotate`."""
    result = run("statements", "--speakers", "--article", article_id, "--format", "json")
    kinds = {actor.name: actor.kind for actor in project.actors()}
    rows = []
    for row in json.loads(result.output):
        speaker = row["speaker"]
        if speaker and speaker["registered"]:
            named = (
                speaker["parent"]
                if kinds[speaker["name"]] == "person" and speaker["parent"]
                else speaker["name"]
            )
            session = project.annotation_session("ana", article=article_id)
            session.index = session.queue.index(row["id"])
            rows.append((row["text"], named, session.current().proposal.actor))
    return rows


def test_annotate_proposes_the_speaker_that_statements_speakers_names(demo, run):
    article_id = demo.store.statement(
        sid(demo, "قال الكرملين")
    ).article_id  # ar-security-guarantees.txt
    rows = _speakers_then_proposals(demo, run, article_id)
    assert len(rows) == 7 and {named for _, named, _ in rows} == {
        "Russia", "United States", "Ukraine",
    }
    assert [(text, named) for text, named, _ in rows] == [
        (text, proposed) for text, _, proposed in rows
    ]


def test_annotate_proposes_the_speaker_on_the_example_news_article(
    project, run, demo_registry, example_article
):
    project.import_registry(demo_registry)
    project.ingest([str(example_article)])
    [article] = project.store.articles()
    rows = _speakers_then_proposals(project, run, article.id)
    assert rows and [(text, named) for text, named, _ in rows] == [
        (text, proposed) for text, _, proposed in rows
    ]


def test_the_proposed_stance_comes_from_stored_model_predictions_only(demo):
    store, statement = demo.store, sid(demo, "تنفي موسكو")
    russia, invasion = (
        store.entity_id("actor", "Russia"),
        store.entity_id("target", "Russian invasion of Ukraine"),
    )
    store.add_claim(statement, russia, invasion, "support", "human:bob")
    session = demo.annotation_session("ana")
    session.index = session.queue.index(statement)
    assert session.current().proposal.stance is None  # bob's claim is not a proposal
    store.add_claim(statement, russia, invasion, "neutral", "model:base@1", 0.55)
    store.add_claim(statement, None, invasion, "oppose", "model:base@2", 0.9)
    session.back()
    session.index = session.queue.index(statement)
    assert session.current().proposal.stance == StanceGuess("neutral", 0.55, "model:base@1")
    assert session.draft == Draft("Russia", "Russian invasion of Ukraine", "neutral")


def test_a_stance_proposal_can_be_plugged_in(demo):
    from claims.annotate import Session

    def always_oppose(statement, actor, target):
        return StanceGuess("oppose", 0.99, "model:test@0")

    session = Session(demo.store, "ana", article=1, stance_proposal=always_oppose)
    session.index = 1
    assert session.draft.stance == "oppose"
    change = session.accept()
    assert [claim.stance for claim in change.claims] == ["oppose"]


def test_the_session_is_blind_to_other_annotators(demo):
    bob = demo.annotation_session("bob", article=1)
    bob.no_claim()
    bob.accept(stance="support")
    ana = demo.annotation_session("ana", article=1)
    assert ana.current().statement.id == 1 and ana.progress() == (0, 8)
    ana.index = 1
    item = ana.current()
    assert item.recorded == () and item.decision is None and ana.draft.stance is None


# --- deciding, several claims, undo, back -------------------------------------------------------


def test_several_claims_on_one_statement_and_the_next_proposal_skips_the_used_target(demo):
    session = demo.annotation_session("ana", article=1)
    session.index = 1  # قال الكرملين … توسع حلف شمال الأطلسي
    session.accept(stance="oppose", more=True)
    assert session.current().statement.id == 2 and session.continuing
    assert session.draft == Draft("Russia", None, None)
    session.set_target("security")
    session.accept(stance="support")
    assert session.current().statement.id == 3
    assert own_claims(demo) == [(2, "Russia", "NATO eastward expansion", "oppose"),
                                (2, "Russia", "security talks with Russia", "support")]


def test_a_target_chosen_by_hand_stays_for_the_next_claim_on_the_statement(demo):
    session = demo.annotation_session("ana", article=1)
    session.index = 1  # قال الكرملين إن روسيا … توسع حلف شمال الأطلسي
    session.set_target("توسع الناتو")
    session.accept(stance="oppose", more=True)
    assert session.continuing
    assert session.draft == Draft("NATO", "NATO eastward expansion", None)  # another actor on it
    session.accept(stance="support")
    assert own_claims(demo) == [(2, "Russia", "NATO eastward expansion", "oppose"),
                                (2, "NATO", "NATO eastward expansion", "support")]
    session.back()
    assert session.draft.actor == "Russia"  # a new visit proposes afresh


def test_record_saves_several_claims_as_one_decision_and_undo_takes_them_back_together(demo):
    before = all_rows(demo)
    session = demo.annotation_session("ana", article=1)
    session.record([Draft("Russia", "NATO eastward expansion", "oppose"),
                    Draft("NATO", "Ukraine joining NATO", "neutral")])
    assert len(own_claims(demo)) == 2 and session.progress() == (1, 8)
    session.undo()
    assert (
        all_rows(demo) == before
        and session.current().statement.id == 1
        and session.progress() == (0, 8)
    )


def test_undo_removes_exactly_what_the_last_decision_recorded(demo):
    session = demo.annotation_session("ana", article=1)
    session.index = 1
    session.accept(stance="oppose", more=True)
    first = all_rows(demo)
    session.set_target("security talks with Russia")
    session.accept(stance="support")
    undone = session.undo()
    assert [claim.target for claim in undone.claims] == ["security talks with Russia"]
    assert all_rows(demo) == first
    assert session.current().statement.id == 2 and session.continuing  # back in the same visit
    session.undo()
    assert own_claims(demo) == [] and demo.decisions("ana") == []
    assert session.undo() is None


def test_deciding_again_replaces_earlier_claims_and_undo_restores_them(demo):
    session = demo.annotation_session("ana", article=1)
    session.index = 1
    session.record([Draft("Russia", "NATO eastward expansion", "oppose"),
                    Draft("Russia", "security talks with Russia", "support")])
    session.back()
    assert [claim.target for claim in session.current().recorded] == [
        "NATO eastward expansion", "security talks with Russia"]
    kept = all_rows(demo)
    session.accept(stance="neutral")
    assert own_claims(demo) == [(2, "Russia", "NATO eastward expansion", "neutral")]
    session.undo()
    assert all_rows(demo) == kept
    session.no_claim()
    assert own_claims(demo) == [] and demo.decisions("ana") == [(2, "no_claim")]
    session.undo()
    assert all_rows(demo) == kept


def test_back_stops_at_the_first_statement_and_the_end_of_the_queue_has_no_item(demo):
    session = demo.annotation_session("ana", article=1, limit=2)
    assert session.back() is False
    session.no_claim()
    session.no_claim()
    assert session.current() is None and session.draft == Draft()
    with pytest.raises(ClaimsError, match="No statement left in this session."):
        session.no_claim()
    assert session.back() and session.current().statement.id == 2


def test_a_claim_needs_an_actor_a_target_and_a_known_stance(demo):
    session = demo.annotation_session("ana", article=1)  # statement 1 mentions nothing
    with pytest.raises(ClaimsError, match=r"^The claim has no actor; choose one\.$"):
        session.accept(stance="oppose")
    session.set_actor("Russia")
    with pytest.raises(ClaimsError, match=r"^The claim has no target; choose one\.$"):
        session.accept(stance="oppose")
    session.set_target("NATO eastward expansion")
    with pytest.raises(
        ClaimsError, match=r"^The claim has no stance; choose one of: support, oppose, neutral\.$"
    ):
        session.accept()
    with pytest.raises(NotFound, match=r"^Unknown stance 'opose'\. Did you mean 'oppose'\? "
                                       r"The labels are: support, oppose, neutral\.$"):
        session.accept(stance="opose")
    assert own_claims(demo) == [] and demo.decisions("ana") == []


def test_every_decision_is_committed_when_the_call_returns(demo, tmp_path):
    session = demo.annotation_session("ana", article=1)
    session.no_claim()
    session.accept(stance="oppose")
    other = sqlite3.connect(tmp_path / "claims.db")
    assert other.execute(
        "SELECT statement_id, decision FROM decisions ORDER BY statement_id"
    ).fetchall() == [(1, "no_claim"), (2, "claims")]
    assert other.execute("SELECT origin, stance FROM claims").fetchall() == [
        ("human:ana", "oppose")
    ]


def test_revert_is_one_transaction(demo, monkeypatch):
    session = demo.annotation_session("ana", article=1)
    session.index = 1
    change = session.accept(stance="oppose")
    kept = all_rows(demo)

    def broken(rows):
        raise sqlite3.OperationalError("disk full")

    monkeypatch.setattr(demo.store, "restore_claims", broken)
    with pytest.raises(sqlite3.OperationalError):
        revert(demo.store, change)
    assert all_rows(demo) == kept


# --- choosing actors and targets ------------------------------------------------------------------


@pytest.mark.parametrize("typed, name", [
    ("1", "Russia"), ("2", "Sergei Ryabkov"),  # the statement's mentions, numbered
    ("United States", "United States"), ("Kremlin", "Russia"), ("ryab", "Sergei Ryabkov"),
    ("مُوسكو", "Russia"), ("الكرم", "Russia"), ("stoltenb", "NATO"), ("  ukraine  ", "Ukraine"),
])
def test_an_actor_is_chosen_by_number_name_alias_or_a_unique_beginning(demo, typed, name):
    session = demo.annotation_session("ana")
    session.index = session.queue.index(sid(demo, "سيرجي ريابكوف الحلف"))
    assert session.candidates("actor") == ["Russia", "Sergei Ryabkov", "Ukraine"]
    assert session.set_actor(typed) == name and session.draft.actor == name


def test_an_ambiguous_or_unknown_name_is_refused_with_the_choices(demo):
    session = demo.annotation_session("ana")
    with pytest.raises(ClaimsError, match=r"^'u' starts 2 actors \(Ukraine, United States\); "
                                          r"type more of the name\.$"):
        session.set_actor("u")
    with pytest.raises(
        NotFound,
        match=r"^No target named 'Nato expanson'\. Did you mean 'NATO expansion' or "
        r"'NATO eastward expansion'\? "
        r"List them with 'claims targets list'\.$",
    ):
        session.set_target("Nato expanson")
    assert session.draft == session.current().proposal.draft()


def test_completion_matches_latin_and_arabic_beginnings_mentioned_first(demo):
    session = demo.annotation_session("ana")
    session.index = session.queue.index(sid(demo, "أعلنت كييف"))
    assert [choice.name for choice in session.complete("actor", "")][:2] == ["Ukraine", "NATO"]
    assert [choice.name for choice in session.complete("target", "توسع")] == [
        "NATO eastward expansion"
    ]
    assert [choice.name for choice in session.complete("target", "east")] == [
        "NATO eastward expansion"
    ]
    assert [choice.name for choice in session.complete("actor", "اوكران")] == ["Ukraine"]


def test_a_new_actor_added_on_the_spot_is_in_the_claim_and_found_in_the_text(demo):
    session = demo.annotation_session("ana", article=1)
    session.index = 2  # وأكد المتحدث باسم الكرملين دميتري بيسكوف أن موسكو لا تنوي مهاجمة أي دولة
    name = session.add_entity(
        "actor", " Kremlin spokesman office ", "organisation", ["المتحدث باسم الكرملين"],
        parent="Russia",
    )
    assert name == "Kremlin spokesman office" and session.draft.actor == name
    assert "Kremlin spokesman office" in session.candidates("actor")
    assert demo.actor("المتحدث باسم الكرملين").parent == "Russia"
    assert "Kremlin spokesman office" in [
        m.name for m in demo.mentions(session.current().statement)
    ]
    with pytest.raises(Conflict):
        session.add_entity("target", "invasion", "topic", ["غزو أوكرانيا"])


# --- claims label, schema -------------------------------------------------------------------------


def test_label_records_a_claim_of_a_person(demo, run):
    result = run(
        "label", 12, "--actor", "Kremlin", "--target", "invade Ukraine", "--stance", "oppose",
        "--annotator", "ana", "--note", "denies",
    )
    assert result.exit_code == 0
    assert (
        result.output == "Saved #12: Russia · Russian invasion of Ukraine · oppose (human:ana).\n"
    )
    [claim] = demo.store.claims(origin="human:ana")
    assert claim.note == "denies" and demo.decisions("ana") == [(12, "claims")]
    run(
        "label", 12, "--actor", "Russia", "--target", "NATO expansion", "--stance", "oppose",
        "--annotator", "ana",
    )
    assert len(own_claims(demo)) == 2  # a second claim, the first one stays


@pytest.mark.parametrize(
    "arguments, message",
    [
        (
            ["12", "--actor", "Rusia"],
            "Error: No actor named 'Rusia'. Did you mean 'Russia' or 'Russian'? "
            "List them with 'claims actors list'.",
        ),
        (
            ["12", "--target", "invasion of Ukrain"],
            "Error: No target named 'invasion of Ukrain'. Did you mean "
            "'invasion of Ukraine' or 'Russian invasion of Ukraine' or "
            "'invade Ukraine'? List them with 'claims targets list'.",
        ),
        (
            ["12", "--stance", "against"],
            "Error: Unknown stance 'against'. The labels are: support, oppose, neutral.",
        ),
        (["999"], "Error: No statement with id 999. List statements with 'claims statements'."),
        (["12", "--annotator", " "], "Error: The annotator name is empty."),
    ],
)
def test_label_refuses_bad_input_with_one_line_and_stores_nothing(demo, run, arguments, message):
    given = {
        "--actor": "Russia", "--target": "Russian invasion of Ukraine", "--stance": "oppose",
        "--annotator": "ana",
    }
    for option in arguments[1::2]:
        given.pop(option)
    extra = [part for option, value in given.items() for part in (option, value)]
    result = run("label", *arguments, *extra)
    assert (result.exit_code, result.output) == (1, message + "\n")
    assert (
        demo.store.claims() == []
        and demo.store.conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0
    )


def test_label_no_claim_records_the_decision_and_removes_the_annotators_claims(demo, run):
    run(
        "label", 12, "--actor", "Russia", "--target", "NATO expansion", "--stance", "oppose",
        "--annotator", "ana",
    )
    result = run("label", 12, "--no-claim", "--annotator", "ana")
    assert (result.exit_code, result.output) == (0, "Saved #12: no claim (human:ana).\n")
    assert own_claims(demo) == [] and demo.decisions("ana") == [(12, "no_claim")]
    mixed = run("label", 12, "--no-claim", "--stance", "oppose", "--annotator", "ana")
    assert (mixed.exit_code, mixed.output) == (
        2, "Error: --no-claim takes no --stance (claims label --help)\n")
    partial = run("label", 12, "--actor", "Russia", "--annotator", "ana")
    assert (partial.exit_code, partial.output) == (
        2, "Error: Missing --target, --stance (or --no-claim) (claims label --help)\n")
    assert demo.decisions("ana") == [(12, "no_claim")]


def test_label_without_a_statement_id_is_a_usage_error(demo, run):
    result = run(
        "label", "--actor", "Russia", "--target", "x", "--stance", "oppose", "--annotator", "ana"
    )
    assert result.exit_code == 2 and "Missing argument 'STATEMENT_ID'" in result.output


def test_schema_show_prints_labels_with_definitions_and_the_guidelines(project, run):
    result = run("schema", "show")
    assert result.exit_code == 0
    assert "oppose" in result.output and "denies, rejects, condemns" in result.output
    assert "# Annotation guidelines" in result.output
    data = __import__("json").loads(run("schema", "show", "--format", "json").output)
    assert [label["label"] for label in data[0]["labels"]] == ["support", "oppose", "neutral"]


def test_set_labels_reorders_keeps_definitions_and_refuses_removing_used_labels(demo, run):
    result = run("schema", "set-labels", "oppose,support,neutral,unrelated")
    assert (result.exit_code, result.output) == (
        0,
        "Stance labels: oppose, support, neutral, unrelated.\n",
    )
    assert (
        demo.labels()[0].description.startswith("The actor denies")
        and demo.labels()[3].description == ""
    )
    run(
        "label", 12, "--actor", "Russia", "--target", "invade Ukraine", "--stance", "unrelated",
        "--annotator", "ana",
    )
    result = run("schema", "set-labels", "support,oppose,neutral")
    assert (result.exit_code, result.output) == (
        1,
        "Error: Cannot remove label(s) unrelated: claims use them.\n",
    )
    assert [label.name for label in demo.labels()] == ["oppose", "support", "neutral", "unrelated"]


@pytest.mark.parametrize(
    "value, message",
    [
        ("support", "Error: A schema needs at least two labels; got 1."),
        (
            "support,,oppose",
            "Error: The label '' is not a word; a label is letters, digits, _ or - (starting with "
            "a letter).",
        ),
        ("support,oppose,support", "Error: The label(s) support are given twice."),
    ],
)
def test_set_labels_refuses_bad_lists(project, run, value, message):
    result = run("schema", "set-labels", value)
    assert (result.exit_code, result.output) == (1, message + "\n")
    assert [label.name for label in project.labels()] == ["support", "oppose", "neutral"]


def test_guidelines_come_from_a_markdown_file(project, run, tmp_path):
    (tmp_path / "g.md").write_text("# Our rules\n\nتنفي → oppose.\n", encoding="utf-8")
    result = run("schema", "guidelines", tmp_path / "g.md")
    assert (result.exit_code, result.output) == (
        0,
        f"Guidelines set from {tmp_path / 'g.md'} (3 lines).\n",
    )
    assert project.guidelines() == "# Our rules\n\nتنفي → oppose.\n"
    assert "تنفي → oppose." in run("schema", "show").output
    (tmp_path / "empty.md").write_text(" \n", encoding="utf-8")
    result = run("schema", "guidelines", tmp_path / "empty.md")
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {tmp_path / 'empty.md'}: empty guidelines file\n",
    )
    result = run("schema", "guidelines", tmp_path / "missing.md")
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {tmp_path / 'missing.md'}: no such file\n",
    )


def test_annotate_outside_a_terminal_points_to_claims_label(demo, run):
    result = run("annotate", "--annotator", "ana")
    assert result.exit_code == 1
    assert result.output == (
        "Error: claims annotate needs a terminal (stdin or stdout is not a TTY); record decisions "
        "from scripts with "
        "'claims label STATEMENT_ID --actor NAME --target NAME --stance LABEL --annotator NAME'.\n"
    )
