"""Two questions in one message get two answers, in the order asked (guide rule 12)."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.asked import ActionAnswerOffice, ActionAnswerTopic
from tests.conftest import make_tracker, user_event


def run(action, text, questions, language="de", entities=None):
    event = user_event(text, language, intent=questions[0], entities=entities)
    event["parse_data"]["questions"] = questions
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, make_tracker([event]), {}))
    return dispatcher.messages


def test_opening_hours_and_address_are_both_answered_then_one_next_step():
    messages = run(ActionAnswerOffice(), "Wann habt ihr auf und wo seid ihr?",
                   ["office_hours", "office_location"])
    responses = [m.get("response") for m in messages]
    assert responses[0] == "utter_office_hours"
    assert responses[1] == "utter_also_asked"
    assert messages[1]["label"] == "Adresse und Anfahrt"
    assert responses[2] == "utter_office_location"
    assert responses[-2:] == ["utter_next_step", "utter_ask_feedback"]


def test_documents_and_processing_time_of_the_named_service():
    messages = run(ActionAnswerTopic(),
                   "Welche Unterlagen brauche ich für die Verlängerung und wie lange dauert das?",
                   ["required_documents", "processing_time"], entities={"service": "extension"})
    responses = [m.get("response") for m in messages]
    assert responses[0] == "utter_service_documents"
    assert "Gültiger Reisepass" in messages[0]["documents"]
    # the time of the service asked about, not the catalogue of every service
    assert responses[1:3] == ["utter_also_asked", "utter_processing_time_one"]
    assert messages[2]["weeks"] == "6"
    assert responses.count("utter_ask_feedback") == 1


def test_more_than_three_questions_offers_the_rest_as_buttons():
    questions = ["extend_permit", "travel_abroad", "naturalization", "integration_course"]
    messages = run(ActionAnswerTopic(), "…", questions, language="en")
    also = [m for m in messages if m.get("response") == "utter_also_asked"]
    assert [m["label"] for m in also] == ["Travelling abroad", "Naturalisation"]
    [more] = [m for m in messages if m.get("response") == "utter_more_questions"]
    assert [b["payload"] for b in more["buttons"]] == ["/integration_course"]


def test_a_second_question_about_free_movement_from_a_nigerian_offers_the_permit_finder():
    messages = run(ActionAnswerTopic(),
                   "I'm from Nigeria. How long does an extension take and can I move freely "
                   "like EU citizens?", ["processing_time", "eu_citizens"], language="en",
                   entities={"service": "extension", "country": "NG"})
    assert "utter_eu_citizens" not in str(messages)
    assert not any("Freizügigkeit" in str(m.get("text")) or "free movement" in str(m.get("text"))
                   for m in messages)
    [more] = [m for m in messages if m.get("response") == "utter_more_questions"]
    assert [b["payload"] for b in more["buttons"]] == ["/permit_finder"]


def test_a_message_read_as_out_of_remit_with_a_question_of_ours_gets_no_refusal_first():
    # "Dabei kann ich leider nicht helfen", then the answer about the toleration: the
    # refusal contradicted the answer after it
    from actions.asked import ActionAnswerOutOfScope

    messages = run(ActionAnswerOutOfScope(),
                   "Meine Duldung läuft nächste Woche ab, werde ich abgeschoben?",
                   ["out_of_scope", "toleration"])
    responses = [m.get("response") for m in messages]
    assert "utter_out_of_scope" not in responses
    assert "§ 60a AufenthG" in " ".join(m.get("citations", "") for m in messages)
    # another authority named: that one, then ours
    car = run(ActionAnswerOutOfScope(), "Auto ummelden und Duldung verlängern?",
              ["out_of_scope", "toleration"], entities={"authority": "zulassungsstelle"})
    assert [m.get("response") for m in car][0] == "utter_referral"
