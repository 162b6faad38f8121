"""What every answering action needs: the conversation's language and office, and the
office facts that responses may use as placeholders (lotse_common.facts)."""

from typing import Dict, Tuple

from rasa_sdk import Tracker

from actions import settings
from actions.languages import tracker_language
from actions.office import Office, current_registry
from lotse_common import facts
from lotse_common.facts import opening_hours  # noqa: F401


def language_and_office(tracker: Tracker) -> Tuple[str, Office]:
    office = current_registry().get(tracker.get_slot("office_id"))
    return tracker_language(tracker), office


def office_facts(office: Office, language: str) -> Dict[str, str]:
    """Placeholders every response and topic answer may use."""
    return facts.office_facts(office, language, settings.KNOWLEDGE_DIR)


def latest_intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def conversation_facts(tracker: Tracker) -> Tuple[str, Office, Dict[str, str]]:
    """Language, answering office and its facts: what every answering action starts with."""
    language, office = language_and_office(tracker)
    return language, office, office_facts(office, language)
