"""Dates and preferred days as citizens type them, in every supported language."""

from datetime import date, timedelta

import pytest

from actions.forms.choices import ordinal
from actions.forms.dates import parse_date
from actions.forms.day_wish import changed_preference, parse_day_preference

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
        # the number next to the month, not the paragraph's
        ("у мене параграф 24, дозвіл закінчується 4 березня 2027", "uk", date(2027, 3, 4)),
        ("abgelaufen am 10.11.", "de", date(2026, 11, 10)),  # recently: this year
        ("我的居留许可2031年3月4日到期", "zh", date(2031, 3, 4)),  # Chinese: no spaces
        ("3月15号到期", "zh", date(2027, 3, 15)),
        # English months in Hinglish, Serbian months (and their genitive) in Croatian data
        ("4 march 2031 tak valid hai", "hi", date(2031, 3, 4)),
        ("vazi do 4. marta 2031", "hr", date(2031, 3, 4)),
        ("vale ate 4 de março de 2031", "pt", date(2031, 3, 4)),
        ("the 4th of March 2031", "en", date(2031, 3, 4)),
        ("важи до 4. марта 2031", "hr", date(2031, 3, 4)),
        # the day in Turkish words, after "ayının" and with its case ending: "ocak ayının on
        # beşinde" was read as the 1st ("on" = ten alone, then the month's start)
        ("ocak ayının on beşinde bitiyor", "tr", date(2027, 1, 15)),
        ("on beş ocak", "tr", date(2027, 1, 15)),
        ("ocak ayının beşinde", "tr", date(2027, 1, 5)),
        ("on bir ocak", "tr", date(2027, 1, 11)),
        # Levantine month names are two words: "كانون الثاني" (January), also as spoken
        ("31 كانون الثاني 2027", "ar", date(2027, 1, 31)),
        ("بتخلص 31 كانون التاني", "ar", date(2027, 1, 31)),
        ("31.02.2027", "de", None),
        ("hallo", "de", None),
    ],
)
def test_explicit_dates(text, language, expected):
    assert parse_date(text, language, MONDAY) == expected


@pytest.mark.parametrize(
    "text, language, expected",
    [
        # inside a sentence, not only alone: the card ends ahead, not as far back
        ("hi, my residence permit expires in 3 weeks, what now?", "en", MONDAY + timedelta(21)),
        ("Добрый день, у меня ВНЖ заканчивается через месяц, что делать?", "ru",
         date(2026, 12, 23)),
        ("bonjour, mon titre de séjour expire dans un mois, que faire ?", "fr",
         date(2026, 12, 23)),
        ("mein Titel ist vor zehn Tagen abgelaufen, was nun?", "de", MONDAY - timedelta(10)),
    ],
)
def test_a_relative_date_in_a_sentence_is_counted_from_today_the_right_way(
        text, language, expected):
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


def test_a_time_of_day_with_dots_is_no_date():
    # "Dienstag 9.30" was read as 30 September (day and month swapped), a day long past
    wish = parse_day_preference("Dienstag 9.30", "de", MONDAY)
    assert wish.weekdays == (1,) and wish.earliest == MONDAY
    assert parse_date("um 14.45", "de", MONDAY) is None


def test_soonest_and_tomorrow():
    soonest = parse_day_preference("so bald wie möglich", "de", MONDAY)
    assert soonest.earliest == MONDAY and soonest.latest > MONDAY
    tomorrow = parse_day_preference("tomorrow morning", "en", MONDAY)
    assert (tomorrow.earliest, tomorrow.latest) == (date(2026, 11, 24),) * 2


def test_a_text_without_any_time_is_not_a_preference():
    assert parse_day_preference("ich weiß nicht", "de", MONDAY) is None
    # "so" (Sunday's abbreviation) is an ordinary word, not a day
    assert parse_day_preference("so ist das", "de", MONDAY) is None


THURSDAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    "text, language, latest",
    [
        # "before": the day before; "until": that day; a journey: the day before it
        ("vor Freitag bitte", "de", date(2026, 12, 3)),
        ("bis Mittwoch", "de", date(2026, 12, 9)),
        ("vor dem 10.12.", "de", date(2026, 12, 9)),
        ("ich brauche dringend einen Termin, ich fliege am Freitag in die Türkei", "de",
         date(2026, 12, 3)),
        ("before monday please", "en", date(2026, 12, 6)),
        ("my flight is on Tuesday", "en", date(2026, 12, 7)),
        ("cumartesiye kadar", "tr", date(2026, 12, 5)),
        ("pazartesi günü uçuyorum", "tr", date(2026, 12, 6)),
        ("قبل يوم الاثنين", "ar", date(2026, 12, 6)),
        ("до понеділка", "uk", date(2026, 12, 6)),
        # said on a Thursday, "before Thursday" is next week's
        ("vor Donnerstag", "de", date(2026, 12, 9)),
        # the journey told the other way round, weekday names of two words, Chinese without
        # spaces, Devanagari vowel signs
        ("am Samstag fliege ich nach Hause", "de", date(2026, 12, 4)),
        ("em bay vào thứ bảy", "vi", date(2026, 12, 4)),
        ("我星期六的飞机", "zh", date(2026, 12, 4)),
        ("मेरी flight शनिवार को है", "hi", date(2026, 12, 4)),
    ],
)
def test_a_deadline_offers_only_days_before_it(text, language, latest):
    preference = parse_day_preference(text, language, THURSDAY)
    assert (preference.earliest, preference.latest) == (THURSDAY, latest)
    assert preference.weekdays == ()  # never the day of the flight itself


