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


# draws a text on a canvas in the bubble's font and returns its pixels: a text the fonts
# cannot draw comes out as the same empty boxes as any other such text
GLYPHS = """([text, font]) => {
  const canvas = document.createElement("canvas");
  canvas.width = 120; canvas.height = 40;
  const context = canvas.getContext("2d");
  context.font = font;
  context.fillText(text, 4, 30);
  return Array.from(context.getImageData(0, 0, 120, 40).data).join(",");
}"""


def test_a_citizen_writing_chinese_gets_the_widget_in_chinese_drawn_as_chinese(widget):
    widget.goto_demo()
    widget.open()
    page, root = widget.page, widget.root
    widget.say("你好，请问你们的办公时间是什么时候？", "")
    page.wait_for_function("() => document.querySelector('.lotse-root').lang === 'zh'")
    assert root.get_attribute("dir") == "ltr"
    # the widget's own controls speak Chinese, not the English default
    assert page.locator(".lotse-human").inner_text() not in ("Talk to a person", "")
    assert page.locator(".lotse-language-current").inner_text() == "中文"
    answer = page.locator(".lotse-message--bot .lotse-bubble").last
    assert answer.get_attribute("lang") == "zh"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in answer.inner_text())
    # drawn as Chinese characters, not as empty boxes (Debian's Chromium needs a CJK font,
    # fonts-wqy-microhei, installed by .ci/run): two different characters look different
    font = answer.evaluate("(bubble) => getComputedStyle(bubble).font")
    assert page.evaluate(GLYPHS, ["时间", font]) != page.evaluate(GLYPHS, ["办公", font])
    widget.screenshot("chinese")
    assert_no_axe_violations(widget, "Chinese")
    assert widget.errors == []
