"""NLU tokenizer: whitespace tokens whose lemma is the word's Snowball stem.

German and Turkish citizens write the same word in many forms ("Verlängerung", "verlängern",
"verlängert"; "uzatmak", "uzatma"), and a word form the training data lacks is a feature
the classifier has never seen. A featurizer with `use_lemma: true` counts the stems instead;
the others keep the words as written (`use_lemma: false`), so nothing is lost.

The stemmer follows the message's language: the training examples declare theirs
(`metadata.language`), live messages carry the LanguageDetector's result; a message whose
language is undetected is stemmed by its script where that decides it (Arabic, Cyrillic),
otherwise left as written.

Persian is typed on Persian and on Arabic keyboards, with or without half-spaces, in three
sets of digits: a Persian message's tokens are compared in one spelling (lotse_common/
script.py); Arabic keeps its own (folding "ى" into "ي" there cost Arabic accuracy).
"""

import unicodedata
from functools import cache
from typing import Any, Dict, List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from lotse.nlu.language_detector import example_language
from lotse_common.language import PARSE_DATA_KEY
from lotse_common.script import PERSIAN_ONLY, arabic_script_folded


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
                         "ar": "arabic", "uk": "russian", "ru": "russian", "fa": "persian"},
            # the algorithm for a message of undetected language, by script
            "script_stemmers": {"ARABIC": "arabic", "PERSIAN": "persian",
                                "CYRILLIC": "russian"},
        }

    def _algorithm(self, message: Message) -> Optional[str]:
        detected = (message.get(PARSE_DATA_KEY) or {}).get("code")
        language = detected or example_language(message)
        if language:
            return self._config["stemmers"].get(language)
        return self._config["script_stemmers"].get(_script(message.get(TEXT) or ""))

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        tokens = super().tokenize(message, attribute)
        algorithm = self._algorithm(message) if attribute == TEXT else None
        persian = algorithm == "persian"
        for token in tokens:
            if persian:
                token.text = arabic_script_folded(token.text, persian)
            word = token.text.casefold()
            token.lemma = _stemmer(algorithm).stemWord(word) if algorithm else word
        return tokens
