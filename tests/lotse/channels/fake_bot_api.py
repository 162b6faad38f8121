"""Both sides of Telegram for the Telegram channel's tests.

`FakeBotAPI` is the Bot API (https://api.telegram.org/bot<token>/<method>) as a real HTTP
server on 127.0.0.1: it records the methods Lotse calls and answers as Telegram does
({"ok": true, "result": ...}, or {"ok": false, "error_code": ...} for a wrong token). The other
helpers build updates as Telegram posts them to the webhook.
"""

import itertools
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any, Callable, Dict, List, Optional

from tests.support import LoopbackServer

# made-up settings of the test's own bot
ACCESS_TOKEN = "123456789:AAtest-token-do-not-log"  # noqa: S105
SECRET_TOKEN = "test-secret-token"  # noqa: S105
WEBHOOK_URL = "https://lotse.example.org/webhooks/telegram/webhook"

_ids = itertools.count(1)


@dataclass
class Call:
    method: str
    body: Dict[str, Any]


class FakeBotAPI(LoopbackServer):
    def __init__(self) -> None:
        self.calls: List[Call] = []
        self.refused: List[int] = []  # the status of each call answered with an error
        self._floods: List[int] = []  # retry_after of the next calls refused by flood control
        self._changed = threading.Condition()
        super().__init__(_handler(self))

    def env(self) -> Dict[str, str]:
        return {"LOTSE_TELEGRAM_ACCESS_TOKEN": ACCESS_TOKEN,
                "LOTSE_TELEGRAM_WEBHOOK_URL": WEBHOOK_URL,
                "LOTSE_TELEGRAM_SECRET_TOKEN": SECRET_TOKEN,
                "LOTSE_TELEGRAM_API_URL": self.url}

    def sent(self, chat_id: int) -> List[Dict[str, Any]]:
        """The messages sent to a chat, in order."""
        return [c.body for c in self.calls
                if c.method == "sendMessage" and c.body.get("chat_id") == chat_id]

    def wait_for(self, check: Callable[[], bool], timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not check():
                left = deadline - time.monotonic()
                assert left > 0, "Telegram did not get what was expected in time"
                self._changed.wait(left)

    def flood_next(self, times: int = 1, retry_after: int = 1) -> None:
        """Telegram's flood control: the next calls get 429 and the seconds to wait."""
        self._floods.extend([retry_after] * times)

    def _answer(self, path: str, body: Any) -> tuple:
        if self._floods:
            wait = self._floods.pop(0)
            self.refused.append(429)
            return 429, {"ok": False, "error_code": 429, "parameters": {"retry_after": wait},
                         "description": f"Too Many Requests: retry after {wait}"}
        token, _, method = path.lstrip("/").partition("/")
        if token != f"bot{ACCESS_TOKEN}":
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        if not isinstance(body, dict):
            return 400, {"ok": False, "error_code": 400, "description": "Bad Request"}
        if method == "sendMessage" and not str(body.get("text") or "").strip():
            return 400, {"ok": False, "error_code": 400, "description": "message text is empty"}
        with self._changed:
            self.calls.append(Call(method, body))
            self._changed.notify_all()
        result: Any = True
        if method == "sendMessage":
            result = {"message_id": next(_ids), "chat": {"id": body.get("chat_id")},
                      "text": body.get("text")}
        return 200, {"ok": True, "result": result}


def _handler(fake: FakeBotAPI) -> type:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"null")
            except ValueError:
                body = None
            status, answer = fake._answer(self.path, body)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:  # quiet test output
            pass

    return Handler


def update(chat_id: int, **content: Any) -> Dict[str, Any]:
    """An update with a message from a private chat, as Telegram posts it."""
    return {"update_id": next(_ids) + 100_000, "message": {
        "message_id": next(_ids), "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private", "first_name": "Anna"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "Anna"}, **content}}


def text(chat_id: int, body: str) -> Dict[str, Any]:
    return update(chat_id, text=body)


def tap(chat_id: int, data: str) -> Dict[str, Any]:
    """A tap on an inline keyboard button: its callback data."""
    return {"update_id": next(_ids) + 100_000, "callback_query": {
        "id": str(next(_ids)), "from": {"id": chat_id, "is_bot": False, "first_name": "Anna"},
        "message": {"message_id": next(_ids), "chat": {"id": chat_id, "type": "private"},
                    "date": int(time.time()), "text": "…"},
        "chat_instance": "1", "data": data}}


def buttons(sent: Dict[str, Any]) -> List[Dict[str, str]]:
    """The inline keyboard of a sent message, one button per row."""
    return [row[0] for row in (sent.get("reply_markup") or {}).get("inline_keyboard", [])]


def answers(sent: List[Dict[str, Any]]) -> str:
    return "\n".join(m["text"] for m in sent)


def secret_headers(secret: Optional[str] = SECRET_TOKEN) -> Dict[str, str]:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    return headers
