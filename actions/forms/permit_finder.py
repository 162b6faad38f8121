"""The permit finder: nationality → purpose of stay → where the citizen is now → the matching
title (a topic answer with documents, fee paragraph, online application and appointment).

EU/EEA citizens need no title and are told so after the first question. Where the citizen is
now decides the way in: a national visa before entry, or for the states of § 41 AufenthV
entry without a visa and the application in Germany."""

from functools import lru_cache
from typing import Any, Dict, List, Optional

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import settings
from actions.answers import answer_topic, citations
from actions.context import conversation_facts, latest_intent
from actions.forms.base import LotseForm, entity_value
from actions.knowledge import current_knowledge

FORM_SLOTS = ["nationality", "stay_purpose", "current_status"]
STATUSES = ("abroad", "visa", "permit", "other")
# a question about a title, asked while the finder asks for the purpose, answers it
INTENT_PURPOSES = {
    "skilled_worker": "work",
    "blue_card": "work",
    "work_permission": "work",
    "opportunity_card": "job_search",
    "study_permit": "study",
    "vocational_training": "training",
    "family_reunion": "family",
    "refugee_status_permit": "protection",
    "ukraine_protection": "protection",
}


@lru_cache(maxsize=1)
def rules() -> Dict[str, Any]:
    path = settings.KNOWLEDGE_DIR / "permit_finder.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def needs_title(nationality: Optional[str]) -> bool:
    return nationality not in rules()["free_movement"] + rules()["swiss"]


def entry_route(nationality: str, purpose: str) -> str:
    """'visa_free' (§ 41 AufenthV) or 'visa' (national visa before entry)."""
    visa_free = rules()["visa_free_application"]
    if nationality in visa_free["any_purpose"]:
        return "visa_free"
    employment = purpose in rules()["employment_purposes"]
    if nationality in visa_free["without_employment"] and not employment:
        return "visa_free"
    return "visa"


def result_topic(nationality: str, purpose: str) -> str:
    if purpose == "protection" and nationality == "UA":
        return "ukraine_protection"
    return rules()["purposes"][purpose]


class ValidatePermitFinderForm(LotseForm):
    def name(self) -> str:
        return "validate_permit_finder_form"

    def slots(self, tracker: Tracker) -> List[str]:
        if tracker.get_slot("nationality") and not needs_title(tracker.get_slot("nationality")):
            return ["nationality"]
        return FORM_SLOTS

    def parse(self, slot: str, text: str, tracker: Tracker) -> Optional[Any]:
        if slot == "nationality":
            return entity_value(tracker, "country")  # CLDR country names, any language
        if slot == "stay_purpose":
            return INTENT_PURPOSES.get(latest_intent(tracker))
        return None

    async def validate_nationality(self, value: Any, dispatcher, tracker, domain):
        code = str(value).upper()
        if len(code) == 2 and code.isalpha():
            return {"nationality": code}
        dispatcher.utter_message(response="utter_invalid_nationality")
        return {"nationality": None}

    async def validate_stay_purpose(self, value: Any, dispatcher, tracker, domain):
        if value in rules()["purposes"]:
            return {"stay_purpose": value}
        dispatcher.utter_message(response="utter_invalid_stay_purpose")
        return {"stay_purpose": None}

    async def validate_current_status(self, value: Any, dispatcher, tracker, domain):
        if value in STATUSES:
            return {"current_status": value}
        dispatcher.utter_message(response="utter_invalid_current_status")
        return {"current_status": None}


class ActionAnswerPermitFinder(Action):
    def name(self) -> str:
        return "action_answer_permit_finder"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        reset = [SlotSet(slot, None) for slot in FORM_SLOTS]
        nationality = tracker.get_slot("nationality")
        purpose = tracker.get_slot("stay_purpose")
        if nationality in rules()["swiss"]:
            *_, facts = conversation_facts(tracker)
            dispatcher.utter_message(response="utter_swiss_citizens", **facts)
            return reset
        if not needs_title(nationality):
            answer_topic(dispatcher, tracker, "eu_citizens")
            return reset + [SlotSet("topic", "eu_citizens")]
        if not nationality or not purpose:
            return reset
        if tracker.get_slot("current_status") == "abroad":
            self._entry(dispatcher, nationality, purpose)
        topic = result_topic(nationality, purpose)
        answer_topic(dispatcher, tracker, topic)
        return reset + [SlotSet("topic", topic)]

    @staticmethod
    def _entry(dispatcher: CollectingDispatcher, nationality: str, purpose: str) -> None:
        knowledge = current_knowledge()
        visa_free = rules()["visa_free_application"]
        if entry_route(nationality, purpose) == "visa_free":
            dispatcher.utter_message(
                response="utter_entry_visa_free",
                days=str(visa_free["deadline_days"]),
                citations=citations(knowledge, [visa_free["basis"]]),
            )
        else:
            dispatcher.utter_message(
                response="utter_entry_visa", citations=citations(knowledge, [rules()["visa_basis"]])
            )
