"""NLU tokenizer: whitespace tokens whose lemma is the word's Snowball stem.

German and Turkish citizens write the same word in many forms ("Verlängerung", "verlängern",
"verlängert"; "uzatmak", "uzatma"), and a word form the training data lacks is a feature
the classifier has never seen. A featurizer with `use_lemma: true` counts the stems instead;
the others keep the words as written (`use_lemma: false`), so nothing is lost.

The stemmer follows the message's language: the training examples declare theirs
(`metadata.language`), live messages carry the LanguageDetector's result; a message whose
language is undetected is stemmed by its script where that decides it (Arabic, Cyrillic),
otherwise left as written.

Chinese has no spaces, and Rasa's whitespace tokenizer drops its characters as emoji: a text
with Chinese characters is written in Simplified ones (OpenCC: "機會卡" is "机会卡", as most
examples are written) and cut into single characters, whose pairs the word-bigram featurizer
sees; `segment_chinese: jieba` cuts them into jieba's dictionary words, `none` into clauses.
Measured (benchmarks/tokenisation.py, README "NLU pipeline"): characters 93.5 %, jieba 92.1 %,
clauses 89.4 % on the Chinese held-out file.

Persian is typed on Persian and on Arabic keyboards, with or without half-spaces, in three
sets of digits: a Persian message's tokens are compared in one spelling (lotse_common/
script.py); Arabic keeps its own (folding "ى" into "ي" there cost Arabic accuracy).
"""

import re
import unicodedata
from functools import cache
from typing import Any, Dict, List, Optional, Tuple

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from lotse.nlu.language_detector import example_language
from lotse_common.language import PARSE_DATA_KEY
from lotse_common.script import HAN, HAN_LETTERS, PERSIAN_ONLY, arabic_script_folded

# a run of Han characters, or of other letters and digits ("Blue", "Card", "2031")
PIECE = re.compile(f"[{HAN_LETTERS}]+|[^\\W{HAN_LETTERS}]+")
CLAUSE = re.compile(r"[^\s，。！？；：、,.!?;:]+")


def chinese_pieces(text: str, mode: str) -> List[Tuple[str, int]]:
    """(word, offset) of a token holding Han characters: jieba's words or single characters."""
    pieces = []
    for run in PIECE.finditer(text):
        if not HAN.match(run[0]):
            pieces.append((run[0], run.start()))
        elif mode == "characters":
            pieces += [(char, run.start() + i) for i, char in enumerate(run[0])]
        else:
            pieces += [(word, run.start() + start) for word, start, _ in _jieba().tokenize(run[0])]
    return pieces


def _simplified(text: str) -> str:
    converted = _opencc().convert(text)
    return converted if len(converted) == len(text) else text


@cache
def _opencc() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _jieba() -> Any:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@cache
def _stemmer(algorithm: str) -> Any:
    import Stemmer

    return Stemmer.Stemmer(algorithm)


def _script(text: str) -> Optional[str]:
    """'ARABIC', 'PERSIAN' or 'CYRILLIC' when the first letter is written in it."""
    for char in text:
        if char.isalpha():
            script = unicodedata.name(char, "").split(" ")[0]
            if script == "ARABIC" and PERSIAN_ONLY & set(text):
                return "PERSIAN"
            return script
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False
)
class StemmingTokenizer(WhitespaceTokenizer):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            **WhitespaceTokenizer.get_default_config(),
            # language code -> Snowball algorithm (Ukrainian has none: Russian's suffixes
            # are the closest)
            "stemmers": {"de": "german", "en": "english", "tr": "turkish",
                         "ar": "arabic", "uk": "russian", "ru": "russian", "fa": "persian",
                         "fr": "french", "es": "spanish", "it": "italian", "pl": "polish",
                         "pt": "portuguese", "ro": "romanian"},
            # the algorithm for a message of undetected language, by script
            "script_stemmers": {"ARABIC": "arabic", "PERSIAN": "persian",
                                "CYRILLIC": "russian"},
            # Han characters cut into "jieba" words or single "characters" ("none": as
            # whitespace leaves them, a clause per token; for the comparison in the README)
            "segment_chinese": "characters",
        }

    def _chinese(self, text: str) -> List[Token]:
        """Tokens of a text with Chinese characters: Rasa's whitespace tokenizer takes them
        for emoji (its emoji ranges span U+24C2 to U+1F251) and drops them."""
        text = _simplified(text)  # one character for one: the offsets stay
        mode = self._config["segment_chinese"]
        if mode == "none":  # a clause per token, as whitespace would leave it
            return [Token(m[0], m.start()) for m in CLAUSE.finditer(text)]
        return [Token(word, offset) for word, offset in chinese_pieces(text, mode)]

    def _algorithm(self, language: Optional[str], message: Message) -> Optional[str]:
        if language:
            return self._config["stemmers"].get(language)
        return self._config["script_stemmers"].get(_script(message.get(TEXT) or ""))

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        text = message.get(attribute) or ""
        if attribute == TEXT and HAN.search(text):
            tokens = self._chinese(text)
        else:
            tokens = super().tokenize(message, attribute)
        language = algorithm = None
        if attribute == TEXT:
            detected = (message.get(PARSE_DATA_KEY) or {}).get("code")
            language = detected or example_language(message)
            algorithm = self._algorithm(language, message)
        persian = algorithm == "persian"
        for token in tokens:
            if persian:
                token.text = arabic_script_folded(token.text, persian)
            word = token.text.casefold()
            token.lemma = _stemmer(algorithm).stemWord(word) if algorithm else word
        return tokens
