"""Answers in words inside the forms: a typed button title, "den zweiten", "halb zehn",
"Dienstag" among the offered times, a service described in words, what the first message
already said, "weiß nicht", and the way out after two misses."""

import asyncio
from datetime import date, timedelta
from typing import Any, Dict, List

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.forms.appointment import ValidateAppointmentForm
from actions.forms.appointment_choice import choose_time, match_service
from actions.forms.choices import ordinal
from actions.forms.extension import ActionAnswerExtension, ValidateExtensionForm
from actions.office import current_registry
from tests.actions.forms.conftest import responses, run
from tests.conftest import make_tracker, user_event

APPOINTMENTS = ValidateAppointmentForm()
EXTENSION = ValidateExtensionForm()


def bot(text: str, buttons: List[Dict[str, str]]) -> Dict[str, Any]:
    return {"event": "bot", "text": text, "data": {"buttons": buttons}}


def converse(action, domain, events, slots=None, requested=None):
    """Runs a form's validation on a conversation (earlier events + the latest message)."""
    tracker = make_tracker(events, {**(slots or {}), "requested_slot": requested})
    dispatcher = CollectingDispatcher()
    result = asyncio.run(action.run(dispatcher, tracker, domain))
    return dispatcher.messages, {e["name"]: e["value"] for e in result if e["event"] == "slot"}


def next_weekday(weekday: int, weeks: int = 1) -> date:
    today = date.today()
    return today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks)


# two Tuesday times and a Thursday time, as the form would offer them
TUESDAY, THURSDAY = next_weekday(1), next_weekday(3)
OFFERS = [
    f"{TUESDAY}T09:00",
    f"{TUESDAY}T09:30",
    f"{THURSDAY}T14:30",
]


@pytest.mark.parametrize(
    "language, text, index",
    [
        ("de", "den zweiten bitte", 1),
        ("de", "Der erste", 0),
        ("de", "3", 2),
        ("de", "den letzten", 2),
        ("en", "the first one", 0),
        ("en", "second please", 1),
        ("tr", "ikincisi olsun", 1),
        ("tr", "sonuncusu", 2),
        ("ar", "الأول من فضلك", 0),
        ("ar", "الثاني", 1),
        ("uk", "другий", 1),
        ("uk", "перший, будь ласка", 0),
    ],
)
def test_an_offer_is_chosen_by_its_ordinal(language, text, index):
    assert ordinal(text, language, 3) == index


def test_a_weekday_with_two_offers_asks_which_and_one_with_one_offer_books_it():
    choice = choose_time("Dienstag passt", OFFERS, "de", date.today())
    assert choice.chosen is None and choice.candidates == OFFERS[:2]
    assert choose_time("Donnerstag", OFFERS, "de", date.today()).chosen == OFFERS[2]
    assert choose_time("Dienstag um halb zehn", OFFERS, "de", date.today()).chosen == OFFERS[1]
    choice = choose_time("Montag", OFFERS, "de", date.today())
    assert choice.chosen is None and choice.candidates == []  # not offered: say so
    assert choice.recognised
    assert not choose_time("wie bitte", OFFERS, "de", date.today()).recognised


def test_a_bare_hour_in_a_short_answer_chooses_the_one_full_hour_offered():
    # "tamam 9 olsun" (ok, let it be 9) with 9:00 offered was "I did not understand"
    assert choose_time("tamam 9 olsun", OFFERS, "tr", date.today()).chosen == OFFERS[0]
    assert choose_time("9 passt", OFFERS, "de", date.today()).chosen == OFFERS[0]
    # not a number in a question asked in between, nor an hour not offered at full hour
    assert choose_time("ich hab 9 kinder, darf ich sie mitbringen?", OFFERS, "de",
                       date.today()).chosen is None
    assert choose_time("lieber 2", OFFERS, "de", date.today()).chosen is None


ASKED_FOR_TIME = {
    "service": "extension",
    "preferred_days": {"earliest": str(TUESDAY), "latest": str(THURSDAY), "weekdays": []},
    "appointment_options": OFFERS,
}


def test_a_time_is_chosen_in_words_in_the_form(domain_dict):
    slots = ASKED_FOR_TIME
    for text, expected in [("den zweiten bitte", OFFERS[1]), ("halb drei", OFFERS[2])]:
        _, chosen = run(APPOINTMENTS, domain_dict, text, slots=slots, requested="appointment_start")
        assert chosen["appointment_start"] == expected


