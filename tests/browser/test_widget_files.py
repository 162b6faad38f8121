"""What the Rasa server serves for the widget: its files with the right types, its settings,
the demo page under a strict Content-Security-Policy, and nothing outside widget/dist."""

import socket
from urllib.parse import urlsplit

import pytest
import requests

from tests.browser.conftest import WIDGET_DIST
from tests.conftest import LANGUAGES


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/widget/lotse-widget.js", "text/javascript; charset=utf-8"),
        ("/widget/lotse-widget.css", "text/css; charset=utf-8"),
        ("/widget/socket.io.min.js", "text/javascript; charset=utf-8"),
        ("/demo", "text/html; charset=utf-8"),
    ],
)
def test_the_widget_files_are_served_with_their_types(stack, path, content_type):
    response = requests.get(stack.url + path, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_demo_page_has_a_strict_content_security_policy(stack):
    response = requests.get(f"{stack.url}/demo", timeout=10)
    policy = {
        directive.split()[0]: directive.split()[1:]
        for directive in response.headers["Content-Security-Policy"].split(";")
    }
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'", "ws:", "wss:"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    # the page itself has no inline script: its only script without src is the JSON config
    page = response.text
    assert page.count("<script") == 2
    assert '<script type="application/json" id="lotse-config">' in page


def test_the_widget_learns_the_languages_and_its_office_phone_from_the_server(stack):
    response = requests.get(f"{stack.url}/widget/config.json", timeout=10)
    assert response.json() == {
        "languages": LANGUAGES,
        "default_language": "de",
        "contact": {"phone": "+49 1234 5678-0",
                    "contact_form_url": "https://www.lk-musterhausen.example/kontakt"},
    }
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    # the page's office (data-office), the default office for an unknown one
    other = requests.get(f"{stack.url}/widget/config.json?office=stadt-musterstadt", timeout=10)
    assert other.json()["contact"] == {"phone": "+49 1234 9876-0"}
    unknown = requests.get(f"{stack.url}/widget/config.json?office=%3Cx%3E", timeout=10)
    assert unknown.json()["contact"]["phone"] == "+49 1234 5678-0"


def test_any_page_may_ask_whether_lotse_is_ready_and_learns_nothing_else(stack):
    response = requests.get(f"{stack.url}/ready", timeout=10)
    assert (response.status_code, response.text) == (200, "ready")
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def raw_get(url: str, path: str) -> int:
    """The status of a GET with the path sent exactly as given (no client-side cleanup)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
        connection.sendall(
            f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n".encode()
        )
        status_line = connection.makefile("rb").readline().decode()
    return int(status_line.split()[1])


@pytest.mark.parametrize(
    "path",
    [
        "/widget/../package.json",
        "/widget/..%2Fpackage.json",
        "/widget/%2e%2e%2fpackage.json",
        "/widget/%2e%2e/%2e%2e/credentials.yml",
        "/widget/..%2F..%2Fcredentials.yml",
        "/widget/....//package.json",
        "/widget/demo.html",  # the demo only with its CSP, under /demo
        "/widget/.hidden.js",
        "/widget/package.json",
        "/widget/missing.js",
    ],
)
def test_nothing_outside_the_widget_files_is_served(stack, path):
    assert raw_get(stack.url, path) == 404


def test_the_served_folder_holds_only_the_built_widget():
    names = {p.name for p in WIDGET_DIST.iterdir()}
    assert {"lotse-widget.js", "lotse-widget.css", "socket.io.min.js", "demo.html"} <= names
    assert not [p for p in WIDGET_DIST.iterdir() if p.is_dir()]
