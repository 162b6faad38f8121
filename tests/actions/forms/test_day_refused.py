"""A day refused in the same breath as the day wanted: "Montag passt mir nicht, geht
Dienstag um halb zehn?" means Tuesday, never the Monday offered at 9:30."""

from datetime import date, datetime, time

import pytest

from actions.forms.appointment_choice import choose_time
from actions.forms.day_wish import parse_day_preference

TODAY = date(2026, 12, 5)  # a Saturday
MONDAY_0930, TUESDAY_0930 = "2026-12-07T09:30:00", "2026-12-08T09:30:00"


@pytest.mark.parametrize(
    "language, text",
    [
        ("de", "Montag passt mir nicht, geht Dienstag um halb zehn?"),
        ("ar", "الاثنين ما بيزبط معي، في شي يوم التلاتا الساعة تسعة ونص؟"),
        ("ru", "понедельник не подходит, можно во вторник в 9:30?"),
        ("tr", "pazartesi olmaz, salı 9:30 olur mu"),
        ("en", "monday doesnt work for me, tuesday 9:30?"),
    ],
)
def test_the_day_named_after_a_refused_one_is_the_day_meant(language, text):
    assert choose_time(text, [MONDAY_0930, TUESDAY_0930], language, TODAY).chosen == TUESDAY_0930
    # only Monday offered: Tuesday 9:30 is not among the offers — said so, not Monday booked
    only_monday = choose_time(text, [MONDAY_0930], language, TODAY)
    assert only_monday.chosen is None and only_monday.candidates == []


def test_two_days_without_a_refusal_are_both_possible():
    choice = choose_time("Montag oder Dienstag um halb zehn", [MONDAY_0930, TUESDAY_0930], "de",
                         TODAY)
    assert choice.chosen is None and choice.candidates == [MONDAY_0930, TUESDAY_0930]


@pytest.mark.parametrize(
    "language, text, weekdays",
    [
        ("de", "Montag passt mir nicht, geht Dienstag?", (1,)),
        ("de", "Dienstag geht, aber nicht Montag", (1,)),
        ("de", "nächste Woche, Montag geht nicht", (1, 2, 3, 4, 5, 6)),
        ("tr", "pazartesi olmaz, salı olur mu", (1,)),
        ("ar", "الاثنين ما بيزبط معي، التلاتا الصبح؟", (1,)),
        ("es", "el lunes no puedo, el martes?", (1,)),
        # a question asking whether a day is possible refuses nothing
        ("vi", "Mittwoch được ko", (2,)),
        ("vi", "thứ hai không được, thứ ba được không", (1,)),
        ("zh", "周三行不行", (2,)),
        ("zh", "周一不方便，周二可以吗", (1,)),
    ],
)
def test_the_days_wished_leave_out_the_day_refused(language, text, weekdays):
    # the days the form searches free times on, when no times were offered yet
    assert parse_day_preference(text, language, TODAY).weekdays == weekdays


@pytest.mark.parametrize(
    "language, text, part",
    [
        # "afternoons I am at German class" offered only afternoons
        ("fa", "هفته بعد دوشنبه یا چهارشنبه صبح، بعد از ظهر سر کلاس المانی ام", "morning"),
        # "preferably from noon, because mornings I take the child to kindergarten"
        ("fa", "پنجشنبه یا جمعه خوبه، ترجیحا ظهر به بعد چون صبح ها بچه رو میبرم مهد",
         "afternoon"),
        ("ar", "الاتنين او الاربعا، بس الصبح لان بعد الضهر عندي كورس الماني", "morning"),
        ("de", "Montag vormittags, nachmittags habe ich Deutschkurs", "morning"),
        ("de", "lieber nachmittags, weil ich vormittags arbeite", "afternoon"),
        ("en", "afternoon is better because in the morning I have class", "afternoon"),
        # the occupations of the other twelve languages (fr, es, it, pl, … had none)
        ("fr", "mardi, plutôt le matin, l'après-midi j'ai cours", "morning"),
        ("es", "el lunes mejor por la mañana, por la tarde tengo clase", "morning"),
        ("it", "martedì, meglio la mattina, il pomeriggio sono al corso", "morning"),
        ("pt", "à tarde pode ser, de manhã tenho aula", "afternoon"),
        ("ru", "в понедельник утром, после обеда у меня курсы", "morning"),
    ],
)
def test_a_part_of_the_day_refused_with_a_reason_is_not_the_one_wanted(language, text, part):
    assert parse_day_preference(text, language, TODAY).part_of_day == part


@pytest.mark.parametrize(
    "language, text",
    [
        # the "nicht" ends its clause: Monday's, not a "nicht Dienstag"; offered were Mondays
        ("de", "Montag geht nicht, Dienstag vormittags"),
        ("de", "Montag nachmittags geht nicht. Dienstag vormittags?"),
    ],
)
def test_a_day_refused_before_a_comma_leaves_the_next_day(language, text):
    assert parse_day_preference(text, language, TODAY).weekdays == (1,)


@pytest.mark.parametrize(
    "language, text",
    [
        ("ru", "четверг после обеда или в пятницу с утра"),
        ("de", "Donnerstag nachmittags oder Freitag vormittags"),
        ("fa", "پنجشنبه بعدازظهر یا جمعه صبح"),
        ("en", "thursday afternoon or friday morning"),
    ],
)
def test_each_day_keeps_its_own_part_of_the_day(language, text):
    # both wishes were merged into mornings only: Thursday afternoon was never offered
    wish = parse_day_preference(text, language, TODAY)
    thursday, friday = date(2026, 12, 10), date(2026, 12, 11)
    assert wish.wants(datetime.combine(thursday, time(14))) and wish.wants(
        datetime.combine(friday, time(9)))
    assert not wish.wants(datetime.combine(thursday, time(9)))
    assert not wish.wants(datetime.combine(friday, time(14)))


def test_one_part_named_once_is_for_every_day_named():
    wish = parse_day_preference("Montag oder Dienstag, am liebsten vormittags", "de", TODAY)
    assert wish.weekdays == (0, 1) and wish.part_of_day == "morning"


@pytest.mark.parametrize(
    "language, text",
    [
        ("fa", "ظرف ۲ تا ۳ روز دیگه نوبت میخوام"),  # read as a deadline "until the 3rd"
        ("de", "in 2-3 Tagen"),  # read as 2 March
        ("de", "in zwei bis drei Tagen"),
        ("ru", "через 2-3 дня"),
        ("en", "in the next 2 or 3 days"),
    ],
)
def test_a_span_of_days_is_those_days_from_today(language, text):
    wish = parse_day_preference(text, language, TODAY)
    assert (wish.earliest, wish.latest) == (date(2026, 12, 7), date(2026, 12, 8))
