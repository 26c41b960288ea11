import csv
import json

import pytest

from claims.cues import find_cue
from claims.text import (
    clitic_forms,
    detect_language,
    normalize,
    split_sentences,
    tokens,
)
from tests.conftest import shared


@pytest.mark.parametrize("variant, plain", [
    ("أُوكْرَانِيَا", "اوكرانيا"),        # diacritics
    ("روســـيا", "روسيا"),              # tatweel
    ("إيران", "ايران"), ("آمال", "امال"), ("ٱلله", "الله"),  # alef forms
    ("مستشفى", "مستشفي"),               # alef maksura
    ("الكرة", "الكره"),                 # taa marbuta
    ("مسؤول", "مسوول"), ("رئيس", "رييس"),  # hamza on waw and yeh
    ("٢٠٢١", "2021"), ("۲۰۲۱", "2021"),  # Arabic-Indic and Persian digits
    ("MOSCOW", "moscow"), ("ﻻ", "لا"),  # Latin case, presentation forms
])
def test_normalize_folds_spelling_variants(variant, plain):
    assert normalize(variant) == plain


def test_tokens_keep_offsets_into_the_original_text():
    text = "قالَ الرئيسُ: «لا»"
    for token in tokens(text):
        assert normalize(text[token.start:token.end]) == token.norm


def test_clitic_forms_strip_arabic_proclitics_but_not_latin_prefixes():
    assert (4, "مقابل") in clitic_forms(normalize("وبالمقابل"))
    assert (1, "موسكو") in clitic_forms(normalize("وموسكو"))
    assert clitic_forms("ballast") == ((0, "ballast"),)


@pytest.mark.parametrize("text, language", [
    ("وبالمقابل، تنفي موسكو أي نية لغزو أوكرانيا", "ar"),
    ("Moscow denies any intent to invade Ukraine, the Kremlin said.", "en"),
    ("Die Regierung hat die Flüchtlinge nicht abgewiesen und das ist gut.", "de"),
    ("12345 !!!", "und"),
])
def test_detect_language(text, language):
    assert detect_language(text) == language


def _sentences(text):
    return [text[span.start:span.end] for span in split_sentences(text)]


def test_sentences_split_at_arabic_question_mark_but_not_at_commas():
    text = "هل تغزو روسيا أوكرانيا؟ تنفي موسكو ذلك، وتتهم الغرب؛ بالتصعيد."
    assert _sentences(text) == ["هل تغزو روسيا أوكرانيا؟", "تنفي موسكو ذلك، وتتهم الغرب؛ بالتصعيد."]


def test_sentences_keep_english_abbreviations_and_initials():
    text = "Mr. Blinken met Sergei V. Lavrov in the U.S. on Friday. They talked for two hours."
    assert _sentences(text) == [
        "Mr. Blinken met Sergei V. Lavrov in the U.S. on Friday.",
        "They talked for two hours.",
    ]


def test_sentences_keep_a_quotation_with_its_speaker():
    text = 'قال ريابكوف: «لن نقبل ذلك. هذا تهديد». ثم غادر.'
    assert _sentences(text) == ['قال ريابكوف: «لن نقبل ذلك. هذا تهديد».', "ثم غادر."]
    english = '"We are ready. We will answer soon," the official said. Nothing more.'
    assert _sentences(english) == [
        '"We are ready. We will answer soon," the official said.',
        "Nothing more.",
    ]


def test_a_sentence_ending_in_a_closing_quote_ends_there_unless_its_speaker_follows():
    text = "The inquiry is “ongoing.” He said the FBI would report soon."
    assert _sentences(text) == ["The inquiry is “ongoing.”", "He said the FBI would report soon."]
    text = 'قال «سنرد قريبا.» وأضاف أن الحوار مع واشنطن مستمر منذ أسابيع.'
    assert _sentences(text) == ["قال «سنرد قريبا.»", "وأضاف أن الحوار مع واشنطن مستمر منذ أسابيع."]
    # after a sentence that is a quotation, what follows is its speaker: one sentence
    text = "“Is that all there is?” Trump said. He left."
    assert _sentences(text) == ["“Is that all there is?” Trump said.", "He left."]
    text = "«لن نغزو أوكرانيا.» قال ريابكوف للصحفيين في جنيف يوم الاثنين بعد المحادثات."
    assert _sentences(text) == [text]
    text = "“We have no plans to invade.” Deputy Foreign Minister Ryabkov told reporters."
    assert _sentences(text) == [text]
    text = "The inquiry is “ongoing.” He declined to comment."
    assert _sentences(text) == ["The inquiry is “ongoing.”", "He declined to comment."]


def test_sentence_spans_are_trimmed_slices_and_paragraphs_split():
    text = "  First line without stop\n\nSecond one. Third!  \n"
    spans = split_sentences(text)
    assert _sentences(text) == ["First line without stop", "Second one.", "Third!"]
    assert all(text[s.start:s.end] == text[s.start:s.end].strip() for s in spans)


@pytest.mark.parametrize("sentence, cue", [
    ("وبالمقابل، تنفي موسكو أي نية لغزو أوكرانيا", "تنفي"),
    ("وأضاف المسؤول: نعقد محادثات", "أضاف"),
    ("وهددت روسيا بالرد عسكرياً", "هددت"),
    ("وطالب ريابكوف الولايات المتحدة بموقف جاد", "طالب"),
    ("The Kremlin denied the report.", "denied"),
    ("Troops are massing, according to Kyiv.", "according to"),
    ("No reporting verb here.", None),
])
def test_find_cue(sentence, cue):
    found = find_cue(sentence)
    assert (found.surface if found else None) == cue
    if found:
        assert sentence[found.start:found.end] == found.surface


@pytest.mark.parametrize("text, language", [
    ("#الجرعة_الثالثة تم ✅ https://t.co/0WkLLpXu0U @SaudiMOH twitter.com/SaudiMOH/statu…", "ar"),
    ("Monarchy contradicts democracy", "en"),  # no function word: the n-gram model decides
    ("Obergrenze für Flüchtlinge", "de"),
    ("ok", "und"),
    ("@user https://example.org/x", "und"),
])
def test_short_texts_links_and_handles(text, language):
    assert detect_language(text) == language


def test_language_detection_holds_on_the_shared_tweets_and_short_english_claims():
    topics = sorted(shared("data/arabicstancex/Stance_task/test").glob("*/*.json"))[:4]
    tweets = [text for path in topics
              for text in json.loads(path.read_text(encoding="utf-8"))["text"].values()]
    claims_file = shared("data/ibm-claim-stance/claim_stance_dataset_v1.csv")
    with claims_file.open(encoding="utf-8") as handle:
        claims = [row["claims.claimCorrectedText"] for row in csv.DictReader(handle)][:600]
    assert sum(detect_language(text) == "ar" for text in tweets) / len(tweets) >= 0.99
    assert sum(detect_language(text) == "en" for text in claims) / len(claims) >= 0.98
