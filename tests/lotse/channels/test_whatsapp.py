"""The WhatsApp channel on a real Sanic server on 127.0.0.1, answering through a fake Graph
API (fake_graph_api.py); an agent that echoes stands in for the bot."""

import asyncio
import logging
import threading

import pytest
import requests
from rasa.core.channels.channel import register
from rasa.core.run import create_http_input_channels
from sanic import Sanic

from lotse import identities
from lotse.channels.common import FAILURE_REPLY, ONLY_TEXT_REPLY
from lotse.channels.whatsapp import (
    WebhookError,
    WhatsAppConfig,
    WhatsAppInput,
    parse_delivery,
)
from tests.conftest import PROJECT_DIR
from tests.lotse.channels.fake_graph_api import (
    ACCESS_TOKEN,
    API_VERSION,
    PHONE_NUMBER_ID,
    VERIFY_TOKEN,
    FakeGraphAPI,
    delivery,
    message,
    signed,
    status,
    tap,
    text,
)
from tests.support import free_port


class EchoAgent:
    """Stands in for Rasa's agent: records each message and answers through its channel."""

    def __init__(self) -> None:
        self.received = []

    async def handle_message(self, message) -> None:
        self.received.append((message.sender_id, message.text, message.input_channel))
        if message.text == "boom":
            raise RuntimeError("the bot failed")
        if message.text == "slow":
            await asyncio.sleep(1.5)
        await message.output_channel.send_response(
            message.sender_id, {"text": f"Sie schrieben: {message.text}"}
        )

    def texts(self, number):
        """What the bot got from this number: it knows the conversation by a pseudonym."""
        return [text for who, text, _ in self.received if who == identities.whatsapp(number)]


class Webhook:
    """A Sanic server with the channel, run in its own thread and event loop."""

    def __init__(self, graph: FakeGraphAPI) -> None:
        self.channel = WhatsAppInput.from_credentials(
            {k.removeprefix("LOTSE_WHATSAPP_").lower(): v for k, v in graph.env().items()}
        )
        self.agent = EchoAgent()
        self.app = Sanic("lotse_whatsapp_test", configure_logging=False)
        self.app.ctx.agent = self.agent
        register([self.channel], self.app, "/webhooks/")
        self.url = f"http://127.0.0.1:{free_port()}/webhooks/whatsapp/webhook"
        self.loop = asyncio.new_event_loop()
        started = threading.Event()
        threading.Thread(target=self._serve, args=(started,), daemon=True).start()
        assert started.wait(10), "the Sanic server did not start"

    def _serve(self, started: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        port = int(self.url.split(":")[2].split("/")[0])
        self.server = self.loop.run_until_complete(
            self.app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
        )
        self.loop.run_until_complete(self.server.startup())
        self.loop.run_until_complete(self.server.start_serving())
        started.set()
        self.loop.run_forever()

    def run(self, coroutine, timeout: float = 30):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def post(self, payload, headers=None) -> requests.Response:
        body, signed_headers = signed(payload)
        return requests.post(self.url, data=body, headers=headers or signed_headers, timeout=10)

    def deliver(self, *messages, **kwargs) -> requests.Response:
        """Posts a signed delivery and waits until the channel has answered it."""
        response = self.post(delivery(*messages, **kwargs))
        self.run(self.channel.drain())
        return response

    def stop(self) -> None:
        self.run(self.server.before_stop())  # the channel sends what is left, closes its pool
        self.server.close()
        self.run(self.server.wait_closed())
        self.loop.call_soon_threadsafe(self.loop.stop)


@pytest.fixture(scope="module")
def webhook(graph):
    server = Webhook(graph)
    yield server
    server.stop()


# --- Meta's subscription check ----------------------------------------------------------


def verification(webhook, **params):
    query = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, **params}
    return requests.get(webhook.url, params={"hub.challenge": "1158201444", **query}, timeout=10)


def test_the_verify_token_gets_the_challenge_back(webhook):
    answer = verification(webhook)
    assert answer.status_code == 200 and answer.text == "1158201444"


