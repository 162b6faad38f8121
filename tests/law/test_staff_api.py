"""GET /staff and /staff/search on a real server: 401 and nothing else without the office's
token or a staff user's password, the documented JSON with them, bounded queries and rates.
(The staff channel on the whole stack: tests/integration/test_staff_search.py; the page in
Chromium: tests/browser/test_staff_page.py.)"""

import base64

import pytest
import requests

from lotse import staff_auth
from tests.law.staff_server import PASSWORD, TOKEN, USER, serve

PATHS = ["/staff", "/staff/search?q=Fiktion", "/staff/staff.js", "/staff/staff.css",
         "/staff/nothing"]


@pytest.fixture(scope="module")
def server(law_index_dir, tmp_path_factory):
    with serve(law_index_dir, tmp_path_factory.mktemp("staff")) as url:
        yield url


def basic(name: str, password: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()}


BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Bearer {TOKEN}x"},
    basic(USER, "falsch"), basic("bert", PASSWORD), {"Authorization": "Basic %%%"},
    {"Authorization": TOKEN}, {"Cookie": f"token={TOKEN}"},
])
def test_without_valid_credentials_there_is_401_and_nothing_else(server, path, headers):
    answer = requests.get(server + path, headers=headers, timeout=10)
    assert answer.status_code == 401
    assert answer.content == b""
    assert answer.headers["WWW-Authenticate"].startswith("Basic ")
    assert "Access-Control-Allow-Origin" not in answer.headers


def test_the_token_gets_results_in_the_documented_shape(server):
    answer = requests.get(f"{server}/staff/search", params={"q": "Fiktionswirkung bei "
                          "verspätetem Verlängerungsantrag", "top": 3}, headers=BEARER, timeout=10)
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert data["query"].startswith("Fiktionswirkung") and len(data["results"]) == 3
    first = data["results"][0]
    assert (first["law"], first["paragraph"], first["title"]) == (
        "aufenthg", "81", "Beantragung des Aufenthaltstitels")
    assert first["url"] == "https://www.gesetze-im-internet.de/aufenthg_2004/__81.html"
    assert isinstance(first["score"], float) and first["sentences"][0]["text"]
    assert data["index"]["units"] > 500
    assert answer.headers["Cache-Control"] == "no-store"
    assert "Access-Control-Allow-Origin" not in answer.headers


def test_a_staff_user_and_the_token_as_password_get_the_page(server):
    for headers in (basic(USER, PASSWORD), basic("wer-auch-immer", TOKEN)):
        page = requests.get(f"{server}/staff", headers=headers, timeout=10)
        assert page.status_code == 200
        assert '<html lang="de">' in page.text
        csp = page.headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        script = requests.get(f"{server}/staff/staff.js", headers=headers, timeout=10)
        assert script.status_code == 200 and "textContent" in script.text


@pytest.mark.parametrize("params, status", [
    ({"q": ""}, 400), ({}, 400), ({"q": "x" * 301}, 400), ({"q": "Fiktion", "top": "0"}, 400),
    ({"q": "Fiktion", "top": "21"}, 400), ({"q": "Fiktion", "top": "fünf"}, 400),
    ({"q": "x" * 300}, 200), ({"q": "Fiktion", "top": "20"}, 200),
])
def test_queries_are_bounded(server, params, status):
    answer = requests.get(f"{server}/staff/search", params=params, headers=BEARER, timeout=10)
    assert answer.status_code == status
    if status == 400:
        assert set(answer.json()) == {"error"}


def test_nobody_gets_in_when_neither_token_nor_users_are_configured(tmp_path):
    assert staff_auth.authenticate("Bearer ", "", None) is None
    assert staff_auth.authenticate(basic("anna", "")["Authorization"], "", None) is None
    assert staff_auth.authenticate(basic("anna", "x")["Authorization"], "", tmp_path / "none") \
        is None


def test_passwords_are_stored_as_salted_hashes(tmp_path):
    first, second = staff_auth.hash_password("geheim-und-lang"), staff_auth.hash_password(
        "geheim-und-lang")
    assert first != second and "geheim" not in first
    assert staff_auth.verify_password("geheim-und-lang", first)
    assert not staff_auth.verify_password("geheim-und-lanG", first)
    assert not staff_auth.verify_password("x", "md5$1$xx$yy")


def test_searches_and_failed_logins_are_rate_limited(law_index_dir, tmp_path):
    with serve(law_index_dir, tmp_path, LOTSE_LIMIT_STAFF="3/minute",
               LOTSE_LIMIT_STAFF_LOGINS="10/minute") as url:
        codes = [requests.get(f"{url}/staff/search", params={"q": "Duldung"}, headers=BEARER,
                              timeout=10).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        wrong = [requests.get(f"{url}/staff", headers=basic(USER, "falsch"), timeout=10)
                 for _ in range(11)]
        assert {w.status_code for w in wrong} == {401}
        # the guesser is locked out: now even the right password gets 401
        assert requests.get(f"{url}/staff", headers=basic(USER, PASSWORD),
                            timeout=10).status_code == 401
