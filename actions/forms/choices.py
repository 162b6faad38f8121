"""Answers in words to a question that offered buttons.

Citizens type "den zweiten bitte", "the first one", "ikincisi", a button's title, "halb zehn"
or "9 am" instead of clicking. This module finds which offered option they mean: by title,
by number or ordinal, and (for appointment times) by time of day. The words per language
are data (knowledge/choice_words.yml), so a new language needs no code.
"""

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from actions import settings
from lotse_common.script import WORD_LETTERS, arabic_script_folded, han_spaced
from lotse_common.yaml_files import read_yaml

# a payload such as /inform{"service":"extension"}
PAYLOAD = re.compile(r"^/(\w+)(\{.*\})?$", re.DOTALL)
CLOCK = re.compile(r"(?<!\d)([01]?\d|2[0-3])\s?[:.h]\s?([0-5]\d)(?!\d)")
NUMBER = re.compile(r"(?<![\d:.])(\d{1,2})(?![\d:])")
# office hours: "um drei" / "halb drei" means the afternoon
FIRST_MORNING_HOUR = 7
UMLAUTS = str.maketrans({"ß": "ss", "ı": "i", "ł": "l", "ё": "е", "’": "'", "ʼ": "'", "`": "'"})
ARABIC_MARKS = re.compile(r"[\u064b-\u0652\u0640]")  # harakat and tatweel


@lru_cache(maxsize=8192)  # per character, for every phrase of every language: cached
def _plain(char: str) -> str:
    """A letter without accents ("ü" -> "u", "ş" -> "s", "أ" -> "ا"); Cyrillic й and ї stay."""
    if "\u0400" <= char <= "\u04ff":
        return char
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))


def normalize(text: str) -> str:
    """Lower case, no accents or umlauts, no punctuation, single spaces: "Fünfte!" -> "funfte"."""
    text = arabic_script_folded(han_spaced(text.casefold())).translate(UMLAUTS)
    text = ARABIC_MARKS.sub("", text)
    text = "".join(_plain(c) for c in text).replace("ى", "ي")
    text = re.sub(r"(?<=\d)'", " ", text)  # Turkish "10'da"
    return " ".join(re.sub(f"[^{WORD_LETTERS}']+", " ", text).split())


@lru_cache(maxsize=1)
def _all_words() -> Dict[str, Dict[str, Any]]:
    path = settings.KNOWLEDGE_DIR / "choice_words.yml"
    return read_yaml(path)


def words(language: str) -> Dict[str, Any]:
    return _all_words().get(language) or _all_words()["de"]


def word_languages() -> List[str]:
    """The languages with a word list."""
    return list(_all_words())


# Arabic writes "and", "for", "with", "the" onto the word: "لتمديد" is "ل" + "تمديد"
ARABIC_PREFIXES = ("وال", "بال", "لل", "ال", "و", "ل", "ب", "ف")


def _forms(token: str) -> Tuple[str, ...]:
    if not token or not "\u0600" <= token[0] <= "\u06ff":
        return (token,)
    return (token, *(token[len(p) :] for p in ARABIC_PREFIXES if token.startswith(p)))


def _same(token: str, word: str, prefix: bool) -> bool:
    return any(f.startswith(word) if prefix else f == word for f in _forms(token))


@lru_cache(maxsize=65536)
def _phrase(phrase: str) -> Tuple[Tuple[str, ...], bool]:
    """A phrase's normalised words, and whether its last word is a prefix ("word*"): the word
    lists of nineteen languages are checked on every message, normalised once."""
    return tuple(normalize(phrase.rstrip("*")).split()), phrase.endswith("*")


def phrase_spans(tokens: List[str], phrase: str) -> List[Tuple[int, int]]:
    """(start, end) token spans where the phrase occurs; "word*" matches a word's start."""
    parts, prefix = _phrase(str(phrase))
    spans = []
    for start in range(len(tokens) - len(parts) + 1):
        window = tokens[start : start + len(parts)]
        whole = all(_same(t, w, False) for t, w in zip(window[:-1], parts[:-1], strict=True))
        if whole and _same(window[-1], parts[-1], prefix):
            spans.append((start, start + len(parts)))
    return spans


def mentions(text: str, phrases: Sequence[str]) -> bool:
    tokens = normalize(text).split()
    return any(phrase_spans(tokens, p) for p in phrases)


def ordinal(text: str, language: str, count: int) -> Optional[int]:
    """0-based index of the option meant by "2", "der zweite", "the last one"; None if none."""
    stripped = normalize(text)
    if stripped.isdigit():
        number = int(stripped)
        return number - 1 if 1 <= number <= count else None
    tokens = stripped.split()
    found = {
        index
        for index, phrases in enumerate(words(language).get("ordinals") or [])
        if index < count and any(phrase_spans(tokens, p) for p in phrases)
    }
    if any(phrase_spans(tokens, p) for p in words(language).get("last") or []):
        found.add(count - 1)
    return found.pop() if len(found) == 1 else None


