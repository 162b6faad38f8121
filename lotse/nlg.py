"""Response generation in the conversation's language.

`domain.yml` holds every response in German: the source text and the fallback.
`locales/<lang>.yml` holds the translations under the same response names, in the same
format as the domain (`responses: {utter_x: [{text: ...}]}`), so a new language is a
new file. Configured in endpoints.yml:

    nlg:
      type: lotse.nlg.LocalizedNLG

The translations are read from LOTSE_LOCALES_DIR (lotse/settings.py), the folder the action
server reads its languages from; a `locales:` key in the endpoint overrides it (tests).

`rasa test` loads models without endpoints and falls back to Rasa's own generator,
which does not matter there: conversation tests compare actions, not texts.
"""

import logging
from pathlib import Path
from typing import Any, Dict, List

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.io import read_yaml_file
from rasa.utils.endpoints import EndpointConfig

from lotse import patches, settings
from lotse_common.language import DEFAULT_LANGUAGE, conversation_language

# loaded by every Rasa server of Lotse (endpoints.yml): the place to install Lotse's patches
patches.install()

logger = logging.getLogger(__name__)

Responses = Dict[str, List[Dict[str, Any]]]


def load_locales(directory: Path) -> Dict[str, Responses]:
    """Every `<lang>.yml` in the directory, as {lang: responses}."""
    catalogs = {}
    for path in sorted(directory.glob("*.yml")):
        content = read_yaml_file(path) or {}
        responses = content.get("responses")
        if not isinstance(responses, dict):
            raise ValueError(f"{path}: expected a top-level 'responses' mapping")
        catalogs[path.stem] = responses
    return catalogs


class _Generator(TemplatedNaturalLanguageGenerator):
    """Rasa's generator, minus one trap: a button payload like '/inform{"service":"x"}' is
    an intent with entities, not a template; interpolating it only logs errors."""

    def _fill_response(
        self, response: Dict[str, Any], filled_slots: Dict[str, Any] | None = None, **kwargs: Any
    ) -> Dict[str, Any]:
        buttons = response.get("buttons") or []
        literal = [str(b.get("payload", "")).startswith("/") for b in buttons]
        response["buttons"] = [b for b, fixed in zip(buttons, literal, strict=True) if not fixed]
        filled = super()._fill_response(response, filled_slots, **kwargs)
        templated = iter(filled.get("buttons") or [])
        restored = [
            b if fixed else next(templated) for b, fixed in zip(buttons, literal, strict=True)
        ]
        if restored:
            filled["buttons"] = restored
        else:
            filled.pop("buttons", None)
        return filled


# responses written in German and English in every catalog: no one language to label
MIXED_LANGUAGES = {"utter_choose_language"}


class LocalizedNLG(TemplatedNaturalLanguageGenerator):
    """Picks the response variations of the conversation's language."""

    def __init__(
        self, endpoint_config: EndpointConfig | None = None, domain: Domain | None = None
    ) -> None:
        kwargs = (endpoint_config.kwargs if endpoint_config else {}) or {}
        self.locales = load_locales(Path(kwargs.get("locales") or settings.LOCALES_DIR))
        self.generators: Dict[str, TemplatedNaturalLanguageGenerator] = {}
        self.responses = (domain or Domain.empty()).responses

    @property
    def responses(self) -> Responses:
        return self._source_responses

    @responses.setter
    def responses(self, source: Responses) -> None:
        # Rasa assigns the domain's responses here once the model is loaded
        self._source_responses = source
        self.generators = {DEFAULT_LANGUAGE: _Generator(source)}
        for language, translated in self.locales.items():
            missing = sorted(set(source) - set(translated))
            if missing:
                # tests/test_locales.py fails on this; at run time German stands in
                logger.warning(f"Responses without '{language}' text: {missing}")
            self.generators[language] = _Generator({**source, **translated})

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> Dict[str, Any] | None:
        language = conversation_language(e.as_dict() for e in tracker.events)
        generator = self.generators.get(language) or self.generators[DEFAULT_LANGUAGE]
        message = await generator.generate(utter_action, tracker, output_channel, **kwargs)
        if message and language in self.generators and utter_action not in MIXED_LANGUAGES:
            # the message's language travels with it (BotUttered metadata): the web chat
            # switches its own labels to it (lotse/channels/socketio.py)
            message["language"] = language
        return message
