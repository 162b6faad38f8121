"""The forms' questions. Rasa asks for a slot with the action `action_ask_<slot>` if the
domain lists one, else with the response `utter_ask_<slot>`. Lotse asks every question with
an action, so that a question can use the office's facts, and so that it is left out in the
turn where the form offered a way out instead (skip, a person: actions/forms/base.py) —
the citizen never reads the same question a third time."""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import conversation_facts

# the slot whose question the form replaced by the way-out offer in this turn
OFFERED_SLOT = "form_offered"


class AskQuestion:
    """Asks for `SLOT` with `utter_ask_<SLOT>`; subclasses may ask differently (`ask`).
    A mixin, not an Action: rasa-sdk registers the questions (`class X(AskQuestion, Action)`),
    not this base."""

    SLOT = ""

    def name(self) -> str:
        return f"action_ask_{self.SLOT}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        if tracker.get_slot(OFFERED_SLOT) == self.SLOT:
            return [SlotSet(OFFERED_SLOT, None)]  # the offer was the question this time
        await self.ask(dispatcher, tracker, domain)
        return []

    async def ask(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> None:
        *_, facts = conversation_facts(tracker)
        dispatcher.utter_message(response=f"utter_ask_{self.SLOT}", **facts)


# the questions asked with their response alone; the others ask in their form's module
# (service, appointment_start, cancel_confirmed, contact_name, contact_topic, contact_message,
# contact_consent)
PLAIN_QUESTIONS = (
    "preferred_days",
    "permit_expiry",
    "nationality",
    "stay_purpose",
    "current_status",
    "booking_reference",
    "contact_address",
)
# rasa-sdk registers every Action subclass of the package: one class per question
for _slot in PLAIN_QUESTIONS:
    _name = "ActionAsk" + "".join(part.title() for part in _slot.split("_"))
    globals()[_name] = type(_name, (AskQuestion, Action), {"SLOT": _slot, "__module__": __name__})
