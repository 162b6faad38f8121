"""Conversations as citizens really write them (tests/integration/conversations/<lang>.yml),
played over the REST channel of the running stack (session fixture `stack`), one test each.

Each turn's `expect` is checked on the bot's answer to that turn; every conversation also
checks the reply language, that no question is asked twice, that every message gets an
answer and that no response template placeholder ("{office_name}") reaches the citizen.
The format is documented at the top of each YAML file. A failure shows the whole
conversation, each problem under the turn where it happened.
"""

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import yaml
from babel.dates import format_date
from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

PROJECT_DIR = Path(__file__).resolve().parents[2]
SUITE_DIR = Path(__file__).resolve().parent / "conversations"
# every language Lotse answers in (German and locales/<lang>.yml), as lingua knows it
LANGUAGES = {path.stem: Language.from_iso_code_639_1(getattr(IsoCode639_1, path.stem.upper()))
             for path in [Path("de.yml"), *(PROJECT_DIR / "locales").glob("??.yml")]}
# each language's conversations: a booking, a factual question, a handover at least
MINIMUM_PER_LANGUAGE = {**{code: 6 for code in LANGUAGES}, "de": 12, "en": 10}
KEYS = {
    "conversation": {"id", "about", "turns", "language", "no_repeated_question", "known_failure"},
    "turn": {"user", "expect", "repeat_ok"},
    "expect": {"booking_reference", "contact_reference", "cites", "contains_any", "matches",
               "not_contains", "buttons", "asks", "offers_before", "first_offer"},
}
REFERENCES = {"booking_reference": re.compile(r"\bT-[0-9A-Z]{4}-[0-9A-Z]{4}\b"),
              "contact_reference": re.compile(r"\bK-[0-9A-Z]{4}-[0-9A-Z]{4}\b")}
# <booking_reference>, <contact_reference>: the last one the bot gave in this conversation;
# <title:N>: the title of the N-th button of the bot's last question, typed by hand;
# <weekday:N>: the name of the weekday N days from today, in the conversation's language
PLACEHOLDER = re.compile(r"<(booking_reference|contact_reference|title:\d+|weekday:\d+)>")
OFFERED_START = re.compile(r'"appointment_start":\s*"(\d{4}-\d{2}-\d{2})')
OFFERED_TIME = re.compile(r'(?<="appointment_start":")\d{4}-\d{2}-\d{2}T\d{2}:\d{2}')
TEMPLATE_SLOT = re.compile(r"\{[a-z_]+\}")
# no sign of a language: links, e-mail, numbers, § citations, terms in parentheses
NEUTRAL = [re.compile(pattern) for pattern in (
    r"https?://\S+", r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", r"\+?\d[\d ()/-]{5,}\d",
    r"§§?\s*\d+\w*(?:\s+(?:Abs\.|Satz|S\.|Nr\.)\s*\d+\w*)*\s+[\w/]+", r"\([^()]*\)")]
MIN_DETECTED_LENGTH = 40


@dataclass
class Turn:
    user: str
    expect: Dict[str, Any]
    repeat_ok: bool


@dataclass
class Conversation:
    id: str
    about: str
    language: str
    no_repeated_question: bool
    turns: List[Turn]
    known_failure: Optional[str] = None  # what Lotse still gets wrong: expected to fail


@dataclass
class Exchange:
    user: str
    bot: List[Dict[str, Any]]
    problems: List[str] = field(default_factory=list)

    @property
    def texts(self) -> List[str]:
        return [m["text"] for m in self.bot if m.get("text")]


def _checked(kind: str, raw: Dict[str, Any], where: str) -> Dict[str, Any]:
    unknown = set(raw) - KEYS[kind]
    assert not unknown, f"{where}: unknown {kind} keys {sorted(unknown)}"
    return raw


