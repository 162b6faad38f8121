"""What a form reads from the citizen's latest message: the typed text, yes or no, an entity,
how sure the NLU is, and whether the message asks a question instead of answering."""

from typing import Any, Optional

from rasa_sdk import Tracker

from actions.answers import CATALOG_TOPICS
from actions.context import latest_intent
from actions.forms.choices import mentions, words
from actions.knowledge import current_knowledge
from actions.languages import tracker_language
from actions.office_answers import RESPONSES as OFFICE_RESPONSES

# a question inside a form is answered only when the NLU is this sure; otherwise "not
# understood" is the safer reply than a wrong answer
DIGRESSION_CONFIDENCE = 0.6


def message_text(tracker: Tracker) -> str:
    """What the citizen typed; empty for a button payload ("/inform{...}")."""
    text = (tracker.latest_message.get("text") or "").strip()
    return "" if text.startswith("/") else text


def yes_or_no(tracker: Tracker) -> Optional[bool]:
    """Yes or no: by the NLU, else by the words ("evet iptal et" reads as "stop" otherwise)."""
    answer = {"affirm": True, "deny": False}.get(latest_intent(tracker))
    if answer is None:
        text, vocabulary = message_text(tracker), words(tracker_language(tracker))
        said_yes, said_no = mentions(text, vocabulary["yes"]), mentions(text, vocabulary["no"])
        answer = said_yes if said_yes != said_no else None
    return answer


def entity_value(tracker: Tracker, entity: str) -> Optional[Any]:
    return next(tracker.get_latest_entity_values(entity), None)


def intent_confidence(tracker: Tracker) -> float:
    return float((tracker.latest_message.get("intent") or {}).get("confidence") or 0.0)


def is_question(tracker: Tracker) -> bool:
    """A question about a topic or the office, e.g. "Was kostet die Verlängerung?": the form
    answers it instead of reading it as the answer to its own question."""
    text = message_text(tracker)
    intent = latest_intent(tracker)
    topics = CATALOG_TOPICS | set(current_knowledge().topics) | set(OFFICE_RESPONSES)
    return (
        text.rstrip().endswith(("?", "؟", "？"))
        and intent in topics
        and intent_confidence(tracker) >= DIGRESSION_CONFIDENCE
    )
