"""A real HTTP server on 127.0.0.1 speaking docs/appointments-openapi.yaml from memory.

Switches simulate what office systems do in practice: fail for a while (503, with or
without Retry-After), answer slowly, answer garbage, insist on an API key. Every request
is recorded so tests can check what the adapter sent.
"""

import json
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, List, Optional, Tuple
from urllib.parse import parse_qsl, unquote, urlsplit

from actions.appointments.model import SlotQuery

OFFICE = "lk-musterhausen"
SERVICE = "extension"
DURATION = timedelta(minutes=30)
TUESDAY = date(2026, 12, 8)
STARTS = [datetime(2026, 12, 8, h, m) for h, m in ((8, 0), (8, 30), (11, 30), (14, 0), (15, 0))]

Answer = Tuple[int, object, Dict[str, str]]


@dataclass
class Seen:
    method: str
    path: str
    query: Dict[str, str]
    headers: Dict[str, str]
    body: bytes = field(repr=False)
    status: int = 0  # what the fake answered
    payload: object = field(default=None, repr=False)


class FakeCalendarServer:
    # (method, path pattern, handler name); groups are percent-decoded path parameters
    ROUTES = [
        ("GET", re.compile(r"^/offices/([^/]+)/services/([^/]+)/slots$"), "_slots"),
        ("POST", re.compile(r"^/offices/([^/]+)/bookings$"), "_book"),
        ("GET", re.compile(r"^/bookings/([^/]+)$"), "_find"),
        ("DELETE", re.compile(r"^/bookings/([^/]+)$"), "_cancel"),
    ]

    def __init__(self) -> None:
        self.free: List[datetime] = list(STARTS)
        self.bookings: Dict[str, dict] = {}
        self.seen: List[Seen] = []
        self.api_key: Optional[str] = None  # when set, requests need "Bearer <key>"
        self.delay_seconds = 0.0  # pause after acting, before answering
        self.raw_answer: Optional[bytes] = None  # when set, every answer is 200 with this
        self._failures: List[Answer] = []
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.fake = self
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def fail_next(self, count: int, status: int = 503, retry_after: Optional[str] = None):
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        self._failures = [(status, {"error": "try again later"}, headers)] * count

    def __enter__(self) -> "FakeCalendarServer":
        # a short poll interval: shutdown() waits for the loop to notice
        serve = threading.Thread(target=self._httpd.serve_forever, args=(0.01,), daemon=True)
        serve.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def answer(self, seen: Seen) -> Answer:
        with self._lock:
            answer = self._answer(seen)
            seen.status, seen.payload, _ = answer
            self.seen.append(seen)
            return answer

    def _answer(self, seen: Seen) -> Answer:
        if self._failures:
            return self._failures.pop()
        if self.api_key and seen.headers.get("Authorization") != f"Bearer {self.api_key}":
            return 401, {"error": "API key required"}, {}
        if self.raw_answer is not None:
            return 200, self.raw_answer, {}
        for method, pattern, handler in self.ROUTES:
            match = pattern.match(seen.path)
            if match and method == seen.method:
                args = [unquote(g) for g in match.groups()]
                return getattr(self, handler)(seen, *args)
        return 404, {"error": "no such route"}, {}

    def _slots(self, seen: Seen, office: str, service: str) -> Answer:
        if (office, service) != (OFFICE, SERVICE):
            return 404, {"error": "unknown office or service"}, {}
        try:
            query = SlotQuery(
                office,
                service,
                date.fromisoformat(seen.query["from"]),
                date.fromisoformat(seen.query["to"]),
                seen.query.get("part_of_day", "any"),  # type: ignore[arg-type]
                int(seen.query.get("limit", "5")),
            )
        except (KeyError, ValueError):
            return 422, {"error": "from/to must be dates, limit a number"}, {}
        chosen = [s for s in sorted(self.free) if query.accepts(s)][: query.limit]
        slots = [{"start": s.isoformat(), "end": (s + DURATION).isoformat()} for s in chosen]
        return 200, {"slots": slots}, {}

    def _book(self, seen: Seen, office: str) -> Answer:
        try:
            request = json.loads(seen.body)
            service, start = request["service_id"], datetime.fromisoformat(request["start"])
        except (ValueError, KeyError, TypeError):
            return 422, {"error": "service_id and start are required"}, {}
        if (office, service) != (OFFICE, SERVICE):
            return 404, {"error": "unknown office or service"}, {}
        if start not in self.free:
            return 409, {"error": "slot taken"}, {}
        self.free.remove(start)
        reference = f"R-{len(self.bookings) + 1:04d}"
        self.bookings[reference] = {
            "reference": reference,
            "office_id": office,
            "service_id": service,
            "start": start.isoformat(),
            "end": (start + DURATION).isoformat(),
            "cancelled": False,
        }
        # as the contract allows, the answer to POST leaves out office_id and cancelled
        return (
            201,
            {k: self.bookings[reference][k] for k in ("reference", "service_id", "start", "end")},
            {},
        )

    def _find(self, seen: Seen, reference: str) -> Answer:
        booking = self.bookings.get(reference)
        if booking is None:
            return 404, {"error": "unknown booking"}, {}
        return 200, booking, {}

    def _cancel(self, seen: Seen, reference: str) -> Answer:
        booking = self.bookings.get(reference)
        if booking is None or booking["cancelled"]:
            return 404, {"error": "no active booking"}, {}
        booking["cancelled"] = True
        self.free.append(datetime.fromisoformat(booking["start"]))
        return 200, booking, {}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a slow answer still sleeping must not hold up the test
    fake: FakeCalendarServer

    def handle_error(self, request, client_address) -> None:
        pass  # the client gave up on a slow answer: expected, not worth a traceback


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def _serve(self) -> None:
        url = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        seen = Seen(self.command, url.path, dict(parse_qsl(url.query)), dict(self.headers), body)
        status, payload, headers = self.server.fake.answer(seen)
        time.sleep(self.server.fake.delay_seconds)
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_DELETE = _serve

    def log_message(self, format: str, *args) -> None:
        pass  # keep the test output clean
