import asyncio

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionDefaultAskAffirmation
from tests.conftest import LANGUAGES, PROJECT_DIR, make_tracker, user_event

DOMAIN = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text(encoding="utf-8"))
LABELS = yaml.safe_load((PROJECT_DIR / "knowledge/labels.yml").read_text(encoding="utf-8"))


def ask(language, ranking, **parse_data):
    event = user_event("bl karte", language, intent="nlu_fallback")
    event["parse_data"]["intent_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    event["parse_data"].update(parse_data)
    dispatcher = CollectingDispatcher()
    earlier = user_event("Hello, I have a question", language)  # sets the conversation language
    tracker = make_tracker([earlier, event])
    asyncio.run(ActionDefaultAskAffirmation().run(dispatcher, tracker, DOMAIN))
    [message] = dispatcher.messages
    return message


def test_the_two_most_likely_topics_are_offered_in_the_citizens_language():
    ranking = [("nlu_fallback", 0.3), ("blue_card", 0.25), ("affirm", 0.2), ("skilled_worker", 0.1),
               ("fees", 0.05)]
    message = ask("en", ranking)
    assert message["response"] == "utter_did_you_mean"
    payloads = [b["payload"] for b in message["buttons"]]
    assert payloads == ["/blue_card", "/skilled_worker", "/out_of_scope"]
    assert [b["title"] for b in message["buttons"]] == ["EU Blue Card", "Skilled worker permit",
                                                         "Something else"]


def test_without_one_known_word_no_topic_is_guessed_but_rephrasing_asked_for():
    ranking = [("nlu_fallback", 0.3), ("blue_card", 0.25), ("thank_you", 0.2)]
    message = ask("en", ranking, no_known_word=True)
    assert message["response"] == "utter_ask_rephrase"
    payloads = [b["payload"] for b in message["buttons"]]
    assert "/blue_card" not in payloads and "/request_human" in payloads


def test_another_authoritys_matter_is_not_offered_twice():
    message = ask("en", [("nlu_fallback", 0.3), ("out_of_scope", 0.25), ("blue_card", 0.2),
                         ("fees", 0.1)])
    payloads = [b["payload"] for b in message["buttons"]]
    assert payloads == ["/blue_card", "/fees", "/out_of_scope"]


def test_with_nothing_to_guess_from_lotse_asks_for_words_and_offers_ways_forward():
    """"?" alone: no "did you mean" without choices, but a request to say it in words, the
    most asked topics and a person."""
    message = ask("en", [("nlu_fallback", 1.0)])
    assert message["response"] == "utter_ask_rephrase"
    payloads = [b["payload"] for b in message["buttons"]]
    assert "/book_appointment" in payloads and payloads[-1] == "/request_human"
    assert "Book an appointment" in [b["title"] for b in message["buttons"]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_intent_has_a_label_in_every_language(language):
    for intent in DOMAIN["intents"]:
        assert LABELS["labels"][intent][language].strip(), intent
    assert LABELS["something_else"][language]


def test_a_language_lotse_does_not_speak_gets_german_and_english_and_the_menu():
    event = user_event("Goedemorgen, ik wil mijn vergunning verlengen", None, intent="nlu_fallback")
    event["parse_data"]["language"] = {"code": None, "unsupported": "nl"}
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionDefaultAskAffirmation().run(dispatcher, make_tracker([event]), DOMAIN))
    [message] = dispatcher.messages
    assert "Diese Sprache spreche ich leider noch nicht" in message["text"]
    assert "I do not speak this language yet" in message["text"]
    assert {"Deutsch", "English", "Türkçe"} <= {b["title"] for b in message["buttons"]}


def test_an_unsure_cancellation_with_its_reference_goes_straight_to_the_cancellation():
    text = "ah pardon o gün işim var, T-YVRD-S2NC numaralı randevuyu iptal etmem lazım"
    event = user_event(text, "tr", intent="nlu_fallback")
    event["parse_data"]["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.4}, {"name": "inform", "confidence": 0.41},
        {"name": "cancel_appointment", "confidence": 0.4}]
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionDefaultAskAffirmation().run(
        dispatcher, make_tracker([event]), DOMAIN))
    assert dispatcher.messages == []  # no "did you mean"
    assert events == [{"event": "followup", "timestamp": None, "name": "cancel_appointment_form"}]