def test_a_deadline_keeps_the_other_wishes():
    both = parse_day_preference("nächste Woche vormittags, vor Donnerstag", "de", THURSDAY)
    assert (both.earliest, both.latest, both.part_of_day) == (
        date(2026, 12, 7), date(2026, 12, 9), "morning")
    span = parse_day_preference("von Montag bis Mittwoch", "de", THURSDAY)
    assert span.weekdays == (0, 1, 2) and span.latest == date(2026, 12, 9)


def test_a_later_deadline_replaces_the_days_said_before():
    flight = parse_day_preference("my flight is on Thursday", "en", THURSDAY)
    earlier = changed_preference("anything before Wednesday would be better", "en", THURSDAY,
                                 flight)
    assert (flight.latest, earlier.latest) == (date(2026, 12, 9), date(2026, 12, 8))


def test_words_that_only_look_like_a_deadline_are_none():
    assert parse_day_preference("vor zwei Wochen", "de", THURSDAY) is None
    assert parse_day_preference("vor 10 Uhr", "de", THURSDAY) is None


@pytest.mark.parametrize(
    "text, language, weekday",
    [
        ("Donnerstag bitte", "en", 3),  # a German day in an English chat
        ("perşembe", "de", 3),
        ("в среду утром", "uk", 2),  # Russian, in a Ukrainian chat
        ("среда", "de", 2),
    ],
)
def test_a_day_in_another_language_is_still_a_day(text, language, weekday):
    assert parse_day_preference(text, language, MONDAY).weekdays == (weekday,)


@pytest.mark.parametrize(
    "text, language",
    [
        ("nächste woche aber bitte nicht montag, da arbeite ich", "de"),
        ("next week but not monday", "en"),
        ("наступного тижня, але не в понеділок", "uk"),
        ("gelecek hafta, pazartesi olmasin", "tr"),
    ],
)
def test_a_day_ruled_out_is_not_offered(text, language):
    preference = parse_day_preference(text, language, THURSDAY)
    assert 0 not in preference.weekdays and {1, 3, 4} <= set(preference.weekdays)


def test_not_before_a_day_and_before_a_day_of_the_month():
    later = parse_day_preference("nicht vor Freitag", "de", THURSDAY)
    assert later.earliest == date(2026, 12, 4) and later.weekdays == ()
    trip = parse_day_preference("can i get an appointment before my trip on the 20th", "en",
                                THURSDAY)
    assert (trip.earliest, trip.latest) == (THURSDAY, date(2026, 12, 19))
    assert parse_day_preference("muss vor dem 20. sein", "de", THURSDAY).latest == date(
        2026, 12, 19)


@pytest.mark.parametrize(
    "text, language, first_day",
    [
        ("in einem Monat", "de", date(2026, 12, 23)),
        ("in zwei Wochen", "de", date(2026, 12, 7)),
        ("in two weeks", "en", date(2026, 12, 7)),
        ("bir ay sonra", "tr", date(2026, 12, 23)),
        ("بعد شهر", "ar", date(2026, 12, 23)),
        ("через місяць", "uk", date(2026, 12, 23)),
    ],
)
def test_in_a_month_offers_that_week(text, language, first_day):
    # a playtest: "بعد شهر" got "I could not match that to a day"
    preference = parse_day_preference(text, language, MONDAY)
    assert (preference.earliest, preference.latest) == (first_day, first_day + timedelta(days=6))


def test_in_a_month_keeps_the_time_of_day():
    preference = parse_day_preference("nachmittags in drei Wochen", "de", MONDAY)
    assert (preference.earliest, preference.part_of_day) == (date(2026, 12, 14), "afternoon")


@pytest.mark.parametrize("text, language", [
    ("my card expires on 20 january, can i book an appointment next week in the morning?", "en"),
    ("meine karte läuft am 20. januar ab, termin nächste woche vormittags?", "de"),
    ("kartım 20 ocakta bitiyor, gelecek hafta sabah randevu alabilir miyim", "tr"),
])
def test_the_cards_end_told_with_the_wish_is_no_appointment_day(text, language):
    # the wish is next week's mornings; the expiry day (a Wednesday, closed) is only the limit
    preference = parse_day_preference(text, language, THURSDAY)
    assert (preference.earliest, preference.latest, preference.part_of_day) == (
        date(2026, 12, 7), date(2026, 12, 13), "morning")


def test_the_cards_end_alone_asks_for_a_day_before_it():
    preference = parse_day_preference("my card expires on 10 december", "en", THURSDAY)
    assert (preference.earliest, preference.latest) == (THURSDAY, date(2026, 12, 9))


