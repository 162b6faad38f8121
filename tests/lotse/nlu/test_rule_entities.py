"""The flows' entities from the offline spaCy pipeline (built here from the project's data)."""

import importlib.util

import pytest
from rasa.shared.nlu.training_data.message import Message

from lotse.nlu.rule_entities import RuleEntityExtractor
from tests.conftest import PROJECT_DIR


@pytest.fixture(scope="module")
def extractor(tmp_path_factory):
    spec = importlib.util.spec_from_file_location(
        "build", PROJECT_DIR / "scripts/build_entities.py"
    )
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    out = tmp_path_factory.mktemp("spacy") / "entities"
    build.build(out)
    return RuleEntityExtractor({"model": str(out)})


def entities(extractor, text):
    [message] = extractor.process([Message.build(text)])
    return {(e["entity"], e["value"]) for e in message.get("entities") or []}


@pytest.mark.parametrize(
    "text",
    [
        "Ich komme aus Indien",
        "I am from India",
        "Hindistan'dan geldim",
        "أنا من الهند",
        "Я з Індії",
        "Я з Індія",
    ],
)
def test_countries_in_every_language_become_iso_codes(extractor, text):
    found = entities(extractor, text)
    if text == "Я з Індії":  # an inflected form CLDR does not list: not guessed
        assert ("country", "IN") not in found
    else:
        assert ("country", "IN") in found


def test_titles_services_and_languages_become_their_ids(extractor):
    assert ("residence_title", "blue_card") in entities(
        extractor, "Wie bekomme ich die Blaue Karte?"
    )
    assert ("service", "extension") in entities(
        extractor, "Termin zur Verlängerung der Aufenthaltserlaubnis"
    )
    assert ("language", "tr") in entities(extractor, "bitte auf Türkisch")


def test_dates_postal_codes_email_and_booking_references_are_found_as_written(extractor):
    found = entities(extractor, "Am 15.03.2027 in 99901, maria@example.org, Nummer T-7KQ2-M9XA")
    assert found >= {
        ("date", "15.03.2027"),
        ("postal_code", "99901"),
        ("email", "maria@example.org"),
        ("booking_reference", "T-7KQ2-M9XA"),
    }


def test_entities_written_against_chinese_text_are_found(extractor):
    assert ("postal_code", "80331") in entities(extractor, "我朋友住80331，她应该去哪里")
    assert ("postal_code", "99901") in entities(extractor, "99901是我的邮编")
    assert ("date", "2027-03-15") in entities(extractor, "有效期到2027-03-15")
    # the paragraph inside a sentence as on its own ("第24条" first in a token)
    assert ("residence_title", "ukraine_protection") in entities(
        extractor, "乌克兰人按第24条拿的居留怎么续签")


def test_an_iso_date_is_found(extractor):
    assert ("date", "2027-03-15") in entities(extractor, "gültig bis 2027-03-15")


@pytest.mark.parametrize(
    "text, reference",
    [
        ("T-J6KQ-WT2M numarali randevu", "T-J6KQ-WT2M"),
        ("meine Nummer ist T-AB3C-DE4F.", "T-AB3C-DE4F"),
        ("T-J6KQ-WT2M'yi iptal", "T-J6KQ-WT2M"),
    ],
)
def test_booking_references_starting_with_a_letter_are_found_too(extractor, text, reference):
    found = {value for kind, value in entities(extractor, text) if kind == "booking_reference"}
    assert found == {reference}


def test_button_payloads_and_plain_words_get_no_entities(extractor):
    assert entities(extractor, '/inform{"service":"extension"}') == set()
    assert entities(extractor, "wann habt ihr offen") == set()


def test_a_missing_pipeline_says_how_to_build_it(tmp_path):
    missing = RuleEntityExtractor({"model": str(tmp_path / "nothing")})
    with pytest.raises(FileNotFoundError, match="build_entities.py"):
        missing.process([Message.build("Indien")])
