"""What the bot's answers look like on WhatsApp, and how they are sent to the Graph API
(a real loopback server: fake_graph_api.py)."""

import asyncio
import json

import pytest

from lotse.channels import retries
from lotse.channels.retries import retry_delay
from lotse.channels.whatsapp_output import (
    GraphClient,
    WhatsAppOutput,
    button_payloads,
    split_text,
    text_payloads,
)
from tests.lotse.channels.fake_graph_api import ACCESS_TOKEN, API_VERSION, PHONE_NUMBER_ID, options
from tests.support import free_port


def test_a_long_text_is_split_at_sentences_within_the_limit():
    sentence = "Bitte bringen Sie Ihren Pass und ein aktuelles biometrisches Foto mit. "
    long_text = sentence * 150  # 10 650 characters
    pieces = split_text(long_text)
    assert len(pieces) == 3 and all(len(p) <= 4096 for p in pieces)
    assert all(p.endswith("mit.") for p in pieces)
    assert " ".join(pieces) == long_text.strip()


def test_a_paragraph_break_is_preferred_and_a_word_is_cut_only_without_spaces():
    text_ = "Erster Absatz. " * 200 + "\n\n" + "Zweiter Absatz. " * 100
    assert split_text(text_)[0] == ("Erster Absatz. " * 200).strip()
    assert [len(p) for p in split_text("x" * 5000)] == [4096, 904]
    assert split_text("  kurz  ") == ["kurz"] and split_text("   ") == []


def test_links_get_a_preview():
    [with_link] = text_payloads("Formulare: https://example.org/antrag")
    [without] = text_payloads("Keine Adresse")
    assert with_link["text"]["preview_url"] and not without["text"]["preview_url"]


SERVICES = [
    ("Verlängerung der Aufenthaltserlaubnis", '/inform{"service":"extension"}'),
    ("Abholung eAT", '/inform{"service":"pickup"}'),
    ("Niederlassungserlaubnis", '/inform{"service":"settlement"}'),
    ("Blaue Karte EU", '/inform{"service":"blue_card"}'),
]


def buttons(pairs):
    return [{"title": title, "payload": payload} for title, payload in pairs]


def test_up_to_three_options_become_reply_buttons_with_short_titles():
    [payload] = button_payloads("Wofür brauchen Sie den Termin?", buttons(SERVICES[:3]))
    interactive = payload["interactive"]
    assert interactive["type"] == "button"
    assert interactive["body"] == {"text": "Wofür brauchen Sie den Termin?"}
    assert options(payload) == [
        {"id": '/inform{"service":"extension"}', "title": "Verlängerung der Au…"},
        {"id": '/inform{"service":"pickup"}', "title": "Abholung eAT"},
        {"id": '/inform{"service":"settlement"}', "title": "Niederlassungserlau…"},
    ]
    assert all(len(o["title"]) <= 20 for o in options(payload))


def test_more_options_become_a_list_with_the_full_title_below():
    [payload] = button_payloads("Wofür brauchen Sie den Termin?", buttons(SERVICES))
    assert payload["interactive"]["type"] == "list"
    assert payload["interactive"]["action"]["button"] == "Optionen / Options"
    first = options(payload)[0]
    assert first == {
        "id": '/inform{"service":"extension"}',
        "title": "Verlängerung der Aufent…",
        "description": "Verlängerung der Aufenthaltserlaubnis",
    }
    assert "description" not in options(payload)[1]


def test_a_list_has_at_most_ten_rows_and_ids_within_the_limits():
    many = [(f"Option {i}", f"/choose{{\"n\":{i}}}") for i in range(12)]
    many[0] = ("Lange Nutzlast", "/inform" + json.dumps({"x": "y" * 300}))
    [payload] = button_payloads("Bitte wählen", buttons(many))
    rows = options(payload)
    assert len(rows) == 10 and rows[0]["id"] == "Lange Nutzlast"  # the title stands in
    assert all(len(r["id"]) <= 200 and len(r["title"]) <= 24 for r in rows)


def test_a_long_text_with_buttons_goes_ahead_as_text():
    intro = "Für die Verlängerung brauchen Sie Ihren Pass und Ihr Foto. " * 40
    *head, last = button_payloads(intro + "Möchten Sie einen Termin?", buttons(SERVICES[:2]))
    assert [p["type"] for p in head] == ["text"] and last["type"] == "interactive"
    body = last["interactive"]["body"]["text"]
    assert len(body) <= 1024 and body.endswith("Möchten Sie einen Termin?")
    assert head[0]["text"]["body"] + " " + body == (intro + "Möchten Sie einen Termin?")


# --- sending through the Graph API ---------------------------------------------------------


def send_text(url, recipient, text_):
    async def run():
        client = GraphClient(f"{url}/{API_VERSION}/{PHONE_NUMBER_ID}/messages", ACCESS_TOKEN)
        try:
            await WhatsAppOutput(client).send_text_message(recipient, text_)
        finally:
            await client.close()

    asyncio.run(run())


@pytest.fixture
def quick_retries(monkeypatch):
    monkeypatch.setattr(retries, "BACKOFF_SECONDS", 0.01)


def statuses(graph, to):
    return [r.status for r in graph.requests if r.body.get("to") == to]


def test_a_429_is_retried_and_the_message_arrives(graph, quick_retries):
    graph.fail_next(429, retry_after="1")
    send_text(graph.url, "4915100000020", "Hallo")
    assert statuses(graph, "4915100000020") == [429, 200]
    assert graph.texts("4915100000020") == ["Hallo"]


def test_server_errors_are_given_up_after_three_attempts(graph, quick_retries, caplog):
    graph.fail_next(503, times=3)
    send_text(graph.url, "4915100000021", "Hallo")
    assert statuses(graph, "4915100000021") == [503, 503, 503]
    assert "not sent after 3 attempt(s): HTTP 503 (Graph API error 130429)" in caplog.text


def test_a_client_error_is_not_retried(graph, quick_retries):
    graph.fail_next(400)
    send_text(graph.url, "4915100000022", "Hallo")
    assert statuses(graph, "4915100000022") == [400]


def test_an_unreachable_graph_api_is_retried_then_logged(quick_retries, caplog):
    send_text(f"http://127.0.0.1:{free_port()}", "4915100000023", "Hallo")
    assert "not sent after 3 attempt(s): ClientConnectorError" in caplog.text


def test_retry_after_is_honoured_up_to_a_few_seconds():
    assert retry_delay("2", 0.5) == 2.0
    assert retry_delay("3600", 0.5) == retries.MAX_RETRY_AFTER
    assert retry_delay("Wed, 21 Oct 2015 07:28:00 GMT", 0.5) == 0.5
    assert retry_delay(None, 0.5) == 0.5


def test_labelled_links_read_as_words_with_each_url_once_at_the_end(graph):
    law = "https://www.gesetze-im-internet.de/aufenthv/__44.html"
    send_text(graph.url, "4915100000030",
              f"Die Gebühr: 100 Euro. Rechtsgrundlage: [§ 44 AufenthV]({law}); "
              f"siehe auch [§ 44 AufenthV]({law}).")
    [text] = graph.texts("4915100000030")
    assert text == ("Die Gebühr: 100 Euro. Rechtsgrundlage: § 44 AufenthV; siehe auch"
                    f" § 44 AufenthV.\n\n§ 44 AufenthV: {law}")
