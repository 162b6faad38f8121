"""Not our remit, not our district: say whose it is (conversation guide rules 14 and 15).

The authorities and what they handle come from knowledge/referrals.yml; the office
configuration's `referrals` section names the local ones (name, link, phone) and the
neighbouring immigration offices.
"""

from functools import lru_cache
from typing import Any, Dict, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import settings
from actions.context import conversation_facts
from actions.forms.appointment_choice import service_in_text
from actions.forms.choices import mentions
from actions.languages import localized
from actions.office import Office
from lotse_common.office.schema import Neighbour, OtherAuthority
from lotse_common.yaml_files import read_yaml


@lru_cache(maxsize=1)
def authorities() -> Dict[str, Dict[str, Any]]:
    path = settings.KNOWLEDGE_DIR / "referrals.yml"
    return read_yaml(path)["authorities"]


def contact_line(url: Optional[Any], phone: Optional[str]) -> str:
    """' https://… · ☎ +49 …': how to reach an authority as far as known, to follow a
    sentence (empty if nothing is known)."""
    parts = [*([str(url)] if url else []), *([f"☎ {phone}"] if phone else [])]
    return " " + " · ".join(parts) if parts else ""


def referral(authority_id: str, office: Office, language: str) -> Optional[Dict[str, str]]:
    """Name, what it handles and how to reach it; the office's local entry wins."""
    entry = authorities().get(authority_id)
    if entry is None:
        return None
    local: Optional[OtherAuthority] = office.referrals.authorities.get(authority_id)
    name = local.name.get(language) if local else localized(entry["name"], language)
    url = (local.url if local and local.url else None) or entry.get("url")
    phone = local.phone if local else None
    return {
        "authority": name,
        "handles": localized(entry["handles"], language),
        "contact": contact_line(url, phone),
    }


def referred_before(tracker: Tracker) -> Optional[str]:
    """The authority the bot's answer to the previous message sent the citizen to ("wo ist
    das?", "куда?" then ask about it, not about the immigration office)."""
    users = [i for i, e in enumerate(tracker.events) if e.get("event") == "user"]
    if len(users) < 2:
        return None
    previous = tracker.events[users[-2]]
    answer = tracker.events[users[-2] + 1:users[-1]]
    if not any(e.get("event") == "bot" and (e.get("metadata") or {}).get("utter_action")
               == "utter_referral" for e in answer):
        return None
    found = [e.get("value") for e in (previous.get("parse_data") or {}).get("entities") or []
             if e.get("entity") == "authority"]
    return str(found[0]) if len(found) == 1 else None


def called_authority(text: str) -> Optional[str]:
    """The one other authority a question names ("Wie erreiche ich das BAMF?", "bamfa nasıl
    ulaşırım", "Öffnungszeiten Jobcenter"), else None."""
    named = [a for a, entry in authorities().items() if mentions(text, entry.get("called") or [])]
    return named[0] if len(named) == 1 else None


def where_to_find(authority_id: str, office: Office, language: str) -> Optional[str]:
    """ "Kfz-Zulassungsstelle …: Gewerbestraße 12, 99901 Musterhausen · https://… · ☎ …"."""
    named = referral(authority_id, office, language)
    if named is None:
        return None
    local = office.referrals.authorities.get(authority_id)
    return _where(named["authority"], local.address if local else None, named["contact"])


def department_for(topic_id: str, office: Office, language: str) -> Optional[str]:
    """The department that handles the topic, with address and contact, where the office
    configuration names one (`referrals.departments`: naturalisation)."""
    department = office.referrals.departments.get(topic_id.split("/")[0])
    if department is None:
        return None
    return _where(department.name.get(language), department.address,
                  contact_line(department.url, department.phone))


def booked_elsewhere(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """ "Kann ich dafür einen Termin machen?" after the naturalisation answer: that
    department gives the appointments, not the immigration office (unless a service of
    ours is named: "Termin zur Verlängerung")."""
    language, office, _ = conversation_facts(tracker)
    text = str(tracker.latest_message.get("text") or "")
    topic = str(tracker.get_slot("topic") or "")
    if tracker.get_slot("service") or service_in_text(text, office, language) is not None:
        return False
    where = department_for(topic, office, language)
    if where is None:
        return False
    dispatcher.utter_message(response="utter_appointment_elsewhere", where=where)
    return True


def _where(name: str, address: Optional[str], contact: str) -> str:
    return f"{name}:{f' {address} ·' if address else ''}{contact}".rstrip(" ·:")


def neighbour_for(office: Office, place: str) -> Optional[Neighbour]:
    """The neighbouring immigration office the configuration names for a postal code or town."""
    place = place.strip().casefold()
    return next(
        (
            n
            for n in office.referrals.neighbours
            if place in n.postal_codes or place in (t.casefold() for t in n.towns)
        ),
        None,
    )


def not_responsible(
    dispatcher: CollectingDispatcher, office: Office, place: str, language: str,
    facts: Dict[str, str],
) -> None:
    """A place none of our offices covers: the neighbour if configured, else the finder."""
    neighbour = neighbour_for(office, place)
    if neighbour is not None:
        dispatcher.utter_message(
            response="utter_office_neighbour",
            place=place,
            neighbour=neighbour.name.get(language),
            contact=contact_line(neighbour.url, neighbour.phone),
            **facts,
        )
        return
    dispatcher.utter_message(response="utter_office_not_responsible", place=place, **facts)
    finder = office.referrals.office_finder_url
    if finder:
        dispatcher.utter_message(response="utter_office_finder", finder_url=str(finder))


def refer(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Another authority's matter (the `authority` entity) gets its name and contact;
    anything else the general reply."""
    language, office, facts = conversation_facts(tracker)
    found = dict.fromkeys(str(f) for f in tracker.get_latest_entity_values("authority"))
    named = [d for d in (referral(f, office, language) for f in found) if d is not None]
    if not named:
        dispatcher.utter_message(response="utter_out_of_scope", **facts)
    elif len(named) == 1:
        dispatcher.utter_message(response="utter_referral", **named[0], **facts)
    else:  # "Personalausweis abgelaufen und Auto ummelden": every matter its authority
        lines = "\n".join(f"– {d['authority']} ({d['handles']}).{d['contact']}" for d in named)
        dispatcher.utter_message(response="utter_referrals", authorities=lines, **facts)
