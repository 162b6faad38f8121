"""Greeting and small talk that needs office facts."""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.languages import tracker_language
from actions.office import current_registry


class ActionGreet(Action):
    """Greets with the name of the office the assistant works for."""

    def name(self) -> str:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        office = current_registry().get(tracker.get_slot("office_id"))
        office_name = office.name.get(tracker_language(tracker))
        dispatcher.utter_message(response="utter_greet", office_name=office_name)
        return []
