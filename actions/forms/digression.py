"""A message inside a form that does not answer its question: a question is answered (topic,
office facts, a person, another language, whose matter it is), anything else gets the
question's hint; then Rasa asks the question again (actions/forms/base.py)."""

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import CATALOG_TOPICS, answer_topic
from actions.context import conversation_facts, latest_intent
from actions.forms.reading import DIGRESSION_CONFIDENCE, intent_confidence
from actions.knowledge import current_knowledge
from actions.languages import language_change_events, topic_instead_of_language
from actions.office_answers import RESPONSES as OFFICE_RESPONSES
from actions.office_answers import answer_office_question
from actions.referrals import refer

SMALL_TALK = {"bot_challenge": "utter_iamabot", "thank_you": "utter_you_are_welcome"}


def asks_a_topic(tracker: Tracker) -> bool:
    intent = latest_intent(tracker)
    return intent_confidence(tracker) >= DIGRESSION_CONFIDENCE and (
        intent in CATALOG_TOPICS or intent in current_knowledge().topics
        or intent in OFFICE_RESPONSES)


def answer_digression(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any], slot: str
) -> Optional[List[EventType]]:
    """Answers a message that is not the answer to the form's question; None if it was not
    understood (then the question's hint is sent)."""
    intent = latest_intent(tracker)
    confident = intent_confidence(tracker) >= DIGRESSION_CONFIDENCE
    if intent == "change_language":
        # "muss sie Deutsch können?" asks about the topic, "English please" for the language
        topic = topic_instead_of_language(tracker, [*CATALOG_TOPICS, *current_knowledge().topics])
        if topic is None:
            return language_change_events(dispatcher, tracker, domain)
        intent, confident = topic, True
    if confident and (intent in CATALOG_TOPICS or intent in current_knowledge().topics):
        answer_topic(dispatcher, tracker, intent, next_step=False)
    elif confident and intent in OFFICE_RESPONSES:
        # "ich wohne in 80331, seid ihr zuständig?" gets the same answer as outside a form
        return answer_office_question(dispatcher, tracker, intent)
    elif confident and intent == "request_human":
        *_, facts = conversation_facts(tracker)
        dispatcher.utter_message(response="utter_human_contact", **facts)
    elif confident and intent in SMALL_TALK:
        dispatcher.utter_message(response=SMALL_TALK[intent])
    elif intent == "out_of_scope" and next(tracker.get_latest_entity_values("authority"), None):
        # "arabamı kayıt ettirmem lazım" while the form waits for a date: whose matter it
        # is, then the form's question again — not "that is no date"
        refer(dispatcher, tracker)
    else:
        invalid = f"utter_invalid_{slot}"
        has_own = invalid in domain.get("responses", {})
        dispatcher.utter_message(response=invalid if has_own else "utter_form_not_understood")
        return None
    return []
