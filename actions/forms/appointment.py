"""The appointment form: service → preferred days → one of at most five free times → booked.

The free times are searched as soon as the citizen names the days, so "nothing free then" is
said right away and the question is asked again. A calendar that is down or slow ends the
form with the online booking link and the phone number.
"""

import json
import logging
import re
from datetime import date, datetime, timedelta
from typing import Any, Dict, List, Optional

from babel.dates import format_date, format_skeleton, format_time
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.appointments.access import backend_for, call
from actions.appointments.model import AppointmentError, BackendUnavailable, SlotQuery, SlotTaken
from actions.context import conversation_facts, language_and_office
from actions.forms.base import FINISHED_SLOT, LotseForm
from actions.forms.dates import DayPreference, parse_day_preference
from actions.languages import response_text
from actions.office import Office

logger = logging.getLogger(__name__)
OFFERED = 5
# a weekday filter is applied after the search, so search wider than what is offered
SEARCHED = 60
FORM_SLOTS = ["service", "preferred_days", "appointment_start", "appointment_options"]
# questions whose topic is a service: "Termin" after asking about the Blue Card books that
INTENT_SERVICES = {
    "extend_permit": "extension",
    "settlement_permit": "settlement_permit",
    "blue_card": "blue_card",
    "fictional_certificate": "fictional_certificate",
    "lost_document": "lost_card",
    "visitor_invitation": "formal_obligation",
    "ukraine_protection": "ukraine_protection",
}
# the preferred-days buttons send these instead of a typed text
BUTTON_PREFERENCES = {"soonest": "any", "morning": "morning", "afternoon": "afternoon"}
TIME = re.compile(r"\b([01]?\d|2[0-3])[:.h]([0-5]\d)\b")


def bookable_services(office: Office) -> List[Any]:
    return [s for s in office.services if s.appointment_type]


def match_service(text: str, intent: str, office: Office, language: str) -> Optional[str]:
    """The bookable service the citizen means: by the question's topic or by name."""
    bookable = {s.id: s for s in bookable_services(office)}
    if INTENT_SERVICES.get(intent) in bookable:
        return INTENT_SERVICES[intent]
    words = set(re.findall(r"\w{5,}", text.casefold()))
    hits = []
    for service in bookable.values():
        names = {service.name.get(language), service.name.get("de"), service.id}
        name_words = set(re.findall(r"\w{5,}", " ".join(names).casefold()))
        if words & name_words:
            hits.append(service.id)
    return hits[0] if len(hits) == 1 else None


def slot_title(start: datetime, language: str) -> str:
    day = format_skeleton("MMMEd", start, locale=language)
    return f"{day}, {format_time(start, 'short', locale=language)}"


async def free_times(office: Office, service_id: str, preference: DayPreference) -> List[str]:
    query = SlotQuery(
        office.id,
        service_id,
        preference.earliest,
        preference.latest,
        preference.part_of_day,
        limit=SEARCHED,
    )
    slots = await call(backend_for(office).free_slots, query)
    wanted = [
        s for s in slots if not preference.weekdays or s.start.weekday() in preference.weekdays
    ]
    return [s.start.isoformat(timespec="minutes") for s in wanted[:OFFERED]]


def preference_from(
    value: Any, office: Office, language: str, today: date
) -> Optional[DayPreference]:
    horizon = today + timedelta(days=office.appointments.embedded.booking_horizon_days)
    if isinstance(value, dict):
        return DayPreference.from_slot(value)
    if value in BUTTON_PREFERENCES:
        return DayPreference(today, horizon, (), BUTTON_PREFERENCES[value])  # type: ignore[arg-type]
    return parse_day_preference(str(value), language, today)


