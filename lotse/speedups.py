"""A faster check of the action server's answers, same rules.

Rasa 3.6 checks every answer of the action server with `jsonschema.validate`, which first
checks the schema itself and builds a new validator on every call: about 70 ms per action on
2 cores, a third of a form turn (docs/benchmarks.md). The validators are built once here, and
each event is checked against the schema of its own type: Rasa's schema lists the 23 event
types under `oneOf`, which tries every one of them for every event. Each type has its own
`event` constant, so "exactly one matches" is "the one with this constant matches".
Installed when the Rasa server loads Lotse's response generator (lotse/nlg.py).
"""

import copy
from functools import lru_cache
from typing import Any, Dict, Tuple

from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction

_original = RemoteAction._validate_action_result


@lru_cache(maxsize=1)
def _validators() -> Tuple[Any, Dict[str, Any], Any]:
    """The answer without its events' types, each event type, and any event (oneOf)."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    event = schema["properties"]["events"]["items"]
    common = {key: value for key, value in event.items() if key != "oneOf"}
    answer = copy.deepcopy(schema)
    answer["properties"]["events"]["items"] = common
    by_type = {one["properties"]["event"]["const"]: validator_class({**common, "allOf": [one]})
               for one in event["oneOf"]}
    return validator_class(answer), by_type, validator_class(event)


def _validate(result: Any) -> None:
    answer, by_type, any_event = _validators()
    answer.validate(result)  # an object; events, if any, a list of objects with an `event`
    for event in result.get("events") or []:
        # an unknown type fails against all of them, with jsonschema's usual message
        by_type.get(event["event"], any_event).validate(event)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    try:
        _validate(result)
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            "from the Action endpoint is valid."
        )
        raise
    return True


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