def _hour(value: int, marked_pm: bool) -> int:
    if marked_pm and value < 12:
        return value + 12
    return value + 12 if value < FIRST_MORNING_HOUR else value


def _hour_word(tokens: List[str], start: int, language: str) -> Optional[Tuple[int, int]]:
    """(hour, end) for an hour written as a number or word at tokens[start]."""
    if start >= len(tokens):
        return None
    if tokens[start].isdigit() and 1 <= int(tokens[start]) <= 23:
        return int(tokens[start]), start + 1
    # an hour is one phrase or several ("три", "третьего": "половина третьего" is 2:30)
    for number, entry in reversed(list(enumerate(words(language).get("hours") or [], 1))):
        for phrase in [entry] if isinstance(entry, str) else entry:
            span = phrase_spans(tokens[start:], phrase)
            if span and span[0][0] == 0:
                return number, start + span[0][1]
    return None


def _shifted(hour: int, minutes: int, pm: bool) -> Tuple[int, int]:
    """The hour named and the minutes before (negative) or after it: 10, -15 is 9:45."""
    shifted, minute = divmod(hour * 60 + minutes, 60)
    return _hour(shifted, pm), minute


def _unglued(tokens: List[str], language: str) -> List[str]:
    """ "полтретьего" -> "пол третьего": a half written onto the hour (`half_glued`)."""
    split: List[str] = []
    for token in tokens:
        prefix = next((p for p in words(language).get("half_glued") or []
                       if token.startswith(p) and _hour_word([token[len(p):]], 0, language)),
                      None)
        split += [prefix, token[len(prefix):]] if prefix else [token]
    return split


@lru_cache(maxsize=32)
def _marked_minutes(markers: Tuple[str, ...]) -> re.Pattern:
    """The minutes written after the word that makes a number an hour: "9 uhr 20"."""
    alternatives = "|".join(re.escape(m) for m in markers) or "(?!)"
    # not a date after it: "9 uhr 17.12." is nine o'clock
    return re.compile(rf"(?<![\d:.])([01]?\d|2[0-3])\s*(?:{alternatives})\s+([0-5]?\d)(?![\d.:/])")


GLUED_MARKER = re.compile(r"(\d)(am|pm|a\.m\.|p\.m\.|uhr|h)\b", re.IGNORECASE)


def time_of_day(text: str, language: str) -> Optional[Tuple[int, Optional[int]]]:
    """(hour, minute) named in the text; minute None for a whole hour ("9 Uhr", "at nine")."""
    vocab = words(language)
    text = GLUED_MARKER.sub(r"\1 \2", text)  # "3pm", "14uhr"
    for suffix in vocab.get("hour_suffixes") or []:  # Turkish "10da"
        text = re.sub(rf"(\d)({re.escape(suffix)})\b", r"\1 \2", text, flags=re.IGNORECASE)
    lowered = text.casefold()
    pm = any(f" {p} " in f" {normalize(lowered)} " for p in vocab.get("pm") or [])
    clock = CLOCK.search(lowered)
    if clock:
        return _hour(int(clock[1]), pm), int(clock[2])
    marked = _marked_minutes(tuple(vocab.get("hour_markers") or ())).search(lowered)
    if marked:  # "9 uhr 20"
        return _hour(int(marked[1]), pm), int(marked[2])
    tokens = _unglued(normalize(text).split(), language)
    for index in range(len(tokens)):
        for phrase in vocab.get("half_before") or []:  # "halb zehn" = 9:30
            span = phrase_spans(tokens[index:], phrase)
            if span and span[0][0] == 0:
                hour = _hour_word(tokens, index + span[0][1], language)
                if hour:
                    return _hour(hour[0] - 1, pm), 30
        for phrase in vocab.get("half_past") or []:  # "half past nine" = 9:30
            span = phrase_spans(tokens[index:], phrase)
            if span and span[0][0] == 0:
                hour = _hour_word(tokens, index + span[0][1], language)
                if hour:
                    return _hour(hour[0], pm), 30
        for phrase, minutes in (vocab.get("minutes_before") or {}).items():
            span = phrase_spans(tokens[index:], phrase)  # "viertel vor zehn" = 9:45
            if span and span[0][0] == 0:
                hour = _hour_word(tokens, index + span[0][1], language)
                if hour:
                    return _shifted(hour[0], minutes, pm)
        hour = _hour_word(tokens, index, language)
        if hour is None:
            continue
        after = tokens[hour[1] : hour[1] + 2]
        before = tokens[index - 1 : index]
        halves = vocab.get("half_after") or []
        if any(span[0] == 0 for half in halves for span in phrase_spans(after, half)):
            return _hour(hour[0], pm), 30  # "dokuz buçuk" = 9:30, "نه و نیم"
        for phrase, minutes in (vocab.get("minutes_after") or {}).items():
            if any(span[0] == 0 for span in phrase_spans(after, phrase)):
                return _shifted(hour[0], minutes, pm)  # "تسعة وتلت" = 9:20
        after = after[:1]
        markers = list(vocab.get("hour_markers") or []) + list(vocab.get("am") or [])
        markers += list(vocab.get("pm") or [])
        marked = any(phrase_spans(before + after, m) for m in markers)
        if marked or (tokens[index].isdigit() and pm):
            return _hour(hour[0], pm), None
    return None


