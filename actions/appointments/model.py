"""What every appointment backend speaks: queries, slots, bookings and its errors."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import List, Literal, Optional, Protocol

PartOfDay = Literal["morning", "afternoon", "any"]
NOON_HOUR = 12
# no 0/O, 1/I/L: references are read out on the phone and typed from paper
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference(kind: str = "T") -> str:
    """A reference like 'T-7KQ2-M9XA' (T: a booking, K: a contact request): unguessable,
    easy to read and type."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{kind}-{chars[:4]}-{chars[4:]}"


@dataclass(frozen=True)
class SlotQuery:
    office_id: str
    service_id: str
    earliest: date
    latest: date
    part_of_day: PartOfDay = "any"
    limit: int = 5

    def accepts(self, start: datetime) -> bool:
        if not self.earliest <= start.date() <= self.latest:
            return False
        if self.part_of_day == "morning":
            return start.hour < NOON_HOUR
        if self.part_of_day == "afternoon":
            return start.hour >= NOON_HOUR
        return True


@dataclass(frozen=True)
class Slot:
    office_id: str
    service_id: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Booking:
    reference: str
    slot: Slot
    cancelled: bool = False


class AppointmentError(Exception):
    """Base of what a backend can report."""


class SlotTaken(AppointmentError):
    """Someone else booked the slot first (or it is no longer bookable)."""


class BookingNotFound(AppointmentError):
    """No active booking with that reference."""


class BackendUnavailable(AppointmentError):
    """The calendar cannot be reached or answered too slowly: offer the online link."""


class AppointmentBackend(Protocol):
    def free_slots(self, query: SlotQuery) -> List[Slot]: ...

    def book(self, office_id: str, service_id: str, start: datetime) -> Booking: ...

    def cancel(self, reference: str) -> Booking: ...

    def find(self, reference: str) -> Optional[Booking]: ...
