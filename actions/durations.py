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
from actions.situations import session_messages, tells

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


# a language level named: "B1", "b2", "C1", "В1" (Cyrillic, written together: "с 1 января" is
# a date); a sentence that denies or asks it ("noch kein B1", "do I need B1?") tells no level
LEVEL = re.compile(r"(?<![^\W\d_])([abc]\s?[12]|[авс][12])(?![^\W_])", re.IGNORECASE)
NOT_HELD = re.compile(r"\?|(?<![^\W_])(kein\w*|nicht|ohne|noch|brauch\w*|muss|no|not|without|need"
                      r"|failed|yok|değil|degil|нет|не|без|немає|لا|ليس|بدون)(?![^\W_])",
                      re.IGNORECASE)
# what a level after these words names: a driving licence, a room, a bus line
NOT_LANGUAGE = re.compile(r"(klasse|class|raum|zimmer|room|bus|linie|line)\s*$", re.IGNORECASE)
# a number of years that is an age ("30 Jahre alt", "мне 30 лет"), not a time together
AGE_AFTER = {"alt", "old", "yaşında", "yasinda", "jährig", "jaehrig"}
AGE_BEFORE = {"мне", "мені", "ai", "j'ai", "tengo", "ho", "tenho", "am"}
# "ein Jahr", "a year": one; other number words only as cardinals (not "im dritten Jahr")
ONE = {"ein", "eine", "einem", "einen", "einer", "a", "an", "one"}
ORDINAL_ENDINGS = {"de": ("te", "ten", "ter", "tes"), "en": ("th", "st", "nd", "rd")}


def german_at_least_b1(text: str) -> bool:
    """Whether the text tells a language level of B1 or above held ("B1 german certificate",
    "сдала B2", "DTZ B1"); an A2 beside it does not lower it."""
    for sentence in re.split(r"(?<=[.!?;\n])", text):
        if NOT_HELD.search(sentence):
            continue
        for match in LEVEL.finditer(sentence):
            if match[1][0].lower() not in "aа" and not NOT_LANGUAGE.search(
                    sentence[:match.start()]):
                return True
    return False


def _number(word: str, language: str) -> Optional[float]:
    """A duration's number: digits, or in German and English a cardinal word."""
    if word[0].isdigit():
        return float(word.replace(",", "."))
    word = normalize(word).strip()
    if language not in ORDINAL_ENDINGS:
        return None
    if word in ONE:
        return 1.0
    if word.endswith(ORDINAL_ENDINGS[language]) or word in ("first", "second", "third"):
        return None
    return day_number_words(language).get(word)


def durations(text: str, language: str, anchor: str = "") -> List[float]:
    """Every duration the text names, in months: "nach 2 Jahren" 24, "zwei Jahre" 24,
    "18 Monate" 18, "2,5 роки" 30; with `anchor` (a key of the word lists) only in a sentence
    that has one of its words ("seit 5 Jahren in Deutschland. Verheiratet sind wir seit 2
    Jahren": 24), and no age ("ich bin 30 Jahre alt")."""
    vocabulary = words(language)
    found = []
    for sentence in re.split(r"(?<=[.!?;\n])", text.lower()):
        if anchor and not mentions(sentence, vocabulary.get(anchor) or []):
            continue
        for match in DURATION.finditer(sentence):
            value = _number(match[1], language)
            if value is None:
                continue
            before = sentence[:match.start()].split()[-1:]
            after = re.findall(r"[^\W\d_]+", sentence[match.end(2):])[:1]
            if set(before) & AGE_BEFORE or set(after) & AGE_AFTER:
                continue
            if mentions(match[2], vocabulary.get("years") or []):
                found.append(value * 12)
            elif mentions(match[2], vocabulary.get("months") or []):
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
    if rule.get("unless_situation") and tells(tracker, rule["unless_situation"], language):
        return  # "mein Mann ist gestorben": § 31 Abs. 1 Nr. 2 asks for no time
    told = {value for message in session_messages(tracker)
            for value in durations(str(message.get("text") or ""), language, "married")}
    if len(told) != 1:
        return
    texts = rule["enough"] if told.pop() >= rule["months"] else rule["short"]
    text = texts.get(language) or texts["de"]
    if not said_before(tracker, text):  # "muss ich ausreisen?" after it: not said twice
        dispatcher.utter_message(text=text)