@dataclass(frozen=True)
class Option:
    """One offered answer: what it fills in and the title the citizen saw."""

    value: Any
    title: str


def payload_value(payload: str, slot: str) -> Optional[Any]:
    """The slot's value a button payload carries: /inform{"service":"extension"} -> extension."""
    match = PAYLOAD.match(payload.strip())
    if not match or not match[2]:
        return None
    try:
        entities = json.loads(match[2])
    except json.JSONDecodeError:
        return None
    return entities.get(slot) if isinstance(entities, dict) else None


def offered_buttons(events: Sequence[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The buttons of the bot's messages since the citizen's previous message."""
    buttons: List[Dict[str, Any]] = []
    seen_current = False
    for event in reversed(events):
        if event.get("event") == "user":
            if seen_current:
                break
            seen_current = True
        elif event.get("event") == "bot" and seen_current:
            buttons[:0] = (event.get("data") or {}).get("buttons") or []
    return buttons


def question_buttons(events: Sequence[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The buttons under the bot's last message before the citizen's latest one (its question)."""
    before_latest = False
    for event in reversed(events):
        if event.get("event") == "user":
            if before_latest:
                return []
            before_latest = True
        elif event.get("event") == "bot" and before_latest:
            return list((event.get("data") or {}).get("buttons") or [])
    return []


def offered_options(events: Sequence[Dict[str, Any]], slot: str,
                    read: Optional[Callable[[str], Any]] = None) -> List[Option]:
    """The offered buttons that fill `slot` (or whose payload `read` turns into a value:
    /affirm -> True)."""
    read = read or (lambda payload: payload_value(payload, slot))
    values = [(b, read(str(b.get("payload") or ""))) for b in offered_buttons(events)]
    return [Option(v, str(b.get("title") or "")) for b, v in values if v is not None]


def _folded(text: str) -> str:
    """normalize(), and German umlauts typed as "ue": "ueberspringen" = "überspringen"."""
    return re.sub(r"([aou])e", r"\1", normalize(text))


def _content_words(text: str) -> List[str]:
    """Words of 4+ letters cut to 6, so inflections meet ("Verlängerung" ~ "verlängern")."""
    return [w[:6] for w in _folded(text).split() if len(w) >= 4]


def by_title(text: str, options: Sequence[Option], closest: bool = True) -> Optional[Option]:
    """The option whose title was typed (exactly, as part of the text, or, if `closest`, most
    of its words: not for yes or no, where "nicht absagen" shares most of "Ja, absagen")."""
    typed = _folded(text)
    if not typed:
        return None
    exact = [o for o in options if _folded(o.title) == typed]
    if len(exact) == 1:
        return exact[0]
    contained = [
        o for o in options if _folded(o.title) and f" {_folded(o.title)} " in f" {typed} "
    ]
    if len(contained) == 1:
        return contained[0]
    typed_words = set(_content_words(text))
    # "skip" for "Skip this question": every typed word in one title only
    within = [o for o in options if typed_words and typed_words <= set(_content_words(o.title))]
    if len(within) == 1 or not closest:
        return within[0] if len(within) == 1 else None
    scored = []
    for option in options:
        title_words = set(_content_words(option.title))
        if title_words and typed_words:
            shared = len(title_words & typed_words)
            scored.append((shared / len(title_words), shared, option))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    if scored and scored[0][0] >= 0.5 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return scored[0][2]
    return None


def choose(text: str, options: Sequence[Option], language: str) -> Optional[Option]:
    """The option meant by a typed answer: its title, its number or its ordinal."""
    if not options:
        return None
    titled = by_title(text, options)
    if titled is not None:
        return titled
    index = ordinal(text, language, len(options))
    return options[index] if index is not None else None
