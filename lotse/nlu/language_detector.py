"""NLU component: which language is this message written in?

Two sources, both offline:
- a lexicon of short phrases learned from the training data ("Hello", "Merhaba"), because
  statistical detectors cannot tell languages apart on one or two words;
- the lingua detector (its models ship inside the wheel), restricted to the languages the
  training data contains, for everything longer.

The result goes into the parse data as `language: {code, confidence, source}`. `code` is
null when the message is too short or ambiguous ("ok", "ja"), so that such messages never
switch the conversation language (see lotse_common.language). A message clearly written in a
language Lotse recognises but has no training data for ("Bonjour, je voudrais …") carries
`unsupported: "fr"`: it is answered in German and English with the language menu.
"""

import math
import re
import unicodedata
from collections import Counter
from typing import Any, Dict, List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import METADATA, METADATA_INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from lotse.nlu.persisted import JsonStateComponent
from lotse_common.language import PARSE_DATA_KEY


def normalize(text: str) -> str:
    """Lower-case, strip punctuation and extra space: 'Hallo!!' and 'hallo' are the same."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def example_language(message: Message) -> str | None:
    """The `language` an intent block of the training data declares in its metadata."""
    metadata = message.get(METADATA) or {}
    return (metadata.get(METADATA_INTENT) or {}).get("language")


def _most_typical(phrase: str, words: Dict[str, Counter]) -> Optional[str]:
    """The language whose training data uses the phrase's words most, if one clearly does.

    German office terms appear inside every language's examples ("termin buchen" among the
    Ukrainian ones); the word counts show they are still German.
    """
    scores = {
        language: sum(math.log1p(counts[word]) for word in phrase.split())
        for language, counts in words.items()
    }
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0] if ranked else None


def borrowed_words(words: Dict[str, Counter], min_length: int) -> Dict[str, str]:
    """Words citizens use across languages, with the language they come from: official
    German terms inside Turkish or English examples ("Aufenthaltstitel", "Termin"), English
    ones inside German ("online")."""
    borrowed = {}
    for word in {w for counts in words.values() for w in counts if len(w) >= min_length}:
        users = {language: counts[word] for language, counts in words.items() if counts[word]}
        if len(users) >= 2:
            borrowed[word] = max(users, key=users.get)
    return dict(sorted(borrowed.items()))


def _without_latin_words_if_mixed(text: str) -> str:
    """'Integrationskurs записатися' is Ukrainian with a German term: judge the Cyrillic part."""
    tokens = text.split()
    non_latin = [t for t in tokens if any(ch.isalpha() and not _is_latin(ch) for ch in t)]
    return " ".join(non_latin) if non_latin else text


def _is_latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True
)
class LanguageDetector(JsonStateComponent):
    """Adds the detected language of each message to its parse data."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # below this lingua confidence the message keeps the conversation language
            "min_confidence": 0.5,
            # messages with fewer letters are only resolved by the lexicon
            "min_letters": 4,
            # lexicon entries up to this many words
            "max_lexicon_words": 3,
            # languages recognised only to say "not supported yet" (ISO 639-1)
            "recognised_languages": [],
            # how sure lingua must be, and how many words the message needs, to call a
            # message unsupported rather than a typo-laden supported one
            "unsupported_confidence": 0.8,
            "unsupported_min_words": 3,
            # words this long used in several languages' examples are left out of detection
            "borrowed_min_letters": 5,
            # ... if at least this many words remain ("asap please" minus "please" is no text)
            "min_own_words": 3,
        }

    def warm_up(self) -> None:
        # lingua reads its language models on the first detection: about 2 s
        if self._languages:
            self.detect("Wie lange dauert die Verlängerung meines Aufenthaltstitels?")

    def restore(self, state: Dict[str, Any]) -> None:
        self._lexicon: Dict[str, str] = state.get("lexicon", {})
        self._languages: List[str] = state.get("languages", [])
        self._borrowed: Dict[str, str] = state.get("borrowed", {})
        self._detector = None
        self._wide_detector = None

    def train(self, training_data: TrainingData) -> Resource:
        """Learn the languages and their unambiguous short phrases from the examples."""
        phrases: Dict[str, Counter] = {}
        words: Dict[str, Counter] = {}
        for message in training_data.intent_examples:
            language = example_language(message)
            if not language:
                continue
            phrase = normalize(message.get(TEXT) or "")
            words.setdefault(language, Counter()).update(phrase.split())
            if phrase and len(phrase.split()) <= self._config["max_lexicon_words"]:
                phrases.setdefault(phrase, Counter())[language] += 1
        lexicon = {}
        for phrase, counts in phrases.items():
            (language, count), *others = counts.most_common()
            # "ok" in every language decides nothing; "hallo" among the English examples
            # (as citizens write) is still German when German uses it far more
            clear = not others or count >= 2 * others[0][1]
            if clear and _most_typical(phrase, words) == language:
                lexicon[phrase] = language
        borrowed = borrowed_words(words, self._config["borrowed_min_letters"])
        return self.persist({"lexicon": lexicon, "languages": sorted(words), "borrowed": borrowed})

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            detection = self.detect(message.get(TEXT) or "")
            message.set(PARSE_DATA_KEY, detection, add_to_output=True)
        return messages

    def _detected(self, text: str) -> Optional[str]:
        """The language lingua is confident about, ignoring the lexicon."""
        text = _without_latin_words_if_mixed(text)
        code = self._lingua_code(text)
        # 'I need to renew my Aufenthaltstitel' reads German to lingua: judge it again
        # without the words several languages' citizens use ("kindergeld" is in the English
        # examples as often as in the German ones: which one it came from decides nothing)
        own = [t for t in text.split() if normalize(t) not in self._borrowed]
        if code and self._config["min_own_words"] <= len(own) < len(text.split()):
            return self._lingua_code(" ".join(own)) or code
        return code

    def _lingua_code(self, text: str) -> Optional[str]:
        if sum(ch.isalpha() for ch in text) < self._config["min_letters"]:
            return None
        if len(self._languages) < 2:
            return None
        best = self._lingua().compute_language_confidence_values(text)[0]
        code = best.language.iso_code_639_1.name.lower()
        return code if best.value >= self._config["min_confidence"] else None

    def _unsupported(self, text: str) -> Optional[str]:
        """A recognised language without training data, if lingua is sure of it."""
        others = set(self._config["recognised_languages"]) - set(self._languages)
        if not others or len(normalize(text).split()) < self._config["unsupported_min_words"]:
            return None
        if self._wide_detector is None:
            self._wide_detector = _build_lingua([*self._languages, *sorted(others)])
        best = self._wide_detector.compute_language_confidence_values(text)[0]
        code = best.language.iso_code_639_1.name.lower()
        sure = best.value >= self._config["unsupported_confidence"]
        return code if sure and code in others else None

    def detect(self, text: str) -> Dict[str, Any]:
        phrase = normalize(text)
        if phrase in self._lexicon:
            return {"code": self._lexicon[phrase], "source": "lexicon"}
        unsupported = self._unsupported(text)
        if unsupported:
            return {"code": None, "unsupported": unsupported, "source": "detector"}
        code = self._detected(text)
        return {"code": code if code in self._languages else None, "source": "detector"}

    def _lingua(self) -> Any:
        # built lazily: only the first long message pays for it, and training never does
        if self._detector is None:
            self._detector = _build_lingua(self._languages)
        return self._detector


def _build_lingua(codes: List[str]) -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
    return LanguageDetectorBuilder.from_languages(*languages).build()
