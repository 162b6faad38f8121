"""What `make review` takes from one conversation, for the cases the real stack cannot be made to
produce on purpose: a text stored unredacted (stores of older versions), a contact form answer
the form did not accept, a rating after a form. The export of a store written by the real
stack: tests/integration/test_review.py."""

from collections import Counter

import yaml

from scripts.review import collect


def user(text, intent="office_hours", ranking=(("office_hours", 0.9), ("fees", 0.05)),
         language="de"):
    return {"event": "user", "text": text, "parse_data": {
        "intent": {"name": intent, "confidence": ranking[0][1]},
        "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
        "language": {"code": language}}}


def slot(name, value):
    return {"event": "slot", "name": name, "value": value}


FALLBACK = {"intent": "nlu_fallback",
            "ranking": (("nlu_fallback", 0.2), ("fees", 0.15), ("greet", 0.1))}


def exported(*events, margin=0.1):
    skipped = Counter()
    queue = collect([list(events)], margin, {"de", "en"}, set(), skipped)
    return {text: entry for entries in queue.values() for text, entry in
            ((e.text, e) for e in entries.values())}, skipped


def test_a_stored_text_is_redacted_again():
    texts, _ = exported(user("meine mail ist erika.muster@example.org, Pass C01X00T47",
                             **FALLBACK))
    assert list(texts) == ["meine mail ist [e-mail], Pass [document number]"]


def test_an_answer_to_the_contact_form_is_left_out_even_when_the_form_refused_it():
    texts, _ = exported(slot("requested_slot", "contact_name"), user("Erika Mustermann",
                                                                    **FALLBACK),
                        slot("requested_slot", "contact_name"), user("Erika", **FALLBACK))
    assert texts == {}


def test_a_message_with_what_the_contact_form_took_is_left_out():
    texts, skipped = exported(user("ich bin erika und brauche hilfe", **FALLBACK),
                              slot("contact_name", "Erika Mustermann"))
    assert texts == {} and skipped["with contact details"] == 1


def test_payloads_and_messages_without_two_letters_are_left_out():
    texts, _ = exported(user("/fees", **FALLBACK), user("?", **FALLBACK),
                        user("1 2", **FALLBACK), user("ok?", **FALLBACK))
    assert list(texts) == ["ok?"]


def test_a_rating_after_a_form_points_at_the_question_that_started_it():
    texts, _ = exported(
        user("Ich will meine Aufenthaltserlaubnis verlaengern", intent="extend_permit",
             ranking=(("extend_permit", 0.95), ("fees", 0.01))),
        slot("requested_slot", "expiry_date"),
        user("15.03.2027", intent="inform", ranking=(("inform", 0.99), ("fees", 0.0))),
        slot("requested_slot", None),
        user("/feedback_negative", intent="feedback_negative",
             ranking=(("feedback_negative", 1.0),)))
    assert list(texts) == ["Ich will meine Aufenthaltserlaubnis verlaengern"]
    assert texts["Ich will meine Aufenthaltserlaubnis verlaengern"].reasons == {"👎"}


def test_a_request_for_a_person_in_a_later_session_says_nothing_about_the_last_one():
    texts, _ = exported(user("Wann habt ihr offen?"), {"event": "session_started"},
                        user("Ich will einen Menschen", intent="request_human",
                             ranking=(("request_human", 0.99), ("fees", 0.0))))
    assert texts == {}


def test_control_characters_a_client_sent_do_not_break_the_review_file():
    from scripts.review import render

    texts, _ = exported(user("wie lange\x96 dauert\x00 das\x1b", **FALLBACK))
    [entry] = texts.values()
    assert entry.text == "wie lange dauert das"
    assert "wie lange dauert das" in str(yaml.safe_load(render("de", [entry])))
