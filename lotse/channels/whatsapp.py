"""WhatsApp Business Cloud API as a Rasa input channel (URL: /webhooks/whatsapp/webhook).

Meta calls the webhook with what citizens write to the office's WhatsApp number; the answers
go back through the Graph API (lotse/channels/whatsapp_output.py).

- GET: Meta's subscription check (hub.mode, hub.verify_token, hub.challenge).
- POST: only with Meta's signature (X-Hub-Signature-256: HMAC-SHA256 of the raw body with the
  app secret). Meta wants a 200 within seconds and delivers again otherwise, so the bot
  answers in the background, and a message id seen before is dropped (in Redis when
  LOTSE_REDIS_URL is set: a repeated delivery may reach another replica).
- Text and taps on buttons or list rows reach the bot; media, locations, stickers and the
  like get a polite answer; status callbacks (sent, delivered, read) are ignored.
- Message texts are not logged; the conversation is stored under a keyed hash of the phone
  number ("wa:…", lotse/identities.py), the number itself is used only to answer.

Settings come from credentials.yml (LOTSE_WHATSAPP_* variables). While verify token, app
secret, access token or phone number id is empty the channel is off and answers 503, so
Lotse runs without WhatsApp.
"""

import json
import logging
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from lotse import identities
from lotse.channels.common import (
    MAX_MESSAGE_CHARS,
    SENDER_PATTERN,
    bounded,
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
from lotse.channels.whatsapp_output import GraphClient, WhatsAppOutput

logger = logging.getLogger(__name__)

DEFAULT_GRAPH_URL = "https://graph.facebook.com"
DEFAULT_API_VERSION = "v21.0"
REQUIRED_SETTINGS = ("verify_token", "app_secret", "access_token", "phone_number_id")



@dataclass(frozen=True)
class WhatsAppConfig(ChannelSettings):
    REQUIRED = REQUIRED_SETTINGS
    verify_token: str = ""
    app_secret: str = ""
    access_token: str = ""
    phone_number_id: str = ""
    graph_url: str = DEFAULT_GRAPH_URL
    api_version: str = DEFAULT_API_VERSION

    @property
    def messages_url(self) -> str:
        return f"{self.graph_url.rstrip('/')}/{self.api_version}/{self.phone_number_id}/messages"


class WebhookError(Exception):
    """A signed delivery that is not of the shape Meta documents."""


@dataclass(frozen=True)
class Incoming:
    id: str
    sender: str  # the citizen's WhatsApp id (phone number): the conversation id
    text: Optional[str]  # None: nothing Lotse can read (image, location, sticker, ...)


def _field(value: Any, *keys: str) -> Any:
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _objects(container: Dict[str, Any], key: str, default: Any = None) -> List[Dict]:
    items = container.get(key, default)
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise WebhookError(f"'{key}' must be a list of objects.")
    return items


def parse_delivery(body: bytes, phone_number_id: str) -> List[Incoming]:
    """The messages of one webhook delivery (entry[].changes[].value.messages[])."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: nested thousands deep
        raise WebhookError("The body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise WebhookError("Expected a JSON object with 'entry'.")
    messages = []
    for entry in _objects(data, "entry"):
        for change in _objects(entry, "changes"):
            value = change.get("value")
            if not isinstance(value, dict):
                raise WebhookError("Every change needs a 'value' object.")
            # another number of the same Meta app is not ours to answer
            receiver = _field(value, "metadata", "phone_number_id")
            if receiver is not None and str(receiver) != phone_number_id:
                continue
            messages.extend(parse_message(m) for m in _objects(value, "messages", []))
    return messages


def parse_message(message: Dict[str, Any]) -> Incoming:
    message_id, sender, kind = message.get("id"), message.get("from"), message.get("type")
    if not isinstance(message_id, str) or not message_id:
        raise WebhookError("Every message needs an 'id'.")
    if not isinstance(sender, str) or not SENDER_PATTERN.match(sender):
        raise WebhookError("Every message needs a sender ('from').")
    text = None
    if kind == "text":
        text = _field(message, "text", "body")
    elif kind == "interactive":  # the id of a reply is the payload Lotse sent
        text = _field(message, "interactive", "button_reply", "id") or _field(
            message, "interactive", "list_reply", "id"
        )
    if not isinstance(text, str) or not text.strip():
        return Incoming(message_id, sender, None)
    # the REST channel's limit: WhatsApp allows 4096 characters, the NLU needs far fewer
    return Incoming(message_id, sender, text.strip()[:MAX_MESSAGE_CHARS])


class WhatsAppInput(MessengerChannel):
    PRODUCT = "WhatsApp"
    SETTINGS = WhatsAppConfig

    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    def __init__(self, config: WhatsAppConfig) -> None:
        super().__init__(config)
        self.client = GraphClient(config.messages_url, config.access_token)

    def verify(self, args: Mapping[str, str]) -> HTTPResponse:
        """Meta's subscription check: the challenge back if the verify token matches."""
        return meta_subscription(args, self.config, self.PRODUCT)

    async def receive(
        self, body: bytes, signature: Optional[str], on_new_message: Handler
    ) -> HTTPResponse:
        """Checks a delivery and hands its new messages to the bot in the background."""
        if self.config.missing:  # an empty secret must not make signatures anyone can forge
            return not_configured("WhatsApp")
        if not signature:
            return response.json({"error": "X-Hub-Signature-256 is missing."}, status=401)
        if not valid_signature(body, signature, self.config.app_secret):
            return response.json({"error": "The signature does not match."}, status=403)
        try:
            messages = parse_delivery(body, self.config.phone_number_id)
        except WebhookError as error:
            return response.json({"error": str(error)}, status=400)
        new = [m for m in messages if self.seen.add(m.id)]
        if len(new) < len(messages):
            logger.info("Dropped %d repeated WhatsApp message(s).", len(messages) - len(new))
        if new:
            self.answers.start(self.process(new, on_new_message))
        return response.json({"status": "received"})

    async def process(self, messages: List[Incoming], on_new_message: Handler) -> None:
        for message in messages:  # in order: one delivery can hold several from one sender
            # the conversation is stored under a keyed hash of the number; the answer goes
            # to the number itself
            await hand_over(on_new_message, WhatsAppOutput(self.client, number=message.sender),
                            message.text, identities.whatsapp(message.sender), self.name(),
                            message.id, "WhatsApp")

    async def drain(self) -> None:
        await self.answers.drain()

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        webhook = bounded(Blueprint("lotse_whatsapp_webhook", __name__))

        health_route(webhook, self.config, "WhatsApp")

        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            return self.verify(request.args)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            signature = request.headers.get("X-Hub-Signature-256")
            return await self.receive(request.body, signature, on_new_message)

        @webhook.listener("before_server_stop")
        async def finish(app: Any, loop: Any) -> None:
            await self.answers.finish(self.client.close())

        return webhook
