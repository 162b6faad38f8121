"""What every answering action needs: the conversation's language and office, and the
office facts that responses may use as placeholders."""

from typing import Dict, Tuple

from babel.dates import get_day_names
from rasa_sdk import Tracker

from actions.figures import figure_facts
from actions.languages import tracker_language
from actions.office import Office, current_registry
from actions.office.schema import WEEKDAYS


def language_and_office(tracker: Tracker) -> Tuple[str, Office]:
    office = current_registry().get(tracker.get_slot("office_id"))
    return tracker_language(tracker), office


def opening_hours(office: Office, language: str) -> str:
    """'Mo. 08:00–12:00 · Di. 08:00–12:00, 14:00–17:30 · ...' in the citizen's language."""
    names = get_day_names("abbreviated", locale=language)
    days = []
    for index, _ in enumerate(WEEKDAYS):
        intervals = office.opening_hours.intervals(index)
        if intervals:
            times = ", ".join(f"{i.start:%H:%M}–{i.end:%H:%M}" for i in intervals)
            days.append(f"{names[index]} {times}")
    return " · ".join(days)


def office_facts(office: Office, language: str) -> Dict[str, str]:
    """Placeholders every response and topic answer may use."""
    address = office.address
    return {
        "office_name": office.name.get(language),
        "phone": office.contact.phone,
        "email": office.contact.email,
        "extension_lead_weeks": str(office.extension_lead_weeks),
        "hours": opening_hours(office, language),
        "postal_address": f"{address.street}, {address.postal_code} {address.town}",
        "booking_url": str(office.appointments.online_booking_url),
        **figure_facts(office, language),
    }


def latest_intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def conversation_facts(tracker: Tracker) -> Tuple[str, Office, Dict[str, str]]:
    """Language, answering office and its facts: what every answering action starts with."""
    language, office = language_and_office(tracker)
    return language, office, office_facts(office, language)
