"""Nationality as citizens write it, in every supported language, and the demonym table."""

from collections import defaultdict

import pytest
import yaml

from actions import settings
from actions.forms.nationality import parse_nationality
from tests.conftest import LANGUAGES, PROJECT_DIR

# the countries German immigration offices see most: the table must cover them
MOST_SEEN = """DE AT CH PL RO BG HR IT GR ES FR PT NL HU CZ SK TR SY AF IQ IR UA RU BY MD GE AM AZ
KZ UZ AL XK RS BA MK ME IN PK BD LK NP CN VN PH ID TH JP KR NG GH CM KE ET ER SO SD EG MA TN DZ
LY LB JO PS SA YE US CA GB AU NZ BR MX CO VE PE AR""".split()


def table() -> dict:
    return yaml.safe_load((settings.KNOWLEDGE_DIR / "demonyms.yml").read_text(encoding="utf-8"))


def cldr_codes() -> set:
    """The codes of the NLU's country lookup, read as scripts/build_entities.py does."""
    path = PROJECT_DIR / "data" / "nlu" / "lookups" / "countries.yml"
    blocks = yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]
    return {str(block["synonym"]) for block in blocks if "synonym" in block}


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("Pakistanerin", "de", "PK"),
        ("Inder", "de", "IN"),
        ("ich bin Syrer", "de", "SY"),
        ("indisch", "de", "IN"),
        ("Tuerke", "de", "TR"),
        ("Turkin", "de", "TR"),
        ("Staatsangehörigkeit ist afghanisch", "de", "AF"),
        ("Weissrussin", "de", "BY"),
        ("Ich bin aus Palästina", "de", "PS"),
        ("I'm Nigerian", "en", "NG"),
        ("Turkish", "en", "TR"),
        ("I am a Syrian citizen", "en", "SY"),
        ("we are Afghans", "en", "AF"),
        ("I'm Türk", "en", "TR"),  # mixed languages
        ("Sri Lankan", "en", "LK"),
        ("Türk vatandaşıyım", "tr", "TR"),
        ("Hintliyim", "tr", "IN"),
        ("Pakistanlıyım", "tr", "PK"),
        ("Nijeryalı", "tr", "NG"),
        ("Suriyeli", "tr", "SY"),
        ("Türküm", "tr", "TR"),
        ("ben Alman", "tr", "DE"),
        ("PAKISTANLI", "tr", "PK"),  # capital I without a dot
        ("ABD'liyim", "tr", "US"),
        ("Beyaz Rus", "tr", "BY"),  # not also Russian
        ("أنا سوري", "ar", "SY"),
        ("سورية", "ar", "SY"),
        ("السوري", "ar", "SY"),
        ("نحن عراقيون", "ar", "IQ"),
        ("مصريّة", "ar", "EG"),  # with shadda
        ("سـوري", "ar", "SY"),  # with tatweel
        ("الماني", "ar", "DE"),  # without hamza
        ("я українка", "uk", "UA"),
        ("громадянин Індії", "uk", "IN"),
        ("індієць", "uk", "IN"),
        ("сирійка", "uk", "SY"),
        ("я з Сирії", "uk", "SY"),
        ("Я є громадянином Туреччини", "uk", "TR"),
        ("в'єтнамець", "uk", "VN"),
        ("маю німецьке громадянство", "uk", "DE"),
    ],
)
def test_answers_to_the_nationality_question(text, language, expected):
    assert parse_nationality(text, language) == expected


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("Ich bin Marokkanerin und möchte arbeiten", "de", "MA"),
        ("ich bin deutsch", "de", "DE"),
        ("als Pole brauche ich einen Titel?", "de", "PL"),
        ("I am German", "en", "DE"),
        ("as a Polish citizen what do I need", "en", "PL"),
        ("Hint vatandaşıyım, oturum lazım", "tr", "IN"),
        ("Filistin'denim", "tr", "PS"),
        ("انا تركية وبدي اقامة", "ar", "TR"),
        ("я з України, потрібен дозвіл", "uk", "UA"),
        ("я громадянка Польщі", "uk", "PL"),
    ],
)
def test_self_descriptions_in_other_messages(text, language, expected):
    assert parse_nationality(text, language, strict=True) == expected


@pytest.mark.parametrize(
    "text, language",
    [
        ("Ich spreche Deutsch", "de"),
        ("Deutsch A1", "de"),
        ("Deutsch als Fremdsprache", "de"),
        ("Wie werde ich deutscher Staatsbürger?", "de"),
        ("German A1", "en"),
        ("English course", "en"),
        ("Türkçe biliyorum", "tr"),
        ("Türkmenim", "tr"),  # Turkmen, not Turkish
        ("أتكلم التركية", "ar"),
        ("الجنسية الألمانية", "ar"),
        ("українська мова", "uk"),
        ("виїзд з Німеччини на пів року", "uk"),
    ],
)
def test_language_names_and_citizenship_topics_in_other_messages_are_no_nationality(text, language):
    assert parse_nationality(text, language, strict=True) is None


@pytest.mark.parametrize(
    "text, language",
    [
        ("I want to work here", "en"),
        ("ich möchte hier arbeiten", "de"),
        ("Deutsch und Türkisch", "de"),  # dual nationality: the form asks
        ("Ich bin Türkin und Deutsche", "de"),
        ("سوري وتركي", "ar"),
    ],
)
def test_no_or_two_nationalities_are_none(text, language):
    assert parse_nationality(text, language) is None


def test_a_country_the_nlu_found_counts_in_an_answer_or_after_from():
    assert parse_nationality("Ghana", "en", ["GH"]) == "GH"
    assert parse_nationality("I am from Ghana", "en", ["GH"], strict=True) == "GH"
    assert parse_nationality("Ich lebe in Ghana", "de", ["GH"], strict=True) is None
    assert parse_nationality("Syrien oder Türkei", "de", ["SY", "TR"]) is None


def test_a_demonym_says_more_than_a_country_where_one_lives():
    assert parse_nationality("Ich bin Syrer und lebe in Deutschland", "de", ["DE"]) == "SY"
    assert parse_nationality("Syrien, ich spreche Deutsch", "de", ["SY"]) == "SY"


def test_the_table_covers_the_most_seen_countries_in_every_language():
    demonyms = table()["demonyms"]
    assert set(MOST_SEEN) <= set(demonyms)
    for country, languages in demonyms.items():
        assert sorted(languages) == sorted(LANGUAGES), country
        assert all(languages.values()), country


def test_the_table_uses_the_iso_codes_of_the_country_lookup():
    content, codes = table(), cldr_codes()
    for section in ("demonyms", "country_names"):
        for country in content[section]:
            assert len(country) == 2 and country.isupper() and country in codes, country


def test_no_form_belongs_to_two_countries_in_one_language():
    countries = defaultdict(set)
    for section in ("demonyms", "country_names"):
        for country, languages in table()[section].items():
            for language, forms in languages.items():
                for form in forms:
                    countries[language, form.lstrip("~").casefold()].add(country)
    assert {form: found for form, found in countries.items() if len(found) > 1} == {}


def test_every_form_in_the_table_is_understood_as_an_answer():
    for section in ("demonyms", "country_names"):
        for country, languages in table()[section].items():
            for language, forms in languages.items():
                for form in forms:
                    assert parse_nationality(form.lstrip("~"), language) == country, form
