"""Times of day as citizens type them when choosing an offered time: "halb zehn", "9 am",
"dokuz buçuk", "пів на дев'яту", "ساعت نه و نیم"."""

import pytest

from actions.forms.choices import time_of_day


@pytest.mark.parametrize(
    "language, text, clock",
    [
        ("de", "halb zehn", (9, 30)),
        ("de", "um halb drei", (14, 30)),
        ("de", "14 Uhr passt", (14, None)),
        ("de", "9.30 Uhr", (9, 30)),
        ("en", "9 am", (9, None)),
        ("en", "take the 9:30 one", (9, 30)),
        ("en", "half past two", (14, 30)),
        ("en", "2 pm", (14, None)),
        ("en", "the 3pm one", (15, None)),  # written together, as on phones
        ("de", "14uhr", (14, None)),
        # the minutes after "Uhr" were dropped: "9 uhr zwanzig" was booked at 9:00
        ("de", "9 uhr zwanzig bitte", (9, 20)),
        ("de", "9 uhr 20", (9, 20)),
        ("de", "neun Uhr vierzig", (9, 40)),
        ("tr", "saat 10", (10, None)),
        ("tr", "dokuz buçuk", (9, 30)),
        ("tr", "10'da olur", (10, None)),
        ("ar", "الساعة 9", (9, None)),
        ("ar", "الساعة التاسعة والنصف", (9, 30)),
        # "nine and a third" was booked as 9:00 ("الساعة" marks the hour, the third was lost)
        ("ar", "الساعة تسعة وتلت اذا ممكن", (9, 20)),
        ("ar", "تسعة وربع", (9, 15)),
        ("ar", "عشرة إلا ربع", (9, 45)),
        ("de", "viertel vor zehn", (9, 45)),
        ("de", "geht viertel nach drei?", (15, 15)),
        ("en", "quarter to ten", (9, 45)),
        ("uk", "о 9:30", (9, 30)),
        ("uk", "пів на десяту", (9, 30)),
        ("uk", "давайте в понеділок пів на девяту", (8, 30)),  # the apostrophe left out
        ("fa", "سه شنبه ساعت نه و نیم", (9, 30)),  # "nine and a half", with the "and"
        ("ru", "давайте в полтретьего", (14, 30)),  # the next hour's ordinal, glued on
        ("ru", "в половине восьмого", (7, 30)),
        ("ru", "в девять", (9, None)),
        ("ar", "يوم التلات الساعة تمانية", (8, None)),  # the number as it is said
        # romanised Russian and Fingilish, as typed on Latin keyboards
        ("ru", "v devyat", (9, None)),
        ("ru", "davayte v desyat", (10, None)),
        ("fa", "seshanbe saat noh", (9, None)),
    ],
)
def test_a_time_of_day_is_read_in_words(language, text, clock):
    assert time_of_day(text, language) == clock


@pytest.mark.parametrize("text", ["den zweiten bitte", "Dienstag passt", "nächste Woche"])
def test_words_that_are_no_time_of_day_are_not_read_as_one(text):
    assert time_of_day(text, "de") is None
