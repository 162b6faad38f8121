"""The forms over the REST channel of a running Lotse: an appointment is booked into the
SQLite calendar and cancelled by its reference, a contact request reaches the SMTP server,
questions inside a form are answered, and "abbrechen" leaves it."""

import re
import sqlite3
import time


def replies(stack, sender, text):
    response = stack.send(sender, text)
    assert response.status_code == 200, response.text
    return response.json()


def texts(messages):
    return " ".join(m.get("text", "") for m in messages)


def buttons(messages):
    return [b for m in messages for b in m.get("buttons", [])]


def test_book_and_cancel_an_appointment_in_the_chat(stack):
    asked = replies(stack, "form-book", "Ich brauche einen Termin")
    assert "Wofür brauchen Sie den Termin?" in texts(asked)
    services = {b["title"]: b["payload"] for b in buttons(asked)}
    replies(stack, "form-book", services["Verlängerung der Aufenthaltserlaubnis"])
    offered = replies(stack, "form-book", "so bald wie möglich")
    times = buttons(offered)
    assert 2 <= len(times) <= 6 and times[-1]["title"] == "Andere Tage"
    booked = texts(replies(stack, "form-book", times[0]["payload"]))
    reference = re.search(r"T-[0-9A-Z]{4}-[0-9A-Z]{4}", booked).group()
    assert "Verlängerung der Aufenthaltserlaubnis" in booked

    with sqlite3.connect(stack.data_dir / "appointments.db") as db:
        row = db.execute(
            "SELECT service_id, cancelled_at FROM bookings WHERE reference = ?", (reference,)
        ).fetchone()
    assert row == ("extension", None)

    # in another conversation the booking number is asked, typed however
    assert "Buchungsnummer" in texts(replies(stack, "form-other", "Termin absagen"))
    assert "absagen?" in texts(replies(stack, "form-other", reference.lower()))
    assert "bleibt bestehen" in texts(replies(stack, "form-other", "/deny"))
    # in the conversation that booked it, the appointment just booked is meant
    question = texts(replies(stack, "form-book", "Termin absagen"))
    assert "absagen?" in question and "Buchungsnummer" not in question
    assert "abgesagt" in texts(replies(stack, "form-book", "/affirm"))
    with sqlite3.connect(stack.data_dir / "appointments.db") as db:
        (cancelled,) = db.execute(
            "SELECT cancelled_at FROM bookings WHERE reference = ?", (reference,)
        ).fetchone()
    assert cancelled is not None


def test_a_contact_request_reaches_the_office_mailbox(stack):
    replies(stack, "form-contact", "/contact_request")
    replies(stack, "form-contact", "Maria Beispiel")
    assert "Worum geht es?" in texts(replies(stack, "form-contact", "maria@example.org"))
    replies(stack, "form-contact", '/inform{"contact_topic":"Verlängerung"}')
    consent = replies(stack, "form-contact", "Meine Karte läuft im Mai ab. Was soll ich tun?")
    assert "Dürfen wir" in texts(consent)
    done = texts(replies(stack, "form-contact", "/affirm"))
    reference = re.search(r"K-[0-9A-Z]{4}-[0-9A-Z]{4}", done).group()
    deadline = time.monotonic() + 15
    while not any(reference in m["Subject"] for m in stack.inbox.messages):
        assert time.monotonic() < deadline, "the request did not reach the SMTP server"
        time.sleep(0.2)


def test_a_question_inside_a_form_is_answered_and_the_form_goes_on(stack):
    replies(stack, "form-digress", "/book_appointment")
    answer = replies(stack, "form-digress", "Wann habt ihr geöffnet?")
    assert "08:00" in texts(answer)  # the office's opening hours
    assert "Wofür brauchen Sie den Termin?" in texts(answer)  # the form asks again
    stopped = replies(stack, "form-digress", "abbrechen")
    assert "nichts wurde gebucht oder gesendet" in texts(stopped)
    # the form is over: a new question gets a normal answer
    assert "§ 18g" in texts(replies(stack, "form-digress", "Was ist die Blaue Karte EU?"))


def test_the_extension_form_says_by_when_to_apply(stack):
    asked = replies(stack, "form-extension", "Mein Aufenthaltstitel läuft bald ab, was tun?")
    assert "Bis wann ist Ihr Aufenthaltstitel gültig?" in texts(asked)
    plan = texts(replies(stack, "form-extension", "gültig bis 15.03.2031"))
    assert "15. März 2031" in plan and "Januar 2031" in plan  # 8 weeks lead time
    assert "§ 81 Abs. 4 AufenthG" in plan
