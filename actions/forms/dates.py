"""Dates, weekdays and deadlines as citizens type them, in every supported language.

"15.3.2027", "2027-03-15", "15. März", "March 15", "Montag", "vor Freitag" (the wish for
days built from them is in day_wish.py). Weekday and month names come from CLDR (Babel);
relative words and parts of the day from knowledge/date_words.yml, so a new language is a
data change.
Relative dates ("vor zehn Tagen", "in 3 months", "через три місяці") are left to
dateparser, which knows them in many languages.
"""

import calendar
import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

from babel.dates import get_day_names, get_month_names

from actions import settings
from lotse_common.script import WORD_LETTERS, arabic_script_folded, han_spaced
from lotse_common.yaml_files import read_yaml

NUMERIC = re.compile(r"(?<!\d)(\d{1,2})\s?[./-]\s?(\d{1,2})\.?(?:\s?[./-]\s?(\d{4}|\d{2}))?(?!\d)")
ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
# Chinese (and Japanese) dates: "2031年3月4日", "3月4号"
CJK = re.compile(r"(?:(\d{4})\s?年\s?)?(\d{1,2})\s?月\s?(\d{1,2})\s?[日号]")
# Vietnamese names the month by its number: "10 tháng 1 năm 2027", "ngay 10 thang 1"
VIETNAMESE = re.compile(r"(?<!\d)(\d{1,2})\s+(?:tháng|thang|thg)\s*(\d{1,2})(?!\d)"
                        r"(?:\s+(?:năm|nam)\s+(\d{4}))?", re.IGNORECASE)
DAY_NUMBER = re.compile(r"(?<!\d)(\d{1,2})(?:\.|st|nd|rd|th)?(?!\d)")
YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
# what _normalize removes, except the dots of dates ("vor dem 10.12.")
DATE_KEEPING = re.compile(rf"[^{WORD_LETTERS}'./-]+|(?<!\d)[./-]|[./-](?!\d)")
# a day of the month alone, with an article or an ordinal ending, never a clock time:
# "dem 20", "the 20th", "on the 3rd" (dots are gone by then)
DAY_OF_MONTH = re.compile(
    r"^(?:dem |den |am |the |on the |my \w+ on the |on )?(\d{1,2})(?:st|nd|rd|th)?(?= |$)"
    r"(?! ?(?:uhr|h|am|pm|o clock|oclock)\b)"
)
# a date without a year that lies further back than this is meant for next year
PAST_TOLERANCE = timedelta(days=183)


@lru_cache(maxsize=1)
def date_words() -> Dict[str, Dict]:
    path = settings.KNOWLEDGE_DIR / "date_words.yml"
    return read_yaml(path)


