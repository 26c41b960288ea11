"""Hostile and broken input: every case ends in one line of error or a correct
result — never a traceback, a hang, or a half-stored file."""
import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims import ClaimsError, Project
from claims.readers import MAX_ARTICLE_BYTES
from claims.text import normalize, split_sentences

BIG = MAX_ARTICLE_BYTES + 10

HOSTILE_FILES = {
    "utf16.txt": ("The minister said no.".encode("utf-16-le"), "has NUL bytes"),
    "nul.jsonl": (b'{"text": "a\x00b"}\n', "has NUL bytes"),
    "huge-line.jsonl": (b'{"text": "' + b"a" * BIG + b'"}\n', "larger than the 8 MB limit"),
    "huge.txt": (b"word " * (BIG // 5 + 1), "larger than the 8 MB limit"),
    "huge-field.csv": (b'text\n"' + b"a" * BIG + b'"\n', "larger than the 8 MB limit"),
    "nested.jsonl": (b"[" * 100_000 + b"]" * 100_000 + b"\n", "not valid JSON"),
    "nested-object.jsonl": (
        b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n",
        "not valid JSON",
    ),
    "number-text.jsonl": (b'{"text": 42}\n', "the text column 'text' is not a string"),
    "ragged.csv": (b'text,title\n"one","two","three"\n', "3 fields where the header has 2"),
    "only-chrome.txt": (
        "Headline\n\nShare\nاقرأ أيضاً:\n".encode("utf-8"),
        "no text left after removing page chrome",
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_hostile_files_are_refused_in_one_line(project, tmp_path, run, name):
    data, message = HOSTILE_FILES[name]
    (tmp_path / name).write_bytes(data)
    result = run("ingest", tmp_path / name)
    assert result.exit_code == 1, result.output
    [line] = result.stderr.splitlines()
    assert message in line and name in line
    assert project.stats()["articles"] == 0


def test_right_to_left_override_and_path_like_names_are_just_names_or_refused(project):
    with pytest.raises(ClaimsError, match="control or text-direction"):
        project.add_actor("Russia\u202e", "country")
    actor = project.add_actor("../../etc/passwd", "group")
    assert actor.name == "../../etc/passwd"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400))
def test_sentences_are_exact_trimmed_slices_of_any_text(text):
    spans = split_sentences(text)
    previous_end = 0
    for span in spans:
        piece = text[span.start:span.end]
        assert piece and piece == piece.strip() and span.start >= previous_end
        previous_end = span.end


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_normalize_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)


ARTICLE_TEXT = st.lists(
    st.sampled_from(list('abc أبت،؛؟.!?"«»\n\r\t ') + ["Mr.", "قال", "said", "Share"]), max_size=80
).map("".join)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.one_of(
            st.fixed_dictionaries({"text": ARTICLE_TEXT}), st.integers(), st.text(max_size=20)
        ),
        max_size=5,
    )
)
def test_ingest_of_any_jsonl_stores_all_or_nothing(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("jsonl")
    path = folder / "rows.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(row, ensure_ascii=False) if not isinstance(row, str) else row for row in rows
        ),
        encoding="utf-8",
    )
    with Project.init(folder / "p.db") as project:
        report = project.ingest([str(path)])
        stored = project.stats()["articles"]
        if report.errors:
            assert stored == 0 and len(report.errors) == 1 and "\n" not in report.errors[0]
        else:
            assert stored == report.articles_new >= 1
            for statement in project.statements():
                assert (
                    statement.text
                    == project.article(statement.article_id).text[statement.start : statement.end]
                )


REGISTRY_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.one_of(
    REGISTRY_VALUES,
    st.fixed_dictionaries({"actors": st.lists(st.fixed_dictionaries(
        {"name": REGISTRY_VALUES}, optional={"kind": REGISTRY_VALUES, "aliases": REGISTRY_VALUES,
                                              "parent": REGISTRY_VALUES}), max_size=3)}),
))
def test_registry_import_of_any_yaml_is_an_error_or_a_whole_import(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("registry")
    path = folder / "registry.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with Project.init(folder / "p.db") as project:
        try:
            report = project.import_registry(path)
        except ClaimsError as error:
            assert "\n" not in str(error)
            assert project.actors() == [] and project.targets() == []
        else:
            added = [c.name for c in report.changes if c.kind == "actor" and c.action == "added"]
            assert sorted(a.name for a in project.actors()) == sorted(added)  # fresh: all added