def load_suite() -> List[Conversation]:
    suite = []
    for path in sorted(SUITE_DIR.glob("*.yml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]:
            where = f"{path.name}: {raw.get('id')}"
            _checked("conversation", raw, where)
            turns = [Turn(str(_checked("turn", t, where)["user"]),
                          _checked("expect", t.get("expect") or {}, where),
                          bool(t.get("repeat_ok", False))) for t in raw["turns"]]
            suite.append(Conversation(raw["id"], raw["about"], raw.get("language", path.stem),
                                      bool(raw.get("no_repeated_question", True)), turns,
                                      raw.get("known_failure")))
    return suite


SUITE = load_suite()
DETECTOR: LanguageDetector = LanguageDetectorBuilder.from_languages(*LANGUAGES.values()).build()
# references quoted in response templates ("z. B. T-7KQ2-M9XA") are no bookings
EXAMPLE_REFERENCES = {
    m for path in [PROJECT_DIR / "domain.yml", *(PROJECT_DIR / "locales").glob("*.yml")]
    for pattern in REFERENCES.values() for m in pattern.findall(path.read_text("utf-8"))
}
# the default office's street and town: German proper names in every language
_OFFICE = yaml.safe_load((PROJECT_DIR / "office" / "musterhausen.yml").read_text("utf-8"))
ADDRESS = [_OFFICE["address"]["street"], "{postal_code} {town}".format(**_OFFICE["address"])]
# ... and the addresses of the departments and authorities named ("Landratsamtplatz 1, Gebäude
# C, 99901 Musterhausen" after "service des naturalisations du Landratsamt …"), whose German
# name of the authority is a proper name too
ADDRESS = sorted({*ADDRESS, "Landratsamt", *re.findall(r"\n\s+address: (.+)", (
    PROJECT_DIR / "office" / "musterhausen.yml").read_text("utf-8"))}, key=len, reverse=True)
# ... and the places of the offices' areas ("Für Oberdorf …", "Musterhausen县"): a place name
# says nothing about the language of the sentence around it
PLACES = sorted({place for text in (PROJECT_DIR / "office").glob("*.yml")
                 for place in re.findall(r"towns: \[([^\]]*)\]", text.read_text("utf-8"))
                 for place in place.split(", ")} | {_OFFICE["address"]["town"]}, key=len,
                reverse=True)


def references(kind: str, texts: List[str]) -> List[str]:
    found = [r for text in texts for r in REFERENCES[kind].findall(text)]
    return [r for r in found if r not in EXAMPLE_REFERENCES]


def is_question(text: str) -> bool:
    """Ends with ":" or has a sentence ending in "?" (Arabic "؟", Chinese "？" and "：", which no
    space follows)."""
    return (text.strip().endswith((":", "：")) or re.search(r"[?؟](\s|$)", text) is not None
            or "？" in text)


def language_of(text: str) -> Optional[str]:
    """The detected language code; None if too little language is left to tell."""
    for part in [*ADDRESS, *PLACES]:
        text = text.replace(part, " ")
    for pattern in NEUTRAL:
        text = pattern.sub(" ", text)
    # words only: what is left of "Base legal: [§ …](…); [§ …](…)" is "Base legal:"
    text = " ".join(word for word in text.split() if any(char.isalpha() for char in word))
    if len(text) < MIN_DETECTED_LENGTH:
        return None
    found = DETECTOR.detect_language_of(text)
    return next((code for code, language in LANGUAGES.items() if language == found), "?")


def turn_problems(expect: Dict[str, Any], exchange: Exchange) -> List[str]:
    texts, problems = exchange.texts, [] if exchange.bot else ["the bot said nothing"]
    joined = "\n".join(texts)
    for kind in REFERENCES:
        if kind in expect and bool(references(kind, texts)) != expect[kind]:
            problems.append(f"{kind} expected: {expect[kind]}")
    problems += [f"does not cite {c!r}" for c in expect.get("cites", []) if c not in joined]
    wanted = expect.get("contains_any")
    if wanted and not any(w.casefold() in joined.casefold() for w in wanted):
        problems.append(f"contains none of {wanted}")
    # an office fact in the answer's own words: "Verlängerung … 6 Wochen" (regular expressions)
    problems += [f"does not match {m!r}" for m in expect.get("matches", [])
                 if not re.search(m, joined, re.S | re.I)]
    problems += [f"contains {w!r}" for w in expect.get("not_contains", [])
                 if w.casefold() in joined.casefold()]
    if "buttons" in expect and any(m.get("buttons") for m in exchange.bot) != expect["buttons"]:
        problems.append(f"buttons expected: {expect['buttons']}")
    if "offers_before" in expect:  # no time offered on or after the day N days from today
        last = date.today() + timedelta(days=expect["offers_before"])
        offered = [date.fromisoformat(found[1]) for m in exchange.bot
                   for b in m.get("buttons") or [] if (found := OFFERED_START.search(b["payload"]))]
        problems += [f"offers a time on {d}, not before {last}" for d in offered if d >= last]
    if "first_offer" in expect:  # the first offered time is at this time of day
        starts = [found[0] for m in exchange.bot for b in m.get("buttons") or []
                  if (found := OFFERED_TIME.search(b["payload"]))]
        if not starts or not starts[0].endswith("T" + expect["first_offer"]):
            problems.append(f"first offered time {starts[:1]}, not {expect['first_offer']}")
    if "asks" in expect and (bool(texts) and is_question(texts[-1])) != expect["asks"]:
        problems.append(f"the last message should {'' if expect['asks'] else 'not '}ask")
    return problems


def resolve(text: str, history: List[Exchange], language: str = "de") -> str:
    """Fills the placeholders from what the bot said before; KeyError if it never did."""

    def value(match: re.Match) -> str:
        if match[1].startswith("weekday:"):
            day = date.today() + timedelta(days=int(match[1].split(":")[1]))
            return format_date(day, "EEEE", locale=language)
        if match[1] in REFERENCES:
            found = [r for e in history for r in references(match[1], e.texts)]
            if not found:
                raise KeyError(f"no {match[1]} given so far")
            return found[-1]
        number = int(match[1].split(":")[1])
        asking = [m for m in (history[-1].bot if history else []) if m.get("buttons")]
        buttons = asking[-1]["buttons"] if asking else []
        if not 1 <= number <= len(buttons):
            raise KeyError(f"the bot's last question has no button {number}")
        return buttons[number - 1]["title"]

    return PLACEHOLDER.sub(value, text)


def _short(text: str) -> str:
    return text if len(text) <= 90 else text[:89] + "…"


def conversation_problems(conversation: Conversation, history: List[Exchange]) -> None:
    """The conversation-wide checks, noted under the turn where they failed."""
    asked: Dict[str, int] = {}
    for number, exchange in enumerate(history, 1):
        for text in exchange.texts:
            code = language_of(text)
            if code is not None and code != conversation.language:
                exchange.problems.append(
                    f"language {code}, not {conversation.language}: {_short(text)}")
            if TEMPLATE_SLOT.search(text):
                exchange.problems.append(f"unfilled placeholder: {_short(text)}")
        for text in sorted({t for t in exchange.texts if is_question(t)}):
            first = asked.setdefault(text, number)
            repeat_ok = conversation.turns[number - 1].repeat_ok
            if conversation.no_repeated_question and first != number and not repeat_ok:
                exchange.problems.append(f"asked again (first in turn {first}): {_short(text)}")


def transcript(conversation: Conversation, sender: str, history: List[Exchange]) -> str:
    lines = [f"{conversation.id} (sender {sender}): {conversation.about}"]
    for number, exchange in enumerate(history, 1):
        lines.append(f"{number:>2} citizen: {exchange.user}")
        for message in exchange.bot:
            titles = " | ".join(b["title"] for b in message.get("buttons", []))
            lines.append(f"   bot: {message.get('text', '')}" + (f"  [{titles}]" if titles else ""))
        lines += [f"   !!! {problem}" for problem in exchange.problems]
    return "\n".join(lines)


# a known failure must keep failing (strict): once fixed, its mark has to go
CASES = [
    pytest.param(c, id=c.id, marks=[pytest.mark.xfail(strict=True, reason=c.known_failure)]
                 if c.known_failure else [])
    for c in SUITE
]


@pytest.mark.parametrize("conversation", CASES)
def test_conversation(stack, conversation: Conversation) -> None:
    sender = f"{conversation.id}-{uuid.uuid4().hex[:8]}"
    history: List[Exchange] = []
    for turn in conversation.turns:
        try:
            text = resolve(turn.user, history, conversation.language)
        except KeyError as missing:
            history.append(Exchange(turn.user, [], [f"cannot send: {missing.args[0]}"]))
            break
        response = stack.send(sender, text)
        if response.status_code != 200:
            history.append(Exchange(text, [], [f"HTTP {response.status_code}: {response.text}"]))
            break
        history.append(Exchange(text, response.json()))
        history[-1].problems += turn_problems(turn.expect, history[-1])
    conversation_problems(conversation, history)
    if any(exchange.problems for exchange in history):
        pytest.fail(transcript(conversation, sender, history), pytrace=False)


def test_the_suite_covers_every_language() -> None:
    ids = [c.id for c in SUITE]
    assert len(ids) == len(set(ids)), "conversation ids must be unique"
    for conversation in SUITE:
        assert conversation.id.split("-")[0] in LANGUAGES, f"{conversation.id}: <lang>-..."
        assert 3 <= len(conversation.turns) <= 8, f"{conversation.id}: 3-8 citizen turns"
    for language, minimum in MINIMUM_PER_LANGUAGE.items():
        count = sum(c.id.startswith(f"{language}-") for c in SUITE)
        assert count >= minimum, f"{language}: {count} conversations, at least {minimum}"
