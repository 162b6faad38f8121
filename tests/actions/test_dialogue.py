import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue import ActionGreet
from tests.conftest import make_tracker, user_event


def greet(*events):
    dispatcher = CollectingDispatcher()
    events_out = asyncio.run(ActionGreet().run(dispatcher, make_tracker(list(events)), {}))
    return dispatcher.messages, events_out


def test_greets_with_the_office_name_in_the_citizens_language():
    [message], _ = greet(user_event("Hello", "en"))
    assert message["response"] == "utter_greet"
    assert message["office_name"] == "immigration office of Musterhausen District"


def test_greets_in_german_when_the_language_is_unknown():
    [message], _ = greet(user_event("hi", None))
    assert message["office_name"] == "Ausländerbehörde des Landkreises Musterhausen"
