"""What the messenger channels (WhatsApp, Telegram, Facebook Messenger) share: settings from
credentials.yml that switch a channel off while incomplete, Meta's webhook checks, and
answering in the background (a messenger wants its 200 within seconds and delivers again
otherwise)."""

import asyncio
import hashlib
import hmac
import logging
from dataclasses import fields
from typing import Any, Awaitable, Callable, ClassVar, Coroutine, List, Mapping, Optional, Tuple

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from lotse import settings
from lotse.channels.common import FAILURE_REPLY, ONLY_TEXT_REPLY
from lotse_common.shared_state import SeenIds

logger = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 10

Handler = Callable[[UserMessage], Awaitable[Any]]


class ChannelSettings:
    """Base of a channel's settings (a frozen dataclass): REQUIRED names the settings
    without which the channel is off."""

    REQUIRED: ClassVar[Tuple[str, ...]] = ()

    @classmethod
    def from_credentials(cls, credentials: Optional[Mapping[str, Any]]) -> Any:
        # an unset variable arrives as "" (scripts/env.sh) and means: the default
        given = {f.name: str((credentials or {}).get(f.name) or "").strip()
                 for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**{name: value for name, value in given.items() if value})

    @property
    def missing(self) -> List[str]:
        return [name for name in self.REQUIRED if not getattr(self, name)]


def not_configured(product: str) -> HTTPResponse:
    return response.json({"error": f"{product} is not configured."}, status=503)


def valid_signature(body: bytes, header: str, secret: str) -> bool:
    """Meta's X-Hub-Signature-256: HMAC-SHA256 of the raw body with the app secret."""
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), header.strip().encode())


def meta_subscription(args: Mapping[str, str], settings: Any, product: str) -> HTTPResponse:
    """Meta's subscription check: the challenge back if the verify token matches."""
    if settings.missing:  # an empty token must not match an empty token
        return not_configured(product)
    token = args.get("hub.verify_token") or ""
    if args.get("hub.mode") == "subscribe" and hmac.compare_digest(
        token.encode(), settings.verify_token.encode()
    ):
        return response.text(args.get("hub.challenge") or "")
    return response.text("Verification failed.", status=403)


class BackgroundAnswers:
    """The answers being worked on, so that a shutdown can wait for them."""

    def __init__(self, product: str) -> None:
        self.product = product
        self.tasks: set[asyncio.Task] = set()

    def start(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def drain(self) -> None:
        """Waits until the answers in progress are sent (shutdown, tests)."""
        while self.tasks:
            await asyncio.wait(set(self.tasks))

    async def finish(self, close: Awaitable[Any]) -> None:
        try:
            await asyncio.wait_for(self.drain(), SHUTDOWN_GRACE_SECONDS)
        except asyncio.TimeoutError:
            logger.warning("Stopped with %d %s answer(s) unsent.", len(self.tasks), self.product)
        await close


async def hand_over(on_new_message: Handler, output: OutputChannel, text: Optional[str],
                    sender_id: str, channel: str, message_id: str, product: str) -> None:
    """One citizen's message to the bot; what it cannot read, or a failure inside the bot,
    gets a polite sentence instead of silence."""
    if text is None:
        await output.send_text_message(sender_id, ONLY_TEXT_REPLY)
        return
    try:
        await on_new_message(UserMessage(text, output, sender_id, input_channel=channel,
                                         message_id=message_id))
    except Exception:
        logger.exception("%s message %s could not be handled.", product, message_id)
        await output.send_text_message(sender_id, FAILURE_REPLY["text"])


def health_route(webhook: Blueprint, settings: ChannelSettings, product: str) -> None:
    """GET <channel>/: ok, or 503 while the channel is not configured."""

    @webhook.route("/", methods=["GET"])
    async def health(request: Request) -> HTTPResponse:
        if settings.missing:
            return not_configured(product)
        return response.json({"status": "ok"})


class MessengerChannel(InputChannel):
    """Base of the messenger channels: settings, repeated deliveries, background answers."""

    PRODUCT: ClassVar[str] = ""
    SETTINGS: ClassVar[type] = ChannelSettings

    @classmethod
    def from_credentials(cls, credentials: Optional[Mapping[str, Any]]) -> Any:
        return cls(cls.SETTINGS.from_credentials(credentials))

    def __init__(self, config: Any) -> None:
        self.config = config
        self.seen = SeenIds(settings.REDIS_URL, f"lotse:seen:{self.PRODUCT}:")
        self.answers = BackgroundAnswers(self.PRODUCT)
        if config.missing:
            logger.info("%s channel is off, not configured: %s.", self.PRODUCT,
                        ", ".join(config.missing))
