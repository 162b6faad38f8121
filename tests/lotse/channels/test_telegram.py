"""What Lotse reads from Telegram's updates and how its answers look there."""

import json

import pytest

from lotse.channels.telegram import TelegramConfig, UpdateError, callback_data, parse_update
from tests.lotse.channels.fake_bot_api import tap, text, update


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
