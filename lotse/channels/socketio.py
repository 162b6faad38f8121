"""Rasa's socket.io channel with working session persistence: the web chat widget's channel.

Rasa 3.6's `SocketIOInput` calls `sio.enter_room(...)` without awaiting it. Since
python-socketio 5.10 `AsyncServer.enter_room` is a coroutine, so the client never joins the
room of its session (RasaHQ/rasa#13027): with `session_persistence: true` every answer is
sent to an empty room and never arrives, and a reconnected client would not get its
conversation back. This channel awaits it. Like the REST channel, it also checks each
message before it reaches the bot:
- the session id must be one this server issued (signed, lotse/identities.py) and the
  session this connection joined: a client can neither choose nor take over a conversation;
  the conversation's sender id is "web:" and the session's random part;
- the message must be a non-empty text of at most 2000 characters (a longer one is answered
  with the sentence saying so), metadata only the documented keys (lotse/channels/metadata.py);
- a client or a conversation writing faster than its limit gets a polite sentence
  (lotse/rate_limits.py);
- a failure inside the bot is answered with a polite message, and the citizen's text is
  never written to the log;
- every answer carries the language it is written in (`"lang": "ar"`), for the widget.

credentials.yml:

    lotse.channels.socketio.LotseSocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true
"""

import logging
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from lotse import identities
from lotse.channels.common import (
    FAILURE_REPLY,
    MAX_MESSAGE_CHARS,
    bounded,
    valid_text,
    with_client,
)
from lotse.channels.metadata import MetadataTooLarge, documented_metadata
from lotse.rate_limits import LIMITED_REPLY, message_limits

logger = logging.getLogger(__name__)
TOO_LONG = (f"Ihre Nachricht ist zu lang: höchstens {MAX_MESSAGE_CHARS} Zeichen. Bitte kürzen"
            f" Sie sie. / Your message is too long: at most {MAX_MESSAGE_CHARS} characters."
            " Please shorten it.")
UNREADABLE = ("Ihre Nachricht enthält Zeichen, die ich nicht lesen kann. Bitte schreiben Sie sie"
              " noch einmal. / Your message contains characters I cannot read. Please write it"
              " again.")


def message_metadata(value: Any) -> Optional[Dict[str, Any]]:
    """The documented metadata of a message; none if it is too large."""
    try:
        return documented_metadata(value)
    except MetadataTooLarge:
        return None


class LanguageLabelledOutput(SocketIOOutput):
    """Rasa's socket.io output, each message with the language it is written in ("lang"):
    the widget switches its labels, `lang` and `dir` with the conversation."""

    def __init__(self, sio: Any, bot_message_evt: str) -> None:
        super().__init__(sio, bot_message_evt)
        self._language: Optional[str] = None

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        language = message.get("language")
        self._language = language if isinstance(language, str) else None
        await super().send_response(recipient_id, message)

    async def _send_message(self, socket_id: str, response: Any) -> None:
        if self._language:
            response = {**response, "lang": self._language}
        await super()._send_message(socket_id, response)


class LotseSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        # keeps Rasa's channel name: /webhooks/socketio/, input_channel "socketio"
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = bounded(super().blueprint(on_new_message))
        sio = self.sio
        assert sio is not None  # noqa: S101 (set by SocketIOInput.blueprint)
        namespace = self.namespace

        # a client may send an event with no argument, or several: never a TypeError
        async def session_request(sid: str, *args: Any) -> None:
            data = args[0] if args else None
            requested = data.get("session_id") if isinstance(data, dict) else None
            # a session this server issued continues; any other id gets a new session
            session_id = requested if identities.web(requested) else identities.new_web_session()
            if self.session_persistence:
                await sio.enter_room(sid, identities.web(session_id), namespace=namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)

        async def user_message(sid: str, *args: Any) -> None:
            data = args[0] if args else None
            if not isinstance(data, dict):
                return
            if self.session_persistence:
                sender_id = identities.web(data.get("session_id"))
                if sender_id is None or sender_id not in sio.rooms(sid, namespace=namespace):
                    logger.warning(
                        "socket.io message of client %s ignored: send a session_request "
                        "first and the session id it confirmed with every message.", sid
                    )
                    return
            else:  # answers go to the connection: its id (random, from the server) is the room
                sender_id = sid
            text = data.get("message")
            if not isinstance(text, str) or not text.strip():
                return
            if len(text) > MAX_MESSAGE_CHARS:  # an answer, as on REST, not silence
                await sio.emit(self.bot_message_evt, {"text": TOO_LONG}, room=sid,
                               namespace=namespace)
                return
            if not valid_text(text):
                await sio.emit(self.bot_message_evt, {"text": UNREADABLE}, room=sid,
                               namespace=namespace)
                return
            limits = message_limits()
            request = (sio.get_environ(sid, namespace=namespace) or {}).get("sanic.request")
            peer = request.ip if request is not None else sid
            forwarded = request.headers.get("X-Forwarded-For") if request is not None else None
            address = limits.client(peer, forwarded)
            if not limits.allow(address, sender_id):
                await sio.emit(self.bot_message_evt, LIMITED_REPLY, room=sid,
                               namespace=namespace)
                return
            output = LanguageLabelledOutput(sio, self.bot_message_evt)
            message = UserMessage(
                text.strip(), output, sender_id, input_channel=self.name(),
                metadata=with_client(message_metadata(data.get(self.metadata_key)), address),
            )
            try:
                await on_new_message(message)
            except Exception:
                logger.exception("socket.io message handling failed (session %s).", sender_id)
                await sio.emit(
                    self.bot_message_evt, FAILURE_REPLY, room=sender_id, namespace=namespace
                )

        # replace Rasa's handlers of these two events
        sio.on("session_request", session_request, namespace=namespace)
        sio.on(self.user_message_evt, user_message, namespace=namespace)
        return blueprint
