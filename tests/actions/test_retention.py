"""The action server's stores keep citizens' data no longer than the retention period, and
one citizen's bookings and mails can be erased by reference."""

from datetime import date, datetime, timedelta, timezone

import pytest

from actions import retention
from actions.appointments.embedded import EmbeddedCalendar
from actions.contact.outbox import Outbox
from actions.feedback.store import FeedbackStore
from actions.office import load_registry
from tests.actions.appointments.conftest import NOW, office_dir
from tests.actions.conftest import rows

OFFICE = "musterhausen"


@pytest.fixture
def calendar(tmp_path, store_at):
    """The embedded calendar where the action server keeps it."""
    registry = load_registry(office_dir(tmp_path, counters=2))
    return EmbeddedCalendar(store_at("appointments"), registry, clock=lambda: NOW)


@pytest.fixture
def purge(tmp_path, store_at):
    """The daily purge with a retention of 30 days, run at `now`."""
    return lambda now: retention.purge(tmp_path, 30, now=now, url=store_at.url)


def test_delivered_mails_and_old_comments_go_pending_mails_and_ratings_stay(store_at, purge):
    outbox = Outbox(store_at("outbox"))
    delivered = outbox.add(OFFICE, "team@example.org", "Verlängerung", "Name: Anna", None)
    waiting = outbox.add(OFFICE, "team@example.org", "Termin", "Name: Ben", None)
    outbox.mark_sent(delivered)
    feedback = FeedbackStore(store_at("feedback"))
    feedback.comment(feedback.rate("negative", "de", "fees", None), "Betrag fehlte")

    later = datetime.now(timezone.utc) + timedelta(days=31)
    done = purge(later)

    assert [r.reference for r in outbox.pending()] == [waiting]  # never sent: kept
    assert rows(store_at("outbox"), "SELECT reference FROM outbox") == [(waiting,)]
    assert rows(store_at("feedback"), "SELECT rating, topic, comment FROM feedback") == [
        ("negative", "fees", None)]
    assert done == {"mails": 1, "comments": 1, "bookings": 0}
    # for the office's report: that a mail was delivered, not what it said
    today = datetime.now(timezone.utc).date().isoformat()
    assert rows(store_at("outbox"), "SELECT * FROM mail_counts") == [(today, OFFICE, 1, 0)]
    # a day before the period ends nothing goes
    assert purge(datetime.now(timezone.utc)) == {
        "mails": 0, "comments": 0, "bookings": 0}


def test_mails_given_up_are_counted_as_dead_letters_before_they_go(store_at, purge):
    outbox = Outbox(store_at("outbox"))
    rejected = outbox.add(OFFICE, "team@example.org", "Termin", "Name: Ben", None)
    while not outbox.mark_rejected(rejected, "550 mailbox unavailable"):
        pass
    delivered = outbox.add(OFFICE, "team@example.org", "Termin", "Name: Anna", None)
    outbox.mark_sent(delivered)

    later = datetime.now(timezone.utc) + timedelta(days=31)
    assert purge(later)["mails"] == 2
    assert purge(later)["mails"] == 0  # counted once
    today = datetime.now(timezone.utc).date().isoformat()
    assert rows(store_at("outbox"), "SELECT * FROM mail_counts") == [(today, OFFICE, 1, 1)]
    assert rows(store_at("outbox"), "SELECT * FROM outbox") == []


def test_past_bookings_go_and_are_counted(calendar, store_at, purge):
    tuesday = datetime.combine(date(2026, 12, 8), datetime.min.time()).replace(hour=9)
    kept = calendar.book(OFFICE, "extension", tuesday)
    cancelled = calendar.book(OFFICE, "extension", tuesday)
    calendar.cancel(cancelled.reference)
    db = store_at("appointments")

    purge(datetime(2027, 1, 7, tzinfo=timezone.utc))
    assert calendar.find(kept.reference) is not None  # 30 days after it: not yet
    purge(datetime(2027, 1, 8, tzinfo=timezone.utc))
    assert calendar.find(kept.reference) is None
    assert rows(db, "SELECT day, service_id, booked, cancelled FROM booking_counts") == [
        ("2026-12-08", "extension", 2, 1)]


def test_forget_deletes_the_citizens_bookings_and_mails_only(calendar, tmp_path, store_at):
    start = NOW.replace(day=8, hour=9)
    hers, other = (calendar.book(OFFICE, "extension", start) for _ in range(2))
    outbox = Outbox(store_at("outbox"))
    mail = outbox.add(OFFICE, "team@example.org", "Termin", "Name: Anna", None)

    done = retention.forget(tmp_path, [hers.reference, mail], url=store_at.url)

    assert done == {"mails": 1, "bookings": 1}
    assert calendar.find(hers.reference) is None and calendar.find(other.reference)
    assert outbox.pending() == []
