"""Sending to a messenger's API again when it failed for a passing reason: rate limited (429,
with the wait it asks for, up to a few seconds), a server error (5xx), a timeout or a broken
connection. A refused request (another 4xx) is not repeated. Used by the WhatsApp/Messenger and
Telegram channels; an answer that cannot be sent is logged without its text."""

import asyncio
import logging
from typing import Awaitable, Callable, Optional, Tuple

import aiohttp

logger = logging.getLogger(__name__)

ATTEMPTS = 3
BACKOFF_SECONDS = 0.5  # doubled after each failed attempt
MAX_RETRY_AFTER = 5.0  # a longer wait would hold up the rest of the conversation

# one attempt: None when sent, else (what went wrong, worth retrying?, seconds the API asks for)
Outcome = Optional[Tuple[str, bool, Optional[str]]]


def retry_delay(retry_after: Optional[str], default: float) -> float:
    """The wait an API asks for (seconds), bounded; `default` when absent or an HTTP date."""
    try:
        return min(max(float(retry_after or ""), 0.0), MAX_RETRY_AFTER)
    except ValueError:
        return default


def transient(status: int) -> bool:
    return status == 429 or status >= 500


async def with_retries(attempt: Callable[[], Awaitable[Outcome]], what: str) -> bool:
    """Runs `attempt` until it sends, up to ATTEMPTS times; False when it never did."""
    for number in range(1, ATTEMPTS + 1):
        delay = BACKOFF_SECONDS * 2 ** (number - 1)
        try:
            outcome = await attempt()
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            # only the type: aiohttp's messages can carry details of the request (the token)
            outcome = (type(error).__name__, True, None)
        if outcome is None:
            return True
        problem, retry, retry_after = outcome
        delay = retry_delay(retry_after, delay)
        if not retry or number == ATTEMPTS:
            logger.error("%s not sent after %d attempt(s): %s", what, number, problem)
            return False
        logger.warning("%s not sent (%s), retrying in %.1f s", what, problem, delay)
        await asyncio.sleep(delay)
    return False
