"""NLU component: the flows' entities from a rule-based spaCy pipeline built offline by
scripts/build_entities.py (spacy.blank + EntityRuler; nothing is downloaded).

Each entity's value is its pattern id where there is one ("Indien" -> IN, "Blaue Karte" ->
blue_card, "Verlängerung der Aufenthaltserlaubnis" -> extension), else the text as written
(dates, postal codes, e-mail addresses, booking references).
"""

import re
from pathlib import Path
from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from lotse.nlu.persisted import ConfiguredComponent

# a booking reference as the confirmation shows it: "T-7KQ2-M9XA"
# (not after Latin letters or digits: Chinese writes it right after a word, "预约号是T-4HWP-8ZRC")
REFERENCE = re.compile(r"(?<![A-Za-z0-9_-])[Tt]-[2-9A-Za-z]{4}-[2-9A-Za-z]{4}(?![A-Za-z0-9_-])")


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False
)
class RuleEntityExtractor(ConfiguredComponent):
    _nlp: Any = None  # the spaCy pipeline, loaded on first use

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # relative to the directory the Rasa server runs in (the project)
        return {"model": "models/spacy/lotse-entities"}

    def warm_up(self) -> None:
        # spaCy's first call is slow (about 1 s)
        if Path(self._config["model"], "config.cfg").exists():
            self._pipeline()("Termin am Montag")

    def _pipeline(self) -> Any:
        if self._nlp is None:
            import spacy

            path = Path(self._config["model"])
            if not (path / "config.cfg").exists():
                raise FileNotFoundError(
                    f"{path}: entity pipeline missing; build it: python scripts/build_entities.py"
                )
            self._nlp = spacy.load(path)
        return self._nlp

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue  # button payloads carry their entities already
            spans = [
                (ent.label_, ent.ent_id_ or ent.text, ent.start_char, ent.end_char)
                for ent in self._pipeline()(text).ents
                if ent.label_ != "booking_reference"
            ]
            # spaCy's tokenizer splits "T-J6KQ-WT2M" at the hyphens and "WT2M." before the
            # dot, so a pattern over tokens misses most references: a regex over the text
            spans += [
                ("booking_reference", m[0], m.start(), m.end()) for m in REFERENCE.finditer(text)
            ]
            found = [
                {
                    ENTITY_ATTRIBUTE_TYPE: label,
                    ENTITY_ATTRIBUTE_VALUE: value,
                    ENTITY_ATTRIBUTE_START: start,
                    ENTITY_ATTRIBUTE_END: end,
                    EXTRACTOR: self.__class__.__name__,
                }
                for label, value, start, end in spans
            ]
            message.set(ENTITIES, [*(message.get(ENTITIES) or []), *found], add_to_output=True)
        return messages
