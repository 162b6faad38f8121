"""What the citizen means in the appointment form, in words: which service ("Karte abholen",
"Blue Card verlängern"), which of the offered times ("den zweiten", "halb zehn", "Dienstag
passt"), and how the form says back what it understood ("Verlängerung, nächste Woche
vormittags")."""

import re
from datetime import date, datetime, timedelta
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any, Dict, List, NamedTuple, Optional, Sequence, Set, Tuple

from babel.dates import format_date, format_interval, format_skeleton, get_day_names

from actions import settings
from actions.appointments.access import backend_for, call
from actions.appointments.calendar import is_working_day
from actions.appointments.model import SlotQuery
from actions.forms.choices import (
    FIRST_MORNING_HOUR,
    mentions,
    normalize,
    ordinal,
    time_of_day,
    words,
)
from actions.forms.dates import calendar_names, parse_date
from actions.forms.day_wish import DayPreference, part_of_day, refused_days, without_ordinals
from actions.forms.month_days import case_ended_days
from actions.knowledge import current_knowledge
from actions.office import Office
from lotse_common.language import joined
from lotse_common.yaml_files import read_yaml

# questions whose topic is a service: "Termin" after asking about the Blue Card books that
INTENT_SERVICES = {
    "extend_permit": "extension",
    "settlement_permit": "settlement_permit",
    "blue_card": "blue_card",
    "fictional_certificate": "fictional_certificate",
    "lost_document": "lost_card",
    "visitor_invitation": "formal_obligation",
    "ukraine_protection": "ukraine_protection",
    # the independent right of residence is applied for as an extension (§ 31 Abs. 1)
    "spouse_independent_residence": "extension",
}


@lru_cache(maxsize=1)
def service_words() -> List[Dict[str, Any]]:
    path = settings.KNOWLEDGE_DIR / "service_words.yml"
    return read_yaml(path)["services"]


# one letter missing or wrong in a long word: "niederlasungserlaubnis", "verlangerung"
TYPO_LENGTH, TYPO_RATIO = 10, 0.9
TYPO_MIN_WORD = 8  # service words this long may carry one typo
SENTENCE = re.compile(r"(?<=[.!?؟])\s+")


def service_in_text(text: str, office: Office, language: str) -> Optional[str]:
    """The office's service the text describes, bookable or not; None if it names none.

    The words of knowledge/service_words.yml in their order (what is to be done before what
    it is about), then the office's own service names."""
    entries = [(e["id"], list(e.get(language) or []) + list(e.get("de") or []))
               for e in service_words() if office.service(e["id"]) is not None]
    for service_id, phrases in entries:
        if mentions(text, phrases):
            return service_id
    typed = [w for w in normalize(text).split() if len(w) >= 3]
    for service_id, phrases in entries:  # one letter off in a long word: "verlengerung"
        if any(_word_typed(phrase, typed) for phrase in phrases):
            return service_id
    # a name counts when all its long words are typed: "Karte" alone is not "Blaue Karte EU";
    # a long word with a typo counts ("Niederlasungserlaubnis")
    hits = [s.id for s in office.services if _name_typed(s.name.get(language), typed)]
    return hits[0] if len(hits) == 1 else None


def _name_typed(name: str, typed: List[str]) -> bool:
    """All long words of the name typed; a name with one long word also needs its shorter
    ones: "cartão" alone is not "Cartão Azul da UE", "karta" not "Karta Blu e BE-së"."""
    words = normalize(name).split()
    named = {w for w in words if len(w) >= 5}
    if len(named) == 1:
        named |= {w for w in words if len(w) >= 3}
    return bool(named) and all(any(_same_word(t, n) for t in typed) for n in named)


def _word_typed(phrase: str, typed: List[str]) -> bool:
    """A one-word phrase of 8+ letters ("verlänger*") typed with one letter wrong, missing
    or too many; a "*" phrase at the start of the typed word."""
    word = normalize(phrase.rstrip("*"))
    if len(word) < TYPO_MIN_WORD or " " in word:
        return False
    if not phrase.endswith("*"):
        return any(_one_edit(t, word) for t in typed)
    return any(_one_edit(t[: len(word) + c], word) for t in typed for c in (-1, 0, 1))


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    shorter, longer = sorted((a, b), key=len)
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def _same_word(typed: str, name: str) -> bool:
    if typed == name:
        return True
    return len(name) >= TYPO_LENGTH and SequenceMatcher(None, typed, name).ratio() >= TYPO_RATIO


def asked_first(text: str) -> List[str]:
    """The message's sentences, its questions first: in "Was kostet die
    Niederlassungserlaubnis? Ich habe eine Blaue Karte" the question names the service."""
    sentences = [s for s in SENTENCE.split(text) if s.strip()]
    return sorted(sentences, key=lambda s: "?" not in s and "؟" not in s)


