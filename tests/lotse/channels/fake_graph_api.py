"""Both sides of Meta for the WhatsApp channel's tests.

`FakeGraphAPI` is the Graph API's messages endpoint as a real HTTP server on 127.0.0.1: it
records what Lotse sends and can be told to fail the next requests (e.g. 429, then 200).
The other helpers build webhook deliveries as Meta posts them, signed with the app secret.
"""

import hashlib
import hmac
import itertools
import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any, Callable, Dict, List, Optional

from tests.support import LoopbackServer

# made-up settings of the test's own Meta app
VERIFY_TOKEN = "test-verify-token"  # noqa: S105
APP_SECRET = "test-app-secret"  # noqa: S105
ACCESS_TOKEN = "test-access-token-do-not-log"  # noqa: S105
PHONE_NUMBER_ID = "106540352242922"
API_VERSION = "v21.0"

_ids = itertools.count(1)


@dataclass
class Request:
    path: str
    authorization: Optional[str]
    body: Dict[str, Any]
    status: int  # what the fake answered


class FakeGraphAPI(LoopbackServer):
    def __init__(self) -> None:
        self.requests: List[Request] = []
        self._failures: deque = deque()
        self._changed = threading.Condition()
        super().__init__(_handler(self))

    def __enter__(self) -> "FakeGraphAPI":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def env(self) -> Dict[str, str]:
        """The settings that point a Lotse server at this fake (credentials.yml)."""
        return {
            "LOTSE_WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
            "LOTSE_WHATSAPP_APP_SECRET": APP_SECRET,
            "LOTSE_WHATSAPP_ACCESS_TOKEN": ACCESS_TOKEN,
            "LOTSE_WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
            "LOTSE_WHATSAPP_GRAPH_URL": self.url,
            "LOTSE_WHATSAPP_API_VERSION": API_VERSION,
        }

    def fail_next(self, status: int = 429, times: int = 1, retry_after: str = "0") -> None:
        self._failures.extend([(status, retry_after)] * times)

    def sent(self, to: Optional[str] = None) -> List[Dict[str, Any]]:
        """The messages the fake accepted (answered 200), oldest first."""
        with self._changed:
            return [
                r.body for r in self.requests
                if r.status == 200 and (to is None or r.body.get("to") == to)
            ]

    def texts(self, to: str) -> List[str]:
        """The bodies of the text messages the fake accepted for one recipient."""
        return [m["text"]["body"] for m in self.sent(to) if m["type"] == "text"]

    def wait_for(
        self, predicate: Callable[[Dict[str, Any]], bool], to: Optional[str] = None,
        timeout: float = 30,
    ) -> Dict[str, Any]:
        """The first accepted message that satisfies the predicate, waiting for it to come."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [m for m in self.sent(to) if predicate(m)]
                if found:
                    return found[0]
                remaining = deadline - time.monotonic()
                assert remaining > 0, f"no such message to {to}: {self.sent(to)}"
                self._changed.wait(remaining)

    def _answer(self, path: str, authorization: Optional[str], body: Any) -> tuple:
        status, retry_after = self._failures.popleft() if self._failures else (200, None)
        with self._changed:
            self.requests.append(Request(path, authorization, body, status))
            self._changed.notify_all()
        if status == 200:
            reply = {
                "messaging_product": "whatsapp",
                "contacts": [{"input": body.get("to"), "wa_id": body.get("to")}],
                "messages": [{"id": f"wamid.sent{next(_ids)}"}],
            }
        else:
            reply = {"error": {"message": "(#130429) Rate limit hit", "code": 130429}}
        return status, retry_after, reply


def _handler(fake: FakeGraphAPI) -> type:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            status, retry_after, reply = fake._answer(
                self.path, self.headers.get("Authorization"), body
            )
            data = json.dumps(reply).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if retry_after is not None:
                self.send_header("Retry-After", retry_after)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:  # quiet test output
            pass

    return Handler


# --- what Meta posts to the webhook ---------------------------------------------------


def message(sender: str, kind: str, content: Dict[str, Any], **extra: Any) -> Dict[str, Any]:
    """One incoming message; a fresh id unless `id` is given."""
    return {
        "from": sender, "id": f"wamid.in{next(_ids)}", "timestamp": str(int(time.time())),
        "type": kind, kind: content, **extra,
    }


def text(sender: str, body: str) -> Dict[str, Any]:
    return message(sender, "text", {"body": body})


def tap(sender: str, option_id: str, kind: str = "list_reply") -> Dict[str, Any]:
    """A tap on a reply button (kind button_reply) or a list row (list_reply)."""
    return message(sender, "interactive", {"type": kind, kind: {"id": option_id, "title": "x"}})


def delivery(
    *messages: Dict[str, Any], statuses: List[Dict[str, Any]] = (),
    phone_number_id: str = PHONE_NUMBER_ID,
) -> Dict[str, Any]:
    value: Dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "4930123456", "phone_number_id": phone_number_id},
    }
    if messages:
        senders = {m.get("from") for m in messages}
        value["contacts"] = [{"profile": {"name": "Test"}, "wa_id": s} for s in senders]
        value["messages"] = list(messages)
    if statuses:
        value["statuses"] = list(statuses)
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"value": value, "field": "messages"}]}],
    }


def status(recipient: str, state: str = "delivered") -> Dict[str, Any]:
    return {
        "id": f"wamid.sent{next(_ids)}", "status": state, "recipient_id": recipient,
        "timestamp": str(int(time.time())),
    }


def signed(payload: Any, secret: str = APP_SECRET) -> tuple:
    """The raw body and the headers Meta sends with it."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return body, {"Content-Type": "application/json", "X-Hub-Signature-256": signature}


