"""Contact requests reach a real SMTP server (aiosmtpd on loopback); nothing is lost while
the server is down."""

import datetime
import sqlite3

import pytest
from aiosmtpd.controller import Controller

from actions.contact.mailer import SmtpSettings, deliver
from actions.contact.outbox import Outbox
from actions.contact.validation import normalize_email, normalize_phone
from tests.support import Inbox, free_port


def request(outbox):
    return outbox.add("lk-musterhausen", "staff@office.example", "Kontaktanfrage",
                      "Bitte um Rückruf zur Verlängerung.", "ana@example.org")


def test_a_request_arrives_at_the_office_mailbox_with_its_reference(store_at, smtp_server):
    inbox, settings = smtp_server
    outbox = Outbox(store_at("outbox"))
    reference = request(outbox)
    assert deliver(outbox, settings) == (1, 0)
    [mail] = inbox.messages
    assert mail["To"] == "staff@office.example"
    assert reference in mail["Subject"]
    assert mail["Reply-To"] == "ana@example.org"
    assert "Rückruf" in mail.get_payload(decode=True).decode("utf-8")
    assert outbox.pending() == []


def test_nothing_is_lost_while_the_mail_server_is_down(tmp_path, smtp_server):
    inbox, settings = smtp_server
    outbox = Outbox(tmp_path / "outbox.db")
    reference = request(outbox)
    down = SmtpSettings(host="127.0.0.1", port=free_port(), timeout_seconds=1)
    assert deliver(outbox, down) == (0, 1)
    assert [m.reference for m in outbox.pending()] == [reference]
    assert deliver(outbox, settings) == (1, 0)  # the retry once it is back
    assert len(inbox.messages) == 1


@pytest.mark.parametrize("text, expected", [
    ("0171 2345678", "+49 171 2345678"),
    ("+90 532 123 45 67", "+90 532 123 45 67"),
    ("12", None),
    ("call me", None),
])
def test_phone_numbers_are_validated_and_normalised(text, expected):
    assert normalize_phone(text) == expected


def test_email_addresses_are_validated():
    assert normalize_email(" Ana@Example.org ") == "ana@example.org"
    assert normalize_email("ana@") is None
    assert normalize_email("no address") is None


def test_a_topic_with_a_newline_neither_breaks_its_mail_nor_blocks_the_others(
        tmp_path, smtp_server):
    inbox, settings = smtp_server
    outbox = Outbox(tmp_path / "outbox.db")
    first = outbox.add("lk-musterhausen", "staff@office.example",
                       "Kontaktanfrage: Karte\nBcc: x@evil.example",
                       "Text", "ana@example.org\nBcc: y@evil.example")
    second = request(outbox)
    assert deliver(outbox, settings) == (2, 0)
    subjects = [m["Subject"] for m in inbox.messages]
    assert any(first in s and "\n" not in s for s in subjects)
    assert any(second in s for s in subjects)
    assert all(m["Bcc"] is None for m in inbox.messages)


class Refusing(Inbox):
    """A mail server that refuses one mailbox (550), as a real one does for a typo."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.startswith("gone@"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_a_mail_the_server_rejects_waits_then_is_given_up_without_holding_up_others(
        tmp_path, monkeypatch):
    inbox = Refusing()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings = SmtpSettings(host="127.0.0.1", port=controller.port, sender="lotse@test.example")
    outbox = Outbox(tmp_path / "outbox.db")
    bad = outbox.add("lk-musterhausen", "gone@office.example", "Kontaktanfrage", "Text", None)
    good = request(outbox)
    assert deliver(outbox, settings) == (1, 1)  # the good one went out, the bad one waits
    assert [m.reference for m in outbox.pending()] == [bad]
    assert outbox.pending(due_only=True) == []  # not retried at once
    # time passes: no more pauses from here, the waiting one is due
    monkeypatch.setattr("actions.contact.outbox.FIRST_PAUSE", datetime.timedelta(0))
    with sqlite3.connect(tmp_path / "outbox.db") as db:
        db.execute("UPDATE outbox SET next_attempt_at = NULL")
    for _ in range(10):
        deliver(outbox, settings)
    assert outbox.pending() == [] and outbox.dead_letters() == 1
    assert good in inbox.messages[0]["Subject"] and len(inbox.messages) == 1
    controller.stop()


def test_two_replicas_delivering_one_outbox_at_once_send_each_mail_once(store_at, smtp_server):
    """Several action servers share the outbox (README, "Running in production"): each
    request reaches the office mailbox once, not once per replica."""
    import threading

    inbox, settings = smtp_server
    first, second = Outbox(store_at("outbox")), Outbox(store_at("outbox"))
    references = {request(first) for _ in range(20)}
    start = threading.Barrier(2)

    def replica(outbox):
        start.wait()
        deliver(outbox, settings)

    threads = [threading.Thread(target=replica, args=(o,)) for o in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    subjects = [m["Subject"] for m in inbox.messages]
    assert sorted(next(r for r in references if r in s) for s in subjects) == sorted(references)
    assert first.pending() == []


def test_a_mail_claimed_by_a_replica_that_died_is_sent_by_another_after_the_lease(
        tmp_path, smtp_server):
    inbox, settings = smtp_server
    outbox = Outbox(tmp_path / "outbox.db")
    reference = request(outbox)
    assert outbox.claim(reference)  # a replica claims it and is killed before sending
    assert deliver(outbox, settings) == (0, 1)  # not sent twice meanwhile
    with sqlite3.connect(tmp_path / "outbox.db") as db:  # the lease long over
        db.execute("UPDATE outbox SET claimed_until = '2000-01-01T00:00:00+00:00'")
    assert deliver(outbox, settings) == (1, 0)
    assert len(inbox.messages) == 1
