"""Durations the citizen names, against the rule of the answer just given: "45 Monate
Beiträge" against the settlement permit's months of contributions (§ 9 Abs. 2 AufenthG),
"wir haben uns nach 2 Jahren getrennt" against the years of married life in Germany an
independent right of residence asks for (§ 31 Abs. 1 AufenthG)."""

import re
from typing import List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.follow_up import said_before
from actions.forms.choices import mentions, words
from actions.forms.dates import day_number_words, normalize
from actions.knowledge import Topic
from actions.situations import session_messages

# a number in digits ("2", "2,5", "۳") or in words ("zwei", "two"), then its unit
# (a lookahead, so that "nach zwei Jahren" reads "zwei Jahren", not only "nach zwei")
DURATION = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]5)?|[^\W\d_]+)\s*(?=([^\W\d_]+))")


def months_named(text: str, language: str) -> Optional[int]:
    """ "45 Monate Beiträge", "I paid contributions for 45 months": the months named."""
    vocabulary = words(language)
    if not mentions(text, vocabulary.get("contributions") or []):
        return None
    for match in re.finditer(r"(?<!\d)(\d{1,3})\s*([^\W\d_]+)", text):
        if mentions(match[2], vocabulary.get("months") or []):
            return int(match[1])
    return None


# a language level named: "B1", "b2", "C1", "В1" (Cyrillic), "B 1"
LEVEL = re.compile(r"(?<![^\W\d_])([abcавс])\s?([12])(?![^\W_])", re.IGNORECASE)


def german_at_least_b1(text: str) -> bool:
    """Whether the text names a language level of B1 or above ("B1 german certificate",
    "сдала B2", "DTZ B1"); an A2 beside it does not lower it."""
    return any(match[1].lower() not in "aа" for match in LEVEL.finditer(text))


def durations(text: str, language: str) -> List[float]:
    """Every duration the text names, in months: "nach 2 Jahren" 24, "zwei Jahre" 24,
    "18 Monate" 18, "2,5 роки" 30."""
    vocabulary, numbers = words(language), day_number_words(language)
    found = []
    for match in DURATION.finditer(text.lower()):
        number, unit = match[1], match[2]
        value = float(number.replace(",", ".")) if number[0].isdigit() \
            else numbers.get(normalize(number).strip())
        if value is None:
            continue
        if mentions(unit, vocabulary.get("years") or []):
            found.append(value * 12)
        elif mentions(unit, vocabulary.get("months") or []):
            found.append(value)
    return found


def compare_contributions(
    dispatcher: CollectingDispatcher, tracker: Tracker, topic: Topic, language: str
) -> None:
    """The months of contributions the citizen named, against the answer's rule."""
    named = months_named(str(tracker.latest_message.get("text") or ""), language)
    needed = topic.contribution_months
    if named is None or needed is None:
        return
    if topic.contribution_months_with_b1 and any(
            german_at_least_b1(str(m.get("text") or "")) for m in session_messages(tracker)):
        needed = topic.contribution_months_with_b1
    enough = "utter_contributions_enough" if named >= needed else "utter_contributions_short"
    dispatcher.utter_message(response=enough, named=str(named), needed=str(needed))


def compare_time_together(
    dispatcher: CollectingDispatcher, tracker: Tracker, topic: Topic, language: str
) -> None:
    """The time of married life the citizen told in this conversation, against the answer's
    rule (`together` of the topic): said only when the citizen named exactly one duration
    ("seit 8 Jahren in Deutschland, 2 Jahre verheiratet" could be either)."""
    rule = topic.together
    if not rule:
        return
    told = {value for message in session_messages(tracker)
            for value in durations(str(message.get("text") or ""), language)}
    if len(told) != 1:
        return
    texts = rule["enough"] if told.pop() >= rule["months"] else rule["short"]
    text = texts.get(language) or texts["de"]
    if not said_before(tracker, text):  # "muss ich ausreisen?" after it: not said twice
        dispatcher.utter_message(text=text)
