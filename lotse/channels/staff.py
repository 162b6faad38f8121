"""The staff law search on the Rasa server, for the office's case workers only:

    GET /staff                    the search page (German, keyboard-first, strict CSP)
    GET /staff/<file>             its script and stylesheet (lotse/channels/staff_page/)
    GET /staff/search?q=…&top=5   {"query", "results": [{law, paragraph, citation, title,
                                  score, url, sentences: [{ref, absatz, satz, text,
                                  marks}]}], "index": {built, units}}

Every route answers 401 with an empty body to a request without the office's token or a
staff user's password (lotse/staff_auth.py); with neither configured, to every request. It
is a channel of its own that receives no messages: nothing a citizen sends through REST,
socket.io or a messenger reaches it, and it sends no CORS headers. Searches are bounded
like the citizen channels' messages: LOTSE_LIMIT_STAFF per client (429 beyond), failed
logins per LOTSE_LIMIT_STAFF_LOGINS (then 401 even for right credentials, for a while),
queries of at most 300 characters. The index is read from LOTSE_LAW_INDEX_DIR
(`make law-index`), never from the law folder, and read again when a new build replaced it.

credentials.yml:

    lotse.channels.staff.StaffInput:
"""

import logging
import time
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from lotse import settings, staff_auth
from lotse.channels.common import bounded, valid_text
from lotse.law.index import Index, load
from lotse.law.search import Search
from lotse.rate_limits import message_limits
from lotse_common.limits import Rate
from lotse_common.shared_state import moving_window

logger = logging.getLogger(__name__)

PAGE_DIR = Path(__file__).with_name("staff_page")
ASSETS = {"staff.js": "text/javascript; charset=utf-8", "staff.css": "text/css; charset=utf-8"}
MAX_QUERY_CHARS = 300
MAX_TOP = 20
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
       "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
UNAUTHORIZED = {"WWW-Authenticate": 'Basic realm="Lotse Mitarbeitende", charset="UTF-8"',
                "Cache-Control": "no-store"}


class LawSearch:
    """The index as last built; loaded again when `make law-index` replaced it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._search: Optional[Search] = None
        self._stamp: Optional[float] = None

    def get(self) -> Optional[Search]:
        manifest = self.folder / "manifest.json"
        try:
            stamp = manifest.stat().st_mtime
        except OSError:
            return self._search  # mid-swap or never built: keep what we have
        if stamp != self._stamp:
            try:
                index: Index = load(self.folder)
            except (OSError, ValueError) as error:
                logger.error("The law index in %s cannot be read: %s", self.folder, error)
                return self._search
            self._search, self._stamp = Search(index), stamp
        return self._search


def json_error(message: str, status: int) -> HTTPResponse:
    return response.json({"error": message}, status=status, headers=HEADERS)


class StaffInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "staff"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        return cls()

    def __init__(self) -> None:
        self.law = LawSearch(settings.LAW_INDEX_DIR)
        self.window = moving_window(settings.REDIS_URL, "lotse:staff:")
        self.rate = Rate.parse(settings.LIMIT_STAFF)
        # a password guesser gets only 401s, and then for a while even for the right password
        self.failed_logins = Rate.parse(settings.LIMIT_STAFF_LOGINS)
        self.locked: Dict[str, float] = {}  # client -> until when its logins are refused

    def url_prefix(self) -> str:
        return "/"

    def authenticated(self, request: Request) -> bool:
        limits = message_limits()
        client = limits.client(request.ip or "", request.headers.get("X-Forwarded-For"))
        request.ctx.staff_client = client
        now = time.monotonic()
        if self.locked.get(client, 0.0) > now:
            return False  # too many wrong logins: even the right one waits
        user = staff_auth.authenticate(request.headers.get("Authorization"),
                                       settings.STAFF_TOKEN, settings.STAFF_USERS)
        if user is None:
            if request.headers.get("Authorization") and not self.window.hit(
                    f"fail:{client}", self.failed_logins):
                if len(self.locked) > 10_000:
                    self.locked = {c: t for c, t in self.locked.items() if t > now}
                self.locked[client] = now + self.failed_logins.seconds
            return False
        return True

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        staff = bounded(Blueprint("lotse_staff", __name__))
        if not settings.STAFF_TOKEN and not settings.STAFF_USERS:
            logger.warning("Staff law search: neither LOTSE_STAFF_TOKEN nor LOTSE_STAFF_USERS "
                           "is set, /staff answers 401 to everyone.")

        @staff.listener("before_server_start")
        async def preload(app: Any, _loop: Any) -> None:
            if self.law.get() is None:
                logger.warning("Staff law search: no index in %s (make law-index LEGAL_DIR=…)",
                               self.law.folder)

        @staff.route("/staff", methods=["GET"])
        async def page(request: Request) -> HTTPResponse:
            if not self.authenticated(request):
                return response.empty(status=401, headers=UNAUTHORIZED)
            return response.raw((PAGE_DIR / "index.html").read_bytes(),
                                content_type="text/html; charset=utf-8", headers=HEADERS)

        @staff.route("/staff/search", methods=["GET"])
        async def search(request: Request) -> HTTPResponse:
            if not self.authenticated(request):
                return response.empty(status=401, headers=UNAUTHORIZED)
            if not self.window.hit(f"search:{request.ctx.staff_client}", self.rate):
                return json_error("Zu viele Suchen – bitte einen Moment warten.", 429)
            query = (request.args.get("q") or "").strip()
            if not query or len(query) > MAX_QUERY_CHARS or not valid_text(query):
                return json_error(f"q: 1–{MAX_QUERY_CHARS} Zeichen", 400)
            try:
                top = int(request.args.get("top") or 5)
            except ValueError:
                top = 0
            if not 1 <= top <= MAX_TOP:
                return json_error(f"top: eine Zahl von 1 bis {MAX_TOP}", 400)
            law = self.law.get()
            if law is None:
                return json_error("Die Gesetzessuche hat noch keinen Index "
                                  "(make law-index LEGAL_DIR=…).", 503)
            manifest = law.index.manifest
            return response.json(
                {"query": query, "results": law.search(query, top),
                 "index": {"built": manifest.get("built"), "units": manifest.get("units")}},
                headers=HEADERS)

        @staff.route("/staff/<name:str>", methods=["GET"])
        async def asset(request: Request, name: str) -> HTTPResponse:
            if not self.authenticated(request):
                return response.empty(status=401, headers=UNAUTHORIZED)
            if name not in ASSETS:
                return response.empty(status=404, headers=HEADERS)
            return response.raw((PAGE_DIR / name).read_bytes(), content_type=ASSETS[name],
                                headers=HEADERS)

        return staff
