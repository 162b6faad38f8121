"""WhatsApp conversations with a running Lotse: signed webhook deliveries as Meta posts them,
the answers arriving at a loopback Graph API (tests/lotse/channels/fake_graph_api.py)."""

import re
import time

import requests

from lotse import identities
from lotse.channels.common import ONLY_TEXT_REPLY
from tests.lotse.channels.fake_graph_api import (
    VERIFY_TOKEN,
    answers,
    delivery,
    message,
    options,
    signed,
    tap,
    text,
)


def deliver(stack, payload, headers=None) -> requests.Response:
    body, signed_headers = signed(payload)
    return requests.post(
        f"{stack.url}/webhooks/whatsapp/webhook", data=body,
        headers=headers or signed_headers, timeout=10,
    )


def user_turns(stack, wa_id):
    """How many messages of the citizen are in the conversation, and if all are answered."""
    events = stack.tracker(identities.whatsapp(wa_id))["events"]
    answered = bool(events) and events[-1].get("name") == "action_listen"
    return sum(e["event"] == "user" for e in events), answered


def wait_until_answered(stack, wa_id, turns, timeout=30):
    deadline = time.monotonic() + timeout
    while user_turns(stack, wa_id) != (turns, True):
        assert time.monotonic() < deadline, "the bot did not answer in time"
        time.sleep(0.2)


def say(stack, wa_id, incoming):
    """Delivers one message and returns what the bot sent back once it has answered."""
    turns, _ = user_turns(stack, wa_id)
    already = len(stack.graph.sent(wa_id))
    assert deliver(stack, delivery(incoming)).status_code == 200
    wait_until_answered(stack, wa_id, turns + 1)
    return stack.graph.sent(wa_id)[already:]


def interactive(sent):
    [last] = [m for m in sent if m["type"] == "interactive"]
    return last


def test_book_an_appointment_over_whatsapp(stack):
    wa_id = "4915112340001"
    asked = say(stack, wa_id, text(wa_id, "Ich brauche einen Termin"))
    menu = interactive(asked)
    assert menu["interactive"]["type"] == "list"  # 8 services: more than 3 buttons
    assert "Wofür brauchen Sie den Termin?" in answers(asked)
    [extension] = [
        row for row in options(menu)
        if row.get("description", row["title"]) == "Verlängerung der Aufenthaltserlaubnis"
    ]
    assert extension["id"] == '/inform{"service":"extension"}'
    assert say(stack, wa_id, tap(wa_id, extension["id"], "list_reply"))

    offered = interactive(say(stack, wa_id, text(wa_id, "so bald wie möglich")))
    times = options(offered)
    assert 2 <= len(times) <= 6 and times[-1]["title"] == "Andere Tage"
    kind = "button_reply" if offered["interactive"]["type"] == "button" else "list_reply"
    booked = answers(say(stack, wa_id, tap(wa_id, times[0]["id"], kind)))
    # the calendar itself is checked over REST in test_forms.py
    assert re.search(r"Buchungsnummer: T-[0-9A-Z]{4}-[0-9A-Z]{4}", booked)
    assert "Verlängerung der Aufenthaltserlaubnis" in booked


def test_meta_gets_the_challenge_for_the_right_verify_token(stack):
    url = f"{stack.url}/webhooks/whatsapp/webhook"
    query = {"hub.mode": "subscribe", "hub.challenge": "8472"}
    right = requests.get(url, params={**query, "hub.verify_token": VERIFY_TOKEN}, timeout=10)
    wrong = requests.get(url, params={**query, "hub.verify_token": "guess"}, timeout=10)
    assert (right.status_code, right.text, wrong.status_code) == (200, "8472", 403)


def test_a_delivery_with_a_bad_signature_reaches_no_one(stack):
    wa_id = "4915112340002"
    payload = delivery(text(wa_id, "Hallo"))
    unsigned = {"Content-Type": "application/json"}
    assert deliver(stack, payload, headers=unsigned).status_code == 401
    assert deliver(stack, payload, headers=signed(payload, "guess")[1]).status_code == 403
    # refused before anything is scheduled: no turn, no answer
    assert user_turns(stack, wa_id)[0] == 0 and stack.graph.sent(wa_id) == []
    assert say(stack, wa_id, text(wa_id, "Guten Tag"))
    assert user_turns(stack, wa_id) == (1, True)


def test_a_repeated_delivery_is_answered_once(stack):
    wa_id = "4915112340003"
    hello = delivery(text(wa_id, "Hallo"))
    assert deliver(stack, hello).status_code == 200
    assert deliver(stack, hello).status_code == 200  # Meta's retry: the same message id
    wait_until_answered(stack, wa_id, 1)
    [greeting] = stack.graph.sent(wa_id)
    assert "Ausländerbehörde des Landkreises Musterhausen" in answers([greeting])


def test_a_photo_gets_the_polite_answer(stack):
    wa_id = "4915112340004"
    photo = message(wa_id, "image", {"id": "1479537139650973", "mime_type": "image/jpeg"})
    assert deliver(stack, delivery(photo)).status_code == 200
    stack.graph.wait_for(lambda m: answers([m]) == ONLY_TEXT_REPLY, to=wa_id)
    assert user_turns(stack, wa_id)[0] == 0  # the bot never saw it


def test_an_answer_arrives_although_the_graph_api_first_says_429(stack):
    wa_id = "4915112340005"
    stack.graph.fail_next(429, retry_after="1")
    assert say(stack, wa_id, text(wa_id, "Hallo"))
    assert [r.status for r in stack.graph.requests if r.body.get("to") == wa_id] == [429, 200]


def test_a_rest_client_naming_her_number_cannot_continue_her_conversation(stack):
    """The WhatsApp citizen's half-filled contact request stays hers: a REST request with her
    number as sender lands in a conversation of its own, and the number is nowhere stored."""
    wa_id = "4915112340009"
    assert say(stack, wa_id, text(wa_id, "Ich möchte einer Sachbearbeiterin schreiben"))
    assert stack.texts(wa_id, "Mallory Angreifer")  # answered, in a conversation of its own
    rest = stack.tracker(f"rest:{wa_id}")["events"]
    assert [e["text"] for e in rest if e["event"] == "user"] == ["Mallory Angreifer"]
    assert not [e for e in stack.tracker(wa_id)["events"] if e["event"] == "user"]
    tracker = stack.tracker(identities.whatsapp(wa_id))
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == [
        "Ich möchte einer Sachbearbeiterin schreiben"]
    assert wa_id not in str(tracker)
