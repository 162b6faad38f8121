"""Rating of the last answer: 👍 is stored; 👎 is stored, asks what was missing (the
feedback form) and offers a person."""

from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import settings
from actions.anger import answer_anger, is_angry
from actions.answers import CATALOG_TOPICS, answer_topic
from actions.context import latest_intent
from actions.database import location
from actions.feedback.store import FeedbackStore
from actions.knowledge import current_knowledge
from actions.languages import tracker_language
from actions.office import current_registry

_store: Optional[FeedbackStore] = None


def feedback_store() -> FeedbackStore:
    global _store
    if _store is None:
        _store = FeedbackStore(location("feedback", settings.DATA_DIR, settings.DB_URL))
    return _store


def store_rating(tracker: Tracker, rating: str) -> int:
    """Stores a rating of the last answer: its topic, language and office, no text."""
    return feedback_store().rate(
        rating, tracker_language(tracker), tracker.get_slot("topic"), rated_response(tracker),
        office_id=current_registry().get(tracker.get_slot("office_id")).id,
    )


def rated_response(tracker: Tracker) -> Optional[str]:
    """The last bot response before the rating question (what the citizen rates)."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            name = (event.get("metadata") or {}).get("utter_action")
            if name and name not in ("utter_ask_feedback", "utter_next_step",
                                     "utter_next_step_contact"):
                return name
    return None


class ActionStoreFeedback(Action):
    def name(self) -> str:
        return "action_store_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        rating = "positive" if latest_intent(tracker) == "feedback_positive" else "negative"
        feedback_id = store_rating(tracker, rating)
        if rating == "positive":
            dispatcher.utter_message(response="utter_feedback_thanks")
        return [SlotSet("feedback_id", feedback_id)]


class ActionStoreFeedbackComment(Action):
    def name(self) -> str:
        return "action_store_feedback_comment"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        if is_angry(tracker):  # anger is not feedback: no thanks, not stored, a person
            answer_anger(dispatcher, tracker)
            return [SlotSet("feedback_comment", None)]
        comment = tracker.get_slot("feedback_comment")
        feedback_id = tracker.get_slot("feedback_id")
        if comment and feedback_id:
            feedback_store().comment(int(feedback_id), comment)
        dispatcher.utter_message(response="utter_feedback_comment_thanks")
        asked = asked_topic(tracker)
        if asked is not None:
            # "thiếu tổng tiền cho 4 người": what was missing is a question, and it is answered
            answer_topic(dispatcher, tracker, asked, next_step=False)
            return [SlotSet("feedback_comment", None), SlotSet("topic", asked)]
        return [SlotSet("feedback_comment", None)]


# a comment read this surely as a topic asks it ("the fee for four people?"), not only rates
ASKED_CONFIDENCE = 0.6


def asked_topic(tracker: Tracker) -> Optional[str]:
    """The topic the feedback comment asks about, if it reads surely as one."""
    intent = tracker.latest_message.get("intent") or {}
    name = intent.get("name") or ""
    if (intent.get("confidence") or 0) < ASKED_CONFIDENCE:
        return None
    return name if name in CATALOG_TOPICS or name in current_knowledge().topics else None
