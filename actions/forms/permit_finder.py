"""The permit finder: nationality → purpose of stay → where the citizen is now → the likely
title(s) with their paragraphs, the way in, the office's documents, fee and online
application, and the next step — general information, never a promise.

Germans need no title at all; EU/EEA citizens (FreizügG/EU) and Swiss citizens (§ 28 AufenthV)
need none either and are told so after the first question. Asylum is not the immigration
office's: the citizen is told it is requested at the BAMF, without a question about where they
are now. What the citizen told about themselves (slot `permit_facts`: degree, job offer, ...)
refines the recommendation (actions/forms/permit_recommendation.py, knowledge/permit_finder.yml).
Nationality, purpose and facts are kept for the conversation; only the place is forgotten.
"""

import re
from typing import Any, Dict, List, Optional

from babel import Locale
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import (
    answer_topic,
    citations,
    disclaimer_given,
    next_step_and_rating,
    service_details,
)
from actions.context import conversation_facts, earlier_messages, latest_intent
from actions.forms.base import LotseForm
from actions.forms.choices import mentions, payload_value, words
from actions.forms.nationality import countries_of_origin, parse_nationality
from actions.forms.permit_facts import facts_from_text, purpose_from_text, status_from_text
from actions.forms.permit_recommendation import nationality_group, needs_title, recommend, rules
from actions.forms.reading import message_text
from actions.knowledge import current_knowledge
from actions.languages import response_buttons, tracker_language

FORM_SLOTS = ["nationality", "stay_purpose", "current_status"]
VISA_ENTRIES = {"utter_entry_visa", "utter_entry_visa_employment"}  # applied for abroad
STATUSES = ("abroad", "visa", "visa_free", "permit", "other")
FACTS_SLOT = "permit_facts"
# where the citizen is, as said in a message that did not answer that question
UNASKED_STATUSES = ("abroad", "visa_free")
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
    "asylum_request": "protection",
    "western_balkans": "work",
}


def asks_where(nationality: Optional[str], purpose: Optional[str]) -> bool:
    """Where the citizen is now matters, except for asylum (no residence-title way in)."""
    if purpose != "protection":
        return True
    return nationality in rules()["ukraine_exemption"]["nationalities"]


def still_abroad(text: str, language: str, tracker: Tracker) -> Optional[str]:
    """ "still in Lagos", "hala Türkiye'deyim", a country other than Germany: abroad."""
    vocabulary = words(language)
    countries = set(tracker.get_latest_entity_values("country"))
    in_germany = "DE" in countries or mentions(text, vocabulary["germany"])
    if not in_germany and (countries or mentions(text, vocabulary["still_in"])):
        return "abroad"
    return None


