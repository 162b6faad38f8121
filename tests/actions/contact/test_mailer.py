"""Contact requests reach a real SMTP server (aiosmtpd on loopback); nothing is lost while
the server is down."""

import socket
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller

from actions.contact.mailer import SmtpSettings, deliver
from actions.contact.outbox import Outbox
from actions.contact.validation import normalize_email, normalize_phone


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, SmtpSettings(host="127.0.0.1", port=controller.port, sender="lotse@test.example")
    controller.stop()


def request(outbox):
    return outbox.add("lk-musterhausen", "staff@office.example", "Kontaktanfrage",
                      "Bitte um Rückruf zur Verlängerung.", "ana@example.org")


def test_a_request_arrives_at_the_office_mailbox_with_its_reference(tmp_path, smtp_server):
    inbox, settings = smtp_server
    outbox = Outbox(tmp_path / "outbox.db")
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