def _unaccented(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


@lru_cache(maxsize=32)
def day_number_words(language: str) -> Dict[str, int]:
    """The language's day numbers in words ("fünfzehnten": 15), normalised."""
    words = date_words().get(language, {}).get("day_words") or {}
    return {normalize(word).strip(): int(number) for word, number in words.items()}


def month_tokens(text: str, months: Dict[str, int]) -> List[str]:
    """The text's words, a month's two-word name as one: "31 كانون الثاني" (Levantine January)."""
    tokens = normalize(text).split()
    joined: List[str] = []
    i = 0
    while i < len(tokens):
        pair = " ".join(tokens[i:i + 2])
        step = 2 if i + 1 < len(tokens) and pair in months else 1
        joined.append(pair if step == 2 else tokens[i])
        i += step
    return joined


def _day_word(token: str, day_words: Dict[str, int], words_of: Dict) -> Optional[int]:
    """The day a word names, also with a case ending ("beşinde": the 5th)."""
    if token in day_words:
        return day_words[token]
    return next((day_words[token[:-len(s)]] for s in words_of.get("day_suffixes") or ()
                 if token.endswith(s) and token[:-len(s)] in day_words), None)


def _digits(token: str, words_of: Dict) -> str:
    """A day's number without its case ending: "15inde", "3'ünde" -> "15", "3"."""
    for suffix in words_of.get("day_suffixes") or ():
        stem = token[:-len(suffix)].rstrip("'")
        if token.endswith(suffix) and stem.isdigit():
            return stem
    return token


def normalize(text: str) -> str:
    text = arabic_script_folded(han_spaced(text.casefold()))
    return " " + re.sub(f"[^{WORD_LETTERS}']+", " ", text).strip() + " "


def mentions(text: str, phrases: List[str]) -> bool:
    return any(f" {normalize(p).strip()} " in text for p in phrases)


@lru_cache(maxsize=64)  # per message otherwise: CLDR lookups are not free
def calendar_names(kind: str, language: str, abbreviated: bool = True) -> Dict[str, int]:
    """Lower-case weekday (0 = Monday) or month (1 = January) names -> number."""
    getter = get_day_names if kind == "day" else get_month_names
    names: Dict[str, int] = {}
    words = date_words().get(language, {})
    # months also as written in the language's neighbours: Serbian "mart" in Croatian data,
    # English "march" in Hinglish
    locales = [language, *(words.get("month_locales") or [])] if kind == "month" else [language]
    for locale in locales:
        for width in ("wide", "abbreviated") if abbreviated else ("wide",):
            for context in ("format", "stand-alone"):
                for number, name in getter(width, context=context, locale=locale).items():
                    names.setdefault(normalize(name).strip(), number)
    if kind == "month":  # inflected forms CLDR lacks: Serbian "4. marta"
        for name, number in (words.get("months") or {}).items():
            names[normalize(name).strip()] = int(number)
    for name, number in list(names.items()):  # "maerz" and "marz" as people type "März"
        names[name.replace("ä", "ae")] = number
        names[name.replace("ä", "a")] = number
        if name.isascii() or not all("a" <= c <= "z" for c in _unaccented(name) if c.isalpha()):
            continue  # Cyrillic "й", Arabic and Devanagari marks are letters, not accents
        names.setdefault(_unaccented(name), number)  # "sijecnja" typed for "siječnja"
    if kind == "day":
        for name, number in (words.get("weekdays") or {}).items():
            names[normalize(name).strip()] = int(number)
        # German weekday names are written inside every language's messages, as "Termin" is
        # ("el mittwoch", "в mittwoch"); the full names only, they mean nothing else
        for number, name in get_day_names("wide", locale="de").items():
            names.setdefault(normalize(name).strip(), number)
    # two-letter abbreviations ("so", "di") are ordinary words too often
    return {name: number for name, number in names.items() if len(name) >= 3}


def named_numbers(text: str, names: Dict[str, int]) -> List[int]:
    return [number for name, number in names.items() if f" {name} " in text]


def _with_year(day: int, month: int, year: Optional[int], today: date) -> Optional[date]:
    try:
        value = date(year or today.year, month, day)
    except ValueError:
        return None
    if year is None and value < today - PAST_TOLERANCE:
        value = value.replace(year=value.year + 1)
    return value


# the Arabic article (and "و", "ب") written before a day's number
ARABIC_ARTICLE_DAY = re.compile(r"(?<!\S)[وب]?ال(?=[0-9٠-٩])")


def parse_date(text: str, language: str, today: date, relative: bool = True) -> Optional[date]:
    """The first calendar date in the text, if any; `relative`: also "vor zehn Tagen"."""
    if language == "ar":  # "ال١٥ من آذار": the 15th with the article
        text = ARABIC_ARTICLE_DAY.sub("", text)
    match = ISO.search(text)
    if match:
        return _with_year(int(match[3]), int(match[2]), int(match[1]), today)
    match = CJK.search(text)
    if match:
        return _with_year(int(match[3]), int(match[2]), int(match[1]) if match[1] else None, today)
    match = VIETNAMESE.search(text)
    if match and 1 <= int(match[2]) <= 12:
        return _with_year(int(match[1]), int(match[2]), int(match[3]) if match[3] else None,
                          today)
    match = NUMERIC.search(text)
    if match and (int(match[2]) <= 12 or "/" in match[0]):  # "Dienstag 9.30" is a time
        day, month = int(match[1]), int(match[2])
        if month > 12 >= day:  # 03/15/2027: the month came first
            day, month = month, day
        year = int(match[3]) if match[3] else None
        if year is not None and year < 100:
            year += 2000
        return _with_year(day, month, year, today)
    # the day number next to the month's name: "4. März", "March 4th", not the 24 of
    # "Paragraf 24, gültig bis 4 березня 2027"
    months = calendar_names("month", language)
    # a month with a case ending: "şubatın birinde" (on the first of February)
    endings = (date_words().get(language) or {}).get("month_suffixes") or ()
    tokens = [next((t[:-len(e)] for e in endings if t.endswith(e) and t[:-len(e)] in months), t)
              for t in month_tokens(text, months)]
    for index, token in enumerate(tokens):
        if token not in months:
            continue
        # also across a short word: "4 de março", "4 di marzo", "4th of March"
        near = [index - 1, index + 1]
        if index >= 2 and len(tokens[index - 1]) <= 2:
            near.append(index - 2)
        words_of = date_words().get(language) or {}
        day_words = day_number_words(language)
        if index + 1 < len(tokens) and tokens[index + 1] in (words_of.get("after_month") or ()):
            near[1:1] = [index + 3, index + 2]  # "ocak ayının on beşinde": the 15th
        elif index + 2 < len(tokens) and _day_word(tokens[index + 1] + tokens[index + 2],
                                                   day_words, words_of):
            near[1:1] = [index + 2]  # "martın on beşinde": the 15th, not the 10th
        # the day in words too: "el diez de enero", "dia nove de janeiro", "десятого января"
        for i in (i for i in near if 0 <= i < len(tokens)):
            day = DAY_NUMBER.fullmatch(_digits(tokens[i], words_of))
            joined = None if day or i - 1 in (-1, index) else _day_word(
                tokens[i - 1] + tokens[i], day_words, words_of)
            number = int(day[1]) if day else joined or _day_word(tokens[i], day_words, words_of)
            if not day and not joined and i - 1 not in (-1, index) \
                    and tokens[i - 1] in day_words:
                continue  # "on bir ocak" is the 11th: a longer number, not "bir" (1)
            if number:
                year = YEAR.search(text)
                return _with_year(int(number), months[token], int(year[1]) if year else None,
                                  today)
    return relative_date(text, language, today) if relative else None


def relative_date(text: str, language: str, today: date) -> Optional[date]:
    """ "vor zehn Tagen", "in 3 months", "nächsten Monat"; None for anything else.

    dateparser also reads single words as dates ("now", "die" as Tuesday): only phrases of
    two or more words that name another day count."""
    import dateparser  # imported on first use: ~0.5 s
    from dateparser.search import search_dates

    settings_ = {"RELATIVE_BASE": datetime.combine(today, datetime.min.time())}
    try:
        found = search_dates(text, languages=[language], settings=settings_) or []
    except Exception:  # noqa: BLE001 - dateparser fails on some inputs; then no date
        return None
    months = calendar_names("month", language)
    for phrase, _ in found:
        if len(phrase.split()) < 2:
            continue
        words = normalize(phrase)  # once, not per month name
        if any(f" {name} " in words for name in months):
            # a month without a day number read ("nove de janeiro"): dateparser takes today's
            # day of this year's January, long past; month_start reads the month alone
            continue
        # the phrase read again on its own: inside a sentence dateparser's search turns
        # "in 3 weeks" / "через месяц" into as far back ("hi, my permit expires in 3 weeks,
        # what now?" read as expired three weeks ago)
        when = dateparser.parse(phrase, languages=[language], settings=settings_)
        if when is not None and when.date() != today:
            return when.date()
    return None


def names_past(text: str, language: str) -> bool:
    """Whether the text says something lies back in time where dateparser cannot tell the day
    ("hết hạn 10 hôm trước", "दस दिन पहले"): the `past` words of knowledge/date_words.yml."""
    return mentions(normalize(text), (date_words().get(language) or {}).get("past") or [])


def month_start(text: str, language: str, today: date) -> Optional[date]:
    """ "Anfang Februar", "اوایل فوریه": only a month, no day: its first day, the earliest it
    can mean (a deadline is better early than late); "bis Ende Januar", "до кінця січня"
    (`month_end` in knowledge/date_words.yml): its last day, which the citizen said. None
    unless exactly one month is named."""
    months = calendar_names("month", language)
    named = {months[t] for t in month_tokens(text, months) if t in months and len(t) > 3}
    if len(named) != 1:
        return None
    first = _with_year(1, named.pop(), None, today)
    ends = (date_words().get(language) or {}).get("month_end") or []
    if first is not None and mentions(f" {normalize(text)} ", ends):
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first


# a span of days is short: "in 2-3 Tagen", not "vom 2. bis 30."
MAX_DAY_SPAN = 14


def day_span(text: str, language: str, today: date) -> Optional[Tuple[date, date]]:
    """ "in 2-3 Tagen", "in zwei bis drei Tagen", "۲ تا ۳ روز دیگه": the first and the last of
    those days from today; None otherwise."""
    units = date_words().get(language, {}).get("day_units") or []
    if not units:
        return None
    numbers = day_number_words(language)
    unit = "|".join(re.escape(normalize(u).strip()) for u in units)
    number = r"(\d{1,2}|\S+)"
    # every start (a lookahead): in " in 2 3 tagen " the first try is "in … 2 … 3"
    for found in re.finditer(rf"(?= {number} (?:\S+ )?{number} (?:{unit}) )", normalize(text)):
        first, last = (int(n) if n.isdigit() else numbers.get(n) for n in found.groups())
        if first is not None and last is not None and 0 < first < last <= MAX_DAY_SPAN:
            return today + timedelta(days=first), today + timedelta(days=last)
    return None


def later_day(text: str, language: str, today: date) -> Optional[date]:
    """"in einem Monat", "in two weeks", "بعد شهر": the day that far ahead; None otherwise."""
    from dateutil.relativedelta import relativedelta

    normalized = normalize(text)
    for phrase, step in (date_words().get(language, {}).get("later") or {}).items():
        if mentions(normalized, [phrase]):
            return today + relativedelta(**step)
    found = relative_date(text, language, today)
    return found if found is not None and found > today else None


def _next(weekday: int, today: date) -> date:
    """The coming day of that name; "vor Donnerstag" on a Thursday means next week's."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def day_in(words_: str, language: str, today: date, last: bool = False) -> Optional[date]:
    """The first (or `last`) date or weekday in a few words ("Freitag", "dem 10.12.")."""
    explicit = parse_date(words_, language, today, relative=False)
    if explicit is not None:
        return explicit
    day_of_month = DAY_OF_MONTH.match(words_)
    if day_of_month:  # "vor dem 20.", "before my trip on the 20th": the next such day
        found = next_day_of_month(int(day_of_month[1]), today + timedelta(days=1))
        if found is not None:
            return found
    names = calendar_names("day", language)
    padded = f" {words_.strip()} "
    # names of several words ("thứ bảy", Chinese "星 期 六" as _normalize spaces it): where
    # they stand; Turkish adds the case to the name: "cumadan önce", "cumaya kadar"
    spots = [(padded.find(f" {n} "), -len(n), n) for n in names if f" {n} " in padded]
    if language == "tr":
        spots += [(padded.find(f" {w}"), -len(n), n) for w in padded.split()
                  for n in names if w.startswith(n) and w != n]
    if spots:
        chosen = max(spots, key=lambda s: (s[0], -s[1])) if last else min(spots)
        return _next(names[chosen[2]], today)
    return None


def deadline(text: str, language: str, today: date) -> Optional[Tuple[date, str, str]]:
    """The last day an appointment still helps, the words naming it and their kind: "vor
    Freitag", "ich fliege am Freitag" and "my card expires on 20 January" (the day before),
    "bis Freitag" (that day)."""
    words = (date_words().get(language) or date_words()["de"]).get("deadline") or {}
    after = bool(words.get("marker_after_day"))  # Turkish: "cumadan önce", "cuma günü uçuyorum"
    folded = arabic_script_folded(han_spaced(text.casefold()))
    normalized = " " + DATE_KEEPING.sub(" ", folded).strip() + " "
    for kind, days_before in (("before", 1), ("until", 0), ("leaving", 1), ("expiring", 1)):
        near = r"((?:\S+ ){1,3})"  # the day is named right next to "vor", "bis", "önce"
        orders = [after]
        if kind in ("leaving", "expiring"):  # "ich fliege am Freitag", "expires on 20 Jan"
            near = r"((?:\S+ ){1,5})"
            # the journey is told either way round: "am Freitag fliege ich", "मेरी flight
            # शनिवार को है"
            orders = [after, not after]
        for marker, day_first in ((m, o) for m in words.get(kind) or [] for o in orders):
            marker = re.escape(normalize(marker).strip())
            found = re.search(rf"{near}{marker} " if day_first else rf" {marker} {near}",
                              normalized)
            day = day_in(found[1], language, today, last=day_first) if found else None
            if day is None:
                continue
            negated = _negated(normalized[: found.start() + 1], language)
            if kind == "before" and not after and negated:
                return day, found[0], "from"  # "nicht vor Freitag": Friday at the earliest
            return day - timedelta(days=days_before), found[0], kind
    return None


def mentions_negation(text: str, language: str) -> bool:
    """Whether the text says "not" somewhere ("1 şubat değil 15 şubat")."""
    return mentions(normalize(text), (date_words().get(language) or {}).get("not_day") or [])


def _negated(before: str, language: str) -> bool:
    """Whether the text ends with a negation ("… nicht", "… not")."""
    words = (date_words().get(language) or {}).get("not_day") or []
    return any(before.endswith(f" {normalize(w).strip()} ") for w in words)


def next_day_of_month(number: int, earliest: date) -> Optional[date]:
    """The first day with this number from `earliest` on ("the 31st": a month that has one)."""
    for months_ahead in range(3):
        month = (earliest.month - 1 + months_ahead) % 12 + 1
        year = earliest.year + (earliest.month - 1 + months_ahead) // 12
        try:
            candidate = date(year, month, number)
        except ValueError:
            continue
        if candidate >= earliest:
            return candidate
    return None
