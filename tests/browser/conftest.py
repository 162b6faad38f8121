"""The web chat widget in a real browser: Debian's Chromium driven by Playwright, against the
whole stack (the `stack` fixture of tests/conftest.py), with axe-core for accessibility.

Needs: /usr/bin/chromium (apt-get install chromium; Playwright never downloads a browser
here), the built widget and axe-core (`make widget`: npm ci && npm run build in widget/).
"""

import http.server
import json
import re
import threading
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]
WIDGET_DIST = PROJECT_DIR / "widget" / "dist"
AXE = PROJECT_DIR / "widget" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = PROJECT_DIR / "results" / "screenshots"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BOT_TIMEOUT_MS = 20_000
BOOKING_REFERENCE = re.compile(r"T-[0-9A-Z]{4}-[0-9A-Z]{4}")

# records what must never happen on the page: CSP violations (they would also show up as
# console errors) and JavaScript dialogs (alert() of an injected script)
WATCH_SCRIPT = """
window.__lotseTest = {csp: []};
document.addEventListener("securitypolicyviolation", (e) => {
  window.__lotseTest.csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


# per module, not per session: while Playwright's sync API runs, the test thread has a running
# event loop, and later tests that call asyncio.run() (tests/lotse) would fail
@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Python playwright is missing: make install (requirements/dev.txt)")
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    if not (WIDGET_DIST / "lotse-widget.js").exists() or not AXE.exists():
        pytest.fail("the widget is not built: make widget (npm ci && npm run build in widget/)")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


class WidgetPage:
    """A browser tab with the demo page, and what a citizen does with the widget."""

    def __init__(self, browser, stack, viewport) -> None:
        self.stack = stack
        self.context = browser.new_context(viewport=viewport, locale="de-DE")
        self.context.add_init_script(WATCH_SCRIPT)
        self.page = self.context.new_page()
        self.page.set_default_timeout(BOT_TIMEOUT_MS)
        self.dialogs = []
        self.errors = []
        self.requests = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    # ------------------------------------------------------------- navigation
    def goto_demo(self) -> None:
        self.page.goto(f"{self.stack.url}/demo")
        self.launcher.wait_for()

    def reload(self) -> None:
        self.page.reload()
        self.launcher.wait_for()

    @property
    def launcher(self):
        return self.page.locator(".lotse-launcher")

    @property
    def panel(self):
        return self.page.locator("#lotse-panel")

    @property
    def root(self):
        return self.page.locator(".lotse-root")

    def open(self) -> None:
        self.launcher.click()
        self.panel.wait_for()
        self.wait_connected()

    def wait_connected(self) -> None:
        self.page.wait_for_function(
            "() => window.LotseWidget.socket && window.LotseWidget.socket.connected"
        )

    # ------------------------------------------------------------- conversation
    def bot_texts(self) -> list:
        return self.page.locator(".lotse-message--bot .lotse-bubble").all_inner_texts()

    def user_texts(self) -> list:
        return self.page.locator(".lotse-message--user .lotse-bubble").all_inner_texts()

    def message_texts(self) -> list:
        return self.page.locator(".lotse-message").all_inner_texts()

    def wait_for_bot(self, text: str, after: int = 0):
        """The first bot message from index `after` on that contains `text`."""
        self.page.wait_for_function(
            """([text, after]) => [...document.querySelectorAll(
                 ".lotse-message--bot .lotse-bubble")].slice(after)
                 .some((bubble) => bubble.textContent.includes(text))""",
            arg=[text, after],
        )
        return self.page.locator(".lotse-message--bot .lotse-bubble").filter(has_text=text).last

    def say(self, text: str, expect: str):
        """Types a message, presses Enter and waits for an answer containing `expect`."""
        before = len(self.bot_texts())
        field = self.page.locator("#lotse-input")
        field.fill(text)
        field.press("Enter")
        return self.wait_for_bot(expect, before)

    def click_reply(self, title: str, expect: str):
        before = len(self.bot_texts())
        self.page.locator(".lotse-reply", has_text=title).first.click()
        return self.wait_for_bot(expect, before)

    def session_id(self) -> str:
        return self.page.evaluate(
            """() => JSON.parse(sessionStorage.getItem("lotse:lk-musterhausen")).sessionId"""
        )

    # ------------------------------------------------------------- checks
    def axe_violations(self) -> list:
        """WCAG 2.1 A/AA violations axe-core finds on the page, as readable lines."""
        if not self.page.evaluate("() => typeof window.axe === 'object'"):
            self.page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = self.page.evaluate(
            """async (tags) => {
                 const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
                 return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} -> ` +
                   v.nodes.map((n) => n.target.join(" ")).join(", "));
               }""",
            WCAG_AA,
        )
        return violations

    def csp_violations(self) -> list:
        return self.page.evaluate("() => window.__lotseTest.csp")

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def widget(browser, stack):
    """The demo page in a new browser context (own sessionStorage: a new conversation)."""
    page = WidgetPage(browser, stack, {"width": 1280, "height": 800})
    yield page
    page.close()


@pytest.fixture
def make_widget(browser, stack):
    """Like `widget`, with a viewport of one's choice."""
    pages = []

    def make(width: int, height: int) -> WidgetPage:
        page = WidgetPage(browser, stack, {"width": width, "height": height})
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.close()


def assert_no_axe_violations(widget: WidgetPage, state: str) -> None:
    violations = widget.axe_violations()
    assert not violations, f"axe-core, state '{state}':\n" + json.dumps(violations, indent=1)


@pytest.fixture
def office_site():
    """Serves pages of an office's own website, on another origin (port) than Lotse."""
    pages = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.pages = pages
    server.url = f"http://localhost:{server.server_port}"
    yield server
    server.shutdown()
    server.server_close()
