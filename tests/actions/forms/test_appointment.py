"""Booking through the appointment form's actions, against the embedded SQLite calendar and
an HTTP calendar that is down."""

import asyncio
import socket
import sqlite3
import threading
import time
from datetime import date, datetime, timedelta

import pytest
from babel.dates import format_date
from rasa_sdk.executor import CollectingDispatcher

from actions.appointments import access
from actions.appointments.access import backend_for
from actions.forms.appointment import (
    ActionAskAppointmentStart,
    ActionAskService,
    ValidateAppointmentForm,
)
from actions.forms.booking import ActionBookAppointment
from actions.office import current_registry
from tests.actions.appointments.fake_calendar_server import STARTS, FakeCalendarServer
from tests.actions.forms.conftest import responses, run
from tests.conftest import make_tracker, user_event

FORM = ValidateAppointmentForm()


def next_monday() -> date:
    today = date.today()
    return today + timedelta(days=7 - today.weekday())


def offer(domain_dict, text="nächste Woche vormittags", service="extension"):
    return run(FORM, domain_dict, text, slots={"service": service}, requested="preferred_days")


def test_a_typed_service_name_or_the_question_topic_selects_the_service(domain_dict):
    _, slots = run(FORM, domain_dict, "für die Verlängerung", requested="service")
    assert slots["service"] == "extension"
    _, slots = run(FORM, domain_dict, "Blaue Karte", intent="blue_card", requested="service")
    assert slots["service"] == "blue_card"


def test_a_service_the_chat_cannot_book_is_asked_again(domain_dict):
    messages, slots = run(FORM, domain_dict, "Hundesteuer", requested="service", confidence=0.3)
    assert slots["service"] is None
    assert responses(messages) == ["utter_invalid_service"]


def test_preferred_days_lead_to_at_most_five_free_times_that_match(domain_dict):
    messages, slots = offer(domain_dict)
    options = [datetime.fromisoformat(o) for o in slots["appointment_options"]]
    week = {next_monday() + timedelta(days=i) for i in range(7)}
    assert 1 <= len(options) <= 5 and messages == []
    assert all(o.date() in week and o.hour < 12 for o in options)


def test_the_free_times_are_offered_as_buttons_plus_other_days(domain_dict):
    _, slots = offer(domain_dict, "Donnerstag nachmittags")
    messages, _ = run(ActionAskAppointmentStart(), domain_dict, slots=slots)
    buttons = messages[0]["buttons"]
    assert len(buttons) == len(slots["appointment_options"]) + 1
    assert buttons[0]["payload"] == (
        '/inform{"appointment_start":"' + slots["appointment_options"][0] + '"}'
    )
    assert buttons[0]["title"].startswith("Do.")  # Thursday, in German
    assert buttons[-1] == {"title": "Andere Tage", "payload": '/inform{"preferred_days":"other"}'}


def test_two_days_each_with_its_part_of_the_day_offer_both(domain_dict):
    # "четверг после обеда или в пятницу с утра" was offered Thursday and Friday mornings
    _, slots = offer(domain_dict, "Donnerstag nachmittags oder Freitag vormittags")
    offered = [datetime.fromisoformat(o) for o in slots["appointment_options"]]
    assert offered and all((o.weekday(), o.hour >= 12) in ((3, True), (4, False))
                           for o in offered)
    assert any(o.weekday() == 3 for o in offered)


def test_a_day_the_office_is_closed_is_said_with_the_opening_hours(domain_dict):
    messages, slots = offer(domain_dict, "Mittwoch")  # the sample office is closed on Wednesdays
    offered = [datetime.fromisoformat(o) for o in slots["appointment_options"]]
    assert offered and all(o.weekday() != 2 for o in offered)  # the nearest times instead
    assert responses(messages) == ["utter_closed_on_days"]
    assert messages[0]["days"] == "Mittwoch" and "Do." in messages[0]["hours"]
    # the same in a Ukrainian chat, the day written in Russian
    messages, _ = run(FORM, domain_dict, "в среду", slots={"service": "extension"},
                      requested="preferred_days", language="uk")
    assert responses(messages) == ["utter_closed_on_days"] and messages[0]["days"] == "середа"
    # French writes weekdays in lower case, also in the middle of "Le {days}, nous …"
    from datetime import date

    from actions.forms.appointment_choice import closed_days
    from actions.forms.day_wish import DayPreference

    office = current_registry().default
    wednesday = DayPreference(date(2026, 12, 7), date(2026, 12, 13), (2,), "any")
    assert closed_days(office, wednesday, "fr") == "mercredi"


