"""The action server (python -m actions.server) answers only the Rasa server: the shared
secret, no compressed bodies, bounded size, loopback by default, errors without details."""

import json
import os
import socket
import subprocess
import sys
import time
import zlib

import pytest
import requests
from aiosmtpd.controller import Controller
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from actions.contact.outbox import Outbox
from tests.conftest import PROJECT_DIR
from tests.support import Inbox, free_port

SECRET = "action-server-test"  # noqa: S105 - test server on loopback



def start(tmp_path, **settings):
    env = {**os.environ, "LOTSE_DATA_DIR": str(tmp_path), "LOTSE_ACTIONS_PORT": str(free_port()),
           "LOTSE_ACTION_SECRET": SECRET, "LOTSE_ACTIONS_MAX_BODY_BYTES": "200000", **settings}
    env.pop("LOTSE_HOST", None)
    env.pop("LOTSE_ACTIONS_HOST", None)
    process = subprocess.Popen([sys.executable, "-m", "actions.server"], cwd=PROJECT_DIR, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return process, int(env["LOTSE_ACTIONS_PORT"])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process, port = start(tmp_path_factory.mktemp("actions"))
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"{url}/health", timeout=1)
            break
        except requests.ConnectionError:
            assert process.poll() is None, process.stdout.read()
            time.sleep(0.3)
    yield url, port
    process.terminate()
    process.wait(timeout=10)


def local_addresses():
    """This machine's own IPv4 addresses (Linux: the LOCAL entries of the routing trie)."""
    lines = open("/proc/net/fib_trie", encoding="ascii").read().splitlines()
    return {lines[i - 1].split()[-1] for i, line in enumerate(lines) if "/32 host LOCAL" in line}


def call(action="action_answer_topic"):
    return {"next_action": action, "sender_id": "s", "version": "3.6.21", "domain": {},
            "tracker": {"sender_id": "s", "slots": {}, "events": [], "latest_message": {
                "intent": {"name": "toleration"}, "text": "Duldung?"}}}


def test_only_calls_with_the_secret_are_answered(server):
    url, _ = server
    assert requests.post(f"{url}/webhook", json=call(), timeout=10).status_code == 401
    wrong = {"X-Lotse-Action-Secret": "guess"}
    refused = requests.post(f"{url}/webhook", json=call(), headers=wrong, timeout=10)
    assert refused.status_code == 401
    right = {"X-Lotse-Action-Secret": SECRET}
    answered = requests.post(f"{url}/webhook", json=call(), headers=right, timeout=10)
    assert answered.status_code == 200 and answered.json()["responses"]
    assert requests.get(f"{url}/health", timeout=10).json() == {"status": "ok"}


def test_every_message_carries_the_language_it_is_written_in(server):
    url, _ = server
    arabic = call()
    arabic["tracker"]["events"] = [{"event": "slot", "name": "language", "value": "ar"}]
    right = {"X-Lotse-Action-Secret": SECRET}
    for body, language in ((call(), "de"), (arabic, "ar")):
        answer = requests.post(f"{url}/webhook", json=body, headers=right, timeout=10).json()
        assert {m["language"] for m in answer["responses"]} == {language}


def test_compressed_and_oversized_bodies_are_refused(server):
    url, _ = server
    headers = {"X-Lotse-Action-Secret": SECRET, "Content-Type": "application/json"}
    bomb = zlib.compress(json.dumps(call()).encode() + b" " * 20_000_000)  # 20 MB inflated
    response = requests.post(f"{url}/webhook", data=bomb,
                             headers={**headers, "Content-Encoding": "deflate"}, timeout=10)
    assert response.status_code == 415
    big = json.dumps({**call(), "padding": "x" * 300_000})
    assert requests.post(f"{url}/webhook", data=big, headers=headers, timeout=10).status_code == 413


def test_an_error_reveals_neither_the_exception_nor_the_request(server):
    url, _ = server
    broken = {**call(), "tracker": {"sender_id": "s", "events": "not a list", "slots": {},
                                    "latest_message": {"text": "mein Name ist Erika Muster"}}}
    response = requests.post(f"{url}/webhook", json=broken,
                             headers={"X-Lotse-Action-Secret": SECRET}, timeout=10)
    assert response.status_code >= 400
    assert "Erika" not in response.text and "Traceback" not in response.text


def test_it_listens_on_loopback_only(server):
    _, port = server
    address = next((a for a in local_addresses() if not a.startswith("127.")), None)
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    with pytest.raises(OSError):
        socket.create_connection((address, port), timeout=2).close()


def test_it_does_not_start_without_a_secret(tmp_path):
    process, _ = start(tmp_path, LOTSE_ACTION_SECRET="")
    assert process.wait(timeout=30) == 1
    assert "LOTSE_ACTION_SECRET" in process.stdout.read()


def test_mails_pending_from_before_a_restart_are_sent_at_start(tmp_path):
    Outbox(tmp_path / "outbox.db").add("lk-musterhausen", "staff@office.example",
                                       "Kontaktanfrage", "Bitte um Rückruf", None)
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    process, _ = start(tmp_path, LOTSE_SMTP_HOST="127.0.0.1", LOTSE_SMTP_PORT=str(smtp.port))
    try:
        deadline = time.monotonic() + 30
        while not inbox.messages and time.monotonic() < deadline:
            time.sleep(0.3)
        assert len(inbox.messages) == 1  # no new contact request was needed
    finally:
        process.terminate()
        process.wait(timeout=10)
        smtp.stop()


def wait_for(url):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            return requests.get(url, timeout=5)
        except requests.ConnectionError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer")


@pytest.mark.faults
def test_ready_means_the_calendar_and_the_outbox_take_a_write(server, tmp_path):
    url, _ = server
    answer = requests.get(f"{url}/ready", timeout=5)  # no secret needed, nothing revealed
    assert (answer.status_code, answer.text) == (200, "ready")

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    process, port = start(tmp_path, LOTSE_DATA_DIR=str(blocked))
    try:
        answer = wait_for(f"http://127.0.0.1:{port}/ready")
        assert (answer.status_code, answer.text) == (503, "not ready")
    finally:
        process.terminate()
        process.wait(timeout=10)


EXAMPLES = int(os.environ.get("LOTSE_FUZZ_EXAMPLES") or 200)
_json = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=50),
                     lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.text(max_size=10), inner, max_size=3), max_leaves=10)
_calls = st.one_of(
    _json,
    st.fixed_dictionaries({"next_action": st.one_of(st.text(max_size=30), _json),
                           "tracker": _json}, optional={"domain": _json, "version": _json}),
    st.builds(lambda t: {**call(), "tracker": t}, st.fixed_dictionaries(
        {"sender_id": _json, "events": _json, "slots": _json, "latest_message": _json})),
)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(body=_calls)
@example(body={"next_action": "", "tracker": {}, "domain": {}, "version": []})  # make fuzz found
@example(body={"next_action": "0", "tracker": {}, "domain": {}, "version": []})  # these two
def test_generated_calls_get_a_4xx_or_an_answer_never_a_server_error(server, body):
    url, _ = server
    response = requests.post(f"{url}/webhook", data=json.dumps(body), timeout=30,
                             headers={"X-Lotse-Action-Secret": SECRET,
                                      "Content-Type": "application/json"})
    assert response.status_code < 500, (body, response.text[:200])
    assert "Traceback" not in response.text
