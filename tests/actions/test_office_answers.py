import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.asked import ActionAnswerOffice
from actions.office_answers import ActionHumanContact
from tests.conftest import make_tracker, user_event


def run(action, intent, language="de", slots=None):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([user_event("...", language, intent=intent)], slots)
    asyncio.run(action.run(dispatcher, tracker, {}))
    [message] = dispatcher.messages
    return message


def test_opening_hours_come_from_the_configuration_in_the_citizens_language():
    german = run(ActionAnswerOffice(), "office_hours")
    assert german["response"] == "utter_office_hours"
    assert german["hours"].startswith("Mo. 08:00–12:00 · Di. 08:00–12:00, 14:00–17:30")
    assert "Mi." not in german["hours"]  # closed on Wednesdays
    english = run(ActionAnswerOffice(), "office_hours", "en")
    assert english["hours"].startswith("Mon 08:00–12:00")
    assert english["note"] == "Most matters are handled by appointment only."


def test_location_includes_directions_and_accessibility():
    message = run(ActionAnswerOffice(), "office_location", "en")
    assert message["postal_address"] == "Landratsamtplatz 1, Gebäude B, 99901 Musterhausen"
    assert "Step-free entrance" in message["accessibility"]


def test_the_city_office_answers_for_its_citizens():
    message = run(ActionAnswerOffice(), "office_contact", slots={"office_id": "stadt-musterstadt"})
    assert message["phone"] == "+49 1234 9876-0"


def test_appointments_point_to_online_booking_and_phone():
    message = run(ActionAnswerOffice(), "book_appointment")
    assert message["response"] == "utter_appointment_online"
    assert message["booking_url"].startswith("https://termine.lk-musterhausen.example")


def test_human_contact_names_phone_email_and_hours():
    message = run(ActionHumanContact(), "request_human", "tr")
    assert message["response"] == "utter_human_contact"
    assert message["email"] == "auslaenderbehoerde@lk-musterhausen.example"
    assert message["hours"].startswith("Pzt")  # Turkish day names


def ask_responsibility(text, entities=None):
    dispatcher = CollectingDispatcher()
    event = user_event(text, "de", intent="office_responsibility", entities=entities)
    events = asyncio.run(ActionAnswerOffice().run(dispatcher, make_tracker([event]), {}))
    return dispatcher.messages[0], {e["name"]: e["value"] for e in events}


def test_a_postal_code_or_town_switches_to_the_responsible_office():
    message, slots = ask_responsibility("Ich wohne in 99920", {"postal_code": "99920"})
    assert message["response"] == "utter_office_responsible"
    assert slots == {"office_id": "stadt-musterstadt"}
    assert "Musterstadt" in message["office_name"]
    message, slots = ask_responsibility("wer ist für Neudorf am See zuständig?")
    assert slots == {"office_id": "lk-musterhausen"} and message["place"] == "Neudorf am See"


def test_a_place_no_office_covers_is_sent_to_its_own_office():
    message, slots = ask_responsibility("Ich wohne in 10115 Berlin", {"postal_code": "10115"})
    assert message["response"] == "utter_office_not_responsible" and slots == {}


def test_without_a_place_the_answer_lists_the_towns_of_the_current_office():
    message, slots = ask_responsibility("wer ist zuständig?")
    assert message["response"] == "utter_office_responsibility" and slots == {}


def test_an_angry_message_read_as_an_office_question_gets_the_apology_first():
    dispatcher = CollectingDispatcher()
    text = "hepiniz beceriksizsiniz, 3 aydır kartımı bekliyorum ve kimse cevap vermiyor"
    tracker = make_tracker([user_event(text, "tr", intent="office_responsibility",
                                       confidence=0.3)])
    asyncio.run(ActionAnswerOffice().run(dispatcher, tracker, {}))
    assert [m.get("response") for m in dispatcher.messages] == ["utter_complaint"]


def test_arabic_lists_use_the_arabic_comma():
    # "08:00–12:00, 14:00–17:30" with a Latin comma reads wrongly in right-to-left text
    arabic = run(ActionAnswerOffice(), "office_hours", "ar")
    assert "، 14:00–17:30" in arabic["hours"] and ", " not in arabic["hours"]


def test_asked_for_a_day_the_office_is_closed_the_answer_says_so_first():
    # "habt ihr am mittwoch offen?" got the week's hours; Wednesday was not among them
    def hours(text):
        dispatcher = CollectingDispatcher()
        tracker = make_tracker([user_event(text, "de", intent="office_hours")])
        asyncio.run(ActionAnswerOffice().run(dispatcher, tracker, {}))
        return dispatcher.messages[0]

    closed = hours("habt ihr am mittwoch offen?")
    assert closed["response"] == "utter_closed_on_days" and closed["days"] == "Mittwoch"
    assert "Mo." in closed["hours"]  # the days it is open follow
    assert hours("habt ihr am montag offen?")["response"] == "utter_office_hours"
