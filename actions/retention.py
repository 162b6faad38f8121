"""How long the action server keeps citizens' data, and erasure by reference.

Daily inside the action server (actions/server.py) and by hand (`make purge`):
- contact mails: deleted once delivered (or given up) longer than the retention period ago;
  the number delivered and given up ("dead letters") per day and office is kept in
  `mail_counts`;
- feedback: the comment is deleted after the retention period, the rating (topic, language,
  👍/👎, no text) stays for the usage report;
- appointments: a booking is deleted once its day has passed by the retention period; the
  number of bookings and cancellations per day and service is kept in `booking_counts`.
`python -m actions.retention` runs the purge once.
"""

import logging
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Dict, Iterable

from actions import settings
from actions.database import connect, exists, location

logger = logging.getLogger(__name__)

BOOKING_COUNTS = """
CREATE TABLE IF NOT EXISTS booking_counts (
    day        TEXT NOT NULL,
    office_id  TEXT NOT NULL,
    service_id TEXT NOT NULL,
    booked     INTEGER NOT NULL DEFAULT 0,
    cancelled  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, office_id, service_id)
)"""
COUNT_BOOKINGS = """
INSERT INTO booking_counts (day, office_id, service_id, booked, cancelled)
SELECT substr(start, 1, 10), office_id, service_id, COUNT(*), COUNT(cancelled_at)
FROM bookings WHERE "end" < ? GROUP BY substr(start, 1, 10), office_id, service_id
ON CONFLICT (day, office_id, service_id) DO UPDATE SET
    booked = booking_counts.booked + excluded.booked,
    cancelled = booking_counts.cancelled + excluded.cancelled
"""
MAIL_COUNTS = """
CREATE TABLE IF NOT EXISTS mail_counts (
    day       TEXT NOT NULL,
    office_id TEXT NOT NULL,
    sent      INTEGER NOT NULL DEFAULT 0,
    failed    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, office_id)
)"""
COUNT_MAILS = """
INSERT INTO mail_counts (day, office_id, sent, failed)
SELECT substr(created_at, 1, 10), office_id, COUNT(sent_at), COUNT(failed_at)
FROM outbox WHERE COALESCE(sent_at, failed_at) < ? GROUP BY substr(created_at, 1, 10), office_id
ON CONFLICT (day, office_id) DO UPDATE SET
    sent = mail_counts.sent + excluded.sent, failed = mail_counts.failed + excluded.failed
"""


def purge(data_dir: Path, days: int, now: datetime = None, url: str = "") -> Dict[str, int]:
    """Deletes what is past retention in the action server's stores (files in data_dir, or
    the PostgreSQL database at url); how many of each."""
    now = now or datetime.now(timezone.utc)
    cutoff = (now - timedelta(days=days)).isoformat(timespec="seconds")
    done = {"mails": 0, "comments": 0, "bookings": 0}
    outbox = location("outbox", data_dir, url)
    if exists(outbox):
        with connect(outbox) as db:
            if db.has_table("outbox"):
                # in the transaction: replicas purging at once create the table once
                with db.exclusive("outbox"):
                    db.execute(MAIL_COUNTS)
                    db.execute(COUNT_MAILS, (cutoff,))
                    done["mails"] = db.execute(
                        "DELETE FROM outbox WHERE COALESCE(sent_at, failed_at) < ?", (cutoff,)
                    ).rowcount
    feedback = location("feedback", data_dir, url)
    if exists(feedback):
        with connect(feedback) as db:
            if db.has_table("feedback"):
                done["comments"] = db.execute(
                    "UPDATE feedback SET comment = NULL WHERE comment IS NOT NULL"
                    " AND created_at < ?", (cutoff,)).rowcount
    appointments = location("appointments", data_dir, url)
    if exists(appointments):
        with connect(appointments) as db:
            if db.has_table("bookings"):
                # bookings store local times without zone: compare by the local day
                ended = (now - timedelta(days=days)).date().isoformat()
                with db.exclusive("bookings"):
                    db.execute(BOOKING_COUNTS)
                    db.execute(COUNT_BOOKINGS, (ended,))
                    done["bookings"] = db.execute(
                        'DELETE FROM bookings WHERE "end" < ?', (ended,)).rowcount
    return done


def forget(data_dir: Path, references: Iterable[str], url: str = "") -> Dict[str, int]:
    """Deletes the contact mails and bookings with these references (a booking still ahead
    is thereby cancelled: its slot is free again)."""
    references = sorted(set(references))
    marks = ",".join("?" * len(references))
    done = {"mails": 0, "bookings": 0}
    for store, table, key in (("outbox", "outbox", "mails"),
                              ("appointments", "bookings", "bookings")):
        where = location(store, data_dir, url)
        if references and exists(where):
            with connect(where) as db:
                if db.has_table(table):
                    done[key] = db.execute(
                        f"DELETE FROM {table} WHERE reference IN ({marks})",  # noqa: S608
                        references).rowcount
    return done


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    done = purge(settings.DATA_DIR, settings.RETENTION_DAYS, url=settings.DB_URL)
    logger.info("Action server data older than %d days deleted: %d contact mails, "
                "%d feedback comments, %d past bookings.", settings.RETENTION_DAYS,
                done["mails"], done["comments"], done["bookings"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
