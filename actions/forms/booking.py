"""Booking the time the appointment form settled on: at most the configured number of
appointments ahead per conversation, a rate limit per client, and the next free times when
someone else was faster. A move (actions/forms/cancellation.py) releases the old time only
once the new one is booked."""

import json
import logging
import re
from datetime import datetime
from typing import List

from babel.dates import format_date, format_time
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import limits, settings
from actions.appointments.access import backend_for, book, call
from actions.appointments.model import (
    AppointmentError,
    BackendUnavailable,
    Booking,
    SlotTaken,
)
from actions.context import conversation_facts
from actions.forms.appointment import FORM_SLOTS, slot_title
from actions.forms.appointment_choice import free_times
from actions.forms.base import FINISHED_SLOT
from actions.forms.cancellation import REPLACED_START_SLOT, REPLACES_SLOT, release_replaced
from actions.forms.day_wish import DayPreference
from actions.knowledge import current_knowledge
from actions.situations import service_documents
from lotse_common.language import joined

logger = logging.getLogger(__name__)

BOOKING_REFERENCE = re.compile(r"\bT-[A-Z0-9]{4}-[A-Z0-9]{4}\b")


async def active_bookings(tracker: Tracker, backend) -> List[Booking]:
    """The bookings this conversation made that are still ahead and not cancelled."""
    references = {
        reference
        for event in tracker.events
        if event.get("event") == "bot"
        and (event.get("metadata") or {}).get("utter_action") == "utter_appointment_booked"
        for reference in BOOKING_REFERENCE.findall(event.get("text") or "")
    }
    held = []
    for reference in sorted(references):
        try:
            booking = await call(backend.find, reference)
        except AppointmentError:
            continue  # the calendar cannot say: the booking attempt will tell
        if booking and not booking.cancelled and booking.slot.start.replace(tzinfo=None) > \
                datetime.now():
            held.append(booking)
    return sorted(held, key=lambda b: b.slot.start)


class ActionBookAppointment(Action):
    """Runs when the form is complete: books the chosen time, or tells why it could not."""

    def name(self) -> str:
        return "action_book_appointment"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain
    ) -> List[EventType]:
        reset = [SlotSet(slot, None)
                 for slot in FORM_SLOTS + [FINISHED_SLOT, REPLACES_SLOT, REPLACED_START_SLOT]]
        start, service_id = tracker.get_slot("appointment_start"), tracker.get_slot("service")
        if tracker.get_slot(FINISHED_SLOT) or not start or not service_id:
            return reset  # the form already told the citizen why it ended
        language, office, facts = conversation_facts(tracker)
        backend = backend_for(office)
        held = [b for b in await active_bookings(tracker, backend)
                if b.reference != tracker.get_slot(REPLACES_SLOT)]  # a move holds one
        if len(held) >= settings.MAX_ACTIVE_BOOKINGS:
            dispatcher.utter_message(
                response="utter_appointment_already_booked", reference=held[-1].reference,
                day=format_date(held[-1].slot.start.date(), "full", locale=language),
                time=format_time(held[-1].slot.start, "short", locale=language), **facts)
            return reset
        if not limits.allow("booking", tracker):
            # a shelter's shared Wi-Fi, not a script: the time chosen and where to book it
            chosen = datetime.fromisoformat(start)
            dispatcher.utter_message(
                response="utter_booking_limit", **facts,
                day=format_date(chosen.date(), "full", locale=language),
                time=format_time(chosen, "short", locale=language))
            return reset
        try:
            booking = await book(backend, office.id, service_id, datetime.fromisoformat(start))
        except SlotTaken:
            await self._offer_other_times(dispatcher, tracker, office, service_id, language)
            return reset
        except (BackendUnavailable, AppointmentError) as error:
            logger.warning("Booking at %s failed: %s", office.id, error)
            dispatcher.utter_message(response="utter_appointment_unavailable", **facts)
            return reset
        service = office.service(service_id)
        logger.info("Booked %s at %s", booking.reference, office.id)
        dispatcher.utter_message(
            response="utter_appointment_booked",
            service_name=service.name.get(language) if service else service_id,
            day=format_date(booking.slot.start.date(), "full", locale=language),
            time=format_time(booking.slot.start, "short", locale=language),
            reference=booking.reference,
            **facts,
        )
        if service is not None and service.documents:
            documents = joined(service_documents(service, tracker, language), language)
            dispatcher.utter_message(response="utter_service_documents", documents=documents)
        await release_replaced(dispatcher, tracker, backend)
        return reset + [SlotSet("topic", current_knowledge().topic_for_service(service_id)
                                 or tracker.get_slot("topic"))]

    @staticmethod
    async def _offer_other_times(dispatcher, tracker, office, service_id, language) -> None:
        """Someone was faster: offer the next free times; a button books directly."""
        preferred = tracker.get_slot("preferred_days")
        try:
            options = (
                await free_times(office, service_id, DayPreference.from_slot(preferred))
                if preferred
                else []
            )
        except AppointmentError:
            options = []
        buttons = [
            {
                "title": slot_title(datetime.fromisoformat(o), language),
                "payload": "/book_appointment"
                + json.dumps({"service": service_id, "appointment_start": o}),
            }
            for o in options
        ]
        dispatcher.utter_message(response="utter_appointment_taken", buttons=buttons)
