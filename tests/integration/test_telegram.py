"""Telegram conversations with a running Lotse: updates as Telegram posts them to the webhook
(with the secret token Lotse registered), the answers arriving at a loopback Bot API
(tests/lotse/channels/fake_bot_api.py)."""

import re
import time

import requests

from lotse import identities
from lotse.channels.common import ONLY_TEXT_REPLY
from tests.lotse.channels.fake_bot_api import (
    SECRET_TOKEN,
    WEBHOOK_URL,
    answers,
    buttons,
    secret_headers,
    tap,
    text,
    update,
)


def post(stack, payload, headers=None) -> requests.Response:
    return requests.post(f"{stack.url}/webhooks/telegram/webhook", json=payload,
                         headers=headers or secret_headers(), timeout=10)


def user_turns(stack, chat_id):
    events = stack.tracker(identities.telegram(chat_id))["events"]
    answered = bool(events) and events[-1].get("name") == "action_listen"
    return sum(e["event"] == "user" for e in events), answered


def say(stack, chat_id, payload):
    """Posts one update and returns what the bot sent back once it has answered."""
    turns, _ = user_turns(stack, chat_id)
    already = len(stack.bot_api.sent(chat_id))
    assert post(stack, payload).status_code == 200
    deadline = time.monotonic() + 30
    while user_turns(stack, chat_id) != (turns + 1, True):
        assert time.monotonic() < deadline, "the bot did not answer in time"
        time.sleep(0.2)
    return stack.bot_api.sent(chat_id)[already:]


def test_lotse_registers_its_webhook_with_the_secret_at_start(stack):
    [registration] = [c.body for c in stack.bot_api.calls if c.method == "setWebhook"]
    assert registration["url"] == WEBHOOK_URL
    assert registration["secret_token"] == SECRET_TOKEN
    assert "callback_query" in registration["allowed_updates"]


def test_a_question_and_a_booking_through_buttons(stack):
    chat_id = 700000001
    hours = answers(say(stack, chat_id, text(chat_id, "Wann habt ihr geöffnet?")))
    assert "Öffnungszeiten" in hours

    asked = say(stack, chat_id, text(chat_id, "Ich brauche einen Termin"))
    assert "Wofür brauchen Sie den Termin?" in answers(asked)
    [extension] = [b for b in buttons(asked[-1])
                   if b["text"] == "Verlängerung der Aufenthaltserlaubnis"]
    assert extension["callback_data"] == '/inform{"service":"extension"}'
    assert say(stack, chat_id, tap(chat_id, extension["callback_data"]))

    offered = say(stack, chat_id, text(chat_id, "so bald wie möglich"))
    times = buttons(offered[-1])
    assert 2 <= len(times) <= 6 and times[-1]["text"] == "Andere Tage"
    booked = answers(say(stack, chat_id, tap(chat_id, times[0]["callback_data"])))
    assert re.search(r"Buchungsnummer: T-[0-9A-Z]{4}-[0-9A-Z]{4}", booked)
    # each tap's spinner was stopped
    assert len([c for c in stack.bot_api.calls if c.method == "answerCallbackQuery"]) >= 2


def test_links_read_as_words_with_the_urls_at_the_end(stack):
    chat_id = 700000002
    sent = answers(say(stack, chat_id, text(chat_id, "Was brauche ich für die Blaue Karte?")))
    assert "[§" not in sent and "](" not in sent
    assert re.search(r"§ 18g AufenthG: https://www\.gesetze-im-internet\.de/", sent)


def test_a_sticker_or_photo_gets_the_polite_answer(stack):
    chat_id = 700000003
    sticker = update(chat_id, sticker={"file_id": "CAACAgIAAxk", "emoji": "👍"})
    assert post(stack, sticker).status_code == 200
    stack.bot_api.wait_for(lambda: answers(stack.bot_api.sent(chat_id)) == ONLY_TEXT_REPLY)
    assert user_turns(stack, chat_id)[0] == 0  # the bot never saw it


def test_updates_without_the_secret_reach_no_one(stack):
    chat_id = 700000004
    payload = text(chat_id, "Hallo")
    assert post(stack, payload, headers=secret_headers(None)).status_code == 401
    assert post(stack, payload, headers=secret_headers("guess")).status_code == 401
    assert post(stack, {"update_id": "x"}).status_code == 400
    time.sleep(1)
    assert user_turns(stack, chat_id)[0] == 0 and stack.bot_api.sent(chat_id) == []


def test_a_repeated_update_is_answered_once_and_the_chat_id_is_not_stored(stack):
    chat_id = 700000005
    hello = text(chat_id, "Hallo")
    assert post(stack, hello).status_code == 200
    assert post(stack, hello).status_code == 200  # Telegram's retry: the same update id
    stack.bot_api.wait_for(lambda: len(stack.bot_api.sent(chat_id)) >= 1)
    time.sleep(1)
    assert user_turns(stack, chat_id) == (1, True)
    assert str(chat_id) not in str(stack.tracker(identities.telegram(chat_id)))
