"""From the play of 2026-12-07: a spouse of a German "separated after 2 years, working full
time: may I stay?" got the three-year rule without a word on the two years told, and "muss
ich jetzt ausreisen?" after it got the rules for travelling abroad."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.asked import ActionAnswerTopic
from actions.durations import durations
from tests.conftest import make_tracker, user_event

FIRST = ("Hallo, ich bin mit einer Deutschen verheiratet, wir haben uns nach 2 Jahren "
         "getrennt. Ich arbeite Vollzeit. Darf ich in Deutschland bleiben?")


def _said(messages):
    return " ".join(str(m.get("text") or "") + " " + str(m.get("citations") or "")
                    for m in messages)


def _answer(text, language="de", before=(), intent="spouse_independent_residence"):
    events, slots = [], {"language": language}
    for earlier in before:
        events.append(user_event(earlier, language, intent="spouse_independent_residence"))
        answered = CollectingDispatcher()
        asyncio.run(ActionAnswerTopic().run(answered, make_tracker(list(events), slots), {}))
        events += [{"event": "bot", "text": m.get("text"), "metadata": {}}
                   for m in answered.messages]
        slots["topic"] = "spouse_independent_residence"
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([*events, user_event(text, language, intent=intent)], slots)
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker, {}))
    return _said(dispatcher.messages)


def test_two_years_together_are_fewer_than_the_three_the_rule_asks():
    said = _answer(FIRST)
    assert "weniger als drei Jahren" in said and "§ 31 Abs. 2 AufenthG" in said
    # four years are enough; the rule's answer alone where no time was told
    assert "mindestens drei Jahren Ehe" in _answer(
        "Meine Frau und ich leben seit vier Jahren zusammen in Deutschland, jetzt trennen wir "
        "uns. Was passiert mit meinem Aufenthalt?")
    untold = _answer("wir trennen uns, was passiert mit meiner Aufenthaltserlaubnis?")
    assert "§ 31 Abs. 1 AufenthG" in untold and "Sie schreiben von" not in untold
    # two durations told: which one is the marriage's is not guessed
    both = _answer("Ich bin seit 8 Jahren in Deutschland und war 2 Jahre verheiratet, jetzt "
                   "sind wir getrennt. Was nun?")
    assert "Sie schreiben von" not in both
    english = _answer("we separated after 18 months of marriage, can I keep my permit?", "en")
    assert "less than three years" in english


def test_must_i_leave_after_the_answer_is_that_the_title_holds_until_shortened():
    said = _answer("muss ich jetzt ausreisen?", before=[FIRST], intent="travel_abroad")
    assert "§ 7 Abs. 2 AufenthG" in said and "§ 81 Abs. 4 AufenthG" in said
    assert "sechs Monate" not in said  # not the travel rules
    # the comparison with the two years is not said a second time
    assert "weniger als drei Jahren" not in said


def test_durations_in_words_digits_and_other_scripts():
    assert durations("nach zwei Jahren getrennt", "de") == [24]
    assert durations("2,5 роки разом", "uk") == [30]
    assert durations("we were married for 18 months", "en") == [18]
    assert durations("Ich bin seit 3 Wochen hier", "de") == []


def test_must_i_leave_asked_again_after_that_answer_gets_its_gist_not_nothing_more():
    # "darf ich hier bleiben?" got the answer on leaving; "muss ich jetzt ausreisen??" after it
    # got "I can say no more than in my answer above"
    said = _answer("muss ich jetzt ausreisen??", intent="travel_abroad",
                   before=["wir haben uns nach 2 jahren getrennt, darf ich hier bleiben?"])
    assert "endet nicht von selbst" in said and "§ 7 Abs. 2 AufenthG" in said


def test_a_death_an_age_or_an_unanchored_time_is_not_compared_with_the_three_years():
    # the reviewer's cases: § 31 Abs. 1 Nr. 2 asks for no time when the spouse died; an age or
    # the time in Germany is no time of married life
    for text in ("Mein Mann ist nach 2 Jahren Ehe gestorben. Was passiert mit meiner "
                 "Aufenthaltserlaubnis?",
                 "Ich bin 30 Jahre alt, wir trennen uns. Was passiert mit meinem Aufenthalt?",
                 "Ich lebe seit 5 Jahren in Deutschland, vor einem Jahr haben wir geheiratet, "
                 "jetzt trennen wir uns.",
                 "wir sind im dritten Jahr unserer Ehe und trennen uns"):
        assert "Sie schreiben von" not in _answer(text), text
    # a time told in another sentence than the marriage is not taken for it
    said = _answer("Meine Aufenthaltserlaubnis läuft in 2 Monaten ab. Meine Frau und ich haben "
                   "uns getrennt.")
    assert "Sie schreiben von" not in said


def test_must_i_leave_is_not_a_trip_abroad_or_the_way_to_the_office():
    for text, language in (("how long can I stay outside Germany?", "en"),
                           ("Wohin muss ich gehen für den Antrag?", "de")):
        said = _answer(text, language, before=[FIRST], intent="travel_abroad")
        assert "§ 7 Abs. 2 AufenthG" not in said, text


def test_must_i_leave_read_unsure_is_still_the_answers_own_question():
    # "мне надо уезжать из германии?" after the separation's answer, read as nlu_fallback, got
    # "did you mean: job loss | spouse of a German | something else"
    from actions.fallback import ActionDefaultAskAffirmation

    first = user_event("мы с мужем (он немец) расстались после 2 лет брака. что будет с моим ВНЖ?",
                       "ru", intent="spouse_independent_residence")
    answered = CollectingDispatcher()
    slots = {"language": "ru"}
    asyncio.run(ActionAnswerTopic().run(answered, make_tracker([first], slots), {}))
    said = [{"event": "bot", "text": m.get("text"), "metadata": {}} for m in answered.messages]
    latest = user_event("мне надо уезжать из германии?", "ru", intent="nlu_fallback",
                        confidence=0.4)
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([first, *said, latest],
                           {**slots, "topic": "spouse_independent_residence"})
    asyncio.run(ActionDefaultAskAffirmation().run(dispatcher, tracker, {}))
    assert "§ 7 Abs. 2 AufenthG" in _said(dispatcher.messages)
