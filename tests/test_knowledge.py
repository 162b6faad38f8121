"""The topic answers: complete, chat-sized, sourced, and without invented numbers."""

import re

import pytest
import yaml

from actions.answers import CATALOG_TOPICS
from actions.knowledge import load_knowledge
from tests.conftest import LANGUAGES, PROJECT_DIR
from tests.test_legal_citations import paragraph_text, without_numbered_months

KNOWLEDGE = load_knowledge(PROJECT_DIR / "knowledge")
CATALOG = yaml.safe_load((PROJECT_DIR.parent / "shared" / "topics.yml").read_text("utf-8"))
FACTUAL = [t["id"] for t in CATALOG["procedures"] + CATALOG["practical"]]
PLACEHOLDERS = {
    "office_name", "phone", "email", "extension_lead_weeks", "card_delivery",
    # yearly figures from the office configuration (knowledge/figures.yml), never in the law
    "figure_blue_card_salary", "figure_blue_card_salary_reduced", "figure_age45_salary",
    "figure_blocked_account",
}
MAX_CHARS = 700


@pytest.mark.parametrize("topic_id", [t for t in FACTUAL if t not in CATALOG_TOPICS])
def test_every_factual_topic_has_an_answer_in_every_language(topic_id):
    topic = KNOWLEDGE.topics.get(topic_id)
    assert topic is not None, f"no knowledge/topics entry for {topic_id}"
    assert sorted(topic.answer) == sorted(LANGUAGES)


@pytest.mark.parametrize("topic", KNOWLEDGE.answers(), ids=lambda t: t.id)
def test_answers_are_chat_sized_and_use_only_office_placeholders(topic):
    for language, text in topic.answer.items():
        assert len(text) <= MAX_CHARS, f"{language}: {len(text)} characters"
        assert set(re.findall(r"{(\w*)}", text)) <= PLACEHOLDERS, language
        assert "http" not in text, f"{language}: links are added by the action"


@pytest.mark.parametrize("topic", KNOWLEDGE.answers(), ids=lambda t: t.id)
def test_every_number_in_an_answer_is_in_the_cited_law(topic):
    laws = [paragraph_text(citation) for citation in topic.basis]
    for language, text in topic.answer.items():
        text = without_numbered_months(re.sub(r"{\w*}", "", text))
        for number in re.findall(r"\d+(?:[.,]\d+)?", text):
            pattern = r"(?<!\d)" + re.escape(number) + r"(?!\d)"
            assert any(re.search(pattern, law) for law in laws), (
                f"{language}: '{number}' is not in {topic.basis}"
            )


@pytest.mark.parametrize("topic", KNOWLEDGE.answers(), ids=lambda t: t.id)
def test_citations_link_to_the_official_text(topic):
    assert topic.basis
    for citation in topic.basis:
        url = KNOWLEDGE.citation_url(citation)
        assert url and url.startswith("https://www.gesetze-im-internet.de/"), citation


def test_services_named_by_topics_exist_in_the_sample_office():
    from actions.office import load_registry

    office = load_registry(PROJECT_DIR / "office").default
    for topic in KNOWLEDGE.topics.values():
        if topic.service:
            assert office.service(topic.service), f"{topic.id}: unknown service {topic.service}"


def test_the_permit_finder_states_and_deadline_are_those_of_the_cited_paragraph():
    rules = yaml.safe_load((PROJECT_DIR / "knowledge/permit_finder.yml").read_text("utf-8"))
    visa_free = rules["visa_free_application"]
    law = " ".join(paragraph_text(visa_free["basis"]).split())
    for group in ("any_purpose", "without_employment"):
        for code, name in visa_free[group].items():
            assert name in law, f"{code}: '{name}' is not named in {visa_free['basis']}"
    assert f"innerhalb von {visa_free['deadline_days']} Tagen" in law
    assert paragraph_text(rules["visa_basis"])
    assert not set(rules["free_movement"]) & set(visa_free["any_purpose"])


def test_the_extension_answer_cites_what_it_says_about_a_pending_application():
    from actions.forms.extension import PENDING_BASIS

    law = " ".join(paragraph_text(PENDING_BASIS[0]).split())
    assert "als fortbestehend" in law and "Fiktionsbescheinigung" in law
