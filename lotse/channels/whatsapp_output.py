"""Lotse's answers as WhatsApp Cloud API messages, sent through the Graph API.

Texts over 4096 characters are split at paragraph, sentence or word breaks; up to 3 buttons
become reply buttons, more a list (at most 10 rows). Titles are shortened to WhatsApp's
limits; the id of a button or row is the payload Lotse sent, so a tap comes back as e.g.
`/inform{"service":"extension"}`. Neither texts nor the access token are logged.
"""

import logging
import re
from typing import Any, Dict, List, Optional, Tuple

import aiohttp
from rasa.core.channels.channel import OutputChannel

from lotse.channels.common import links_at_the_end, split_text
from lotse.channels.retries import Outcome, transient, with_retries

logger = logging.getLogger(__name__)

# limits of the Cloud API's messages endpoint
MAX_TEXT_CHARS = 4096
MAX_BODY_CHARS = 1024  # text above the options of an interactive message
MAX_REPLY_BUTTONS = 3
MAX_BUTTON_TITLE, MAX_BUTTON_ID = 20, 256
MAX_LIST_ROWS, MAX_ROW_TITLE, MAX_ROW_DESCRIPTION, MAX_ROW_ID = 10, 24, 72, 200
LIST_BUTTON_LABEL = "Optionen / Options"  # opens the list; the language is not known here

TIMEOUT = aiohttp.ClientTimeout(total=10)

LINK = re.compile(r"https?://", re.IGNORECASE)

Payload = Dict[str, Any]


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def text_payloads(text: str) -> List[Payload]:
    return [
        {"type": "text", "text": {"body": piece, "preview_url": bool(LINK.search(piece))}}
        for piece in split_text(text, MAX_TEXT_CHARS)
    ]


def _option_id(title: str, payload: str, limit: int) -> str:
    # a payload too long for WhatsApp cannot be cut (it is JSON); the NLU understands titles
    return payload if 0 < len(payload) <= limit else title[:limit]


def _reply_buttons(options: List[Tuple[str, str]]) -> Payload:
    buttons = [
        {
            "type": "reply",
            "reply": {
                "id": _option_id(title, payload, MAX_BUTTON_ID),
                "title": shorten(title, MAX_BUTTON_TITLE),
            },
        }
        for title, payload in options
    ]
    return {"type": "button", "action": {"buttons": buttons}}


def _list(options: List[Tuple[str, str]]) -> Payload:
    if len(options) > MAX_LIST_ROWS:
        logger.warning(
            "A WhatsApp list shows %d of %d options; the rest is left out.",
            MAX_LIST_ROWS, len(options),
        )
    rows = []
    for title, payload in options[:MAX_LIST_ROWS]:
        row = {"id": _option_id(title, payload, MAX_ROW_ID), "title": shorten(title, MAX_ROW_TITLE)}
        if len(title) > MAX_ROW_TITLE:  # the full title fits below the shortened one
            row["description"] = shorten(title, MAX_ROW_DESCRIPTION)
        rows.append(row)
    return {"type": "list", "action": {"button": LIST_BUTTON_LABEL, "sections": [{"rows": rows}]}}


def button_payloads(text: str, buttons: List[Dict[str, Any]]) -> List[Payload]:
    """Up to 3 options as reply buttons, more as a list; a long text goes ahead as text."""
    options = [(str(b.get("title") or ""), str(b.get("payload") or "")) for b in buttons]
    if not options:
        return text_payloads(text)
    text = text.strip()
    head, body = [], text or LIST_BUTTON_LABEL
    if len(body) > MAX_BODY_CHARS:
        body = split_text(text, MAX_BODY_CHARS)[-1]  # the last sentences stay with the options
        head = text_payloads(text[: -len(body)])
    interactive = _reply_buttons(options) if len(options) <= MAX_REPLY_BUTTONS else _list(options)
    return [*head, {"type": "interactive", "interactive": {**interactive, "body": {"text": body}}}]


async def _graph_error(reply: aiohttp.ClientResponse) -> str:
    # the code says what went wrong (131047: the 24-hour window is closed); the message text
    # may quote the recipient, so it stays out of the log
    try:
        body = await reply.json(content_type=None)
    except (ValueError, aiohttp.ClientError):
        return ""
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return f" (Graph API error {code})" if code else ""


class GraphClient:
    """Posts to the messages endpoint over one connection pool, retrying 429, 5xx, timeouts."""

    def __init__(self, messages_url: str, access_token: str, product: str = "WhatsApp") -> None:
        self.messages_url = messages_url
        self.product = product  # for the log: WhatsApp or Messenger
        self._headers = {"Authorization": f"Bearer {access_token}"}
        self._session: Optional[aiohttp.ClientSession] = None

    async def send(self, payload: Payload) -> bool:
        if self._session is None or self._session.closed:  # made in the loop that uses it
            self._session = aiohttp.ClientSession(timeout=TIMEOUT, headers=self._headers)

        async def attempt() -> Outcome:
            async with self._session.post(self.messages_url, json=payload) as reply:
                if reply.status < 300:
                    return None
                return (f"HTTP {reply.status}{await _graph_error(reply)}",
                        transient(reply.status), reply.headers.get("Retry-After"))

        return await with_retries(attempt, f"{self.product} message")

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


class WhatsAppOutput(OutputChannel):
    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    def __init__(self, client: GraphClient, number: Optional[str] = None) -> None:
        self.client = client
        # the citizen's number: the bot knows the conversation only by its pseudonym
        self.number = number

    async def _send(self, recipient_id: str, payloads: List[Payload]) -> None:
        envelope = {"messaging_product": "whatsapp", "recipient_type": "individual"}
        to = self.number or recipient_id
        for payload in payloads:
            if not await self.client.send({**envelope, "to": to, **payload}):
                break  # the rest makes no sense without the part that failed

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send(recipient_id, text_payloads(links_at_the_end(text)))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._send(recipient_id, button_payloads(links_at_the_end(text), buttons))