@pytest.mark.parametrize("params", [{"hub.verify_token": "guess"}, {"hub.mode": "unsubscribe"}])
def test_a_wrong_token_or_mode_is_refused(webhook, params):
    answer = verification(webhook, **params)
    assert answer.status_code == 403 and "1158201444" not in answer.text


# --- signatures and malformed deliveries ------------------------------------------------


def test_deliveries_without_or_with_a_wrong_signature_reach_no_one(webhook, graph):
    payload = delivery(text("4915100000001", "Hallo"))
    body, headers = signed(payload)
    missing = requests.post(webhook.url, data=body, timeout=10)
    forged = webhook.post(payload, headers=signed(payload, "guess")[1])
    tampered = requests.post(webhook.url, data=body.replace(b"Hallo", b"Hallo!"),
                             headers=headers, timeout=10)
    assert (missing.status_code, forged.status_code, tampered.status_code) == (401, 403, 403)
    webhook.run(webhook.channel.drain())
    assert webhook.agent.texts("4915100000001") == [] and graph.sent("4915100000001") == []


@pytest.mark.parametrize(
    "payload, problem",
    [
        (b'{"entry": [', "JSON"),
        ([1, 2], "entry"),
        ({"entry": "x"}, "entry"),
        ({"entry": [{"changes": [{"value": 5}]}]}, "value"),
        (delivery({"id": "wamid.x", "type": "text", "text": {"body": "Hallo"}}), "sender"),
        (delivery({"from": "4915100000002", "type": "text"}), "id"),
    ],
)
def test_a_malformed_delivery_gets_400_with_a_reason(webhook, payload, problem):
    answer = webhook.post(payload)
    assert answer.status_code == 400 and problem in answer.json()["error"]


# --- what reaches the bot ----------------------------------------------------------------


def test_a_text_reaches_the_bot_and_the_answer_goes_to_the_sender(webhook, graph):
    answer = webhook.deliver(text("4915100000003", "  Ich brauche einen Termin "))
    assert answer.status_code == 200
    pseudonym = identities.whatsapp("4915100000003")
    assert webhook.agent.received[-1] == (pseudonym, "Ich brauche einen Termin", "whatsapp")
    [request] = [r for r in graph.requests if r.body.get("to") == "4915100000003"]
    assert request.path == f"/{API_VERSION}/{PHONE_NUMBER_ID}/messages"
    assert request.authorization == f"Bearer {ACCESS_TOKEN}"
    assert request.body == {
        "messaging_product": "whatsapp", "recipient_type": "individual", "to": "4915100000003",
        "type": "text",
        "text": {"body": "Sie schrieben: Ich brauche einen Termin", "preview_url": False},
    }


@pytest.mark.parametrize("kind", ["button_reply", "list_reply"])
def test_a_tap_sends_the_payload_of_the_option(webhook, kind):
    webhook.deliver(tap("4915100000004", '/inform{"service":"extension"}', kind))
    assert webhook.agent.texts("4915100000004")[-1] == '/inform{"service":"extension"}'


def test_the_webhook_answers_before_the_bot_has(webhook, graph):
    answer = webhook.post(delivery(text("4915100000005", "slow")))
    assert answer.status_code == 200 and answer.elapsed.total_seconds() < 1
    assert graph.sent("4915100000005") == []  # the bot takes 1.5 s
    webhook.run(webhook.channel.drain())
    assert graph.texts("4915100000005") == ["Sie schrieben: slow"]


def test_status_callbacks_are_ignored(webhook, graph):
    answer = webhook.deliver(statuses=[status("4915100000006"), status("4915100000006", "read")])
    assert answer.status_code == 200 and answer.json() == {"status": "received"}
    assert webhook.agent.texts("4915100000006") == [] and graph.sent("4915100000006") == []


