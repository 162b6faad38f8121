"""Facebook Messenger conversations with a running Lotse: signed deliveries as Meta posts them
for a page, the answers arriving at a loopback Graph API's Send API
(tests/lotse/channels/fake_graph_api.py)."""

import re
import time

import requests

from lotse import identities
from lotse.channels.common import ONLY_TEXT_REPLY
from tests.lotse.channels.fake_graph_api import (
    VERIFY_TOKEN,
    messenger_delivery,
    messenger_event,
    messenger_tap,
    messenger_text,
    signed,
)


def deliver(stack, payload, headers=None) -> requests.Response:
    body, signed_headers = signed(payload)
    return requests.post(f"{stack.url}/webhooks/messenger/webhook", data=body,
                         headers=headers or signed_headers, timeout=10)


def user_turns(stack, psid):
    events = stack.tracker(identities.messenger(psid))["events"]
    answered = bool(events) and events[-1].get("name") == "action_listen"
    return sum(e["event"] == "user" for e in events), answered


def say(stack, psid, event):
    """Delivers one event and returns the messages the bot sent back once it has answered."""
    turns, _ = user_turns(stack, psid)
    already = len(stack.messenger.messages(psid))
    assert deliver(stack, messenger_delivery(event)).status_code == 200
    deadline = time.monotonic() + 30
    while user_turns(stack, psid) != (turns + 1, True):
        assert time.monotonic() < deadline, "the bot did not answer in time"
        time.sleep(0.2)
    return stack.messenger.messages(psid)[already:]


def texts(sent):
    return "\n".join(m["text"] for m in sent)


def test_a_question_and_a_booking_through_quick_replies(stack):
    psid = "6100000000000001"
    assert "Öffnungszeiten" in texts(say(stack, psid, messenger_text(psid, "Öffnungszeiten?")))

    asked = say(stack, psid, messenger_text(psid, "Ich brauche einen Termin"))
    assert "Wofür brauchen Sie den Termin?" in texts(asked)
    replies = asked[-1]["quick_replies"]
    assert all(len(r["title"]) <= 20 for r in replies)
    [extension] = [r for r in replies if r["payload"] == '/inform{"service":"extension"}']
    assert say(stack, psid, messenger_tap(psid, extension["title"], extension["payload"]))

    offered = say(stack, psid, messenger_text(psid, "so bald wie möglich"))
    times = offered[-1]["quick_replies"]
    assert 2 <= len(times) <= 6 and times[-1]["title"] == "Andere Tage"
    booked = texts(say(stack, psid, messenger_tap(psid, times[0]["title"],
                                                  times[0]["payload"])))
    assert re.search(r"Buchungsnummer: T-[0-9A-Z]{4}-[0-9A-Z]{4}", booked)


def test_links_read_as_words_with_the_urls_at_the_end(stack):
    psid = "6100000000000002"
    sent = texts(say(stack, psid, messenger_text(psid, "Was brauche ich für die Blaue Karte?")))
    assert "[§" not in sent and re.search(r"§ 18g AufenthG: https://www\.gesetze-im-", sent)


def test_a_photo_gets_the_polite_answer(stack):
    psid = "6100000000000003"
    photo = messenger_event(psid, message={"mid": "m_photo", "attachments": [
        {"type": "image", "payload": {"url": "https://scontent.example/x.jpg"}}]})
    assert deliver(stack, messenger_delivery(photo)).status_code == 200
    stack.messenger.wait_for_messages(psid, 1)
    assert texts(stack.messenger.messages(psid)) == ONLY_TEXT_REPLY
    assert user_turns(stack, psid)[0] == 0


def test_unsigned_deliveries_reach_no_one_and_meta_gets_its_challenge(stack):
    psid = "6100000000000004"
    payload = messenger_delivery(messenger_text(psid, "Hallo"))
    assert deliver(stack, payload, headers={"Content-Type": "application/json"}).status_code \
        == 401
    assert deliver(stack, payload, headers=signed(payload, "guess")[1]).status_code == 403
    url = f"{stack.url}/webhooks/messenger/webhook"
    query = {"hub.mode": "subscribe", "hub.challenge": "31337"}
    right = requests.get(url, params={**query, "hub.verify_token": VERIFY_TOKEN}, timeout=10)
    wrong = requests.get(url, params={**query, "hub.verify_token": "guess"}, timeout=10)
    assert (right.status_code, right.text, wrong.status_code) == (200, "31337", 403)
    time.sleep(1)
    assert user_turns(stack, psid)[0] == 0 and stack.messenger.messages(psid) == []


def test_a_repeated_delivery_is_answered_once_and_the_sender_id_is_not_stored(stack):
    psid = "6100000000000005"
    hello = messenger_delivery(messenger_text(psid, "Hallo"))
    assert deliver(stack, hello).status_code == 200
    assert deliver(stack, hello).status_code == 200  # Meta's retry: the same mid
    stack.messenger.wait_for_messages(psid, 1)
    time.sleep(1)
    assert user_turns(stack, psid) == (1, True)
    assert psid not in str(stack.tracker(identities.messenger(psid)))
