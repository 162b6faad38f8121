""" "Kann ich die Karte ohne Termin abholen?": yes or no for that one service, from the office
configuration (a service's `walk_in` hours), instead of the opening hours and "most matters by
appointment only", which answer neither. Asked angrily ("ich komme einfach morgen ohne
Termin, ok?"), a short apology comes first: the answer is what calms. A day or time named
("Dienstag um 15 Uhr ohne Termin?") outside the walk-in hours gets "not then" with the hours
and the booking, not a yes the citizen would take for that afternoon; a public holiday or a
closing day of the office gets "closed that day"."""

from dataclasses import replace
from datetime import date, time
from typing import Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.anger import is_angry
from actions.answers import next_step_and_rating
from actions.appointments.model import NOON_HOUR
from actions.context import conversation_facts, latest_intent
from actions.forms.appointment_choice import (
    clock_wished,
    closed_days,
    match_service,
    topic_service,
)
from actions.forms.choices import mentions, words
from actions.forms.day_wish import DayPreference, parse_day_preference
from actions.forms.reading import message_text
from actions.situations import service_documents
from lotse_common.facts import hours_text
from lotse_common.language import joined
from lotse_common.office.schema import OpeningHours, Service


def walk_in_service(tracker: Tracker) -> Optional[Service]:
    """The service a "without an appointment?" question is about, if it names or its topic
    gives one that is done at the office (an appointment or walk-in hours)."""
    text = message_text(tracker)
    language, office, _ = conversation_facts(tracker)
    if not text or text.startswith("/"):
        return None
    if not mentions(text, words(language).get("walk_in") or []):
        return None
    # while booking, "can I come without one instead?" is about the service being booked
    named = match_service(text, latest_intent(tracker), office, language) or (
        tracker.get_slot("service") if tracker.get_slot("requested_slot") else None)
    if not named:  # "and Tuesday 4 pm without one?" after the card pickup's walk-in hours
        before = office.service(topic_service(tracker.get_slot("topic") or "", office) or "")
        named = before.id if before is not None and before.walk_in else None
    service = office.service(named) if named else None
    if service is None or not (service.walk_in or service.appointment_type):
        return None  # applied for online or elsewhere: the topic's answer says how
    return service


def walk_in_then(hours: OpeningHours, asked: Optional[DayPreference]) -> bool:
    """Whether the days, part of the day or time asked about meet the walk-in hours (yes
    when none is named)."""
    if asked is None:
        return True
    one_day = (asked.earliest.weekday(),) if asked.earliest == asked.latest else ()
    days = asked.weekdays or one_day or tuple(range(7))
    for interval in (i for day in days for i in hours.intervals(day)):
        if asked.clock is not None:
            if interval.start <= time(asked.clock[0], asked.clock[1] or 0) < interval.end:
                return True
        elif asked.part_of_day == "morning":
            if interval.start < time(NOON_HOUR):
                return True
        elif asked.part_of_day != "afternoon" or interval.end > time(NOON_HOUR):
            return True
    return False


def _asked_when(text: str, language: str) -> Optional[DayPreference]:
    asked = parse_day_preference(text, language, date.today())
    clock = clock_wished(text, language)
    if clock is None:
        return asked
    if asked is None:  # "um 15 Uhr": any day
        today = date.today()
        asked = DayPreference(today, today, tuple(range(7)))
    return replace(asked, clock=clock)


def answer_walk_in(dispatcher: CollectingDispatcher, tracker: Tracker,
                   asking: bool = False) -> bool:
    """Answers a walk-in question about one service; False if the message is none.
    `asking`: a form's question follows, so no buttons and no rating."""
    service = walk_in_service(tracker)
    if service is None:
        return False
    language, office, facts = conversation_facts(tracker)
    if is_angry(tracker):
        dispatcher.utter_message(response="utter_sorry_short")
    name = service.name.get(language)
    asked = _asked_when(message_text(tracker), language)
    closed = closed_days(office, asked, language) if asked and service.walk_in else ""
    if closed:  # "am 25.12. ohne Termin?": a holiday, or a day the office is closed
        dispatcher.utter_message(response="utter_closed_on_days", days=closed, **facts)
        if not asking:
            next_step_and_rating(dispatcher, service)
    elif service.walk_in and not walk_in_then(service.walk_in, asked):
        dispatcher.utter_message(response="utter_walk_in_not_then", service_name=name,
                                 walk_in_hours=hours_text(service.walk_in, language), **facts)
        if not asking:
            next_step_and_rating(dispatcher, service)
    elif service.walk_in:
        documents = joined(service_documents(service, tracker, language), language)
        dispatcher.utter_message(response="utter_walk_in", service_name=name,
                                 walk_in_hours=hours_text(service.walk_in, language),
                                 documents=documents, **facts)
        if not asking:
            dispatcher.utter_message(response="utter_ask_feedback")
    else:
        dispatcher.utter_message(response="utter_walk_in_no", service_name=name, **facts)
        if not asking:
            next_step_and_rating(dispatcher, service)
    return True
