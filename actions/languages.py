"""The languages this deployment answers in and the language of a conversation."""

from typing import List

from rasa_sdk import Tracker

from actions import settings
from lotse.language import DEFAULT_LANGUAGE, conversation_language


def supported_languages() -> List[str]:
    """German (the source texts) plus every language with a response catalog."""
    return sorted({DEFAULT_LANGUAGE, *(p.stem for p in settings.LOCALES_DIR.glob("*.yml"))})


def tracker_language(tracker: Tracker) -> str:
    return conversation_language(tracker.events)
