import asyncio

import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.languages import ActionChangeLanguage, language_buttons, supported_languages
from tests.conftest import PROJECT_DIR, make_tracker, user_event

DOMAIN = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text(encoding="utf-8"))


def change(entity_value, language="de"):
    event = user_event("...", language, intent="change_language")
    if entity_value:
        event["parse_data"]["entities"] = [{"entity": "language", "value": entity_value}]
    tracker = make_tracker([event])
    tracker.latest_message["entities"] = event["parse_data"]["entities"]
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionChangeLanguage().run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages, events


def test_the_supported_languages_are_german_plus_the_translations():
    assert supported_languages() == sorted(
        {"de", *(p.stem for p in (PROJECT_DIR / "locales").glob("??.yml"))})
    assert {"ar", "de", "en", "tr", "uk", "ru", "fa"} <= set(supported_languages())


def test_switching_confirms_in_the_new_language():
    messages, events = change("tr")
    assert events[0]["name"] == "language" and events[0]["value"] == "tr"
    assert "Türkçe" in messages[0]["text"]


def test_an_unsupported_or_missing_language_shows_the_menu():
    for value in ("xx", None):
        messages, events = change(value)
        assert events == []
        assert messages[0]["response"] == "utter_choose_language"
        titles = [b["title"] for b in messages[0]["buttons"]]
        assert "Türkçe" in titles and "العربية" in titles and "Deutsch" in titles


def test_language_buttons_send_the_language_code():
    payloads = [b["payload"] for b in language_buttons()]
    assert '/change_language{"language": "uk"}' in payloads
