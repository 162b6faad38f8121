"""The languages this deployment answers in, and switching between them."""

from functools import cache
from typing import Any, Dict, Iterable, List, Optional

from babel import Locale
from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import settings
from actions.forms.choices import mentions, words
from lotse_common.language import (
    DEFAULT_LANGUAGE,
    LANGUAGE_SLOT,
    available_languages,
    conversation_language,
)
from lotse_common.yaml_files import read_yaml


def localized(texts: Dict[str, str], language: str) -> str:
    """A text of a `{language: text}` mapping from knowledge/, German standing in."""
    return texts.get(language) or texts[DEFAULT_LANGUAGE]


def supported_languages() -> List[str]:
    """German (the source texts) plus every language with a response catalog."""
    return available_languages(settings.LOCALES_DIR)


def tracker_language(tracker: Tracker) -> str:
    return conversation_language(tracker.events)


@cache
def catalog(language: str) -> Dict[str, Any]:
    """The responses translated into a language other than German (locales/<language>.yml)."""
    path = settings.LOCALES_DIR / f"{language}.yml"
    return read_yaml(path)["responses"]


def response_text(name: str, language: str, domain: Dict[str, Any]) -> str:
    """A response's text in a given language, independent of the conversation's language."""
    variations = (
        domain["responses"][name] if language == DEFAULT_LANGUAGE else catalog(language)[name]
    )
    return variations[0]["text"]


def response_buttons(name: str, language: str, domain: Dict[str, Any]) -> List[Dict[str, str]]:
    """A response's buttons in a given language."""
    variations = (
        domain["responses"][name] if language == DEFAULT_LANGUAGE else catalog(language)[name]
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


# "muss sie Deutsch können?" reads much like "kann ich Deutsch schreiben?": a request for the
# language the conversation already speaks, with a topic nearly as likely, asks about the topic
TOPIC_INSTEAD_CONFIDENCE = 0.3


def topic_instead_of_language(tracker: Tracker, topics: Iterable[str]) -> Optional[str]:
    """The topic the message asks about when it only seems to ask for a language: the one
    spoken already, or one another person is to speak ("et ma femme, elle doit aussi parler
    allemand ?" in French); None for a real request ("Sprechen Sie Deutsch?", "English
    please")."""
    text = str(tracker.latest_message.get("text") or "/")
    if text.startswith("/"):
        return None
    requested = next(tracker.get_latest_entity_values("language"), None)
    last = max((i for i, e in enumerate(tracker.events) if e.get("event") == "user"), default=0)
    language = tracker_language(tracker)
    about_other = mentions(text, [*(words(language).get("someone_else") or []),
                                  *(words(language).get("child") or [])])
    if requested != conversation_language(tracker.events[:last]) and not about_other:
        return None
    # about another person it is never a request to switch: the likeliest topic, else the
    # conversation's
    floor = 0.0 if about_other else TOPIC_INSTEAD_CONFIDENCE
    ranking = tracker.latest_message.get("intent_ranking") or []
    found = next((r["name"] for r in ranking if r.get("name") in set(topics)
                  and (r.get("confidence") or 0) >= floor), None)
    current = tracker.get_slot("topic")
    return found or (current if about_other and current in set(topics) else None)


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
