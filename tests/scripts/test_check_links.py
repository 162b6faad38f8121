"""scripts/check_links.py against real HTTP servers on the loopback interface."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from scripts.check_links import main
from tests.conftest import PROJECT_DIR

SLOW_SECONDS = 1.0
TIMEOUT = "0.5"  # below SLOW_SECONDS, so /slow times out and the tests stay fast


class Handler(BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        if self.path == "/no-head":
            self.answer(405)
        else:
            self.do_GET()

    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
        if self.path == "/moved":
            self.answer(301, Location="/ok")
        else:
            self.answer(404 if self.path == "/missing" else 200)

    def answer(self, status: int, **headers: str) -> None:
        self.send_response(status)
        for name, value in {"Content-Length": "0", **headers}.items():
            self.send_header(name, value)
        self.end_headers()

    def log_message(self, *args) -> None:  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    # a proxy from the environment must not stand between the checker and the loopback server
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(name, "127.0.0.1")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def office_dir(tmp_path: Path, urls: dict) -> Path:
    """A copy of the sample office whose URLs are the given ones (service id -> URL)."""
    content = yaml.safe_load((PROJECT_DIR / "office/musterhausen.yml").read_text("utf-8"))
    content["contact"]["contact_form_url"] = urls.pop("contact")
    content["appointments"]["online_booking_url"] = urls.pop("booking")
    content.pop("referrals", None)  # only the URLs under test
    content.pop("figures", None)
    for service in content["services"]:
        service.pop("online_application_url", None)
        if service["id"] in urls:
            service["online_application_url"] = urls[service["id"]]
    (tmp_path / "office.yml").write_text(yaml.safe_dump(content, allow_unicode=True), "utf-8")
    return tmp_path


def run(capsys, directory: Path) -> tuple:
    code = main(["--office-dir", str(directory), "--timeout", TIMEOUT])
    output = capsys.readouterr()
    return code, output.out, output.err


def line_of(report: str, url: str) -> str:
    """The report line checking this URL (not one that redirects to it)."""
    [line] = [line for line in report.splitlines() if f" {url} " in line.split(" → ")[0] + " "]
    return line


def test_dead_and_unreachable_links_are_reported_where_they_are_used(tmp_path, capsys, server):
    refused = f"http://127.0.0.1:{closed_port()}/"
    directory = office_dir(
        tmp_path,
        {
            "contact": f"{server}/ok",
            "booking": f"{server}/moved",
            "extension": f"{server}/missing",
            "settlement_permit": f"{server}/no-head",
            "blue_card": f"{server}/slow",
            "ukraine_protection": refused,
        },
    )
    code, report, _ = run(capsys, directory)
    assert code == 1
    assert line_of(report, f"{server}/ok").startswith("OK 200 ")
    moved = line_of(report, f"{server}/moved")
    assert moved.startswith("REDIRECT 301 ")
    assert f"→ {server}/ok (1 hop)" in moved
    dead = line_of(report, f"{server}/missing")
    assert dead.startswith("DEAD 404 ")
    assert "lk-musterhausen: services[extension].online_application_url" in dead
    assert line_of(report, f"{server}/no-head").startswith("OK 200 ")
    slow = line_of(report, f"{server}/slow")
    assert slow.startswith("ERROR timeout ")
    assert "services[blue_card]" in slow
    assert line_of(report, refused).startswith("ERROR connection refused ")
    assert report.splitlines()[-1] == "6 URLs checked: 3 reachable, 3 failing"


def test_all_reachable_exits_0_and_checks_a_shared_url_once(tmp_path, capsys, server):
    directory = office_dir(
        tmp_path,
        {
            "contact": f"{server}/ok",
            "booking": f"{server}/moved",
            "extension": f"{server}/no-head",
            "blue_card": f"{server}/ok",
        },
    )
    code, report, _ = run(capsys, directory)
    assert code == 0
    shared = line_of(report, f"{server}/ok")
    assert "contact.contact_form_url; lk-musterhausen: services[blue_card]" in shared
    assert report.splitlines()[-1] == "3 URLs checked: 3 reachable, 0 failing"


@pytest.mark.parametrize(
    "content, message",
    [
        ("id: [unclosed\n  name: x\n", "cannot read"),
        ("id: lk-musterhausen\n", "name: field required"),
    ],
)
def test_a_broken_office_file_exits_2_with_one_line(tmp_path, capsys, content, message):
    (tmp_path / "office.yml").write_text(content, "utf-8")
    code, report, error = run(capsys, tmp_path)
    assert code == 2
    assert report == ""
    assert error.count("\n") == 1
    assert str(tmp_path / "office.yml") in error
    assert message in error


def test_include_legal_also_checks_the_law_urls(tmp_path, capsys, monkeypatch, server):
    directory = office_dir(tmp_path, {"contact": f"{server}/ok", "booking": f"{server}/ok"})
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    laws = {"laws": {"AufenthG": {"title": "Aufenthaltsgesetz", "url": f"{server}/missing"}}}
    (knowledge / "legal.yml").write_text(yaml.safe_dump(laws), "utf-8")
    referrals = {"authorities": {"bamf": {"url": f"{server}/moved-away"}}}
    (knowledge / "referrals.yml").write_text(yaml.safe_dump(referrals), "utf-8")
    monkeypatch.setattr("actions.settings.KNOWLEDGE_DIR", knowledge)
    assert run(capsys, directory)[0] == 0
    code = main(["--office-dir", str(directory), "--include-legal"])
    assert code == 1
    report = capsys.readouterr().out
    assert "[legal.yml: laws[AufenthG]]" in line_of(report, f"{server}/missing")
    assert "[referrals.yml: authorities[bamf]]" in line_of(report, f"{server}/moved-away")
