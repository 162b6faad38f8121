"""What Lotse reads from Telegram's updates and how its answers look there."""

import asyncio
import json

import pytest

from lotse.channels import retries
from lotse.channels.telegram import (
    BotApi,
    TelegramConfig,
    UpdateError,
    callback_data,
    parse_update,
)
from tests.lotse.channels.fake_bot_api import ACCESS_TOKEN, FakeBotAPI, tap, text, update


def parsed(payload):
    return parse_update(json.dumps(payload).encode())


def test_text_taps_and_unreadable_messages():
    assert parsed(text(42, "  Hallo  ")).text == "Hallo"
    tapped = parsed(tap(42, '/inform{"service":"extension"}'))
    assert (tapped.chat_id, tapped.text) == (42, '/inform{"service":"extension"}')
    assert tapped.callback_id
    assert parsed(update(42, photo=[{"file_id": "x"}])).text is None  # answered politely
    assert parsed({"update_id": 7, "my_chat_member": {}}) is None  # nothing to answer
    assert len(parsed(text(42, "x" * 5000)).text) == 2000  # the channels' limit


@pytest.mark.parametrize("body", [b"{", b"[]", b'{"update_id": "7"}',
                                  b'{"update_id": 7, "message": {"text": "hi"}}',
                                  b'{"update_id": 7, "message": {"chat": {"id": true}}}'])
def test_malformed_updates_are_refused(body):
    with pytest.raises(UpdateError):
        parse_update(body)


def test_a_payload_longer_than_telegram_allows_is_sent_as_its_title():
    assert callback_data({"title": "Ja", "payload": "/affirm"}) == "/affirm"
    long = {"title": "Verlängerung", "payload": '/inform{"service":"' + "x" * 80 + '"}'}
    assert callback_data(long) == "Verlängerung"


def test_the_channel_is_off_until_token_webhook_and_secret_are_set():
    assert TelegramConfig.from_credentials({"access_token": "1:a", "webhook_url": ""}).missing \
        == ["webhook_url", "secret_token"]
    assert not TelegramConfig.from_credentials(
        {"access_token": "1:a", "webhook_url": "https://x", "secret_token": "s"}).missing


@pytest.fixture
def bot_api():
    fake = FakeBotAPI().start()
    yield fake
    fake.stop()


def send(fake, chat_id, message):
    async def run():
        api = BotApi(TelegramConfig(access_token=ACCESS_TOKEN, api_url=fake.url))
        try:
            return await api.call("sendMessage", {"chat_id": chat_id, "text": message})
        finally:
            await api.close()

    return asyncio.run(run())


def test_an_answer_refused_by_flood_control_arrives_after_the_wait(bot_api, monkeypatch):
    waits = []

    async def sleep(seconds):
        waits.append(seconds)

    monkeypatch.setattr(retries.asyncio, "sleep", sleep)
    bot_api.flood_next(times=2, retry_after=3)
    assert send(bot_api, 42, "Ihr Termin ist gebucht.")
    assert [m["text"] for m in bot_api.sent(42)] == ["Ihr Termin ist gebucht."]
    assert waits == [3.0, 3.0]  # as long as Telegram asked


def test_an_answer_telegram_keeps_refusing_is_logged_without_its_text(bot_api, monkeypatch,
                                                                         caplog):
    monkeypatch.setattr(retries, "BACKOFF_SECONDS", 0.01)
    bot_api.flood_next(times=3, retry_after=0)
    assert not send(bot_api, 43, "Ihre Nummer 0176 1234567")
    assert bot_api.refused == [429, 429, 429] and not bot_api.sent(43)
    assert "Telegram sendMessage not sent after 3 attempt(s): HTTP 429, error 429" in caplog.text
    assert "0176" not in caplog.text and ACCESS_TOKEN not in caplog.text
