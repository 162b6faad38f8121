"""When the server cannot answer properly (here: its action server hangs), the widget says so
and names the office's phone at once, instead of letting the citizen wait for nothing; once
the server is ready again the notice goes and the conversation goes on."""

import os
import signal
import time

import pytest

from actions.office import current_registry
from lotse import health
from tests.integration.test_action_server_failure import action_server_pid

pytestmark = pytest.mark.faults

# the phone number is kept on one line with no-break spaces
STATUS_HAS = """([text]) => document.querySelector('.lotse-status').textContent
                  .replace(/\\u00a0/g, ' ').includes(text)"""
STATUS_EMPTY = "() => document.querySelector('.lotse-status').textContent === ''"


def test_the_widget_says_when_lotse_cannot_answer_and_names_the_office_phone(widget):
    phone = current_registry().get(None).contact.phone
    pid = action_server_pid(widget.stack)
    widget.goto_demo()
    os.kill(pid, signal.SIGSTOP)
    try:
        time.sleep(health.CACHE_SECONDS)  # an answer from before the fault is not reused
        widget.open()
        # shown on opening, before the citizen has typed anything into a dead end
        widget.page.wait_for_function(STATUS_HAS, arg=[phone], timeout=10_000)
        status = widget.page.locator(".lotse-status").inner_text()
        assert "technisches Problem" in status
        widget.screenshot("widget-not-ready")
    finally:
        os.kill(pid, signal.SIGCONT)
    # ready again: the widget looks again by itself and the notice goes
    widget.page.wait_for_function(STATUS_EMPTY, timeout=30_000)
    widget.say("Wann habt ihr geöffnet?", "Öffnungszeiten")
