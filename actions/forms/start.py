"""An answer given outside a form: "nächste Woche vormittags zur Verlängerung, bitte einen
Termin" or "T-7KQ2-M9XA absagen" can read to the NLU like a form's answer (`inform`) rather
than a request. Instead of "not understood", the form the answer belongs to starts and takes
it (every form reads its first message, actions/forms/base.py). "hala türkiyedeyim" after
the answer on vocational training is where the citizen is: the permit finder gives the way in
from there (the visa, § 6 Abs. 3 AufenthG), with the purpose and nationality already told."""

from datetime import date
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import answer_follow_up
from actions.asked import answer_told_after
from actions.context import conversation_facts, earlier_messages, language_and_office
from actions.follow_up import said_before
from actions.forms.appointment_choice import service_in_text
from actions.forms.cancellation import booked_here, normalize_reference
from actions.forms.choices import mentions, words
from actions.forms.day_wish import parse_day_preference
from actions.forms.nationality import countries_of_origin, parse_nationality
from actions.forms.permit_finder import INTENT_PURPOSES, still_abroad
from actions.forms.reading import message_text
from actions.knowledge import current_knowledge
from actions.situations import route_for
from actions.yes import suggestion_chosen


def form_for(text: str, language: str, office) -> str:
    """The form a free answer starts, "" if none fits."""
    vocabulary = words(language)
    if normalize_reference(text) or (
        mentions(text, vocabulary["cancel"]) and mentions(text, vocabulary["appointment"])
    ):
        return "cancel_appointment_form"
    described = service_in_text(text, office, language) is not None
    when = parse_day_preference(text, language, date.today()) is not None
    if mentions(text, vocabulary["appointment"]) or (described and when):
        return "appointment_form"
    return ""


class ActionRouteAnswer(Action):
    def name(self) -> str:
        return "action_route_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        language, office = language_and_office(tracker)
        text = message_text(tracker)
        form = form_for(text, language, office)
        if form:
            return [FollowupAction(form)]
        purpose = INTENT_PURPOSES.get(str(tracker.get_slot("topic")))
        if purpose and purpose != "protection" and still_abroad(text, language, tracker):
            return [*told_nationality(tracker, language), SlotSet("stay_purpose", purpose),
                    SlotSet("current_status", "abroad"), FollowupAction("permit_finder_form")]
        told = answer_told_after(dispatcher, tracker)  # "I'm Indian", "und unser Sohn?"
        if told is not None:
            return told
        chosen = suggestion_chosen(dispatcher, tracker)  # "the first one" to "did you mean"
        if chosen is not None:
            return chosen
        if asks_more_of_the_answer(dispatcher, tracker):
            return []
        dispatcher.utter_message(response="utter_default")
        return []


class ActionStopOutsideForm(Action):
    """ "Stop" with no form running. Right after a booking, "I have to cancel that" reads as
    stop to the NLU (0.64: "cancel" also ends a flow): with a cancel word and an appointment
    booked in this conversation the cancellation starts, which names it and asks to confirm."""

    def name(self) -> str:
        return "action_stop_outside_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        language, _ = language_and_office(tracker)
        if booked_here(tracker) and mentions(message_text(tracker), words(language)["cancel"]):
            return [FollowupAction("cancel_appointment_form")]
        dispatcher.utter_message(response="utter_nothing_to_stop")
        return []


def asks_more_of_the_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """ "یعنی تا ۲۰۲۷ هیچ راهی نیست؟" (so no way until 2027?) after the subsidiary protection's
    family answer, read as a form's answer: a question on the answer just given gets what of
    it answers the question, else that the staff answer more, with the way to them; not "I
    did not understand"."""
    text = message_text(tracker).rstrip()
    topic_id = tracker.get_slot("topic")
    knowledge = current_knowledge()
    if not text.endswith(("?", "؟", "？")) or topic_id not in knowledge.topics:
        return False
    language, office, facts = conversation_facts(tracker)
    topic = route_for(knowledge.topics[topic_id], tracker, language)
    answer = topic.text(language).format(**facts).strip()
    if not said_before(tracker, answer):
        return False
    answer_follow_up(dispatcher, tracker, topic, answer, office, next_step=True)
    return True


def told_nationality(tracker: Tracker, language: str) -> List[EventType]:
    """The nationality an earlier message named ("Türk vatandaşıyım, …"), unless known."""
    if tracker.get_slot("nationality"):
        return []
    for parsed in earlier_messages(tracker):
        text = str(parsed.get("text") or "")
        found = parse_nationality(text, language, countries_of_origin(
            parsed.get("entities") or [], text), strict=True)
        if found:
            return [SlotSet("nationality", found)]
    return []
