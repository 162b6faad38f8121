"""The faster check of action server answers accepts and rejects what Rasa's own check does."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import lotse.nlg  # noqa: F401 (installs the faster check, as the Rasa server does)
from lotse import speedups

VALID = [
    {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"text": "Hi"}]},
    {},
    {"events": [], "responses": []},
    # what Lotse's forms answer: loop, slots, a bot message with buttons, a follow-up
    {"events": [{"event": "active_loop", "name": "appointment_form"},
                {"event": "slot", "name": "requested_slot", "value": "service", "timestamp": None},
                {"event": "bot", "text": "Wählen Sie", "data": {"buttons": []}, "metadata": {}},
                {"event": "followup", "name": "action_listen"},
                {"event": "action_execution_rejected", "name": "appointment_form"}],
     "responses": [{"text": "x", "buttons": [{"title": "a", "payload": "/a"}]}]},
    {"events": [{"event": "user", "text": "hi", "parse_data": {
        "intent": {"name": "greet", "confidence": 1.0},
        "entities": [{"entity": "country", "value": "TR", "start": 0, "end": 2}]}}]},
    {"events": [{"event": "reminder", "intent": "x", "date_time": "2026-12-01T10:00:00"}]},
]
INVALID = [
    [],  # not an object
    {"events": "not a list"},
    {"events": [{"no_event_key": 1}]},
    {"events": [1]},
    {"responses": [1]},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot", "name": 5}]},  # a slot's name is a string
    {"events": [{"event": "slot", "name": "x", "timestamp": "today"}]},
    {"events": [{"event": "user", "parse_data": {"entities": [{"entity": "x"}]}}]},  # no value
    {"events": [{"event": "slot", "name": "x"}, {"event": 7}]},
]


def test_the_server_uses_the_faster_check():
    assert RemoteAction._validate_action_result is speedups._validate_action_result


@pytest.mark.parametrize("answer", VALID)
def test_valid_answers_pass_like_before(answer):
    action = RemoteAction("action_x", None)
    assert speedups._original(action, answer) is True
    assert action._validate_action_result(answer) is True


@pytest.mark.parametrize("answer", INVALID)
def test_invalid_answers_are_rejected_like_before(answer):
    action = RemoteAction("action_x", None)
    with pytest.raises(ValidationError):
        speedups._original(action, answer)
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(answer)
