"""What a form does before reading an answer, for messages that are no answer to it: a
walk-in question ("kann ich ohne Termin kommen?", actions/walk_in.py) is answered; a message
for a case worker leaves the form for the contact form, and a clear booking or cancellation
instead of the contact form's first answer leaves that (rules in data/rules/forms.yml)."""

from typing import TYPE_CHECKING, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from actions.context import latest_intent
from actions.forms.reading import intent_confidence, message_text
from actions.walk_in import answer_walk_in

if TYPE_CHECKING:
    from actions.forms.base import LotseForm

FINISHED_SLOT = "form_finished"  # a form ends early with it (actions/forms/base.py)
CONTACT_INTENT = "contact_request"
OTHER_FORMS = ("book_appointment", "cancel_appointment")
SURE = 0.9  # a button's title typed reads at 0.98; "напишіть працівнику шо …" is no request


def leaves_or_answers(form: "LotseForm", dispatcher: CollectingDispatcher, tracker: Tracker,
                      requested: Optional[str]) -> Optional[List[EventType]]:
    """The events that end this turn of the form, or None when the message is for the form."""
    sure = intent_confidence(tracker) >= SURE
    if form.FREE_TEXT:  # any text answers it, only not "Termin buchen" asked for a name
        leaves = (bool(requested) and form.FREE_TEXT[:1] == (requested,) and sure
                  and latest_intent(tracker) in OTHER_FORMS
                  and not form.looks_like_answer(requested, message_text(tracker), tracker))
        return [] if leaves else None  # rejected: the other form's rule follows
    if not requested:
        if answer_walk_in(dispatcher, tracker):
            # "можна забрати карту без запису?" read as a cancellation: yes or no, no form
            return [SlotSet(FINISHED_SLOT, True), SlotSet(REQUESTED_SLOT, None)]
        return None
    if latest_intent(tracker) == CONTACT_INTENT and sure:
        return []  # rejected: the rule of this form starts the contact form
    if answer_walk_in(dispatcher, tracker, asking=True):
        return [SlotSet(requested, None)]  # "or without an appointment?": then the question
    return None
