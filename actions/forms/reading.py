"""What a form reads from the citizen's latest message: the typed text, yes or no, an entity,
how sure the NLU is, and whether the message asks a question instead of answering."""

from typing import Any, Optional, Sequence

from rasa_sdk import Tracker

from actions.answers import CATALOG_TOPICS
from actions.context import latest_intent
from actions.forms.choices import by_title, mentions, normalize, offered_options, words
from actions.knowledge import current_knowledge
from actions.languages import tracker_language
from actions.office_answers import RESPONSES as OFFICE_RESPONSES

# "hmm" (affirm 0.55) or "keep it" (affirm 0.59) must not cancel an appointment: below this
# the NLU's yes or no is not taken, the question is asked again
YES_NO_CONFIDENCE = 0.85
YES_NO_INTENTS = {"affirm": True, "deny": False}
YES_NO_PAYLOADS = {"/affirm": True, "/deny": False}

# a question inside a form is answered only when the NLU is this sure; otherwise "not
# understood" is the safer reply than a wrong answer
DIGRESSION_CONFIDENCE = 0.6


def message_text(tracker: Tracker) -> str:
    """What the citizen typed; empty for a button payload ("/inform{...}")."""
    text = (tracker.latest_message.get("text") or "").strip()
    return "" if text.startswith("/") else text


def yes_or_no(tracker: Tracker, meaning_yes: Sequence[str] = ()) -> Optional[bool]:
    """Yes or no to a question that commits something (cancelling, consenting); None asks
    again. A button; its title typed ("behalten" for "Nein, behalten"); one or two yes/no
    words of the conversation's language ("jo" is yes in German, no in Albanian); the NLU's
    affirm/deny or an intent `meaning_yes` ("bitte absagen") when sure and not contradicted
    by the words; else the words ("evet iptal et" reads as "stop" to the NLU)."""
    text, intent = message_text(tracker), latest_intent(tracker)
    if not text:
        return YES_NO_INTENTS.get(intent)
    buttons = offered_options(tracker.events, "", read=lambda p: YES_NO_PAYLOADS.get(p.strip()))
    typed = by_title(text, buttons, closest=False)
    if typed is not None:
        return typed.value
    vocabulary = words(tracker_language(tracker))
    said_yes, said_no = mentions(text, vocabulary["yes"]), mentions(text, vocabulary["no"])
    said = said_yes if said_yes != said_no else None
    if said is not None and len(normalize(text).split()) <= 2:
        return said
    meant = {**YES_NO_INTENTS, **{name: True for name in meaning_yes}}.get(intent)
    if meant is not None and intent_confidence(tracker) >= YES_NO_CONFIDENCE and said in (
            None, meant):
        return meant
    return said


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


def started_weakly(tracker: Tracker, form: str, slots: Sequence[str], weak: float) -> bool:
    """The form began on a message read with less confidence than `weak`, and none of its
    questions has been answered since."""
    started = False
    for event in reversed(tracker.events):
        if not started and event.get("event") == "slot" and event.get(
                "name") in slots and event.get("value") is not None:
            return False
        if event.get("event") == "active_loop" and event.get("name") == form:
            started = True
        elif started and event.get("event") == "user":
            intent = (event.get("parse_data") or {}).get("intent") or {}
            return (intent.get("confidence") or 0.0) < weak
    return False
