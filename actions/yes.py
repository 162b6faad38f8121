"""A "ja" / "yes pls book one" outside a form: the answer to Lotse's last question, not a
message of its own (guide rule 7: answers in words wherever a button is offered).

Appointment words take the answer's appointment button; a message with one button (the
complaint's "write to the staff") is that button; after "Was this answer helpful?" it is a
thumbs-up. Anything else gets the ways forward again instead of "I did not understand"."""

import json
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import CATALOG_TOPICS, answer_topic, appointment_payload, wants_appointment
from actions.feedback.actions import store_rating
from actions.forms.choices import ordinal
from actions.knowledge import current_knowledge
from actions.languages import tracker_language
from actions.office_answers import RESPONSES, answer_office_question

# button intents that start a form, as data/rules/forms.yml does for the typed request
FORMS = {"book_appointment": "appointment_form", "contact_request": "contact_form"}
RECENT = 4  # bot messages looked at: the answer's buttons come before the rating question


def recent_buttons(tracker: Tracker) -> Tuple[List[List[Dict[str, Any]]], Optional[str]]:
    """The button lists of Lotse's last messages (newest first) and its last response."""
    found: List[List[Dict[str, Any]]] = []
    last: Optional[str] = None
    users = 0  # the citizen's "yes" first, then Lotse's messages before it
    for event in reversed(tracker.events):
        users += event.get("event") == "user"
        if users > 1 or len(found) >= RECENT:
            break
        if event.get("event") == "bot":
            last = last or (event.get("metadata") or {}).get("utter_action") or ""
            buttons = (event.get("data") or {}).get("buttons")
            if buttons:
                found.append(buttons)
    return found, last


def intent_of(payload: str) -> str:
    return payload.lstrip("/").partition("{")[0]


def start(payload: str) -> List[EventType]:
    """What clicking the payload would do: its form, with the entities it carries."""
    intent, _, entities = payload.lstrip("/").partition("{")
    slots = json.loads("{" + entities) if entities else {}
    return [SlotSet(name, value) for name, value in slots.items()] + [FollowupAction(FORMS[intent])]


def follow(dispatcher: CollectingDispatcher, tracker: Tracker, payload: str) -> List[EventType]:
    """What the button chosen in words does: its form, an office fact or a topic's answer;
    "something else" (and a conversational intent) asks for the question in other words."""
    intent = intent_of(payload)
    if intent in FORMS:
        return start(payload)
    if intent in RESPONSES:
        return answer_office_question(dispatcher, tracker, intent)
    if intent in CATALOG_TOPICS or intent in current_knowledge().topics:
        answer_topic(dispatcher, tracker, intent)
        return [SlotSet("topic", intent)]
    dispatcher.utter_message(response="utter_ask_rephrase")
    return []


def suggestion_chosen(dispatcher: CollectingDispatcher, tracker: Tracker
                      ) -> Optional[List[EventType]]:
    """ "das erste", "the second one" to "Meinten Sie: …" (read as yes or as a form's answer):
    that button (guide rule 7); None if the message is no such choice."""
    lists, last = recent_buttons(tracker)
    if last != "utter_did_you_mean" or not lists:
        return None
    text = str(tracker.latest_message.get("text") or "")
    chosen = ordinal(text, tracker_language(tracker), len(lists[0]))
    if chosen is None:
        return None
    return follow(dispatcher, tracker, lists[0][chosen].get("payload", ""))


class ActionAnswerYes(Action):
    def name(self) -> str:
        return "action_answer_yes"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        lists, last = recent_buttons(tracker)
        payloads = [b.get("payload", "") for buttons in lists for b in buttons]
        if wants_appointment(tracker):
            offered = [p for p in payloads if p.startswith("/book_appointment")]
            return start(offered[0] if offered else appointment_payload(None))
        chosen = suggestion_chosen(dispatcher, tracker)
        if chosen is not None:
            return chosen
        if lists and len(lists[0]) == 1 and intent_of(lists[0][0].get("payload", "")) in FORMS:
            return start(lists[0][0]["payload"])
        if last == "utter_ask_feedback":  # "ja" to "War diese Antwort hilfreich?"
            feedback_id = store_rating(tracker, "positive")
            dispatcher.utter_message(response="utter_feedback_thanks")
            return [SlotSet("feedback_id", feedback_id)]
        dispatcher.utter_message(
            response="utter_next_step", appointment_payload=appointment_payload(None)
        )
        return []
