"""Opening the chat shows a greeting, the most asked topics and the other languages as
buttons, in the page's language, without sending anything until the citizen acts."""

import pytest
from babel import Locale

from tests.browser.conftest import WidgetPage, assert_no_axe_violations
from tests.conftest import LANGUAGES

GREETING = {"de": "Guten Tag!", "en": "Hello!", "tr": "Merhaba!", "ar": "مرحبًا!",
            "uk": "Добрий день!"}
SPY = """() => {
  const socket = window.LotseWidget.socket;
  window.__emitted = [];
  const emit = socket.emit.bind(socket);
  socket.emit = (event, ...args) => { window.__emitted.push(event); return emit(event, ...args); };
}"""


def test_the_first_screen_offers_topics_and_languages_and_sends_nothing(widget):
    widget.goto_demo()
    widget.open()
    page = widget.page
    page.evaluate(SPY)
    welcome = page.locator(".lotse-welcome")
    assert welcome.locator(".lotse-bubble").inner_text().startswith("Guten Tag!")
    topics = welcome.get_by_role("group", name="Häufige Themen").get_by_role("button")
    assert topics.count() >= 4 and "Termin buchen" in topics.all_inner_texts()
    languages = welcome.get_by_role("group", name="Andere Sprache").get_by_role("button")
    # every other language Lotse answers in, each named in itself ("فارسی", "Русский"); the
    # Croatian data serves Serbian and Bosnian readers too, and says so; Vietnamese writes
    # "Việt" with a capital (CLDR's "Tiếng việt" is lower-case)
    names = {"hr": "Hrvatski · Srpski · Bosanski", "vi": "Tiếng Việt"}
    assert languages.all_inner_texts() == [
        names.get(code) or Locale.parse(code).get_display_name(code).capitalize()
        for code in LANGUAGES if code != "de"]
    assert {"العربية", "English", "Türkçe", "Українська"} <= set(languages.all_inner_texts())
    assert_no_axe_violations(widget, "first screen")
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__emitted") == []  # nothing until the citizen acts

    before = len(widget.bot_texts())
    topics.filter(has_text="Öffnungszeiten").click()
    widget.wait_for_bot("Öffnungszeiten", before)
    assert page.evaluate("() => window.__emitted") == ["user_uttered"]
    assert welcome.count() == 0  # the conversation has begun
    assert widget.user_texts() == ["Öffnungszeiten"]


def test_a_language_button_of_the_first_screen_switches_the_conversation(widget):
    widget.goto_demo()
    widget.open()
    widget.page.locator(".lotse-welcome").get_by_role("button", name="Türkçe").click()
    widget.page.wait_for_function("() => document.querySelector('.lotse-root').lang === 'tr'")
    widget.say("Çalışma saatleriniz nedir?", "")
    assert widget.page.locator(".lotse-message--bot .lotse-bubble").last.get_attribute(
        "lang") == "tr"


@pytest.mark.parametrize("language", list(GREETING))
def test_the_first_screen_speaks_the_pages_language(browser, stack, office_site, language):
    widget = WidgetPage(browser, stack, {"width": 390, "height": 800})
    office_site.pages[f"/{language}"] = (
        f'<!doctype html><html lang="{language}"><title>Office</title><main>Office</main>'
        f'<script src="{stack.url}/widget/lotse-widget.js" defer'
        ' data-office="lk-musterhausen"></script>'
    )
    try:
        widget.page.goto(f"{office_site.url}/{language}")
        widget.launcher.wait_for()
        widget.open()
        welcome = widget.page.locator(".lotse-welcome")
        assert welcome.locator(".lotse-bubble").inner_text().startswith(GREETING[language])
        assert widget.root.get_attribute("lang") == language
        widget.screenshot(f"first-screen-{language}")
        assert_no_axe_violations(widget, f"first screen, {language}")
    finally:
        widget.close()
