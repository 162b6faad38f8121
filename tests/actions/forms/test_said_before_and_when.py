"""From the plays of 2026-12-06: "Tuesday at 3 pm without an appointment?" got the walk-in
hours as if the answer were yes; "nobody ever answers the phone" got the phone number; a
second cancellation after "I have no number" asked for the number again."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.asked import ActionAnswerOffice, ActionAnswerTopic
from actions.forms.cancellation import ValidateCancelAppointmentForm
from actions.office_answers import ActionHumanContact
from tests.actions.forms.conftest import responses, run
from tests.conftest import make_tracker, user_event


def test_a_time_outside_the_walk_in_hours_is_not_then_with_the_hours_and_the_booking(
        domain_dict, monkeypatch):
    # Musterhausen: card pickup without an appointment Mon, Tue, Thu, Fri 08:00–12:00; asked
    # on Sunday, 6 December 2026, "morgen" is a Monday (a Wednesday, when the office is
    # closed, is "closed that day": test_closed_on_a_holiday.py)
    from actions import walk_in
    from tests.actions.forms.test_closed_on_a_holiday import SixthOfDecember2026

    monkeypatch.setattr(walk_in, "date", SixthOfDecember2026)
    for text, language in [("Kann ich Dienstag um 15 Uhr ohne Termin die Karte abholen?", "de"),
                           ("can I pick up my card on Tuesday afternoon without an appointment?",
                            "en"),
                           ("ohne Termin die Karte abholen, morgen nachmittag?", "de")]:
        messages, _ = run(ActionAnswerTopic(), domain_dict, text, intent="eat_card",
                          language=language)
        said = responses(messages)
        assert said[0] == "utter_walk_in_not_then", text
        assert "08:00–12:00" in messages[0]["walk_in_hours"], text
        booking = next(m for m in messages if m.get("response") == "utter_next_step")
        assert "service" in booking["appointment_payload"], text


def test_a_time_within_the_walk_in_hours_is_yes(domain_dict):
    for text in ["Kann ich Dienstag um 10 Uhr ohne Termin die Karte abholen?",
                 "Karte abholen ohne Termin, geht das Montag vormittags?"]:
        messages, _ = run(ActionAnswerTopic(), domain_dict, text, intent="eat_card")
        assert responses(messages)[0] == "utter_walk_in", text


def test_nobody_answering_the_phone_gets_the_ways_without_the_phone(domain_dict):
    for action, intent, text, language in [
            (ActionHumanContact(), "request_human",
             "Ich will mit jemandem reden, bei euch geht nie jemand ran!", "de"),
            (ActionAnswerOffice(), "office_contact",
             "I've been calling for days and nobody picks up, is there another way?", "en"),
            (ActionAnswerOffice(), "office_contact", "Wie erreiche ich Sie? Immer besetzt.", "de")]:
        messages, _ = run(action, domain_dict, text, intent=intent, language=language)
        assert responses(messages) == ["utter_complaint_phone"], text
        assert messages[0]["email"] and "@" in messages[0]["email"]
    # an embassy that does not answer is no complaint about the office's phone
    messages, _ = run(ActionHumanContact(), domain_dict,
                      "Bei der Botschaft geht keiner ran, kann ich mit jemandem sprechen?",
                      intent="request_human")
    assert responses(messages) == ["utter_human_contact"]


def test_a_second_cancellation_without_a_number_goes_to_the_case_workers(domain_dict):
    no_number = {"event": "bot", "text": "Ohne Buchungsnummer …",
                 "metadata": {"utter_action": "utter_no_booking_reference"}}
    events = [user_event("Termin absagen", "de", "cancel_appointment"), no_number,
              user_event("ich will trotzdem absagen", "de", "cancel_appointment")]
    dispatcher = CollectingDispatcher()
    result = asyncio.run(ValidateCancelAppointmentForm().run(
        dispatcher, make_tracker(events), domain_dict))
    assert responses(dispatcher.messages) == ["utter_no_booking_reference_again"]
    assert any(e.get("name") == "form_finished" and e.get("value") is True for e in result)
    # with the number now, it is looked up as usual
    events[-1] = user_event("absagen bitte: T-4HX7-P2RW", "de", "cancel_appointment")
    dispatcher = CollectingDispatcher()
    asyncio.run(ValidateCancelAppointmentForm().run(dispatcher, make_tracker(events),
                                                    domain_dict))
    assert "utter_no_booking_reference_again" not in responses(dispatcher.messages)
    # in a new conversation (session), the first time again
    fresh = [user_event("Termin absagen", "de", "cancel_appointment")]
    dispatcher = CollectingDispatcher()
    asyncio.run(ValidateCancelAppointmentForm().run(dispatcher, make_tracker(fresh), domain_dict))
    assert "utter_no_booking_reference_again" not in responses(dispatcher.messages)