@pytest.mark.parametrize("text, language", [
    ("el mittwoch", "es"), ("mittwoch de préférence", "fr"), ("в mittwoch", "ru"),
    ("chaharshanbe ya mittwoch", "fa"), ("Mittwoch", "tr")])
def test_a_german_weekday_inside_another_language_is_understood(text, language):
    preference = parse_day_preference(text, language, date(2026, 12, 4))
    assert preference is not None and preference.weekdays == (2,)


@pytest.mark.parametrize(
    "text, language",
    [
        ("je ne sais pas qui peut venir avec moi", "fr"),  # Portuguese "qui" is Thursday
        ("dobro jutro, trebam termin", "hr"),  # Polish "jutro" is tomorrow
        ("tôi đi qua văn phòng được không", "vi"),  # Portuguese "qua" is Wednesday
    ],
)
def test_words_of_another_language_name_no_day(text, language):
    """Another language's weekdays count by their full names only ("Donnerstag" in an
    English chat), not by abbreviations or relative words that are words here."""
    assert parse_day_preference(text, language, MONDAY) is None


def test_levantine_month_names_and_spoken_ordinals_are_understood():
    # Syrians write the Syriac month names: "28 شباط 2027" is 28 February, not "not understood"
    assert parse_date("بتخلص 28 شباط 2027", "ar", THURSDAY) == date(2027, 2, 28)
    assert parse_date("١٥ آذار", "ar", THURSDAY) == date(2027, 3, 15)
    # "التاني" is how "the second" is spoken in Levantine and Egyptian Arabic
    assert ordinal("التاني", "ar", 5) == 1 and ordinal("بدي التالت", "ar", 5) == 2


def test_a_vietnamese_ordinal_is_no_monday():
    # "cái thứ hai" (the second one) was read as Monday ("thứ hai"): "Understood: Monday"
    from actions.forms.day_wish import parse_day_preference

    today = date(2026, 12, 6)
    for text in ("cái thứ hai", "cai thu hai", "lựa chọn thứ hai"):
        assert parse_day_preference(text, "vi", today) is None, text
    assert parse_day_preference("thứ hai buổi sáng", "vi", today).weekdays == (0,)


@pytest.mark.parametrize("text, language, expected", [
    ("в нього до кінця січня", "uk", date(2027, 1, 31)),  # was said back as "до 1 січня"
    ("bis Ende Januar", "de", date(2027, 1, 31)),
    ("until the end of february", "en", date(2027, 2, 28)),
    ("Anfang Februar", "de", date(2027, 2, 1)),  # a month alone: its first day, as before
])
def test_the_end_of_a_month_is_its_last_day_not_its_first(text, language, expected):
    from actions.forms.dates import month_start

    assert month_start(text, language, date(2026, 12, 7)) == expected


@pytest.mark.parametrize(
    "text, language, day",
    [
        # "запишите меня на продление, 17го после обеда" was offered Tuesday the 8th
        ("запишите меня на продление, 17го после обеда", "ru", date(2026, 12, 17)),
        ("в пʼятницю, якщо можна 18-го", "uk", date(2026, 12, 18)),
        ("сімнадцятого після обіду", "uk", date(2026, 12, 17)),
        ("давайте 17 числа", "ru", date(2026, 12, 17)),
        ("am 18. wenn es geht", "de", date(2026, 12, 18)),
        ("on the 18th please", "en", date(2026, 12, 18)),
        ("am 2. vormittags", "de", date(2027, 1, 2)),  # gone this month: the next one
        # Persian ordinal endings, also in Fingilish with its weekday ("Tuesday the 15th")
        ("seshanbe 15om saat 9", "fa", date(2026, 12, 15)),
        ("۱۵ام ساعت ۹", "fa", date(2026, 12, 15)),
    ],
)
def test_a_day_of_the_month_without_its_month_is_that_day(text, language, day):
    wish = parse_day_preference(text, language, date(2026, 12, 7))
    assert (wish.earliest, wish.latest) == (day, day)


def test_another_day_is_no_day_of_the_month():
    # "другого дня" (another day) is also the genitive of "the second"
    assert parse_day_preference("другого дня", "uk", date(2026, 12, 7)) is None


@pytest.mark.parametrize("text, language", [
    # "не цього тижня а наступного" was offered this week's days: the "не" ruled out both
    ("не цього тижня а наступного", "uk"),
    ("не на этой неделе, а на следующей", "ru"),
    ("nicht diese woche sondern nächste", "de"),
    ("bu hafta olmaz, haftaya", "tr"),
])
def test_not_this_week_is_the_next_week(text, language):
    wish = parse_day_preference(text, language, date(2026, 12, 7))
    assert (wish.earliest, wish.latest) == (date(2026, 12, 14), date(2026, 12, 20))


def test_fingilish_weekdays_are_days():
    # "nobat baraye seshanbe sobh" (an appointment on Tuesday morning) named no day
    wish = parse_day_preference("nobat baraye seshanbe sobh", "fa", date(2026, 12, 7))
    assert wish.weekdays == (1,)
    assert parse_day_preference("panjshanbe ba'd az zohr", "fa", date(2026, 12, 7)).weekdays == (3,)