def answers(sent: List[Dict[str, Any]]) -> str:
    """The visible text of sent messages: text bodies and interactive bodies."""
    parts = [m.get("text", {}).get("body") or m.get("interactive", {}).get("body", {}).get("text")
             for m in sent]
    return " ".join(p for p in parts if p)


def options(sent_message: Dict[str, Any]) -> List[Dict[str, str]]:
    """The buttons or list rows of an interactive message as {id, title[, description]}."""
    action = sent_message["interactive"]["action"]
    if "buttons" in action:
        return [b["reply"] for b in action["buttons"]]
    return [row for section in action["sections"] for row in section["rows"]]


# --- Facebook Messenger: the same Graph API, the page's Send API (/me/messages) ------------

PAGE_ACCESS_TOKEN = "test-page-token-do-not-log"  # noqa: S105
PAGE_ID = "1067280970047460"


class FakeMessengerAPI(FakeGraphAPI):
    def env(self) -> Dict[str, str]:
        return {
            "LOTSE_MESSENGER_VERIFY_TOKEN": VERIFY_TOKEN,
            "LOTSE_MESSENGER_APP_SECRET": APP_SECRET,
            "LOTSE_MESSENGER_PAGE_ACCESS_TOKEN": PAGE_ACCESS_TOKEN,
            "LOTSE_MESSENGER_GRAPH_URL": self.url,
            "LOTSE_MESSENGER_API_VERSION": API_VERSION,
        }

    def messages(self, psid: str) -> List[Dict[str, Any]]:
        """The messages sent to one person through /me/messages with the page's token."""
        with self._changed:
            return [r.body["message"] for r in self.requests
                    if r.status == 200 and r.path == f"/{API_VERSION}/me/messages"
                    and r.authorization == f"Bearer {PAGE_ACCESS_TOKEN}"
                    and r.body.get("recipient", {}).get("id") == psid]

    def wait_for_messages(self, psid: str, count: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.messages(psid)) < count:
                remaining = deadline - time.monotonic()
                assert remaining > 0, f"Messenger got {self.messages(psid)}"
                self._changed.wait(remaining)


def messenger_event(psid: str, **content: Any) -> Dict[str, Any]:
    """A messaging event as Meta posts it for a page."""
    return {"sender": {"id": psid}, "recipient": {"id": PAGE_ID},
            "timestamp": int(time.time() * 1000), **content}


def messenger_text(psid: str, text_: str) -> Dict[str, Any]:
    return messenger_event(psid, message={"mid": f"m_{next(_ids)}", "text": text_})


def messenger_tap(psid: str, title: str, payload: str) -> Dict[str, Any]:
    return messenger_event(psid, message={"mid": f"m_{next(_ids)}", "text": title,
                                          "quick_reply": {"payload": payload}})


def messenger_delivery(*events: Dict[str, Any]) -> Dict[str, Any]:
    return {"object": "page", "entry": [{"id": PAGE_ID, "time": int(time.time() * 1000),
                                         "messaging": list(events)}]}
