"""From the plays of 2026-12-07: "how long may I look for a new job?" after a lost job got the
two weeks for reporting it, the rules for changing employer, or "I can't help with that", in
four languages of four. The law sets no period: the title holds until the office shortens it."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.asked import ActionAnswerOutOfScope, ActionAnswerTopic
from tests.conftest import make_tracker, user_event

LOST = "I lost my job last week, what happens to my residence permit now?"


def _after_the_lost_job(text, language, read):
    first = user_event(LOST, "en", intent="job_loss")
    answered = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(answered, make_tracker([first]), {}))
    said = [{"event": "bot", "text": m.get("text"), "metadata": {}} for m in answered.messages]
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([first, *said, user_event(text, language, intent=read)],
                           {"topic": "job_loss", "language": language})
    action = ActionAnswerOutOfScope() if read == "out_of_scope" else ActionAnswerTopic()
    asyncio.run(action.run(dispatcher, tracker, {}))
    return " ".join(str(m.get("response") or "") + str(m.get("text") or "")
                    + str(m.get("citations") or "") for m in dispatcher.messages)


def test_how_long_to_look_for_a_job_is_that_no_period_is_set():
    for text, language, read in (
            ("how long do I have to find a new job?", "en", "out_of_scope"),
            ("ne kadar süre yeni iş arayabilirim? mavi kartım var", "tr", "job_loss"),
            ("طيب كم شهر بقدر دور على شغل جديد؟", "ar", "change_of_employer"),
            ("wie lange darf ich dann Arbeit suchen? 6 Monate?", "de", "out_of_scope"),
            ("сколько времени у меня есть, чтобы найти новую работу?", "ru", "out_of_scope")):
        said = _after_the_lost_job(text, language, read)
        assert "§ 7 Abs. 2 AufenthG" in said and "§ 52 Abs. 2b AufenthG" in said, text


def test_another_question_read_as_out_of_remit_is_still_referred():
    said = _after_the_lost_job("how long does the Jobcenter take to pay Bürgergeld?", "en",
                               "out_of_scope")
    assert said.strip() and "§ 7 Abs. 2 AufenthG" not in said


def test_must_i_report_it_after_the_lost_job_is_the_two_weeks_and_how():
    # "muss ich euch das melden?" was read as a change of address (the Meldebehörde)
    for text, language, read in (("muss ich euch das melden?", "de", "change_of_address"),
                                 ("tengo que avisarles?", "es", "out_of_scope")):
        said = _after_the_lost_job(text, language, read)
        assert "§ 82 Abs. 6 AufenthG" in said and "@" in said, text
        assert "Meldebehörde" not in said


def test_must_i_report_it_after_a_move_is_still_the_change_of_address():
    first = user_event("ich ziehe nächsten Monat um", "de", intent="change_of_address")
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([first, user_event("muss ich das melden?", "de",
                                              intent="change_of_address")],
                           {"topic": "change_of_address"})
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker, {}))
    assert "§ 82 Abs. 6 AufenthG" not in " ".join(str(m.get("citations") or "")
                                                  for m in dispatcher.messages)
