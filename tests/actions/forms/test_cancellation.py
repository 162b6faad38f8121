"""Cancelling a booked appointment by its reference."""

import asyncio
from datetime import datetime

from rasa_sdk.executor import CollectingDispatcher

from actions.appointments.access import backend_for
from actions.forms.appointment import ValidateAppointmentForm
from actions.forms.booking import ActionBookAppointment
from actions.forms.cancellation import (
    ActionAskCancelConfirmed,
    ActionCancelAppointment,
    ValidateCancelAppointmentForm,
)
from actions.office import current_registry
from tests.actions.forms.conftest import responses, run
from tests.conftest import make_tracker, user_event

FORM = ValidateCancelAppointmentForm()


def book(domain_dict) -> str:
    _, offered = run(
        ValidateAppointmentForm(),
        domain_dict,
        "so bald wie möglich",
        slots={"service": "extension"},
        requested="preferred_days",
    )
    slots = {"service": "extension", "appointment_start": offered["appointment_options"][0]}
    messages, _ = run(ActionBookAppointment(), domain_dict, slots=slots)
    return messages[0]["reference"]


def test_the_reference_is_recognised_however_it_is_typed(domain_dict):
    reference = book(domain_dict)
    sloppy = reference.lower().replace("-", " ")
    _, slots = run(FORM, domain_dict, f"meine nummer ist {sloppy}", requested="booking_reference")
    assert slots["booking_reference"] == reference


def test_an_unknown_reference_is_asked_again(domain_dict):
    messages, slots = run(FORM, domain_dict, "T-2222-3333", requested="booking_reference")
    assert slots["booking_reference"] is None
    assert responses(messages) == ["utter_booking_not_found"]


def test_the_confirmation_question_names_the_appointment(domain_dict):
    reference = book(domain_dict)
    messages, _ = run(
        ActionAskCancelConfirmed(), domain_dict, slots={"booking_reference": reference}
    )
    assert messages[0]["response"] == "utter_ask_cancel_confirmed"
    assert messages[0]["service_name"] == "Verlängerung der Aufenthaltserlaubnis"


def test_confirmed_cancellation_frees_the_time_and_no_keeps_it(domain_dict):
    reference = book(domain_dict)
    kept, _ = run(
        ActionCancelAppointment(),
        domain_dict,
        slots={"booking_reference": reference, "cancel_confirmed": False},
    )
    calendar = backend_for(current_registry().default)
    assert responses(kept) == ["utter_appointment_kept"]
    assert not calendar.find(reference).cancelled
    _, confirmed = run(
        FORM,
        domain_dict,
        "ja",
        intent="affirm",
        slots={"booking_reference": reference},
        requested="cancel_confirmed",
    )
    assert confirmed["cancel_confirmed"] is True
    messages, _ = run(
        ActionCancelAppointment(),
        domain_dict,
        slots={"booking_reference": reference, "cancel_confirmed": True},
    )
    assert responses(messages) == ["utter_appointment_cancelled"]
    booking = calendar.find(reference)
    assert booking.cancelled
    assert messages[0]["time"] == f"{booking.slot.start:%H:%M}"
    assert isinstance(booking.slot.start, datetime)


def test_an_appointment_booked_in_this_conversation_is_not_asked_for_again(domain_dict):
    reference = book(domain_dict)
    said = f"Ihr Termin ist gebucht: … Ihre Buchungsnummer: {reference} – bitte notieren Sie sie."
    events = [user_event("den ersten", "de", "inform"), {"event": "bot", "text": said},
              user_event("kann ich den termin absagen?", "de", "cancel_appointment")]
    tracker = make_tracker(events, {"requested_slot": None})
    dispatcher = CollectingDispatcher()
    found = asyncio.run(FORM.run(dispatcher, tracker, domain_dict))
    slots = {e["name"]: e["value"] for e in found if e["event"] == "slot"}
    assert slots["booking_reference"] == reference  # the confirmation question names it


