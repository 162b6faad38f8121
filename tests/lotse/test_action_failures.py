"""A failing action server gets the citizen an answer with the office's phone number, in their
language, within seconds and once per message; a form's rejection of an input stays one."""

import asyncio
import socket
import time

import pytest
from aiohttp import web
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    FollowupAction,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from lotse import action_failures, settings
from lotse.nlg import LocalizedNLG
from tests.conftest import PROJECT_DIR
from tests.support import free_port

pytestmark = pytest.mark.faults

DOMAIN = Domain.load(str(PROJECT_DIR / "domain.yml"))


@pytest.fixture(autouse=True)
def responsive_action_server(monkeypatch):
    monkeypatch.setattr(action_failures, "_hung_until", 0.0)


@pytest.fixture
def nlg():
    generator = LocalizedNLG(EndpointConfig(locales=str(PROJECT_DIR / "locales")), DOMAIN)
    generator.responses = DOMAIN.responses
    return generator


def tracker(language="de"):
    tracker = DialogueStateTracker.from_events("anna", [], slots=DOMAIN.slots)
    tracker.update(SlotSet("language", language))
    tracker.update(UserUttered("Hallo", {"name": "greet", "confidence": 1.0}))
    return tracker


def run_action(url, conversation, nlg):
    """The action's messages; the bot must then wait for the citizen."""
    action = RemoteAction("action_greet", EndpointConfig(url=url))
    events = asyncio.run(action.run(CollectingOutputChannel(), nlg, conversation, DOMAIN))
    assert events[-1] == FollowupAction("action_listen")
    return events[:-1]


class ActionServer:
    """A loopback action server that answers every call with `status` after `delay` s."""

    def __init__(self, status=200, delay=0.0):
        self.status, self.delay = status, delay

    async def handle(self, request):
        await asyncio.sleep(self.delay)
        body = ({"events": [], "responses": [{"text": "Hallo!"}]} if self.status == 200
                else {"action_name": "action_greet", "error": "not valid"})
        return web.json_response(body, status=self.status)

    async def call(self, conversation, nlg):
        app = web.Application()
        app.router.add_post("/webhook", self.handle)
        runner = web.AppRunner(app)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        try:
            action = RemoteAction("action_greet",
                                  EndpointConfig(url=f"http://127.0.0.1:{port}/webhook"))
            return await action.run(CollectingOutputChannel(), nlg, conversation, DOMAIN)
        finally:
            await runner.cleanup()


def closed_port_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/webhook"  # nothing listens after this


def office():
    return action_failures.office_registry().get(None)


def test_an_unreachable_action_server_gets_a_reply_with_the_offices_phone(nlg):
    events = run_action(closed_port_url(), tracker("en"), nlg)
    assert len(events) == 1
    text = events[0].text
    assert office().contact.phone in text and office().contact.email in text
    assert text.startswith("Sorry")  # the conversation's language, not German


def test_the_reply_comes_once_per_message(nlg):
    conversation = tracker()
    url = closed_port_url()
    for event in run_action(url, conversation, nlg):
        conversation.update(event)
    assert run_action(url, conversation, nlg) == []  # e.g. the form's next question failing too
    conversation.update(UserUttered("Hallo?", {"name": "greet", "confidence": 1.0}))
    assert len(run_action(url, conversation, nlg)) == 1


def test_an_action_server_that_does_not_answer_is_given_up_in_time(nlg, monkeypatch):
    monkeypatch.setattr(settings, "ACTION_TIMEOUT", 1.0)
    started = time.monotonic()
    text, _listen = asyncio.run(ActionServer(delay=30).call(tracker(), nlg))
    assert time.monotonic() - started < 5
    assert office().contact.phone in text.text


def test_after_a_timeout_the_next_actions_of_the_message_do_not_wait_the_full_time(
        nlg, monkeypatch):
    """A new conversation calls the session start and then the answering action: a hung
    action server must cost the citizen one timeout, not two."""
    monkeypatch.setattr(settings, "ACTION_TIMEOUT", 3.0)
    hung = ActionServer(delay=30)
    started = time.monotonic()
    asyncio.run(hung.call(tracker(), nlg))
    first = time.monotonic() - started
    asyncio.run(hung.call(tracker(), nlg))
    second = time.monotonic() - started - first
    assert first >= 3 and second < 2
    # back again: answered, and the full timeout applies again
    events = asyncio.run(ActionServer().call(tracker(), nlg))
    assert [e.text for e in events] == ["Hallo!"]
    assert action_failures._hung_until == 0.0


def test_a_working_action_server_is_answered_as_before(nlg):
    events = asyncio.run(ActionServer().call(tracker(), nlg))
    assert [e.text for e in events] == ["Hallo!"]


def test_a_forms_rejection_is_not_a_technical_problem(nlg):
    with pytest.raises(ActionExecutionRejection):
        asyncio.run(ActionServer(status=400).call(tracker(), nlg))


def test_without_a_readable_office_configuration_the_reply_still_comes(nlg, tmp_path,
                                                                       monkeypatch):
    monkeypatch.setattr(settings, "OFFICE_DIR", tmp_path)  # no office file
    action_failures.office_registry.cache_clear()
    try:
        events = run_action(closed_port_url(), tracker(), nlg)
    finally:
        action_failures.office_registry.cache_clear()
    assert len(events) == 1 and events[0].text
    assert "{" not in events[0].text


def test_the_rasa_server_uses_it():
    assert RemoteAction.run is action_failures._run


def test_a_failed_session_start_starts_the_session_as_rasa_would(nlg):
    # the action answering the message fails next and tells the citizen, once
    action = RemoteAction("action_session_start", EndpointConfig(url=closed_port_url()))
    events = asyncio.run(action.run(CollectingOutputChannel(), nlg, tracker(), DOMAIN))
    assert any(isinstance(e, SessionStarted) for e in events)
    assert events[-1] == ActionExecuted("action_listen")
    assert not any(isinstance(e, BotUttered) for e in events)
