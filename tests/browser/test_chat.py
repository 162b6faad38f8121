"""A citizen's conversation in the widget on the demo page, in Chromium: privacy notice,
a topic answer with a link to the law, feedback, booking an appointment through buttons,
a reload in the middle, and a switch to Arabic. axe-core checks each state for WCAG 2.1 AA
violations; screenshots of the states go to results/screenshots/."""

import re
from urllib.parse import urlsplit

from tests.browser.conftest import BOOKING_REFERENCE, assert_no_axe_violations

LAW_URL = "https://www.gesetze-im-internet.de/aufenthg_2004/__18g.html"


def test_a_conversation_from_question_to_appointment(widget):
    page = widget.page
    # links to the law open in a new tab; the test answers them itself: no request leaves
    widget.context.route(
        "https://www.gesetze-im-internet.de/**",
        lambda route: route.fulfill(body="<title>§ 18g AufenthG</title>", content_type="text/html"),
    )
    widget.goto_demo()
    widget.screenshot("01-demo-page")

    # opening: the privacy notice comes first, before any message
    widget.open()
    privacy = page.locator(".lotse-privacy")
    assert "30 Tage" in privacy.inner_text()
    assert "datenschutz@lk-musterhausen.example" in privacy.inner_text()
    assert page.locator(".lotse-message").count() == 0
    widget.screenshot("02-privacy-notice")
    assert_no_axe_violations(widget, "open, privacy notice")

    assert page.evaluate("() => window.LotseWidget.socket.io.engine.transport.name") == "websocket"
    widget.say("Hallo", "Wie kann ich helfen?")
    # the number to quote for access or erasure (make forget REF=W-…) appears with the session
    assert re.search(r"W-[0-9A-F]{4}-[0-9A-F]{4}", page.locator(".lotse-reference").inner_text())
    widget.say("Was brauche ich für die Blaue Karte?", "War diese Antwort hilfreich?")
    assert any("Hochschulabschluss" in text for text in widget.bot_texts())

    # the legal basis links to gesetze-im-internet.de, safely, in a new tab
    link = page.locator(f'.lotse-message--bot a[href="{LAW_URL}"]')
    assert link.get_attribute("target") == "_blank"
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert link.inner_text().startswith("§ 18g AufenthG")  # reads as the paragraph, not a URL
    with widget.context.expect_page() as opened:
        link.click()
    law = opened.value
    law.wait_for_load_state()
    assert law.url == LAW_URL and law.evaluate("() => window.opener") is None
    law.close()
    widget.screenshot("03-answer-with-link-and-feedback")
    assert_no_axe_violations(widget, "answer with links and buttons")

    # 👎: the bot asks what was missing; the comment is thanked for
    widget.click_reply("👎 Nein", "Was hat Ihnen gefehlt?")
    assert widget.user_texts()[-1] == "👎 Nein"  # the button's title, not its payload
    widget.say("Die Gebühren haben gefehlt.", "Danke, das hilft uns")

    # booking through buttons, with a reload in the middle; the service is the one asked
    # about before, and Lotse says so instead of asking again
    widget.say("Ich brauche einen Termin", "Wann passt es Ihnen?")
    assert any("Verstanden: Blaue Karte EU" in text for text in widget.bot_texts())
    session = widget.session_id()
    before_reload = widget.message_texts()
    widget.reload()
    assert widget.panel.is_visible()  # it was open: it stays open
    assert widget.message_texts() == before_reload
    assert widget.session_id() == session
    widget.wait_connected()
    widget.screenshot("04-after-reload")
    # the bot still knows the conversation: the button answers the open question
    widget.click_reply("So bald wie möglich", "Termine sind frei")
    first_time = page.locator(".lotse-reply").first
    chosen = first_time.inner_text()
    assert re.search(r"\d{1,2}:\d{2}", chosen), chosen
    before = len(widget.bot_texts())
    first_time.click()
    confirmation = widget.wait_for_bot("Ihr Termin ist gebucht", before).inner_text()
    assert BOOKING_REFERENCE.search(confirmation), confirmation
    assert "Blaue Karte EU" in confirmation
    widget.screenshot("05-appointment-booked")
    assert_no_axe_violations(widget, "appointment booked")

    # Arabic: right-to-left layout, Arabic labels, and the bot answers in Arabic
    page.locator(".lotse-language-button").click()
    before = len(widget.bot_texts())
    page.locator('.lotse-language-option[data-language="ar"]').click()
    widget.wait_for_bot("العربية", before)
    root = widget.root
    assert root.get_attribute("dir") == "rtl" and root.get_attribute("lang") == "ar"
    assert page.get_by_role("button", name="إغلاق المحادثة").is_visible()
    assert page.get_by_label("رسالتك").is_visible()
    assert widget.user_texts()[-1] == "العربية"
    panel = widget.panel.bounding_box()
    log = page.locator(".lotse-log").bounding_box()
    reply = page.locator(".lotse-message--bot .lotse-bubble").last.bounding_box()
    # bot messages start on the right in a right-to-left layout
    assert reply["x"] + reply["width"] > log["x"] + log["width"] - 40, (reply, panel)
    widget.say("مرحبا", "Lotse")
    widget.screenshot("06-arabic-rtl")
    assert_no_axe_violations(widget, "Arabic, right to left")

    # nothing went wrong on the way, and nothing was requested from anyone but Lotse
    assert widget.csp_violations() == []
    assert widget.errors == [] and widget.dialogs == []
    origins = {urlsplit(url).netloc for url in widget.requests}
    assert origins == {urlsplit(widget.stack.url).netloc}, origins
