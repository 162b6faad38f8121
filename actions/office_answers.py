"""Answers about the office itself, from its configuration: hours, contact, location,
responsibility, and how to reach a person."""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.context import conversation_facts, latest_intent

RESPONSES = {
    "office_hours": "utter_office_hours",
    "office_contact": "utter_office_contact",
    "office_location": "utter_office_location",
    "office_responsibility": "utter_office_responsibility",
    "book_appointment": "utter_appointment_online",
    "cancel_appointment": "utter_cancel_appointment_info",
}


class ActionAnswerOffice(Action):
    def name(self) -> str:
        return "action_answer_office"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        language, office, facts = conversation_facts(tracker)
        note = office.opening_hours.note
        address = office.address
        dispatcher.utter_message(
            response=RESPONSES.get(latest_intent(tracker), "utter_office_contact"),
            note=note.get(language) if note else "",
            directions=address.directions.get(language) if address.directions else "",
            accessibility=address.accessibility.get(language) if address.accessibility else "",
            towns=", ".join(office.responsibility.towns),
            **facts,
        )
        return []


class ActionHumanContact(Action):
    """The citizen wants a person: phone, e-mail and hours of the responsible office."""

    def name(self) -> str:
        return "action_human_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        *_, facts = conversation_facts(tracker)
        dispatcher.utter_message(response="utter_human_contact", **facts)
        return []
