"""The outbox: every contact request is stored before it is mailed, so a mail server that is
down loses nothing; `deliver` retries what is pending."""

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List, Optional

from actions.appointments.model import new_reference
from actions.sqlite_store import SqliteStore

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
    last_error TEXT
);
"""


@dataclass(frozen=True)
class OutgoingMail:
    reference: str
    office_id: str
    recipient: str
    subject: str
    body: str
    reply_to: Optional[str]


class Outbox(SqliteStore):
    SCHEMA = SCHEMA

    def add(
        self, office_id: str, recipient: str, subject: str, body: str, reply_to: Optional[str]
    ) -> str:
        """Stores a mail and returns its reference (shown to the citizen)."""
        reference = "K-" + new_reference()[2:]
        with self._connect() as db:
            db.execute(
                "INSERT INTO outbox (reference, created_at, office_id, recipient, subject, body,"
                " reply_to) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (reference, _now(), office_id, recipient, f"{subject} [{reference}]", body,
                 reply_to),
            )
        return reference

    def pending(self) -> List[OutgoingMail]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT reference, office_id, recipient, subject, body, reply_to FROM outbox "
                "WHERE sent_at IS NULL ORDER BY created_at"
            ).fetchall()
        return [OutgoingMail(*row) for row in rows]

    def mark_sent(self, reference: str) -> None:
        with self._connect() as db:
            db.execute(
                "UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL "
                "WHERE reference = ?",
                (_now(), reference),
            )

    def mark_failed(self, references: List[str], error: str) -> None:
        """One statement for all: a mail server that is down must not cost a write per mail."""
        with self._connect() as db:
            db.executemany(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE reference = ?",
                [(error[:500], reference) for reference in references],
            )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
