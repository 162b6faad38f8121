"""The action server hangs (here: stopped with SIGSTOP): the citizen still gets an answer with
the office's phone number in seconds, and the conversation goes on once it is back."""

import os
import re
import signal
import subprocess
import time
from urllib.parse import urlsplit

import pytest
import requests

from actions.office import current_registry
from tests.integration.conftest import ACTION_TIMEOUT_SECONDS

pytestmark = pytest.mark.faults


def action_server_pid(stack) -> int:
    port = urlsplit(stack.actions_url).port
    # the process listening on the action server's port (ss from iproute2)
    found = subprocess.run(["ss", "-Hltnp", f"sport = :{port}"],
                           capture_output=True, text=True, check=True)
    [pid] = set(re.findall(r"pid=(\d+)", found.stdout))
    return int(pid)


def test_a_hung_action_server_still_gets_the_citizen_an_answer(stack):
    phone = current_registry().get(None).contact.phone
    pid = action_server_pid(stack)
    os.kill(pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        texts = stack.texts("hung-actions", "Wann habt ihr geöffnet?")
        waited = time.monotonic() - started
    finally:
        os.kill(pid, signal.SIGCONT)
    assert len(texts) == 1 and phone in texts[0]
    # a new conversation calls two actions (session start, answer): one timeout, not two
    assert waited < ACTION_TIMEOUT_SECONDS + 3
    # back again: the same question is answered with the opening hours
    [answer] = stack.texts("hung-actions", "Wann habt ihr geöffnet?")
    assert "Öffnungszeiten" in answer and phone not in answer


def test_a_killed_action_server_is_started_again_and_rasa_keeps_answering(stack):
    pid = action_server_pid(stack)
    os.kill(pid, signal.SIGKILL)
    # meanwhile the Rasa server answers, with the office's phone
    assert stack.texts("killed-actions", "Wann habt ihr geöffnet?")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{stack.actions_url}/health", timeout=2).ok:
                break
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    assert action_server_pid(stack) != pid
    [answer] = stack.texts("killed-actions-later", "Wann habt ihr geöffnet?")
    assert "Öffnungszeiten" in answer
