"""Words, stems, compounds and sentences of German legal text.

Compounds: no well-kept German decompounder is packaged (compound-split: 2020, charsplit-fst:
new and tiny), so compounds are split against the index's own vocabulary (Koehn & Knight 2003):
"Verlängerungsantrag" -> "verlängerung" + "antrag" when both parts are words of the corpus,
with the linking -s-/-es-/-n- (Fugenelement) dropped. Both sides are split, so a query
"Antrag auf Verlängerung" also finds "Verlängerungsantrag", and the parts count next to the
whole word, never instead of it.
"""

import re
from collections import Counter
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Tuple

import Stemmer
from bm25s.stopwords import STOPWORDS_GERMAN

WORD = re.compile(r"[0-9]+[a-zß]?|[a-zäöüß]+(?:-[a-zäöüß]+)*")
STOPWORDS = frozenset(STOPWORDS_GERMAN)
MIN_PART = 4  # shorter parts ("ehe", "bei") split too much that is no compound
MIN_COMPOUND = 2 * MIN_PART
LINKS = ("", "s", "es", "n", "en", "e")  # Fugenelemente, the longest tried last
_STEMMER = Stemmer.Stemmer("german")


def words(text: str) -> List[str]:
    """Lower-case words; a hyphenated word ("Blaue-Karte-Inhaber") also as its pieces."""
    found = []
    for word in WORD.findall(text.lower()):
        found.append(word.replace("-", ""))
        if "-" in word:
            found += word.split("-")
    return found


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


class Splitter:
    """Splits compounds into words of a vocabulary (word -> frequency)."""

    def __init__(self, frequencies: Dict[str, int], min_frequency: int = 2) -> None:
        self.known = {w: f for w, f in frequencies.items()
                      if f >= min_frequency and len(w) >= MIN_PART and w not in STOPWORDS}
        self._cache: Dict[str, Tuple[str, ...]] = {}

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "Splitter":
        return cls(Counter(w for text in texts for w in words(text)))

    def head(self, text: str) -> Optional[str]:
        """The known word `text` is, with or without a linking element."""
        for link in LINKS:
            if link and not text.endswith(link):
                continue
            word = text[: len(text) - len(link)] if link else text
            if len(word) >= MIN_PART and word in self.known:
                return word
        return None

    def split(self, word: str) -> Tuple[str, ...]:
        """The parts of a compound (at least two), or () for a word that is none."""
        if word in self._cache:
            return self._cache[word]
        best: Tuple[float, Tuple[str, ...]] = (0.0, ())
        if len(word) >= MIN_COMPOUND and word.isalpha():
            for cut in range(MIN_PART, len(word) - MIN_PART + 1):
                first = self.head(word[:cut])
                if not first:
                    continue
                rest = word[cut:]
                tail = (rest,) if rest in self.known else self.split(rest)
                if not tail:
                    continue
                parts = (first, *tail)
                # geometric mean of the parts' frequencies: common parts, fewer pieces win
                score = 1.0
                for part in parts:
                    score *= self.known.get(part, 1)
                score **= 1 / len(parts)
                if score > best[0]:
                    best = (score, parts)
        if len(self._cache) < 500_000:
            self._cache[word] = best[1]
        return best[1]


def terms(text: str, splitter: Optional[Splitter]) -> List[str]:
    """The stems a text is indexed and searched by: each word's stem, and the stems of its
    parts if it is a compound. Stop words are left out."""
    found = []
    for word in words(text):
        if word in STOPWORDS:
            continue
        found.append(stem(word))
        if splitter:
            found += [stem(part) for part in splitter.split(word)]
    return found


FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
GRAM = 4


def grams(text: str) -> List[str]:
    """Character 4-grams of each word (with its boundaries), umlauts folded: what a stem
    misses still overlaps — "Geduldeter"/"Duldung", "selbstständig"/"selbständig",
    "einbürgern"/"eingebürgert"."""
    found = []
    for word in words(text):
        if word in STOPWORDS or len(word) < GRAM:
            continue
        padded = f"_{word.translate(FOLD)}_"
        found += [padded[i: i + GRAM] for i in range(len(padded) - GRAM + 1)]
    return found



# ---------------------------------------------------------------- sentences (Satz)
# an abbreviation's period ends no sentence ("Abs.", "z. B."); nor does an ordinal's
# ("das 60. Lebensjahr"), unless a reference to a number ends the sentence ("nach Absatz 1.")
ABBREVIATIONS = frozenset(
    "abs art nr s satz bzw vgl ggf z b d h u a o ä i v m e w f ff ca bzw usw inkl einschl "
    "buchst lit bgbl sog gem eu ug ziff anh anl zb dh ua st".split())
REFERENCE_WORDS = frozenset("absatz absätze absätzen satz sätze nummer nummern nr abs artikel "
                            "art § §§ buchstabe".split())
NUMBER = re.compile(r"^\d+[a-z]?$")  # "60." as in "das 60. Lebensjahr", "5a." of a list
SENTENCE_END = re.compile(r"[.;!?](?=\s+[A-ZÄÖÜ(„\"])")


def sentences(text: str) -> List[str]:
    """The sentences (Sätze) of one Absatz. A semicolon ends none (it joins half-sentences,
    which the law counts as one Satz)."""
    found, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if match.group() != ".":
            continue
        before = text[start: match.start()].split()
        last = before[-1].lower().rstrip(".") if before else ""
        if NUMBER.match(last):
            if not (len(before) > 1 and before[-2].lower().rstrip(".") in REFERENCE_WORDS):
                continue
        elif last in ABBREVIATIONS or len(last) == 1:
            continue
        found.append(text[start: match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    if rest:
        found.append(rest)
    return found


# ---------------------------------------------------------------- a paragraph's lead
# A paragraph's first sentence names what it rules ("Der Aufenthaltstitel erlischt in folgenden
# Fällen:", "Durch die Geburt erwirbt ein Kind die deutsche Staatsangehörigkeit, …"); the list
# that often follows (": 1. …", " 1. …", " a) …") spells out details, not the subject.
ENUMERATION = re.compile(r":|\s(?:1|a)[.)]\s")
NOUN = re.compile(r"\b[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜa-zäöüß]+)*\b")
MAX_KEYWORDS = 12


def lead(absatz: str) -> str:
    """The first sentence of an Absatz up to its first enumeration."""
    first = sentences(absatz)[:1]
    return ENUMERATION.split(first[0], maxsplit=1)[0] if first else ""


def keywords(absatz: str) -> str:
    """The nouns of an Absatz's lead, references and stop words left out: a heading for a
    paragraph that has none (the StAG's), taken from the law's own words."""
    found: List[str] = []
    for noun in NOUN.findall(lead(absatz)):
        lower = noun.lower()
        if lower not in STOPWORDS and lower not in REFERENCE_WORDS and noun not in found:
            found.append(noun)
    return " ".join(found[:MAX_KEYWORDS])
