"""From a Ukrainian play: an angry citizen whose card was ready asked "can I just come and pick
it up without an appointment?" and was asked for a booking number six times. Now: yes or no for
that service (the office's walk-in hours), "I have no number" ends the cancellation with where
to find it and a person, a message for a case worker leaves any form, and a form begun on a weak
reading ends when its first question gets another matter."""

import asyncio
from datetime import date, timedelta

from rasa_sdk.executor import CollectingDispatcher

from actions.asked import ActionAnswerTopic
from actions.forms.appointment import ValidateAppointmentForm
from actions.forms.cancellation import ValidateCancelAppointmentForm
from actions.office import current_registry
from tests.actions.forms.conftest import responses, run
from tests.conftest import make_tracker, user_event


def test_the_card_is_picked_up_without_an_appointment_at_the_walk_in_hours(domain_dict):
    messages, _ = run(ActionAnswerTopic(), domain_dict,
                      "Kann ich meine Karte ohne Termin abholen?", intent="eat_card")
    assert responses(messages) == ["utter_walk_in", "utter_ask_feedback"]
    said = messages[0]
    assert "Aufenthaltstitel" in said["service_name"]
    # the walk-in hours, not the opening hours: Tuesday afternoon is by appointment
    assert "08:00–12:00" in said["walk_in_hours"] and "14:00" not in said["walk_in_hours"]
    assert "Reisepass" in said["documents"]


def test_angry_and_asking_gets_a_short_apology_and_the_answer(domain_dict):
    text = ("це просто знущання!!! я просто прийду завтра і заберу карту без всякого "
            "термину, ок?")
    messages, _ = run(ActionAnswerTopic(), domain_dict, text, intent="eat_card", language="uk")
    # tomorrow may be a day the office is closed (run on a Tuesday): then that is said
    tomorrow = (date.today() + timedelta(days=1)).weekday()
    closed = not current_registry().default.opening_hours.intervals(tomorrow)
    assert responses(messages)[:2] == [
        "utter_sorry_short", "utter_closed_on_days" if closed else "utter_walk_in"]
    assert "utter_complaint" not in responses(messages)


def test_a_service_without_walk_in_hours_needs_an_appointment_and_offers_its_booking(
        domain_dict):
    messages, _ = run(ActionAnswerTopic(), domain_dict,
                      "Kann ich für die Verlängerung einfach ohne Termin vorbeikommen?",
                      intent="extend_permit")
    assert responses(messages)[0] == "utter_walk_in_no"
    booking = next(m for m in messages if m.get("response") == "utter_next_step")
    assert booking["appointment_payload"] == '/book_appointment{"service":"extension"}'


def test_a_walk_in_question_read_as_a_cancellation_is_answered_not_asked_for_a_number(
        domain_dict):
    text = "просто скажіть: можна прийти забрати карту без запису чи нє?"
    messages, slots = run(ValidateCancelAppointmentForm(), domain_dict, text,
                          intent="cancel_appointment", language="uk", confidence=0.35)
    assert responses(messages)[0] == "utter_walk_in"
    assert slots["form_finished"] is True


def test_no_booking_number_ends_the_cancellation_with_where_it_is_and_a_person(domain_dict):
    for text, language in [("нема в мене ніякого номера запису", "uk"),
                           ("Ich habe keine Buchungsnummer", "de"),
                           ("I lost it", "en")]:
        messages, slots = run(ValidateCancelAppointmentForm(), domain_dict, text,
                              intent="deny", language=language, requested="booking_reference")
        assert responses(messages) == ["utter_no_booking_reference"], text
        assert slots["form_finished"] is True and slots["requested_slot"] is None, text
    # a number given with those words is taken
    _, slots = run(ValidateCancelAppointmentForm(), domain_dict, "hab keine andere: T-7KQ2-M9XA",
                   requested="booking_reference")
    assert "form_finished" not in slots


def test_a_message_for_a_case_worker_leaves_the_form(domain_dict):
    # "Повідомлення працівнику", the complaint's button title typed: the form rejects the
    # message, and the rule of the form starts the contact form (data/rules/forms.yml)
    tracker = make_tracker([user_event("Повідомлення працівнику", "uk", "contact_request",
                                       None, 0.98)],
                           {"requested_slot": "preferred_days", "service": "extension"})
    assert asyncio.run(ValidateAppointmentForm().run(
        CollectingDispatcher(), tracker, domain_dict)) == []


