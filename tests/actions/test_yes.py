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


def test_the_first_one_after_did_you_mean_is_the_first_suggestion():
    # "das erste" after "Meinten Sie: Aufenthaltstitel verlängern / Fiktionsbescheinigung" got
    # "Wie möchten Sie weitermachen?"; the answer in words is the button (guide rule 7)
    did_you_mean = {"event": "bot", "text": "Meinten Sie:",
                    "metadata": {"utter_action": "utter_did_you_mean"},
                    "data": {"buttons": [
                        {"title": "Aufenthaltstitel verlängern", "payload": "/extend_permit"},
                        {"title": "Fiktionsbescheinigung", "payload": "/fictional_certificate"},
                        {"title": "Etwas anderes", "payload": "/out_of_scope"}]}}
    messages, events = yes("das zweite", [did_you_mean], "de")
    assert "Fiktionsbescheinigung bestätigt" in messages[0]["text"]
    assert {"event": "slot", "name": "topic", "value": "fictional_certificate"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]
    hours = dict(did_you_mean, data={"buttons": [
        {"title": "Öffnungszeiten", "payload": "/office_hours"},
        {"title": "Termin", "payload": "/book_appointment"}]})
    messages, _ = yes("the first one", [hours], "en")
    assert messages[0]["response"] == "utter_office_hours"
    _, events = yes("второй", [hours], "ru")
    assert events[-1]["name"] == "appointment_form"
    # "something else" chosen in words: the question in other words, nothing else
    messages, _ = yes("das dritte", [did_you_mean], "de")
    assert [m.get("response") for m in messages] == ["utter_ask_rephrase"]


def test_the_first_one_read_as_a_forms_answer_is_the_suggestion_too():
    # "the first one" reads as `inform` (0.79): the route for free answers outside a form
    # said "I did not understand" after its own "did you mean"
    from actions.forms.start import ActionRouteAnswer

    did_you_mean = {"event": "bot", "text": "Did you mean:",
                    "metadata": {"utter_action": "utter_did_you_mean"},
                    "data": {"buttons": [
                        {"title": "Extend your residence title", "payload": "/extend_permit"},
                        {"title": "Something else", "payload": "/out_of_scope"}]}}
    events = [user_event("my card thing", "en", "nlu_fallback"), did_you_mean,
              user_event("the first one", "en", "inform")]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionRouteAnswer().run(dispatcher, make_tracker(events), {}))
    assert dispatcher.messages[0]["text"].startswith("Apply for the extension before")


def test_a_question_on_the_answer_read_as_a_forms_answer_is_not_misunderstood():
    # "یعنی تا ۲۰۲۷ هیچ راهی نیست؟" (so no way until 2027?) after the subsidiary protection's
    # family answer read as `inform`: "I did not understand"; a clerk answers from what was
    # said, or says that the staff know more and how to reach them
    from actions.follow_up import message_parts
    from actions.forms.start import ActionRouteAnswer
    from actions.knowledge import current_knowledge

    first = user_event("من حمایت تکمیلی دارم، میتونم خانمم رو بیارم آلمان؟", "fa",
                       "family_reunion")
    route = next(r for r in current_knowledge().topics["family_reunion"].routes
                 if r.id == "family_reunion/subsidiary_protection")
    said = {"event": "bot", "text": message_parts(route.text("fa"))[0], "metadata": {}}
    events = [first, said, user_event("یعنی تا ۲۰۲۷ هیچ راهی نیست؟", "fa", "inform")]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionRouteAnswer().run(dispatcher, make_tracker(
        events, {"topic": "family_reunion"}), {}))
    responses = [m.get("response") for m in dispatcher.messages]
    assert "utter_default" not in responses and "utter_next_step" in responses
