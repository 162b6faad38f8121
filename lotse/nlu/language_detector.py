"""NLU component: which language is this message written in?

Two sources, both offline:
- a lexicon of short phrases learned from the training data ("Hello", "Merhaba"), because
  statistical detectors cannot tell languages apart on one or two words;
- the lingua detector (its models ship inside the wheel), restricted to the languages the
  training data contains, for everything longer.

The result goes into the parse data as `language: {code, confidence, source}`. `code` is
null when the message is too short or ambiguous ("ok", "ja"), so that such messages never
switch the conversation language (see lotse.language).
"""

import re
import unicodedata
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import METADATA, METADATA_INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.utils.io import dump_obj_as_json_to_file, read_json_file

from lotse.language import PARSE_DATA_KEY

LEXICON_FILE = "lexicon.json"
LANGUAGES_FILE = "languages.json"


def normalize(text: str) -> str:
    """Lower-case, strip punctuation and extra space: 'Hallo!!' and 'hallo' are the same."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def example_language(message: Message) -> str | None:
    """The `language` an intent block of the training data declares in its metadata."""
    metadata = message.get(METADATA) or {}
    return (metadata.get(METADATA_INTENT) or {}).get("language")


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True
)
class LanguageDetector(GraphComponent):
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
        }

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        lexicon: Dict[str, str] | None = None,
        languages: List[str] | None = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._lexicon = lexicon or {}
        self._languages = languages or []
        self._detector = None

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LanguageDetector":
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "LanguageDetector":
        try:
            with model_storage.read_from(resource) as directory:
                lexicon = read_json_file(directory / LEXICON_FILE)
                languages = read_json_file(directory / LANGUAGES_FILE)
        except ValueError:
            lexicon, languages = {}, []
        return cls(config, model_storage, resource, lexicon, languages)

    def train(self, training_data: TrainingData) -> Resource:
        """Learn the languages and their unambiguous short phrases from the examples."""
        seen: Dict[str, set] = {}
        languages = set()
        for message in training_data.intent_examples:
            language = example_language(message)
            if not language:
                continue
            languages.add(language)
            phrase = normalize(message.get(TEXT) or "")
            if phrase and len(phrase.split()) <= self._config["max_lexicon_words"]:
                seen.setdefault(phrase, set()).add(language)
        # a phrase used by several languages ("ok", "taxi") decides nothing
        self._lexicon = {p: next(iter(ls)) for p, ls in seen.items() if len(ls) == 1}
        self._languages = sorted(languages)
        with self._model_storage.write_to(self._resource) as directory:
            dump_obj_as_json_to_file(directory / LEXICON_FILE, self._lexicon)
            dump_obj_as_json_to_file(directory / LANGUAGES_FILE, self._languages)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            detection = self.detect(message.get(TEXT) or "")
            message.set(PARSE_DATA_KEY, detection, add_to_output=True)
        return messages

    def detect(self, text: str) -> Dict[str, Any]:
        phrase = normalize(text)
        if phrase in self._lexicon:
            return {"code": self._lexicon[phrase], "confidence": 1.0, "source": "lexicon"}
        letters = sum(ch.isalpha() for ch in phrase)
        if letters < self._config["min_letters"] or len(self._languages) < 2:
            return {"code": None, "confidence": 0.0, "source": "too_short"}
        best = self._lingua().compute_language_confidence_values(text)[0]
        code = best.language.iso_code_639_1.name.lower()
        confident = best.value >= self._config["min_confidence"] and code in self._languages
        return {
            "code": code if confident else None,
            "confidence": round(best.value, 3),
            "source": "detector",
        }

    def _lingua(self) -> Any:
        # built lazily: only the first long message pays for it, and training never does
        if self._detector is None:
            from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

            languages = [
                Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
                for code in self._languages
            ]
            self._detector = LanguageDetectorBuilder.from_languages(*languages).build()
        return self._detector
