"""The whole stack (action server + Rasa server with the trained model) on free ports."""

import os
import signal
import subprocess
import time
from pathlib import Path

import jwt
import pytest
import requests
from aiosmtpd.controller import Controller

from tests.lotse.channels.fake_bot_api import FakeBotAPI
from tests.lotse.channels.fake_graph_api import FakeGraphAPI, FakeMessengerAPI
from tests.support import Inbox, free_port

PROJECT_DIR = Path(__file__).resolve().parents[2]
MODEL = PROJECT_DIR / "models" / "lotse.tar.gz"
# how long the Rasa server waits for an action (lotse/action_failures.py): above the action
# server's own 3 s limit for the appointment system, short enough for a test to wait
ACTION_TIMEOUT_SECONDS = 6


JWT_SECRET = "integration-tests-only"  # noqa: S105 - test stack on loopback



class Stack:
    def __init__(
        self, rasa_port: int, actions_port: int, data_dir: Path, inbox, graph: FakeGraphAPI
    ) -> None:
        self.url = f"http://127.0.0.1:{rasa_port}"
        self.actions_url = f"http://127.0.0.1:{actions_port}"
        self.data_dir = data_dir  # the action server's SQLite files
        self.inbox = inbox  # mails that reached the loopback SMTP server
        self.graph = graph  # WhatsApp messages that reached the loopback Graph API
        # the HTTP API (/model/parse, /conversations/...) with an admin JWT
        self.api = requests.Session()
        token = jwt.encode({"user": {"username": "tests", "role": "admin"}}, JWT_SECRET, "HS256")
        self.api.headers["Authorization"] = f"Bearer {token}"

    def tracker(self, sender_id: str) -> dict:
        """A stored conversation by its sender id (channel prefix included)."""
        return self.api.get(f"{self.url}/conversations/{sender_id}/tracker", timeout=10).json()

    def send(self, sender: str, message: str, **extra) -> requests.Response:
        return requests.post(
            f"{self.url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message, **extra},
            timeout=30,
        )

    def texts(self, sender: str, message: str) -> list:
        response = self.send(sender, message)
        assert response.status_code == 200, response.text
        return [m.get("text") for m in response.json()]


def run_stack(tmp_path_factory, **settings):
    """Starts the stack, yields it, stops it. The session fixture `stack` (tests/conftest.py)
    runs it once for tests/integration and tests/browser together; `settings` override the
    test settings (environment variables), None removes one (its default applies)."""
    assert MODEL.exists(), "train first: make train"
    rasa_port, actions_port = free_port(), free_port()
    data_dir = tmp_path_factory.mktemp("data")
    tracker_db = tmp_path_factory.mktemp("db") / "tracker.db"
    # the sample offices with room for every language's bookings: the conversation suites of
    # nine languages all book next week's mornings, in one calendar (3 counters ran out)
    office_dir = tmp_path_factory.mktemp("office")
    for path in (PROJECT_DIR / "office").glob("*.yml"):
        (office_dir / path.name).write_text(
            path.read_text("utf-8").replace("counters: 3", "counters: 12"), "utf-8")
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    graph = FakeGraphAPI().start()
    bot_api = FakeBotAPI().start()
    messenger = FakeMessengerAPI().start()
    env = {
        **os.environ,
        "LOTSE_DATA_DIR": str(data_dir),
        "LOTSE_OFFICE_DIR": str(office_dir),
        "LOTSE_SMTP_HOST": "127.0.0.1",
        "LOTSE_SMTP_PORT": str(smtp.port),
        "LOTSE_RASA_PORT": str(rasa_port),
        "LOTSE_ACTIONS_PORT": str(actions_port),
        "LOTSE_ACTION_ENDPOINT_URL": f"http://127.0.0.1:{actions_port}/webhook",
        "LOTSE_TRACKER_DB_URL": f"sqlite:///{tracker_db}",
        "LOTSE_ACTION_TIMEOUT": str(ACTION_TIMEOUT_SECONDS),
        "LOTSE_API": "on",  # off by default; the tests read trackers and parse results
        # every test talks from 127.0.0.1: the limits themselves are tested on their own stack
        "LOTSE_LIMIT_CLIENT": "100000/minute",
        "LOTSE_LIMIT_CONVERSATION": "1000/minute",
        # every test conversation comes from 127.0.0.1: the per-client limits would stop them
        "LOTSE_LIMIT_BOOKINGS_CLIENT": "100000/hour",
        "LOTSE_LIMIT_CONTACTS_CLIENT": "100000/hour",
        "LOTSE_JWT_SECRET": JWT_SECRET,
        **graph.env(),
        **bot_api.env(),
        **messenger.env(),
        **settings,
    }
    env = {key: value for key, value in env.items() if value is not None}
    log = (tmp_path_factory.mktemp("logs") / "stack.log").open("w")
    process = subprocess.Popen(
        ["bash", "-c", ". scripts/env.sh && exec scripts/run.sh"],
        cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    stack = Stack(rasa_port, actions_port, data_dir, inbox, graph)
    stack.bot_api = bot_api  # Telegram messages that reached the loopback Bot API
    stack.messenger = messenger  # Messenger messages that reached the loopback Graph API
    stack.log_path = Path(log.name)  # both servers' output
    stack.tracker_db = tracker_db  # the conversations (SQLite)
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert process.poll() is None, f"stack exited, see {log.name}"
            try:
                if (
                    requests.get(f"{stack.url}/ready", timeout=2).ok
                    and requests.get(f"{stack.actions_url}/health", timeout=2).ok
                ):
                    break
            except requests.ConnectionError:
                pass
            time.sleep(1)
        else:
            pytest.fail(f"stack did not come up in time, see {log.name}")
        yield stack
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
        smtp.stop()
        graph.stop()
        bot_api.stop()
        messenger.stop()
