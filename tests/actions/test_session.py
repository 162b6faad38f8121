import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.session import ActionSessionStart
from tests.conftest import make_tracker


def start(slots):
    events = asyncio.run(
        ActionSessionStart().run(CollectingDispatcher(), make_tracker([], slots), {})
    )
    return [e for e in events if e["event"] == "slot"], events


def test_the_widgets_language_becomes_the_conversation_language():
    slots, events = start({"session_started_metadata": {"language": "EN"}})
    assert {"name": "language", "value": "en"}.items() <= slots[-1].items()
    assert events[0]["event"] == "session_started"
    assert events[-1]["name"] == "action_listen"


def test_an_unsupported_language_from_the_widget_is_ignored():
    slots, _ = start({"session_started_metadata": {"language": "xx"}})
    assert slots == []


def test_a_new_session_keeps_the_language_chosen_before():
    slots, _ = start({"language": "en", "session_started_metadata": None})
    assert [(s["name"], s["value"]) for s in slots] == [("language", "en")]


def test_the_widget_of_an_office_website_makes_that_office_answer():
    slots, _ = start({"session_started_metadata": {"office": "stadt-musterstadt"}})
    assert [(s["name"], s["value"]) for s in slots] == [("office_id", "stadt-musterstadt")]
    unknown, _ = start({"session_started_metadata": {"office": "somewhere-else"}})
    assert unknown == []
