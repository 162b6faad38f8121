"""The outbox: every contact request is stored before it is mailed, so a mail server that is
down loses nothing; `deliver` retries what is pending. A mail the server rejects is retried
with growing pauses and, after MAX_ATTEMPTS, kept as failed ("dead letter") with its reason:
it never holds up the mails behind it."""

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import List, Optional

from actions.appointments.model import new_reference
from actions.database import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    reference  TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    office_id  TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    reply_to   TEXT,
    sent_at    TEXT,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    next_attempt_at TEXT,  -- a rejected mail waits (back-off)
    failed_at  TEXT,       -- given up after MAX_ATTEMPTS rejections
    claimed_until TEXT     -- a replica is sending it (see claim)
);
"""
# columns added after the first release: an existing outbox gets them on start
ADDED_COLUMNS = {"next_attempt_at": "TEXT", "failed_at": "TEXT", "claimed_until": "TEXT"}
MAX_ATTEMPTS = 8
MAX_ERROR_CHARS = 500  # an SMTP error text, enough to diagnose, bounded in the table
FIRST_PAUSE = timedelta(minutes=5)
LONGEST_PAUSE = timedelta(hours=6)
# a sender that dies while sending leaves the mail to the others after this
CLAIM_LEASE = timedelta(minutes=2)


@dataclass(frozen=True)
class OutgoingMail:
    reference: str
    office_id: str
    recipient: str
    subject: str
    body: str
    reply_to: Optional[str]


def one_line(text: str) -> str:
    """Header values (subject, reply-to) from citizen input: a newline would break the mail."""
    return " ".join(str(text).split())


class Outbox(Store):
    SCHEMA = SCHEMA

    def migrate(self, db) -> None:
        self.add_columns(db, "outbox", ADDED_COLUMNS)

    def add(
        self, office_id: str, recipient: str, subject: str, body: str, reply_to: Optional[str]
    ) -> str:
        """Stores a mail and returns its reference (shown to the citizen)."""
        reference = new_reference("K")
        with self._connect() as db:
            db.execute(
                "INSERT INTO outbox (reference, created_at, office_id, recipient, subject, body,"
                " reply_to) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (reference, _now(), office_id, recipient, one_line(f"{subject} [{reference}]"),
                 body, one_line(reply_to) if reply_to else None),
            )
        return reference

    def pending(self, due_only: bool = False) -> List[OutgoingMail]:
        """Unsent mails not given up; `due_only`: without those waiting after a rejection."""
        # without due_only the cut-off lies far ahead: every waiting mail counts
        cut_off = _now() if due_only else "9999"
        with self._connect() as db:
            rows = db.execute(
                "SELECT reference, office_id, recipient, subject, body, reply_to FROM outbox"
                " WHERE sent_at IS NULL AND failed_at IS NULL"
                " AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY created_at",
                (cut_off,),
            ).fetchall()
        return [OutgoingMail(*row) for row in rows]

    def claim(self, reference: str) -> bool:
        """True if this process may send the mail now: with several action-server replicas on
        one outbox, each mail goes out once (until CLAIM_LEASE ends, no other claims it)."""
        with self._connect() as db:
            cursor = db.execute(
                "UPDATE outbox SET claimed_until = ? WHERE reference = ? AND sent_at IS NULL"
                " AND failed_at IS NULL AND (claimed_until IS NULL OR claimed_until <= ?)",
                (_now(CLAIM_LEASE), reference, _now()),
            )
            return cursor.rowcount == 1

    def dead_letters(self) -> int:
        with self._connect() as db:
            query = "SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL"
            return db.execute(query).fetchone()[0]

    def mark_rejected(self, reference: str, error: str) -> bool:
        """This mail (not the server) failed: wait before the next try, give up after
        MAX_ATTEMPTS, keeping the reason. True if it is given up now."""
        with self._connect() as db:
            row = db.execute("SELECT attempts FROM outbox WHERE reference = ?", (reference,))
            attempts = (row.fetchone() or (0,))[0] + 1
            pause = min(FIRST_PAUSE * 2 ** (attempts - 1), LONGEST_PAUSE)
            db.execute(
                "UPDATE outbox SET attempts = ?, last_error = ?, next_attempt_at = ?,"
                " failed_at = ?, claimed_until = NULL WHERE reference = ?",
                (attempts, error[:MAX_ERROR_CHARS], _now(pause),
                 _now() if attempts >= MAX_ATTEMPTS else None, reference),
            )
        return attempts >= MAX_ATTEMPTS

    def mark_sent(self, reference: str) -> None:
        """Delivered: the staff mailbox has the request, so the outbox keeps only that it was
        sent (reference, office, times): no name, address, topic or message."""
        with self._connect() as db:
            db.execute(
                "UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL,"
                " subject = ?, body = '', reply_to = NULL, claimed_until = NULL"
                " WHERE reference = ?",
                (_now(), f"Kontaktanfrage [{reference}]", reference),
            )

    def mark_failed(self, references: List[str], error: str) -> None:
        """One statement for all: a mail server that is down must not cost a write per mail."""
        with self._connect() as db:
            db.executemany(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?, claimed_until = NULL"
                " WHERE reference = ?",
                [(error[:MAX_ERROR_CHARS], reference) for reference in references],
            )


def _now(later: timedelta = timedelta(0)) -> str:
    return (datetime.now(timezone.utc) + later).isoformat(timespec="seconds")
