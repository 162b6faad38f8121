"""The action server's stores keep citizens' data no longer than the retention period, and
one citizen's bookings and mails can be erased by reference."""

import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest

from actions import retention
from actions.appointments.embedded import EmbeddedCalendar
from actions.contact.outbox import Outbox
from actions.feedback.store import FeedbackStore
from actions.office import load_registry
from tests.actions.appointments.conftest import NOW, office_dir

OFFICE = "musterhausen"


@pytest.fixture
def calendar(tmp_path):
    """The embedded calendar where the action server keeps it (appointments.db)."""
    registry = load_registry(office_dir(tmp_path, counters=2))
    return EmbeddedCalendar(tmp_path / "appointments.db", registry, clock=lambda: NOW)


def rows(path, query):
    with sqlite3.connect(path) as db:
        return db.execute(query).fetchall()


def test_delivered_mails_and_old_comments_go_pending_mails_and_ratings_stay(tmp_path):
    outbox = Outbox(tmp_path / "outbox.db")
    delivered = outbox.add(OFFICE, "team@example.org", "Verlängerung", "Name: Anna", None)
    waiting = outbox.add(OFFICE, "team@example.org", "Termin", "Name: Ben", None)
    outbox.mark_sent(delivered)
    feedback = FeedbackStore(tmp_path / "feedback.db")
    feedback.comment(feedback.rate("negative", "de", "fees", None), "Betrag fehlte")

    later = datetime.now(timezone.utc) + timedelta(days=31)
    done = retention.purge(tmp_path, 30, now=later)

    assert [r.reference for r in outbox.pending()] == [waiting]  # never sent: kept
    assert rows(tmp_path / "outbox.db", "SELECT reference FROM outbox") == [(waiting,)]
    assert rows(tmp_path / "feedback.db", "SELECT rating, topic, comment FROM feedback") == [
        ("negative", "fees", None)]
    assert done == {"mails": 1, "comments": 1, "bookings": 0}
    # for the office's report: that a mail was delivered, not what it said
    today = datetime.now(timezone.utc).date().isoformat()
    assert rows(tmp_path / "outbox.db", "SELECT * FROM mail_counts") == [(today, OFFICE, 1, 0)]
    # a day before the period ends nothing goes
    assert retention.purge(tmp_path, 30, now=datetime.now(timezone.utc)) == {
        "mails": 0, "comments": 0, "bookings": 0}


def test_mails_given_up_are_counted_as_dead_letters_before_they_go(tmp_path):
    outbox = Outbox(tmp_path / "outbox.db")
    rejected = outbox.add(OFFICE, "team@example.org", "Termin", "Name: Ben", None)
    while not outbox.mark_rejected(rejected, "550 mailbox unavailable"):
        pass
    delivered = outbox.add(OFFICE, "team@example.org", "Termin", "Name: Anna", None)
    outbox.mark_sent(delivered)

    later = datetime.now(timezone.utc) + timedelta(days=31)
    assert retention.purge(tmp_path, 30, now=later)["mails"] == 2
    assert retention.purge(tmp_path, 30, now=later)["mails"] == 0  # counted once
    today = datetime.now(timezone.utc).date().isoformat()
    assert rows(tmp_path / "outbox.db", "SELECT * FROM mail_counts") == [(today, OFFICE, 1, 1)]
    assert rows(tmp_path / "outbox.db", "SELECT * FROM outbox") == []


def test_past_bookings_go_and_are_counted(calendar, tmp_path):
    tuesday = datetime.combine(date(2026, 12, 8), datetime.min.time()).replace(hour=9)
    kept = calendar.book(OFFICE, "extension", tuesday)
    cancelled = calendar.book(OFFICE, "extension", tuesday)
    calendar.cancel(cancelled.reference)
    db = tmp_path / "appointments.db"

    retention.purge(tmp_path, 30, now=datetime(2027, 1, 7, tzinfo=timezone.utc))
    assert calendar.find(kept.reference) is not None  # 30 days after it: not yet
    retention.purge(tmp_path, 30, now=datetime(2027, 1, 8, tzinfo=timezone.utc))
    assert calendar.find(kept.reference) is None
    assert rows(db, "SELECT day, service_id, booked, cancelled FROM booking_counts") == [
        ("2026-12-08", "extension", 2, 1)]


def test_forget_deletes_the_citizens_bookings_and_mails_only(calendar, tmp_path):
    start = NOW.replace(day=8, hour=9)
    hers, other = (calendar.book(OFFICE, "extension", start) for _ in range(2))
    outbox = Outbox(tmp_path / "outbox.db")
    mail = outbox.add(OFFICE, "team@example.org", "Termin", "Name: Anna", None)

    done = retention.forget(tmp_path, [hers.reference, mail])

    assert done == {"mails": 1, "bookings": 1}
    assert calendar.find(hers.reference) is None and calendar.find(other.reference)
    assert outbox.pending() == []
