"""Facebook Messenger as a Rasa input channel (URL: /webhooks/messenger/webhook), in place of
Rasa's own `facebook` channel, which keys conversations by the sender's id in clear, shows
links as "[label](url)" and cannot be pointed at another Graph API server.

- GET: Meta's subscription check (hub.mode, hub.verify_token, hub.challenge).
- POST: only with Meta's signature (X-Hub-Signature-256, HMAC-SHA256 of the raw body with the
  app secret, as for WhatsApp). Meta wants a 200 within seconds and delivers again otherwise:
  the bot answers in the background, and a message id seen before is dropped.
- Text, quick-reply taps and postbacks (the payload Lotse sent) reach the bot; photos, stickers,
  voice messages and the like get a polite answer; echoes, reads and deliveries are ignored.
- Message texts are not logged; the conversation is stored under a keyed hash of the
  page-scoped sender id ("fb:…", lotse/identities.py), the id itself is used only to answer.
- Answers through the Send API: links as words with the URLs at the end, buttons as quick
  replies (at most 13, titles of 20 characters), long texts in pieces of 2000 characters.

Settings come from credentials.yml (LOTSE_MESSENGER_* variables). While the verify token, the
app secret or the page access token is empty the channel is off and answers 503.
"""

import json
import logging
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional

from rasa.core.channels.channel import OutputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from lotse import identities
from lotse.channels.common import (
    MAX_MESSAGE_CHARS,
    bounded,
    links_at_the_end,
    split_text,
)
from lotse.channels.messaging import (
    ChannelSettings,
    Handler,
    MessengerChannel,
    hand_over,
    health_route,
    meta_subscription,
    not_configured,
    valid_signature,
)
from lotse.channels.whatsapp_output import GraphClient, shorten

logger = logging.getLogger(__name__)

DEFAULT_GRAPH_URL = "https://graph.facebook.com"
DEFAULT_API_VERSION = "v21.0"
REQUIRED_SETTINGS = ("verify_token", "app_secret", "page_access_token")
MAX_TEXT_CHARS = 2000  # the Send API's limit for one text
MAX_QUICK_REPLIES, MAX_QUICK_REPLY_TITLE, MAX_QUICK_REPLY_PAYLOAD = 13, 20, 1000



@dataclass(frozen=True)
class MessengerConfig(ChannelSettings):
    REQUIRED = REQUIRED_SETTINGS
    verify_token: str = ""
    app_secret: str = ""
    page_access_token: str = ""
    graph_url: str = DEFAULT_GRAPH_URL
    api_version: str = DEFAULT_API_VERSION

    @property
    def messages_url(self) -> str:
        return f"{self.graph_url.rstrip('/')}/{self.api_version}/me/messages"


class MessengerOutput(OutputChannel):
    @classmethod
    def name(cls) -> str:
        return "messenger"

    def __init__(self, client: GraphClient, psid: str) -> None:
        self.client = client
        self.psid = psid  # the conversation is known by its pseudonym only

    async def _send(self, text: str, quick_replies: Optional[List[Dict]] = None) -> None:
        pieces = split_text(links_at_the_end(text), MAX_TEXT_CHARS) or ["…"]
        for number, piece in enumerate(pieces, 1):
            message: Dict[str, Any] = {"text": piece}
            if quick_replies and number == len(pieces):
                message["quick_replies"] = quick_replies
            payload = {"recipient": {"id": self.psid}, "messaging_type": "RESPONSE",
                       "message": message}
            if not await self.client.send(payload):
                break  # the rest makes no sense without the part that failed

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send(text)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        replies = [
            {"content_type": "text", "title": shorten(str(b["title"]), MAX_QUICK_REPLY_TITLE),
             # a payload too long for Messenger: the title, which the NLU reads like a text
             "payload": (str(b.get("payload") or "")
                         if 0 < len(str(b.get("payload") or "")) <= MAX_QUICK_REPLY_PAYLOAD
                         else str(b["title"])[:MAX_QUICK_REPLY_PAYLOAD])}
            for b in buttons if b.get("title")
        ][:MAX_QUICK_REPLIES]
        await self._send(text, replies or None)


