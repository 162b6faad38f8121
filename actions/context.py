"""What every answering action needs: the conversation's language and office, the office
facts that responses may use as placeholders (lotse_common.facts), and the citizen's earlier
messages."""

from typing import Any, Collection, Dict, List, Tuple

from rasa_sdk import Tracker
from rasa_sdk.forms import REQUESTED_SLOT

from actions import settings
from actions.languages import tracker_language
from actions.office import Office, current_registry
from lotse_common import facts
from lotse_common.facts import opening_hours  # noqa: F401


def language_and_office(tracker: Tracker) -> Tuple[str, Office]:
    office = current_registry().get(tracker.get_slot("office_id"))
    return tracker_language(tracker), office


def office_facts(office: Office, language: str) -> Dict[str, str]:
    """Placeholders every response and topic answer may use."""
    return facts.office_facts(office, language, settings.KNOWLEDGE_DIR)


def latest_intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def conversation_facts(tracker: Tracker) -> Tuple[str, Office, Dict[str, str]]:
    """Language, answering office and its facts: what every answering action starts with."""
    language, office = language_and_office(tracker)
    return language, office, office_facts(office, language)


def earlier_messages(tracker: Tracker) -> List[Dict[str, Any]]:
    """Parse data of the citizen's earlier messages in this session, newest first."""
    found: List[Dict[str, Any]] = []
    for event in reversed(tracker.events[:-1] if tracker.events else []):
        if event.get("event") == "session_started":
            break
        if event.get("event") == "user" and event.get("parse_data"):
            found.append(event["parse_data"])
    return found


def message_before(tracker: Tracker) -> str:
    """The citizen's message before the latest one in this session ("" if none); events may
    follow the latest (a form's), so it is the last user event but one."""
    users = []
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            break
        if event.get("event") == "user":
            users.append(event)
    return str(users[1].get("text") or "") if len(users) > 1 else ""


def as_latest(tracker: Tracker, parse_data: Dict[str, Any]) -> Tracker:
    """The tracker as if `parse_data` were the latest message and nothing had been asked."""
    return Tracker(
        tracker.sender_id,
        {**tracker.slots, REQUESTED_SLOT: None},
        parse_data,
        tracker.events,
        tracker.is_paused(),
        tracker.followup_action,
        tracker.active_loop,
        tracker.latest_action_name,
    )


def said_in_session(tracker: Tracker, responses: Collection[str], containing: str = "") -> bool:
    """Whether one of these responses was given since the conversation (session) began;
    with `containing`, one whose text contains it (the same documents, the same amount)."""
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            return False
        if event.get("event") == "bot" and (
            (event.get("metadata") or {}).get("utter_action") in responses
        ) and containing in (event.get("text") or ""):
            return True
    return False
