"""The origin of a claim and the one selection grammar of ``--origin``."""
from __future__ import annotations

import sqlite3

import pytest

from claims.errors import ClaimsError
from claims.records import Origin, origin_selected, select_origins

ORIGINS = ["human:ana", "human:ben", "model:baseline@1", "model:baseline@2", "import:ans", "gold"]


@pytest.mark.parametrize("text, origin", [
    ("human:ana", Origin("human", "ana")), ("model:baseline@1", Origin("model", "baseline@1")),
    ("import:ans", Origin("import", "ans")), ("gold", Origin("gold")),
    ("human:a:b", Origin("human", "a:b"))])
def test_an_origin_parses_and_formats_back(text, origin):
    assert Origin.parse(text) == origin
    assert str(origin) == text


def test_origins_are_made_by_kind():
    made = [Origin.human("ana"), Origin.model("baseline", 1), Origin.imported("ans")]
    assert list(map(str, made)) == ["human:ana", "model:baseline@1", "import:ans"]


@pytest.mark.parametrize("text", ["ana", "human:", "robot:x", "gold:x", ""])
def test_what_is_not_an_origin_is_refused(text):
    assert not Origin.is_origin(text)
    with pytest.raises(ClaimsError, match=r"^Not an origin: .*; write human:NAME, model:NAME@"):
        Origin.parse(text)


@pytest.mark.parametrize("values, selected", [
    ([], ORIGINS),
    (["all"], ORIGINS),
    (["human"], ["human:ana", "human:ben"]),
    (["gold"], ["gold"]),
    (["human:ben", "gold"], ["human:ben", "gold"]),
    (["model:*@2"], ["model:baseline@2"]),
    (["import", "model"], ["model:baseline@1", "model:baseline@2", "import:ans"]),
    (["human:an*"], ["human:ana"]),
])
def test_one_grammar_selects_kinds_origins_and_globs(values, selected):
    patterns = select_origins(values)
    assert [origin for origin in ORIGINS if origin_selected(origin, patterns)] == selected


def test_the_python_and_sql_readings_of_a_selection_agree():
    """The store matches patterns with SQLite's GLOB; ``origin_selected`` must agree with it."""
    conn = sqlite3.connect(":memory:")
    for values in (["human"], ["model:*@[12]"], ["gold", "import:ans"], ["all"], ["human:?na"]):
        for pattern in select_origins(values):
            in_sql = [origin for origin in ORIGINS
                      if conn.execute("SELECT ? GLOB ?", (origin, pattern)).fetchone()[0]]
            assert in_sql == [origin for origin in ORIGINS if origin_selected(origin, [pattern])]


def test_a_default_applies_when_nothing_is_chosen_and_repeats_go():
    assert select_origins([], ("gold", "import")) == ["gold", "import:*"]
    assert select_origins(["human", "human:*"]) == ["human:*"]


@pytest.mark.parametrize("value", ["people", "human-ana", "Human"])
def test_an_unknown_selection_names_the_grammar(value):
    with pytest.raises(ClaimsError) as error:
        select_origins([value])
    assert str(error.value) == (f"Unknown origin {value!r}; use all, a kind (human, model, import, "
                                "gold), one origin such as human:ana, or a GLOB pattern such as "
                                "'model:*'.")
