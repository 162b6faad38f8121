import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ActionAnswerTopic
from tests.conftest import make_tracker, user_event


def answer(intent, language="de", slots=None):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([user_event("...", language, intent=intent)], slots)
    events = asyncio.run(ActionAnswerTopic().run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def test_a_topic_answer_has_text_legal_basis_service_next_step_and_rating():
    messages, events = answer("extend_permit")
    texts = [m.get("text") for m in messages]
    responses = [m.get("response") for m in messages]
    assert "8 Wochen" in texts[0]  # the office's lead time, filled into the answer
    assert responses[1] == "utter_legal_basis"
    assert "https://www.gesetze-im-internet.de/aufenthg_2004/__81.html" in messages[1]["citations"]
    assert "Gültiger Reisepass" in messages[2]["documents"]
    assert messages[3]["online_url"].startswith("https://www.lk-musterhausen.example/")
    assert responses[-2:] == ["utter_next_step", "utter_ask_feedback"]
    assert [(e["name"], e["value"]) for e in events] == [("topic", "extend_permit")]


def test_the_answer_is_in_the_conversation_language():
    german, _ = answer("blue_card", "de")
    english, _ = answer("blue_card", "en")
    ukrainian, _ = answer("blue_card", "uk")
    assert german[0]["text"] != english[0]["text"] != ukrainian[0]["text"]
    assert "Blaue Karte" in german[0]["text"]
    assert any("\u0400" <= ch <= "\u04ff" for ch in ukrainian[0]["text"])  # Cyrillic


def test_the_office_of_the_conversation_provides_the_facts():
    district, _ = answer("extend_permit", slots={"office_id": "lk-musterhausen"})
    city, _ = answer("extend_permit", slots={"office_id": "stadt-musterstadt"})
    assert "8 Wochen" in district[0]["text"] and "10 Wochen" in city[0]["text"]
    assert "musterstadt.example" in city[3]["online_url"]


def test_catalog_topics_list_the_offices_services():
    messages, _ = answer("online_services", "en")
    assert messages[0]["response"] == "utter_online_services"
    assert "Extension of a residence permit: https://" in messages[0]["services"]
    fees, _ = answer("fees", "de")
    assert "Niederlassungserlaubnis: § 44 AufenthV" in fees[0]["fees"]


def test_a_topic_without_knowledge_gets_the_contact_not_an_invented_answer():
    messages, events = answer("no_such_topic")
    assert [m["response"] for m in messages] == ["utter_topic_not_available"]
    assert messages[0]["phone"] == "+49 1234 5678-0"
    assert events == []


def test_the_fee_paragraph_of_the_service_is_named_and_linked():
    messages, _ = answer("blue_card")
    [fee] = [m for m in messages if m.get("response") == "utter_service_fee"]
    assert fee["fee_reference"].startswith("§ 45 AufenthV (https://www.gesetze-im-internet.de/")
