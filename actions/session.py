"""Start of a conversation: keep what the citizen chose, take the widget's language and office."""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.languages import supported_languages
from actions.office import current_registry
from lotse_common.language import LANGUAGE_SLOT


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        events: List[EventType] = [SessionStarted()]
        # carry over slots from the previous session (session_config in domain.yml)
        events += [
            SlotSet(name, value)
            for name, value in tracker.current_slot_values().items()
            if value is not None and name != "session_started_metadata"
        ]
        metadata = tracker.get_slot("session_started_metadata") or {}
        language = str(metadata.get("language") or "").lower()
        if language in supported_languages():
            events.append(SlotSet(LANGUAGE_SLOT, language))
        # the widget on an office's website names that office: its facts answer
        office = str(metadata.get("office") or "")
        if office in {o.id for o in current_registry().offices}:
            events.append(SlotSet("office_id", office))
        events.append(ActionExecuted("action_listen"))
        return events