def test_a_time_not_offered_is_taken_on_another_of_the_days_wished(domain_dict):
    # on a Sunday evening, "halb zehn" for next week's mornings got "that is none of the
    # offered times": Monday 9:30 was too soon (min_notice_hours), Tuesday 9:30 was free
    messages, chosen = run(APPOINTMENTS, domain_dict, "um elf uhr wäre gut", slots=ASKED_FOR_TIME,
                           requested="appointment_start")
    assert "utter_appointment_not_offered" not in responses(messages)
    assert chosen["appointment_start"] == f"{TUESDAY}T11:00"


def test_an_ambiguous_weekday_narrows_the_offer_and_asks_again(domain_dict):
    slots = ASKED_FOR_TIME
    messages, result = run(
        APPOINTMENTS, domain_dict, "Dienstag", slots=slots, requested="appointment_start"
    )
    assert responses(messages) == ["utter_appointment_ambiguous"]  # asks which, with buttons
    assert len(messages[0]["buttons"]) == 3 and result["form_offered"] == "appointment_start"
    assert result["appointment_options"] == OFFERS[:2]
    assert result["appointment_start"] is None


@pytest.mark.parametrize(
    "language, text, service",
    [
        ("de", "Karte abholen", "card_pickup"),
        ("de", "abholung der karte", "card_pickup"),
        ("de", "Blue Card verlängern", "blue_card"),
        ("de", "Verlängerung meiner Studenten-Aufenthaltserlaubnis", "extension"),
        ("de", "meine karte wurde gestohlen", "lost_card"),
        ("en", "it's for extending my student permit", "extension"),
        ("en", "I want to pick up my card", "card_pickup"),
        ("tr", "oturum iznimi uzatmak istiyorum", "extension"),
        ("ar", "أريد تجديد الإقامة", "extension"),
        ("uk", "хочу продовжити посвідку", "extension"),
        ("de", "Niederlassungserlaubnis", "settlement_permit"),
        # a card is not a Blue Card: an expired one needs the extension
        ("de", "meine Karte ist abgelaufen", "extension"),
        ("en", "my card expired last week", "extension"),
        ("de", "brauche einen Termin wegen meiner Karte", None),
        # the one long word of "Cartão Azul da UE" / "Karta Blu e BE-së" is no Blue Card
        ("pt", "preciso de um horário por causa do meu cartão", None),
        ("sq", "me duhet termin per karten time", None),
        ("pt", "quero marcar para o cartão azul", "blue_card"),
        ("de", "brauche termin fuer verlengerung", "extension"),  # one letter off
        ("de", "termin zur verlängerrung bitte", "extension"),
    ],
)
def test_a_service_described_in_words_is_the_office_service(language, text, service):
    office = current_registry().get(None)
    assert match_service(text, "inform", office, language) == service


def test_a_typed_button_title_answers_a_button_question(domain_dict):
    asked = bot(
        "Wofür brauchen Sie den Termin?",
        [
            {
                "title": "Verlängerung der Aufenthaltserlaubnis",
                "payload": '/inform{"service":"extension"}',
            },
            {
                "title": "Fiktionsbescheinigung",
                "payload": '/inform{"service":"fictional_certificate"}',
            },
        ],
    )
    events = [asked, user_event("fiktionsbescheinigung", "de", "inform")]
    _, slots = converse(APPOINTMENTS, domain_dict, events, requested="service")
    assert slots["service"] == "fictional_certificate"
    events = [asked, user_event("die zweite", "de", "inform")]
    _, slots = converse(APPOINTMENTS, domain_dict, events, requested="service")
    assert slots["service"] == "fictional_certificate"


def test_an_ordinal_read_as_stop_still_picks_the_button(domain_dict):
    # Albanian "e para" (the first one) reads as "stop" ("para": before): a choice, not a stop
    asked = bot("Për çfarë ju duhet termini?", [
        {"title": "Vazhdimi i lejes së qëndrimit", "payload": '/inform{"service":"extension"}'},
        {"title": "Leje e përhershme", "payload": '/inform{"service":"settlement_permit"}'},
    ])
    events = [asked, user_event("e para", "sq", "stop")]
    _, slots = converse(APPOINTMENTS, domain_dict, events, requested="service")
    assert slots.get("service") == "extension"


