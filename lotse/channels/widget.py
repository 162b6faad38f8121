"""The web chat widget's files, its settings and a demo page, served by the Rasa server.

An input channel that receives no messages (the widget talks to the socket.io channel,
lotse/channels/socketio.py); it only adds routes to the Rasa server:

    GET /widget/<file>        the built widget (widget/dist: lotse-widget.js, .css,
                              socket.io.min.js); nothing outside that folder, only .js, .css
                              and .map files
    GET /widget/config.json   {"languages": [...], "default_language": "de", "contact":
                              {"phone": ...}}: the languages Lotse answers in (German plus
                              locales/<lang>.yml) and the phone of the office (?office=<id>,
                              else the default office) the widget names when Lotse is not ready
    GET /ready                "ready" or "not ready" (503), also for the widget on any origin
    GET /demo                 an office's page with the widget, under a strict
                              Content-Security-Policy (no inline scripts or styles)

credentials.yml:

    lotse.channels.widget.WidgetInput:
      demo: true            # false: no /demo page
      # directory: widget/dist
"""

import logging
import re
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from lotse import health, settings
from lotse.channels.common import bounded
from lotse.offices import office_registry
from lotse_common.language import DEFAULT_LANGUAGE, available_languages

logger = logging.getLogger(__name__)

PROJECT_DIR = Path(__file__).resolve().parents[2]
DEFAULT_DIRECTORY = "widget/dist"
DEMO_PAGE = "demo.html"
FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$")
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".map": "application/json; charset=utf-8",
}
ASSET_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
    # an office's page on another origin may load the widget
    "Cross-Origin-Resource-Policy": "cross-origin",
}
DEMO_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
DEMO_HEADERS = {
    "Content-Security-Policy": DEMO_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def project_path(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else PROJECT_DIR / path


def widget_file(directory: Path, name: str) -> Optional[Path]:
    """The file `name` directly inside `directory`, or None: never a path outside it."""
    if not FILE_NAME.match(name) or Path(name).suffix not in CONTENT_TYPES:
        return None
    root = directory.resolve()
    path = (root / name).resolve()
    if path.parent != root or not path.is_file():
        return None
    return path


def office_contact(office_id: Optional[str]) -> Dict[str, str]:
    """The public phone number (and contact form) of an office, {} if none can be read."""
    try:
        office = office_registry().get(office_id)
    except Exception:  # noqa: BLE001 - a broken office file must not break the widget
        logger.exception("The office configuration cannot be read")
        return {}
    contact = {"phone": office.contact.phone}
    if office.contact.contact_form_url:
        contact["contact_form_url"] = str(office.contact.contact_form_url)
    return contact


class WidgetInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "widget"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        credentials = credentials or {}
        return cls(
            directory=credentials.get("directory") or DEFAULT_DIRECTORY,
            demo=bool(credentials.get("demo", True)),
        )

    def __init__(self, directory: str = DEFAULT_DIRECTORY, demo: bool = True) -> None:
        self.directory = project_path(directory)
        self.demo = demo
        self.locales_dir = settings.LOCALES_DIR

    def url_prefix(self) -> str:
        # /widget/... and /demo at the server's root, not under /webhooks/
        return "/"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        if not (self.directory / "lotse-widget.js").is_file():
            logger.warning(
                "The web chat widget is not built (%s is missing): run `make widget`.",
                self.directory / "lotse-widget.js",
            )
        widget = bounded(Blueprint("lotse_widget", __name__))

        @widget.route("/widget/config.json", methods=["GET"])
        async def settings(request: Request) -> HTTPResponse:
            return response.json(
                {
                    "languages": available_languages(self.locales_dir),
                    "default_language": DEFAULT_LANGUAGE,
                    "contact": office_contact(request.args.get("office")),
                },
                headers={**ASSET_HEADERS, "Access-Control-Allow-Origin": "*"},
            )

        @widget.route("/widget/<name:str>", methods=["GET"])
        async def asset(request: Request, name: str) -> HTTPResponse:
            path = widget_file(self.directory, name)
            if path is None:
                return response.text("Not found.", status=404)
            return response.raw(
                path.read_bytes(), content_type=CONTENT_TYPES[path.suffix], headers=ASSET_HEADERS
            )

        @widget.route("/ready", methods=["GET"])
        async def ready(request: Request) -> HTTPResponse:
            # for load balancers and supervisors: ready or not, nothing else (no version)
            # the model, a real write to the conversation store, the action server's /ready
            # any origin may ask: the widget on an office's page says when Lotse is not ready
            headers = {"Access-Control-Allow-Origin": "*", "Cache-Control": "no-store"}
            if await health.ready(getattr(request.app.ctx, "agent", None)):
                return response.text("ready", headers=headers)
            return response.text("not ready", status=503, headers=headers)

        @widget.route("/demo", methods=["GET"])
        async def demo(request: Request) -> HTTPResponse:
            page = self.directory / DEMO_PAGE
            if not self.demo or not page.is_file():
                return response.text("Not found.", status=404)
            return response.raw(
                page.read_bytes(), content_type="text/html; charset=utf-8", headers=DEMO_HEADERS
            )

        return widget
