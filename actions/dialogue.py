"""Greeting and small talk that needs office facts."""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.context import conversation_facts


class ActionGreet(Action):
    """Greets with the name of the office the assistant works for."""

    def name(self) -> str:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        *_, facts = conversation_facts(tracker)
        dispatcher.utter_message(response="utter_greet", office_name=facts["office_name"])
        return []