class ValidateAppointmentForm(LotseForm):
    def name(self) -> str:
        return "validate_appointment_form"

    def slots(self, tracker: Tracker) -> List[str]:
        if tracker.get_slot("appointment_start") and not tracker.get_slot("appointment_options"):
            return ["service", "appointment_start"]  # a time chosen on a rebooking button
        return ["service", "preferred_days", "appointment_start"]

    def parse(self, slot: str, text: str, tracker: Tracker) -> Optional[Any]:
        language, office = language_and_office(tracker)
        if slot == "service":
            intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
            return match_service(text, intent, office, language)
        if slot == "preferred_days":
            preference = parse_day_preference(text, language, date.today())
            return preference.as_slot() if preference else None
        if slot == "appointment_start":
            return self._chosen_time(text, tracker.get_slot("appointment_options") or [])
        return None

    @staticmethod
    def _chosen_time(text: str, options: List[str]) -> Optional[str]:
        """ "2" picks the second offer, "9:30" the offer at that time."""
        stripped = text.strip().rstrip(".")
        if stripped.isdigit() and 1 <= int(stripped) <= len(options):
            return options[int(stripped) - 1]
        match = TIME.search(text)
        if match:
            wanted = f"T{int(match[1]):02d}:{match[2]}"
            chosen = [o for o in options if o.endswith(wanted)]
            return chosen[0] if len(chosen) == 1 else None
        return None

    async def validate_service(self, value: Any, dispatcher, tracker, domain) -> Dict[str, Any]:
        _, office = language_and_office(tracker)
        if value in {s.id for s in bookable_services(office)}:
            return {"service": value}
        dispatcher.utter_message(response="utter_invalid_service")
        return {"service": None}

    async def validate_preferred_days(self, value: Any, dispatcher, tracker, domain):
        language, office, facts = conversation_facts(tracker)
        if value == "other":  # "other days" button under the offered times
            return {"preferred_days": None, "appointment_options": None}
        preference = preference_from(value, office, language, date.today())
        if preference is None:
            dispatcher.utter_message(response="utter_invalid_preferred_days")
            return {"preferred_days": None}
        try:
            options = await free_times(office, tracker.get_slot("service"), preference)
        except AppointmentError as error:
            logger.warning("Calendar of %s unavailable: %s", office.id, error)
            dispatcher.utter_message(response="utter_appointment_unavailable", **facts)
            return {"preferred_days": None, FINISHED_SLOT: True}
        if not options:
            dispatcher.utter_message(response="utter_no_free_slots")
            return {"preferred_days": None}
        return {"preferred_days": preference.as_slot(), "appointment_options": options}

    async def validate_appointment_start(self, value: Any, dispatcher, tracker, domain):
        options = tracker.get_slot("appointment_options")
        try:
            valid = datetime.fromisoformat(str(value)) is not None and (
                not options or value in options
            )
        except ValueError:
            valid = False
        if valid:
            return {"appointment_start": value}
        dispatcher.utter_message(response="utter_invalid_appointment_start")
        return {"appointment_start": None}


class ActionAskService(Action):
    def name(self) -> str:
        return "action_ask_service"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain
    ) -> List[EventType]:
        language, office = language_and_office(tracker)
        buttons = [
            {"title": s.name.get(language), "payload": f'/inform{{"service":"{s.id}"}}'}
            for s in bookable_services(office)
        ]
        dispatcher.utter_message(response="utter_ask_service", buttons=buttons)
        return []


class ActionAskAppointmentStart(Action):
    def name(self) -> str:
        return "action_ask_appointment_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain
    ) -> List[EventType]:
        language, _ = language_and_office(tracker)
        options = tracker.get_slot("appointment_options") or []
        buttons = [
            {
                "title": slot_title(datetime.fromisoformat(o), language),
                "payload": f'/inform{{"appointment_start":"{o}"}}',
            }
            for o in options
        ]
        other_days = response_text("utter_button_other_days", language, domain)
        buttons.append({"title": other_days, "payload": '/inform{"preferred_days":"other"}'})
        dispatcher.utter_message(response="utter_ask_appointment_start", buttons=buttons)
        return []


class ActionBookAppointment(Action):
    """Runs when the form is complete: books the chosen time, or tells why it could not."""

    def name(self) -> str:
        return "action_book_appointment"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain
    ) -> List[EventType]:
        reset = [SlotSet(slot, None) for slot in FORM_SLOTS + [FINISHED_SLOT]]
        start, service_id = tracker.get_slot("appointment_start"), tracker.get_slot("service")
        if tracker.get_slot(FINISHED_SLOT) or not start or not service_id:
            return reset  # the form already told the citizen why it ended
        language, office, facts = conversation_facts(tracker)
        backend = backend_for(office)
        try:
            booking = await call(backend.book, office.id, service_id, datetime.fromisoformat(start))
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
            documents = ", ".join(d.get(language) for d in service.documents)
            dispatcher.utter_message(response="utter_service_documents", documents=documents)
        return reset

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
