"""Citizen text never reaches the Rasa server's logs. Rasa logs message texts, parse data and
slot values through structlog under known keys, and offers a plugin hook to anonymise them:
Lotse answers it with a pipeline that replaces each such value by "[redacted]". Rasa's story
reader also warns with the whole line when a message starts with "/" but is no intent
("/greet Erika Muster …"): those warnings are dropped. Installed by lotse/nlg.py."""

import warnings
from typing import Any

import pluggy
from rasa.plugin import plugin_manager

hookimpl = pluggy.HookimplMarker("rasa")
REDACTED = "[redacted]"
# warnings of rasa.shared.core.training_data.story_reader that quote the citizen's message
QUOTING_WARNINGS = (r"Failed to parse arguments in line", r"Failed to parse intent")


class _Redaction:
    def log_run(self, value: Any) -> str:
        return REDACTED

    def run(self, event: Any) -> None:
        """Rasa hands every new event to the pipeline for publishing elsewhere (event
        brokers); Lotse publishes nothing."""
        return None


class _Plugin:
    @hookimpl
    def get_anonymization_pipeline(self) -> _Redaction:
        return _Redaction()


_PLUGIN = _Plugin()


def install() -> None:
    manager = plugin_manager()
    if not manager.is_registered(_PLUGIN):
        manager.register(_PLUGIN)
    for message in QUOTING_WARNINGS:
        warnings.filterwarnings("ignore", message=message, category=UserWarning)
