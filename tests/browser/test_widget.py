"""The widget's behaviour apart from the conversation: keyboard operation and focus, text
that looks like HTML, small screens and zoom, and losing the connection."""

import io

import pytest
from PIL import Image

from tests.browser.conftest import assert_no_axe_violations
from tests.conftest import LANGUAGES

XSS = "<img src=x onerror=alert(1)>"


def active(page) -> str:
    """Which element has the focus: its id, else its class."""
    return page.evaluate("() => document.activeElement.id || document.activeElement.className")


def press_until(page, key: str, target: str, limit: int = 30) -> None:
    for _ in range(limit):
        if active(page) == target:
            return
        page.keyboard.press(key)
    pytest.fail(f"{key} never reached {target}, focus is on {active(page)}")


def test_the_widget_works_with_the_keyboard_alone(widget):
    page = widget.page
    widget.goto_demo()
    press_until(page, "Tab", "lotse-launcher")
    ring = page.evaluate("() => getComputedStyle(document.activeElement).boxShadow")
    assert ring != "none"  # a visible focus ring
    assert widget.launcher.get_attribute("aria-expanded") == "false"

    # Enter opens the dialog and puts the focus into its text field
    page.keyboard.press("Enter")
    assert widget.panel.is_visible()
    assert widget.launcher.get_attribute("aria-expanded") == "true"
    assert active(page) == "lotse-input"
    assert page.get_by_role("dialog", name="Lotse – digitaler Assistent").is_visible()
    widget.wait_connected()

    page.keyboard.type("Hallo")
    page.keyboard.press("Enter")
    widget.wait_for_bot("Wie kann ich helfen?")
    assert active(page) == "lotse-input"

    # the language menu: open with Enter, Escape closes only the menu
    press_until(page, "Shift+Tab", "lotse-language-button")
    page.keyboard.press("Enter")
    assert page.locator("#lotse-language-menu").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.dataset.language") == "ar"
    page.keyboard.press("Escape")
    assert not page.locator("#lotse-language-menu").is_visible()
    assert active(page) == "lotse-language-button" and widget.panel.is_visible()

    # every control has a name
    for name in ["Chat schließen", "Senden", "Mit einem Menschen sprechen", "Sprache: Deutsch"]:
        assert page.get_by_role("button", name=name).count() == 1, name
    assert page.get_by_role("textbox", name="Ihre Nachricht").count() == 1
    assert page.get_by_role("log", name="Unterhaltung").get_attribute("aria-live") == "polite"

    # "talk to a person" with the keyboard
    press_until(page, "Tab", "lotse-human")
    before = len(widget.bot_texts())
    page.keyboard.press("Enter")
    widget.wait_for_bot("Sie erreichen die Mitarbeitenden", before)
    assert widget.user_texts()[-1] == "Mit einem Menschen sprechen"

    # Escape closes the dialog, the focus goes back to the launcher
    page.locator("#lotse-input").focus()
    page.keyboard.press("Escape")
    assert not widget.panel.is_visible()
    assert active(page) == "lotse-launcher"


def test_html_typed_by_the_citizen_stays_text(widget):
    page = widget.page
    widget.goto_demo()
    widget.open()
    widget.say(XSS, "")  # any answer
    bubble = page.locator(".lotse-message--user .lotse-bubble").last
    assert bubble.text_content() == XSS
    assert page.locator(".lotse-root img").count() == 0
    assert widget.dialogs == [] and widget.errors == []
    # the same after a reload, when the stored conversation is drawn again
    widget.reload()
    assert page.locator(".lotse-message--user .lotse-bubble").last.text_content() == XSS
    assert page.locator(".lotse-root img").count() == 0
    assert widget.dialogs == []


@pytest.mark.parametrize(
    ("width", "height", "name"),
    [(320, 640, "07-narrow-320px"), (640, 400, "08-zoom-200-percent")],
)
def test_the_widget_fits_small_screens_and_zoom(make_widget, width, height, name):
    """320 CSS pixels wide (WCAG 1.4.10 reflow) and a 1280x800 window at 200 % zoom."""
    widget = make_widget(width, height)
    page = widget.page
    widget.goto_demo()
    widget.open()
    widget.say("Was kannst du?", "Womit fangen wir an?")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    panel = widget.panel.bounding_box()
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= width
    assert panel["y"] >= 0 and panel["y"] + panel["height"] <= height
    log = page.locator(".lotse-log")
    # no horizontal scrolling inside the conversation
    assert log.evaluate("(log) => log.scrollWidth <= log.clientWidth")
    for selector in ["#lotse-input", ".lotse-send", ".lotse-close", ".lotse-human"]:
        box = page.locator(selector).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, selector
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, selector
    widget.screenshot(name)
    assert_no_axe_violations(widget, f"{width}x{height}")


