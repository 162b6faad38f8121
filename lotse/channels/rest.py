"""REST channel that checks each request before it reaches the bot.

Same URL and answer format as Rasa's `rest` channel (POST /webhooks/rest/webhook), but:
- invalid JSON, a missing sender, an empty or overlong message get a 4xx with a
  sentence saying what is wrong, instead of reaching the NLU;
- a client or a conversation writing faster than its limit gets 429 with a polite
  sentence (lotse/rate_limits.py);
- metadata keeps only the documented keys (language, office) and is at most 1 KB
  (lotse/channels/metadata.py); a request body is at most LOTSE_MAX_REQUEST_BYTES on every
  channel (Sanic's default is 100 MB);
- a failure inside the bot is answered with a polite message, and the citizen's text is
  never written to the log;
- the conversation is "rest:" and the sender (lotse/identities.py): a REST client cannot
  write into a web-chat or WhatsApp conversation. Answers name it as their recipient_id.
"""

import logging
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from lotse import identities
from lotse.channels.common import (
    FAILURE_REPLY,
    MAX_MESSAGE_CHARS,
    SENDER_PATTERN,
    bounded,
    valid_text,
    with_client,
)
from lotse.channels.metadata import MetadataTooLarge, documented_metadata
from lotse.rate_limits import LIMITED_REPLY, message_limits

logger = logging.getLogger(__name__)

class RequestError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def parse_request(request: Request) -> Tuple[str, str, Dict[str, Any] | None]:
    """Sender, text and metadata of a webhook request, or a RequestError saying why not."""
    try:
        body = request.json
    except Exception:
        raise RequestError(400, "The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise RequestError(
            400, 'Send a JSON object: {"sender": "<conversation id>", "message": "<text>"}.'
        )
    sender, text, metadata = body.get("sender"), body.get("message"), body.get("metadata")
    if not isinstance(sender, str) or not SENDER_PATTERN.match(sender):
        raise RequestError(
            400, "'sender' is required: 1-128 letters, digits or . : @ + - _ characters."
        )
    if not isinstance(text, str) or not text.strip():
        raise RequestError(400, "'message' is required and must be a non-empty text.")
    if not valid_text(text):
        raise RequestError(400, "'message' holds characters that are no text (lone surrogates).")
    if len(text) > MAX_MESSAGE_CHARS:
        raise RequestError(
            413, f"'message' is too long: at most {MAX_MESSAGE_CHARS} characters, "
            f"got {len(text)}."
        )
    if metadata is not None and not isinstance(metadata, dict):
        raise RequestError(400, "'metadata' must be a JSON object.")
    try:
        metadata = documented_metadata(metadata)
    except MetadataTooLarge as error:
        raise RequestError(413, str(error)) from None
    return sender, text.strip(), metadata


class ValidatedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        # keeps the URL of Rasa's REST channel: /webhooks/rest/webhook
        return "rest"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[None]]
    ) -> Blueprint:
        webhook = bounded(Blueprint("lotse_rest_webhook", __name__))

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                sender, text, metadata = parse_request(request)
            except RequestError as error:
                return response.json({"error": str(error)}, status=error.status)
            limits = message_limits()
            client = limits.client(request.ip, request.headers.get("X-Forwarded-For"))
            if not limits.allow(client, identities.rest(sender)):
                return response.json([LIMITED_REPLY], status=429, headers={"Retry-After": "60"})
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(text, collector, identities.rest(sender),
                                input_channel=self.name(),
                                metadata=with_client(metadata, client))
                )
            except CancelledError:
                logger.error("REST message handling timed out (sender %s).", sender)
                return response.json([FAILURE_REPLY], status=503)
            except Exception:
                logger.exception("REST message handling failed (sender %s).", sender)
                return response.json([FAILURE_REPLY], status=500)
            return response.json(collector.messages)

        return webhook
