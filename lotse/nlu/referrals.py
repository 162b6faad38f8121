"""NLU component: another authority's matter is `out_of_scope`, even when the classifier is
unsure ("Ich brauche einen neuen Personalausweis" scored as a vague naturalisation question).

Runs after the RuleEntityExtractor: an `authority` entity (keywords of
knowledge/referrals.yml) decides when the classifier's best intent is weak. A confident
immigration intent stays ("Kindergeld – brauche ich dafür eine Niederlassungserlaubnis?").
"""

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_TYPE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from lotse.nlu.persisted import ConfiguredComponent
from lotse.nlu.questions import DECIDING_SPAN
from lotse_common.language import PARSE_DATA_KEY

OUT_OF_SCOPE = "out_of_scope"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class AuthorityReferral(ConfiguredComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # below this confidence of the best intent, a named authority decides
        return {"max_confidence": 0.6, "confidence": 0.9}

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if self._applies(message):
                self._refer(message)
        return messages

    def _applies(self, message: Message) -> bool:
        text = message.get(TEXT) or ""
        if text.startswith("/") or (message.get(PARSE_DATA_KEY) or {}).get("unsupported"):
            return False
        # in a story whose question decided the intent, only an authority named in that
        # question counts: "… the Kindergeld is late. What does extending my permit cost?"
        start, end = message.get(DECIDING_SPAN) or (0, len(text))
        named = any(
            e.get(ENTITY_ATTRIBUTE_TYPE) == "authority" and start <= e.get("start", 0) < end
            for e in message.get(ENTITIES) or []
        )
        intent = message.get(INTENT) or {}
        confidence = intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0
        # also an unsure out_of_scope itself: named, the authority makes it sure (at 0.13 the
        # fallback would ask "did you mean …?" about "vertetim qe nuk jam i denuar")
        return named and confidence < self._config["max_confidence"]

    def _refer(self, message: Message) -> None:
        confidence = self._config["confidence"]
        chosen = {INTENT_NAME_KEY: OUT_OF_SCOPE, PREDICTED_CONFIDENCE_KEY: confidence}
        rest = [r for r in message.get(INTENT_RANKING_KEY) or []
                if r.get(INTENT_NAME_KEY) != OUT_OF_SCOPE]
        # the others share what is left, as probabilities do: a topic at 0.89 right behind
        # the referral's 0.9 would make the fallback ask "did you mean …?" ("tax class 3/5
        # or 4/4" names the Finanzamt)
        total = sum(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0 for r in rest)
        scale = (1.0 - confidence) / total if total > 1.0 - confidence else 1.0
        rest = [{**r, PREDICTED_CONFIDENCE_KEY: (r.get(PREDICTED_CONFIDENCE_KEY) or 0.0) * scale}
                for r in rest]
        message.set(INTENT, chosen, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [chosen, *rest], add_to_output=True)
