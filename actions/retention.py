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
import sqlite3
import sys
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Dict, Iterable

from actions import settings

logger = logging.getLogger(__name__)

BOOKING_COUNTS = """
CREATE TABLE IF NOT EXISTS booking_counts (
    day        TEXT NOT NULL,
    office_id  TEXT NOT NULL,
    service_id TEXT NOT NULL,
    booked     INTEGER NOT NULL DEFAULT 0,
    cancelled  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, office_id, service_id)
);
"""
COUNT_BOOKINGS = """
INSERT INTO booking_counts (day, office_id, service_id, booked, cancelled)
SELECT substr(start, 1, 10), office_id, service_id, COUNT(*), COUNT(cancelled_at)
FROM bookings WHERE end < ? GROUP BY substr(start, 1, 10), office_id, service_id
ON CONFLICT (day, office_id, service_id) DO UPDATE SET
    booked = booked + excluded.booked, cancelled = cancelled + excluded.cancelled
"""
MAIL_COUNTS = """
CREATE TABLE IF NOT EXISTS mail_counts (
    day       TEXT NOT NULL,
    office_id TEXT NOT NULL,
    sent      INTEGER NOT NULL DEFAULT 0,
    failed    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, office_id)
);
"""
COUNT_MAILS = """
INSERT INTO mail_counts (day, office_id, sent, failed)
SELECT substr(created_at, 1, 10), office_id, COUNT(sent_at), COUNT(failed_at)
FROM outbox WHERE COALESCE(sent_at, failed_at) < ? GROUP BY substr(created_at, 1, 10), office_id
ON CONFLICT (day, office_id) DO UPDATE SET
    sent = sent + excluded.sent, failed = failed + excluded.failed
"""


def _open(path: Path) -> "closing[sqlite3.Connection]":
    return closing(sqlite3.connect(path, timeout=10, isolation_level=None))


def _has_table(db: sqlite3.Connection, table: str) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return db.execute(query, (table,)).fetchone() is not None


def purge(data_dir: Path, days: int, now: datetime = None) -> Dict[str, int]:
    """Deletes what is past retention in the action server's stores; how many of each."""
    now = now or datetime.now(timezone.utc)
    cutoff = (now - timedelta(days=days)).isoformat(timespec="seconds")
    done = {"mails": 0, "comments": 0, "bookings": 0}
    if (data_dir / "outbox.db").exists():
        with _open(data_dir / "outbox.db") as db:
            if _has_table(db, "outbox"):
                db.executescript(MAIL_COUNTS)
                db.execute("BEGIN IMMEDIATE")
                db.execute(COUNT_MAILS, (cutoff,))
                done["mails"] = db.execute(
                    "DELETE FROM outbox WHERE COALESCE(sent_at, failed_at) < ?", (cutoff,)
                ).rowcount
                db.execute("COMMIT")
    if (data_dir / "feedback.db").exists():
        with _open(data_dir / "feedback.db") as db:
            if _has_table(db, "feedback"):
                done["comments"] = db.execute(
                    "UPDATE feedback SET comment = NULL WHERE comment IS NOT NULL"
                    " AND created_at < ?", (cutoff,)).rowcount
    if (data_dir / "appointments.db").exists():
        with _open(data_dir / "appointments.db") as db:
            if _has_table(db, "bookings"):
                # bookings store local times without zone: compare by the local day
                ended = (now - timedelta(days=days)).date().isoformat()
                db.executescript(BOOKING_COUNTS)
                db.execute("BEGIN IMMEDIATE")
                db.execute(COUNT_BOOKINGS, (ended,))
                done["bookings"] = db.execute(
                    "DELETE FROM bookings WHERE end < ?", (ended,)).rowcount
                db.execute("COMMIT")
    return done


def forget(data_dir: Path, references: Iterable[str]) -> Dict[str, int]:
    """Deletes the contact mails and bookings with these references (a booking still ahead
    is thereby cancelled: its slot is free again)."""
    references = sorted(set(references))
    marks = ",".join("?" * len(references))
    done = {"mails": 0, "bookings": 0}
    for file, table, key in (("outbox.db", "outbox", "mails"),
                             ("appointments.db", "bookings", "bookings")):
        if references and (data_dir / file).exists():
            with _open(data_dir / file) as db:
                if _has_table(db, table):
                    done[key] = db.execute(
                        f"DELETE FROM {table} WHERE reference IN ({marks})",  # noqa: S608
                        references).rowcount
    return done


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    done = purge(settings.DATA_DIR, settings.RETENTION_DAYS)
    logger.info("Action server data older than %d days deleted: %d contact mails, "
                "%d feedback comments, %d past bookings.", settings.RETENTION_DAYS,
                done["mails"], done["comments"], done["bookings"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
