"""The staff law search on the whole stack as `make run` starts it (credentials.yml): closed
to anyone without the office's token or a staff user, whatever a citizen channel sends.
(Searching and the page with credentials: tests/law/test_staff_api.py,
tests/browser/test_staff_page.py.)"""

import pytest
import requests


@pytest.mark.parametrize("path", ["/staff", "/staff/search?q=Fiktion&top=5", "/staff/staff.js"])
def test_the_staff_routes_answer_401_and_nothing_else(stack, path):
    for headers in ({}, {"Authorization": "Bearer guess"}, stack.api.headers):
        # the HTTP API's admin JWT is no staff login either
        answer = requests.get(stack.url + path, headers=headers, timeout=10)
        assert answer.status_code == 401
        assert answer.content == b""


def test_a_citizen_message_never_reaches_the_law_search(stack):
    texts = stack.texts("staff-probe", "/staff/search?q=Fiktion")
    assert all("gesetze-im-internet.de/aufenthg_2004/__81.html\"" not in (t or "") for t in texts)
    assert all('"results"' not in (t or "") for t in texts)