def test_no_i_dont_want_to_cancel_keeps_the_appointment_without_asking(domain_dict):
    # "لا ما بدي الغي! سألتك عن مرتي" (no, I don't want to cancel, I asked about my wife) read
    # as cancel_appointment 0.82 after a booking: "cancel your appointment?" was the answer
    reference = book(domain_dict)
    said = f"Ihr Termin ist gebucht: … Ihre Buchungsnummer: {reference} – bitte notieren Sie sie."
    for text, language in [("لا ما بدي الغي! سألتك عن مرتي", "ar"), ("нет, не отменяйте", "ru"),
                           ("no, I don't want to cancel it", "en"),
                           ("nein, bitte nicht absagen", "de")]:
        events = [user_event("den ersten", language, "inform"), {"event": "bot", "text": said},
                  user_event(text, language, "cancel_appointment", None, 0.82)]
        dispatcher = CollectingDispatcher()
        found = asyncio.run(FORM.run(dispatcher, make_tracker(events), domain_dict))
        slots = {e["name"]: e["value"] for e in found if e["event"] == "slot"}
        assert responses(dispatcher.messages) == ["utter_appointment_kept"], text
        assert slots.get("form_finished") is True and "cancel_confirmed" not in slots, text
    assert not backend_for(current_registry().get(None)).find(reference).cancelled
    # "ja, absagen" after the booking still asks to confirm
    events = [user_event("den ersten", "de", "inform"), {"event": "bot", "text": said},
              user_event("ich muss den termin absagen", "de", "cancel_appointment")]
    found = asyncio.run(FORM.run(CollectingDispatcher(), make_tracker(events), domain_dict))
    assert {e["name"]: e["value"] for e in found if e["event"] == "slot"}.get(
        "booking_reference") == reference


QUESTION = {"event": "bot", "text": "Möchten Sie den Termin … absagen?", "data": {"buttons": [
    {"title": "Ja, absagen", "payload": "/affirm"},
    {"title": "Nein, behalten", "payload": "/deny"}]}}


def confirm(domain_dict, text, intent, confidence, language="de", misses=None):
    """The citizen's answer to the confirmation question, as the NLU read it."""
    reference = book(domain_dict)
    slots = {"booking_reference": reference, "requested_slot": "cancel_confirmed",
             "form_misses": misses}
    tracker = make_tracker([user_event("Termin absagen", language, "cancel_appointment"),
                            QUESTION, user_event(text, language, intent, None, confidence)], slots)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(FORM.run(dispatcher, tracker, domain_dict))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_a_hesitant_or_mashed_answer_does_not_cancel_but_asks_again(domain_dict):
    # the NLU read "hmm" as affirm 0.55 and "keep it" as affirm 0.59: the appointment was gone
    for text, intent, confidence in [("hmm", "affirm", 0.55), ("keep it please", "affirm", 0.59),
                                     ("asdf", "nlu_fallback", 0.3)]:
        messages, slots = confirm(domain_dict, text, intent, confidence)
        assert slots.get("cancel_confirmed") is None, text
        assert responses(messages) == ["utter_invalid_cancel_confirmed"], text


def test_the_answer_typed_as_a_buttons_title_counts(domain_dict):
    # "behalten" read as naturalisation 0.52 ("beibehalten"), "absagen" as cancel_appointment
    _, kept = confirm(domain_dict, "behalten", "naturalization", 0.52)
    assert kept["cancel_confirmed"] is False
    _, cancelled = confirm(domain_dict, "ja absagen", "cancel_appointment", 0.93)
    assert cancelled["cancel_confirmed"] is True
    _, not_cancelled = confirm(domain_dict, "nein nicht absagen", "cancel_appointment", 0.9)
    assert not_cancelled.get("cancel_confirmed") is not True


