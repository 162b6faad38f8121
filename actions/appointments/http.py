"""An office's own appointment system, reached over HTTP (docs/appointments-openapi.yaml).

A citizen is waiting in the chat: every call is bounded by the configured timeouts and a
few short retries, and anything that goes wrong ends as BackendUnavailable, so the chat can
offer the online booking link instead. Logs name routes and statuses, never references,
times or bodies.
"""

import logging
import os
import time
from datetime import datetime
from typing import Any, Callable, List, Optional, TypeVar
from urllib.parse import quote

import requests
from urllib3.exceptions import NewConnectionError

from actions.appointments.model import (
    BackendUnavailable,
    Booking,
    BookingNotFound,
    Slot,
    SlotQuery,
    SlotTaken,
)
from lotse_common.office.schema import HttpBackend

logger = logging.getLogger(__name__)

BACKOFF_SECONDS = 0.2  # first pause; doubles with every retry
MAX_PAUSE_SECONDS = 1.0  # also caps the server's Retry-After: longer waits lose the citizen
# A booking or cancellation is repeated only when the server cannot have acted on it:
# repeating one that did arrive would answer "slot taken" / "not found" for our own change.
NOT_ACTED_ON = (429, 503)

T = TypeVar("T")


class HttpCalendar:
    def __init__(
        self,
        settings: HttpBackend,
        session: Optional[requests.Session] = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.base_url = str(settings.base_url).rstrip("/")
        self.timeout = (settings.connect_timeout_seconds, settings.read_timeout_seconds)
        self.session = session or requests.Session()
        self.sleep = sleep

    def free_slots(self, query: SlotQuery) -> List[Slot]:
        params = {
            "from": query.earliest.isoformat(),
            "to": query.latest.isoformat(),
            "part_of_day": query.part_of_day,
            "limit": query.limit,
        }
        route = "/offices/{}/services/{}/slots"
        response = self._call("GET", route, query.office_id, query.service_id, params=params)
        if response.status_code == 404:
            raise SlotTaken(f"no appointments for '{query.service_id}' at '{query.office_id}'")

        def slots(data: Any) -> List[Slot]:
            found = [
                Slot(query.office_id, query.service_id, _time(s["start"]), _time(s["end"]))
                for s in data["slots"]
            ]
            # a lax server must not offer times the citizen did not ask for
            return [s for s in found if query.accepts(s.start)][: query.limit]

        return self._read(response, slots)

    def book(self, office_id: str, service_id: str, start: datetime) -> Booking:
        body = {"service_id": service_id, "start": start.isoformat(timespec="seconds")}
        response = self._call("POST", "/offices/{}/bookings", office_id, json=body)
        if response.status_code in (404, 409, 422):
            # unknown service, taken meanwhile, or not a bookable time: all "pick another"
            raise SlotTaken(f"{start:%Y-%m-%d %H:%M} refused (HTTP {response.status_code})")
        return self._read(response, lambda data: _booking(data, office_id, service_id))

    def cancel(self, reference: str) -> Booking:
        response = self._call("DELETE", "/bookings/{}", reference.strip())
        if response.status_code == 404:
            raise BookingNotFound("no active booking with that reference")
        return self._read(response, _booking)

    def find(self, reference: str) -> Optional[Booking]:
        response = self._call("GET", "/bookings/{}", reference.strip())
        if response.status_code == 404:
            return None
        return self._read(response, _booking)

    def _headers(self) -> dict:
        headers = {"Accept": "application/json"}
        key = os.environ.get(self.settings.api_key_env or "")
        if key:  # read per call: a rotated key works without restarting the action server
            headers["Authorization"] = f"Bearer {key}"
        return headers

    def _call(self, method: str, route: str, *args: str, **kwargs: Any) -> requests.Response:
        """Send with retries; returns any answer below 500 except 429 for the caller to map."""
        # quoted with safe="": a reference like "../x" cannot leave its path segment
        url = self.base_url + route.format(*(quote(a, safe="") for a in args))
        changes = method != "GET"
        attempt = 0
        while True:
            response = None
            try:
                response = self.session.request(
                    method, url, headers=self._headers(), timeout=self.timeout, **kwargs
                )
            except (requests.ConnectionError, requests.Timeout) as error:
                reason, retry = type(error).__name__, not changes or _not_sent(error)
            except requests.RequestException as error:
                raise BackendUnavailable(f"{method} {route}: {type(error).__name__}") from error
            else:
                status = response.status_code
                if status < 500 and status != 429:
                    return response
                reason, retry = f"HTTP {status}", not changes or status in NOT_ACTED_ON
            if not retry or attempt >= self.settings.retries:
                raise BackendUnavailable(f"{method} {route}: {reason}")
            pause = _pause(attempt, response)
            logger.warning("%s %s: %s, retrying in %.1f s", method, route, reason, pause)
            self.sleep(pause)
            attempt += 1

    def _read(self, response: requests.Response, parse: Callable[[Any], T]) -> T:
        """The parsed answer, or BackendUnavailable for any status or shape not in the contract."""
        if not response.ok:
            raise BackendUnavailable(f"unexpected HTTP {response.status_code}")
        try:
            return parse(response.json())
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            # the type only: messages could quote the body
            raise BackendUnavailable(f"malformed answer ({type(error).__name__})") from error


def _not_sent(error: Exception) -> bool:
    """True when no connection was made, so the server cannot have seen the request."""
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return isinstance(error, requests.ConnectTimeout) or isinstance(reason, NewConnectionError)


def _pause(attempt: int, response: Optional[requests.Response]) -> float:
    """Exponential backoff, or the server's Retry-After (seconds), both capped."""
    header = response.headers.get("Retry-After") if response is not None else None
    try:
        seconds = float(header)  # an HTTP-date or garbage falls back to the backoff
    except (TypeError, ValueError):
        seconds = -1.0
    if not seconds >= 0:  # also rejects NaN
        seconds = BACKOFF_SECONDS * 2**attempt
    return min(seconds, MAX_PAUSE_SECONDS)


def _time(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is not None:  # the contract speaks local office time only
        raise ValueError("time with an offset")
    return moment


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError("expected a non-empty string")
    return value


def _booking(
    data: Any, office_id: Optional[str] = None, service_id: Optional[str] = None
) -> Booking:
    """A booking answer; POST's answer may leave out what the request already said."""
    slot = Slot(
        _text(data["office_id"] if office_id is None else office_id),
        _text(data.get("service_id", service_id)),
        _time(data["start"]),
        _time(data["end"]),
    )
    cancelled = data.get("cancelled", False)
    if not isinstance(cancelled, bool):
        raise TypeError("cancelled must be a boolean")
    return Booking(_text(data["reference"]), slot, cancelled=cancelled)
