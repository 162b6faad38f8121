"""The cancellation form: booking reference → "cancel this appointment?" → cancelled.

Moving an appointment ("can I move it to Tuesday afternoon?", said when cancelling or instead
of confirming) goes the same way up to the reference; then the appointment form offers new
times for the same service, and the old appointment is released only once the new one is
booked: a citizen who gives up keeps the old one."""

import logging
import re
from datetime import date
from typing import Any, Dict, List, Optional

from babel.dates import format_date, format_time
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from actions.appointments.access import backend_for, call
from actions.appointments.model import AppointmentError, Booking, BookingNotFound
from actions.context import conversation_facts, language_and_office, said_in_session
from actions.forms.asking import AskQuestion
from actions.forms.base import FINISHED_SLOT, MISSES_SLOT, LotseForm
from actions.forms.choices import mentions, words
from actions.forms.day_wish import parse_day_preference
from actions.forms.reading import message_text, yes_or_no

logger = logging.getLogger(__name__)
FORM_SLOTS = ["booking_reference", "cancel_confirmed"]
# set while the cancellation serves a move; then the reference the new booking replaces
REBOOKING_SLOT, REPLACES_SLOT = "rebooking", "replaces_booking"
# when the replaced appointment is (ISO): its day is not offered again with another one named
REPLACED_START_SLOT = "replaces_start"
# "T-7KQ2-M9XA", also typed as "t7kq2m9xa" or "T 7KQ2 M9XA"
REFERENCE = re.compile(r"\bT[\s-]?([2-9A-Z]{4})[\s-]?([2-9A-Z]{4})\b", re.IGNORECASE)
# the example in the question for the number (utter_ask_booking_reference), never a booking
EXAMPLE_REFERENCE = "T-7KQ2-M9XA"


def normalize_reference(text: str) -> Optional[str]:
    match = REFERENCE.search(text)
    return f"T-{match[1]}-{match[2]}".upper() if match else None


def booking_facts(booking: Booking, tracker: Tracker) -> Dict[str, str]:
    language, office = language_and_office(tracker)
    service = office.service(booking.slot.service_id)
    return {
        "day": format_date(booking.slot.start.date(), "full", locale=language),
        "time": format_time(booking.slot.start, "short", locale=language),
        "service_name": service.name.get(language) if service else booking.slot.service_id,
    }


def booked_here(tracker: Tracker) -> Optional[str]:
    """The last booking reference Lotse gave in this session ("Ihre Buchungsnummer: T-…")."""
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            return None
        if event.get("event") == "bot":
            reference = normalize_reference(str(event.get("text") or ""))
            if reference and reference != EXAMPLE_REFERENCE:
                return reference
    return None


def keeps_appointment(tracker: Tracker) -> bool:
    """ "Nein, nicht absagen", "не отменяйте": the words say the appointment stays."""
    language, _ = language_and_office(tracker)
    return mentions(message_text(tracker), words(language).get("keep") or [])


def has_no_reference(tracker: Tracker) -> bool:
    """ "нема в мене ніякого номера", "ich weiß die Nummer nicht": asked for the booking
    number (or about to be), the citizen has none."""
    asked = tracker.get_slot(REQUESTED_SLOT)
    if asked not in (None, "booking_reference") or (asked is None and booked_here(tracker)):
        return False
    text = message_text(tracker)
    if normalize_reference(text):
        return False
    said = words(language_and_office(tracker)[0])
    return mentions(text, (said.get("have_none") or []) + (said.get("dont_know") or []))


def wants_move(tracker: Tracker) -> bool:
    """The citizen asked to move the appointment, now or earlier in this cancellation."""
    language, _ = language_and_office(tracker)
    return bool(tracker.get_slot(REBOOKING_SLOT)) or mentions(
        message_text(tracker), words(language).get("move") or [])


def move_asked(tracker: Tracker) -> Optional[List[EventType]]:
    """ "mejor el jueves por la tarde, se puede cambiar?" right after a booking in this
    conversation, read as another topic (a change of employer): the booking is to move, so
    the cancellation form with the move set; None if the message names no move of a day.
    Move words alone ("cambiar") are also a job's or an address's change: a day or part of
    the day named with them says it is the appointment."""
    if not booked_here(tracker) or str(tracker.latest_message.get("text") or "/")[0] == "/":
        return None
    language, _ = language_and_office(tracker)
    text = message_text(tracker)
    if not mentions(text, words(language).get("move") or []) \
            or parse_day_preference(text, language, date.today()) is None:
        return None
    return [SlotSet(REBOOKING_SLOT, True), FollowupAction("cancel_appointment_form")]


async def release_replaced(dispatcher: CollectingDispatcher, tracker: Tracker, backend) -> None:
    """After the new booking: cancels the appointment it replaces and says so."""
    reference = tracker.get_slot(REPLACES_SLOT)
    if not reference:
        return
    try:
        released = await call(backend.cancel, reference)
    except AppointmentError as error:  # BookingNotFound too: cancelled in the meantime
        logger.warning("Releasing the moved appointment failed: %s", error)
        return
    dispatcher.utter_message(response="utter_appointment_cancelled",
                             **booking_facts(released, tracker))


# no booking number: where it is written and the case workers; the second time, only them
NO_REFERENCE = {False: "utter_no_booking_reference", True: "utter_no_booking_reference_again"}


