"""An angry message: a short apology and the way to a person, not a topic answer
(conversation guide: stay calm with angry people)."""

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import conversation_facts
from actions.forms.choices import mentions, word_languages, words
from actions.knowledge import current_knowledge
from actions.languages import tracker_language
from actions.situations import tells_in_latest
from lotse_common.language import detected_language

# topics where "for months" is about waiting for the office itself
WAITING_TOPICS = {"application_status", "eat_card", "out_of_scope", "nlu_fallback",
                  "request_human", "contact_request", "feedback_negative"}


def _said(tracker: Tracker, key: str) -> bool:
    """Whether the latest message uses one of the `key` words (knowledge/choice_words.yml) of
    the language it was read in or the conversation's; of every language when the message's
    language is unknown: an angry first message may not be understood well enough to know it
    ("انتو فاشلين" read as nlu_fallback). Not always every language's: French "marre" (fed
    up) is Albanian "to take"."""
    text = str(tracker.latest_message.get("text") or "")
    if text.startswith("/"):
        return False
    detected = detected_language(tracker.latest_message)
    languages = ([detected, tracker_language(tracker)] if detected in word_languages()
                 else word_languages())
    return mentions(text, [w for language in languages for w in words(language).get(key) or []])


def is_angry(tracker: Tracker) -> bool:
    """Frustration, an insult, a complaint about waiting ("seit Monaten meldet sich keiner").

    "Seit Monaten" alone is anger only where the message is about waiting for the office
    (or not clearly about a topic): "die Botschaft gibt ihm seit Monaten keinen Pass" asks
    about a missing passport."""
    if _said(tracker, "anger"):
        return True
    if _said(tracker, "others"):
        return False  # the embassy keeps them waiting, not the office
    if phone_unanswered(tracker):
        return True
    intent = tracker.latest_message.get("intent") or {}
    about_waiting = (intent.get("name") in WAITING_TOPICS
                     or (intent.get("confidence") or 0.0) < 0.9)
    # "ich warte seit 4 Monaten auf die Verlängerung, darf ich weiter arbeiten?" asks a
    # question of its own: the answer, not an apology
    return about_waiting and _said(tracker, "waiting") and not asks_own_question(tracker)


def asks_own_question(tracker: Tracker) -> bool:
    """Whether the latest message asks one of the questions that change an answer
    ("darf ich arbeiten?", "muss mein 16-jähriger Sohn Deutsch können?")."""
    language = tracker_language(tracker)
    situations = current_knowledge().situations
    return any(told.get("latest") and tells_in_latest(tracker, name, language)
               for name, told in situations.items())


def phone_unanswered(tracker: Tracker) -> bool:
    """ "Nobody ever answers the phone" (ours, not the embassy's): the ways without the phone
    come first, the number last."""
    return _said(tracker, "phone_unanswered") and not _said(tracker, "others")


def answer_anger(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """A short apology without defending anything, and the concrete way to a person (for
    someone who could not get through on the phone, the ways without it first); for someone
    whose job is at stake, the Fiktionsbescheinigung that shows the employer the title goes on."""
    *_, facts = conversation_facts(tracker)
    response = "utter_complaint_phone" if phone_unanswered(tracker) else "utter_complaint"
    dispatcher.utter_message(response=response, **facts)
    if _said(tracker, "job"):  # "my employer will fire me": the title goes on if applied in time
        dispatcher.utter_message(response="utter_complaint_job")
