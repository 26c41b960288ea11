"""The learned speaker model (``claims.models.speakers``): trained from a PolNeAR-format
folder, saved with the trusted-type and hash checks, and used where speakers are found."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from claims.attribution import attribute_all
from claims.attribution_units import units
from claims.errors import ClaimsError, InputError
from claims.models import speaker_syntax
from claims.models.speaker_spans import find, propose
from claims.models.speakers import (
    context,
    cue_rates,
    features,
    load_speakers,
    save_speakers,
    train_speakers,
)
from claims.polnear import articles
from claims.predict import Resolver, attribution_rows
from claims.readers import read_articles
from claims.registry_file import Registry
from claims.text import split_sentences

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "datasets" / "demo" / "registry.yaml"
NAMES = ["Ann Lee", "Bob Stone", "Carl Diaz", "Dana Wu", "Eve Park", "Finn Ross", "Gil Moss",
         "Hana Vik", "Ivo Lund", "Jan Oort"]
TOPICS = ["taxes will rise", "the vote was close", "the plan failed", "talks will resume"]


def polnear_folder(folder: Path, articles: int = 8) -> Path:
    """A PolNeAR-format folder: "Senator NAME reckons that …" is a gold attribution
    ("reckons" is in no lexicon), "the committee reckons that …" is not, and "A bill opposed
    by Senator NAME" is one whose speaker only a proposed span (a passive agent) finds."""
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    for index in range(articles):
        sentences, gold = [], []
        for k in range(3):
            name, topic = NAMES[(index + k) % len(NAMES)], TOPICS[(index + k) % len(TOPICS)]
            sentences.append((f"Senator {name} reckons that {topic}.", f"Senator {name}", topic))
            sentences.append((f"But the committee reckons that {topic}.", None, None))
            sentences.append((f"A bill opposed by Senator {name}.", f"Senator {name}",
                              "A bill"))
        text, lines, number = "", [], 0
        for sentence, source, content in sentences:
            offset, text = len(text), text + sentence + "\n"
            if source is None:
                continue
            ids = []
            cue = "reckons" if "reckons" in sentence else "opposed"
            for kind, piece in (("Source", source), ("Cue", cue), ("Content", content)):
                number += 1
                start = offset + sentence.index(piece)
                lines.append(f"T{number}\t{kind} {start} {start + len(piece)}\t{piece}")
                ids.append(f"{kind}:T{number}")
            lines.append(f"E{len(gold) + 1}\tAttribution:T{number} {' '.join(ids)}")
            gold.append(source)
        (folder / "text" / f"article{index}.txt").write_text(text, encoding="utf-8")
        (folder / "attributions" / f"article{index}_ann1.ann").write_text(
            "\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("speakers")
    folder = polnear_folder(base / "polnear")
    return folder, save_speakers(train_speakers(folder), base / "model")


def _speakers(text: str, model=None) -> list[list[str]]:
    rows = attribute_all(text, split_sentences(text), speakers=model)
    return [[text[a.speaker_start:a.speaker_end] for a in row if a.speaker_span] for row in rows]


def test_a_trained_model_finds_speakers_of_cues_the_lexicon_lacks(trained):
    model = load_speakers(trained[1])
    assert "reckons" in model.cue_words and 0 < model.threshold < 1
    text = ("Senator Kim Ode reckons that prices will fall.\n"
            "But the committee reckons that it won't.")
    assert _speakers(text) == [[], []]  # the rules alone: no cue
    assert _speakers(text, model) == [["Senator Kim Ode"], []]
    assert model.card["articles"] == 8 and model.card["train_cpu_seconds"] >= 0


def test_a_trained_model_keeps_a_speaker_the_rules_cannot_delimit(trained):
    model = load_speakers(trained[1])
    text = "A bill opposed by Senator Kim Ode.\n"
    assert _speakers(text) == [[]]  # no rule reads a passive agent without "be"
    assert _speakers(text, model) == [["Senator Kim Ode"]]


def test_the_rules_stay_the_default_and_the_model_keeps_their_speakers(trained):
    model = load_speakers(trained[1])
    text = "Ryabkov said talks failed."
    assert _speakers(text) == _speakers(text, model) == [["Ryabkov"]]


def test_a_saved_model_refuses_changed_files_and_loads_back_the_same(trained, tmp_path):
    _, saved = trained
    card = json.loads((saved / "speakers.json").read_text(encoding="utf-8"))
    assert len(card["version"]) == 12 and card["format_version"] == 5
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("speakers.skops", "speakers.json"):
        (copy / name).write_bytes((saved / name).read_bytes())
    assert load_speakers(copy).threshold == load_speakers(saved).threshold
    assert load_speakers(copy).rates == load_speakers(saved).rates
    assert load_speakers(saved).rates["reckons"] > 0
    (copy / "speakers.skops").write_bytes((saved / "speakers.skops").read_bytes() + b"\0")
    with pytest.raises(InputError, match="changed since training"):
        load_speakers(copy)
    with pytest.raises(InputError, match="not a speaker model"):
        load_speakers(tmp_path)


def test_a_model_of_an_older_format_is_refused_with_retrain(trained, tmp_path):
    _, saved = trained
    old = tmp_path / "old"
    old.mkdir()
    (old / "speakers.skops").write_bytes((saved / "speakers.skops").read_bytes())
    card = json.loads((saved / "speakers.json").read_text(encoding="utf-8"))
    (old / "speakers.json").write_text(json.dumps({**card, "format_version": 4}), encoding="utf-8")
    with pytest.raises(InputError, match="not a speaker model of format 5; retrain it"):
        load_speakers(old)


def test_training_from_a_folder_without_annotations_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no PolNeAR annotations"):
        train_speakers(tmp_path)


def test_speakers_train_then_predict_and_statements_with_the_model(run, tmp_path):
    folder = polnear_folder(tmp_path / "polnear")
    out = tmp_path / "speakers"
    result = run("speakers", "train", folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert f"written to {out}" in result.output
    article = tmp_path / "a.txt"
    article.write_text("Senator Kim Ode reckons that Russia planned to invade Ukraine.\n",
                       encoding="utf-8")
    resolver = Resolver.of(Registry.read(REGISTRY), "test", load_speakers(out))
    rows = attribution_rows(next(iter(read_articles(str(article))[1])), resolver)
    assert [(row["actor"], row["actor_how"]) for row in rows] == [("Senator Kim Ode", "subject")]
    missing = run("--db", tmp_path / "none.db", "predict", "cues", article, "--registry",
                  REGISTRY, "--speaker-model", tmp_path / "nowhere")
    assert missing.exit_code == 1 and missing.output.startswith(f"Error: {tmp_path / 'nowhere'}")
    db = tmp_path / "claims.db"
    assert run("--db", db, "init").exit_code == 0
    assert run("--db", db, "ingest", article).exit_code == 0
    listed = run("--db", db, "statements", "--speakers", "--speaker-model", out, "--format",
                 "jsonl").output
    assert json.loads(listed.splitlines()[0])["speaker"]["written"] == "Senator Kim Ode"
    alone = run("--db", db, "statements", "--speaker-model", out)
    assert alone.exit_code == 2 and "--speaker-model goes with --speakers" in alone.output


def test_speakers_train_on_a_folder_without_annotations_is_one_line_and_exit_1(run, tmp_path):
    result = run("speakers", "train", tmp_path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.output == (f"Error: {tmp_path}: no PolNeAR annotations in it "
                             f"(attributions/*.ann)\n")


def _proposed(sentence: str, cue: str) -> tuple[str, str] | None:
    """The span and shape ``propose`` gives for the word ``cue`` of ``sentence``."""
    toks = units(sentence, 0, len(sentence))
    first = next(i for i, tok in enumerate(toks) if tok.text == cue)
    found = propose(toks, first, first + 1)
    if found is None:
        return None
    begin, end = found.speaker
    return sentence[toks[begin].start:toks[end - 1].end], found.how


@pytest.mark.parametrize(("sentence", "cue", "expected"), [
    ("Assad held on, opposed by the U.S. and its allies.", "opposed",
     ("the U.S.", "agent-by")),
    ("Trump Says He Never Pledged To Kill Families", "Says", ("Trump", "headline")),
    ("After Iowa, Bush has pinned his hopes on South Carolina.", "pinned", ("Bush", "left")),
    ("It was a blow, remembered Roy Verley, the spokesman.", "remembered",
     ("Roy Verley", "after")),
    ("While Mr. Ryan is an advocate of trade deals and wrote laws.", "wrote",
     ("Mr. Ryan", "opening")),
])
def test_where_the_rules_find_no_speaker_the_model_proposes_one_by_shape(sentence, cue,
                                                                          expected):
    assert _proposed(sentence, cue) == expected


def test_the_rules_speaker_comes_first_and_a_proposal_only_where_they_find_none():
    sentence = "The senator mused that taxes would rise."
    toks = units(sentence, 0, len(sentence))
    found = find(toks, 2, 3)
    assert (found.how, found.speaker) == ("subject", (0, 2))
    sentence = "The plan, mused Blaze co-host Stu Burguiere."
    toks = units(sentence, 0, len(sentence))
    cue = next(i for i, tok in enumerate(toks) if tok.norm == "mused")
    assert find(toks, cue, cue + 1).how in {"after-cue", "after"}


def test_the_model_weighs_a_speaker_by_what_the_rules_find_elsewhere_in_the_article():
    text = ("Trump said taxes would rise.\n"
            "Trump reckons that walls work.\n"
            "Clinton reckons that they do not.\n")
    spans = [(s.start, s.end) for s in split_sentences(text)]
    article = context(text, spans)
    assert article.heads == {"trump": 1} and "clinton" not in article.words

    def names(index: int) -> list[str]:
        toks = units(text, *spans[index])
        cue = next(i for i, tok in enumerate(toks) if tok.norm == "reckons")
        return features(toks, find(toks, cue, cue + 1), 0, article)

    assert {"rules_head=True", "head_speaks=1", "rules_here=False"} <= set(names(1))
    assert {"rules_head=False", "head_speaks=0", "rules_recent=True"} <= set(names(2))


def test_cross_validation_by_article_scores_every_held_out_fold(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "polnear_speakers", ROOT / "experiments" / "polnear_speakers.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being made
    spec.loader.exec_module(module)
    items = module.articles(polnear_folder(tmp_path / "polnear", articles=10))
    scores, seconds = module.cross_validate(items, folds=2)
    speaker = scores["speaker overlap"]
    assert speaker.gold == 60 and speaker.found == speaker.gold and seconds >= 0
    assert speaker.figures() == (1.0, 1.0, 1.0)


def test_a_cue_word_is_weighed_by_how_often_it_and_the_words_after_it_are_marked(tmp_path):
    rates = cue_rates(articles(polnear_folder(tmp_path / "polnear", articles=2)))
    # "reckons" is a gold cue in 6 of its 12 uses: 6 / (12 + 2); "committee" never is
    assert rates["reckons"] == 0.4286 and "committee" not in rates
    rates = {"claimed": 0.9, "has": 0.2}
    for sentence, ahead in (("Ann has claimed it.", 9), ("Ann has finished it.", 0)):
        toks = units(sentence, 0, len(sentence))
        found = find(toks, 1, 2)  # the cue "has"
        assert {"cue_rate=2", f"next_rate={ahead}", f"cue_next=2|{ahead}"} <= set(
            features(toks, found, 0, None, rates))
        assert not any(name.startswith("cue_rate") for name in features(toks, found, 0))


needs_syntax = pytest.mark.skipif(not speaker_syntax.available(),
                                  reason="spaCy and an English pipeline are not installed")


def _syntax(sentence: str, cue_word: str) -> set[str]:
    toks = units(sentence, 0, len(sentence))
    cue = next(i for i, tok in enumerate(toks) if tok.norm == cue_word)
    found = find(toks, cue, cue + 1)
    return set(speaker_syntax.features(speaker_syntax.parse(sentence), toks, found))


@needs_syntax
def test_syntax_tells_a_verb_taking_a_clause_and_its_subject():
    said = _syntax("Senator Ann Lee said that taxes will rise.", "said")
    assert {"syn_pos=VERB", "syn_clausal=True", "syn_rel=nsubj", "syn_ent=PERSON",
            "syn_verb=said"} <= said
    finished = _syntax("Trump has also finished on top.", "has")  # read through to its verb
    assert {"syn_verb=finished", "syn_clausal=False", "syn_rel=nsubj"} <= finished
    agent = _syntax("A bill opposed by Senator Ann Lee.", "opposed")
    assert "syn_rel=agent" in agent


@needs_syntax
def test_a_syntax_model_records_its_parser_and_is_refused_under_another(tmp_path):
    folder = polnear_folder(tmp_path / "polnear")
    saved = save_speakers(train_speakers(folder, syntax=True), tmp_path / "model")
    model = load_speakers(saved)
    assert model.syntax == speaker_syntax.identity() == model.card["syntax"]
    assert any(name.startswith("syn_rel=") for name in model.vocabulary)
    text = ("Senator Kim Ode reckons that prices will fall.\n"
            "But the committee reckons that it won't.")
    assert _speakers(text, model) == [["Senator Kim Ode"], []]
    card = json.loads((saved / "speakers.json").read_text(encoding="utf-8"))
    (saved / "speakers.json").write_text(json.dumps({**card, "syntax": "core_web_sm 0.1"}),
                                         encoding="utf-8")
    with pytest.raises(ClaimsError, match=r"core_web_sm 0\.1; .* retrain it"):
        load_speakers(saved)


def test_a_model_without_syntax_reads_no_parse(trained):
    model = load_speakers(trained[1])
    text = "Senator Kim Ode reckons that prices will fall."
    assert model.syntax is None and model.card["syntax"] is None
    assert model.reading(text, [(0, len(text))]).article.parsed is None
    assert not any(name.startswith("syn_") for name in model.vocabulary)


@needs_syntax
def test_a_verb_taking_a_clause_is_a_candidate_cue_with_a_parse():
    text = "The mayor told reporters it rained.\nOfficials recalled that the bridge fell.\n"
    parsed = speaker_syntax.parse(text)
    segment = text[36:]
    assert [(c.surface, segment[c.start:c.end]) for c in speaker_syntax.clause_cues(
        parsed, segment, frozenset())] == [("recalled", "recalled")]
    assert speaker_syntax.clause_cues(parsed, segment, frozenset({"recalled"})) == []
    assert speaker_syntax.clause_cues(parsed, "Not in the article.", frozenset()) == []
