"""Follow-up questions on a topic already answered in this conversation.

A clerk who has explained the lost card does not explain it again when asked "muss ich zur
Polizei?": they say the one sentence that answers it. Here: the sentences of the answer given
(and the service's documents) that share the question's rarer words, instead of the whole
answer with documents and fee once more; when none do, that the answer above is all Lotse
knows, and the way to a person.

Words are compared as lemmas (simplemma, which ships its dictionaries: "Polizei"/"polizei",
"полицию"/"полиция"), Arabic and Vietnamese as written, Chinese as pairs of characters. A word
is rare when few sentences of all topic answers in that language use it (inverse document
frequency): "Polizei" decides, "Sie" and "Ausländerbehörde" do not.
"""

import math
import re
from collections import Counter
from functools import cache
from typing import Dict, List, Sequence, Set, Tuple

import stopwordsiso
from rasa_sdk import Tracker

from actions import settings
from actions.forms.choices import mentions
from actions.knowledge import Knowledge
from lotse_common.script import HAN, arabic_script_folded, serbian_latin
from lotse_common.yaml_files import read_yaml

# simplemma's language codes; Serbian, Bosnian and Croatian share one dictionary
LEMMA_CODES = {code: code for code in
               "de en tr uk ru fa fr es pl pt ro it hi bg sq".split()} | {"hr": "hbs"}
# a sentence ends at . ! ? ؟ । before a space, or at Chinese 。！？
SENTENCE_END = re.compile(r"(?<=[.!?؟।])\s+|(?<=[。！？])")
# "z. B.", "Abs.", "Nr.", "bzw.": a short word of letters before the dot
ABBREVIATION = re.compile(r"(?:^|[\s(])[^\W\d_]{1,3}\.$")
# a day written as an ordinal: "bis zum 4. Dezember" goes on after "4."
ORDINAL_DAY = re.compile(r"(?:^|\s)(?:[1-9]|[12]\d|3[01])\.$")
WORD = re.compile(r"[^\W_]+")
ARABIC_ARTICLE = re.compile(r"^(?:و|ف|ب|ل|ك)?(?:ال|لل)(?=\w{3})")
# a word no answer uses ("Urlaub") weighs as one used by 1 in 12 sentences of the answers
UNSEEN_IDF = math.log(12)
# the words shared must together be at least as rare as one used by 1 in 4 sentences
# ("Deutsch", "Polizei"); "Sie" or "Ausländerbehörde" alone do not choose a sentence
MIN_SCORE = math.log(4)
# the shortest German word taken as the first part of a compound
COMPOUND_PART = 5
# sentences scoring at least this share of the best one are sent with it, at most MAX_SENTENCES
CLOSE = 0.8
MAX_SENTENCES = 2


def sentences(text: str) -> List[str]:
    """The answer's sentences; "Abs. 1", "z. B. die" and "B1. Sie" are not ends."""
    pieces = [p.strip() for p in SENTENCE_END.split(text) if p.strip()]
    joined: List[str] = []
    for piece in pieces:
        if joined and _continues(joined[-1], piece):
            joined[-1] = f"{joined[-1]} {piece}"
        else:
            joined.append(piece)
    return joined


# guide rule 2: one idea per message, at most this many characters
MESSAGE_CHARS = 600


def message_parts(text: str) -> List[str]:
    """A longer answer as two or three messages of about equal length, split where a
    sentence ends; a single sentence longer than that stays whole."""
    if len(text) <= MESSAGE_CHARS:
        return [text]
    count = math.ceil(len(text) / MESSAGE_CHARS)
    ends, position = [], 0  # where each sentence ends in the text
    for sentence in sentences(text):
        found = text.find(sentence, position)
        if found >= 0:
            position = found + len(sentence)
            ends.append(position)
    parts, start = [], 0
    for index in range(1, count):
        target = len(text) * index / count
        cut = min((e for e in ends if start < e < len(text)), key=lambda e: abs(e - target),
                  default=None)
        if cut is None:
            break
        parts.append(text[start:cut].strip())
        start = cut
    return [*parts, text[start:].strip()]


def _continues(previous: str, piece: str) -> bool:
    return (piece[0].isdigit() or piece[0].islower() or bool(ABBREVIATION.search(previous))
            or bool(ORDINAL_DAY.search(previous)))


def lemmas(text: str, language: str) -> Set[str]:
    """The text's words in the forms compared: as written and as lemma ("karte" is read
    as the verb "karten", "Karte" as the noun), or pairs of Chinese characters."""
    return {form for word in words(text, language) for form in word}


