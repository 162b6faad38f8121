"""Which calendar an office uses, and calling it without blocking the action server.

Backend calls run in a worker thread (SQLite and `requests` block) and are cut off after
LOTSE_APPOINTMENT_TIMEOUT seconds: a citizen waiting longer gets the booking link instead.
"""

import asyncio
from typing import Callable, Dict, Optional, TypeVar

from actions import settings
from actions.appointments.model import AppointmentBackend, BackendUnavailable
from actions.office import Office, current_registry

T = TypeVar("T")
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

        _embedded = EmbeddedCalendar(settings.DATA_DIR / "appointments.db", current_registry(),
                                     busy_seconds=TIMEOUT_SECONDS / 2)
    return _embedded


def reset_backends() -> None:
    """Forget open calendars (tests switch data directories and offices)."""
    global _embedded
    _embedded = None
    _http.clear()


async def call(function: Callable[..., T], *args: object) -> T:
    """Runs a blocking backend call in a thread; too slow counts as unavailable."""
    try:
        return await asyncio.wait_for(asyncio.to_thread(function, *args), TIMEOUT_SECONDS)
    except asyncio.TimeoutError:
        raise BackendUnavailable(f"no answer within {TIMEOUT_SECONDS:g} s") from None
    except OSError as error:  # e.g. an unwritable data directory
        raise BackendUnavailable(type(error).__name__) from error
