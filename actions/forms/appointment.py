"""The appointment form: service → preferred days → one of at most five free times → booked.

Service and days may come in the first message ("nächste Woche vormittags zur
Verlängerung"); a time is chosen by button or in words ("den zweiten", "halb zehn",
"Dienstag": actions/forms/appointment_choice.py), and the offer says what the form
understood. The free times are searched as soon as the citizen names the days, so "nothing
free then" is said right away and the question is asked again. A service the chat cannot
book, and a calendar that is down or slow, end the form with the online way and the phone.
"""

import json
import logging
import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any, Dict, List, Optional

from babel.dates import format_date, format_skeleton, format_time
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from actions import limits, settings
from actions.answers import answer_topic, appointment_payload
from actions.appointments.access import backend_for, book, call
from actions.appointments.model import (
    AppointmentError,
    BackendUnavailable,
    Booking,
    SlotTaken,
)
from actions.context import conversation_facts, language_and_office, latest_intent
from actions.forms.appointment_choice import (
    choose_time,
    clock_wished,
    closed_days,
    describe_preference,
    free_times,
    match_service,
    nearest_times,
    topic_service,
)
from actions.forms.asking import OFFERED_SLOT, AskQuestion
from actions.forms.base import FINISHED_SLOT, LotseForm
from actions.forms.cancellation import REPLACES_SLOT, release_replaced
from actions.forms.choices import choose, mentions, offered_options, words
from actions.forms.day_wish import DayPreference, changed_preference, parse_day_preference
from actions.forms.reading import message_text
from actions.knowledge import current_knowledge
from actions.languages import response_text
from actions.office import Office
from actions.office_answers import answer_office
from actions.referrals import booked_elsewhere
from actions.situations import service_documents
from lotse_common.language import joined

logger = logging.getLogger(__name__)
BOOKING_REFERENCE = re.compile(r"\bT-[A-Z0-9]{4}-[A-Z0-9]{4}\b")
FORM_SLOTS = ["service", "preferred_days", "appointment_start", "appointment_options"]
# the preferred-days buttons send these instead of a typed text
BUTTON_PREFERENCES = {"soonest": "any", "morning": "morning", "afternoon": "afternoon"}


def bookable_services(office: Office) -> List[Any]:
    return [s for s in office.services if s.appointment_type]


def slot_title(start: datetime, language: str) -> str:
    day = format_skeleton("MMMEd", start, locale=language)
    return f"{day}, {format_time(start, 'short', locale=language)}"


def preference_from(
    value: Any, office: Office, language: str, today: date
) -> Optional[DayPreference]:
    horizon = today + timedelta(days=office.appointments.embedded.booking_horizon_days)
    if isinstance(value, dict):
        return DayPreference.from_slot(value)
    if value in BUTTON_PREFERENCES:
        return DayPreference(today, horizon, (), BUTTON_PREFERENCES[value])  # type: ignore[arg-type]
    return parse_day_preference(str(value), language, today,
                                office.appointments.embedded.booking_horizon_days)


