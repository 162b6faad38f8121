"""Reading what citizens type for the permit finder: purpose, where they are, facts."""

import pytest
import yaml

from actions.forms.permit_facts import (
    compile_pattern,
    facts_from_text,
    normalise,
    purpose_from_text,
    status_from_text,
)
from actions.forms.permit_finder import STATUSES
from tests.conftest import LANGUAGES as ALL_LANGUAGES
from tests.conftest import PROJECT_DIR

WORDS = yaml.safe_load((PROJECT_DIR / "knowledge/permit_finder_words.yml").read_text("utf-8"))
RULES = yaml.safe_load((PROJECT_DIR / "knowledge/permit_finder.yml").read_text("utf-8"))
LANGUAGES = ["de", *(code for code in ALL_LANGUAGES if code != "de")]


def button_titles(response):
    """(language, title, value) of a response's buttons in domain.yml and every locale."""
    catalogs = {"de": yaml.safe_load((PROJECT_DIR / "domain.yml").read_text("utf-8"))}
    for language in LANGUAGES[1:]:
        path = PROJECT_DIR / "locales" / f"{language}.yml"
        catalogs[language] = yaml.safe_load(path.read_text("utf-8"))
    for language, catalog in catalogs.items():
        for button in catalog["responses"][response][0]["buttons"]:
            value = button["payload"].split(":")[-1].strip('"}')
            yield pytest.param(language, button["title"], value, id=f"{language}-{value}")


@pytest.mark.parametrize(
    "text, language, purpose",
    [
        # de
        ("ich will hier arbeiten", "de", "work"),
        ("Ich moechte in Deutschland arbeitn als Ingenieur", "de", "work"),
        ("zu meinem Mann", "de", "family"),
        ("Ich will zu meiner Frau nach Deutschland", "de", "family"),
        ("Ausbildung als Pflegefachkraft", "de", "training"),
        ("Studium", "de", "study"),
        ("ich will an der uni studieren", "de", "study"),
        ("Asyl", "de", "protection"),
        ("Ich suche hier eine Arbeit", "de", "job_search"),
        ("Chancenkarte", "de", "job_search"),
        ("Ich habe eine Ausbildung als Elektriker und möchte hier arbeiten", "de", "work"),
        ("ich hab in indien studiert und will jetzt arbeiten", "de", "work"),
        # en
        ("I want to work here", "en", "work"),
        ("to join my wife", "en", "family"),
        ("I want to study computer science", "en", "study"),
        ("looking for a job", "en", "job_search"),
        ("apprenticeship as a nurse", "en", "training"),
        ("I need protection, I fled the war", "en", "protection"),
        ("I have a master's degree and want to work", "en", "work"),
        # tr
        ("çalışmak istiyorum", "tr", "work"),
        ("calismak istiyorum almanyada", "tr", "work"),
        ("eşimin yanına gitmek istiyorum", "tr", "family"),
        ("üniversitede okumak istiyorum", "tr", "study"),
        ("iş arıyorum", "tr", "job_search"),
        ("mesleki eğitim yapmak istiyorum", "tr", "training"),
        ("iltica", "tr", "protection"),
        # ar
        ("أريد العمل", "ar", "work"),
        ("اريد العمل في المانيا", "ar", "work"),
        ("أريد الالتحاق بزوجي", "ar", "family"),
        ("أريد الدراسة في الجامعة", "ar", "study"),
        ("أبحث عن عمل", "ar", "job_search"),
        ("تدريب مهني", "ar", "training"),
        ("أطلب اللجوء", "ar", "protection"),
        # uk
        ("хочу працювати", "uk", "work"),
        ("хочу до чоловіка", "uk", "family"),
        ("хочу вчитися в університеті", "uk", "study"),
        ("шукаю роботу", "uk", "job_search"),
        ("професійне навчання", "uk", "training"),
        ("тимчасовий захист", "uk", "protection"),
        ("хочу работать", "uk", "work"),  # Russian, as many Ukrainians write
        # another language than the conversation's: a German word in English
        ("Ausbildung", "en", "training"),
    ],
)
def test_the_purpose_is_read_in_every_language(text, language, purpose):
    assert purpose_from_text(text, language) == purpose


@pytest.mark.parametrize(
    "text, language",
    [
        ("Hallo", "de"),
        ("Wie viel kostet das?", "de"),
        ("Indien", "de"),
        ("Ich war schon einmal hier", "de"),
        ("What are your opening hours?", "en"),
        ("merhaba, nasılsınız", "tr"),
        ("مرحبا، كيف حالك", "ar"),
        ("Привіт, як справи?", "uk"),
        ("", "de"),
    ],
)
def test_no_purpose_is_read_where_none_is_named(text, language):
    assert purpose_from_text(text, language) is None


@pytest.mark.parametrize("language, title, purpose", button_titles("utter_ask_stay_purpose"))
def test_a_typed_purpose_button_title_is_understood(language, title, purpose):
    assert purpose_from_text(title, language) == purpose


@pytest.mark.parametrize("language, title, status", button_titles("utter_ask_current_status"))
def test_a_typed_status_button_title_is_understood(language, title, status):
    assert status_from_text(title, language) == status


