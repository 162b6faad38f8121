"""A "yes" outside a form answers Lotse's last question instead of "I did not understand"."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions import settings
from actions.feedback import actions as feedback_actions
from actions.yes import ActionAnswerYes
from tests.conftest import make_tracker, user_event

NEXT_STEP = {"event": "bot", "text": "How would you like to continue?",
             "metadata": {"utter_action": "utter_next_step"},
             "data": {"buttons": [
                 {"title": "Make an appointment",
                  "payload": '/book_appointment{"service":"card_pickup"}'},
                 {"title": "Talk to the office", "payload": "/request_human"}]}}
RATING = {"event": "bot", "text": "Was this answer helpful?",
          "metadata": {"utter_action": "utter_ask_feedback"},
          "data": {"buttons": [{"title": "👍 Yes", "payload": "/feedback_positive"},
                               {"title": "👎 No", "payload": "/feedback_negative"}]}}
COMPLAINT = {"event": "bot", "text": "Das ist ärgerlich, entschuldigen Sie bitte. …",
             "metadata": {"utter_action": "utter_complaint"},
             "data": {"buttons": [{"title": "Nachricht an die Sachbearbeitung",
                                   "payload": "/contact_request"}]}}


def yes(text, before, language="en"):
    # as the Rasa server sends it: events after the latest message too
    events = [user_event("when can i pick up my card?", language, "eat_card"), *before,
              user_event(text, language, "affirm"), {"event": "user_featurization"}]
    dispatcher = CollectingDispatcher()
    found = asyncio.run(ActionAnswerYes().run(dispatcher, make_tracker(events), {}))
    return dispatcher.messages, found


def test_yes_book_one_books_the_service_of_the_answer():
    messages, events = yes("yes pls book one", [NEXT_STEP, RATING])
    assert {"event": "slot", "name": "service", "value": "card_pickup"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]
    assert events[-1]["event"] == "followup" and events[-1]["name"] == "appointment_form"
    assert messages == []  # the form asks its own question next


def test_yes_to_the_rating_question_is_a_thumbs_up(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "DATA_DIR", tmp_path)
    monkeypatch.setattr(feedback_actions, "_store", None)
    messages, _ = yes("yes", [NEXT_STEP, RATING])
    assert [m["response"] for m in messages] == ["utter_feedback_thanks"]
    assert feedback_actions.feedback_store().summary()[0].positive == 1


def test_yes_to_the_complaint_starts_the_message_to_the_staff():
    _, events = yes("ja bitte", [COMPLAINT], "de")
    assert events[-1]["name"] == "contact_form"


def test_an_unclear_yes_gets_the_ways_forward_again():
    messages, _ = yes("ok", [{"event": "bot", "text": "Hallo!", "metadata": {}}])
    assert [m["response"] for m in messages] == ["utter_next_step"]