def test_a_lost_connection_is_shown_and_the_conversation_goes_on(widget):
    page = widget.page
    offline = False

    def websocket(route) -> None:
        if offline:
            route.close()
        else:
            route.connect_to_server()

    page.route_web_socket("**/socket.io/**", websocket)
    widget.goto_demo()
    widget.open()
    widget.say("Hallo", "Wie kann ich helfen?")
    session = widget.session_id()

    # the connection drops, and the server stays unreachable for a while
    offline = True
    page.route("**/socket.io/**", lambda route: route.abort())
    page.evaluate("() => window.LotseWidget.socket.io.engine.close()")
    status = page.locator(".lotse-status")
    status.filter(has_text="Verbindung unterbrochen").wait_for()
    assert status.get_attribute("role") == "status"
    # a message written now waits for the connection
    page.locator("#lotse-input").fill("Wann habt ihr geöffnet?")
    page.locator("#lotse-input").press("Enter")
    status.filter(has_text="sobald die Verbindung steht").wait_for()
    widget.screenshot("09-connection-lost")
    assert_no_axe_violations(widget, "connection lost")

    offline = False
    page.unroute("**/socket.io/**")
    # socket.io retries with a growing delay (up to 5 s ± 50 %) while the server is away
    status.filter(has_text="Wieder verbunden").wait_for(timeout=30_000)
    widget.wait_for_bot("08:00")  # the waiting message was sent and answered
    assert widget.session_id() == session


def test_an_office_page_on_another_origin_embeds_the_widget_with_one_script_tag(
    widget, office_site
):
    """The embed snippet of the README, configured by data- attributes, on an office's page
    on another origin than the Lotse server."""
    page = widget.page
    snippet = (
        f'<script src="{widget.stack.url}/widget/lotse-widget.js" defer'
        ' data-office="lk-musterhausen" data-language="en" data-primary-color="#7a1f5c"'
        ' data-privacy-notice="Test notice: kept for 30 days."></script>'
    )
    office_site.pages["/contact"] = (
        f'<!doctype html><html lang="en"><title>Office</title><main>Office</main>{snippet}'
    )
    page.goto(f"{office_site.url}/contact")
    widget.launcher.wait_for()
    widget.open()
    assert page.get_by_role("button", name="Close chat").is_visible()
    assert page.locator(".lotse-privacy-text").inner_text() == "Test notice: kept for 30 days."
    assert page.locator(".lotse-privacy-title").inner_text() == "Privacy:"
    assert widget.root.evaluate(
        "(root) => getComputedStyle(root).getPropertyValue('--lotse-primary')"
    ) == "#7a1f5c"
    assert page.evaluate("() => window.LotseWidget.socket.io.engine.transport.name") == "websocket"
    widget.say("Hello", "How can I help?")  # the session started in English (metadata)
    languages = page.locator(".lotse-language-option").evaluate_all(
        "(options) => options.map((o) => o.dataset.language)"
    )
    assert languages == LANGUAGES  # from the server's config.json
    assert widget.errors == []


def test_the_feedback_emoji_render_in_colour_not_as_empty_boxes(widget):
    """👍 on the rating button is drawn in colour: without an emoji font (Debian's Chromium
    needs fonts-noto-color-emoji, installed by .ci/run) it is a grey box."""
    widget.goto_demo()
    widget.open()
    widget.say("Was brauche ich für die Blaue Karte?", "War diese Antwort hilfreich?")
    button = widget.page.locator(".lotse-reply", has_text="👍").last
    image = Image.open(io.BytesIO(button.screenshot())).convert("RGB")
    # the thumb is yellow; the button's text and border are blue or grey
    yellow = sum(1 for r, g, b in image.getdata() if r > 180 and g > 120 and b < 110)
    assert yellow > 20
