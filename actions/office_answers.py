"""Answers about the office itself, from its configuration: hours, contact, location,
responsibility, and how to reach a person."""

from datetime import date
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.anger import answer_anger, phone_unanswered
from actions.context import conversation_facts, language_and_office, office_facts
from actions.forms.appointment_choice import closed_days
from actions.forms.day_wish import parse_day_preference
from actions.office import current_registry
from actions.referrals import (
    called_authority,
    not_responsible,
    referral,
    referred_before,
    where_to_find,
)
from lotse_common.script import WORD, arabic_script_folded, han_spaced

RESPONSES = {
    "office_hours": "utter_office_hours",
    "office_contact": "utter_office_contact",
    "office_location": "utter_office_location",
    "office_responsibility": "utter_office_responsibility",
    "book_appointment": "utter_appointment_online",
    "cancel_appointment": "utter_cancel_appointment_info",
}

# asked right after a referral, these are about the authority named ("wo ist das?", "куда?",
# "what's their number?"); a longer message may name the immigration office again
ABOUT_A_REFERRAL = {"office_location", "office_contact", "office_hours"}
SHORT = 5


def answer_office(dispatcher: CollectingDispatcher, tracker: Tracker, intent: str) -> None:
    language, office, facts = conversation_facts(tracker)
    if intent == "office_hours":  # "habt ihr morgen offen?" on a Saturday: closed, say so
        text = str(tracker.latest_message.get("text") or "")
        asked = None if text.startswith("/") else parse_day_preference(text, language, date.today())
        closed = closed_days(office, asked, language) if asked else ""
        if closed:
            dispatcher.utter_message(response="utter_closed_on_days", days=closed, **facts)
            return
    note = office.opening_hours.note
    address = office.address
    dispatcher.utter_message(
        response=RESPONSES.get(intent, "utter_office_contact"),
        note=note.get(language) if note else "",
        directions=address.directions.get(language) if address.directions else "",
        accessibility=address.accessibility.get(language) if address.accessibility else "",
        towns=", ".join(office.responsibility.towns),
        **facts,
    )


def answer_office_question(
    dispatcher: CollectingDispatcher, tracker: Tracker, intent: str
) -> List[EventType]:
    """An office fact; for "who is responsible for 99920?" the office of that place."""
    text = str(tracker.latest_message.get("text") or "/")
    authority = None
    if intent in ABOUT_A_REFERRAL and not text.startswith("/"):
        # "Wie erreiche ich das BAMF?" names another authority; "wo ist das?" right after
        # "the Zulassungsstelle does that" asks for that one: its address and contact
        authority = called_authority(text) or (
            referred_before(tracker) if len(text.split()) <= SHORT else None)
    if authority is not None:
        language, office, facts = conversation_facts(tracker)
        where = where_to_find(authority, office, language)
        named = referral(authority, office, language)
        if where and named and where != named["authority"]:
            dispatcher.utter_message(text=where)
            return []
        if named:  # no address or link known here: whose matter it is, as a referral says
            dispatcher.utter_message(response="utter_referral", **named, **facts)
            return []
    place = named_place(tracker) if intent == "office_responsibility" else None
    if place is None:
        answer_office(dispatcher, tracker, intent)
        return []
    office = current_registry().responsible_for(place)
    if office is None:
        language, answering, facts = conversation_facts(tracker)
        not_responsible(dispatcher, answering, place, language, facts)
        return []
    # from now on this office's facts answer (hours, services, appointments)
    dispatcher.utter_message(
        response="utter_office_responsible",
        place=place,
        **office_facts(office, language_and_office(tracker)[0]),
    )
    return [SlotSet("office_id", office.id)]


def _words(text: str) -> str:
    # Chinese runs into a town's name: "我住在Oberdorf，是归你们管吗"
    return " " + " ".join(WORD.findall(arabic_script_folded(han_spaced(text.casefold())))) + " "


def named_place(tracker: Tracker) -> Optional[str]:
    """A postal code (entity) or a town of one of the offices named in the message."""
    code = next(tracker.get_latest_entity_values("postal_code"), None)
    if code:
        return str(code)
    text = _words(tracker.latest_message.get("text") or "")
    offices = current_registry().offices
    towns = [t for o in offices for t in o.responsibility.towns]
    towns += [t for o in offices for n in o.referrals.neighbours for t in n.towns]
    return next((t for t in towns if _words(t) in text), None)


class ActionHumanContact(Action):
    """The citizen wants a person: phone, e-mail and hours of the responsible office."""

    def name(self) -> str:
        return "action_human_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        if phone_unanswered(tracker):  # "keiner geht ans Telefon": the other ways first
            answer_anger(dispatcher, tracker)
            return []
        *_, facts = conversation_facts(tracker)
        dispatcher.utter_message(response="utter_human_contact", **facts)
        return []