class ValidateAppointmentForm(LotseForm):
    VOLUNTEERED = ("service", "preferred_days")
    CHANGEABLE = ("service",)
    REMEMBERED = ("service",)
    SKIPPABLE = {"preferred_days": "soonest"}
    INTENT = "book_appointment"

    def name(self) -> str:
        return "validate_appointment_form"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        language, _ = language_and_office(tracker)
        walk_in = mentions(message_text(tracker), words(language).get("walk_in") or [])
        if walk_in and not tracker.get_slot("requested_slot"):
            # "kann ich ohne Termin kommen?" asks about the desk: the hours and the office's
            # note on appointments, the booking as the next step
            answer_office(dispatcher, tracker, "office_hours")
            dispatcher.utter_message(
                response="utter_next_step", appointment_payload=appointment_payload(None)
            )
            return [SlotSet(FINISHED_SLOT, True)]
        if not tracker.get_slot("requested_slot") and booked_elsewhere(dispatcher, tracker):
            # naturalisation: its department's; no question of this form follows
            return [SlotSet(FINISHED_SLOT, True), SlotSet(REQUESTED_SLOT, None)]
        return await super().run(dispatcher, tracker, domain)

    def slots(self, tracker: Tracker) -> List[str]:
        if tracker.get_slot("appointment_start") and not tracker.get_slot("appointment_options"):
            return ["service", "appointment_start"]  # a time chosen on a rebooking button
        return ["service", "preferred_days", "appointment_start"]

    def parse(self, slot: str, text: str, tracker: Tracker) -> Optional[Any]:
        language, office = language_and_office(tracker)
        if slot == "service":
            # the question's topic counts when the form starts or asks, not in later answers
            requested = tracker.get_slot("requested_slot")
            intent = latest_intent(tracker) if requested in (None, "service") else ""
            return match_service(text, intent, office, language)
        if slot == "preferred_days":
            preference = parse_day_preference(
                text, language, date.today(), office.appointments.embedded.booking_horizon_days)
            if preference is None:
                return None
            return replace(preference, clock=clock_wished(text, language)).as_slot()
        if slot == "appointment_start":
            options = tracker.get_slot("appointment_options") or []
            chosen, candidates, recognised = choose_time(text, options, language, date.today())
            if chosen is not None:
                return chosen
            if not candidates and options:  # "lieber nachmittags": other times than offered
                said = tracker.get_slot("preferred_days")
                before = DayPreference.from_slot(said) if said else None
                preference = changed_preference(text, language, date.today(), before)
                if preference is not None:
                    return {"new_preference": preference.as_slot()}
            if recognised:
                return {"choose_from": candidates}  # "Dienstag" with two Tuesday offers
            other = choose(text, offered_options(tracker.events, "preferred_days"), language)
            return {"other_days": True} if other is not None else None
        return None

    def by_topic(self, slot: str, tracker: Tracker) -> Optional[Any]:
        # the topic, not a service its story tells of ("ich kam über den Familiennachzug")
        _, office = language_and_office(tracker)
        return topic_service(latest_intent(tracker), office) if slot == "service" else None

    def understood(self, found: Dict[str, Any], tracker: Tracker, domain) -> List[str]:
        """The service taken from the citizen's words, before the question for the days;
        with the days, the offer of free times says both ("Verlängerung, Dienstag – …")."""
        if "service" not in found or "preferred_days" in found:
            return []
        language, office = language_and_office(tracker)
        service = office.service(str(found["service"]))
        return [service.name.get(language)] if service else []

    async def validate_service(self, value: Any, dispatcher, tracker, domain) -> Dict[str, Any]:
        language, office, facts = conversation_facts(tracker)
        if value in {s.id for s in bookable_services(office)}:
            expired = mentions(message_text(tracker), words(language)["expired"])
            if value == "extension" and expired and latest_intent(tracker) != "permit_expired":
                # "Termin, meine Karte ist abgelaufen": what that means comes before the times
                answer_topic(dispatcher, tracker, "permit_expired", next_step=False)
            preferred = tracker.get_slot("preferred_days")
            days_now = "preferred_days" in tracker.slots_to_validate()  # searched there
            if preferred and not days_now and not tracker.get_slot("appointment_start"):
                # days said before the service, or another service after the times were
                # offered ("lieber Karte abholen"): search now, for the same days
                return await self.validate_preferred_days(preferred, dispatcher, tracker, domain)
            return {"service": value}
        service = office.service(str(value))
        if service is not None:  # e.g. a first permit: applied for online, not at the desk
            online = str(service.online_application_url or facts["booking_url"])
            dispatcher.utter_message(
                response="utter_service_not_bookable",
                service_name=service.name.get(language),
                online_url=online,
                **facts,
            )
            # "what do I need for it?" is then about this service
            topic = current_knowledge().topic_for_service(str(value))
            return {"service": None, FINISHED_SLOT: True, "topic": topic}
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
        if not tracker.get_slot("service"):  # the days came first: search once the service is known
            return {"preferred_days": preference.as_slot()}
        try:
            options = await free_times(office, tracker.get_slot("service"), preference)
        except AppointmentError as error:
            logger.warning("Calendar of %s unavailable: %s", office.id, error)
            dispatcher.utter_message(response="utter_appointment_unavailable", **facts)
            return {"preferred_days": None, FINISHED_SLOT: True}
        if not options:
            closed = closed_days(office, preference, language)
            if closed:  # "Mittwoch" where the office never opens: say so, with the hours
                dispatcher.utter_message(response="utter_closed_on_days", days=closed, **facts)
            else:
                dispatcher.utter_message(response="utter_no_free_slots", **facts)
            # a day named ("Donnerstag", "am 10.12.") is full or closed: the nearest times
            nearest = await nearest_times(office, tracker.get_slot("service"), preference)
            if nearest:
                return {"preferred_days": nearest[0].as_slot(), "appointment_options": nearest[1]}
            return {"preferred_days": None, "appointment_options": None}
        return {"preferred_days": preference.as_slot(), "appointment_options": options}

    async def validate_appointment_start(self, value: Any, dispatcher, tracker, domain):
        options = tracker.get_slot("appointment_options")
        if isinstance(value, dict) and value.get("other_days"):
            return {"appointment_start": None, "preferred_days": None, "appointment_options": None}
        if isinstance(value, dict) and value.get("new_preference"):
            found = await self.validate_preferred_days(
                value["new_preference"], dispatcher, tracker, domain
            )
            return {"appointment_start": None, **found}
        if isinstance(value, dict):  # a time named in words that fits none or several offers
            candidates = [c for c in value.get("choose_from") or [] if c in (options or [])]
            if len(candidates) > 1:  # asked here, in place of the usual question
                language, _ = language_and_office(tracker)
                buttons = time_buttons(candidates, language, domain)
                dispatcher.utter_message(response="utter_appointment_ambiguous", buttons=buttons)
                return {
                    "appointment_start": None,
                    "appointment_options": candidates,
                    OFFERED_SLOT: "appointment_start",
                }
            dispatcher.utter_message(response="utter_appointment_not_offered")
            return {"appointment_start": None}
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


