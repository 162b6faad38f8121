"""NLU component: messages made of words the assistant has never seen become `nlu_fallback`.

A linear classifier gives some intent a fair confidence even for "xkq wrr pfff" or a message
in a language without training data. Such a message should get "did you mean …?" or a
request to rephrase, not a confident wrong answer. A word counts as familiar when the training
data contains it, or (for typos and inflections) most of its character 3-grams.
"""

from typing import Any, Dict, List, Set

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from lotse.nlu.persisted import JsonStateComponent
from lotse_common.language import NO_KNOWN_WORD, PARSE_DATA_KEY, non_latin
from lotse_common.script import HAN, WORD, han_spaced

GRAM = 3


def words(text: str) -> List[str]:
    # tokens with digits (dates, phone numbers, "T-7KQ2-M9XA") are data, not vocabulary;
    # single letters say nothing either way, except Chinese characters, which are words of
    # their own here ("我搬家了" is four)
    tokens = WORD.findall(han_spaced(text.casefold()))
    return [w for w in tokens
            if (len(w) > 1 or HAN.match(w)) and not any(c.isdigit() for c in w)]


def grams(word: str) -> Set[str]:
    return {word[i : i + GRAM] for i in range(len(word) - GRAM + 1)}


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class UnfamiliarWordsFallback(JsonStateComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # below this share of familiar words the message is not understood
            "min_familiar_share": 0.5,
            # the confidence given to nlu_fallback (as the FallbackClassifier does)
            "fallback_confidence": 0.3,
            # a short word one typo away from a known one ("hii", "jup") counts as familiar
            # when the classifier is at least this sure of its intent
            "typo_confidence": 0.8,
        }

    def restore(self, state: Dict[str, Any]) -> None:
        self._vocabulary: Set[str] = set(state.get("vocabulary", []))
        self._grams = {g for w in self._vocabulary for g in grams(w)}
        self._letters = "".join(sorted({c for w in self._vocabulary for c in w}))

    def train(self, training_data: TrainingData) -> Resource:
        vocabulary = {w for m in training_data.intent_examples for w in words(m.get(TEXT))}
        return self.persist({"vocabulary": sorted(vocabulary)})

    def familiar_share(self, text: str, typos: bool = False) -> float:
        tokens = words(text)
        if not tokens:
            return 1.0  # emoji, punctuation, numbers: leave them to the classifier
        return sum(self._is_familiar(t) or (typos and self._one_typo_away(t))
                   for t in tokens) / len(tokens)

    def _is_familiar(self, word: str) -> bool:
        if word in self._vocabulary:
            return True
        word_grams = grams(word)
        known = 2 * len(word_grams & self._grams)
        # exactly half is not enough alone: with nineteen languages' 3-grams one of two is
        # nearly always known, and "asdf" (asd) answered a yes/no question; "halo" (hallo)
        # is one letter from a word
        return bool(word_grams) and (known > len(word_grams) or (
            known == len(word_grams) and self._one_typo_away(word)))

    def _one_typo_away(self, word: str) -> bool:
        """Short words have one or two 3-grams, too few for the test above: "hii" (hi),
        "jup" (jep) are one letter added, dropped, changed or swapped from a known word."""
        if len(word) > 4 or len(set(word)) == 1:
            return False  # one letter held down ("qqq", "ttt") is mashing, not a typo of "tot"
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        edits = {a + b[1:] for a, b in splits if b}
        edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        edits |= {a + c + b[1:] for a, b in splits if b for c in self._letters}
        edits |= {a + c + b for a, b in splits for c in self._letters}
        return any(len(e) > 1 and e in self._vocabulary for e in edits)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/") or not self._vocabulary:
                continue  # button payloads are exact intents
            unsupported = (message.get(PARSE_DATA_KEY) or {}).get("unsupported")
            minimum = self._config["min_familiar_share"]
            intent = message.get(INTENT) or {}
            # typos are forgiven for a topic read surely ("verlengerung"), never for "not our
            # matter" read from words nobody wrote ("xkq wrr pfff blorp" as out_of_scope 0.8)
            sure = (intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0) >= self._config[
                "typo_confidence"] and intent.get(INTENT_NAME_KEY) != "out_of_scope"
            share = self.familiar_share(text)
            if unsupported or (share < minimum
                               and not (sure and self.familiar_share(text, typos=True) >= minimum)):
                self._fall_back(message)
                if not unsupported and share == 0:
                    message.set(NO_KNOWN_WORD, True, add_to_output=True)
        return messages

    def _fall_back(self, message: Message) -> None:
        fallback = {
            INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME,
            PREDICTED_CONFIDENCE_KEY: self._config["fallback_confidence"],
        }
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or []
                   if r.get(INTENT_NAME_KEY) != DEFAULT_NLU_FALLBACK_INTENT_NAME]
        message.set(INTENT, fallback, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [fallback, *ranking], add_to_output=True)
        detection = message.get(PARSE_DATA_KEY) or {}
        if (detection.get("code") or detection.get("likely")) and not non_latin(
                message.get(TEXT) or ""):
            # lingua guesses a language for gibberish too: it must not switch the
            # conversation (Arabic or Cyrillic script tells the language anyway)
            unsure = {key: value for key, value in detection.items() if key != "likely"}
            message.set(PARSE_DATA_KEY, {**unsure, "code": None}, add_to_output=True)
