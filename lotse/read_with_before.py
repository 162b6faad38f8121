"""A question after another authority's matter is read together with the message before it.

"my baby was born last week, where do I get the birth certificate?" is the registry office's
matter (the citizen is referred there); "and does she need a residence permit?" after it is
about the baby born here, but read on its own it is an EU citizen's question. The NLU reads
one message at a time; the conversation is known only where Rasa parses a message with its
tracker, so this wraps `MessageProcessor.parse_message`: when the message before was read as
out of remit and the latest one is unsure on its own, both are read together, and a sure
reading of a topic replaces the unsure one (its intent and ranking; the text, entities and
language stay the latest message's). Installed by lotse/nlg.py."""

from typing import Any, Dict, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY

_original = MessageProcessor.parse_message
OUT_OF_SCOPE = "out_of_scope"
NOT_A_TOPIC = (OUT_OF_SCOPE, "nlu_fallback")
# the latest message read on its own below this, and both together at least this
SURE = 0.8
# a follow-up is a short question; a long message tells its own matter
MAX_WORDS = 15
# the conversation's own intents: "ok thanks" after a referral stays thanks (config.yml's
# not_questions, which the parse here cannot see)
DIALOGUE = frozenset({
    "greet", "goodbye", "thank_you", "affirm", "deny", "bot_challenge", "ask_capabilities",
    "change_language", "request_human", "stop", "inform", "contact_request",
    "feedback_positive", "feedback_negative", "book_appointment", "cancel_appointment"})
READ_WITH_BEFORE = "read_with_message_before"


def _message_before(tracker: DialogueStateTracker) -> Optional[UserUttered]:
    """The citizen's message before this one in the session (this one is not yet logged)."""
    for event in reversed(tracker.events):
        if isinstance(event, SessionStarted):
            return None
        if isinstance(event, UserUttered):
            return event
    return None


def _unsure(parse_data: Dict[str, Any], text: str) -> bool:
    intent = parse_data.get(INTENT) or {}
    return (intent.get(INTENT_NAME_KEY) not in DIALOGUE
            and (intent.get("confidence") or 0.0) < SURE
            and len(text.split()) <= MAX_WORDS
            and len(parse_data.get("questions") or ()) < 2)


async def _parse_message(
    self: MessageProcessor,
    message: UserMessage,
    tracker: Optional[DialogueStateTracker] = None,
    only_output_properties: bool = True,
) -> Dict[str, Any]:
    parse_data = await _original(self, message, tracker, only_output_properties)
    text = str(message.text or "")
    if tracker is None or tracker.active_loop_name or text.startswith("/") or not _unsure(
            parse_data, text):
        return parse_data
    before = _message_before(tracker)
    if before is None or not before.text or (before.intent or {}).get(
            INTENT_NAME_KEY) != OUT_OF_SCOPE:
        return parse_data
    joined = before.text.rstrip()
    joined += " " if joined.endswith((".", "?", "!", "؟", "。", "？", "！")) else ". "
    together = await _original(self, UserMessage(joined + text, sender_id=message.sender_id),
                               tracker, only_output_properties)
    intent = together.get(INTENT) or {}
    if (intent.get(INTENT_NAME_KEY) in (*NOT_A_TOPIC, *DIALOGUE)
            or intent.get(INTENT_NAME_KEY) == (parse_data.get(INTENT) or {}).get(INTENT_NAME_KEY)
            or (intent.get("confidence") or 0.0) < SURE):
        return parse_data
    parse_data = {**parse_data, INTENT: intent,
                  INTENT_RANKING_KEY: together.get(INTENT_RANKING_KEY) or [intent],
                  READ_WITH_BEFORE: True}
    parse_data.pop("questions", None)
    if "response_selector" in together:
        parse_data["response_selector"] = together["response_selector"]
    return parse_data


def install() -> None:
    MessageProcessor.parse_message = _parse_message
