"""Every entry point of a running Lotse under generated input (hypothesis): REST, socket.io
and the WhatsApp webhook. Whatever arrives, the answer is a 2xx or a 4xx with a sentence —
never a 5xx, a hang or a stack trace — and the bot still answers a normal message afterwards.
The action server is fuzzed in tests/actions/test_server.py.

LOTSE_FUZZ_EXAMPLES inputs per entry point (200 in make test, 2,000 in make fuzz)."""

import json
import os
import time

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.integration.test_socketio import Client
from tests.lotse.channels.fake_bot_api import secret_headers as telegram_headers
from tests.lotse.channels.fake_graph_api import (
    delivery,
    message,
    messenger_delivery,
    messenger_event,
    signed,
)

EXAMPLES = int(os.environ.get("LOTSE_FUZZ_EXAMPLES") or 200)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=list(HealthCheck))
LEAKS = ("Traceback", "File \"/", "Exception", "sqlalchemy", "sqlite3")

# JSON the way clients get it wrong: any value, nested, odd strings (surrogates, controls)
text = st.text(st.characters(blacklist_categories=()), max_size=300)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(text, inner, max_size=4), max_leaves=12)
senders = st.one_of(st.text(st.characters(whitelist_categories=("L", "N")), min_size=1,
                            max_size=20), text, st.integers(), st.none())
rest_bodies = st.one_of(
    st.fixed_dictionaries({"sender": senders, "message": st.one_of(text, values)},
                          optional={"metadata": values}),
    values,
)


@pytest.fixture(scope="module")
def log_at_start(stack):
    """Where the stack's log stood before this module's inputs."""
    return len(stack.log_path.read_text())


def no_leak(body: str) -> None:
    assert not any(leak in body for leak in LEAKS), body[:300]


def still_answers(stack) -> None:
    assert stack.texts("fuzz-check", "Hallo")


@FUZZ
@given(body=rest_bodies)
def test_rest_never_fails_with_a_server_error(stack, log_at_start, body):
    data = json.dumps(body, ensure_ascii=True)
    response = requests.post(f"{stack.url}/webhooks/rest/webhook", data=data,
                             headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code < 500, response.text[:300]
    no_leak(response.text)


@FUZZ
@given(raw=st.binary(max_size=2000))
def test_rest_survives_bodies_that_are_no_json(stack, raw):
    response = requests.post(f"{stack.url}/webhooks/rest/webhook", data=raw,
                             headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code < 500, response.text[:300]
    no_leak(response.text)


def test_rest_answers_after_the_fuzzing(stack):
    still_answers(stack)


whatsapp_messages = st.one_of(
    st.builds(lambda sender, kind, content: message(sender, kind, content),
              st.text("0123456789", min_size=1, max_size=15),
              st.sampled_from(["text", "interactive", "image", "location", "sticker", "x"]),
              values),
    st.dictionaries(text, values, max_size=5),
)


@FUZZ
@given(messages=st.lists(whatsapp_messages, max_size=3), extra=values)
def test_signed_whatsapp_deliveries_never_fail_with_a_server_error(stack, messages, extra):
    payload = delivery(*messages) if messages else extra
    body, headers = signed(payload)
    response = requests.post(f"{stack.url}/webhooks/whatsapp/webhook", data=body,
                             headers=headers, timeout=30)
    assert response.status_code < 500, response.text[:300]
    no_leak(response.text)


def test_whatsapp_and_rest_answer_after_the_fuzzing(stack):
    still_answers(stack)


telegram_updates = st.one_of(
    st.fixed_dictionaries({"update_id": st.integers(), "message": st.one_of(
        st.fixed_dictionaries({"chat": st.fixed_dictionaries({"id": st.integers()})},
                              optional={"text": st.one_of(text, values), "photo": values}),
        values)}),
    st.fixed_dictionaries({"update_id": st.integers(), "callback_query": values}),
    values,
)


@FUZZ
@given(payload=telegram_updates)
def test_authenticated_telegram_updates_never_fail_with_a_server_error(stack, payload):
    response = requests.post(f"{stack.url}/webhooks/telegram/webhook",
                             data=json.dumps(payload, ensure_ascii=True),
                             headers=telegram_headers(), timeout=30)
    assert response.status_code < 500, response.text[:300]
    no_leak(response.text)


def test_telegram_and_rest_answer_after_the_fuzzing(stack):
    still_answers(stack)


messenger_events = st.one_of(
    st.builds(lambda psid, content: messenger_event(psid, **content),
              st.text("0123456789", min_size=1, max_size=20),
              st.dictionaries(st.sampled_from(["message", "postback", "read"]), values,
                              max_size=2)),
    st.dictionaries(text, values, max_size=5),
)


@FUZZ
@given(events=st.lists(messenger_events, max_size=3), extra=values)
def test_signed_messenger_deliveries_never_fail_with_a_server_error(stack, events, extra):
    payload = messenger_delivery(*events) if events else extra
    body, headers = signed(payload)
    response = requests.post(f"{stack.url}/webhooks/messenger/webhook", data=body,
                             headers=headers, timeout=30)
    assert response.status_code < 500, response.text[:300]
    no_leak(response.text)


def test_messenger_and_rest_answer_after_the_fuzzing(stack):
    still_answers(stack)


_socket = {}


def fuzz_client(stack) -> Client:
    """One connection for all generated socket.io events (a connection per event would
    measure connecting, not the handlers)."""
    if "client" not in _socket:
        client = Client(stack.url)
        _socket["client"], _socket["session"] = client, client.start()
    return _socket["client"]


@FUZZ
@given(name=st.sampled_from(["user_uttered", "session_request"]),
       data=st.one_of(values, st.fixed_dictionaries(
           {"message": st.one_of(text, values), "session_id": st.one_of(st.none(), text)},
           optional={"metadata": values})), own_session=st.booleans())
def test_socketio_survives_generated_events(stack, name, data, own_session):
    client = fuzz_client(stack)
    if own_session and isinstance(data, dict):
        data = {**data, "session_id": _socket["session"]}
    client.sio.emit(name, data)
    time.sleep(0.01)  # each event in its own request, not batched beyond engineio's limit
    while not client.messages.empty():
        no_leak(json.dumps(client.messages.get()))


def test_socketio_answers_after_the_fuzzing(stack):
    time.sleep(2)  # answers to the last generated messages
    old = _socket.pop("client", None)
    if old is not None:
        while not old.messages.empty():
            no_leak(json.dumps(old.messages.get()))
        old.stop()
    client = Client(stack.url)
    session = client.start()
    client.say(session, "Wann habt ihr geöffnet?")
    deadline = time.monotonic() + 60
    answer = client.answer(timeout=60)
    while "08:00" not in answer.get("text", "") and time.monotonic() < deadline:
        no_leak(json.dumps(answer))
        answer = client.answer(timeout=60)
    assert "08:00" in answer.get("text", "")
    client.stop()
    _socket.clear()


def test_the_fuzzing_left_no_stack_trace_in_the_log(stack, log_at_start):
    assert "Traceback" not in stack.log_path.read_text()[log_at_start:]