def test_a_day_without_free_times_gets_the_nearest_free_times(domain_dict):
    # "In diesem Zeitraum ist leider kein Termin frei" and the question again was a dead end
    day = date.today() + timedelta(days=60)  # beyond the booking horizon, on an opening day
    while day.weekday() in (2, 5, 6):
        day += timedelta(days=1)
    messages, slots = offer(domain_dict, f"am {day:%d.%m.%Y} nachmittags")
    # (first how far ahead the office books: the day is beyond it)
    assert responses(messages) == ["utter_beyond_booking_horizon",
                                   "utter_no_free_slots_nearby"]  # not "call us"
    offered = [datetime.fromisoformat(o) for o in slots["appointment_options"]]
    assert offered and all(o.date() < day and o.hour >= 12 for o in offered)
    assert slots["preferred_days"]["part_of_day"] == "afternoon"  # the wish that could be kept


def test_a_time_named_with_the_day_is_offered_first(domain_dict):
    # "Dienstag um halb zehn": Tuesday 9:30 is the first offer, not 8:00 with 9:30 fifth
    for text, wanted in (("Dienstag um halb zehn", (9, 30)), ("dienstags um 15 uhr", (15, 0)),
                         ("Dienstag 10.30", (10, 30))):
        _, slots = offer(domain_dict, text)
        first, *others = [datetime.fromisoformat(o) for o in slots["appointment_options"]]
        assert first.weekday() == 1 and (first.hour, first.minute) == wanted, text
        assert all(o.weekday() == 1 for o in others)


def test_a_time_named_before_the_service_is_known_is_still_offered_first(domain_dict):
    # "Termin am Dienstag um 15 Uhr" asks which matter; the answer "Verlängerung" searched
    # without the time: Tuesday 8:00 came first
    _, told = run(FORM, domain_dict, "ich brauche einen Termin am Dienstag um 15 Uhr",
                  intent="book_appointment")
    assert "appointment_options" not in told and told["preferred_days"]["weekdays"] == [1]
    _, slots = run(FORM, domain_dict, "Verlängerung", requested="service",
                   slots={"preferred_days": told["preferred_days"]})
    first = datetime.fromisoformat(slots["appointment_options"][0])
    assert (first.weekday(), first.hour) == (1, 15)
    # Turkish without the apostrophe: "salı saat 10da"
    _, slots = run(FORM, domain_dict, "salı saat 10da randevu istiyorum", language="tr",
                   intent="book_appointment", slots={"service": "extension"})
    first = datetime.fromisoformat(slots["appointment_options"][0])
    assert (first.weekday(), first.hour) == (1, 10)


def test_a_flight_named_first_offers_only_times_before_it(domain_dict):
    flight = date.today() + timedelta(days=7)  # the same weekday next week
    day = format_date(flight, "EEEE", locale="de")
    text = f"ich brauche dringend einen termin für die verlängerung, ich fliege am {day}"
    messages, slots = run(FORM, domain_dict, text, intent="book_appointment")
    options = [datetime.fromisoformat(o) for o in slots["appointment_options"]]
    assert options and all(o.date() < flight for o in options)
    assert slots["service"] == "extension"


def test_nothing_free_before_the_deadline_gives_the_phone_for_urgent_cases(domain_dict):
    tomorrow = format_date(date.today() + timedelta(days=1), "EEEE", locale="de")
    # "before tomorrow" is today: the sample office needs 12 hours' notice
    messages, slots = offer(domain_dict, f"vor {tomorrow}")
    office = current_registry().default
    if not office.opening_hours.intervals(date.today().weekday()):
        # run on a day the office is closed (weekend, Wednesday): that is what is said
        assert responses(messages) == ["utter_closed_on_days"]
        return
    if slots.get("appointment_options"):
        # run early in the day: today's afternoon lies beyond the notice; only times of today
        offered = [datetime.fromisoformat(o) for o in slots["appointment_options"]]
        assert all(o.date() == date.today() for o in offered)
        return
    assert responses(messages) == ["utter_no_free_slots"]
    assert messages[0]["phone"] == office.contact.phone


def test_an_expired_card_is_said_to_need_action_now_before_the_times(domain_dict):
    text = "ich brauche einen termin, meine karte ist abgelaufen"
    messages, slots = run(FORM, domain_dict, text, intent="book_appointment")
    assert slots["service"] == "extension"  # a card, not the Blue Card
    said = responses(messages)
    # what an expired title means comes before the times: act now, the legal basis
    assert "sofort" in messages[said.index(None)]["text"]
    assert said.index(None) < said.index("utter_legal_basis")


