"""State that several replicas of a server must share (README, "Running in production"): the
moving-window limits and the ids of messenger deliveries already handled, in Redis when
LOTSE_REDIS_URL is set, in the process otherwise (`make run`).

Redis unreachable: each replica falls back to its own memory and logs a warning — limits then
count per replica, repeated deliveries are caught per replica; nothing stops the chat. (The
per-conversation locks do not fall back: lotse/lock_store.py.)
"""

import logging
import uuid
from collections import OrderedDict
from functools import cache
from typing import Any, Optional

from lotse_common.limits import MovingWindow, Rate

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 2.0  # a Redis that does not answer costs a message at most this much


@cache
def redis_client(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, socket_timeout=TIMEOUT_SECONDS,
                                socket_connect_timeout=TIMEOUT_SECONDS,
                                health_check_interval=30)


# the moving window as one atomic step on the server's clock: drop hits older than the
# window, refuse if full, else add this hit (member unique per hit)
_HIT = """
local now = redis.call('TIME')
local t = tonumber(now[1]) + tonumber(now[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', t - tonumber(ARGV[1]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], t, ARGV[3])
redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[1])))
return 1
"""


class SharedMovingWindow(MovingWindow):
    """MovingWindow's `hit` with the counters in Redis, shared by all replicas."""

    def __init__(self, url: str, prefix: str) -> None:
        super().__init__()
        self.red = redis_client(url)
        self.prefix = prefix
        self.script = self.red.register_script(_HIT)

    def hit(self, key: str, rate: Rate, now: Optional[float] = None) -> bool:
        try:
            return bool(self.script(keys=[self.prefix + key],
                                    args=[rate.seconds, rate.count, uuid.uuid4().hex]))
        except Exception as error:  # redis.RedisError, OSError
            logger.warning("Shared limits unavailable (%s): counting in this process",
                           type(error).__name__)
            return super().hit(key, rate, now)


def moving_window(url: str, prefix: str) -> MovingWindow:
    """Counters shared through Redis if a URL is set, else this process's own."""
    return SharedMovingWindow(url, prefix) if url else MovingWindow()


class SeenIds:
    """The ids of the latest messages, to drop a messenger's repeated deliveries: in Redis
    for a day if a URL is set (a repeat may reach another replica), else the latest
    `size` in this process."""

    def __init__(self, url: str = "", prefix: str = "lotse:seen:", size: int = 10_000,
                 keep_seconds: int = 86_400) -> None:
        self.red = redis_client(url) if url else None
        self.prefix, self.size, self.keep_seconds = prefix, size, keep_seconds
        self._ids: OrderedDict[str, None] = OrderedDict()

    def add(self, message_id: str) -> bool:
        """False if the id was seen before."""
        if self.red is not None:
            try:
                return bool(self.red.set(self.prefix + message_id, 1, nx=True,
                                         ex=self.keep_seconds))
            except Exception as error:
                logger.warning("Shared message ids unavailable (%s): checking in this process",
                               type(error).__name__)
        if message_id in self._ids:
            return False
        self._ids[message_id] = None
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return True