class ValidateCancelAppointmentForm(LotseForm):
    # "Termin T-7KQ2-M9XA absagen": the reference in the first message is not asked again,
    # nor one said earlier or booked in this conversation (the confirmation names the time)
    VOLUNTEERED = ("booking_reference",)
    REMEMBERED = ("booking_reference",)

    def name(self) -> str:
        return "validate_cancel_appointment_form"

    async def run(self, dispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        if keeps_appointment(tracker) and not wants_move(tracker):
            # "لا ما بدي الغي" (no, I don't want to cancel) reads as cancel_appointment to the
            # NLU: never a question about cancelling, and never a cancellation
            dispatcher.utter_message(response="utter_appointment_kept")
            return [SlotSet(FINISHED_SLOT, True), SlotSet(REQUESTED_SLOT, None)]
        if has_no_reference(tracker) or self._still_without_reference(tracker):
            # asked again, the number would not appear: where it is written, and a person
            # who finds the appointment by the name; said once, the second time is short
            *_, facts = conversation_facts(tracker)
            again = said_in_session(tracker, NO_REFERENCE.values())
            dispatcher.utter_message(response=NO_REFERENCE[again], **facts)
            return [SlotSet(FINISHED_SLOT, True), SlotSet(REQUESTED_SLOT, None)]
        if not wants_move(tracker):
            return await super().run(dispatcher, tracker, domain)
        # a move needs no "cancel?": the old appointment stays until the new one is booked
        confirming = tracker.get_slot("requested_slot") == "cancel_confirmed"
        events = [] if confirming else await super().run(dispatcher, tracker, domain)
        set_now = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
        reference = set_now.get("booking_reference", tracker.get_slot("booking_reference"))
        if not reference or set_now.get(FINISHED_SLOT):
            return events + [SlotSet(REBOOKING_SLOT, True)]
        return events + [SlotSet(REBOOKING_SLOT, True), SlotSet("cancel_confirmed", False),
                         SlotSet("requested_slot", None)]

    def _still_without_reference(self, tracker: Tracker) -> bool:
        """A cancellation asked for again after "I have no number" (in this conversation),
        still without one: asking for it once more would not bring it."""
        return (not tracker.get_slot(REQUESTED_SLOT)
                and normalize_reference(message_text(tracker)) is None
                and self._recall("booking_reference", tracker) is None
                and said_in_session(tracker, NO_REFERENCE.values()))

    def _recall(self, slot: str, tracker: Tracker) -> Optional[Any]:
        said = super()._recall(slot, tracker)
        return said if said is not None or slot != "booking_reference" else booked_here(tracker)

    def parse(self, slot: str, text: str, tracker: Tracker) -> Optional[Any]:
        if slot == "booking_reference":
            return normalize_reference(text)
        if slot == "cancel_confirmed":  # "bitte absagen" / "cancel it" confirms too
            return yes_or_no(tracker, meaning_yes=("cancel_appointment",))
        return None

    async def validate_booking_reference(self, value: Any, dispatcher, tracker, domain):
        reference = normalize_reference(str(value))
        _, office, facts = conversation_facts(tracker)
        try:
            booking = await call(backend_for(office).find, reference) if reference else None
        except AppointmentError as error:
            logger.warning("Calendar of %s unavailable: %s", office.id, error)
            dispatcher.utter_message(response="utter_appointment_unavailable", **facts)
            return {"booking_reference": None, FINISHED_SLOT: True}
        if booking is None or booking.cancelled:
            if (tracker.get_slot(MISSES_SLOT) or {}).get("booking_reference"):
                # not found again: asking a third time would not find it either
                dispatcher.utter_message(response=NO_REFERENCE[False], **facts)
                return {"booking_reference": None, FINISHED_SLOT: True, REQUESTED_SLOT: None}
            dispatcher.utter_message(response="utter_booking_not_found")
            return {"booking_reference": None}
        return {"booking_reference": reference}


class ActionAskCancelConfirmed(AskQuestion, Action):
    SLOT = "cancel_confirmed"

    async def ask(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> None:
        _, office = language_and_office(tracker)
        try:
            booking = await call(backend_for(office).find, tracker.get_slot("booking_reference"))
        except AppointmentError:
            booking = None
        facts = booking_facts(booking, tracker) if booking else {}
        dispatcher.utter_message(response="utter_ask_cancel_confirmed", **facts)


class ActionCancelAppointment(Action):
    """Runs when the form is complete: cancels if the citizen confirmed."""

    def name(self) -> str:
        return "action_cancel_appointment"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        reset = [SlotSet(slot, None) for slot in FORM_SLOTS + [FINISHED_SLOT, REBOOKING_SLOT]]
        reference = tracker.get_slot("booking_reference")
        if tracker.get_slot(FINISHED_SLOT) or not reference:
            return reset
        _, office, facts = conversation_facts(tracker)
        if tracker.get_slot(REBOOKING_SLOT):  # the appointment form offers the new times
            try:
                booking = await call(backend_for(office).find, reference)
            except AppointmentError:
                booking = None
            if booking is not None and not booking.cancelled:
                return reset + [SlotSet("service", booking.slot.service_id),
                                SlotSet("preferred_days", None), SlotSet(REPLACES_SLOT, reference),
                                SlotSet(REPLACED_START_SLOT, booking.slot.start.isoformat()),
                                FollowupAction("appointment_form")]
        if not tracker.get_slot("cancel_confirmed"):
            dispatcher.utter_message(response="utter_appointment_kept")
            return reset
        try:
            booking = await call(backend_for(office).cancel, reference)
        except BookingNotFound:
            dispatcher.utter_message(response="utter_booking_not_found")
            return reset
        except AppointmentError as error:
            logger.warning("Cancellation at %s failed: %s", office.id, error)
            dispatcher.utter_message(response="utter_appointment_unavailable", **facts)
            return reset
        logger.info("Cancelled %s at %s", booking.reference, office.id)
        dispatcher.utter_message(
            response="utter_appointment_cancelled",
            reference=booking.reference,
            **booking_facts(booking, tracker),
        )
        return reset
