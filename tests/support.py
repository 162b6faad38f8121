"""Helpers several test packages share: free loopback ports and a real SMTP server's inbox.
(Fixtures built on them are in tests/conftest.py.)"""

import socket
import threading
from email import message_from_bytes
from http.server import ThreadingHTTPServer


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


class LoopbackServer:
    """A fake of an outside HTTP API on 127.0.0.1 (a free port), served in a thread."""

    def __init__(self, handler: type) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self):
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
