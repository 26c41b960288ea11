"""Demonyms in the demo registry: a country's offices speak for it, a "Russian" anything else
does not (claims.demonyms)."""

import json

import pytest

from claims.predict import Resolver, article_rows
from claims.readers import RawArticle
from claims.records import Actor
from claims.registry_file import Registry
from claims.speaker_resolution import resolve_speaker
from tests.conftest import DEMO, shared


@pytest.fixture(scope="module")
def demo() -> Registry:
    return Registry.read(DEMO / "registry.yaml")


@pytest.mark.parametrize("written, actor", [
    ("وزارة الخارجية الروسية", "Russia"),
    ("the Russian foreign ministry", "Russia"),
    ("المتحدثة باسم الخارجية الأمريكية", "United States"),
    ("American officials", "United States"),
    ("وزارة الدفاع الأوكرانية", "Ukraine"),
    ("نائب وزير الخارجية الروسي سيرجي ريابكوف", "Sergei Ryabkov"),  # the person still wins
    ("الجانب الروسي", "Russia"),  # the state itself as a party
    ("the Russian side", "Russia"),
])
def test_an_office_of_a_registered_country_speaks_for_it_through_its_demonym(demo, written, actor):
    speaker = resolve_speaker(written, demo.finder(), demo.actors)
    assert (speaker.name, speaker.registered) == (actor, True)


@pytest.mark.parametrize("written", [
    "محلل روسي", "وسائل الإعلام الروسية", "A Russian analyst", "Russian media",
    "صحفي أمريكي",
])
def test_a_demonym_qualifying_anything_but_an_office_names_no_speaker(demo, written):
    assert not resolve_speaker(written, demo.finder(), demo.actors).registered


@pytest.mark.parametrize("written, registered", [
    ("the French foreign ministry", True), ("French media", False),
    ("a Greek official", True), ("Dutch analysts", False),
])
def test_irregular_english_demonyms_are_nationalities_too(written, registered):
    alias = next(word for word in written.split() if word[0].isupper())
    registry = Registry(actors=(Actor(None, "Country", "country", None, (alias,)),))
    assert resolve_speaker(written, registry.finder(), registry.actors).registered == registered


@pytest.mark.parametrize("written, actor, kind, alias", [
    ("جماعة الحوثي", "Houthis", "group", "الحوثي"), ("Houthi rebels", "Houthis", "group", "Houthi"),
    ("Modi aide", "Narendra Modi", "person", "Modi"),
])
def test_only_a_country_alias_is_read_as_a_nationality(written, actor, kind, alias):
    registry = Registry(actors=(Actor(None, actor, kind, None, (alias,)),))
    speaker = resolve_speaker(written, registry.finder(), registry.actors)
    assert (speaker.name, speaker.registered) == (actor, True)


@pytest.mark.parametrize("text, actor", [
    ("وقالت وزارة الخارجية الروسية إن الحلف يهدد أمنها.", "Russia"),
    ("وقال بايدن إن الغزو الروسي سيكون كارثة.", "United States"),
    ("Biden said a Russian invasion would be a disaster.", "United States"),
    ("NATO rejected any Russian veto over Ukraine joining the alliance.", "NATO"),
    ("وقال محلل روسي إن الحرب قادمة.", None),
    ("الدبابات الروسية تحتشد على الحدود.", None),
    ("Russian tanks massed at the border.", None),
])
def test_russian_in_a_statement_does_not_make_russia_its_speaker(demo, text, actor):
    row = article_rows(RawArticle(text=text, where="inline"), Resolver.of(demo, "demo"))[0]
    assert (row["actor"] if row["actor_registered"] else None) == actor


def test_the_example_article_ministry_resolves_to_russia_with_the_demo_registry(demo):
    example = shared("examples/asharq-2021-12-17-us-russia-security-ar.txt")
    raw = RawArticle(text=example.read_text(encoding="utf-8"), where=example.name)
    rows = article_rows(raw, Resolver.of(demo, "demo"))
    ministry = [row for row in rows if "وزارة الخارجية الروسية" in (row["actor_written"] or "")]
    assert ministry and all(row["actor"] == "Russia" for row in ministry)


def test_the_demo_shows_a_ministry_speaking_for_russia_and_an_analyst_not(demo_registry, run):
    # the lines datasets/demo/run.sh feeds to `claims predict cues -`
    script = (DEMO / "run.sh").read_text(encoding="utf-8")
    assert "وحذرت وزارة الخارجية الروسية من توسع الناتو شرقاً." in script
    text = ("وحذرت وزارة الخارجية الروسية من توسع الناتو شرقاً.\n\n"
            "وحذر محلل روسي من توسع الناتو شرقاً.\n\n"
            "The Russian foreign ministry warned against NATO expansion.\n\n"
            "A Russian analyst warned against NATO expansion.\n")
    assert run("init").exit_code == 0 and run("registry", "import", demo_registry).exit_code == 0
    result = run("predict", "cues", "-", "--format", "jsonl", input=text)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(row["actor"], row["actor_registered"], row["stance"]) for row in rows] == [
        ("Russia", True, "oppose"), ("محلل روسي", False, "oppose"),
        ("Russia", True, "oppose"), ("A Russian analyst", False, "oppose"),
    ]
    assert {row["target"] for row in rows} == {"NATO eastward expansion"}


@pytest.mark.parametrize("written, registered", [
    ("قائد القوات الجوية السورية", True), ("الجيش العربي السوري", True),
    ("مصدر عسكري سوري", True), ("وزير الخارجية السوري وليد المعلم", True),
    # a state's title before a body of its own: the opposition's, not the state's
    ("رئيس الهيئة العليا للمفاوضات السورية", False), ("رئيس الائتلاف الوطني السوري", False),
    ("المعارضة السورية", False),
])
def test_an_arabic_demonym_speaks_for_the_state_through_the_noun_it_qualifies(written,
                                                                               registered):
    registry = Registry(actors=(Actor(None, "Syria", "country", None, ("السورية", "السوري")),))
    assert resolve_speaker(written, registry.finder(), registry.actors).registered == registered
