"""The widget speaks the conversation's language: when Lotse answers in another language
(detected from what the citizen wrote, not chosen in the menu), the widget's own labels,
`lang` and `dir` follow; German-page citizens writing Arabic get a right-to-left widget."""

from tests.browser.conftest import assert_no_axe_violations


def test_the_widget_follows_the_language_the_citizen_writes_in(widget):
    widget.goto_demo()
    widget.open()
    page, root = widget.page, widget.root
    assert root.get_attribute("lang") == "de"  # the page's language

    widget.say("Hello, when are you open?", "")
    page.wait_for_function("() => document.querySelector('.lotse-root').lang === 'en'")
    assert page.locator("#lotse-input").get_attribute("placeholder") == "Type your question …"
    assert page.locator(".lotse-human").inner_text() == "Talk to a person"
    assert page.locator(".lotse-language-current").inner_text() == "English"
    assert page.locator(".lotse-message--bot .lotse-bubble").last.get_attribute("lang") == "en"

    widget.say("مرحبا، ما هي ساعات العمل لديكم؟", "")
    page.wait_for_function("() => document.querySelector('.lotse-root').dir === 'rtl'")
    assert root.get_attribute("lang") == "ar"
    assert page.locator(".lotse-human").inner_text() != "Talk to a person"
    answer = page.locator(".lotse-message--bot .lotse-bubble").last
    assert answer.get_attribute("lang") == "ar"
    assert answer.evaluate("(bubble) => getComputedStyle(bubble).direction") == "rtl"
    # a reload keeps the conversation's language
    widget.reload()
    widget.wait_connected()
    assert root.get_attribute("lang") == "ar"
    assert_no_axe_violations(widget, "language followed from the conversation")
    assert widget.errors == []


def test_a_legal_link_reads_as_the_paragraph_and_stays_whole_in_arabic(widget):
    widget.goto_demo()
    widget.open()
    widget.say("ما هي شروط البطاقة الزرقاء للاتحاد الأوروبي؟", "§ 18g")
    link = widget.page.locator(".lotse-message--bot a", has_text="§ 18g").first
    assert link.inner_text().startswith("§ 18g AufenthG")
    assert link.get_attribute("dir") == "auto"  # isolated: the paragraph stays left to right
    assert link.get_attribute("href").startswith("https://www.gesetze-im-internet.de/")
    widget.screenshot("arabic-answer-with-legal-link")


def test_a_citizen_writing_persian_gets_the_widget_right_to_left_in_persian(widget):
    widget.goto_demo()
    widget.open()
    page, root = widget.page, widget.root
    widget.say("سلام، ساعت کاری اداره چه روزهایی است؟", "")
    page.wait_for_function("() => document.querySelector('.lotse-root').lang === 'fa'")
    assert root.get_attribute("dir") == "rtl"
    # the widget's own controls speak Persian, not the English default
    assert page.locator(".lotse-human").inner_text() not in ("Talk to a person", "")
    assert page.locator(".lotse-language-current").inner_text() == "فارسی"
    answer = page.locator(".lotse-message--bot .lotse-bubble").last
    assert answer.get_attribute("lang") == "fa"
    assert answer.evaluate("(bubble) => getComputedStyle(bubble).direction") == "rtl"
    assert any("\u0600" <= ch <= "\u06ff" for ch in answer.inner_text())
    widget.screenshot("persian-rtl")
    assert_no_axe_violations(widget, "Persian, right to left")
    assert widget.errors == []
