"""The faster check of action server answers accepts and rejects what Rasa's own check does."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import lotse.nlg  # noqa: F401 (installs the faster check, as the Rasa server does)
from lotse import speedups

VALID = {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"text": "Hi"}]}
INVALID = [{"events": "not a list"}, {"events": [{"no_event_key": 1}]}, {"responses": [1]}]


def test_the_server_uses_the_faster_check():
    assert RemoteAction._validate_action_result is speedups._validate_action_result


def test_valid_answers_pass_like_before():
    action = RemoteAction("action_x", None)
    assert action._validate_action_result(VALID) is True
    assert speedups._original(action, VALID) is True


@pytest.mark.parametrize("answer", INVALID)
def test_invalid_answers_are_rejected_like_before(answer):
    action = RemoteAction("action_x", None)
    with pytest.raises(ValidationError):
        speedups._original(action, answer)
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(answer)
