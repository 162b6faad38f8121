"""An answer given outside a form: "nächste Woche vormittags zur Verlängerung, bitte einen
Termin" or "T-7KQ2-M9XA absagen" can read to the NLU like a form's answer (`inform`) rather
than a request. Instead of "not understood", the form the answer belongs to starts and takes
it (every form reads its first message, actions/forms/base.py)."""

from datetime import date
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.context import language_and_office
from actions.forms.appointment_choice import service_in_text
from actions.forms.base import message_text
from actions.forms.cancellation import normalize_reference
from actions.forms.choices import mentions, words
from actions.forms.dates import parse_day_preference


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
        form = form_for(message_text(tracker), language, office)
        if form:
            return [FollowupAction(form)]
        dispatcher.utter_message(response="utter_default")
        return []
