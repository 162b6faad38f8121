"""No response reaches a citizen with an unfilled {placeholder}, in any language, for any
office. Responses uttered by actions are checked on every call in the action tests
(tests/actions/conftest.py); here: responses rules utter directly, and the topic answers."""

import pytest
import yaml

from actions.context import office_facts
from actions.knowledge import load_knowledge
from actions.office import load_registry
from tests.placeholders import PLACEHOLDER, PROJECT_DIR, catalogs, needed, slots

OFFICES = load_registry(PROJECT_DIR / "office").offices
KNOWLEDGE = load_knowledge(PROJECT_DIR / "knowledge")


def uttered_by_rules():
    names = set()
    for path in sorted((PROJECT_DIR / "data" / "rules").glob("*.yml")):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8")).get("rules") or []:
            names |= {s["action"] for s in rule.get("steps") or [] if "action" in s}
    return sorted(n for n in names if n.startswith("utter_"))


@pytest.mark.parametrize("response", uttered_by_rules())
def test_responses_uttered_by_rules_need_only_slots(response):
    # Rasa fills these from the conversation's slots alone, nothing else is passed
    for language, names in needed(response).items():
        assert names <= slots(), f"{language}: {sorted(names - slots())}"


@pytest.mark.parametrize("topic", sorted(KNOWLEDGE.topics))
def test_topic_answers_render_for_every_office_and_language(topic):
    for office in OFFICES:
        for language in catalogs():
            text = KNOWLEDGE.topics[topic].text(language).format(**office_facts(office, language))
            assert not PLACEHOLDER.search(text), (office.id, language, text)
