"""A script cannot empty the calendar or flood the staff mailbox: one appointment still ahead
per conversation, bookings and contact requests per client and conversation bounded, each
refusal a polite answer with the way forward."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.appointments.access import backend_for
from actions.contact import delivery
from actions.forms.booking import ActionBookAppointment
from actions.forms.contact import ActionSubmitContactRequest
from actions.office import current_registry
from tests.actions.forms.conftest import run as run_action
from tests.actions.forms.test_appointment import offer
from tests.actions.forms.test_contact import FILLED
from tests.conftest import make_tracker, user_event


def book(domain, start, earlier=(), client=None, sender="anna"):
    """The booking action at the end of the form, after the earlier bot messages."""
    said = user_event("ja", "de", "affirm")
    said["metadata"] = {"client": client} if client else {}
    tracker = make_tracker([*earlier, said], {"service": "extension", "appointment_start": start})
    tracker.sender_id = sender
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionBookAppointment().run(dispatcher, tracker, domain))
    return dispatcher.messages[0]


def booked_message(message):
    """The bot event the booking confirmation becomes in the conversation."""
    text = f"Ihr Termin ist gebucht … Buchungsnummer: {message['reference']}"
    return {"event": "bot", "text": text, "metadata": {"utter_action": "utter_appointment_booked"}}


def test_a_second_booking_in_the_same_conversation_waits_for_the_first_to_be_cancelled(
        domain_dict, office_dir):
    office_dir(appointments={"embedded": {"counters": 3, "min_notice_hours": 0}})
    _, offered = offer(domain_dict)
    first, second = offered["appointment_options"][:2]
    done = book(domain_dict, first)
    assert done["response"] == "utter_appointment_booked"
    history = [booked_message(done)]

    again = book(domain_dict, second, history)
    assert again["response"] == "utter_appointment_already_booked"
    assert again["reference"] == done["reference"] and again["phone"]

    backend_for(current_registry().default).cancel(done["reference"])
    assert book(domain_dict, second, history)["response"] == "utter_appointment_booked"


def test_one_client_books_at_most_five_an_hour_across_conversations(domain_dict, office_dir):
    office_dir(appointments={"embedded": {"counters": 10, "min_notice_hours": 0}})
    _, offered = offer(domain_dict)
    start = offered["appointment_options"][0]
    results = [book(domain_dict, start, client="c:script", sender=f"s{i}")["response"]
               for i in range(7)]
    assert results == ["utter_appointment_booked"] * 5 + ["utter_booking_limit"] * 2
    # another citizen is not held up by the script
    assert book(domain_dict, start, client="c:citizen")["response"] == "utter_appointment_booked"


def test_a_conversation_sends_at_most_three_contact_requests_a_day(domain_dict, data_dir):
    answers = [run_action(ActionSubmitContactRequest(), domain_dict, slots=FILLED)[0][0]
               for _ in range(4)]
    assert [a["response"] for a in answers] == ["utter_contact_request_sent"] * 3 + [
        "utter_request_limit"]
    assert answers[-1]["phone"] and answers[-1]["email"]
    assert len(delivery.outbox().pending()) == 3


def test_the_booking_limit_names_the_time_chosen_and_where_to_book_it(domain_dict, office_dir):
    # a shelter's shared Wi-Fi: the sixth resident lost the time chosen and was told only
    # that "very many requests came from your connection"
    office_dir(appointments={"embedded": {"counters": 10, "min_notice_hours": 0}})
    _, offered = offer(domain_dict)
    start = offered["appointment_options"][0]
    for i in range(5):
        book(domain_dict, start, client="c:shelter", sender=f"r{i}")
    refused = book(domain_dict, start, client="c:shelter", sender="r5")
    assert refused["response"] == "utter_booking_limit"
    assert refused["time"] == start[-5:] and refused["day"]
    assert refused["booking_url"].startswith("https://") and refused["phone"]
