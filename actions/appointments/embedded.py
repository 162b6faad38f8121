"""The embedded appointment calendar: bookings in SQLite or PostgreSQL (actions/database.py),
slots from the office configuration.

Booking is one exclusive transaction (SQLite lets one writer in at a time; PostgreSQL locks
the bookings table against other writers), so the check "fewer overlapping bookings than
counters" and the insert cannot interleave, across threads, processes and hosts alike. No
double booking under concurrent requests.
"""

from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Callable, Iterator, List, Optional

from actions.appointments.calendar import candidate_starts
from actions.appointments.model import (
    BackendUnavailable,
    Booking,
    BookingNotFound,
    Slot,
    SlotQuery,
    SlotTaken,
    new_reference,
)
from actions.database import UNAVAILABLE, Connection, Location, Store
from lotse_common.office.registry import OfficeRegistry

SCHEMA = """
CREATE TABLE IF NOT EXISTS bookings (
    reference    TEXT PRIMARY KEY,
    office_id    TEXT NOT NULL,
    service_id   TEXT NOT NULL,
    start        TEXT NOT NULL,
    "end"        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    cancelled_at TEXT
);
CREATE INDEX IF NOT EXISTS bookings_by_time ON bookings (office_id, start, "end");
"""
OVERLAPPING = """
SELECT start, "end" FROM bookings
WHERE office_id = ? AND cancelled_at IS NULL AND start < ? AND "end" > ?
"""


class EmbeddedCalendar(Store):
    SCHEMA = SCHEMA

    def __init__(
        self,
        where: Location,
        offices: OfficeRegistry,
        clock: Callable[[], datetime] = datetime.now,
        busy_seconds: float = 10,
    ) -> None:
        # busy_seconds, how long a call waits for another writer: shorter than the chat waits
        # for the calendar, so a booking is made before the citizen is answered or not at all
        self.offices = offices
        self.clock = clock  # local time of the office
        try:
            super().__init__(where, busy_seconds)
        except UNAVAILABLE as error:
            raise BackendUnavailable(type(error).__name__) from error

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        try:
            with self._connect() as db:
                yield db
        except UNAVAILABLE as error:  # locked for too long, disk faults, database down
            raise BackendUnavailable(type(error).__name__) from error

    def _service(self, office_id: str, service_id: str):
        office = self.offices.get(office_id)
        service = office.service(service_id)
        if service is None or not service.appointment_type:
            raise SlotTaken(f"service '{service_id}' has no appointments at '{office.id}'")
        return office, service

    def free_slots(self, query: SlotQuery) -> List[Slot]:
        office, service = self._service(query.office_id, query.service_id)
        counters = office.appointments.embedded.counters
        slots: List[Slot] = []
        duration = timedelta(minutes=service.duration_minutes)
        with self._connection() as db:
            starts = candidate_starts(office, service, self.clock(), query.earliest, query.latest)
            for start in starts:
                if not query.accepts(start):
                    continue
                end = start + duration
                busy = db.execute(
                    OVERLAPPING, (office.id, end.isoformat(), start.isoformat())
                ).fetchall()
                if len(busy) < counters:
                    slots.append(Slot(office.id, service.id, start, end))
                    if len(slots) >= query.limit:
                        break
        return slots

    def book(self, office_id: str, service_id: str, start: datetime) -> Booking:
        office, service = self._service(office_id, service_id)
        end = start + timedelta(minutes=service.duration_minutes)
        now = self.clock()
        bookable = start in set(candidate_starts(office, service, now, start.date(), start.date()))
        if not bookable:
            raise SlotTaken(f"{start:%Y-%m-%d %H:%M} is not a bookable time")
        reference = new_reference()
        with self._connection() as db, db.exclusive("bookings"):
            busy = db.execute(
                OVERLAPPING, (office.id, end.isoformat(), start.isoformat())
            ).fetchall()
            if len(busy) >= office.appointments.embedded.counters:
                raise SlotTaken(f"{start:%Y-%m-%d %H:%M} was booked in the meantime")
            db.execute(
                "INSERT INTO bookings VALUES (?, ?, ?, ?, ?, ?, NULL)",
                (reference, office.id, service.id, start.isoformat(), end.isoformat(),
                 now.isoformat(timespec="seconds")),
            )
        return Booking(reference, Slot(office.id, service.id, start, end))

    def find(self, reference: str) -> Optional[Booking]:
        with self._connection() as db:
            row = db.execute(
                "SELECT reference, office_id, service_id, start, \"end\", cancelled_at "
                "FROM bookings WHERE reference = ?",
                (reference.strip().upper(),),
            ).fetchone()
        if row is None:
            return None
        slot = Slot(row[1], row[2], datetime.fromisoformat(row[3]), datetime.fromisoformat(row[4]))
        return Booking(row[0], slot, cancelled=row[5] is not None)

    def cancel(self, reference: str) -> Booking:
        with self._connection() as db:
            changed = db.execute(
                "UPDATE bookings SET cancelled_at = ? WHERE reference = ? AND cancelled_at IS NULL",
                (self.clock().isoformat(timespec="seconds"), reference.strip().upper()),
            ).rowcount
        booking = self.find(reference)
        if not changed or booking is None:
            raise BookingNotFound(f"no active booking '{reference}'")
        return booking
