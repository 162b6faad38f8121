"""Reading the permit finder's answers in what citizens type, in any of Lotse's languages:
the purpose of stay ("ich will hier arbeiten", "أريد العمل"), where they are now ("I'm
already here without a visa") and facts such as a degree or a job offer.

The words are data (knowledge/permit_finder_words.yml); this module only normalises and
matches them, so typos in umlauts, inflections ("arbeite", "arbeiten") and Arabic proclitics
("والعمل") need no code. The conversation's language is tried first, then the others:
residents mix languages. Pure functions: no Rasa.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple

import yaml

from actions import settings
from lotse_common.script import WORD, arabic_script_folded, han_spaced

WORDS_FILE = "permit_finder_words.yml"
APOSTROPHES = "'’‘`ʼ´"
MAX_GAP = 1  # words that may stand between the words of a pattern
NEGATION_BEFORE = 3  # words before a fact in which a negation counts
NEGATION_AFTER = 2


def normalise(text: str) -> str:
    """Lower case without accents, umlauts, apostrophes and Arabic diacritics."""
    text = arabic_script_folded(han_spaced(text.casefold())).replace("ł", "l")
    for mark in APOSTROPHES:
        text = text.replace(mark, "")
    text = text.replace("ı", "i").replace("ة", "ه").replace("ى", "ي").replace("\u0640", "")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def tokens(text: str) -> List[str]:
    return WORD.findall(normalise(text))


@dataclass(frozen=True)
class Word:
    stem: str
    start: bool  # the word may go on after the stem: "arbeit*"
    end: bool  # the word may begin before the stem: "*visum"

    def matches(self, token: str) -> bool:
        if self.start and self.end:
            return self.stem in token
        if self.start:
            return token.startswith(self.stem)
        if self.end:
            return token.endswith(self.stem)
        return token == self.stem


Pattern = Tuple[Word, ...]


def compile_pattern(pattern: str) -> Pattern:
    words = []
    for part in normalise(str(pattern)).split():
        stem = part.strip("*")
        words.append(Word(stem, part.endswith("*"), part.startswith("*")))
    return tuple(words)


@dataclass(frozen=True)
class Language:
    prefixes: Tuple[str, ...]

    def forms(self, token: str) -> List[str]:
        """The token, and for Arabic the token without a proclitic (و، ال، بال ...)."""
        forms = [token]
        for prefix in self.prefixes:
            if token.startswith(prefix) and len(token) - len(prefix) >= 2:
                forms.append(token[len(prefix) :])
        return forms


def _fits(word: Word, token: str, language: Language) -> bool:
    return any(word.matches(form) for form in language.forms(token))


def find(
    pattern: Pattern, words: Sequence[str], language: Language, begin: int = 0
) -> Optional[Tuple[int, int]]:
    """The first (start, end) where the pattern's words follow each other in `words`."""

    def rest(index: int, position: int) -> Optional[int]:
        if index == len(pattern):
            return position
        for gap in range(MAX_GAP + 1):
            at = position + gap
            if at < len(words) and _fits(pattern[index], words[at], language):
                end = rest(index + 1, at + 1)
                if end is not None:
                    return end
        return None

    for start in range(begin, len(words)):
        if _fits(pattern[0], words[start], language):
            end = rest(1, start + 1)
            if end is not None:
                return start, end
    return None


def find_all(
    pattern: Pattern, words: Sequence[str], language: Language
) -> Iterable[Tuple[int, int]]:
    begin = 0
    while (span := find(pattern, words, language, begin)) is not None:
        yield span
        begin = span[0] + 1


@dataclass(frozen=True)
class Vocabulary:
    languages: Dict[str, Language]
    purposes: Dict[str, Dict[str, List[Pattern]]]  # language -> purpose -> patterns
    not_purpose: Dict[str, List[Pattern]]
    statuses: Dict[str, Dict[str, List[Pattern]]]
    facts: Dict[str, Dict[str, List[Pattern]]]  # fact -> language -> patterns
    purpose_order: List[str]
    status_order: List[str]
    currencies: List[str]
    negation_before: List[Pattern]
    negation_after: List[Pattern]
    negated_suffixes: List[str]
    clause_breaks: Set[str]

    def language_order(self, language: Optional[str]) -> List[str]:
        known = sorted(self.languages)
        return ([language] if language in self.languages else []) + [
            code for code in known if code != language
        ]


def _patterns(entries: Optional[Iterable[Any]]) -> List[Pattern]:
    return [compile_pattern(entry) for entry in entries or []]


