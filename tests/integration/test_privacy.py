"""Personal data planted in a conversation: after the turn it is in no stored text, in no
log line; after delivery the contact mail leaves nothing of it in the outbox; after the
retention period nothing of the conversation is left at all."""

import re
import sqlite3
import time
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from actions import retention as action_data
from lotse import retention as conversations

NAME = "Jolanta Wiśniewska-Brandt"
EMAIL = "jolanta.wb@example.org"
PHONE = "0171 2345678"
IBAN = "DE89 3704 0044 0532 0130 00"
BIRTH = "14.03.1987"
PLANTED = [NAME, "Wiśniewska", EMAIL, "2345678", IBAN, "0532 0130", BIRTH]


def say(stack, sender, text):
    response = stack.send(sender, text)
    assert response.status_code == 200, response.text
    return " ".join(m.get("text") or "" for m in response.json())


def stored_texts(stack) -> str:
    with sqlite3.connect(stack.tracker_db) as db:
        return "\n".join(row[0] for row in db.execute("SELECT data FROM events"))


def outbox_rows(stack) -> str:
    with sqlite3.connect(stack.data_dir / "outbox.db") as db:
        rows = db.execute("SELECT * FROM outbox").fetchall()
    return "\n".join(" ".join(str(value) for value in row) for row in rows)


def holds(text: str, planted: str) -> bool:
    """The planted value as written, not digits inside another number (a confidence such as
    0.0026281234567823 holds "2345678" by chance)."""
    return re.search(rf"(?<![\d.]){re.escape(planted)}(?!\d)", text) is not None


def test_planted_personal_data_is_kept_nowhere(stack, tmp_path):
    sender = "privacy-planted"
    say(stack, sender, f"Hallo, ich bin {NAME}, geboren am {BIRTH}, meine IBAN ist {IBAN}")
    say(stack, sender, "/contact_request")
    say(stack, sender, NAME)
    say(stack, sender, EMAIL)
    say(stack, sender, '/inform{"contact_topic":"Verlängerung"}')
    say(stack, sender, f"Bitte rufen Sie mich an: {PHONE}. Meine Karte läuft im Mai ab.")
    done = say(stack, sender, "/affirm")
    assert "K-" in done  # the request went out

    deadline = time.monotonic() + 20
    while not any(EMAIL in str(m) for m in stack.inbox.messages) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert any(EMAIL in str(m) for m in stack.inbox.messages)  # the office has it
    time.sleep(1)  # the outbox marks it sent

    stored, outbox, log = stored_texts(stack), outbox_rows(stack), stack.log_path.read_text()
    for planted in PLANTED:
        assert not holds(stored, planted), f"{planted} in the conversation store"
        assert not holds(outbox, planted), f"{planted} in the outbox after delivery"
        assert not holds(log, planted), f"{planted} in the log"

    # after the retention period (on copies: the running stack serves other tests)
    copies = tmp_path / "copies"
    copies.mkdir()
    for source, target in ((stack.tracker_db, copies / "tracker.db"),
                           (stack.data_dir / "outbox.db", copies / "outbox.db")):
        with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
            live.backup(copy)
    later = datetime.now(timezone.utc) + timedelta(days=31)
    conversations.purge(sa.create_engine(f"sqlite:///{copies / 'tracker.db'}"), 30,
                        now=later.timestamp())
    action_data.purge(copies, 30, now=later)
    with sqlite3.connect(copies / "tracker.db") as db:
        left = db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?",
                          (f"rest:{sender}",)).fetchone()[0]
    with sqlite3.connect(copies / "outbox.db") as db:
        mails = db.execute("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL").fetchone()[0]
    assert (left, mails) == (0, 0)