def time_buttons(options: List[str], language: str, domain: Dict[str, Any]) -> List[Dict]:
    """The offered times as buttons, and "other days"."""
    buttons = [
        {
            "title": slot_title(datetime.fromisoformat(o), language),
            "payload": f'/inform{{"appointment_start":"{o}"}}',
        }
        for o in options
    ]
    other_days = response_text("utter_button_other_days", language, domain)
    buttons.append({"title": other_days, "payload": '/inform{"preferred_days":"other"}'})
    return buttons


class ActionAskService(AskQuestion, Action):
    SLOT = "service"

    async def ask(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> None:
        language, office = language_and_office(tracker)
        buttons = [
            {"title": s.name.get(language), "payload": f'/inform{{"service":"{s.id}"}}'}
            for s in bookable_services(office)
        ]
        dispatcher.utter_message(response="utter_ask_service", buttons=buttons)


class ActionAskAppointmentStart(AskQuestion, Action):
    SLOT = "appointment_start"

    async def ask(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> None:
        language, office = language_and_office(tracker)
        options = tracker.get_slot("appointment_options") or []
        service = office.service(tracker.get_slot("service") or "")
        understood = [service.name.get(language)] if service else []
        if tracker.get_slot("preferred_days"):
            preference = tracker.get_slot("preferred_days")
            understood.append(describe_preference(preference, language, date.today()))
        buttons = time_buttons(options, language, domain)
        dispatcher.utter_message(
            response="utter_ask_appointment_start",
            understood=joined((u for u in understood if u), language),
            buttons=buttons,
        )


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
        reset = [SlotSet(slot, None) for slot in FORM_SLOTS + [FINISHED_SLOT, REPLACES_SLOT]]
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
