"""What every Lotse form does the same way.

- Slots are filled from button payloads (an entity named like the slot) or, for the slot just
  asked for, from what the citizen typed (`parse`, per form).
- A message that does not answer the question is a digression: a question is answered (topic,
  office facts, a person, another language), anything else gets a hint; then Rasa asks the
  question again. The form is never rejected for it, so no rule per topic and form is needed.
- "stop" / "abbrechen" is the one message the form rejects: the stop rule then ends it.
- A form can finish early (`form_finished`), e.g. when its answer is already clear.
"""

from abc import abstractmethod
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT, FormValidationAction

from actions.answers import CATALOG_TOPICS, answer_topic
from actions.context import conversation_facts, latest_intent
from actions.knowledge import current_knowledge
from actions.languages import language_change_events
from actions.office_answers import RESPONSES as OFFICE_RESPONSES
from actions.office_answers import answer_office

STOP_INTENT = "stop"
FINISHED_SLOT = "form_finished"
# a question inside a form is answered only when the NLU is this sure; otherwise "not
# understood" is the safer reply than a wrong answer
DIGRESSION_CONFIDENCE = 0.6
SMALL_TALK = {"bot_challenge": "utter_iamabot", "thank_you": "utter_you_are_welcome"}


def message_text(tracker: Tracker) -> str:
    return (tracker.latest_message.get("text") or "").strip()


def entity_value(tracker: Tracker, entity: str) -> Optional[Any]:
    return next(tracker.get_latest_entity_values(entity), None)


def intent_confidence(tracker: Tracker) -> float:
    return float((tracker.latest_message.get("intent") or {}).get("confidence") or 0.0)


def answer_digression(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any], slot: str
) -> List[EventType]:
    """Answers a message that is not the answer to the form's question."""
    intent = latest_intent(tracker)
    confident = intent_confidence(tracker) >= DIGRESSION_CONFIDENCE
    if intent == "change_language":
        return language_change_events(dispatcher, tracker, domain)
    if confident and (intent in CATALOG_TOPICS or intent in current_knowledge().topics):
        answer_topic(dispatcher, tracker, intent, next_step=False)
    elif confident and intent in OFFICE_RESPONSES:
        answer_office(dispatcher, tracker, intent)
    elif confident and intent == "request_human":
        *_, facts = conversation_facts(tracker)
        dispatcher.utter_message(response="utter_human_contact", **facts)
    elif confident and intent in SMALL_TALK:
        dispatcher.utter_message(response=SMALL_TALK[intent])
    else:
        invalid = f"utter_invalid_{slot}"
        has_own = invalid in domain.get("responses", {})
        dispatcher.utter_message(response=invalid if has_own else "utter_form_not_understood")
    return []


class LotseForm(FormValidationAction):
    """Base of the forms' validation actions (`validate_<form>`)."""

    @abstractmethod  # abstract: rasa-sdk registers only concrete actions
    def name(self) -> str: ...

    def __getattr__(self, name: str) -> Any:
        # slots whose parsing is their validation need no validate_<slot> method; without
        # this, rasa-sdk logs a warning on every turn
        if name.startswith("validate_"):
            slot = name[len("validate_") :]

            async def accept(value: Any, *_: Any) -> Dict[str, Any]:
                return {slot: value}

            return accept
        raise AttributeError(name)

    def slots(self, tracker: Tracker) -> List[str]:
        """The slots still to ask, in order; override for forms whose questions depend on
        earlier answers."""
        return self._domain_slots

    def parse(self, slot: str, text: str, tracker: Tracker) -> Optional[Any]:
        """The value of `slot` in what the citizen typed, None if it is not there."""
        return None

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[str]:
        if tracker.get_slot(FINISHED_SLOT):
            return []
        self._domain_slots = domain_slots
        return self.slots(tracker)

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        requested = tracker.get_slot(REQUESTED_SLOT)
        found: Dict[str, Any] = {}
        for slot in await self.required_slots(
            self.domain_slots(domain), dispatcher, tracker, domain
        ):
            value = entity_value(tracker, slot)
            if value is None and slot == requested:
                value = self.parse(slot, message_text(tracker), tracker)
            if value is not None:
                found[slot] = value
        return [SlotSet(slot, value) for slot, value in found.items()]

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        requested = tracker.get_slot(REQUESTED_SLOT)
        if requested and latest_intent(tracker) == STOP_INTENT:
            return []  # the form rejects the message; the stop rule ends the form
        events = await super().run(dispatcher, tracker, domain)
        answered = any(
            isinstance(e, dict) and e.get("event") == "slot" and e.get("name") != REQUESTED_SLOT
            for e in events
        )
        if not requested or answered:
            return events
        events += answer_digression(dispatcher, tracker, domain, requested)
        # a slot event keeps the form active: Rasa asks the same question again
        return events + [SlotSet(requested, None)]


class ActionFormStopped(Action):
    """After "stop": forget what the form had collected, say so, offer what else is possible."""

    def name(self) -> str:
        return "action_form_stopped"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        form_slots = {
            slot
            for form in domain.get("forms", {}).values()
            for slot in form.get("required_slots", [])
        }
        dispatcher.utter_message(response="utter_form_stopped")
        helpers = {FINISHED_SLOT, "appointment_options"}  # not asked, but collected
        return [SlotSet(slot, None) for slot in sorted(form_slots | helpers)]
