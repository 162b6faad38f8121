"""From the plays of 2026-12-07: a mother asking whether her two children may join her got the
spouses' rules (both 18, A1 German), and her "c'est trop long … C'est possible pour les
enfants oui ou non ?" a "did you mean: settlement permit"; a graduate asking whether she may
work full time during the job search got the students' 140 days; a § 24 holder on benefits
asking whether she may visit her mother for two weeks got the protection's catalogue."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionDefaultAskAffirmation
from tests.actions.test_answers import answer_to
from tests.conftest import make_tracker, user_event


def text_of(messages) -> str:
    return " ".join(str(m.get("text") or "") + str(m.get("citations") or "") for m in messages)


def test_children_joining_a_parent_get_the_childrens_rules_not_the_spouses():
    said = text_of(answer_to("je veux savoir si mes 2 enfants peuvent venir. Le père est "
                             "d'accord", intent="family_reunion", language="fr"))
    assert "§ 32 Abs. 1 AufenthG" in said and "§ 32 Abs. 3 AufenthG" in said  # his consent
    assert "18 ans" not in said and "A1" not in said  # the spouses' age and German
    # the spouse's question keeps the spouses' rules, also with the children
    for text in ("Kann meine Frau nachkommen?", "Können meine Frau und die Kinder nachkommen?"):
        said = text_of(answer_to(text, intent="family_reunion"))
        assert "A1" in said and "§ 32 Abs. 3" not in said, text


def test_an_unsure_question_about_the_children_after_the_reunion_answer_is_answered():
    text = ("c'est trop long, je comprends pas tout. Je ne suis pas mariée, le papa est au "
            "Cameroun. Je travaille 20h. C'est possible pour les enfants oui ou non ?")
    message = user_event(text, "fr", "nlu_fallback", None, 0.2)
    message["parse_data"]["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.2},
        {"name": "settlement_permit", "confidence": 0.12},
        {"name": "no_passport", "confidence": 0.1}]
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionDefaultAskAffirmation().run(
        dispatcher, make_tracker([message], {"topic": "family_reunion"}), {}))
    assert "utter_did_you_mean" not in [m.get("response") for m in dispatcher.messages]
    assert "§ 32 Abs. 3 AufenthG" in text_of(dispatcher.messages)
    assert {"event": "slot", "name": "topic", "value": "family_reunion"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]


def test_a_graduate_looking_for_work_may_work_full_time_not_140_days():
    for text, language in (
            ("我在德国读硕士，快毕业了。毕业后找工作的18个月期间我可以全职打工吗？", "zh"),
            ("I just graduated from TU Munich. Can I work full time while I look for a job?",
             "en")):
        said = text_of(answer_to(text, intent="work_permission", language=language))
        assert "§ 4a Abs. 1 AufenthG" in said and "140" not in said, text
    # a student still studying keeps the students' days
    said = text_of(answer_to("I'm a student, how many hours can I work?",
                             intent="work_permission", language="en"))
    assert "140" in said


def test_a_journey_on_benefits_is_the_journeys_answer_with_the_jobcenter_named():
    said = text_of(answer_to("Добрий день, я з України, маю дозвіл по §24. Хочу поїхати в "
                             "Україну на 2 тижні до мами. Треба вас повідомляти? Я отримую "
                             "гроші від джобцентру", intent="ukraine_protection", language="uk",
                             entities={"residence_title": "ukraine_protection"}))
    assert "§ 51 Abs. 1 AufenthG" in said and "Jobcenter" in said
    assert "UkraineAufenthÜV" not in said  # not the protection's catalogue
    # an asylum seeker on benefits has no title whose journey this answers
    said = text_of(answer_to("Ich bin Asylbewerber und bekomme Leistungen vom Sozialamt. Darf "
                             "ich in die Türkei reisen?", intent="travel_abroad"))
    assert "Jobcenter" not in said
