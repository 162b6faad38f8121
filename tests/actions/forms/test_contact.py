"""The contact request: validated details, consent, stored in the outbox, mailed by SMTP."""

import asyncio
import time

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import settings
from actions.contact import delivery
from actions.forms.contact import (
    ActionAskContactName,
    ActionAskContactTopic,
    ActionSubmitContactRequest,
    ValidateContactForm,
    name_in_text,
)
from tests.actions.forms.conftest import responses, run
from tests.conftest import make_tracker, user_event

FORM = ValidateContactForm()
FILLED = {
    "contact_name": "Maria Beispiel",
    "contact_address": "maria@example.org",
    "contact_topic": "Verlängerung",
    "contact_message": "Meine Karte läuft im Mai ab, ich habe noch keinen Termin.",
    "contact_consent": True,
}


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("Maria.Beispiel@Example.org", "maria.beispiel@example.org"),
        ("meine Mail: ali@example.org bitte", "ali@example.org"),
        ("0151 23456789", "+49 1512 3456789"),
        # a number with a remark was "not a valid number"
        ("0176 2345678, краще після 17:00", "+49 176 2345678"),
    ],
)
def test_an_email_or_phone_number_is_recognised_and_normalised(domain_dict, typed, stored):
    _, slots = run(FORM, domain_dict, typed, requested="contact_address")
    assert slots["contact_address"] == stored


def test_an_invalid_contact_detail_is_explained_and_asked_again(domain_dict):
    messages, slots = run(FORM, domain_dict, "12345", requested="contact_address", confidence=0.2)
    assert slots["contact_address"] is None
    assert responses(messages) == ["utter_invalid_contact_address"]


def test_without_consent_nothing_is_stored(domain_dict, data_dir):
    messages, slots = run(
        FORM, domain_dict, "nein", intent="deny", slots=FILLED, requested="contact_consent"
    )
    assert responses(messages) == ["utter_contact_no_consent"]
    assert slots["form_finished"] is True
    run(ActionSubmitContactRequest(), domain_dict, slots={**FILLED, **slots})
    assert delivery.outbox().pending() == []


def test_a_request_reaches_the_staff_mailbox_with_a_reference(
    domain_dict,
    smtp_server,
    monkeypatch,
):
    inbox, smtp = smtp_server
    monkeypatch.setattr(settings, "SMTP_HOST", smtp.host)
    monkeypatch.setattr(settings, "SMTP_PORT", smtp.port)
    messages, reset = run(ActionSubmitContactRequest(), domain_dict, slots=FILLED)
    reference = messages[0]["reference"]
    assert messages[0]["response"] == "utter_contact_request_sent"
    assert reset["contact_message"] is None
    deadline = time.monotonic() + 10
    while not inbox.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    mail = inbox.messages[0]
    assert reference in mail["Subject"]
    assert mail["To"] == "auslaenderbehoerde@lk-musterhausen.example"
    assert mail["Reply-To"] == "maria@example.org"
    assert "Meine Karte läuft im Mai ab" in mail.get_payload(decode=True).decode()


def test_the_topic_question_offers_the_last_answers_topic_first(domain_dict):
    messages, _ = run(ActionAskContactTopic(), domain_dict, slots={"topic": "blue_card"})
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles[0] == "Blaue Karte EU"
    assert titles.count("Blaue Karte EU") == 1 and len(titles) <= 6


def test_the_topic_named_earlier_in_the_conversation_is_not_asked_again(domain_dict):
    events = [
        user_event("Ich warte seit 4 Monaten auf meine Verlängerung, niemand antwortet",
                   "de", "application_status"),
        {"event": "bot", "text": "Das ist ärgerlich, entschuldigen Sie bitte. …"},
        user_event("ja bitte, ich möchte, dass mich jemand anruft", "de", "contact_request"),
    ]
    dispatcher = CollectingDispatcher()
    found = asyncio.run(FORM.run(dispatcher, make_tracker(events, {}), domain_dict))
    slots = {e["name"]: e["value"] for e in found if e["event"] == "slot"}
    assert slots["contact_topic"] == "Verlängerung der Aufenthaltserlaubnis"


def test_a_furious_message_that_starts_the_form_gets_the_apology_first(domain_dict):
    # "… seit 3 Monaten warte ich … keiner meldet sich!!" read as contact_request went
    # straight to "Wie heißen Sie?" (guide rule 13: acknowledge, then the way to a person)
    angry, _ = run(ActionAskContactName(), domain_dict, "Ihr seid alle unfähig, seit 3 Monaten "
                   "warte ich auf meine Karte und keiner meldet sich!!", "contact_request",
                   confidence=0.3)
    assert responses(angry) == ["utter_complaint_writing", "utter_ask_contact_name"]
    assert "+49 1234 5678-0" in angry[0]["phone"]
    calm, _ = run(ActionAskContactName(), domain_dict, "Bitte rufen Sie mich zurück",
                  "contact_request")
    assert responses(calm) == ["utter_ask_contact_name"]


