"""The REST webhook of a running Lotse, as a website or a curl user meets it."""

import requests


def test_hallo_gets_a_german_greeting_from_the_action_server(stack):
    [text] = stack.texts("rest-de", "Hallo")
    assert "Ausländerbehörde des Landkreises Musterhausen" in text  # office name: action server


def test_an_english_conversation_is_answered_in_english(stack):
    [text] = stack.texts("rest-en", "Hello, I have a question")
    assert "immigration office of Musterhausen District" in text
    [text] = stack.texts("rest-en", "are you a bot?")
    assert "not a person" in text


def test_the_conversation_is_kept_across_requests(stack):
    stack.texts("rest-memory", "Hello there")
    tracker = stack.tracker("rest:rest-memory")
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == ["Hello there"]


def test_empty_text_is_refused_with_a_reason(stack):
    response = stack.send("rest-bad", "   ")
    assert response.status_code == 400
    assert "message" in response.json()["error"]


def test_a_100_kb_text_is_refused_with_the_limit(stack):
    response = stack.send("rest-bad", "x" * 100_000)
    assert response.status_code == 413
    assert "2000" in response.json()["error"]


def test_invalid_json_is_refused_with_a_reason(stack):
    response = requests.post(
        f"{stack.url}/webhooks/rest/webhook",
        data='{"sender": "rest-bad", "message": ',
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 400
    assert "JSON" in response.json()["error"]


def test_a_request_without_sender_is_refused(stack):
    response = requests.post(
        f"{stack.url}/webhooks/rest/webhook", json={"message": "Hallo"}, timeout=10
    )
    assert response.status_code == 400
    assert "sender" in response.json()["error"]


def test_the_server_keeps_answering_after_bad_requests(stack):
    for payload in ("", "[1, 2]", '{"sender": 5, "message": []}', "\xff\xfe"):
        requests.post(f"{stack.url}/webhooks/rest/webhook", data=payload, timeout=10)
    assert stack.texts("rest-after", "Guten Tag")


def test_malformed_text_and_metadata_get_a_sentence_not_a_server_error(stack):
    url = f"{stack.url}/webhooks/rest/webhook"
    headers = {"Content-Type": "application/json"}
    surrogate = requests.post(url, data='{"sender": "rest-bad", "message": "Hallo \\ud800"}',
                              headers=headers, timeout=10)
    assert surrogate.status_code == 400 and "characters" in surrogate.json()["error"]
    deep = '{"sender": "rest-bad", "message": "Hallo", "metadata": ' + '{"a": ' * 900 + "1" + \
        "}" * 900 + "}"
    nested = requests.post(url, data=deep, headers=headers, timeout=10)
    assert nested.status_code in (400, 413) and "error" in nested.json()
