"""The matter said in the message that started the contact form is quoted back at the
message question, not asked for again ("напишіть працівнику шо я хочу скасувати запис" was
asked "what would you like to tell the case workers?" four turns later)."""

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.forms.contact import ActionAskContactMessage, ValidateContactForm
from tests.actions.forms.conftest import responses
from tests.conftest import make_tracker, user_event

STARTED = ("Bitte schreiben Sie meiner Sachbearbeiterin, dass ich am Dienstag nicht kommen "
           "kann, weil mein Kind krank ist")
FILLED = {"contact_name": "Maria Beispiel", "contact_address": "maria@example.org",
          "contact_topic": "Verlängerung"}


def conversation(started: str, *later, language: str = "de"):
    """The form started by `started`, its first questions answered, then `later` events."""
    return [
        user_event("Hallo", language, "greet"),
        {"event": "bot", "text": "Guten Tag!", "metadata": {"utter_action": "utter_greet"}},
        user_event(started, language, "contact_request"),
        {"event": "action", "name": "contact_form"},
        {"event": "active_loop", "name": "contact_form"},
        {"event": "bot", "text": "Wie heißen Sie?",
         "metadata": {"utter_action": "utter_ask_contact_name"}},
        user_event("Maria Beispiel", language, "inform"),
        *later,
    ]


def ask(events, domain):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(events, {**FILLED, "requested_slot": "contact_message"})
    asyncio.run(ActionAskContactMessage().run(dispatcher, tracker, domain))
    return dispatcher.messages


def answer(events, domain):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(events, {**FILLED, "requested_slot": "contact_message"})
    found = asyncio.run(ValidateContactForm().run(dispatcher, tracker, domain))
    return dispatcher.messages, {e["name"]: e["value"] for e in found if e["event"] == "slot"}


QUOTED = {"event": "bot", "text": "Soll ich … so schicken?",
          "metadata": {"utter_action": "utter_ask_contact_message_given"}}


@pytest.mark.parametrize("started, language", [
    (STARTED, "de"),
    ("please tell my case worker that my passport has expired last week", "en"),
    ("Ich möchte der Sachbearbeitung schreiben: mein Pass ist abgelaufen", "de"),
])
def test_a_matter_said_when_the_form_started_is_quoted_not_asked_for(domain_dict, started,
                                                                    language):
    [question] = ask(conversation(started, language=language), domain_dict)
    assert question["response"] == "utter_ask_contact_message_given"
    assert question["message"] == started


@pytest.mark.parametrize("started, language", [
    # "que" / "that" starting a relative clause is no matter
    ("hola, quiero mandarle un mensaje a la persona que lleva mi caso en extranjeria", "es"),
    ("I want to write to the officer that handles my residence file", "en"),
])
def test_a_relative_clause_about_the_case_worker_is_no_matter(domain_dict, started, language):
    assert responses(ask(conversation(started, language=language), domain_dict)) == [
        "utter_ask_contact_message"]


@pytest.mark.parametrize("started", [
    "Ich möchte mit meiner Sachbearbeiterin sprechen",
    "Kann ich der Sachbearbeitung eine Nachricht schreiben?",
    "/contact_request",
    # a colon or "dass" with too few words after it for a matter
    "Nachricht an die Sachbearbeitung: dringend",
    "Bitte sagen Sie ihr, dass es dringend",
])
def test_a_request_without_its_matter_gets_the_question(domain_dict, started):
    assert responses(ask(conversation(started), domain_dict)) == ["utter_ask_contact_message"]


def test_yes_sends_the_quoted_message_as_written(domain_dict):
    for yes in (user_event("ja", "de", "affirm"), user_event("/affirm", "de", "affirm")):
        _, slots = answer(conversation(STARTED, QUOTED, yes), domain_dict)
        assert slots["contact_message"] == STARTED


def test_yes_with_more_words_adds_them_and_other_words_replace_it(domain_dict):
    more = user_event("ja, und rufen Sie mich bitte zurück", "de", "affirm", confidence=0.9)
    _, slots = answer(conversation(STARTED, QUOTED, more), domain_dict)
    assert slots["contact_message"] == f"{STARTED}\n\nja, und rufen Sie mich bitte zurück"
    # a sentence with "nicht" or "no" in it is the message, not a no to the quote
    other = user_event("Mein Termin am Dienstag muss verschoben werden, nicht abgesagt", "de",
                       "deny", confidence=0.6)
    _, slots = answer(conversation(STARTED, QUOTED, other), domain_dict)
    assert slots["contact_message"] == ("Mein Termin am Dienstag muss verschoben werden, nicht "
                                        "abgesagt")


def test_no_asks_for_the_message_once_without_a_miss(domain_dict):
    messages, slots = answer(conversation(STARTED, QUOTED, user_event("nein", "de", "deny")),
                             domain_dict)
    assert responses(messages) == ["utter_ask_contact_message"]
    assert slots["contact_message"] is None and not slots.get("form_misses")
    # the quote is not offered a second time in this form
    again = conversation(STARTED, QUOTED, user_event("nein", "de", "deny"),
                         {"event": "bot", "text": "Was möchten Sie … mitteilen?",
                          "metadata": {"utter_action": "utter_ask_contact_message"}},
                         user_event("ok", "de", "affirm"))
    assert responses(ask(again, domain_dict)) == ["utter_ask_contact_message"]


def test_no_at_the_name_question_ends_the_form_and_answers_the_question(domain_dict):
    # "when can I call?" had started the contact form; "no, i dont want write message. i ask
    # what time is phone hours" was then "please write only your first and last name"
    from tests.actions.forms.conftest import run

    messages, slots = run(ValidateContactForm(), domain_dict,
                          "no, i dont want write message. i ask what time is phone hours",
                          intent="office_hours", requested="contact_name", language="en",
                          confidence=0.9)
    assert responses(messages)[0] == "utter_form_stopped"
    assert "utter_office_hours" in responses(messages)
    assert slots["form_finished"] is True
    # a name that starts like "no" is a name
    _, slots = run(ValidateContactForm(), domain_dict, "Nora Okafor", intent="inform",
                   requested="contact_name", language="en")
    assert slots["contact_name"] == "Nora Okafor"
