"""The one phrase index (claims.mentions) and the matchers built on it; and that the
pure text modules never reach the store."""
import ast
from pathlib import Path

import pytest

from claims.cues import LEXICON, cue_tags
from claims.mentions import MentionFinder, Phrase, PhraseIndex, phrase_words

CLAIMS = Path(__file__).resolve().parents[1] / "claims"
PURE = (
    "text", "mentions", "cues", "registry_file", "attribution", "attribution_units",
    "attribution_en", "attribution_ar", "proposals",
)


def test_the_index_sees_through_proclitics_and_spelling_and_puts_longer_phrases_first():
    index = PhraseIndex(
        [
            Phrase(phrase_words("قال"), "say"), Phrase(phrase_words("نقلا عن"), "from"),
            Phrase(phrase_words("نقلا"), "carrying"),
        ]
    )
    words = phrase_words("وقال نقلاً عن")
    assert [(m.index, m.prefix, m.stem, m.phrase.value) for m in index.matches(words)] == [
        (0, 1, "قال", "say"), (1, 0, "نقلا", "from"), (1, 0, "نقلا", "carrying")]


def test_matching_passes_by_only_the_words_where_no_phrase_starts():
    index = PhraseIndex([Phrase(phrase_words(p), p) for p in ("قال", "نفى", "نقلا عن", "said")])
    text = "وقال الوزير إن موسكو نفت، ثم قال نقلاً عن مصدر: he said no, and nobody said yes"
    words = phrase_words(text)
    assert index.starts(words) == [0, 6, 7, 11, 15]
    every_position = [m for at in range(len(words)) for m in index.matches_at(words, at)]
    assert index.matches(words) == every_position
    assert [m.phrase.value for m in index.matches(words)] == [
        "قال", "قال", "نقلا عن", "said", "said"]


def test_the_arabic_article_is_optional_only_where_asked():
    phrase = [Phrase(phrase_words("الناتو"), "NATO")]
    words = phrase_words("والناتو وناتو")
    assert {m.index for m in PhraseIndex(phrase, article_optional=True).matches(words)} == {0, 1}
    assert {m.index for m in PhraseIndex(phrase).matches(words)} == {0}


def test_the_three_matchers_agree_on_one_word_through_a_clitic():
    text = "وتنفي موسكو"
    assert [cue.surface for cue in LEXICON.find(text)] == ["تنفي"]
    assert cue_tags(text) == ["denial:تنفي", "reporting:تنفي"]
    finder = MentionFinder([("actor", "Russia", "موسكو"), ("target", "denial", "تنفي")])
    assert [(m.kind, m.surface) for m in finder.find(text)] == [
        ("target", "تنفي"),
        ("actor", "موسكو"),
    ]


def _claims_imports(module: str) -> set[str]:
    tree = ast.parse((CLAIMS / f"{module}.py").read_text(encoding="utf-8"))
    names = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    names |= {f"claims.{alias.name}" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
              and node.module == "claims" for alias in node.names}
    names |= {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    return {name.removeprefix("claims.") for name in names if name.startswith("claims.")}


@pytest.mark.parametrize("module", PURE)
def test_a_pure_module_never_reaches_the_store(module):
    seen, todo = set(), [module]
    while todo:
        current = todo.pop()
        if current not in seen and (CLAIMS / f"{current}.py").exists():
            seen.add(current)
            todo += _claims_imports(current)
    assert "store" not in seen and "registry" not in seen and "project" not in seen


def test_an_english_possessive_is_read_through():
    finder = MentionFinder([("target", "NATO eastward expansion", "NATO expansion"),
                            ("actor", "Russia", "Kremlin"),
                            ("actor", "China", "People's Republic")])
    text = "Russia rejected NATO's expansion, the Kremlin’s aides and the People's Republic said."
    assert [(m.name, m.surface) for m in finder.find(text)] == [
        ("NATO eastward expansion", "NATO's expansion"), ("Russia", "Kremlin"),
        ("China", "People's Republic")]
