import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.office_answers import ActionAnswerOffice, ActionHumanContact
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