def test_an_insult_is_not_taken_as_the_name(domain_dict):
    messages, slots = run(FORM, domain_dict, "ihr seid einfach nur inkompetent",
                          requested="contact_name", intent="feedback_negative", confidence=0.6)
    assert slots.get("contact_name") is None
    named, slots = run(FORM, domain_dict, "Maria Beispiel", requested="contact_name")
    assert slots["contact_name"] == "Maria Beispiel"


def test_a_yes_or_no_is_not_taken_as_the_name(domain_dict):
    # "ja abschicken" (send it) became the name of the message to the case worker
    for text in ("ja abschicken", "nein danke"):
        _, slots = run(FORM, domain_dict, text, requested="contact_name", intent="affirm",
                       confidence=0.7)
        assert slots.get("contact_name") is None, text


@pytest.mark.parametrize(
    "text, language, name",
    [
        ("Hallo, mein Name ist Maria Beispiel und ich brauche Hilfe", "de", "Maria Beispiel"),
        ("bonjour je m'appelle Marie Dupont et j'ai une question", "fr", "Marie Dupont"),
        ("hola me llamo Lucía Gómez y quiero hablar con alguien", "es", "Lucía Gómez"),
        ("меня зовут Анна Петрова и мне нужна помощь", "ru", "Анна Петрова"),
    ],
)
def test_a_name_given_in_a_sentence_ends_where_the_sentence_goes_on(text, language, name):
    """The contact form does not ask for the name the citizen already gave: the name only,
    not the rest of the sentence."""
    assert name_in_text(text, language) == name


def test_why_the_name_is_asked_is_answered_and_the_question_stays(domain_dict):
    # "Wozu brauchen Sie meinen Namen?" was no name and counted as a miss (guide rules 8, 18)
    messages, slots = run(FORM, domain_dict, "Wozu brauchen Sie meinen Namen?",
                          requested="contact_name", intent="bot_challenge", confidence=0.7)
    assert responses(messages) == ["utter_why_contact_name"]
    assert slots["contact_name"] is None and "form_misses" not in slots


def test_a_name_given_with_the_question_why_is_taken_not_read_as_stop(domain_dict):
    # "Азамат Нурланов. а зачем имя?" was read as "stop" (0.65) and ended the form
    messages, slots = run(FORM, domain_dict, "Азамат Нурланов. а зачем имя?",
                          requested="contact_name", intent="stop", confidence=0.65,
                          language="ru")
    assert responses(messages)[0] == "utter_why_contact_name"
    assert slots["contact_name"] == "Азамат Нурланов"


def test_a_name_followed_by_a_question_is_taken_and_the_question_answered(domain_dict):
    # "Ahmed Yilmaz. Wie lange dauert die Verlängerung?" answered the question and asked for
    # the name again
    messages, slots = run(FORM, domain_dict, "Ahmed Yilmaz. Wie lange dauert die Verlängerung?",
                          requested="contact_name", intent="processing_time", confidence=0.8)
    assert slots["contact_name"] == "Ahmed Yilmaz"
    assert responses(messages) == ["utter_processing_time_one"]
    messages, slots = run(FORM, domain_dict, "Maria Lopez. what are your opening hours?",
                          requested="contact_name", intent="office_hours", confidence=0.8,
                          language="en")
    assert slots["contact_name"] == "Maria Lopez"
    assert responses(messages) == ["utter_office_hours"]
    # a title with a full stop asks nothing: the whole name
    _, slots = run(FORM, domain_dict, "Dr. Ahmed Yilmaz", requested="contact_name")
    assert slots["contact_name"] == "Dr. Ahmed Yilmaz"
    # a greeting before a question is no name; Arabic script has no capitals
    _, slots = run(FORM, domain_dict, "Hallo. Was kostet die Verlängerung?",
                   requested="contact_name", intent="fees", confidence=0.8)
    assert slots.get("contact_name") is None
    _, slots = run(FORM, domain_dict, "أحمد الخطيب. كم تستغرق المعاملة؟", requested="contact_name",
                   intent="processing_time", confidence=0.8, language="ar")
    assert slots["contact_name"] == "أحمد الخطيب"


def test_a_name_introduced_with_more_facts_is_taken_when_asked(domain_dict):
    # "اسمي محمد الحلبي، الدولدونغ بتخلص يوم 14 الشهر" (my name is …, my Duldung ends on the
    # 14th) was not taken, and the name asked for again
    _, slots = run(FORM, domain_dict, "اسمي محمد الحلبي، الدولدونغ بتخلص يوم 14 الشهر",
                   requested="contact_name", language="ar")
    assert slots["contact_name"] == "محمد الحلبي"
    _, german = run(FORM, domain_dict, "Mein Name ist Eva Kurz, meine Duldung endet am 14.",
                    requested="contact_name")
    assert german["contact_name"] == "Eva Kurz"