@dataclass(frozen=True)
class Incoming:
    id: str
    sender: str  # the page-scoped id (PSID)
    text: Optional[str]  # None: nothing Lotse can read (photo, sticker, voice, ...)


class WebhookError(Exception):
    """A signed delivery that is not of the shape Meta documents."""


def parse_delivery(body: bytes) -> List[Incoming]:
    """The citizens' messages of one delivery (entry[].messaging[])."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise WebhookError("The body is not valid JSON.") from None
    if not isinstance(data, dict) or not isinstance(data.get("entry"), list):
        raise WebhookError("Expected a JSON object with 'entry'.")
    found = []
    for entry in data["entry"]:
        events = entry.get("messaging") if isinstance(entry, dict) else None
        if not isinstance(events, list):
            raise WebhookError("Every entry needs a 'messaging' list.")
        for event in events:
            incoming = parse_event(event)
            if incoming is not None:
                found.append(incoming)
    return found


def parse_event(event: Any) -> Optional[Incoming]:
    if not isinstance(event, dict):
        raise WebhookError("Every messaging event must be an object.")
    sender = (event.get("sender") or {}).get("id") if isinstance(event.get("sender"), dict) \
        else None
    message, postback = event.get("message"), event.get("postback")
    if isinstance(message, dict):
        if message.get("is_echo"):
            return None  # the page's own answer
        quick = message.get("quick_reply")
        text = quick.get("payload") if isinstance(quick, dict) else message.get("text")
        mid = message.get("mid")
    elif isinstance(postback, dict):
        text, mid = postback.get("payload"), postback.get("mid")
    else:
        return None  # read and delivery receipts, reactions, ...
    if not isinstance(sender, str) or not sender.isdigit() or len(sender) > 30:
        raise WebhookError("Every message needs a sender id.")
    if not isinstance(mid, str) or not mid:
        raise WebhookError("Every message needs a 'mid'.")
    if not isinstance(text, str) or not text.strip():
        return Incoming(mid, sender, None)
    return Incoming(mid, sender, text.strip()[:MAX_MESSAGE_CHARS])


class MessengerInput(MessengerChannel):
    PRODUCT = "Messenger"
    SETTINGS = MessengerConfig

    @classmethod
    def name(cls) -> str:
        return "messenger"

    def __init__(self, config: MessengerConfig) -> None:
        super().__init__(config)
        self.client = GraphClient(config.messages_url, config.page_access_token, "Messenger")

    def verify(self, args: Mapping[str, str]) -> HTTPResponse:
        return meta_subscription(args, self.config, self.PRODUCT)

    async def receive(self, body: bytes, signature: Optional[str],
                      on_new_message: Handler) -> HTTPResponse:
        if self.config.missing:  # an empty secret must not make signatures anyone can forge
            return not_configured("Messenger")
        if not signature:
            return response.json({"error": "X-Hub-Signature-256 is missing."}, status=401)
        if not valid_signature(body, signature, self.config.app_secret):
            return response.json({"error": "The signature does not match."}, status=403)
        try:
            messages = parse_delivery(body)
        except WebhookError as error:
            return response.json({"error": str(error)}, status=400)
        new = [m for m in messages if self.seen.add(m.id)]
        if new:
            self.answers.start(self.process(new, on_new_message))
        return response.json({"status": "received"})

    async def process(self, messages: List[Incoming], on_new_message: Handler) -> None:
        for message in messages:  # in order: one delivery can hold several from one sender
            await hand_over(on_new_message, MessengerOutput(self.client, message.sender),
                            message.text, identities.messenger(message.sender), self.name(),
                            message.id, "Messenger")

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        webhook = bounded(Blueprint("lotse_messenger_webhook", __name__))

        health_route(webhook, self.config, "Messenger")

        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            return self.verify(request.args)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self.receive(request.body, request.headers.get("X-Hub-Signature-256"),
                                      on_new_message)

        @webhook.listener("before_server_stop")
        async def finish(app: Any, loop: Any) -> None:
            await self.answers.finish(self.client.close())

        return webhook
