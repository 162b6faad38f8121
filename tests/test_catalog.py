"""The project's topic catalogue (knowledge/catalog.yml) keeps the shared ids and wires every
topic: an intent, a rule or form that answers it, a label for "did you mean", an answer."""

import pytest
import yaml

from actions.answers import CATALOG_TOPICS
from actions.knowledge import load_knowledge
from tests.conftest import LANGUAGES, PROJECT_DIR

CATALOG = yaml.safe_load((PROJECT_DIR / "knowledge" / "catalog.yml").read_text("utf-8"))
SHARED = yaml.safe_load((PROJECT_DIR.parent / "shared" / "topics.yml").read_text("utf-8"))
IDS = [topic for group in CATALOG["groups"].values() for topic in group]
DOMAIN = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text("utf-8"))
RULES = (PROJECT_DIR / "data" / "rules" / "answers.yml").read_text("utf-8")
LABELS = yaml.safe_load((PROJECT_DIR / "knowledge" / "labels.yml").read_text("utf-8"))["labels"]
KNOWLEDGE = load_knowledge(PROJECT_DIR / "knowledge")


def test_the_shared_ids_are_all_kept_and_none_is_listed_twice():
    shared = {t["id"] for group in SHARED.values() for t in group}
    assert shared <= set(IDS)
    assert len(IDS) == len(set(IDS))


@pytest.mark.parametrize("topic", IDS)
def test_every_topic_is_an_intent_with_a_label(topic):
    assert topic in DOMAIN["intents"]
    assert set(LABELS[topic]) == set(LANGUAGES)


@pytest.mark.parametrize("topic", CATALOG["groups"]["everyday"])
def test_every_new_topic_is_answered_from_knowledge(topic):
    assert topic in KNOWLEDGE.topics or topic in CATALOG_TOPICS
    assert f"  - intent: {topic}\n  - action: action_answer_topic" in RULES
    assert len(CATALOG["examples"][topic]) >= 2


def test_the_lost_card_documents_do_not_contradict_the_answer():
    # the answer says the police only after a theft; the list asked every citizen who lost
    # the card for a police report (two players asked "so do I have to go to the police?")
    office = yaml.safe_load((PROJECT_DIR / "office" / "musterhausen.yml").read_text("utf-8"))
    [lost] = [s for s in office["services"] if s["id"] == "lost_card"]
    police = [d["de"] for d in lost["documents"] if "Polizei" in d["de"]]
    assert police and all(d.startswith("Bei Diebstahl") for d in police)