def test_a_repeated_delivery_is_answered_once(webhook, graph):
    hello = text("4915100000007", "Hallo")
    assert webhook.deliver(hello).status_code == 200
    assert webhook.deliver(hello).status_code == 200  # Meta's retry: same message id
    webhook.deliver(hello, text("4915100000007", "Noch da?"), hello)
    assert webhook.agent.texts("4915100000007") == ["Hallo", "Noch da?"]
    assert graph.texts("4915100000007") == ["Sie schrieben: Hallo", "Sie schrieben: Noch da?"]


def test_the_memory_of_message_ids_is_bounded(webhook):
    seen = type(webhook.channel.seen)(size=3)
    assert all(seen.add(i) for i in "abcd")
    assert not seen.add("d") and seen.add("a")  # "a" was forgotten first


@pytest.mark.parametrize(
    "kind, content",
    [
        ("image", {"id": "1479537139650973", "mime_type": "image/jpeg"}),
        ("location", {"latitude": 52.52, "longitude": 13.40}),
        ("sticker", {"id": "1228"}),
        ("audio", {"id": "7831", "voice": True}),
    ],
)
def test_media_gets_a_polite_answer_and_does_not_reach_the_bot(webhook, graph, kind, content):
    webhook.deliver(message("4915100000008", kind, content))
    assert webhook.agent.texts("4915100000008") == []
    assert graph.texts("4915100000008")[-1] == ONLY_TEXT_REPLY


def test_messages_to_another_number_of_the_app_are_not_ours(webhook, graph):
    webhook.deliver(text("4915100000009", "Hallo"), phone_number_id="999")
    assert webhook.agent.texts("4915100000009") == [] and graph.sent("4915100000009") == []


def test_a_failing_bot_gets_the_citizen_an_apology(webhook, graph):
    webhook.deliver(text("4915100000010", "boom"))
    assert graph.texts("4915100000010") == [FAILURE_REPLY["text"]]


def test_neither_texts_nor_the_token_are_logged(webhook, graph, caplog):
    caplog.set_level(logging.DEBUG)
    webhook.deliver(text("4915100000011", "Mein Geheimnis"))
    webhook.deliver(text("4915100000011", "boom"))
    graph.fail_next(400)
    webhook.deliver(text("4915100000011", "Noch ein Geheimnis"))
    assert "Graph API error" in caplog.text  # the failures were logged
    for secret in ("Geheimnis", ACCESS_TOKEN):
        assert secret not in caplog.text


# --- settings ------------------------------------------------------------------------------


def test_without_settings_the_channel_is_off_and_says_so():
    channel = WhatsAppInput.from_credentials({"verify_token": "", "app_secret": ""})
    assert channel.config.missing == [
        "verify_token", "app_secret", "access_token", "phone_number_id"
    ]
    assert channel.verify({"hub.mode": "subscribe", "hub.verify_token": ""}).status == 503
    body, headers = signed(delivery(text("4915100000012", "Hallo")), "")
    answer = asyncio.run(channel.receive(body, headers["X-Hub-Signature-256"], None))
    assert answer.status == 503 and b"not configured" in answer.body


def test_empty_optional_settings_take_the_defaults():
    config = WhatsAppConfig.from_credentials(
        {"phone_number_id": 123, "graph_url": "", "api_version": None}
    )
    assert config.messages_url == "https://graph.facebook.com/v21.0/123/messages"


def test_credentials_yml_starts_the_channel_with_empty_settings(monkeypatch):
    # what `make run` sees with scripts/env.sh's empty defaults
    with FakeGraphAPI() as fake:
        for name in fake.env():
            monkeypatch.setenv(name, "")
    channels = create_http_input_channels(None, str(PROJECT_DIR / "credentials.yml"))
    [channel] = [c for c in channels if c.name() == "whatsapp"]
    assert isinstance(channel, WhatsAppInput) and channel.config.missing


def test_a_delivery_nested_thousands_deep_is_refused_with_a_reason():
    body = ('{"entry": ' + "[" * 5000 + "]" * 5000 + "}").encode()
    with pytest.raises(WebhookError):
        parse_delivery(body, "123")