class ValidatePermitFinderForm(LotseForm):
    # "Ich bin Inderin, habe einen Master und ein Jobangebot": read from every message
    VOLUNTEERED = tuple(FORM_SLOTS)
    REMEMBERED = tuple(FORM_SLOTS)
    SKIPPABLE = {"current_status": "other"}
    INTENT = "permit_finder"

    def name(self) -> str:
        return "validate_permit_finder_form"

    def slots(self, tracker: Tracker) -> List[str]:
        nationality = tracker.get_slot("nationality")
        if nationality and not needs_title(nationality):
            return ["nationality"]
        if not asks_where(nationality, tracker.get_slot("stay_purpose")):
            return FORM_SLOTS[:2]
        return FORM_SLOTS

    def parse(self, slot: str, text: str, tracker: Tracker) -> Optional[Any]:
        language = tracker_language(tracker)
        asked = tracker.get_slot("requested_slot") == slot
        if slot == "nationality":
            entities = tracker.latest_message.get("entities") or []
            countries = countries_of_origin(entities, text)
            if language == "en":  # "im american": typed without the apostrophe
                text = re.sub(r"\bim\b", "i am", text, flags=re.IGNORECASE)
            # a country only mentioned ("I study in Germany") is no nationality
            return parse_nationality(text, language, countries, strict=not asked)
        if slot == "stay_purpose":
            # the words first: "Ausbildung als Pflegefachkraft" is training even if the NLU
            # heard a skilled worker question
            purpose = purpose_from_text(text, language)
            return purpose or (INTENT_PURPOSES.get(latest_intent(tracker)) if asked else None)
        if slot == "current_status":
            status = status_from_text(text, language) or (
                still_abroad(text, language, tracker) if asked else None
            )
            # unasked, "permit" or "visa" are mostly words of a question ("which permit?")
            return status if asked or status in UNASKED_STATUSES else None
        return None

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        """Besides the questions' slots: degree, job offer, admission, salary from every
        message of the conversation (slot `permit_facts`)."""
        events = await super().run(dispatcher, tracker, domain)
        if not events:
            return events  # the form rejects the message ("stop")
        language = tracker_language(tracker)
        texts = [message_text(tracker)] + [
            str(p.get("text") or "") for p in earlier_messages(tracker)
        ]
        known = set(tracker.get_slot(FACTS_SLOT) or [])
        found = known.union(*(facts_from_text(t, language) for t in texts if t))
        if found != known:
            events.append(SlotSet(FACTS_SLOT, sorted(found)))
        return events

    def understood(self, found: Dict[str, Any], tracker: Tracker, domain) -> List[str]:
        """ "Indien, Arbeiten": what the citizen said without being asked, as they read it."""
        language = tracker_language(tracker)
        names: List[str] = []
        for slot in FORM_SLOTS:
            if slot == "nationality" and found.get(slot):
                names.append(Locale.parse(language).territories.get(found[slot], found[slot]))
            elif found.get(slot):
                titles = {
                    payload_value(b["payload"], slot): b["title"]
                    for b in response_buttons(f"utter_ask_{slot}", language, domain)
                }
                names.append(titles.get(found[slot], ""))
        return [n for n in names if n]

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
        # nationality, purpose and facts stay for later forms; only the place is forgotten
        events: List[EventType] = [SlotSet("current_status", None)]
        nationality = tracker.get_slot("nationality")
        purpose = tracker.get_slot("stay_purpose")
        language, office, facts = conversation_facts(tracker)
        knowledge = current_knowledge()
        group = nationality_group(nationality)
        if group == "germans":
            cited = citations(knowledge, rules()["germans_basis"])
            dispatcher.utter_message(response="utter_permit_germans", citations=cited, **facts)
            return events
        if group == "swiss":
            cited = citations(knowledge, rules()["swiss_basis"])
            dispatcher.utter_message(response="utter_swiss_citizens", citations=cited, **facts)
            return events
        if group == "free_movement":
            answer_topic(dispatcher, tracker, "eu_citizens")
            return events + [SlotSet("topic", "eu_citizens")]
        if not nationality or purpose not in rules()["purposes"]:
            return events

        known = tracker.get_slot(FACTS_SLOT) or []
        status = tracker.get_slot("current_status")
        recommendation = recommend(nationality, purpose, status, known)
        for message in recommendation.messages:
            dispatcher.utter_message(
                response=message.response,
                citations=citations(knowledge, list(message.basis)),
                **dict(message.values),
            )
        topic = knowledge.topics.get(recommendation.topic)
        service_id = topic.service if topic is not None and recommendation.documents else None
        # a visa first (§ 6 Abs. 3): the mission's application and fee, not this office's
        # online form, residence-permit fee or appointment
        by_visa = bool({m.response for m in recommendation.messages} & VISA_ENTRIES)
        service = service_details(dispatcher, tracker, office, service_id, language,
                                  documents_only=by_visa)
        if not disclaimer_given(tracker, dispatcher):
            dispatcher.utter_message(response="utter_permit_finder_disclaimer", **facts)
        next_step_and_rating(dispatcher, None if by_visa else service)
        return events + [SlotSet("topic", recommendation.topic)]
