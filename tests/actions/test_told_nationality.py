"""A nationality told right after an answer ("I'm Indian" after the Blue Card's): the answer
for that nationality, or that the answer given applies (knowledge/told_nationality.yml)."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.asked import ActionAnswerTopic
from actions.fallback import ActionDefaultAskAffirmation
from actions.forms.start import ActionRouteAnswer
from tests.conftest import make_tracker, user_event

ACTIONS = {"inform": ActionRouteAnswer, "nlu_fallback": ActionDefaultAskAffirmation}


def told_after(question, topic, told, language, read="inform", confidence=0.95, country=None):
    """The topic's answer to the question, then the nationality told as the NLU read it.
    Returns the replies' responses, their text and the slots set."""
    first = user_event(question, language, intent=topic)
    answered = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(answered, make_tracker([first]), {}))
    said = [{"event": "bot", "text": m.get("text"), "metadata": {}} for m in answered.messages]
    event = user_event(told, language, intent=read, confidence=confidence,
                       entities={"country": country} if country else None)
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([first, *said, event], {"topic": topic, "language": language})
    action = ACTIONS.get(read, ActionAnswerTopic)()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    text = " ".join(str(m.get("text") or "") + str(m.get("citations") or "")
                    for m in dispatcher.messages)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return [m.get("response") for m in dispatcher.messages], text, slots


def test_a_nationality_that_changes_nothing_hears_that_the_answer_applies():
    # "I'm Indian" after the Blue Card's answer was "Sorry, I did not understand that"
    responses, _, slots = told_after("How do I get a Blue Card?", "blue_card", "I'm Indian", "en")
    assert responses[0] == "utter_answer_stands" and "utter_default" not in responses
    assert slots.get("nationality") == "IN"  # a later form does not ask for it again
    responses, _, _ = told_after("Wie verlängere ich meine Aufenthaltserlaubnis?",
                                 "extend_permit", "ich komme aus Syrien", "de", country="SY")
    assert responses[0] == "utter_answer_stands"


def test_an_eu_citizen_hears_that_no_title_is_needed():
    # "sono rumeno" after the skilled workers' answer: the free-movement answer, not "ok"
    _, text, slots = told_after("Wie bekomme ich eine Aufenthaltserlaubnis als Fachkraft?",
                                "skilled_worker", "ich bin Rumäne", "de")
    assert "FreizügG/EU" in text and slots.get("topic") == "eu_citizens"
    # family reunion has its own route for an EU citizen's family (§ 3 FreizügG/EU)
    _, text, _ = told_after("Can I bring my wife to Germany?", "family_reunion", "I'm French",
                            "en")
    assert "§ 3 Abs. 1 FreizügG/EU" in text and "A1" not in text


def test_a_nationality_with_an_answer_of_its_own_gets_it():
    # "ich bin Türke" after the lost job's answer: the association agreement's rights
    _, text, slots = told_after("Ich habe meinen Job verloren, muss ich Deutschland verlassen?",
                                "job_loss", "ich bin Türke", "de")
    assert "Assoziationsabkommen" in text and slots.get("topic") == "turkish_association"
    # the Western Balkans regulation after the skilled workers' answer ...
    _, text, _ = told_after("Wie werde ich Fachkraft in Deutschland?", "skilled_worker",
                            "ich komme aus dem Kosovo", "de", read="western_balkans",
                            confidence=0.58, country="XK")
    assert "§ 26 Abs. 2 BeschV" in text
    # ... but not after the settlement permit's, even where the NLU reads the regulation
    responses, text, _ = told_after("Wann bekomme ich die Niederlassungserlaubnis?",
                                    "settlement_permit", "ich komme aus dem Kosovo", "de",
                                    read="western_balkans", confidence=0.58, country="XK")
    assert responses[0] == "utter_answer_stands" and "BeschV" not in text


def test_nothing_is_assumed_where_the_nationality_may_matter_otherwise():
    # a visitor's visa depends on the visitor's nationality: no "the answer applies to you"
    responses, _, _ = told_after("Meine Mutter möchte mich besuchen, was braucht sie?",
                                 "visitor_invitation", "sie ist Inderin", "de")
    assert "utter_answer_stands" not in responses
    # and a whole question with a nationality is that question
    responses, _, _ = told_after("How do I get a Blue Card?", "blue_card",
                                 "I'm Indian, can my wife work here too?", "en",
                                 read="work_permission", confidence=0.9)
    assert "utter_answer_stands" not in responses


def test_a_nationality_told_with_the_lost_job_is_not_asked_for_again():
    # "I am from Brazil … lost my job" got "if you are an EU citizen, tell me your country"
    def replies(text, language, country=None):
        dispatcher = CollectingDispatcher()
        event = user_event(text, language, intent="job_loss",
                           entities={"country": country} if country else None)
        asyncio.run(ActionAnswerTopic().run(dispatcher, make_tracker([event]), {}))
        return " ".join(str(m.get("text") or "") for m in dispatcher.messages)
    assert "tell me your country" not in replies(
        "I am from Brazil and work here as a skilled worker. I lost my job, what now?", "en",
        country="BR")
    assert "Nennen Sie mir Ihr Land" not in replies(
        "Ich bin Inderin und habe meine Arbeit verloren", "de")
    # not named: asked, as a sentence of its own after the answer
    assert "tell me your country" in replies("I lost my job, what now?", "en")
