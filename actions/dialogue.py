"""Greeting, small talk that needs office facts, and the switch of language."""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import CATALOG_TOPICS, answer_topic
from actions.context import conversation_facts
from actions.knowledge import current_knowledge
from actions.languages import language_change_events, topic_instead_of_language


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


class ActionChangeLanguage(Action):
    def name(self) -> str:
        return "action_change_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        topic = topic_instead_of_language(tracker, [*CATALOG_TOPICS, *current_knowledge().topics])
        if topic is not None:  # "muss sie deutsch können?": the topic's answer, its follow-ups
            answer_topic(dispatcher, tracker, topic)
            return [SlotSet("topic", topic)]
        return language_change_events(dispatcher, tracker, domain)