@lru_cache(maxsize=4)
def _vocabulary(path: str) -> Vocabulary:
    with open(path, encoding="utf-8") as file:
        data = yaml.safe_load(file)
    codes = sorted(data["purposes"])
    prefixes = data.get("prefixes") or {}
    negation = data.get("negation") or {}
    return Vocabulary(
        languages={
            code: Language(tuple(normalise(p) for p in prefixes.get(code, []))) for code in codes
        },
        purposes={
            code: {name: _patterns(words) for name, words in data["purposes"][code].items()}
            for code in codes
        },
        not_purpose={code: _patterns(data["not_purpose"].get(code)) for code in codes},
        statuses={
            code: {name: _patterns(words) for name, words in data["statuses"][code].items()}
            for code in codes
        },
        facts={
            fact: {code: _patterns(words) for code, words in by_language.items()}
            for fact, by_language in data["facts"].items()
        },
        purpose_order=list(data["purpose_order"]),
        status_order=list(data["status_order"]),
        currencies=[normalise(c) for c in data.get("currencies", [])],
        negation_before=_patterns(negation.get("before")),
        negation_after=_patterns(negation.get("after")),
        negated_suffixes=[normalise(s) for s in negation.get("suffixes", [])],
        clause_breaks={normalise(w) for w in data.get("clause_breaks", [])},
    )


def vocabulary() -> Vocabulary:
    return _vocabulary(str(settings.KNOWLEDGE_DIR / WORDS_FILE))


def _first(
    words: List[str],
    order: List[str],
    by_language: Dict[str, Dict[str, List[Pattern]]],
    language: Optional[str],
    masks: Optional[Dict[str, List[Pattern]]] = None,
) -> Optional[str]:
    vocab = vocabulary()
    for code in vocab.language_order(language):
        forms = vocab.languages[code]
        visible = list(words)
        for pattern in (masks or {}).get(code, []):
            for start, end in find_all(pattern, visible, forms):
                visible[start:end] = [""] * (end - start)
        found = {
            name
            for name, patterns in by_language[code].items()
            if any(find(p, visible, forms) for p in patterns)
        }
        for name in order:
            if name in found:
                return name
    return None


def purpose_from_text(text: str, language: Optional[str] = None) -> Optional[str]:
    """work, job_search, study, training, family or protection; None if the text names none.

    A qualification the citizen has ("habe eine Ausbildung", "I studied") is not read as
    the purpose; when several purposes are named, the most specific wins (purpose_order)."""
    vocab = vocabulary()
    return _first(tokens(text), vocab.purpose_order, vocab.purposes, language, vocab.not_purpose)


def status_from_text(text: str, language: Optional[str] = None) -> Optional[str]:
    """abroad, visa, permit, visa_free (in Germany without a visa) or other (a situation the
    citizen names that fits none of these: a toleration, "anders"); None if the text says
    nothing about it, so that a question typed instead is not taken for an answer."""
    vocab = vocabulary()
    return _first(tokens(text), vocab.status_order, vocab.statuses, language)


def _negated(words: List[str], start: int, end: int) -> bool:
    vocab = vocabulary()
    plain = Language(())
    before = max(0, start - NEGATION_BEFORE)
    for index in range(start - 1, before - 1, -1):
        if words[index] in vocab.clause_breaks:
            before = index + 1
            break
    window = words[before:end]
    if any(find(p, window, plain) for p in vocab.negation_before):
        return True
    after = words[end : end + NEGATION_AFTER]
    if any(find(p, after, plain) for p in vocab.negation_after):
        return True
    return any(w.endswith(s) and len(w) > len(s) + 2 for w in words[start:end]
               for s in vocab.negated_suffixes)


def _mentions_money(text: str) -> bool:
    currencies = "|".join(re.escape(c) for c in vocabulary().currencies)
    if not currencies:
        return False
    amount = r"\d[\d.,' ]*\s*k?\s*"
    return bool(
        re.search(rf"{amount}(?:{currencies})(?!\w)", text)
        or re.search(rf"(?<!\w)(?:{currencies})\s*\d", text)
    )


def facts_from_text(text: str, language: Optional[str] = None) -> Set[str]:
    """The facts named in the text: degree, vocational, job_offer, admission, salary.

    A negated fact ("noch keinen Arbeitsvertrag", "iş teklifim yok") is not recorded. A
    salary is only noted, never compared: the thresholds are announced every year."""
    vocab = vocabulary()
    words = tokens(text)
    found: Set[str] = set()
    for fact, by_language in vocab.facts.items():
        for code in vocab.language_order(language):
            forms = vocab.languages.get(code, Language(()))
            if any(
                not _negated(words, start, end)
                for pattern in by_language.get(code, [])
                for start, end in find_all(pattern, words, forms)
            ):
                found.add(fact)
                break
    if _mentions_money(normalise(text)):
        found.add("salary")
    return found
