"""Inside a form: questions are answered and the form goes on; "stop" leaves it."""

from actions.forms.appointment import ValidateAppointmentForm
from actions.forms.base import ActionFormStopped
from actions.forms.contact import ValidateContactForm
from actions.forms.extension import ValidateExtensionForm
from tests.actions.forms.conftest import responses, run

ASKING_DAYS = {"slots": {"service": "extension"}, "requested": "preferred_days"}


def test_a_question_about_the_office_is_answered_and_the_question_stays_open(domain_dict):
    messages, slots = run(
        ValidateAppointmentForm(),
        domain_dict,
        "wann habt ihr offen?",
        intent="office_hours",
        **ASKING_DAYS,
    )
    assert responses(messages) == ["utter_office_hours"]
    assert "08:00" in messages[0]["hours"]
    # a slot event for the asked slot keeps the form active; Rasa asks again
    assert "preferred_days" in slots and slots["preferred_days"] is None


def test_a_topic_question_gets_the_answer_without_rating_buttons(domain_dict):
    messages, slots = run(
        ValidateExtensionForm(),
        domain_dict,
        "was kostet das?",
        intent="fees",
        requested="permit_expiry",
    )
    assert responses(messages)[0] == "utter_fee_which_hint"  # no fee table; which service?
    assert "utter_ask_feedback" not in responses(messages)
    assert slots["permit_expiry"] is None


def test_an_unclear_message_gets_the_hint_for_the_asked_question(domain_dict):
    messages, slots = run(
        ValidateExtensionForm(),
        domain_dict,
        "blablub",
        intent="nlu_fallback",
        requested="permit_expiry",
        confidence=0.1,
    )
    assert responses(messages) == ["utter_invalid_permit_expiry"]
    assert slots["permit_expiry"] is None


def test_changing_the_language_inside_a_form_switches_and_asks_again(domain_dict):
    messages, slots = run(
        ValidateExtensionForm(),
        domain_dict,
        "English please",
        intent="change_language",
        entities={"language": "en"},
        requested="permit_expiry",
    )
    assert slots["language"] == "en"
    assert "English" in messages[0]["text"]


def test_stop_is_rejected_by_the_form_so_the_stop_rule_can_end_it(domain_dict):
    messages, slots = run(
        ValidateAppointmentForm(), domain_dict, "abbrechen", intent="stop", **ASKING_DAYS
    )
    assert messages == [] and slots == {}


def test_after_stop_everything_the_forms_collected_is_forgotten(domain_dict):
    messages, slots = run(
        ActionFormStopped(),
        domain_dict,
        "stop",
        intent="stop",
        slots={"service": "extension", "contact_name": "Ali"},
    )
    assert responses(messages) == ["utter_form_stopped"]
    assert slots["service"] is None and slots["contact_name"] is None
    assert slots["appointment_options"] is None


def test_a_postal_code_of_another_district_inside_a_form_gets_the_office_finder(domain_dict):
    messages, slots = run(
        ValidateExtensionForm(),
        domain_dict,
        "ich wohne in 80331, seid ihr zuständig?",
        intent="office_responsibility",
        entities={"postal_code": "80331"},
        requested="permit_expiry",
    )
    assert responses(messages) == ["utter_office_not_responsible", "utter_office_finder"]
    assert slots["permit_expiry"] is None  # the planner's question stays open


def test_another_authoritys_matter_inside_a_form_is_referred_not_read_as_a_bad_answer(
    domain_dict,
):
    messages, slots = run(
        ValidateExtensionForm(),
        domain_dict,
        "arabamı kayıt ettirmem lazım",
        intent="out_of_scope",
        entities={"authority": "zulassungsstelle"},
        requested="permit_expiry",
        language="tr",
        confidence=0.5,
    )
    assert responses(messages) == ["utter_referral"]
    assert "araç tescil" in messages[0]["authority"]  # in Turkish, the local office
    assert slots["permit_expiry"] is None  # the date question stays open


def test_a_question_naming_a_topic_is_answered_as_well_as_taken_as_a_fact(domain_dict):
    # asked for the name, "wie lange dauert eine Verlängerung?" filled the topic and the
    # question itself was dropped: the name was asked again without an answer
    messages, slots = run(ValidateContactForm(), domain_dict,
                          "wie lange dauert eine verlaengerung normalerweise?",
                          intent="processing_time", requested="contact_name")
    assert slots["contact_topic"] == "Verlängerung der Aufenthaltserlaubnis"
    assert responses(messages) == ["utter_processing_time_one"]


def test_an_angry_message_read_as_a_weak_booking_request_starts_no_form(domain_dict):
    text = "hepiniz beceriksizsiniz, 3 aydir kartimi bekliyorum ve kimse cevap vermiyor"
    messages, slots = run(ValidateAppointmentForm(), domain_dict, text,
                          intent="book_appointment", confidence=0.2, language="tr")
    assert responses(messages) == ["utter_complaint"]
    assert slots["form_finished"] is True and slots["requested_slot"] is None
    # a clear request for an appointment, however angry, still books
    messages, slots = run(ValidateAppointmentForm(), domain_dict,
                          "ihr seid unfähig, ich will jetzt einen Termin zur Verlängerung",
                          intent="book_appointment", confidence=0.9)
    assert "utter_complaint" not in responses(messages)
    assert slots.get("service") == "extension"


def test_a_name_read_as_stop_is_the_name_and_a_sure_stop_still_stops(domain_dict):
    # "Rahul Verma" reads as "stop" (0.51): it is the name asked for, the form goes on
    _, slots = run(ValidateContactForm(), domain_dict, "Rahul Verma", intent="stop",
                   requested="contact_name", language="en", confidence=0.51)
    assert slots.get("contact_name") == "Rahul Verma"
    for text, confidence in (("cancel", 0.63), ("Stop It Now", 0.95), ("never mind", 0.94)):
        messages, slots = run(ValidateContactForm(), domain_dict, text, intent="stop",
                              requested="contact_name", language="en", confidence=confidence)
        assert messages == [] and slots == {}, text  # rejected: the stop rule ends the form
