"""The staff law search page (/staff) in Chromium: behind the login, keyboard-first, no
external requests, no CSP violation, axe-core finds no WCAG 2.1 A/AA violation before and
after a search. The README's screenshot (docs/staff-search.png) is taken here. Runs against
the staff channel alone (tests/law/staff_server.py): the page works without the citizen
widget and without a model."""

import json

import pytest

from tests.browser.conftest import AXE, PROJECT_DIR, WATCH_SCRIPT, WCAG_AA
from tests.law.staff_server import PASSWORD, USER, serve

SCREENSHOT = PROJECT_DIR / "docs" / "staff-search.png"


@pytest.fixture(scope="module")
def staff(law_index_dir, tmp_path_factory):
    with serve(law_index_dir, tmp_path_factory.mktemp("staff-page")) as url:
        yield url


def axe_violations(page) -> list:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
             const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
             return result.violations.map((v) => `${v.id}: ${v.help} -> ` +
               v.nodes.map((n) => n.target.join(" ")).join(", "));
           }""", WCAG_AA)


def test_without_login_the_browser_gets_nothing(browser, staff):
    context = browser.new_context()
    answer = context.request.get(f"{staff}/staff")
    assert answer.status == 401 and answer.body() == b""
    with pytest.raises(Exception, match="ERR_INVALID_AUTH_CREDENTIALS"):
        context.new_page().goto(f"{staff}/staff")  # the login was refused: no page
    context.close()


def test_a_case_worker_searches_by_keyboard(browser, staff):
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="de-DE",
                                  http_credentials={"username": USER, "password": PASSWORD})
    context.add_init_script(WATCH_SCRIPT)
    page = context.new_page()
    requests_seen = []
    page.on("request", lambda request: requests_seen.append(request.url))
    assert page.goto(f"{staff}/staff").status == 200
    assert page.evaluate("() => document.activeElement.id") == "q"
    violations = axe_violations(page)
    assert not violations, "axe-core, empty page:\n" + json.dumps(violations, indent=1)

    page.keyboard.press("Tab")  # away from the field, then "/" brings the focus back
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.id") == "q"
    page.keyboard.type("Fiktionswirkung bei verspätetem Verlängerungsantrag")
    page.keyboard.press("Enter")
    first = page.locator("#results > li").first
    first.wait_for()
    assert "§ 81 AufenthG" in first.locator("h3").inner_text()
    assert first.locator("h3 a").get_attribute("href").endswith("aufenthg_2004/__81.html")
    assert first.locator("mark").count() > 0
    assert "Treffer" in page.locator("#status").inner_text()
    violations = axe_violations(page)
    assert not violations, "axe-core, results:\n" + json.dumps(violations, indent=1)

    page.keyboard.press("Tab")  # from the field on: the controls, then the first result's link
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.tagName") == "A"
    assert page.evaluate("() => window.__lotseTest.csp") == []
    assert all(url.startswith(staff) for url in requests_seen), requests_seen
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=False)
    context.close()
