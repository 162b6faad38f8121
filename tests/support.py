"""Helpers several test packages share: free loopback ports and a real SMTP server's inbox.
(Fixtures built on them are in tests/conftest.py.)"""

import socket
from email import message_from_bytes


def free_port() -> int:
    """A port free on loopback right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """The mails an aiosmtpd server on loopback received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"
