"""The languages this deployment answers in, and switching between them."""

from functools import cache
from typing import Any, Dict, List

import yaml
from babel import Locale
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import settings
from lotse_common.language import (
    DEFAULT_LANGUAGE,
    LANGUAGE_SLOT,
    available_languages,
    conversation_language,
)


def localized(texts: Dict[str, str], language: str) -> str:
    """A text of a `{language: text}` mapping from knowledge/, German standing in."""
    return texts.get(language) or texts[DEFAULT_LANGUAGE]


def supported_languages() -> List[str]:
    """German (the source texts) plus every language with a response catalog."""
    return available_languages(settings.LOCALES_DIR)


def tracker_language(tracker: Tracker) -> str:
    return conversation_language(tracker.events)


@cache
def _catalog(language: str) -> Dict[str, Any]:
    path = settings.LOCALES_DIR / f"{language}.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["responses"]


def response_text(name: str, language: str, domain: Dict[str, Any]) -> str:
    """A response's text in a given language, independent of the conversation's language."""
    variations = (
        domain["responses"][name] if language == DEFAULT_LANGUAGE else _catalog(language)[name]
    )
    return variations[0]["text"]


def response_buttons(name: str, language: str, domain: Dict[str, Any]) -> List[Dict[str, str]]:
    """A response's buttons in a given language."""
    variations = (
        domain["responses"][name] if language == DEFAULT_LANGUAGE else _catalog(language)[name]
    )
    return list(variations[0].get("buttons") or [])


# Croatian's data and answers also serve Serbian and Bosnian readers, who look for their name
AUTONYMS = {"hr": "Hrvatski · Srpski · Bosanski"}


def language_buttons() -> List[Dict[str, str]]:
    """One button per supported language, labelled in that language ("Türkçe", "العربية")."""
    return [
        {
            "title": AUTONYMS.get(code) or Locale.parse(code).get_display_name(code).capitalize(),
            "payload": f'/change_language{{"language": "{code}"}}',
        }
        for code in supported_languages()
    ]


def language_change_events(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
) -> List[EventType]:
    """Switches to the requested language if Lotse speaks it, else shows the language menu."""
    requested = next(tracker.get_latest_entity_values("language"), None)
    code = str(requested or "").strip().lower()
    if code in supported_languages():
        # Rasa renders responses before it applies the SlotSet: write the text directly
        dispatcher.utter_message(text=response_text("utter_language_changed", code, domain))
        return [SlotSet(LANGUAGE_SLOT, code)]
    dispatcher.utter_message(response="utter_choose_language", buttons=language_buttons(),
                             language=None)  # German and English: no one language
    return []


class ActionChangeLanguage(Action):
    def name(self) -> str:
        return "action_change_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        return language_change_events(dispatcher, tracker, domain)
