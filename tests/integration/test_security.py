"""The HTTP API as an attacker on the network finds it: closed unless switched on, then only
with a JWT, and never fetching a model from elsewhere; the action server answers only the
Rasa server."""

import json
import zlib

import jwt
import pytest
import requests

from tests.integration.conftest import run_stack


@pytest.fixture(scope="module")
def default_stack(tmp_path_factory):
    """The stack as `make run` starts it: no LOTSE_API, no JWT secret; low message limits."""
    yield from run_stack(tmp_path_factory, LOTSE_API=None, LOTSE_JWT_SECRET=None,
                         LOTSE_LIMIT_CLIENT="8/minute", LOTSE_LIMIT_CONVERSATION="3/minute")


def test_by_default_the_api_is_closed_and_the_channels_answer(default_stack):
    url = default_stack.url
    assert requests.get(f"{url}/conversations/4915112345678/tracker", timeout=10).status_code == 404
    parse = requests.post(f"{url}/model/parse", json={"text": "Hallo"}, timeout=10)
    assert parse.status_code == 404
    assert requests.delete(f"{url}/model", timeout=10).status_code in (404, 405)
    assert default_stack.texts("closed-api", "Hallo")  # citizens are still answered


def test_without_a_token_the_api_reveals_and_changes_nothing(stack):
    stack.texts("victim-conversation", "Hallo")
    tracker = requests.get(f"{stack.url}/conversations/victim-conversation/tracker", timeout=10)
    assert tracker.status_code == 401 and "Hallo" not in tracker.text
    assert requests.delete(f"{stack.url}/model", timeout=10).status_code == 401
    # Rasa's ?token= is not accepted either (it would end up in proxy logs)
    forged = jwt.encode({"user": {"username": "x", "role": "admin"}}, "guessed", "HS256")
    assert requests.delete(
        f"{stack.url}/model", headers={"Authorization": f"Bearer {forged}"}, timeout=10
    ).status_code == 401
    assert stack.texts("victim-conversation", "Wann habt ihr offen?")


def test_even_an_admin_token_cannot_make_the_server_fetch_a_model(stack):
    response = stack.api.put(
        f"{stack.url}/model",
        json={"model_server": {"url": "http://127.0.0.1:9/evil.tar.gz"}}, timeout=10,
    )
    assert response.status_code == 403
    assert stack.texts("after-model-put", "Hallo")


def test_the_readiness_path_says_ready_and_nothing_else(stack):
    response = requests.get(f"{stack.url}/ready", timeout=10)
    assert response.status_code == 200 and response.text == "ready"


def test_a_forged_action_call_is_refused(stack):
    call = {"next_action": "action_submit_contact", "sender_id": "forged", "version": "3.6.21",
            "tracker": {"sender_id": "forged", "slots": {}, "events": [], "latest_message": {}},
            "domain": {}}
    url = f"{stack.actions_url}/webhook"
    assert requests.post(url, json=call, timeout=10).status_code == 401
    bomb = zlib.compress(json.dumps(call).encode() + b" " * 50_000_000)
    response = requests.post(
        url, data=bomb, timeout=10,
        headers={"Content-Encoding": "deflate", "Content-Type": "application/json"},
    )
    assert response.status_code in (401, 415)


def test_citizen_text_does_not_reach_the_logs(stack):
    planted = "Erika Mustermann, Hauptstraße 5"
    texts = (f"/greet {planted}", f"/@ {planted}", f"Ich heiße {planted}, wann habt ihr offen?")
    for text in texts:
        assert stack.send("log-privacy", text).status_code == 200
    assert planted not in stack.log_path.read_text("utf-8", errors="replace")


def test_a_script_writing_fast_is_slowed_down_politely(default_stack):
    # one conversation: the fourth message within a minute waits
    answers = [default_stack.send("fast-conversation", "Hallo") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert "wait" in answers[-1].json()[0]["text"]
    # new conversation ids from the same address do not help: the client's limit holds
    codes = [default_stack.send(f"script-{n}", "Hallo").status_code for n in range(8)]
    assert 429 in codes and codes.index(429) <= 5


def test_metadata_keeps_only_the_documented_keys_and_is_bounded(stack):
    kept = stack.send("metadata-check", "Hello", metadata={
        "language": "en", "office": "lk-musterhausen", "tracking": "x" * 200, "nested": {"a": 1}})
    assert kept.status_code == 200
    [first] = [e for e in stack.tracker("rest:metadata-check")["events"] if e["event"] == "user"]
    stored = first["metadata"]
    assert stored["language"] == "en" and stored["office"] == "lk-musterhausen"
    assert "tracking" not in stored and "nested" not in stored
    # what the servers add: Rasa's assistant and model ids, the client's pseudonym (no address)
    assert set(stored) <= {"language", "office", "assistant_id", "model_id", "client"}
    assert "127.0.0.1" not in str(stored)
    large = stack.send("metadata-large", "Hello", metadata={"language": "en", "x": "y" * 30_000})
    assert large.status_code == 413 and "metadata" in large.json()["error"]


def test_a_huge_request_body_is_refused_before_it_is_read(stack):
    body = '{"sender": "huge", "message": "Hallo", "padding": "' + "x" * 2_000_000 + '"}'
    response = requests.post(f"{stack.url}/webhooks/rest/webhook", data=body,
                             headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code == 413
