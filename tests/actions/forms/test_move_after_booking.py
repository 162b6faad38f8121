"""Moving the appointment just booked, said in words: "ay perdón, el martes trabajo, mejor el
jueves por la tarde. ¿se puede cambiar?" was answered with the rules for changing employer,
then "move it from Tuesday to Thursday" offered Tuesday first (a Spanish citizen's play)."""

import asyncio
from datetime import datetime

from rasa_sdk.executor import CollectingDispatcher

from actions.appointments.access import backend_for
from actions.asked import ActionAnswerTopic
from actions.forms.appointment import ValidateAppointmentForm, slot_title
from actions.forms.cancellation import ActionCancelAppointment
from actions.office import current_registry
from tests.actions.forms.conftest import run
from tests.actions.forms.test_cancellation import book
from tests.conftest import make_tracker, user_event

BOOKED = ("Su cita está reservada: Tarjeta Azul UE, martes, 8 de diciembre de 2026, a las 16:00. "
          "Su número de reserva: T-YT9Q-NPGK. Por favor, anótelo.")


def answer(text: str, intent: str, booked: bool = True):
    events = [user_event("quiero una cita el martes por la tarde", "es", "book_appointment"),
              {"event": "bot", "text": BOOKED if booked else "¿En qué puedo ayudarle?"},
              user_event(text, "es", intent, None, 0.35)]
    dispatcher = CollectingDispatcher()
    result = asyncio.run(ActionAnswerTopic().run(dispatcher, make_tracker(events), {}))
    return dispatcher.messages, [(e["event"], e.get("name"), e.get("value")) for e in result]


def test_a_day_wished_instead_right_after_the_booking_moves_it():
    move = ("ay perdon, el martes trabajo 😬 mejor el jueves, tambien por la tarde. "
            "se puede cambiar?")
    messages, events = answer(move, "change_of_employer")
    assert messages == []  # not the rules for a change of employer
    assert ("slot", "rebooking", True) in events
    assert ("followup", "cancel_appointment_form", None) in events


def test_a_change_without_a_day_or_without_a_booking_is_still_the_question_asked():
    # "cambiar" alone is also a change of employer; with no booking there is nothing to move
    _, events = answer("¿puedo cambiar de empleador con la Tarjeta Azul?", "change_of_employer")
    assert ("followup", "cancel_appointment_form", None) not in events
    _, events = answer("mejor el jueves, se puede cambiar?", "change_of_employer", booked=False)
    assert ("followup", "cancel_appointment_form", None) not in events


def test_the_moved_appointments_day_is_not_offered_again_with_the_day_wished(domain_dict):
    reference = book(domain_dict)
    booking = backend_for(current_registry().default).find(reference)
    _, handed_over = run(ActionCancelAppointment(), domain_dict, slots={
        "booking_reference": reference, "cancel_confirmed": False, "rebooking": True})
    assert handed_over["replaces_start"] == booking.slot.start.isoformat()
    old = booking.slot.start.weekday()
    other = (old + 2) % 5  # another working day
    names = ["lunes", "martes", "miércoles", "jueves", "viernes"]
    _, offered = run(ValidateAppointmentForm(), domain_dict,
                     f"quiero pasarla del {names[old]} al {names[other]}",
                     slots={"service": booking.slot.service_id,
                            "replaces_start": handed_over["replaces_start"]},
                     requested="preferred_days", language="es")
    days = {datetime.fromisoformat(o).weekday() for o in offered["appointment_options"]}
    assert days == {other}
    # named alone, the day of the old appointment is still wished (another time that day)
    _, offered = run(ValidateAppointmentForm(), domain_dict, f"el {names[old]}",
                     slots={"service": booking.slot.service_id,
                            "replaces_start": handed_over["replaces_start"]},
                     requested="preferred_days", language="es")
    assert {datetime.fromisoformat(o).weekday() for o in offered["appointment_options"]} == {old}


def test_a_buttons_title_typed_as_text_is_that_time(domain_dict):
    # "mar, 8 dic, 16:00" typed (or sent by a messenger's keyboard) was read as 8 March
    _, offered = run(ValidateAppointmentForm(), domain_dict, "so bald wie möglich",
                     slots={"service": "extension"}, requested="preferred_days")
    options = offered["appointment_options"]
    buttons = [{"title": slot_title(datetime.fromisoformat(o), "es"),
                "payload": f'/inform{{"appointment_start": "{o}"}}'} for o in options]
    events = [{"event": "bot", "text": "¿Cuál le viene bien?", "data": {"buttons": buttons}},
              user_event(buttons[1]["title"], "es", "inform")]
    slots = {"service": "extension", "appointment_options": options,
             "preferred_days": offered["preferred_days"], "requested_slot": "appointment_start"}
    dispatcher = CollectingDispatcher()
    result = asyncio.run(ValidateAppointmentForm().run(
        dispatcher, make_tracker(events, slots), domain_dict))
    chosen = {e["name"]: e["value"] for e in result if e["event"] == "slot"}
    assert chosen["appointment_start"] == options[1]