def test_a_service_the_chat_cannot_book_gets_its_online_way_once(domain_dict):
    messages, slots = run(
        APPOINTMENTS, domain_dict, "Aufenthaltserlaubnis für Fachkräfte", requested="service"
    )
    assert responses(messages) == ["utter_service_not_bookable"]
    assert messages[0]["online_url"].endswith("/online/fachkraefte")
    assert slots["form_finished"] is True  # no loop: the form ends


def test_service_and_days_in_the_first_message_are_not_asked_again(domain_dict):
    messages, slots = run(
        APPOINTMENTS,
        domain_dict,
        "Ich brauche nächste Woche vormittags einen Termin zur Verlängerung",
        intent="book_appointment",
    )
    assert slots["service"] == "extension"
    assert slots["preferred_days"]["part_of_day"] == "morning"
    assert slots["appointment_options"]  # the free times come next, no question in between


def test_a_service_named_earlier_in_the_conversation_is_remembered(domain_dict):
    events = [
        user_event("Meine Aufenthaltskarte ist weg, gestohlen", "de", "lost_document"),
        bot("Das tut mir leid …", []),
        user_event("ich brauche einen termin", "de", "book_appointment"),
    ]
    _, slots = converse(APPOINTMENTS, domain_dict, events)
    assert slots["service"] == "lost_card"


def extension(domain_dict, text, intent="inform", slots=None, confidence=0.95):
    return run(
        EXTENSION,
        domain_dict,
        text,
        intent=intent,
        slots=slots,
        requested="permit_expiry",
        confidence=confidence,
    )


@pytest.mark.parametrize(
    "text, intent",
    [
        ("die ist schon abgelaufen", "inform"),
        ("it expired ten days ago", "permit_expired"),
        ("sie ist vor zwei Wochen abgelaufen", "inform"),
        ("what happens to me now?", "permit_expired"),
    ],
)
def test_an_expired_title_ends_the_planner_with_the_expired_guidance(domain_dict, text, intent):
    language = "en" if text.isascii() and " ist " not in text else "de"
    _, slots = run(
        EXTENSION, domain_dict, text, intent=intent, requested="permit_expiry", language=language
    )
    expiry = slots["permit_expiry"]
    assert expiry == "expired" or date.fromisoformat(expiry) < date.today()
    messages, result = run(ActionAnswerExtension(), domain_dict, slots={"permit_expiry": expiry})
    assert result["topic"] == "permit_expired"
    assert "utter_human_contact" in responses(messages)  # phone, e-mail, hours, contact
    assert "utter_extension_apply_by" not in responses(messages)


def test_i_dont_know_gets_where_the_date_is_and_a_way_to_skip(domain_dict):
    messages, slots = extension(domain_dict, "weiß ich nicht, die Karte ist zu Hause")
    assert responses(messages) == ["utter_help_permit_expiry", "utter_can_skip"]
    assert messages[1]["buttons"][0]["payload"] == '/inform{"permit_expiry": "unknown"}'
    assert slots["permit_expiry"] is None  # the question stays open
    messages, _ = run(ActionAnswerExtension(), domain_dict, slots={"permit_expiry": "unknown"})
    assert responses(messages)[0] == "utter_extension_general"
    assert "utter_extension_pending" in responses(messages)


def test_misses_lead_to_skip_and_a_person_and_never_to_a_loop(domain_dict):
    def miss(misses=None):
        return extension(
            domain_dict,
            "blablub",
            intent="out_of_scope",
            confidence=0.3,
            slots={"form_misses": misses} if misses else None,
        )

    messages, first = miss()
    assert responses(messages) == ["utter_invalid_permit_expiry"]
    assert first["form_misses"] == {"permit_expiry": 1}
    messages, second = miss(first["form_misses"])
    assert responses(messages) == ["utter_form_second_try"]  # with the question, once more
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        '/inform{"permit_expiry": "unknown"}',
        "/request_human",
    ]
    assert "form_finished" not in second
    messages, third = miss(second["form_misses"])
    assert responses(messages) == ["utter_form_way_out"]  # not the question a fourth time
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles == ["Frage überspringen", "Nachricht an die Sachbearbeitung"]
    assert messages[0]["buttons"][0]["payload"] == '/extend_permit{"permit_expiry": "unknown"}'
    assert third["form_finished"] is True and third["requested_slot"] is None