@pytest.mark.parametrize(
    "text, language, status",
    [
        ("I'm already here without a visa", "en", "visa_free"),
        ("I came as a tourist", "en", "visa_free"),
        ("still in my home country", "en", "abroad"),
        ("I have a residence permit", "en", "permit"),
        ("I'm here on a Schengen visa", "en", "visa"),
        ("bin visumfrei eingereist", "de", "visa_free"),
        ("ich bin noch nicht in Deutschland", "de", "abroad"),
        ("ich habe eine Duldung", "de", "other"),
        ("ich hab ein Arbeitsvisum", "de", "visa"),
        ("ich habe eine blaue karte", "de", "permit"),
        ("Almanya'dayım ama vizem yok", "tr", "visa_free"),
        ("henüz Almanya'da değilim", "tr", "abroad"),
        ("أنا في ألمانيا بدون تأشيرة", "ar", "visa_free"),
        ("ما زلت في بلدي", "ar", "abroad"),
        ("لدي إقامة", "ar", "permit"),
        ("я вже тут без візи", "uk", "visa_free"),
        ("я ще в Україні", "uk", "abroad"),
        ("маю посвідку на проживання", "uk", "permit"),
    ],
)
def test_where_the_citizen_is_is_read_in_every_language(text, language, status):
    assert status_from_text(text, language) == status


@pytest.mark.parametrize(
    "text, language",
    [("Was kostet das?", "de"), ("hello", "en"), ("teşekkürler", "tr"), ("شكرا", "ar"),
     ("дякую", "uk"), ("Ich will arbeiten", "de")],
)
def test_no_status_is_read_where_none_is_named(text, language):
    assert status_from_text(text, language) is None


@pytest.mark.parametrize(
    "text, language, facts",
    [
        ("Ich habe einen Master in Informatik und ein Jobangebot über 60.000 €", "de",
         {"degree", "job_offer", "salary"}),
        ("Hochschulabschluss, aber noch keinen Arbeitsvertrag", "de", {"degree"}),
        ("abgeschlossene Ausbildung als Elektriker", "de", {"vocational"}),
        ("ich habe keine Ausbildung", "de", set()),
        ("Ich habe Deutsch gelernt", "de", set()),
        ("Zulassung der Uni Köln", "de", {"admission"}),
        ("I have a bachelor's degree and a job offer, salary 55k EUR", "en",
         {"degree", "job_offer", "salary"}),
        ("I have a degree but no job offer yet", "en", {"degree"}),
        ("I got an admission letter from TU Munich", "en", {"admission"}),
        ("completed vocational training as a mechanic", "en", {"vocational"}),
        ("üniversite mezunuyum, iş teklifim var", "tr", {"degree", "job_offer"}),
        ("iş teklifim yok", "tr", set()),
        ("üniversiteden kabul aldım", "tr", {"admission"}),
        ("maaşım 4000 avro olacak", "tr", {"salary"}),
        ("لدي شهادة جامعية وعرض عمل", "ar", {"degree", "job_offer"}),
        ("ليس لدي عرض عمل", "ar", set()),
        ("حصلت على قبول من الجامعة", "ar", {"admission"}),
        ("الراتب 50000 يورو", "ar", {"salary"}),
        ("маю вищу освіту і пропозицію роботи, зарплата 4000 євро", "uk",
         {"degree", "job_offer", "salary"}),
        ("не маю пропозиції роботи", "uk", set()),
        ("мене зарахували до університету", "uk", {"admission"}),
        ("закінчив технікум", "uk", {"vocational"}),
        ("Hallo", "de", set()),
    ],
)
def test_facts_are_read_and_negations_respected(text, language, facts):
    assert facts_from_text(text, language) == facts


def test_a_salary_is_only_noted_never_judged():
    # no fact says whether a salary reaches a threshold: those are announced every year
    assert facts_from_text("Gehalt 45.300 €", "de") == {"salary"}
    assert facts_from_text("Gehalt 100.000 €", "de") == {"salary"}


def test_normalising_ignores_case_umlauts_apostrophes_and_arabic_variants():
    assert normalise("Ärztin") == normalise("aerztin") == "arztin"
    assert normalise("Almanya'da") == "almanyada"
    assert normalise("İŞ") == "is"
    assert normalise("أريد") == normalise("اريد")
    assert normalise("دراسة") == normalise("دراسه")


def test_the_word_lists_name_only_known_purposes_statuses_and_facts():
    for language in LANGUAGES:
        assert set(WORDS["purposes"][language]) == set(RULES["purposes"]), language
        assert set(WORDS["statuses"][language]) == set(STATUSES), language
        assert language in WORDS["not_purpose"]
    assert set(WORDS["purpose_order"]) == set(RULES["purposes"])
    assert set(WORDS["status_order"]) == set(STATUSES)
    for fact, by_language in WORDS["facts"].items():
        assert set(by_language) == set(LANGUAGES), fact


def test_every_pattern_is_a_string_and_compiles():
    """YAML reads a bare `no` as False: every pattern must stay a word."""

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                assert isinstance(item, str), repr(item)
                yield item

    for pattern in walk({k: v for k, v in WORDS.items() if k not in ("prefixes",)}):
        assert all(word.stem or word.start for word in compile_pattern(pattern)), pattern