def test_a_form_begun_on_a_weak_reading_ends_when_its_question_gets_another_matter(
        domain_dict):
    asked = {"event": "bot", "text": "Wie lautet Ihre Buchungsnummer?"}
    started = [user_event("ви мені знову той самий номер даєте", "uk", "cancel_appointment",
                          None, 0.35),
               {"event": "active_loop", "name": "cancel_appointment_form"},
               {"event": "slot", "name": "requested_slot", "value": "booking_reference"}, asked]
    question = user_event("скільки коштує продовження?", "uk", "fees", None, 0.95)
    slots = {"requested_slot": "booking_reference"}
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateCancelAppointmentForm().run(
        dispatcher, make_tracker(started + [question], slots), domain_dict))
    found = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert dispatcher.messages and found.get("form_finished") is True
    # begun on a clear request, the question stays open after the answer
    started[0] = user_event("Termin absagen", "de", "cancel_appointment", None, 0.97)
    events = asyncio.run(ValidateCancelAppointmentForm().run(
        CollectingDispatcher(), make_tracker(started + [question], slots), domain_dict))
    found = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert "form_finished" not in found and found["booking_reference"] is None


def test_asked_while_booking_the_walk_in_question_is_answered_and_the_question_stays(
        domain_dict):
    # "без терміну можна? зранку" was read as "mornings" and times were offered
    messages, slots = run(ValidateAppointmentForm(), domain_dict,
                          "а можна без терміну прийти?", intent="inform", language="uk",
                          slots={"service": "extension"}, requested="preferred_days")
    assert responses(messages) == ["utter_walk_in_no"]
    assert slots["preferred_days"] is None and "form_finished" not in slots


def test_the_example_number_of_the_question_is_no_booking_of_this_conversation(domain_dict):
    # "напишіть працівнику шо я хочу скасувати": the example in the question for the number
    # was taken as a booking made here, and "not found" came back for a number never given
    asked = {"event": "bot", "text": "Який у Вас номер запису? Він починається з «T-», "
                                     "наприклад T-7KQ2-M9XA."}
    events = [user_event("хочу скасувати запис", "uk", "cancel_appointment"), asked,
              user_event("напишіть працівнику шо я хочу скасувати свій термін", "uk",
                         "cancel_appointment", None, 0.7)]
    dispatcher = CollectingDispatcher()
    asyncio.run(ValidateCancelAppointmentForm().run(dispatcher, make_tracker(events),
                                                    domain_dict))
    assert "utter_booking_not_found" not in responses(dispatcher.messages)


def test_a_number_not_found_twice_gets_the_way_to_a_person(domain_dict):
    form = ValidateCancelAppointmentForm()
    messages, slots = run(form, domain_dict, "T-4HX7-P2RW", requested="booking_reference")
    assert responses(messages) == ["utter_booking_not_found"]
    messages, slots = run(form, domain_dict, "T-4HX7-P2RW", requested="booking_reference",
                          slots={"form_misses": {"booking_reference": 1}})
    assert responses(messages) == ["utter_no_booking_reference"]
    assert slots["form_finished"] is True


def test_dont_cancel_but_move_it_is_a_move(domain_dict):
    messages, slots = run(ValidateCancelAppointmentForm(), domain_dict,
                          "нет, не отменяйте, лучше перенесите на другой день",
                          intent="cancel_appointment", language="ru",
                          requested="cancel_confirmed",
                          slots={"booking_reference": "T-4HX7-P2RW"})
    assert "utter_appointment_kept" not in responses(messages)
    assert slots.get("rebooking") is True


def test_a_booking_asked_for_instead_of_the_name_leaves_the_contact_form(domain_dict):
    # "запишіть мене … середа зранку" read as a message for a case worker; then the booking
    # button's title typed when asked for the name was taken as the name
    from actions.forms.contact import ValidateContactForm

    tracker = make_tracker([user_event("Записатися на прийом", "uk", "book_appointment",
                                       None, 0.97)], {"requested_slot": "contact_name"})
    assert asyncio.run(ValidateContactForm().run(CollectingDispatcher(), tracker,
                                                 domain_dict)) == []
    # a name is a name, whatever the NLU read
    tracker = make_tracker([user_event("Olena Kovalenko", "uk", "book_appointment", None, 0.95)],
                           {"requested_slot": "contact_name"})
    events = asyncio.run(ValidateContactForm().run(CollectingDispatcher(), tracker, domain_dict))
    assert any(e.get("name") == "contact_name" and e.get("value") for e in events)