def test_coming_without_an_appointment_is_answered_with_the_hours_not_a_booking(domain_dict):
    for text, language in (("kann ich ohne Termin kommen?", "de"),
                           ("bebekle randevusuz gelebilir miyim? kacta aciksiniz", "tr")):
        messages, slots = run(FORM, domain_dict, text, intent="book_appointment",
                              language=language)
        assert responses(messages) == ["utter_office_hours", "utter_next_step"]
        assert "Termin" in messages[0]["note"] or "randevu" in messages[0]["note"]
        assert slots.get("service") is None


def test_the_citizen_picks_a_time_by_number_or_clock_time(domain_dict):
    _, offered = offer(domain_dict, "so bald wie möglich")
    options = offered["appointment_options"]
    slots = {"service": "extension", "appointment_options": options}
    _, chosen = run(FORM, domain_dict, "2", slots=slots, requested="appointment_start")
    assert chosen["appointment_start"] == options[1]
    clock = options[0][11:16]
    _, chosen = run(
        FORM, domain_dict, f"den um {clock}", slots=slots, requested="appointment_start"
    )
    assert chosen["appointment_start"] == options[0]


def test_booking_stores_the_appointment_and_tells_the_reference(domain_dict):
    _, offered = offer(domain_dict)
    start = offered["appointment_options"][0]
    slots = {"service": "extension", "appointment_start": start}
    messages, reset = run(ActionBookAppointment(), domain_dict, slots=slots)
    booked = messages[0]
    assert booked["response"] == "utter_appointment_booked"
    stored = backend_for(current_registry().default).find(booked["reference"])
    assert stored is not None and stored.slot.start == datetime.fromisoformat(start)
    assert "Gültiger Reisepass" in messages[1]["documents"]
    assert reset["appointment_start"] is None and reset["service"] is None
    assert reset["topic"] == "extend_permit"  # "was kostet das?" is then about the extension


def test_a_time_taken_meanwhile_offers_other_times_that_book_directly(domain_dict, office_dir):
    office_dir(appointments={"embedded": {"counters": 1, "min_notice_hours": 0}})
    _, offered = offer(domain_dict)
    start = offered["appointment_options"][0]
    slots = {"service": "extension", "appointment_start": start, **offered}
    run(ActionBookAppointment(), domain_dict, slots=slots)
    messages, _ = run(ActionBookAppointment(), domain_dict, slots=slots)
    assert messages[0]["response"] == "utter_appointment_taken"
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads and all(
        p.startswith('/book_appointment{"service": "extension"') for p in payloads
    )
    assert not any(start in p for p in payloads)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_calendar_that_is_down_ends_the_form_with_link_and_phone(domain_dict, office_dir):
    url = f"http://127.0.0.1:{closed_port()}"
    office_dir(appointments={"backend": "http", "http": {"base_url": url, "retries": 0}})
    messages, slots = offer(domain_dict)
    assert responses(messages) == ["utter_appointment_unavailable"]
    assert messages[0]["booking_url"].startswith("https://termine.lk-musterhausen.example")
    assert messages[0]["phone"] == "+49 1234 5678-0"
    assert slots["form_finished"] is True
    # the form ends: nothing is left to ask
    assert slots["requested_slot"] is None


def test_100_concurrent_bookings_for_10_free_times_give_10_bookings_and_90_clear_refusals(
    domain_dict, office_dir
):
    office_dir(appointments={"embedded": {"counters": 1, "min_notice_hours": 0}})
    _, offered = offer(domain_dict, "so bald wie möglich")
    starts = offered["appointment_options"][:5]
    _, later = offer(domain_dict, "nächste Woche nachmittags")
    starts += later["appointment_options"][:5]
    assert len(set(starts)) == 10

    async def attempt(i: int):
        slots = {"service": "extension", "appointment_start": starts[i % 10]}
        tracker = make_tracker([user_event("1", "de", "inform")], slots)
        dispatcher = CollectingDispatcher()
        await ActionBookAppointment().run(dispatcher, tracker, domain_dict)
        return dispatcher.messages[0]["response"]

    async def all_attempts():
        return await asyncio.gather(*(attempt(i) for i in range(100)))

    results = asyncio.run(all_attempts())
    assert results.count("utter_appointment_booked") == 10
    assert results.count("utter_appointment_taken") == 90


@pytest.fixture
def office_system(office_dir):
    """The sample office booking through an HTTP appointment system (a loopback fake)."""
    with FakeCalendarServer() as server:
        office_dir(
            appointments={
                "backend": "http",
                "http": {"base_url": server.url, "read_timeout_seconds": 5},
            }
        )
        yield server


