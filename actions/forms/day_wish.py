"""When the citizen would like an appointment: "nächste Woche vormittags", "Montag passt
nicht, geht Dienstag?", "so bald wie möglich", "vor Freitag" — a range of days, the weekdays
wanted and the part of the day. The words come from knowledge/date_words.yml (dates.py)."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Dict, List, Optional, Set, Tuple

from actions.appointments.model import NOON_HOUR, PartOfDay
from actions.forms.choices import normalize as plain
from actions.forms.choices import phrase_spans
from actions.forms.dates import (
    calendar_names,
    date_words,
    day_in,
    day_span,
    deadline,
    later_day,
    mentions,
    named_numbers,
    normalize,
    parse_date,
)
from actions.forms.month_days import wished_day


@dataclass(frozen=True)
class DayPreference:
    earliest: date
    latest: date
    weekdays: Tuple[int, ...] = ()  # 0 = Monday; empty: every day
    part_of_day: PartOfDay = "any"
    # the time named with the days ("Dienstag um halb zehn": (9, 30)), offered first; it
    # travels with the days when they are said before the service is known
    clock: Optional[Tuple[int, Optional[int]]] = None
    # each day its own part: "Donnerstag nachmittags oder Freitag vormittags" ((3,
    # "afternoon"), (4, "morning")); part_of_day is then "any"
    day_parts: Tuple[Tuple[int, PartOfDay], ...] = ()

    def wants(self, start: datetime) -> bool:
        """Whether a free time on the days wished is in the part of that day wished."""
        if self.weekdays and start.weekday() not in self.weekdays:
            return False
        part = dict(self.day_parts).get(start.weekday(), "any")
        return part == "any" or (part == "morning") == (start.hour < NOON_HOUR)

    def as_slot(self) -> Dict[str, object]:
        return {
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
            "weekdays": list(self.weekdays),
            "part_of_day": self.part_of_day,
            "clock": list(self.clock) if self.clock else None,
            "day_parts": [list(pair) for pair in self.day_parts],
        }

    @classmethod
    def from_slot(cls, value: Dict[str, object]) -> "DayPreference":
        return cls(
            date.fromisoformat(str(value["earliest"])),
            date.fromisoformat(str(value["latest"])),
            tuple(int(day) for day in value.get("weekdays") or ()),  # type: ignore[union-attr]
            value.get("part_of_day") or "any",  # type: ignore[arg-type]
            tuple(value["clock"]) if value.get("clock") else None,  # type: ignore[arg-type]
            tuple((int(day), part) for day, part in value.get("day_parts") or ()),  # type: ignore
        )



def changed_preference(
    text: str, language: str, today: date, before: Optional[DayPreference]
) -> Optional[DayPreference]:
    """A new wish for the days: "lieber nachmittags" keeps the days said before ("nächste
    Woche") and changes the time of day; "lieber Mittwoch" or "so bald wie möglich" replace."""
    new = parse_day_preference(text, language, today)
    words = date_words().get(language) or date_words()["de"]
    names_days = new is not None and (
        new.weekdays or new.earliest != today or mentions(normalize(text), words["soonest"])
        or deadline(text, language, today) is not None  # "lieber vor Mittwoch"
    )
    if new is None or names_days or before is None:
        return new
    return DayPreference(before.earliest, before.latest, before.weekdays, new.part_of_day)


def part_of_day(text: str, language: str) -> PartOfDay:
    """ "vormittags" or "nachmittags"; when both are named, the one not refused ("Montag
    vormittags, nachmittags habe ich Deutschkurs"; "lieber ab Mittag, weil ich morgens das
    Kind in die Kita bringe"), else the last one ("vormittags muss ich arbeiten, lieber
    nachmittags")."""
    words = date_words().get(language) or date_words()["de"]
    tokens = plain(text).split()  # as the phrases are compared: no accents
    found = {part: sorted(span for p in words[part] for span in phrase_spans(tokens, p))
             for part in ("morning", "afternoon")}
    named = [part for part in found if found[part]]
    if not named:
        return "any"
    if len(named) == 2:
        starts = {start for spans in found.values() for start, _ in spans}
        wanted = [part for part in named
                  if not all(_refused(tokens, span, starts, words) for span in found[part])]
        if len(wanted) == 1:
            return wanted[0]  # type: ignore[return-value]
    return max(named, key=lambda part: found[part][-1][0])  # type: ignore[return-value]


def named_days(tokens: List[str], language: str) -> List[Tuple[int, int, int]]:
    """(start, end, weekday) of each weekday's name among the words, also of names of several
    words ("thứ hai", Chinese "周 一")."""
    spans = {tuple(name.split()): day for name, day in calendar_names("day", language).items()}
    return sorted((i, i + len(span), day) for i in range(len(tokens))
                  for span, day in spans.items() if tuple(tokens[i:i + len(span)]) == span)


def parts_per_day(normalized: str, language: str, weekdays: Tuple[int, ...]
                  ) -> Tuple[Tuple[int, PartOfDay], ...]:
    """ "четверг после обеда или в пятницу с утра": each day named with its own part of the
    day, when the message names both parts; the words from one day's name to the next are that
    day's (those before the first name too). Empty when one part is meant for all days."""
    tokens = normalized.split()
    starts = [(start, day) for start, _, day in named_days(tokens, language) if day in weekdays]
    if len({number for _, number in starts}) < 2:
        return ()
    ends = [start for start, _ in starts[1:]] + [len(tokens)]
    parts = {}
    for k, ((start, number), end) in enumerate(zip(starts, ends, strict=True)):
        part = part_of_day(" ".join(tokens[0 if k == 0 else start:end]), language)
        parts[number] = part if parts.get(number, part) == part else "any"
    if not {"morning", "afternoon"} <= set(parts.values()):
        return ()
    return tuple(sorted(parts.items()))


# a reason ("weil", "چون") up to this many words before a part of the day refuses it; an
# occupation ("Deutschkurs", "کلاس") up to this many after it, before the next reason or part
REASON_BEFORE, BUSY_AFTER = 2, 4


def _refused(tokens: List[str], span: Tuple[int, int], starts: Set[int], words: Dict) -> bool:
    start, end = span
    because = words.get("because") or []
    if any(phrase_spans(tokens[max(start - REASON_BEFORE, 0):start], p) for p in because):
        return True
    stop = min(len(tokens), end + BUSY_AFTER)
    reasons = [s for p in because for s, _ in phrase_spans(tokens[end:stop], p)]
    stop = min([stop, *(end + s for s in reasons), *(s for s in starts if s >= end)])
    return any(phrase_spans(tokens[end:stop], p) for p in words.get("busy") or [])


def refused_days(normalized: str, language: str, text: str = "") -> set:
    """Weekdays refused by what follows them: "Montag passt mir nicht, geht Dienstag?",
    "الاثنين ما بيزبط", "pazartesi olmaz": a refusal word among the three words after the day,
    before the next day named; one directly before a day is that day's ("aber nicht Montag"),
    unless the text (with its punctuation) ends a clause with it ("Montag geht nicht,
    Dienstag vormittags")."""
    words = date_words().get(language) or {}
    # where negations follow the day (Turkish "pazartesi olmaz salı"), a word before the next day
    # is still this one's
    after = bool((words.get("deadline") or {}).get("marker_after_day"))
    tokens = normalized.split()
    days = named_days(tokens, language)
    prefixes = {normalize(w).strip() for w in words.get("not_day") or []}
    clause_ends = _clause_ends(text) if text else set()
    refused = set()
    for k, (_, i, day) in enumerate(days):
        end = days[k + 1][0] if k + 1 < len(days) else len(tokens)
        if not after and end < len(tokens) and tokens[end - 1] in prefixes \
                and end - 1 not in clause_ends:
            end -= 1  # "Dienstag geht, aber nicht Montag": the "nicht" is Monday's
        window = f" {' '.join(tokens[i:min(i + 3, end)])} "
        if mentions(window, words.get("refused") or []):
            refused.add(day)
    return refused


CLAUSE_END = re.compile(r"[,.;!?،؛。，！？]")


def _clause_ends(text: str) -> Set[int]:
    """The indices of the words of normalize(text) that end a clause ("nicht," "not.")."""
    ends, count = set(), 0
    for piece in CLAUSE_END.split(text)[:-1]:
        count += len(normalize(piece).split())
        ends.add(count - 1)
    return ends


def _not_days(normalized: str, language: str) -> set:
    """Weekdays the citizen rules out: "nicht Montag", "not monday", "pazartesi olmasın"."""
    words = date_words().get(language) or {}
    after = bool((words.get("deadline") or {}).get("marker_after_day"))
    excluded = set()
    for marker in words.get("not_day") or []:
        marker = re.escape(normalize(marker).strip())
        pattern = rf"((?:\S+ ){{1,2}}){marker} " if after else rf" {marker} ((?:\S+ ?){{1,3}})"
        for found in re.finditer(pattern, normalized):
            if deadline(found[0], language, date.today()):  # "nicht vor Freitag": no day ruled out
                continue
            day = day_in(found[1], language, date.today(), last=after)
            if day is not None:
                excluded.add(day.weekday())
    return excluded


def _not_this_week(normalized: str, words: Dict) -> bool:
    """ "не цього тижня, а наступного", "nicht diese Woche": the week after (the next week's
    own words are elliptic there: "а наступного")."""
    markers = [normalize(m).strip() for m in words.get("not_day") or []]
    after = bool((words.get("deadline") or {}).get("marker_after_day"))
    weeks = [normalize(p).strip() for p in words.get("this_week") or []]
    return any((f" {week} {marker} " if after else f" {marker} {week} ") in normalized
               for week in weeks for marker in markers)


def without_ordinals(text: str, language: str) -> str:
    """The text without the ordinals that read like a weekday: Vietnamese "cái thứ hai" is
    "the second one", "thứ hai" alone Monday (`not_weekdays` in knowledge/date_words.yml)."""
    tokens = plain(text).split()
    spans = [span for phrase in date_words().get(language, {}).get("not_weekdays") or []
             for span in phrase_spans(tokens, phrase)]
    if not spans:
        return text
    for start, end in sorted(spans, reverse=True):
        del tokens[start:end]
    return " ".join(tokens)


def parse_day_preference(
    text: str, language: str, today: date, horizon_days: int = 42
) -> Optional[DayPreference]:
    """When the citizen would like an appointment; None if the text names no time at all.
    Days named in another supported language count too ("Donnerstag" in an English chat),
    by their full names only: abbreviations and words such as "qui" (Portuguese Thursday,
    French "who") or "jutro" (Polish "tomorrow", Croatian "morning") are words of other
    languages too often."""
    text = without_ordinals(text, language)
    normalized = normalize(text)
    for each in dict.fromkeys([language, *date_words()]):
        full_names = calendar_names("day", each, abbreviated=False)
        if each != language and not named_numbers(normalized, full_names):
            continue
        found = _preference_in(text, each, today, horizon_days)
        if found is not None:
            return found
    return None


def _preference_in(
    text: str, language: str, today: date, horizon_days: int
) -> Optional[DayPreference]:
    words = date_words().get(language) or date_words()["de"]
    normalized = normalize(text)
    part = part_of_day(text, language)
    horizon = today + timedelta(days=horizon_days)
    span = day_span(text, language, today)
    if span is not None:  # "in 2-3 Tagen": those days, "2-3" is no date, "تا ۳" no deadline
        return DayPreference(span[0], span[1], (), part)
    last = deadline(text, language, today)
    if last is not None:  # the other days named are still wishes: "Mittwoch, ich fliege Freitag"
        end, said, kind = last
        rest = _preference_in(normalized.replace(said, " "), language, today, horizon_days)
        if kind == "from":  # "nicht vor Freitag", "not before the 20th"
            start = max(end, today)
            return DayPreference(start, max(start, rest.latest if rest else horizon),
                                 rest.weekdays if rest else (), part)
        if rest is None or rest.earliest > end:
            return DayPreference(today, min(end, horizon), (), part)
        weekdays = rest.weekdays
        if kind == "until" and len(weekdays) == 1:  # "Montag bis Mittwoch": the days between
            weekdays = tuple(range(weekdays[0], max(weekdays[0], end.weekday()) + 1))
        return DayPreference(rest.earliest, min(rest.latest, end), weekdays, part)
    explicit = parse_date(text, language, today, relative=False) or wished_day(
        text, language, today)
    if explicit is not None:
        return DayPreference(explicit, explicit, (), part)
    monday = today - timedelta(days=today.weekday())
    for key, offset in (("day_after_tomorrow", 2), ("tomorrow", 1), ("today", 0)):
        if mentions(normalized, words[key]):
            day = today + timedelta(days=offset)
            return DayPreference(day, day, (), part)
    named = set(named_numbers(normalized, calendar_names("day", language)))
    # "Montag passt nicht, geht Dienstag?": Monday ruled out, Tuesday wanted (the "nicht" is
    # Monday's, not a "nicht … Dienstag")
    refused = refused_days(normalized, language, text)
    excluded = refused or _not_days(normalized, language)
    named -= refused
    # "nächste Woche, aber nicht Montag": every other day
    weekdays = tuple(sorted(named - excluded or (set(range(7)) - excluded if excluded else ())))
    per_day = parts_per_day(normalized, language, weekdays)
    if per_day:
        part = "any"

    def days(earliest: date, latest: date) -> DayPreference:
        return DayPreference(earliest, latest, weekdays, part, day_parts=per_day)

    if mentions(normalized, words["next_week"]) or _not_this_week(normalized, words):
        start = monday + timedelta(days=7)
        return days(start, start + timedelta(days=6))
    if mentions(normalized, words["this_week"]):
        return days(today, monday + timedelta(days=6))
    # "in einem Monat (nachmittags)": that week; dateparser would read a weekday as a date
    later = None if named else later_day(text, language, today)
    if later is not None:
        return days(later, later + timedelta(days=6))
    if weekdays or part != "any" or mentions(normalized, words["soonest"]):
        return days(today, horizon)
    return None
