from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from threading import Barrier

import pytest

from actions.appointments.model import BookingNotFound, SlotQuery, SlotTaken
from tests.actions.appointments.conftest import NOW
from tests.actions.conftest import rows

OFFICE = "lk-musterhausen"


def query(first: date, last: date, part="any", limit=50, service="extension"):
    return SlotQuery(OFFICE, service, first, last, part, limit)


def test_slots_follow_opening_hours_and_the_service_duration(make_calendar):
    calendar = make_calendar(counters=1)
    # Tuesday: 08:00-12:00 and 14:00-17:30, extension takes 30 minutes
    slots = calendar.free_slots(query(date(2026, 12, 8), date(2026, 12, 8)))
    starts = [s.start.strftime("%H:%M") for s in slots]
    assert starts[:3] == ["08:00", "08:30", "09:00"]
    assert "11:30" in starts and "12:00" not in starts and "13:30" not in starts
    assert starts[-1] == "17:00"
    assert all((s.end - s.start).seconds == 30 * 60 for s in slots)


def test_no_slots_on_closed_weekdays_holidays_and_closure_days(make_calendar):
    calendar = make_calendar()
    wednesday = date(2026, 12, 9)  # no opening hours on Wednesdays
    assert calendar.free_slots(query(wednesday, wednesday)) == []
    christmas = date(2026, 12, 24)  # closed_days in the sample, and 25/26 are holidays
    assert calendar.free_slots(query(christmas, date(2026, 12, 27))) == []
    epiphany = date(2027, 1, 6)  # public holiday in Bavaria (holidays_state: BY)
    assert calendar.free_slots(query(epiphany, epiphany)) == []


def test_minimum_notice_and_booking_horizon(make_calendar):
    calendar = make_calendar(min_notice_hours=12, booking_horizon_days=14)
    today = calendar.free_slots(query(NOW.date(), NOW.date()))
    assert today == []  # 07:00 + 12 h notice: nothing left today
    far = calendar.free_slots(query(date(2027, 2, 1), date(2027, 2, 5)))
    assert far == []


def test_part_of_day_and_limit(make_calendar):
    calendar = make_calendar()
    tuesday = date(2026, 12, 8)
    afternoon = calendar.free_slots(query(tuesday, tuesday, "afternoon", limit=5))
    assert len(afternoon) == 5
    assert all(s.start.hour >= 12 for s in afternoon)


def test_a_booked_slot_is_no_longer_offered_and_cancelling_frees_it(make_calendar):
    calendar = make_calendar(counters=1)
    tuesday = date(2026, 12, 8)
    first = calendar.free_slots(query(tuesday, tuesday))[0]
    booking = calendar.book(OFFICE, "extension", first.start)
    assert booking.reference.startswith("T-")
    assert first.start not in [s.start for s in calendar.free_slots(query(tuesday, tuesday))]
    with pytest.raises(SlotTaken):
        calendar.book(OFFICE, "extension", first.start)
    calendar.cancel(booking.reference.lower())  # references are typed in any case
    assert calendar.find(booking.reference).cancelled
    assert first.start in [s.start for s in calendar.free_slots(query(tuesday, tuesday))]
    with pytest.raises(BookingNotFound):
        calendar.cancel(booking.reference)


def test_counters_allow_parallel_appointments(make_calendar):
    calendar = make_calendar(counters=2)
    start = datetime(2026, 12, 8, 8, 0)
    calendar.book(OFFICE, "extension", start)
    calendar.book(OFFICE, "extension", start)
    with pytest.raises(SlotTaken):
        calendar.book(OFFICE, "extension", start)


def test_times_outside_the_grid_or_services_without_appointments_are_refused(make_calendar):
    calendar = make_calendar()
    with pytest.raises(SlotTaken):
        calendar.book(OFFICE, "extension", datetime(2026, 12, 8, 8, 10))  # off the grid
    with pytest.raises(SlotTaken):
        calendar.book(OFFICE, "extension", datetime(2026, 12, 9, 9, 0))  # closed Wednesday
    with pytest.raises(SlotTaken):
        calendar.book(OFFICE, "no_such_service", datetime(2026, 12, 8, 8, 0))


def test_100_concurrent_attempts_for_10_slots_book_exactly_10(make_calendar):
    calendar = make_calendar(counters=1)
    tuesday = date(2026, 12, 8)
    slots = calendar.free_slots(query(tuesday, tuesday, limit=10))
    assert len(slots) == 10
    barrier = Barrier(100)

    def attempt(i):
        barrier.wait()
        try:
            return calendar.book(OFFICE, "extension", slots[i % 10].start)
        except SlotTaken:
            return None

    with ThreadPoolExecutor(max_workers=100) as pool:
        results = list(pool.map(attempt, range(100)))

    booked = [r for r in results if r is not None]
    assert len(booked) == 10
    assert sorted(b.slot.start for b in booked) == [s.start for s in slots]
    assert rows(calendar.location, "SELECT COUNT(*) FROM bookings") == [(10,)]