def words(text: str, language: str) -> List[Set[str]]:
    """Each word of the text with its forms; stop words ("ich", "kann") left out."""
    if HAN.search(text):
        han = "".join(char for char in text if HAN.match(char))
        return [{han[i:i + 2]} for i in range(len(han) - 1)] or [{han}]
    stop = _stop_words(language)
    if language == "hr":  # Serbian asked in Cyrillic, answered in Croatian
        text = serbian_latin(text)
    found = [w for w in WORD.findall(text) if w.casefold() not in stop]
    if language == "ar":
        return [{ARABIC_ARTICLE.sub("", arabic_script_folded(w.casefold()))} for w in found]
    code = LEMMA_CODES.get(language)
    if code is None:
        return [{w.casefold()} for w in found]
    import simplemma  # its dictionaries load per language, on first use

    return [{w.casefold(), simplemma.lemmatize(w, lang=code).casefold()} for w in found]


@cache
def _stop_words(language: str) -> Set[str]:
    return set(stopwordsiso.stopwords(language)) if stopwordsiso.has_lang(language) else set()


def _document_frequency(knowledge: Knowledge, language: str) -> Dict[str, float]:
    """Inverse document frequency of each word over the sentences of every answer."""
    key = (id(knowledge), language)
    if key not in _FREQUENCIES:
        _FREQUENCIES[key] = _count(knowledge, language)
    return _FREQUENCIES[key]


# per knowledge loaded (the action server reloads it when the files change) and language
_FREQUENCIES: Dict[Tuple[int, str], Dict[str, float]] = {}


def _count(knowledge: Knowledge, language: str) -> Dict[str, float]:
    counts: Counter = Counter()
    total = 0
    for topic in knowledge.answers():
        for sentence in sentences(topic.text(language)):
            counts.update(lemmas(sentence, language))
            total += 1
    return {word: math.log(total / count) for word, count in counts.items()}


def answering(
    question: str, candidates: Sequence[str], knowledge: Knowledge, language: str
) -> List[str]:
    """The candidates (sentences, documents) that answer the question, in their order."""
    scores = _scores(question, candidates, knowledge, language)
    best = max(scores, default=0.0)
    if best < MIN_SCORE:
        return []
    chosen = sorted(range(len(candidates)), key=lambda i: -scores[i])[:MAX_SENTENCES]
    return [candidates[i] for i in sorted(chosen) if scores[i] >= CLOSE * best]


def answers_how_well(question: str, text: str, knowledge: Knowledge, language: str) -> float:
    """How well the text's best sentence answers the question; below MIN_SCORE: not at all."""
    return max(_scores(question, sentences(text), knowledge, language), default=0.0)


def asks_a_case(question: str, language: str) -> bool:
    """ "Und wenn ich noch in der Aufnahmeeinrichtung wohne?": a case of the answer before;
    "und wie lange gilt die?": how long what it names is valid, not the processing time."""
    return any(mentions(question, (_cues(language).get(kind) or {}).get("asked") or [])
               for kind in ("condition", "validity"))


def _scores(
    question: str, candidates: Sequence[str], knowledge: Knowledge, language: str
) -> List[float]:
    idf = _document_frequency(knowledge, language)
    asked = words(question, language)
    cues = _cues(language)
    kinds = [kind for kind, cue in cues.items() if cue.get("answered")
             and mentions(question, cue["asked"])]
    scores = []
    for candidate in candidates:
        forms = lemmas(candidate, language)
        weights = [max(idf.get(form, UNSEEN_IDF) for form in shared)
                   for shared in (_shared(word, forms, language) for word in asked) if shared]
        # "wie lange …?": a sentence naming a duration answers it ("sechs Monate")
        weights += [MIN_SCORE for kind in kinds
                    if mentions(candidate, cues[kind]["answered"])]
        scores.append(sum(weights))
    return scores


@cache
def _cues(language: str) -> Dict[str, Dict[str, List[str]]]:
    """What a question asks for beyond its words (knowledge/follow_up_words.yml)."""
    path = settings.KNOWLEDGE_DIR / "follow_up_words.yml"
    return (read_yaml(path) or {}).get(language) or {}


def _shared(word: Set[str], forms: Set[str], language: str) -> Set[str]:
    """The candidate's forms of the word; in German also compounds sharing their first or
    last part with it ("Deutsch": "Deutschkenntnisse"; "Rentenbeiträge": "Beiträge")."""
    shared = word & forms
    if shared or language != "de":
        return shared
    return {f for f in forms for w in word if min(len(f), len(w)) >= COMPOUND_PART
            and (f.startswith(w) or w.startswith(f) or w.endswith(f))}


def said_before(tracker: Tracker, text: str) -> bool:
    """Whether Lotse sent this text (its first message) earlier in the conversation."""
    text = message_parts(text)[0]
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            return False
        if event.get("event") == "bot" and (event.get("text") or "").strip() == text:
            return True
    return False
