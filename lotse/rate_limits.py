"""How fast one client and one conversation may write, so that a script cannot flood the bot,
the calendar or the staff mailbox: a moving window per key, a polite answer when it is full.

The `limits` library needs packaging ≥ 21, which Rasa 3.6's pin (20.9) excludes; this is the
small moving-window counter it would provide, in memory. Several replicas (issue #18) need a
shared store with the same `hit` interface (Redis). Settings (README, "Environment variables"):
LOTSE_LIMIT_CLIENT, LOTSE_LIMIT_CONVERSATION ("<count>/<second|minute|hour>"),
LOTSE_TRUSTED_PROXIES (addresses whose X-Forwarded-For is believed).
"""

import os
import re
import threading
import time
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from typing import Deque, Dict, FrozenSet, Optional

UNITS = {"second": 1.0, "minute": 60.0, "hour": 3600.0}
RATE = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour)\s*$")
# what the citizen reads when a limit is reached (the channel's language is not known yet)
LIMITED_REPLY = {
    "text": "Sie schreiben gerade sehr schnell. Bitte warten Sie einen Moment und schreiben Sie "
    "dann weiter. / You are writing very fast. Please wait a moment, then carry on."
}
MAX_KEYS = 100_000  # beyond this, idle keys are dropped (memory stays bounded)


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: float

    @classmethod
    def parse(cls, text: str) -> "Rate":
        match = RATE.match(text)
        if not match:
            raise ValueError(f"'{text}' is no rate: write e.g. '30/minute'")
        return cls(int(match[1]), UNITS[match[2]])


class MovingWindow:
    """Hits per key within the last `rate.seconds`; thread-safe, in memory."""

    def __init__(self) -> None:
        self._hits: Dict[str, Deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, rate: Rate, now: Optional[float] = None) -> bool:
        """Counts a hit; False (and not counted) if the window is full."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - rate.seconds:
                hits.popleft()
            if len(hits) >= rate.count:
                return False
            hits.append(now)
            if len(self._hits) > MAX_KEYS:
                self._hits = {k: v for k, v in self._hits.items()
                              if v and v[-1] > now - rate.seconds}
            return True


class MessageLimits:
    def __init__(self, per_client: Rate, per_conversation: Rate,
                 trusted_proxies: FrozenSet[str] = frozenset()) -> None:
        self.per_client = per_client
        self.per_conversation = per_conversation
        self.trusted_proxies = trusted_proxies
        self.window = MovingWindow()

    @classmethod
    def from_environment(cls) -> "MessageLimits":
        env = os.environ
        proxies = {p.strip() for p in env.get("LOTSE_TRUSTED_PROXIES", "").split(",")}
        return cls(Rate.parse(env.get("LOTSE_LIMIT_CLIENT") or "60/minute"),
                   Rate.parse(env.get("LOTSE_LIMIT_CONVERSATION") or "20/minute"),
                   frozenset(p for p in proxies if p))

    def client(self, peer: str, forwarded_for: Optional[str]) -> str:
        """The client's address: the peer, or the last address a trusted proxy forwarded."""
        if peer in self.trusted_proxies and forwarded_for:
            hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
            untrusted = [h for h in hops if h not in self.trusted_proxies]
            if untrusted:
                return untrusted[-1]
        return peer

    def allow(self, client: str, conversation: str) -> bool:
        return (self.window.hit(f"client:{client}", self.per_client)
                and self.window.hit(f"conversation:{conversation}", self.per_conversation))


@lru_cache(maxsize=1)
def message_limits() -> MessageLimits:
    """One set of counters for all channels of this server (REST, socket.io)."""
    return MessageLimits.from_environment()
