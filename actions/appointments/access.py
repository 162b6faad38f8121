"""Which calendar an office uses, and calling it without blocking the action server.

Backend calls run in a worker thread (SQLite and `requests` block) and are cut off after
LOTSE_APPOINTMENT_TIMEOUT seconds: a citizen waiting longer gets the booking link instead.
"""

import asyncio
import logging
from datetime import datetime
from typing import Callable, Dict, Optional, TypeVar

from actions import settings
from actions.appointments.model import AppointmentBackend, BackendUnavailable, Booking
from actions.database import location
from actions.office import Office, current_registry

T = TypeVar("T")
logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = settings.APPOINTMENT_TIMEOUT

_embedded: Optional[AppointmentBackend] = None
_http: Dict[str, AppointmentBackend] = {}


def backend_for(office: Office) -> AppointmentBackend:
    global _embedded
    if office.appointments.backend == "http" and office.appointments.http is not None:
        if office.id not in _http:
            from actions.appointments.http import HttpCalendar  # needs requests

            _http[office.id] = HttpCalendar(office.appointments.http)
        return _http[office.id]
    if _embedded is None:
        from actions.appointments.embedded import EmbeddedCalendar

        _embedded = EmbeddedCalendar(
            location("appointments", settings.DATA_DIR, settings.DB_URL), current_registry(),
            busy_seconds=TIMEOUT_SECONDS / 2)
    return _embedded


def reset_backends() -> None:
    """Forget open calendars (tests switch data directories and offices)."""
    global _embedded
    _embedded = None
    _http.clear()


async def book(backend: AppointmentBackend, office_id: str, service_id: str,
               start: datetime) -> Booking:
    """Books within the chat's time limit, or not at all: a booking the calendar completes
    after the citizen was told to book online is cancelled again (nobody would know of it,
    and the slot would be lost)."""
    loop = asyncio.get_running_loop()
    attempt = loop.run_in_executor(None, backend.book, office_id, service_id, start)
    try:
        return await asyncio.wait_for(asyncio.shield(attempt), TIMEOUT_SECONDS)
    except asyncio.TimeoutError:
        attempt.add_done_callback(lambda done: _undo_late(backend, done, loop))
        raise BackendUnavailable(f"no answer within {TIMEOUT_SECONDS:g} s") from None
    except OSError as error:
        raise BackendUnavailable(type(error).__name__) from error


def _undo_late(backend: AppointmentBackend, done: "asyncio.Future", loop) -> None:
    if done.cancelled() or done.exception() is not None:
        return  # not booked
    booking = done.result()
    logger.warning("Booking %s completed after the chat gave up: cancelling it.",
                   booking.reference)
    loop.run_in_executor(None, _cancel_quietly, backend, booking.reference)


def _cancel_quietly(backend: AppointmentBackend, reference: str) -> None:
    try:
        backend.cancel(reference)
    except Exception as error:  # noqa: BLE001 - logged for the office to clean up by hand
        logger.error("Late booking %s could not be cancelled (%s): cancel it in the calendar.",
                     reference, type(error).__name__)


async def call(function: Callable[..., T], *args: object) -> T:
    """Runs a blocking backend call in a thread; too slow counts as unavailable."""
    try:
        return await asyncio.wait_for(asyncio.to_thread(function, *args), TIMEOUT_SECONDS)
    except asyncio.TimeoutError:
        raise BackendUnavailable(f"no answer within {TIMEOUT_SECONDS:g} s") from None
    except OSError as error:  # e.g. an unwritable data directory
        raise BackendUnavailable(type(error).__name__) from error
