"""Citizen text never reaches the Rasa server's logs. Rasa logs message texts, parse data and
slot values through structlog under known keys, and offers a plugin hook to anonymise them:
Lotse answers it with a pipeline that replaces each such value by "[redacted]". Rasa's story
reader also warns with the whole line when a message starts with "/" but is no intent
("/greet Erika Muster …"): those warnings are dropped. A client's malformed socket.io
request is logged in one line, not with a stack trace. Installed by lotse/nlg.py."""

import logging
import warnings
from typing import Any

import pluggy
from rasa.core.processor import MessageProcessor
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
_rasa_anonymization = MessageProcessor.run_anonymization_pipeline


async def _run_anonymization_pipeline(self: MessageProcessor, tracker: Any) -> None:
    """Rasa finds the turn's new events for the pipeline by reading the whole conversation
    again from the tracker store (a second database read per message, which also empties the
    store's cache before the save); Lotse's pipeline publishes nothing, so nothing is read."""
    if isinstance(plugin_manager().hook.get_anonymization_pipeline(), _Redaction):
        return None
    return await _rasa_anonymization(self, tracker)


class _OneLineForBadClients(logging.Filter):
    """engineio logs a client's malformed long-polling request (e.g. more than 16 packets in
    one POST, which it refuses) with a full stack trace: any client could fill the log with
    them. One line with the error's type is enough; the client gets its 400 as before."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.getMessage() == "post request handler error":
            kind = record.exc_info[0].__name__ if record.exc_info[0] else "error"
            record.msg, record.args = f"socket.io request refused ({kind})", ()
            record.exc_info, record.exc_text, record.levelno = None, None, logging.WARNING
            record.levelname = "WARNING"
        return True


_ENGINEIO_FILTER = _OneLineForBadClients()


def install() -> None:
    manager = plugin_manager()
    if not manager.is_registered(_PLUGIN):
        manager.register(_PLUGIN)
    MessageProcessor.run_anonymization_pipeline = _run_anonymization_pipeline
    for message in QUOTING_WARNINGS:
        warnings.filterwarnings("ignore", message=message, category=UserWarning)
    engineio = logging.getLogger("engineio.server")
    if _ENGINEIO_FILTER not in engineio.filters:
        engineio.addFilter(_ENGINEIO_FILTER)
