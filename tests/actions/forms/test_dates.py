"""Dates and preferred days as citizens type them, in every supported language."""

from datetime import date

import pytest

from actions.forms.dates import parse_date, parse_day_preference

MONDAY = date(2026, 11, 23)  # a Monday in November


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("gültig bis 15.03.2027", "de", date(2027, 3, 15)),
        ("bis 15.3.", "de", date(2027, 3, 15)),  # no year, months ahead: next March
        ("2027-01-02", "en", date(2027, 1, 2)),
        ("valid until March 15, 2027", "en", date(2027, 3, 15)),
        ("5/20/2027", "en", date(2027, 5, 20)),  # month first, recognisably
        ("15 березня 2027", "uk", date(2027, 3, 15)),
        ("abgelaufen am 10.11.", "de", date(2026, 11, 10)),  # recently: this year
        ("31.02.2027", "de", None),
        ("hallo", "de", None),
    ],
)
def test_explicit_dates(text, language, expected):
    assert parse_date(text, language, MONDAY) == expected


def test_next_week_in_the_morning_is_next_weeks_monday_to_sunday_before_noon():
    preference = parse_day_preference("nächste Woche vormittags", "de", MONDAY)
    assert (preference.earliest, preference.latest) == (date(2026, 11, 30), date(2026, 12, 6))
    assert preference.part_of_day == "morning"


@pytest.mark.parametrize(
    "text, language, weekday",
    [
        ("am Dienstag nachmittag", "de", 1),
        ("thursday afternoon", "en", 3),
        ("perşembe öğleden sonra", "tr", 3),
        ("يوم الخميس بعد الظهر", "ar", 3),
        ("в середу після обіду", "uk", 2),
    ],
)
def test_weekdays_and_parts_of_day_in_every_language(text, language, weekday):
    preference = parse_day_preference(text, language, MONDAY)
    assert preference.weekdays == (weekday,)
    assert preference.part_of_day == "afternoon"


def test_soonest_and_tomorrow():
    soonest = parse_day_preference("so bald wie möglich", "de", MONDAY)
    assert soonest.earliest == MONDAY and soonest.latest > MONDAY
    tomorrow = parse_day_preference("tomorrow morning", "en", MONDAY)
    assert (tomorrow.earliest, tomorrow.latest) == (date(2026, 11, 24),) * 2


def test_a_text_without_any_time_is_not_a_preference():
    assert parse_day_preference("ich weiß nicht", "de", MONDAY) is None
    # "so" (Sunday's abbreviation) is an ordinary word, not a day
    assert parse_day_preference("so ist das", "de", MONDAY) is None
