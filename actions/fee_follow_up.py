"""A child's fee right after a fee answer: "und was zahl ich für meinen Sohn? der ist 12";
also someone's who lives on benefits: "а я получаю бюргергельд, мне тоже надо платить?".

The NLU reads such a short follow-up as out of remit or not at all (its out_of_scope examples
are full of school fees and child benefit). A clerk who just named the fee knows what the
parent asks: the same service's fee, with the minors' half fee (§ 50 AufenthV), or with the
exemption the situation told brings (§ 53 AufenthV)."""

from typing import List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import citations, next_step_and_rating
from actions.context import language_and_office
from actions.fees import about_child, answer_fee, fee_service, reduction_told
from actions.forms.choices import mentions, normalize, words
from actions.knowledge import current_knowledge
from lotse_common.office.schema import Service

FEE_ANSWER = "utter_fee_amount"
# "und meine Frau?", "und unser Sohn, der ist 15": a few words about another person, no
# matter of their own
ANOTHER_PERSON_WORDS = 7


def _fee_just_answered(tracker: Tracker) -> bool:
    """Whether the message before the latest asked a fee and the bot named one: not "und für
    die Kinder?" after the family reunion answer, whose fee line is no fee question."""
    said: List[str] = []
    users = 0
    for event in reversed(tracker.events or []):
        if event.get("event") == "bot" and users == 1:
            said.append(str((event.get("metadata") or {}).get("utter_action") or ""))
        elif event.get("event") == "user":
            users += 1  # the first is the latest message itself
            if users == 2:
                intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
                return intent == "fees" and FEE_ANSWER in said
    return False


def child_fee_asked(tracker: Tracker) -> Optional[Service]:
    """The service whose fee was just named, when the latest message asks about a child (or
    tells a situation that waives the fee), or in a few words about another person ("and for
    my wife?": the same fee, not whether she may have the permit), and names no other
    authority; else None."""
    language, office = language_and_office(tracker)
    text = str(tracker.latest_message.get("text") or "")
    another = len(normalize(text).split()) <= ANOTHER_PERSON_WORDS and mentions(
        text, words(language).get("someone_else") or [])
    if next(tracker.get_latest_entity_values("authority"), None) or not (
            about_child(text, language) or reduction_told(tracker, language) or another):
        return None
    if not _fee_just_answered(tracker):
        return None
    return fee_service(tracker, office, current_knowledge(), language)


def answer_child_fee(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """The fee for the child, if the message is such a follow-up; False otherwise."""
    service = child_fee_asked(tracker)
    if service is None:
        return False
    language, _ = language_and_office(tracker)
    knowledge = current_knowledge()
    answer_fee(dispatcher, tracker, service, language, lambda b: citations(knowledge, b))
    next_step_and_rating(dispatcher, service)
    return True
