"""How fast one client and one conversation may write, so that a script cannot flood the bot,
the calendar or the staff mailbox: a moving window per key, a polite answer when it is full.

The `limits` library needs packaging ≥ 21, which Rasa 3.6's pin (20.9) excludes; this is the
small moving-window counter it would provide, in memory (lotse_common/limits.py, also used by
the action server for bookings and contact requests). Several replicas (issue #18) need a
shared store with the same `hit` interface (Redis). Settings (README, "Environment variables"):
LOTSE_LIMIT_CLIENT, LOTSE_LIMIT_CONVERSATION ("<count>/<second|minute|hour>"),
LOTSE_TRUSTED_PROXIES (addresses and ranges whose X-Forwarded-For is believed).
"""

import ipaddress
from functools import lru_cache
from typing import Optional, Sequence, Union

from lotse import settings
from lotse_common.limits import Rate
from lotse_common.shared_state import moving_window

Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]

# what the citizen reads when a limit is reached (the channel's language is not known yet)
LIMITED_REPLY = {
    "text": "Sie schreiben gerade sehr schnell. Bitte warten Sie einen Moment und schreiben Sie "
    "dann weiter. / You are writing very fast. Please wait a moment, then carry on."
}


class MessageLimits:
    def __init__(self, per_client: Rate, per_conversation: Rate,
                 trusted_proxies: Sequence[Network] = ()) -> None:
        self.per_client = per_client
        self.per_conversation = per_conversation
        self.trusted_proxies = trusted_proxies
        self.window = moving_window(settings.REDIS_URL, "lotse:rate:")

    @classmethod
    def from_settings(cls) -> "MessageLimits":
        return cls(Rate.parse(settings.LIMIT_CLIENT), Rate.parse(settings.LIMIT_CONVERSATION),
                   settings.TRUSTED_PROXIES)

    def client(self, peer: str, forwarded_for: Optional[str]) -> str:
        """The client's address: the peer, or the last address a trusted proxy forwarded."""
        if self._trusted(peer) and forwarded_for:
            hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
            untrusted = [h for h in hops if not self._trusted(h)]
            if untrusted:
                return untrusted[-1]
        return peer

    def _trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:  # not an address ("unknown", a forged header): never trusted
            return False
        ip = getattr(ip, "ipv4_mapped", None) or ip  # ::ffff:10.0.0.2 is 10.0.0.2
        return any(ip in network for network in self.trusted_proxies)

    def allow(self, client: str, conversation: str) -> bool:
        return (self.window.hit(f"client:{client}", self.per_client)
                and self.window.hit(f"conversation:{conversation}", self.per_conversation))


@lru_cache(maxsize=1)
def message_limits() -> MessageLimits:
    """One set of counters for all channels of this server (REST, socket.io)."""
    return MessageLimits.from_settings()