def test_the_form_books_through_the_offices_appointment_system(domain_dict, office_system):
    _, offered = offer(domain_dict, "am 08.12.2026")
    assert offered["appointment_options"] == [s.isoformat(timespec="minutes") for s in STARTS]
    slots = {"service": "extension", "appointment_start": offered["appointment_options"][2]}
    messages, _ = run(ActionBookAppointment(), domain_dict, slots=slots)
    assert messages[0]["response"] == "utter_appointment_booked"
    assert messages[0]["reference"] in office_system.bookings


def test_a_calendar_slower_than_the_limit_ends_the_form_with_link_and_phone(
    domain_dict, office_system, monkeypatch
):
    monkeypatch.setattr(access, "TIMEOUT_SECONDS", 0.3)
    office_system.delay_seconds = 2
    messages, slots = offer(domain_dict, "am 08.12.2026")
    assert responses(messages) == ["utter_appointment_unavailable"]
    assert slots["form_finished"] is True


def test_the_service_question_offers_only_bookable_services_in_the_language(domain_dict):
    messages, _ = run(ActionAskService(), domain_dict, "I need an appointment", "book_appointment",
                      language="en")
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert "Extension of a residence permit" in titles
    assert len(titles) == 10  # every sample service has an appointment type


@pytest.mark.faults
def test_a_calendar_locked_longer_than_the_chat_waits_books_nothing(domain_dict, data_dir):
    """The citizen told to book online must not have an appointment made for her later
    (a ghost booking no one knows of)."""
    _, offered = offer(domain_dict)
    start = offered["appointment_options"][0]
    locker = sqlite3.connect(data_dir / "appointments.db", isolation_level=None,
                             check_same_thread=False)
    locker.execute("BEGIN IMMEDIATE")  # another writer holds the calendar for 6 s
    threading.Timer(6, locker.execute, ["ROLLBACK"]).start()
    began = time.monotonic()
    messages, _ = run(ActionBookAppointment(), domain_dict,
                      slots={"service": "extension", "appointment_start": start})
    assert messages[0]["response"] == "utter_appointment_unavailable"
    assert time.monotonic() - began < access.TIMEOUT_SECONDS + 1
    time.sleep(7)
    with sqlite3.connect(data_dir / "appointments.db") as db:
        assert db.execute("SELECT COUNT(*) FROM bookings").fetchone()[0] == 0
    locker.close()


@pytest.mark.faults
def test_a_booking_the_calendar_completes_after_the_chat_gave_up_is_cancelled(
    domain_dict, office_system, monkeypatch
):
    """The office's system answers after the chat's limit: the citizen is told to book
    online, and the booking made meanwhile must not take the slot for nobody."""
    _, offered = offer(domain_dict, "am 08.12.2026")
    start = offered["appointment_options"][0]
    monkeypatch.setattr(access, "TIMEOUT_SECONDS", 0.3)
    office_system.delay_seconds = 1.5
    tracker = make_tracker([user_event("ja", "de", "affirm")],
                           {"service": "extension", "appointment_start": start})

    async def citizen_and_server():
        dispatcher = CollectingDispatcher()
        await ActionBookAppointment().run(dispatcher, tracker, domain_dict)
        for _ in range(60):  # the server keeps running after the answer
            await asyncio.sleep(0.1)
            if any(b["cancelled"] for b in office_system.bookings.values()):
                break
        return dispatcher.messages

    messages = asyncio.run(citizen_and_server())
    assert messages[0]["response"] == "utter_appointment_unavailable"
    assert [b["cancelled"] for b in office_system.bookings.values()] == [True]


def test_a_preference_searches_as_far_ahead_as_the_office_books(domain_dict, office_dir):
    office_dir(appointments={"embedded": {"booking_horizon_days": 90}})
    _, slots = run(ValidateAppointmentForm(), domain_dict, "montags vormittags",
                   slots={"service": "extension"}, requested="preferred_days")
    latest = date.fromisoformat(slots["preferred_days"]["latest"])
    assert latest - date.today() == timedelta(days=90)


def test_an_appointment_after_an_answer_about_a_service_applied_for_online_says_so(domain_dict):
    # "Termin bitte" after the family reunion answer listed the office's bookable services,
    # none of which fits; that service is applied for online (office catalogue)
    events = [user_event("Ich will meine Frau nachholen", "de", "family_reunion"),
              user_event("ok, dann brauche ich einen Termin", "de", "book_appointment")]
    dispatcher = CollectingDispatcher()
    found = asyncio.run(FORM.run(dispatcher, make_tracker(events, {"requested_slot": None}),
                                 domain_dict))
    assert responses(dispatcher.messages)[-1] == "utter_service_not_bookable"
    assert "familiennachzug" in dispatcher.messages[-1]["online_url"]
    assert {"event": "slot", "name": "form_finished", "value": True} in [
        {k: e[k] for k in ("event", "name", "value")} for e in found]