def test_the_skip_button_typed_by_hand_skips(domain_dict):
    offer = bot(
        "…", [{"title": "Frage überspringen", "payload": '/inform{"permit_expiry": "unknown"}'}]
    )
    events = [offer, user_event("ueberspringen", "de", "out_of_scope", confidence=0.3)]
    _, slots = converse(EXTENSION, domain_dict, events, requested="permit_expiry")
    assert slots["permit_expiry"] == "unknown"


def test_a_question_inside_the_form_is_no_miss(domain_dict):
    messages, slots = extension(domain_dict, "Wann habt ihr offen?", intent="office_hours")
    assert responses(messages) == ["utter_office_hours"]
    assert "form_misses" not in slots


def test_the_permit_finder_takes_what_the_first_message_says_and_says_it_back(domain_dict):
    from actions.forms.permit_finder import ValidatePermitFinderForm

    messages, slots = run(
        ValidatePermitFinderForm(),
        domain_dict,
        "Ich bin Pakistanerin, habe einen Master in Informatik und ein Jobangebot aus München."
        " Ich will hier arbeiten.",
        intent="permit_finder",
    )
    assert slots["nationality"] == "PK"
    assert slots["stay_purpose"] == "work"
    assert {"degree", "job_offer"} <= set(slots["permit_facts"])
    assert responses(messages) == ["utter_form_understood"]
    assert messages[0]["understood"] == "Pakistan, Arbeiten"


def test_a_country_only_mentioned_is_no_nationality(domain_dict):
    from actions.forms.permit_finder import ValidatePermitFinderForm

    _, slots = run(
        ValidatePermitFinderForm(),
        domain_dict,
        "I want to study at a university in Germany",
        intent="permit_finder",
        entities={"country": "DE"},
        language="en",
    )
    assert "nationality" not in slots
    assert slots["stay_purpose"] == "study"


def test_after_the_offer_the_question_is_not_asked_a_third_time(domain_dict):
    from actions.forms.asking import ActionAskPermitExpiry

    _, slots = extension(
        domain_dict,
        "blablub",
        intent="out_of_scope",
        confidence=0.3,
        slots={"form_misses": {"permit_expiry": 1}},
    )
    assert slots["form_offered"] == "permit_expiry"
    messages, after = run(ActionAskPermitExpiry(), domain_dict, slots=slots)
    assert messages == [] and after["form_offered"] is None
    messages, _ = run(ActionAskPermitExpiry(), domain_dict)  # any other turn: the question
    assert responses(messages) == ["utter_ask_permit_expiry"]


@pytest.mark.parametrize(
    "language, text, form",
    [
        ("de", "termin fuer verlaengerung bitte, naechste woche nachmittags", "appointment_form"),
        ("de", "Karte abholen, am liebsten Dienstag", "appointment_form"),
        ("tr", "T-J6KQ-WT2M numarali randevuyu iptal etmem lazim", "cancel_appointment_form"),
        ("en", "please cancel my appointment tomorrow", "cancel_appointment_form"),
        ("de", "blablub", ""),
    ],
)
def test_an_answer_outside_a_form_starts_the_form_it_belongs_to(language, text, form):
    from actions.forms.start import form_for

    assert form_for(text, language, current_registry().get(None)) == form


def test_an_earlier_questions_topic_names_the_service_not_the_story_it_tells(domain_dict):
    # "I came by family reunion" is how she came; what she needs now is the extension of
    # § 31 (the independent right of residence), not a family-reunion visa
    events = [
        user_event("eşim geçen yıl vefat etti. aile birleşimi ile gelmiştim. şimdi oturumum "
                   "ne olacak?", "tr", "spouse_independent_residence"),
        bot("…", []),
        user_event("bunun için randevu alabilir miyim", "tr", "book_appointment"),
    ]
    _, slots = converse(APPOINTMENTS, domain_dict, events)
    assert slots["service"] == "extension"


def test_a_day_of_the_month_with_its_case_ending_chooses_that_days_offer():
    # "17го о другій" with one offer on the 17th at 14:00 was "please choose one of the offers"
    offers = ["2026-12-10T14:00", "2026-12-17T14:00", "2026-12-17T09:00"]
    assert choose_time("17го о другій", offers, "uk", date(2026, 12, 7)).chosen == offers[1]
    assert choose_time("давайте 17-го в 9", offers, "ru", date(2026, 12, 7)).chosen == offers[2]
    # a day not offered is said so, not another day booked
    eighteenth = choose_time("18-го", offers, "uk", date(2026, 12, 7))
    assert eighteenth.recognised and eighteenth.candidates == []