def match_service(text: str, intent: str, office: Office, language: str) -> Optional[str]:
    """The service the citizen means: by name or description first, else the question's topic.
    A service named only in the story before the question is how they came, not what they
    ask for: "Mein Mann ist gestorben, ich kam über den Familiennachzug. Kann ich einen Termin
    bekommen?" asks for the topic's (§ 31: the extension), if the topic has one."""
    questions = [s for s in asked_first(text) if "?" in s or "؟" in s]
    told = [s for s in asked_first(text) if s not in questions]
    asked = service_in_text(" ".join(questions), office, language) if questions else None
    if asked is not None:
        return asked
    by_topic = topic_service(intent, office)
    if questions and told and by_topic is not None:
        return by_topic
    return service_in_text(text, office, language) or by_topic


def topic_service(intent: str, office: Office) -> Optional[str]:
    """The office's service a question's topic is about ("extend_permit": the extension),
    else the topic's own service (knowledge/topics): "Termin, bitte" after the family reunion
    answer is about that service, which the form then says is applied for online."""
    topic = current_knowledge().topics.get(intent)
    service = INTENT_SERVICES.get(intent) or (topic.service if topic is not None else "") or ""
    return service if office.service(service) is not None else None


def _on_day(option: str, day: date) -> bool:
    return datetime.fromisoformat(option).date() == day


class TimeChoice(NamedTuple):
    chosen: Optional[str]  # the one offered time meant
    candidates: List[str]  # the offered times that fit what was said
    recognised: bool  # a time, day or position was named at all


def named_weekdays(text: str, language: str) -> Set[int]:
    """The weekdays named and wanted; "Montag passt mir nicht, geht Dienstag um halb zehn?":
    Tuesday. Only refused ("Montag geht nicht"): every other day."""
    said = normalize(text)
    names = {f" {normalize(name)} ": n for name, n in calendar_names("day", language).items()}
    named = {n for name, n in names.items() if name in f" {said} "}
    refused = refused_days(f" {said} ", language, text)
    return (named - refused) or ((set(range(7)) - refused) if refused else set())


def choose_time(text: str, options: Sequence[str], language: str, today: date) -> TimeChoice:
    """Which of the offered ISO times the citizen means.

    A number or ordinal picks by position; a time of day, a weekday or a date narrow the
    offers down. One left: chosen. Several: the candidates, to ask which. None fits what
    the citizen named: no candidates — "not offered"."""
    if not options:
        return TimeChoice(None, [], False)
    candidates = list(options)
    recognised = False
    clock = time_of_day(text, language)
    if clock is not None:
        recognised = True
        hour, minute = clock
        candidates = [
            o
            for o in candidates
            if datetime.fromisoformat(o).hour == hour
            and (minute is None or datetime.fromisoformat(o).minute == minute)
        ]
        exact = [o for o in candidates if minute is None and datetime.fromisoformat(o).minute == 0]
        candidates = exact or candidates
    day = parse_date(text, language, today, relative=False)
    if day is not None:
        recognised = True
        candidates = [o for o in candidates if _on_day(o, day)]
    elif case_ended_days(text, language):  # "17го о другій": the offer on the 17th
        recognised = True
        days = set(case_ended_days(text, language))
        candidates = [o for o in candidates if datetime.fromisoformat(o).day in days]
    weekdays = named_weekdays(without_ordinals(text, language), language)  # not "cái thứ hai"
    if weekdays:
        recognised = True
        candidates = [o for o in candidates if datetime.fromisoformat(o).weekday() in weekdays]
    part = part_of_day(text, language)
    if part != "any":
        recognised = True
        candidates = [
            o for o in candidates if (datetime.fromisoformat(o).hour < 12) == (part == "morning")
        ]
    if clock is None:
        index = ordinal(text, language, len(candidates))
        if index is not None:
            return TimeChoice(candidates[index], [candidates[index]], True)
    if not recognised:
        # "tamam 9 olsun": a bare number that is the hour of exactly one offered full hour, in
        # a short answer ("ich hab 2 kinder, darf ich sie mitbringen?" chooses nothing)
        short = len(normalize(text).split()) <= SHORT_ANSWER
        hours = {int(n) + (12 if int(n) < FIRST_MORNING_HOUR else 0)
                 for n in BARE_NUMBER.findall(text)} if short else set()
        full = [o for o in candidates if datetime.fromisoformat(o).minute == 0
                and datetime.fromisoformat(o).hour in hours]
        if len(full) == 1:
            return TimeChoice(full[0], full, True)
        return TimeChoice(None, list(options), False)
    return TimeChoice(candidates[0] if len(candidates) == 1 else None, candidates, True)


# a wish for "the next days" that ends this soon is told by its last day ("bis Do., 3. Dez.")
UNTIL_SAID = timedelta(days=21)


