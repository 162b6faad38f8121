"""Conversations for benchmarks/stack.py, sent over REST (aiohttp) or socket.io
(python-socketio), one at a time for latency or many at once for throughput."""

import asyncio
import random
import re
import time
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, AsyncIterator, Callable, Dict, List, Optional, Tuple, Union

import aiohttp
import socketio

TIMEOUT_S = 10.0  # a slower answer counts as an error
Replies = List[Dict[str, Any]]
# a step is a category and either a text or a function choosing it from the last replies
# (a button payload, a booking reference); None from it means the bot took another path
Step = Tuple[str, Union[str, Callable[[Replies], Optional[str]]]]
_random = random.Random(7)  # noqa: S311 - picks appointment times, not secrets
# python-engineio 4.15's websocket transport builds an aiohttp.ClientWSTimeout (aiohttp 3.10+)
# and fails on the aiohttp 3.9 that Rasa 3.6 pins; our websocket options replace that value
# (SocketIoChannel), so a placeholder is enough
if not hasattr(aiohttp, "ClientWSTimeout"):
    aiohttp.ClientWSTimeout = lambda **_: None


def _buttons(replies: Replies) -> List[Dict[str, str]]:
    return [b for m in replies for b in m.get("buttons", [])]


def button(title: str) -> Callable[[Replies], Optional[str]]:
    def choose(replies: Replies) -> Optional[str]:
        return next((b["payload"] for b in _buttons(replies) if b["title"] == title), None)
    return choose


def offered_time(replies: Replies) -> Optional[str]:
    # the last button is "Andere Tage"; a random time keeps concurrent bookings apart
    times = _buttons(replies)[:-1]
    return _random.choice(times)["payload"] if times else None


def booking_reference(replies: Replies) -> Optional[str]:
    found = re.search(r"T-[0-9A-Z]{4}-[0-9A-Z]{4}", " ".join(m.get("text") or ""
                                                             for m in replies))
    return found.group().lower() if found else None


# The mix of tests/integration/test_forms.py: answers, forms whose actions search and book
# in the SQLite calendar (the booking is cancelled again so the calendar does not fill up
# during a long run), and a fallback.
LOTSE_MIX: Dict[str, List[Step]] = {
    "faq": [("faq", "Was brauche ich für die Blaue Karte?"),
            ("faq", "Wann habt ihr geöffnet?")],
    "appointment": [("form", "Ich brauche einen Termin"),
                    ("form", button("Verlängerung der Aufenthaltserlaubnis")),
                    ("form", "so bald wie möglich"),
                    ("form", offered_time),
                    ("form", "Termin absagen"),
                    ("form", booking_reference),
                    ("form", "/affirm")],
    "extension": [("form", "Mein Aufenthaltstitel läuft bald ab, was tun?"),
                  ("form", "gültig bis 15.03.2031")],
    "fallback": [("fallback", "xkq wrr blrp")],
}
# comparable turns of the moodbot: greeting, mood with a follow-up question, bot challenge
MOODBOT_MIX: Dict[str, List[Step]] = {
    "sad": [("chat", "hello"), ("chat", "I am sad"), ("chat", "yes")],
    "happy": [("chat", "hi"), ("chat", "great")],
    "challenge": [("chat", "are you a bot?"), ("chat", "no")],
    "unknown": [("chat", "xkq wrr blrp")],
}


@dataclass
class Turn:
    category: str
    started: float  # time.perf_counter()
    ms: float
    error: Optional[str] = None  # "status 500", "timeout", "empty reply", ...


class TurnError(Exception):
    pass


class RestChannel:
    name = "REST"

    def __init__(self, session: aiohttp.ClientSession, webhook: str) -> None:
        self.session, self.webhook = session, webhook

    @asynccontextmanager
    async def conversation(self, sender: str) -> AsyncIterator[Callable]:
        async def send(text: str) -> Replies:
            async with self.session.post(self.webhook, json={"sender": sender, "message": text},
                                         timeout=aiohttp.ClientTimeout(total=TIMEOUT_S)) as r:
                if r.status != 200:
                    raise TurnError(f"status {r.status}")
                return await r.json()
        yield send


