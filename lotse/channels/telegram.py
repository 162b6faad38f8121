"""Telegram as a Rasa input channel (URL: /webhooks/telegram/webhook), in place of Rasa's own,
which asks Telegram for the bot's name on every request instead of authenticating it, keys
conversations by the chat id in clear and cannot be pointed at another Bot API server.

- At start Lotse registers its webhook with Telegram (setWebhook) with a secret token;
  Telegram sends it back in X-Telegram-Bot-Api-Secret-Token, and a POST without it is refused.
  Telegram delivers again when it gets no 200: the bot answers in the background, and an
  update id seen before is dropped.
- Text and taps on buttons (callback queries, the payload Lotse sent) reach the bot; photos,
  stickers, voice messages and the like get a polite answer; other updates are ignored.
- Message texts are not logged; the conversation is stored under a keyed hash of the chat id
  ("tg:…", lotse/identities.py), the chat id itself is used only to answer.
- Answers: links as the WhatsApp channel shows them (label in the sentence, URL at the end),
  buttons as an inline keyboard, long texts in pieces of 4096 characters.
- An answer refused by flood control (429, `retry_after`), a server error or a timeout is
  sent again (lotse/channels/retries.py).

Settings come from credentials.yml (LOTSE_TELEGRAM_* variables). While the access token, the
webhook URL or the secret token is empty the channel is off and answers 503.
"""

import hmac
import json
import logging
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

import aiohttp
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
    not_configured,
)
from lotse.channels.retries import Outcome, transient, with_retries

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.telegram.org"
REQUIRED_SETTINGS = ("access_token", "webhook_url", "secret_token")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
MAX_CALLBACK_BYTES = 64  # Telegram's limit for a button's callback data
UPDATES = ["message", "edited_message", "callback_query"]
TIMEOUT = aiohttp.ClientTimeout(total=10)



@dataclass(frozen=True)
class TelegramConfig(ChannelSettings):
    REQUIRED = REQUIRED_SETTINGS
    access_token: str = ""
    webhook_url: str = ""
    secret_token: str = ""
    api_url: str = DEFAULT_API_URL


class BotApi:
    """The Bot API methods Lotse calls (JSON over HTTPS); failures are logged, not raised."""

    def __init__(self, config: TelegramConfig) -> None:
        self._base = f"{config.api_url.rstrip('/')}/bot{config.access_token}"
        self._session: Optional[aiohttp.ClientSession] = None

    async def call(self, method: str, payload: Dict[str, Any]) -> bool:
        """True when Telegram took it; a 429 (flood control: `retry_after` seconds), a server
        error or a timeout is tried again (lotse/channels/retries.py)."""
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=TIMEOUT)

        async def attempt() -> Outcome:
            async with self._session.post(f"{self._base}/{method}", json=payload) as reply:
                try:
                    answer = await reply.json(content_type=None)
                except ValueError:
                    answer = None
                if reply.status == 200 and isinstance(answer, dict) and answer.get("ok"):
                    return None
                # the code says what went wrong; the URL holds the token and is not logged
                answer = answer if isinstance(answer, dict) else {}
                wait = (answer.get("parameters") or {}).get("retry_after")
                return (f"HTTP {reply.status}, error {answer.get('error_code')}",
                        transient(reply.status), None if wait is None else str(wait))

        return await with_retries(attempt, f"Telegram {method}")

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


def callback_data(button: Dict[str, Any]) -> str:
    """The payload, or the title where the payload is longer than Telegram allows (the NLU
    reads the title like a typed answer)."""
    for value in (str(button.get("payload") or ""), str(button.get("title") or "")):
        if value and len(value.encode()) <= MAX_CALLBACK_BYTES:
            return value
    return str(button.get("title") or "").encode()[:MAX_CALLBACK_BYTES].decode(errors="ignore")


class TelegramOutput(OutputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, api: BotApi, chat_id: int) -> None:
        self.api = api
        self.chat_id = chat_id  # the conversation is known by its pseudonym only

    async def _send(self, text: str, markup: Optional[Dict[str, Any]] = None) -> None:
        pieces = split_text(links_at_the_end(text)) or ["…"]
        for number, piece in enumerate(pieces, 1):
            payload: Dict[str, Any] = {"chat_id": self.chat_id, "text": piece}
            if markup and number == len(pieces):
                payload["reply_markup"] = markup
            if not await self.api.call("sendMessage", payload):
                break  # the rest makes no sense without the part that failed

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send(text)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        rows = [[{"text": str(b.get("title") or ""), "callback_data": callback_data(b)}]
                for b in buttons if b.get("title")]
        await self._send(text, {"inline_keyboard": rows} if rows else None)


