"""The appointment form: service → preferred days → one of at most five free times → booked.

Service and days may come in the first message ("nächste Woche vormittags zur
Verlängerung"); a time is chosen by button or in words ("den zweiten", "halb zehn",
"Dienstag": actions/forms/appointment_choice.py), and the offer says what the form
understood. The free times are searched as soon as the citizen names the days, so "nothing
free then" is said right away and the question is asked again. A service the chat cannot
book, and a calendar that is down or slow, end the form with the online way and the phone.
"""

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

from actions.answers import answer_topic, appointment_payload
from actions.appointments.model import (
    AppointmentError,
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
from actions.forms.cancellation import REPLACED_START_SLOT
from actions.forms.choices import choose, mentions, normalize, offered_options, words
from actions.forms.day_wish import DayPreference, changed_preference, parse_day_preference
from actions.forms.extension import expiry_ahead
from actions.forms.reading import message_text
from actions.knowledge import current_knowledge
from actions.languages import response_text
from actions.office import Office
from actions.office_answers import answer_office
from actions.referrals import booked_elsewhere
from actions.situations import routed_service
from actions.walk_in import answer_walk_in
from lotse_common.language import joined

logger = logging.getLogger(__name__)
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
    if isinstance(value, str) and value in BUTTON_PREFERENCES:
        return DayPreference(today, horizon, (), BUTTON_PREFERENCES[value])  # type: ignore[arg-type]
    if isinstance(value, dict):
        return DayPreference.from_slot(value)
    days = office.appointments.embedded.booking_horizon_days
    wish = parse_day_preference(str(value), language, today, days)
    if wish is not None and wish.latest < today - timedelta(days=days) \
            and not re.search(r"\d{4}", str(value)):
        # "am 27.07." said in December: next July, not a day long gone ("am 6.12." two days
        # ago, "bis 5.12." or a year typed are left as said)
        wish = replace(wish, earliest=_next_year(wish.earliest), latest=_next_year(wish.latest))
    return wish


# a range of days this long ("next week") leaves out the offers before it
WEEK_SPAN = 4


def typed_title(text: str, tracker: Tracker) -> Optional[str]:
    """The offered time whose button title the citizen typed, or a messenger's keyboard sent
    as text ("mar, 8 dic, 15:00", where "mar" is also March); else None."""
    typed = normalize(text)
    return next((o.value for o in offered_options(tracker.events, "appointment_start")
                 if typed and normalize(o.title) == typed), None)


def other_than_replaced(wish: DayPreference, replaced: Optional[str]) -> DayPreference:
    """ "del martes al jueves", "move Tuesday to Thursday", "el martes trabajo, mejor el
    jueves": of the weekdays named for a move, the day of the appointment moved is the one
    to leave; named alone, it is still wished (another time that day)."""
    if not replaced or len(wish.weekdays) < 2:
        return wish
    old = datetime.fromisoformat(replaced).weekday()
    return replace(wish, weekdays=tuple(d for d in wish.weekdays if d != old),
                   day_parts=tuple(p for p in wish.day_parts if p[0] != old))


def _long(day: date, language: str) -> str:
    """"18. Januar 2027", "18 января 2027 г": the sentence's own full stop follows."""
    return format_date(day, "long", locale=language).rstrip(".")


def _next_year(day: date) -> date:
    """The same day a year later; 29 February's next year is 1 March."""
    if (day.month, day.day) == (2, 29):
        return date(day.year + 1, 3, 1)
    return day.replace(year=day.year + 1)


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
            # "kann ich ohne Termin kommen?" asks about the desk: yes or no for the service it
            # names (actions/walk_in.py); naming none, the hours and the office's note on
            # appointments, the booking as the next step
            if not answer_walk_in(dispatcher, tracker):
                answer_office(dispatcher, tracker, "office_hours")
                dispatcher.utter_message(
                    response="utter_next_step", appointment_payload=appointment_payload(None))
            return [SlotSet(FINISHED_SLOT, True), SlotSet(REQUESTED_SLOT, None)]
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
            named = match_service(text, intent, office, language)
            if named and named not in {s.id for s in bookable_services(office)}:
                # "Ausbildung" from an asylum seeker: not the training visa (applied for
                # online), the employment permit its topic's route gives (§ 61 AsylG)
                topic = current_knowledge().topic_for_service(named)
                routed = routed_service(topic, tracker, language) if topic else None
                return routed if routed and office.service(routed) else named
            return named
        if slot == "preferred_days":
            if typed_title(text, tracker):
                return None  # an offered time chosen, no other day wished
            preference = preference_from(text, office, language, date.today())
            if preference is None:
                return None
            preference = other_than_replaced(preference, tracker.get_slot(REPLACED_START_SLOT))
            return replace(preference, clock=clock_wished(text, language)).as_slot()
        if slot == "appointment_start":
            options = tracker.get_slot("appointment_options") or []
            titled = typed_title(text, tracker)
            if titled is not None:
                return titled
            said = tracker.get_slot("preferred_days")
            wish = changed_preference(text, language, date.today(),
                                      DayPreference.from_slot(said) if said else None)
            if wish is not None and options and wish.earliest > date.today() \
                    and (wish.latest - wish.earliest).days >= WEEK_SPAN:
                # "no, better next week in the afternoon": this week's afternoon offer is not
                # it (a single day named, "the 2nd one", still picks among the offers)
                inside = [o for o in options
                          if wish.earliest <= date.fromisoformat(o[:10]) <= wish.latest]
                if not inside:
                    return {"new_preference": wish.as_slot()}
                options = inside
            chosen, candidates, recognised = choose_time(text, options, language, date.today())
            if chosen is not None:
                return chosen
            if not candidates and options:  # "lieber nachmittags": other times than offered
                said = tracker.get_slot("preferred_days")
                before = DayPreference.from_slot(said) if said else None
                preference = changed_preference(text, language, date.today(), before)
                if preference is not None:
                    return {"new_preference": preference.as_slot()}
                clock = clock_wished(text, language)
                if clock is not None and said:
                    # "halb zehn" when Monday 9:30 is too soon: that time on another of the
                    # days wished, not "that is none of the offered times"
                    return {"new_preference": {**said, "clock": list(clock)}, "at_time": True}
            if recognised:
                return {"choose_from": candidates}  # "Dienstag" with two Tuesday offers
            other = choose(text, offered_options(tracker.events, "preferred_days"), language)
            return {"other_days": True} if other is not None else None
        return None

    def by_topic(self, slot: str, tracker: Tracker) -> Optional[Any]:
        # the topic, not a service its story tells of ("ich kam über den Familiennachzug"),
        # or its route's ("Asylbewerber, darf ich arbeiten?": the employment permit)
        if slot != "service":
            return None
        language, office = language_and_office(tracker)
        routed = routed_service(latest_intent(tracker), tracker, language)
        if routed is not None and office.service(routed) is not None:
            return routed
        return topic_service(latest_intent(tracker), office)

    def understood(self, found: Dict[str, Any], tracker: Tracker, domain) -> List[str]:
        """The service taken from the citizen's words, before the question for the days; the
        days while the service is open ("nächste Woche Donnerstag nachmittags" to "wofür?"),
        before the question for it; both: the offer of free times says them."""
        language, office = language_and_office(tracker)
        if "preferred_days" in found and "service" not in found:
            if tracker.get_slot("service"):
                return []
            return [describe_preference(found["preferred_days"], language, date.today())]
        if "service" not in found or "preferred_days" in found:
            return []
        service = office.service(str(found["service"]))
        return [service.name.get(language)] if service else []

    async def validate_service(self, value: Any, dispatcher, tracker, domain) -> Dict[str, Any]:
        language, office, facts = conversation_facts(tracker)
        if value in {s.id for s in bookable_services(office)}:
            # "vence el 10 de enero, todavía no se venció": a day still to come is no expiry
            expired = mentions(message_text(tracker), words(language)["expired"]) and not (
                expiry_ahead(tracker))
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
            # a day named ("Donnerstag", "am 10.12.") is full or closed: the nearest times,
            # announced as such ("call us if it is urgent" only when there are none)
            nearest = await nearest_times(office, tracker.get_slot("service"), preference)
            closed = closed_days(office, preference, language)
            horizon_days = office.appointments.embedded.booking_horizon_days
            if preference.earliest > date.today() + timedelta(days=horizon_days):
                # "27.07." in December: how far ahead the office books and from when that day
                # can be booked, not only "no free appointments"
                dispatcher.utter_message(
                    response="utter_beyond_booking_horizon", horizon_days=str(horizon_days),
                    last_day=_long(date.today() + timedelta(days=horizon_days), language),
                    opens=_long(preference.earliest - timedelta(days=horizon_days), language))
            if closed:  # "Mittwoch" where the office never opens: say so, with the hours
                dispatcher.utter_message(response="utter_closed_on_days", days=closed, **facts)
            else:
                dispatcher.utter_message(
                    response="utter_no_free_slots_nearby" if nearest else "utter_no_free_slots",
                    **facts)
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
            first = (found.get("appointment_options") or [None])[0]
            clock = value["new_preference"].get("clock")
            if value.get("at_time") and first and clock and datetime.fromisoformat(first).strftime(
                    "%H:%M") == f"{clock[0]:02d}:{clock[1] or 0:02d}":
                return {**found, "appointment_start": first}  # the very time asked for
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
