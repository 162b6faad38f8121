"""Days of the month named without their month ("17го", "۱۵ام", "am 18.", "on the 18th"):
the day wished for an appointment and the offer meant (dates.py reads whole dates)."""

import re
from datetime import date
from typing import List, Optional

from actions.forms.dates import day_number_words, next_day_of_month, normalize
from lotse_common.script import arabic_script_folded

# a day of the month with a Russian or Ukrainian case ending ("17го", "18-го", "17 числа")
CASE_ENDED_DAY = re.compile(
    r"(?<![\d.:])(?:([12]?\d|3[01])\s*-?(?:го|ого)(?!\w)|([12]?\d|3[01])\s+числа)")
# the Persian ordinal ending on a day of the month: "۱۵ام", "15om" (Fingilish)
PERSIAN_ORDINAL_DAY = re.compile(r"(?<![\d.:])([12]?\d|3[01])\s*-?(?:ام|م|om|vom)(?!\w)")
# a day of the month wished for with its article: "am 18.", "den 18.", "on the 18th"
WISHED_DAY = re.compile(r"(?:^|\s)(?:am|den|zum|on the|the)\s+([12]?\d|3[01])(?:\.|st|nd|rd|th)"
                        r"(?![\d\w])", re.IGNORECASE)


def case_ended_days(text: str, language: str) -> List[int]:
    """Days of the month named without their month the Russian and Ukrainian way: "17го",
    "18-го", "17 числа", "сімнадцятого" (from the third on: "першого", "другого" are also
    "the first one", "another"); the Persian way: "۱۵ام", "15om"."""
    days = [int(a or b) for a, b in CASE_ENDED_DAY.findall(text)]
    if language == "fa":
        folded = arabic_script_folded(text, persian=True)  # "۱۵ام": ASCII digits
        days += [int(day) for day in PERSIAN_ORDINAL_DAY.findall(folded)]
    if language in ("ru", "uk"):
        words = day_number_words(language)
        days += [words[token] for token in normalize(text).split()
                 if token in words and token.endswith("го") and words[token] >= 3]
    return days


def wished_day(text: str, language: str, today: date) -> Optional[date]:
    """The next day with the number wished for, its month left out: "17го после обеда",
    "am 18. wenn es geht", "on the 18th"."""
    numbers = case_ended_days(text, language) or [int(n) for n in WISHED_DAY.findall(text)]
    return next_day_of_month(numbers[0], today) if numbers else None
