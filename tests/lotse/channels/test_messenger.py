"""What Lotse reads from Messenger deliveries and how its answers look there."""

import json

import pytest

from lotse.channels.messenger import WebhookError, parse_delivery
from tests.lotse.channels.fake_graph_api import (
    messenger_delivery,
    messenger_event,
    messenger_tap,
    messenger_text,
)


def parsed(*events):
    return parse_delivery(json.dumps(messenger_delivery(*events)).encode())


def test_text_quick_replies_postbacks_and_unreadable_messages():
    [typed, tapped, postback, photo] = parsed(
        messenger_text("61", " Hallo "),
        messenger_tap("61", "Verlängerung", '/inform{"service":"extension"}'),
        messenger_event("61", postback={"mid": "m_p", "title": "Start", "payload": "/greet"}),
        messenger_event("61", message={"mid": "m_i", "attachments": [{"type": "image"}]}),
    )
    assert (typed.sender, typed.text) == ("61", "Hallo")
    assert tapped.text == '/inform{"service":"extension"}'  # the payload, not the title
    assert postback.text == "/greet" and photo.text is None
    # the page's own answers (echoes) and receipts are nothing to answer
    assert parsed(messenger_event("61", message={"mid": "m_e", "is_echo": True, "text": "x"}),
                  messenger_event("61", read={"watermark": 1})) == []


@pytest.mark.parametrize("body", [b"{", b'{"entry": 1}', b'{"entry": [{"messaging": 1}]}',
                                  b'{"entry": [{"messaging": [{"sender": {"id": "x"}, '
                                  b'"message": {"mid": "m", "text": "hi"}}]}]}'])
def test_malformed_deliveries_are_refused(body):
    with pytest.raises(WebhookError):
        parse_delivery(body)