def test_another_persons_german_unsure_is_the_topic_not_did_you_mean_change_language():
    # "y mi esposa también tiene que hablar alemán?" read unsure got "did you mean: change
    # the language / family reunion / something else"
    text = "y mi esposa también tiene que hablar alemán?"
    event = user_event(text, "es", intent="nlu_fallback", entities={"language": "de"})
    event["parse_data"]["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "change_language", "confidence": 0.45},
        {"name": "family_reunion", "confidence": 0.4}]
    earlier = user_event("mi hijo tiene 17 años, tiene que saber alemán?", "es", "family_reunion")
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([earlier, event], {"language": "es"})
    events = asyncio.run(ActionDefaultAskAffirmation().run(dispatcher, tracker, DOMAIN))
    assert [(e["name"], e["value"]) for e in events] == [("topic", "family_reunion")]
    assert "utter_did_you_mean" not in [m.get("response") for m in dispatcher.messages]
    assert "A1" in " ".join(m.get("text") or "" for m in dispatcher.messages)


def test_an_unsure_question_about_the_answer_before_is_answered_from_it():
    # "а в часах это сколько? … 20 часов в неделю … и на каникулах?" after the students' work
    # answer was read as nobody's topic: "did you mean: travel / opening hours?"
    from actions.asked import ActionAnswerTopic

    first = user_event("я студентка, у меня внж для учебы. сколько мне можно работать?", "ru",
                       intent="work_permission")
    answered = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(answered, make_tracker([first]), {}))
    said = [{"event": "bot", "text": m.get("text"), "metadata": {}} for m in answered.messages]
    unsure = user_event("а в часах это сколько? мне говорили 20 часов в неделю можно, это правда? "
                        "и на каникулах больше можно?", "ru", intent="nlu_fallback",
                        confidence=0.2)
    unsure["parse_data"]["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.2}, {"name": "travel_abroad", "confidence": 0.24},
        {"name": "office_hours", "confidence": 0.22}]
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([first, *said, unsure], {"topic": "work_permission"})
    asyncio.run(ActionDefaultAskAffirmation().run(dispatcher, tracker, DOMAIN))
    responses = [m.get("response") for m in dispatcher.messages]
    assert "utter_did_you_mean" not in responses
    assert "20" in " ".join(m.get("text") or "" for m in dispatcher.messages)



def named_after_the_lost_job(first, text, language, country, ranking):
    """The country named, read unsure, right after the lost job's answer."""
    unsure = user_event(text, language, intent="nlu_fallback", entities={"country": country})
    unsure["parse_data"]["intent_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    from actions.asked import ActionAnswerTopic

    first = user_event(first, language, intent="job_loss")
    answered = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(answered, make_tracker([first]), {}))
    said = [{"event": "bot", "text": m.get("text"), "metadata": {}} for m in answered.messages]
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([first, *said, unsure], {"topic": "job_loss", "language": language})
    events = asyncio.run(ActionDefaultAskAffirmation().run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages, events


def test_the_country_named_after_the_lost_jobs_answer_is_answered_for_it():
    # "I'm from Romania", the answer to "if you are an EU citizen, tell me your country" after
    # the lost job, read unsure (EU citizens 0.49, a form's answer 0.47): "did you mean?"
    messages, events = named_after_the_lost_job(
        "I lost my job last week, what happens to my residence permit now?", "I'm from Romania",
        "en", "RO", [("nlu_fallback", 0.2), ("eu_citizens", 0.49), ("inform", 0.47)])
    assert ("topic", "eu_citizens") in [(e["name"], e["value"]) for e in events]
    assert "§ 2 Abs. 3 FreizügG/EU" in " ".join(m.get("text") or "" for m in messages)


def test_another_country_named_after_the_lost_jobs_answer_keeps_that_answer():
    # "je suis marocain" after it was "I did not understand"
    messages, _ = named_after_the_lost_job(
        "j'ai été licencié, est-ce que je dois quitter l'Allemagne ?", "je suis marocain", "fr",
        "MA", [("nlu_fallback", 0.2), ("inform", 0.45), ("eu_citizens", 0.3)])
    responses = [m.get("response") for m in messages]
    assert responses[0] == "utter_answer_stands" and "utter_did_you_mean" not in responses