@dataclass(frozen=True)
class Incoming:
    update_id: str
    chat_id: int
    text: Optional[str]  # None: nothing Lotse can read (photo, sticker, voice, ...)
    callback_id: Optional[str] = None  # a tap on a button: answered to stop its spinner


class UpdateError(Exception):
    """An authenticated update that is not of the shape Telegram documents."""


def parse_update(body: bytes) -> Optional[Incoming]:
    """The citizen's message of one update; None for updates that are no message to answer."""
    try:
        update = json.loads(body)
    except (ValueError, RecursionError):
        raise UpdateError("The body is not valid JSON.") from None
    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
        raise UpdateError("Expected an update with an 'update_id'.")
    callback = update.get("callback_query")
    message = update.get("message") or update.get("edited_message")
    callback_id = text = None
    if isinstance(callback, dict):
        callback_id, text = str(callback.get("id") or ""), callback.get("data")
        message = callback.get("message")
    elif isinstance(message, dict):
        text = message.get("text")
    else:
        return None  # a member joined, a poll, ...: nothing to answer
    chat = message.get("chat") if isinstance(message, dict) else None
    chat_id = chat.get("id") if isinstance(chat, dict) else None
    if not isinstance(chat_id, int) or isinstance(chat_id, bool):
        raise UpdateError("A message needs 'chat.id'.")
    if not isinstance(text, str) or not text.strip():
        text = None
    else:  # the REST channel's limit: Telegram allows 4096 characters
        text = text.strip()[:MAX_MESSAGE_CHARS]
    return Incoming(str(update["update_id"]), chat_id, text, callback_id or None)


class TelegramInput(MessengerChannel):
    PRODUCT = "Telegram"
    SETTINGS = TelegramConfig

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, config: TelegramConfig) -> None:
        super().__init__(config)
        self.api = BotApi(config)

    async def register(self) -> bool:
        """Tells Telegram where to deliver, with the secret it must send along."""
        registered = await self.api.call("setWebhook", {
            "url": self.config.webhook_url, "secret_token": self.config.secret_token,
            "allowed_updates": UPDATES,
        })
        if registered:
            logger.info("Telegram webhook registered.")
        return registered

    async def receive(self, body: bytes, secret: Optional[str],
                      on_new_message: Handler) -> HTTPResponse:
        if self.config.missing:  # an empty secret must not match an empty header
            return not_configured("Telegram")
        if not secret or not hmac.compare_digest(secret.encode(),
                                                 self.config.secret_token.encode()):
            return response.json({"error": "The secret token does not match."}, status=401)
        try:
            incoming = parse_update(body)
        except UpdateError as error:
            return response.json({"error": str(error)}, status=400)
        if incoming is not None and self.seen.add(incoming.update_id):
            self.answers.start(self.process(incoming, on_new_message))
        return response.json({"ok": True})

    async def process(self, incoming: Incoming, on_new_message: Handler) -> None:
        if incoming.callback_id:
            await self.api.call("answerCallbackQuery", {"callback_query_id": incoming.callback_id})
        await hand_over(on_new_message, TelegramOutput(self.api, incoming.chat_id), incoming.text,
                        identities.telegram(incoming.chat_id), self.name(), incoming.update_id,
                        "Telegram")

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        webhook = bounded(Blueprint("lotse_telegram_webhook", __name__))

        health_route(webhook, self.config, "Telegram")

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self.receive(request.body, request.headers.get(SECRET_HEADER),
                                      on_new_message)

        @webhook.listener("after_server_start")
        async def register(app: Any, loop: Any) -> None:
            if not self.config.missing and not await self.register():
                logger.error("Telegram webhook could not be registered: no Telegram messages "
                             "arrive until it is (check LOTSE_TELEGRAM_* and restart).")

        @webhook.listener("before_server_stop")
        async def finish(app: Any, loop: Any) -> None:
            await self.answers.finish(self.api.close())

        return webhook
