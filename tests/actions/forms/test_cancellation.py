"""Cancelling a booked appointment by its reference."""

import asyncio
from datetime import datetime

from rasa_sdk.executor import CollectingDispatcher

from actions.appointments.access import backend_for
from actions.forms.appointment import ActionBookAppointment, ValidateAppointmentForm
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
