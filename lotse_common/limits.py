"""Moving-window counters: how often a key (a client, a conversation) may do something per
period. Both servers use them: the Rasa server for messages, the action server for bookings
and contact requests. In memory; several replicas (issue #18) need a shared store with the
same `hit` interface (Redis). The `limits` library needs packaging >= 21, which Rasa 3.6's pin
(20.9) excludes."""

import re
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Deque, Dict, Optional

UNITS = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0}
RATE = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour|day)\s*$")
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


