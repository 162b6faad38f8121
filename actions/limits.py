"""How many bookings and contact requests one client and one conversation may make, so that
a script cannot empty the calendar or flood the staff mailbox (981 bookings in 30 s were
possible). A client is the pseudonym of its address that the Rasa server's channels put into
each message's metadata ("client"); counters live in this process (lotse_common/limits.py).

A conversation may hold LOTSE_MAX_ACTIVE_BOOKINGS bookings still ahead (default 1: a second
one, e.g. for a family member, goes through the office), and book or write at most the
per-client rate (LOTSE_LIMIT_BOOKINGS_CLIENT, LOTSE_LIMIT_CONTACTS_CLIENT, default 5/hour)
and contact requests per conversation (LOTSE_LIMIT_CONTACTS_CONVERSATION, default 3/day).
"""

from functools import lru_cache
from typing import Any, Dict, Optional

from rasa_sdk import Tracker

from actions import settings
from lotse_common.limits import Rate
from lotse_common.shared_state import moving_window

WINDOW = moving_window(settings.REDIS_URL, "lotse:actions:")


def reset() -> None:
    """Forgets every count (tests; a restart does the same)."""
    global WINDOW
    WINDOW = moving_window(settings.REDIS_URL, "lotse:actions:")


@lru_cache(maxsize=1)
def rates() -> Dict[str, Rate]:
    return {
        "booking:client": Rate.parse(settings.LIMIT_BOOKINGS_CLIENT),
        "contact:client": Rate.parse(settings.LIMIT_CONTACTS_CLIENT),
        "contact:conversation": Rate.parse(settings.LIMIT_CONTACTS_CONVERSATION),
    }


def client_of(tracker: Tracker) -> Optional[str]:
    """The pseudonymous client of the latest message, if a channel named one."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            metadata: Dict[str, Any] = event.get("metadata") or {}
            client = metadata.get("client")
            return client if isinstance(client, str) else None
    return None


def allow(kind: str, tracker: Tracker) -> bool:
    """Counts one booking or contact request; False if a limit is reached (then not counted
    for the conversation)."""
    client = client_of(tracker)
    if client is not None and not WINDOW.hit(f"{kind}:client:{client}", rates()[f"{kind}:client"]):
        return False
    conversation = rates().get(f"{kind}:conversation")
    return conversation is None or WINDOW.hit(f"{kind}:conversation:{tracker.sender_id}",
                                              conversation)
