"""A public holiday or a closing day of the office named with a walk-in or opening-hours
question: "Kann ich am 25.12. ohne Termin die Karte abholen?" got "yes, Fridays 8–12" and the
citizen would have stood at a closed door."""

from datetime import date

import pytest

from actions import office_answers, walk_in
from actions.asked import ActionAnswerTopic
from tests.actions.forms.conftest import responses, run


class SixthOfDecember2026(date):
    @classmethod
    def today(cls):
        return cls(2026, 12, 6)


@pytest.fixture(autouse=True)
def december(monkeypatch):
    # the sample office closes on 24 and 31 December 2026; 25 and 26 are holidays in Bavaria
    monkeypatch.setattr(walk_in, "date", SixthOfDecember2026)
    monkeypatch.setattr(office_answers, "date", SixthOfDecember2026)


@pytest.mark.parametrize("text, language, day", [
    ("Kann ich am 25.12. ohne Termin die Karte abholen?", "de", "25. Dezember 2026"),
    ("can I pick up my card on 24.12. without an appointment?", "en", "December 24, 2026"),
    ("можно забрать карту без записи 31.12.?", "ru", "31 декабря 2026"),
])
def test_a_holiday_or_closing_day_asked_for_a_walk_in_is_closed(domain_dict, text, language,
                                                                  day):
    messages, _ = run(ActionAnswerTopic(), domain_dict, text, intent="eat_card",
                      language=language)
    assert responses(messages)[0] == "utter_closed_on_days", text
    assert day in messages[0]["days"]
    assert "utter_next_step" in responses(messages)  # the booking as the way forward


def test_a_weekday_the_office_is_closed_asked_for_a_walk_in_is_closed(domain_dict):
    messages, _ = run(ActionAnswerTopic(), domain_dict, "can I pick up my card on Wednesday "
                      "without an appointment?", intent="eat_card", language="en")
    assert responses(messages)[0] == "utter_closed_on_days"
    assert messages[0]["days"] == "Wednesday"


def test_a_working_day_asked_for_a_walk_in_is_yes(domain_dict):
    messages, _ = run(ActionAnswerTopic(), domain_dict,
                      "Kann ich am 22.12. ohne Termin die Karte abholen?", intent="eat_card")
    assert responses(messages)[0] == "utter_walk_in"


def test_opening_hours_asked_for_a_holiday_say_closed(domain_dict):
    from actions.asked import ActionAnswerOffice

    messages, _ = run(ActionAnswerOffice(), domain_dict, "habt ihr am 25.12. offen?",
                      intent="office_hours")
    assert responses(messages) == ["utter_closed_on_days"]
    assert "25. Dezember 2026" in messages[0]["days"]
    messages, _ = run(ActionAnswerOffice(), domain_dict, "habt ihr am 22.12. offen?",
                      intent="office_hours")
    assert responses(messages) != ["utter_closed_on_days"]


def test_a_walk_in_follow_up_without_the_service_is_about_the_card_pickup_before(domain_dict):
    # "ok tuesday 4 pm then, without appointment is ok?" after the card pickup's walk-in
    # answer got the opening hours, no yes or no
    from actions.asked import ActionAnswerOffice

    messages, _ = run(ActionAnswerOffice(), domain_dict,
                      "ok tuesday 4 pm then, without appointment is ok?", intent="office_hours",
                      language="en", slots={"topic": "eat_card"})
    assert responses(messages)[0] == "utter_walk_in_not_then"
    # without a conversation about a walk-in service it stays the opening hours
    messages, _ = run(ActionAnswerOffice(), domain_dict,
                      "ok tuesday 4 pm then, without appointment is ok?", intent="office_hours",
                      language="en")
    assert responses(messages)[0] != "utter_walk_in_not_then"