def describe_preference(value: Dict[str, Any], language: str, today: date) -> str:
    """ "nächste Woche, Di., vormittags" as the citizen's language says it."""
    preference = DayPreference.from_slot(value)
    labels = words(language).get("preference") or {}
    parts = []
    if preference.earliest == preference.latest:
        parts.append(format_skeleton("MMMMEEEEd", preference.earliest, locale=language))
    elif preference.earliest <= today and preference.latest <= today + UNTIL_SAID:  # "vor Freitag"
        until = format_skeleton("MMMEd", preference.latest, locale=language)
        parts.append(str(labels.get("until", "{date}")).format(date=until))
    elif preference.earliest > today:
        parts.append(
            format_interval(preference.earliest, preference.latest, "MMMd", locale=language)
        )
    elif not preference.weekdays and preference.part_of_day == "any":
        parts.append(labels.get("soonest", ""))
    if preference.weekdays:
        names = get_day_names("wide", locale=language)
        own = dict(preference.day_parts)  # "Donnerstag nachmittags, Freitag vormittags"
        parts.append(joined((" ".join(filter(None, (names[d], labels.get(own.get(d, "any")))))
                             for d in preference.weekdays), language))
    if preference.part_of_day != "any":
        parts.append(labels.get(preference.part_of_day, ""))
    return joined((p for p in parts if p), language)


OFFERED = 5
# a weekday filter is applied after the search, so search wider than what is offered
SEARCHED = 60


async def free_times(office: Office, service_id: str, preference: DayPreference) -> List[str]:
    """The first free times for the wish; with a time named ("Dienstag um halb zehn"), that
    time first and the nearest ones after it."""
    query = SlotQuery(office.id, service_id, preference.earliest, preference.latest,
                      preference.part_of_day, limit=SEARCHED)
    slots = await call(backend_for(office).free_slots, query)
    wanted = [s for s in slots if preference.wants(s.start)]
    if preference.clock is not None:
        minutes = preference.clock[0] * 60 + (preference.clock[1] or 0)
        wanted.sort(key=lambda s: (abs(s.start.hour * 60 + s.start.minute - minutes), s.start))
    return [s.start.isoformat(timespec="minutes") for s in wanted[:OFFERED]]


def clock_wished(text: str, language: str) -> Optional[Tuple[int, Optional[int]]]:
    """The time of day named with the wished days ("Dienstag um halb zehn", "am 10.12. um
    10 Uhr"); the numbers of a date are no time."""
    if text.startswith("/"):
        return None
    return time_of_day(DATE_NUMBERS.sub(" ", text), language)


# "10.12.", "10.12" or "10.12.2026" (read as a date), not "9.30" (a time: no 30th month)
# a number alone, not a date, a time or an amount ("9", not "9.12." or "9:30")
BARE_NUMBER = re.compile(r"(?<![\d.:,])(\d{1,2})(?![\d.:,])")
SHORT_ANSWER = 4
DATE_NUMBERS = re.compile(r"(?<!\d)\d{1,2}\.(?:0?[1-9]|1[0-2])(?:\.(?:\d{2,4})?)?(?!\d)|"
                          r"(?<!\d)\d{1,2}/\d{1,2}(?:/\d{2,4})?(?!\d)|\d{4}-\d{2}-\d{2}")


async def nearest_times(office: Office, service_id: str, wished: DayPreference
                        ) -> Optional[Tuple[DayPreference, List[str]]]:
    """The soonest free times (in the part of the day wished, else any) instead of a named day
    that is full or closed; none for a deadline ("vor Freitag"): later times would not help."""
    today = date.today()
    if not wished.weekdays and not wished.earliest == wished.latest > today:
        return None
    horizon = today + timedelta(days=office.appointments.embedded.booking_horizon_days)
    for part in dict.fromkeys([wished.part_of_day, "any"]):
        soonest = DayPreference(today, horizon, (), part)  # type: ignore[arg-type]
        options = await free_times(office, service_id, soonest)
        if options:
            return soonest, options
    return None


def closed_days(office: Office, preference: DayPreference, language: str) -> str:
    """The weekdays asked for ("Mittwoch", or the day of a date) if the office is closed on
    all of them, or the date asked for if it is a public holiday or one of the office's
    closing days ("Freitag, 25. Dezember 2026"); empty otherwise."""
    single = preference.earliest if preference.earliest == preference.latest else None
    if single and office.opening_hours.intervals(single.weekday()) and not is_working_day(
            office, single):
        return format_date(single, "full", locale=language)
    days = preference.weekdays or (
        (preference.earliest.weekday(),) if preference.earliest == preference.latest else ()
    )
    if not days or any(office.opening_hours.intervals(day) for day in days):
        return ""
    names = get_day_names("wide", locale=language)
    # as the language writes them: "Mittwoch", "mercredi", "середа" (each translation of
    # utter_closed_on_days puts them where that spelling is right)
    return joined((names[day] for day in days), language)
