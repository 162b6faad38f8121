"""Whose conversation a message belongs to. Sender ids are namespaced by channel ("rest:",
"web:", "wa:", "tg:", "fb:"), so a client of one channel can never write into a conversation of
another (a REST sender that is a WhatsApp citizen's phone number lands in its own conversation).
Web-chat session ids are issued by the server and signed: a client can continue only a session
it was given. Messenger ids (phone numbers, Telegram chat ids, Facebook sender ids) are stored as
keyed hashes; the real id is used only to send the answer to the message that brought it.

The key (LOTSE_IDENTITY_SECRET) must stay the same across restarts and replicas, or
web-chat sessions start anew and messenger conversations lose their history; without the
variable a key file under var/ is made once (LOTSE_IDENTITY_KEY_FILE).
"""

import hashlib
import hmac
import os
import re
import secrets
from functools import cache
from typing import Optional

from lotse import settings

SIGNATURE_CHARS = 32
SESSION_ID = re.compile(r"^[0-9a-f]{32}\.[0-9a-f]{32}$")  # what new_web_session() gives


@cache
def _key() -> bytes:
    if settings.IDENTITY_SECRET:
        return settings.IDENTITY_SECRET.encode()
    path = settings.IDENTITY_KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # created once, readable by this user only; a concurrent start reads the winner's
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(32))
    except FileExistsError:
        pass
    return path.read_bytes().strip()


def _mac(purpose: str, value: str) -> str:
    return hmac.new(_key(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def rest(sender: str) -> str:
    return f"rest:{sender}"


def new_web_session() -> str:
    """A session id for the web chat: random part and its signature."""
    token = secrets.token_hex(16)
    return f"{token}.{_mac('web', token)[:SIGNATURE_CHARS]}"


def web(session_id: object) -> Optional[str]:
    """The sender id of a session id this server issued; None for any other."""
    if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
        return None  # any other text, also one that is no text at all (lone surrogates)
    token, _, signature = session_id.partition(".")
    expected = _mac("web", token)[:SIGNATURE_CHARS]
    if token and hmac.compare_digest(signature.encode(), expected.encode()):
        return f"web:{token}"
    return None


def whatsapp(number: str) -> str:
    """The stored id of a WhatsApp citizen: a keyed hash of the number."""
    return f"wa:{_mac('whatsapp', number.lstrip('+'))[:40]}"


def telegram(chat_id: int) -> str:
    """The stored id of a Telegram citizen: a keyed hash of the chat id."""
    return f"tg:{_mac('telegram', str(chat_id))[:40]}"


def messenger(psid: str) -> str:
    """The stored id of a Facebook Messenger citizen: a keyed hash of the page-scoped id."""
    return f"fb:{_mac('messenger', psid)[:40]}"


def client(address: str) -> str:
    """A client address as the action server may see it (limits per client): keyed hash."""
    return f"c:{_mac('client', address)[:16]}"
