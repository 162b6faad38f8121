"""Personal data masked in text that is kept: e-mail addresses, phone numbers, IBANs, dates
of birth, passport and card numbers, street addresses. Used for what the servers store (the
conversation's messages once processed, feedback comments), never for what they act on.

A kept text loses the details and keeps its sense ("my number is [phone]"). Patterns err on
the side of masking, except for what the conversation needs later: booking and contact
references (T-…, K-…), postal codes (which office), dates near today (appointments, expiry)."""

import re
from datetime import date
from typing import Callable, List, Tuple, Union

import phonenumbers

# an e-mail address inside a text (also what the contact form takes as one)
EMAIL = re.compile(r"[^@\s<>(),;]+@[^@\s<>(),;]+\.[^@\s<>(),;.]{2,}")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
# 8 to 10 capitals and digits, both present: passport, eAT and ID card numbers
# (typed in lower case on phones too: "c01x00t47")
DOCUMENT_NUMBER = re.compile(r"\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{8,10}\b",
                             re.IGNORECASE)
# digits left after the phone parser: long runs, also with separators
LONG_NUMBER = re.compile(r"(?<![\w-])\+?\d[\d ()/-]{6,}\d(?![\w-])")
STREET = re.compile(
    r"\b[\w.-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee)"
    r"\s+\d{1,4}\s?[a-zA-Z]?\b",
    re.IGNORECASE,
)
DATE = re.compile(
    r"\b(?:(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})"
    r"|(?P<y2>\d{4})-(?P<m2>\d{2})-(?P<d2>\d{2}))\b"
)
# a full date this many years back or more is someone's birth date rather than a procedure's
BIRTH_YEARS = 14

Rule = Tuple[re.Pattern, Union[str, Callable[[re.Match], str]]]


def _date(match: re.Match) -> str:
    year = int(match["y"] or match["y2"])
    return "[date]" if year <= date.today().year - BIRTH_YEARS else match[0]


# fewer digits than this (in any script: "۰۱۷۶…" too) hold no phone number: the parser's
# matcher, the slowest rule, is not run on them (most messages and answers)
MIN_PHONE_DIGITS = 3
DIGIT = re.compile(r"\d")


def _phones(text: str) -> str:
    if len(DIGIT.findall(text)) < MIN_PHONE_DIGITS:
        return text
    found = list(phonenumbers.PhoneNumberMatcher(text, "DE", leniency=phonenumbers.Leniency.VALID))
    for match in reversed(found):
        text = text[: match.start] + "[phone]" + text[match.end:]
    return text


RULES: List[Rule] = [
    (EMAIL, "[e-mail]"),
    (IBAN, "[iban]"),
    (DATE, _date),
    (STREET, "[address]"),
    (DOCUMENT_NUMBER, "[document number]"),
]


def redact(text: str) -> str:
    """The text with personal data masked."""
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    text = _phones(text)
    return LONG_NUMBER.sub(lambda m: m[0] if DATE.fullmatch(m[0]) else "[number]", text)
