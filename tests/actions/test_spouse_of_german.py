"""The spouse of a German (§ 28 AufenthG, § 9 StAG): its own answer wherever the question
lands, not the family reunion to a foreigner, the parent of a German child or the
naturalisation of a family together."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.asked import ActionAnswerTopic
from tests.actions.test_answers import answer_to
from tests.conftest import make_tracker, user_event


def _said(messages):
    return " ".join(str(m.get("text") or "") + " " + str(m.get("citations") or "")
                    for m in messages)


def test_the_spouse_of_a_german_gets_paragraph_28_not_the_reunion_to_a_foreigner():
    # "my wife is German, what do I need to stay here?" got refugees, subsidiary protection and
    # the visa at the embassy; read as the topic itself or as the family reunion
    for intent in ("spouse_of_german", "family_reunion"):
        said = _said(answer_to("my wife is German, what do I need to stay here?", intent=intent,
                               language="en"))
        assert "§ 28 Abs. 1 AufenthG" in said, intent
        assert "subsidiary protection" not in said, intent


def test_read_as_the_parent_of_a_german_child_it_is_still_the_spouses_rule():
    # "residence permit for spouse of a german citizen" got § 28 Abs. 1 Nr. 3 (custody of a
    # German child), twice after "NO, I'm the HUSBAND"
    said = _said(answer_to("residence permit for spouse of a german citizen",
                           intent="parent_of_german_child", language="en"))
    assert "spouse of a German" in said and "§ 39 AufenthV" in said
    assert "child" not in said
    # the parent of a German child keeps that answer
    parent = _said(answer_to("I am the father of a German child, which permit do I get?",
                             intent="parent_of_german_child", language="en"))
    assert "child" in parent and "§ 39 AufenthV" not in parent


def test_a_german_spouse_told_in_turkish_read_as_the_eu_citizens_topic():
    # "my wife is a German citizen": a German is no EU citizen using free movement here
    said = _said(answer_to("eşim alman vatandaşı, oturum izni için ne lazım?",
                           intent="eu_citizens", language="tr"))
    assert "§ 28 Abs. 1 AufenthG" in said and "FreizügG" not in said


def test_naturalisation_of_a_german_spouse_is_three_years_not_naturalised_together():
    # "meine Frau ist Deutsche … einbürgern?" got § 10 Abs. 2 StAG (spouses naturalised
    # together with the applicant) because "meine Frau" asks about the family
    said = _said(answer_to("Meine Frau ist Deutsche, kann ich mich einbürgern lassen?",
                           intent="naturalization"))
    assert "§ 9 Abs. 1 StAG" in said and "zwei Jahren" in said
    assert "§ 10 Abs. 2 StAG" not in said
    russian = _said(answer_to("моя жена гражданка Германии, когда я могу получить гражданство?",
                              intent="naturalization", language="ru"))
    assert "§ 9 Abs. 1 StAG" in russian
    # the family of a foreigner is still naturalised together with them
    family = _said(answer_to("und meine Frau, kann sie auch eingebürgert werden?",
                             intent="naturalization"))
    assert "§ 10 Abs. 2 StAG" in family and "§ 9 Abs. 1 StAG" not in family


def test_the_spouse_brings_the_german_spouses_id_and_no_proof_of_their_income():
    messages = answer_to("Mein Mann ist Deutscher, welche Aufenthaltserlaubnis bekomme ich?",
                         intent="spouse_of_german")
    [listed] = [m["documents"] for m in messages if m.get("response") == "utter_service_documents"]
    assert "des deutschen Ehegatten" in listed
    assert "Einkommen" not in listed and "Wohnraum" not in listed


def test_the_settlement_permit_knows_a_german_spouse_in_every_language():
    # the route named its words in five languages only
    said = _said(answer_to("mój mąż jest Niemcem, kiedy dostanę stały pobyt?", language="pl"))
    assert "§ 28 Abs. 2 AufenthG" in said


def test_a_fiancee_asking_the_spouses_question_gets_the_spouses_documents():
    # the words of a marriage were missing ("fiancée"), so the list asked for the German's
    # income and housing, which the answer says are mostly not needed
    messages = answer_to("my fiancee is german and we marry next month, which permit do i get?",
                         intent="spouse_of_german", language="en")
    [listed] = [m["documents"] for m in messages if m.get("response") == "utter_service_documents"]
    assert "German spouse" in listed and "income" not in listed


def test_a_child_from_a_first_marriage_is_not_given_the_spouses_answer_again():
    # "und mein Sohn aus der ersten Ehe?" after the spouse's answer got that answer twice
    for intent in ("spouse_of_german", "family_reunion"):
        said = _said(answer_to("Mein Mann ist Deutscher. Kann mein Sohn aus der ersten Ehe zu uns "
                               "kommen? Er ist 12 und lebt bei meiner Mutter in Kenia.",
                               intent=intent))
        assert "Als Ehegatte" not in said and "Kinder" in said, intent


def test_a_service_applied_for_online_offers_no_appointment_button():
    # "Termin vereinbaren" under the family reunion's answer led to "I cannot book an
    # appointment for that in the chat"
    responses = [m.get("response") for m in answer_to("my wife is German, what do I need?",
                                                     intent="spouse_of_german", language="en")]
    assert "utter_next_step_contact" in responses and "utter_next_step" not in responses
    # a service booked in the chat keeps it
    booked = [m.get("response") for m in answer_to("Wie verlängere ich meinen Aufenthaltstitel?",
                                                  intent="extend_permit")]
    assert "utter_next_step" in booked


def test_the_german_spouse_told_in_a_naturalisation_question_is_no_second_question():
    # "мій чоловік німець. а німецьке громадянство?" got the naturalisation and then the whole
    # spouse's residence permit as a second question ("Щодо Вашого питання …")
    dispatcher = CollectingDispatcher()
    event = user_event("мій чоловік німець, ми 3,5 роки в шлюбі. а німецьке громадянство? "
                       "де це подавати?", "uk", intent="naturalization")
    event["parse_data"]["questions"] = ["naturalization", "spouse_of_german"]
    asyncio.run(ActionAnswerTopic().run(dispatcher, make_tracker([event]), {}))
    responses = [m.get("response") for m in dispatcher.messages]
    assert "utter_also_asked" not in responses
    assert "§ 9 Abs. 1 StAG" in _said(dispatcher.messages)


def test_a_fiancee_of_a_german_read_as_the_parent_of_a_german_child_gets_the_spouses_rule():
    # "my fiancee is german. i am from the US, can i come as a tourist …" read as the parent
    # of a German child (0.82) got custody of a child
    said = _said(answer_to("my fiancee is german. i am from the US, can i come as a tourist and "
                           "apply for the permit after the wedding?",
                           intent="parent_of_german_child", language="en"))
    assert "§ 41 AufenthV" in said and "custody" not in said


def test_how_long_it_is_valid_after_the_answer_is_not_the_processing_time():
    # "und wie lange gilt die?" after the spouse's answer: "at least a year", not "no processing
    # time stated" (read as processing_time 0.76)
    first = user_event("Mein Mann ist Deutscher, welche Aufenthaltserlaubnis bekomme ich?", "de",
                       intent="spouse_of_german")
    answered = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(answered, make_tracker([first]), {}))
    said = [{"event": "bot", "text": m.get("text"), "metadata": {}} for m in answered.messages]
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([first, *said, user_event("und wie lange gilt die?", "de",
                                                     intent="processing_time", confidence=0.76)],
                           {"topic": "spouse_of_german"})
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker, {}))
    assert "mindestens ein Jahr" in _said(dispatcher.messages)


def test_a_spouse_who_is_not_german_is_not_the_spouse_of_a_german():
    said = _said(answer_to("eşim alman vatandaşı değil, Türk. onu Almanya'ya nasıl getiririm?",
                           intent="family_reunion", language="tr"))
    assert "§ 28 Abs. 1 AufenthG" not in said
    # the citizen's own nationality denied is no denial of the spouse's
    levantine = _said(answer_to("أنا مش ألماني بس مرتي ألمانية، شو بدي لحتى ضل هون؟",
                                intent="family_reunion", language="ar"))
    assert "§ 28 Abs. 1 AufenthG" in levantine


def test_a_marriage_to_a_german_read_as_the_schengen_visas_extension_gets_the_spouses_rule():
    # "I married a German woman last month, I am from Nigeria. can I stay?" read as the
    # extension of a Schengen visa got its narrow rules
    said = _said(answer_to("hi, I married a German woman last month, I am from Nigeria. can I "
                           "stay?", intent="visa_extension", language="en"))
    assert "§ 28 Abs. 1 AufenthG" in said


def test_a_follow_up_on_an_answer_applied_for_online_offers_no_appointment():
    # "und muss ich dafür Deutsch können?" after the spouse's answer (family reunion, applied
    # for online, no appointment in the chat) showed "Termin vereinbaren" again
    first = user_event("Meine Frau ist Deutsche, was brauche ich für den Aufenthalt?", "de",
                       intent="spouse_of_german")
    answered = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(answered, make_tracker([first]), {}))
    assert "utter_next_step_contact" in [m.get("response") for m in answered.messages]
    said = [{"event": "bot", "text": m.get("text"), "metadata": {}} for m in answered.messages]
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([first, *said, user_event("und brauche ich dafür Deutschkenntnisse?",
                                                     "de", intent="spouse_of_german")],
                           {"topic": "spouse_of_german"})
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker, {}))
    responses = [m.get("response") for m in dispatcher.messages]
    assert "A1" in _said(dispatcher.messages)
    assert "utter_next_step_contact" in responses and "utter_next_step" not in responses
