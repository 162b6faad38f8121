"""Which service an appointment is for when the citizen's status decides it: the employment
permit of asylum seekers and tolerated people, the toleration's renewal (office catalogue)."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.forms.appointment import ValidateAppointmentForm
from actions.forms.appointment_choice import match_service
from actions.office import current_registry
from tests.actions.forms.conftest import responses, run
from tests.conftest import make_tracker, user_event

FORM = ValidateAppointmentForm()


def test_an_appointment_after_the_asylum_seekers_work_answer_is_for_the_employment_permit(
        domain_dict):
    # the work topic has no service of its own; the asylum seekers' answer is about the
    # office's employment permit (§ 61 AsylG), so "Termin bitte" asks for the days, not
    # "what for?" with services that do not fit
    for said, language, intent in [
            ("Ich bin Asylbewerber, darf ich arbeiten?", "de", "work_permission"),
            ("Я шукач притулку, чи можу я працювати?", "uk", "work_permission"),
            ("Ich habe eine Duldung, darf ich arbeiten?", "de", "toleration")]:
        events = [user_event(said, language, intent),
                  user_event("Termin bitte", language, "book_appointment")]
        dispatcher = CollectingDispatcher()
        found = asyncio.run(FORM.run(dispatcher, make_tracker(events, {"requested_slot": None}),
                                     domain_dict))
        slots = {e["name"]: e["value"] for e in found if e["event"] == "slot"}
        assert slots.get("service") == "employment_permit", said
    # a student asking the same gets no such guess
    events = [user_event("Ich bin Student, darf ich arbeiten?", "de", "work_permission"),
              user_event("Termin bitte", "de", "book_appointment")]
    found = asyncio.run(FORM.run(CollectingDispatcher(),
                                 make_tracker(events, {"requested_slot": None}), domain_dict))
    assert "employment_permit" not in [e.get("value") for e in found]


def test_a_work_permit_named_in_words_is_the_employment_permit():
    office = current_registry().default
    for text, language in [("Termin für Arbeitserlaubnis", "de"), ("ejaze kar mikham", "fa"),
                           ("потрібен дозвіл на роботу", "uk"),
                           ("çalışma izni için randevu", "tr")]:
        assert match_service(text, "book_appointment", office, language) == "employment_permit"


def test_days_given_to_the_what_for_question_are_said_back_before_it_is_asked_again(
        domain_dict):
    # "наступного тижня в четвер після обіду" to "what is the appointment for?" was taken
    # silently, so the repeated question looked as if the answer was lost
    messages, slots = run(FORM, domain_dict, "наступного тижня в четвер після обіду",
                          requested="service", language="uk")
    assert slots["preferred_days"]["weekdays"] == [3]
    assert responses(messages) == ["utter_form_understood"]
    assert "четвер" in messages[0]["understood"]


def test_extending_a_toleration_is_a_service_of_its_own(domain_dict):
    # "تمديد الدولدونغ!! باقرب وقت": the services offered had no toleration, and the form
    # was dropped
    office = current_registry().default
    for text, language in [("قلتلك تمديد الدولدونغ!! باقرب وقت", "ar"),
                           ("Ich muss meine Duldung verlängern", "de"),
                           ("duldungumu uzatmak istiyorum", "tr")]:
        assert match_service(text, "inform", office, language) == "toleration_extension", text
    # a residence permit to extend stays the extension
    assert match_service("Aufenthaltserlaubnis verlängern", "inform", office, "de") == "extension"
    # "Termin, bitte" after the toleration's answer is for its extension
    events = [user_event("Meine Duldung läuft nächste Woche ab", "de", "toleration"),
              user_event("Termin bitte", "de", "book_appointment")]
    found = asyncio.run(FORM.run(CollectingDispatcher(),
                                 make_tracker(events, {"requested_slot": None}), domain_dict))
    assert {"event": "slot", "name": "service", "value": "toleration_extension"} in [
        {k: e[k] for k in ("event", "name", "value")} for e in found]


def test_training_named_by_an_asylum_seeker_books_the_employment_permit(domain_dict):
    # "Ausbildung" switched a booking to the training residence permit (not bookable here,
    # "apply online"): in the asylum procedure training is permitted as employment
    events = [user_event("Ich bin im Asylverfahren und habe eine Aufenthaltsgestattung", "de",
                         "asylum_request"),
              user_event("Termin für meine Ausbildung als Mechaniker", "de", "book_appointment")]
    found = asyncio.run(FORM.run(CollectingDispatcher(),
                                 make_tracker(events, {"requested_slot": None}), domain_dict))
    assert {"event": "slot", "name": "service", "value": "employment_permit"} in [
        {k: e[k] for k in ("event", "name", "value")} for e in found]
    office = current_registry().default
    assert match_service("Termin für meine Ausbildung", "book_appointment", office,
                         "de") == "vocational_training"  # others: the training permit


def test_an_asylum_seeker_is_no_student():
    # "طالب لجوء" (asylum seeker) contains "طالب" (student): the waiting time asked was the
    # study permit's
    from actions.forms.appointment_choice import service_in_text

    office = current_registry().get("lk-musterhausen")
    asked = "انا طالب لجوء، من 14 شهر ما اجاني رد. متى بيجي القرار؟"
    assert service_in_text(asked, office, "ar") != "study"
    assert service_in_text("انا طالب جامعة وبدي موعد", office, "ar") == "study"


def test_a_lost_card_in_levantine_arabic_is_the_replacement_not_the_extension():
    # "بس الموضوع مش تمديد، ضياع كرت" and "بدي موعد لكرت جديد بدل الضايع" were booked as the
    # extension ("فهمت: تمديد تصريح الإقامة") with its pay slips and rent contract
    office = current_registry().default
    for text in ("بس الموضوع مش تمديد، ضياع كرت. خليني آخد الساعة 2 الضهر",
                 "طيب وهلق؟ بدي موعد لكرت جديد بدل الضايع",
                 "انا ضيعت كرت الاقامة"):
        assert match_service(text, "inform", office, "ar") == "lost_card", text