class SocketIoChannel:
    """Like the web widget: one connection per conversation, `session_request` first.

    A message is sent with an acknowledgement: Rasa's handler acknowledges once it has
    handled the message, after emitting every answer, so the round trip ends there."""

    name = "socket.io"

    def __init__(self, url: str, settings: Dict[str, str]) -> None:
        self.url, self.settings = url, settings

    @asynccontextmanager
    async def conversation(self, sender: str) -> AsyncIterator[Callable]:
        client = socketio.AsyncClient(reconnection=False,
                                      websocket_extra_options={"timeout": TIMEOUT_S})
        namespace = self.settings["namespace"]
        received: Replies = []
        confirmed = asyncio.Event()

        @client.on(self.settings["bot_event"], namespace=namespace)
        async def on_bot(message: Dict[str, Any]) -> None:
            # socket.io sends buttons as "quick_replies"
            buttons = message.get("quick_replies") or message.get("buttons") or []
            received.append({**message, "buttons": buttons})

        session = {"id": sender}

        @client.on("session_confirm", namespace=namespace)
        async def on_confirm(confirmed_id: Any = None, *_: Any) -> None:
            # the server issues (and signs) the session id, as the widget receives it
            if isinstance(confirmed_id, dict):
                confirmed_id = confirmed_id.get("session_id")
            if isinstance(confirmed_id, str):
                session["id"] = confirmed_id
            confirmed.set()

        try:
            await client.connect(self.url, socketio_path=self.settings["path"],
                                 transports=["websocket"], namespaces=[namespace],
                                 wait_timeout=TIMEOUT_S)
            await client.emit("session_request", {"session_id": sender}, namespace=namespace)
            await asyncio.wait_for(confirmed.wait(), TIMEOUT_S)
        except (socketio.exceptions.ConnectionError, asyncio.TimeoutError) as error:
            await client.disconnect()
            raise TurnError(f"connect: {type(error).__name__}") from None

        async def send(text: str) -> Replies:
            received.clear()
            try:
                await client.call(self.settings["user_event"],
                                  {"message": text, "session_id": session["id"]},
                                  namespace=namespace, timeout=TIMEOUT_S)
            except socketio.exceptions.TimeoutError:
                raise asyncio.TimeoutError from None
            return list(received)

        try:
            yield send
        finally:
            await client.disconnect()


async def converse(channel: Any, steps: List[Step], turns: List[Turn],
                   deadline: float = float("inf")) -> str:
    """One conversation with a fresh sender id; returns "done", "deviated" (the bot took
    another path than the script), "error" or "deadline"."""
    sender = f"bench-{uuid.uuid4().hex[:16]}"
    replies: Replies = []
    try:
        async with channel.conversation(sender) as send:
            for category, step in steps:
                if time.perf_counter() >= deadline:
                    return "deadline"
                text = step if isinstance(step, str) else step(replies)
                if text is None:
                    return "deviated"
                started = time.perf_counter()
                try:
                    replies = await asyncio.wait_for(send(text), TIMEOUT_S)
                    if not replies:
                        raise TurnError("empty reply")
                except asyncio.TimeoutError:
                    turns.append(Turn(category, started, _ms(started), "timeout"))
                    return "error"
                except (TurnError, aiohttp.ClientError, ValueError) as error:
                    turns.append(Turn(category, started, _ms(started),
                                      str(error) or type(error).__name__))
                    return "error"
                turns.append(Turn(category, started, _ms(started)))
    except TurnError as error:  # could not even connect
        turns.append(Turn("connect", time.perf_counter(), 0.0, str(error)))
        return "error"
    return "done"


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


@dataclass
class Level:
    concurrency: int
    window: Tuple[float, float]  # perf_counter() interval in which answers are counted
    turns: List[Turn]
    outcomes: Dict[str, int]  # conversation outcomes: done, deviated, error, deadline

    @property
    def duration_s(self) -> float:
        return self.window[1] - self.window[0]

    @property
    def answered(self) -> List[Turn]:
        low, high = self.window
        return [t for t in self.turns
                if t.error is None and low <= t.started + t.ms / 1000 <= high]

    @property
    def errors(self) -> List[Turn]:  # ramp-up included: every error counts
        return [t for t in self.turns if t.error is not None]


async def sustain(channel: Any, mix: Dict[str, List[Step]], concurrency: int,
                  duration_s: float, ramp_up_s: float) -> Level:
    """`concurrency` conversations at once, each starting the next script of the mix as
    soon as one ends. Answers count only after `ramp_up_s`: the first wave of messages all
    arrives at once, and its answers would otherwise fall short of the window's end."""
    turns: List[Turn] = []
    outcomes: Dict[str, int] = {}
    names = list(mix)
    counted_from = time.perf_counter() + ramp_up_s
    deadline = counted_from + duration_s

    async def worker(index: int) -> None:
        n = index
        while time.perf_counter() < deadline:
            outcome = await converse(channel, mix[names[n % len(names)]], turns, deadline)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            n += 1

    await asyncio.gather(*(worker(i) for i in range(concurrency)))
    turns.sort(key=lambda t: t.started)
    return Level(concurrency, (counted_from, deadline), turns, outcomes)


def http_session(concurrency: int = 1) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency + 10))
