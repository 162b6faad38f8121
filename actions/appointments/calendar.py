"""Candidate appointment times of an office: opening hours minus holidays and closures."""

from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Iterator

import holidays

from lotse_common.office.schema import Office, Service


@lru_cache(maxsize=32)
def public_holidays(state: str, year: int) -> holidays.HolidayBase:
    return holidays.Germany(subdiv=state, years=year)


def is_working_day(office: Office, day: date) -> bool:
    if day in office.appointments.embedded.closed_days:
        return False
    return day not in public_holidays(office.holidays_state, day.year)


def candidate_starts(
    office: Office, service: Service, now: datetime, first_day: date, last_day: date
) -> Iterator[datetime]:
    """Start times on the service's grid within opening hours, in order.

    Respects the booking horizon and minimum notice of the office; `now` is local time.
    """
    settings = office.appointments.embedded
    earliest = now + timedelta(hours=settings.min_notice_hours)
    horizon = (now + timedelta(days=settings.booking_horizon_days)).date()
    step = timedelta(minutes=service.duration_minutes)
    day = max(first_day, earliest.date())
    while day <= min(last_day, horizon):
        if is_working_day(office, day):
            for interval in office.opening_hours.intervals(day.weekday()):
                start = datetime.combine(day, interval.start)
                close = datetime.combine(day, interval.end)
                while start + step <= close:
                    if start >= earliest:
                        yield start
                    start += step
        day += timedelta(days=1)