def test_a_colloquial_yes_is_read_in_the_conversations_language(domain_dict):
    # "jo" is yes in German and no in Albanian; the NLU, trained on both, said deny 0.97
    _, german = confirm(domain_dict, "jo", "deny", 0.97)
    assert german["cancel_confirmed"] is True
    _, albanian = confirm(domain_dict, "jo", "deny", 0.97, language="sq")
    assert albanian["cancel_confirmed"] is False


def test_the_second_miss_keeps_the_questions_own_buttons(domain_dict):
    messages, _ = confirm(domain_dict, "asdf", "nlu_fallback", 0.3,
                          misses={"cancel_confirmed": 1})
    assert responses(messages) == ["utter_form_second_try"]
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles[:2] == ["Ja, absagen", "Nein, behalten"] and len(titles) == 3  # + a person


def test_cancel_that_right_after_a_booking_starts_the_cancellation(domain_dict):
    # "i have to cancel that" after booking reads as stop (0.64): the citizen got "there is
    # nothing running that I could stop"
    from actions.forms.start import ActionStopOutsideForm

    said = "Your appointment is booked: … Your booking number: T-3RWB-8LNC – please note it."

    def stop(text, booked):
        events = [user_event("the first one", "en", "inform"),
                  {"event": "bot", "text": said if booked else "How can I help?"},
                  user_event(text, "en", "stop", None, 0.64)]
        dispatcher = CollectingDispatcher()
        result = asyncio.run(ActionStopOutsideForm().run(dispatcher, make_tracker(events), {}))
        return responses(dispatcher.messages), [(e["event"], e.get("name")) for e in result]

    assert stop("i have to cancel that", booked=True) == (
        [], [("followup", "cancel_appointment_form")])
    assert stop("i have to cancel that", booked=False) == (["utter_nothing_to_stop"], [])
    assert stop("stop", booked=True) == (["utter_nothing_to_stop"], [])


def test_moving_instead_of_confirming_offers_new_times_and_keeps_the_old_until_booked(
        domain_dict):
    # "actually can i just move it to tuesday afternoon instead?" got "Please answer yes or no"
    # and "i want to change my appointment T-… to tuesday" only cancelled it
    messages, slots = confirm(domain_dict, "can i just move it to tuesday afternoon instead?",
                              "cancel_appointment", 0.6, language="en")
    assert messages == []  # no "please answer yes or no"
    assert slots["rebooking"] is True and slots["cancel_confirmed"] is False
    reference = book(domain_dict)  # the appointment to move
    calendar = backend_for(current_registry().default)
    service = calendar.find(reference).slot.service_id
    messages, handed_over = run(ActionCancelAppointment(), domain_dict, slots={
        "booking_reference": reference, "cancel_confirmed": False, "rebooking": True})
    assert messages == []  # not "your appointment stays"
    assert handed_over["service"] == service and handed_over["replaces_booking"] == reference
    assert not calendar.find(reference).cancelled  # released only once the new one is booked
    _, offered = run(ValidateAppointmentForm(), domain_dict, "tuesday afternoon",
                     slots={"service": service}, requested="preferred_days", language="en")
    slots = {"service": service, "appointment_start": offered["appointment_options"][-1],
             "replaces_booking": reference}
    messages, _ = run(ActionBookAppointment(), domain_dict, slots=slots, language="en")
    assert responses(messages)[0] == "utter_appointment_booked"
    assert "utter_appointment_cancelled" in responses(messages)
    assert calendar.find(reference).cancelled


def test_changing_the_time_in_levantine_arabic_is_a_move_not_a_cancellation(domain_dict):
    # "بدي غير وقت الموعد لل 9:20" (I want to change the appointment's time) asked "cancel?"
    messages, slots = confirm(domain_dict, "بدي غير وقت الموعد لل 9:20",
                              "cancel_appointment", 0.6, language="ar")
    assert messages == [] and slots["rebooking"] is True
