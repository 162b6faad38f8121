import asyncio

import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue import ActionChangeLanguage
from actions.languages import language_buttons, supported_languages
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


def asked(text, before, ranking):
    """`text` read as change_language to German, after `before` (text, language, intent)."""
    event = user_event(text, "de", intent="change_language", entities={"language": "de"})
    event["parse_data"]["intent_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    tracker = make_tracker([user_event(*before), event])
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionChangeLanguage().run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages, events


def test_must_she_speak_german_is_a_question_about_the_topic_not_a_language_switch():
    # after the family reunion answer "muss sie deutsch können?" got "ab jetzt schreibe ich
    # auf Deutsch" in a conversation held in German all along
    messages, events = asked("muss sie deutsch können?",
                             ("Ich will meine Frau nachholen", "de", "family_reunion"),
                             [("change_language", 0.50), ("family_reunion", 0.35)])
    assert [(e["name"], e["value"]) for e in events] == [("topic", "family_reunion")]
    assert not any("auf Deutsch" in (m.get("text") or "") for m in messages)
    assert "Familiennachzug" in " ".join(m.get("text") or "" for m in messages)
    # a request for German in an English conversation still switches
    _, events = asked("kann ich auf deutsch schreiben?",
                      ("how can I bring my wife", "en", "family_reunion"),
                      [("change_language", 0.50), ("family_reunion", 0.35)])
    assert events[0]["value"] == "de"


def test_must_my_wife_speak_german_asked_in_french_does_not_switch_to_german():
    # "et ma femme, elle doit aussi parler allemand ?" after the child's reunion answer got
    # "Gern, ab jetzt schreibe ich auf Deutsch": another person's German is a topic question
    event = user_event("et ma femme, elle doit aussi parler allemand ?", "fr",
                       intent="change_language", entities={"language": "de"})
    event["parse_data"]["intent_ranking"] = [
        {"name": "change_language", "confidence": 0.40},
        {"name": "family_reunion", "confidence": 0.33}]
    before = user_event("mon fils a 16 ans, doit-il parler allemand ?", "fr", "family_reunion")
    tracker = make_tracker([before, event], {"language": "fr"})
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionChangeLanguage().run(dispatcher, tracker, DOMAIN))
    assert ("language", "de") not in [(e.get("name"), e.get("value")) for e in events]
    assert ("topic", "family_reunion") in [(e.get("name"), e.get("value")) for e in events]
    # "parlez-vous allemand ?" is a request: it switches
    request = user_event("parlez-vous allemand ?", "fr", intent="change_language",
                         entities={"language": "de"})
    tracker = make_tracker([before, request], {"language": "fr"})
    events = asyncio.run(ActionChangeLanguage().run(CollectingDispatcher(), tracker, DOMAIN))
    assert ("language", "de") in [(e.get("name"), e.get("value")) for e in events]
