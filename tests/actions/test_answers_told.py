"""Answers for what the citizen told in the conversation: a journey with a pending
application, a degree finished, a life on benefits, another person asked about."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.asked import ActionAnswerOffice, ActionAnswerTopic
from actions.forms.fee import ValidateFeeForm
from tests.actions.test_answers import answer_to
from tests.conftest import make_tracker, user_event


def test_a_traveller_who_applied_in_time_hears_first_to_ask_before_travelling():
    # "ich habe eine Fiktionsbescheinigung, kann ich im Sommer in die Türkei fliegen?" got the
    # § 51 catalogue (six months, Blue Card, 15 years, German spouse) with the certificate's
    # sentence last
    messages = answer_to("ich habe rechtzeitig verlängerung beantragt und habe eine "
                         "fiktionsbescheinigung. kann ich im sommer in die türkei fliegen?",
                         intent="travel_abroad")
    assert messages[0]["text"].startswith("Mit einer Fiktionsbescheinigung fragen Sie vor")
    assert "15 Jahren" not in messages[0]["text"]
    plain = answer_to("kann ich im sommer in die türkei fliegen?", intent="travel_abroad")
    assert plain[0]["text"].startswith("Mit gültigem Aufenthaltstitel")


def test_and_my_wife_after_an_answer_asks_the_same_for_her_not_how_to_bring_her():
    # "and my wife?" after the settlement permit's answer was read as family reunion and got
    # A1 German, income and housing for bringing her to Germany
    def after(first, first_intent, then, language="de"):
        events = [user_event(first, language, intent=first_intent),
                  {"event": "bot", "text": "…", "metadata": {}},
                  user_event(then, language, intent="family_reunion")]
        dispatcher = CollectingDispatcher()
        slots = {"topic": first_intent}
        result = asyncio.run(ActionAnswerTopic().run(dispatcher, make_tracker(events, slots), {}))
        cited = " ".join(m.get("citations", "") for m in dispatcher.messages)
        return cited, next(e["value"] for e in result if e.get("name") == "topic")

    cited, topic = after("kann ich die niederlassungserlaubnis bekommen?", "settlement_permit",
                         "und meine frau?")
    assert topic == "settlement_permit" and "§ 9 Abs. 3 AufenthG" in cited and "§ 30" not in cited
    cited, topic = after("can i work with my permit?", "work_permission", "and my wife?", "en")
    assert topic == "work_permission" and "§ 30" not in cited
    # a question of its own about her stays family reunion
    cited, topic = after("kann ich die niederlassungserlaubnis bekommen?", "settlement_permit",
                         "meine frau ist noch in der türkei, wie kann sie nachkommen?")
    assert topic == "family_reunion" and "§ 30 Abs. 1 AufenthG" in cited


def test_a_graduate_hears_of_the_job_search_permit_first():
    # "ich mache im März meinen Master fertig, darf ich danach zur Jobsuche bleiben?" got the
    # study permit's admission, blocked account and 140 days, the 18 months last
    messages = answer_to("ich mache im märz meinen master fertig, darf ich danach zur "
                         "jobsuche bleiben?", intent="study_permit")
    assert "18 Monate" in messages[0]["text"] and "140" not in messages[0]["text"]
    assert "§ 20 Abs. 1 AufenthG" in " ".join(m.get("citations", "") for m in messages)
    english = answer_to("i finished my master last month, can i stay and look for a job?",
                        intent="study_permit", language="en")
    assert "18 months" in english[0]["text"] and "Sperrkonto" not in english[0]["text"]
    # someone coming to study still gets the study permit
    student = answer_to("ich möchte in deutschland studieren, was brauche ich?",
                        intent="study_permit")
    assert "140" in student[0]["text"]


def test_a_journey_asked_about_the_fiktionsbescheinigung_gets_the_travel_answer():
    # the same question read as the Fiktionsbescheinigung's topic gave its whole answer with
    # the travel sentence last; what it means for the journey comes first
    messages = answer_to("ich habe rechtzeitig verlängert und eine fiktionsbescheinigung "
                         "bekommen. kann ich im sommer in die türkei fliegen?",
                         intent="fictional_certificate")
    assert messages[0]["text"].startswith("Mit einer Fiktionsbescheinigung fragen Sie vor")
    russian = answer_to("у меня фиктионсбешайнигунг, могу я поехать в отпуск?",
                        intent="fictional_certificate", language="ru")
    assert "Fiktionsbescheinigung" in russian[0]["text"][:60]
    plain = answer_to("was ist eine fiktionsbescheinigung?", intent="fictional_certificate")
    assert plain[0]["text"].startswith("Die Fiktionsbescheinigung bestätigt")


def after_the_settlement_answer(first, then, language):
    """Lotse's answer to `then`, asked right after the settlement permit's answer to `first`."""
    from actions.follow_up import message_parts
    from actions.knowledge import current_knowledge

    said = message_parts(current_knowledge().topics["settlement_permit"].text(language))[0]
    events = [user_event(first, language, intent="settlement_permit"),
              {"event": "bot", "text": said, "metadata": {}},
              user_event(then, language, intent="family_reunion")]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(dispatcher, make_tracker(
        events, {"topic": "settlement_permit"}), {}))
    return dispatcher.messages


def test_and_my_mother_after_the_same_answer_asks_which_matter_is_meant():
    # "and my mother?" right after the settlement permit's answer: the same answer again helps
    # no one, family reunion may be meant; a clerk asks which (a child has its own answer)
    [question] = after_the_settlement_answer("can i get a settlement permit?", "and my mother?",
                                             "en")
    assert question["response"] == "utter_ask_whose_matter"
    assert [b["payload"] for b in question["buttons"]] == ["/settlement_permit",
                                                           "/family_reunion"]


def test_and_my_wife_after_the_settlement_answer_says_what_differs_for_spouses():
    # the question "her stay here or bringing her?" had as first button the same answer again;
    # for a spouse the contributions of one of the two count (§ 9 Abs. 3 AufenthG)
    english = after_the_settlement_answer("can i get a settlement permit?", "and my wife?", "en")
    assert english[0]["text"].startswith("Spouses need the same requirements")
    assert "§ 9 Abs. 3 AufenthG" in " ".join(m.get("citations", "") for m in english)
    # the Russian and Ukrainian way of asking it leaves out "my": "а жена?"
    russian = after_the_settlement_answer("можно ли мне бессрочный внж?", "а жена?", "ru")
    assert "§ 9 Abs. 3 AufenthG" in russian[0]["text"]
    # asked before any answer, the spouse's question gets the same
    [told, *_] = answer_to("meine frau hat seit fünf jahren eine aufenthaltserlaubnis, kann "
                           "sie die niederlassungserlaubnis bekommen?")
    assert "einem der beiden" in told["text"]


def after_naturalisation(first, then, language, read_as="family_reunion", confidence=1.0):
    events = [user_event(first, language, intent="naturalization"),
              {"event": "bot", "text": "…", "metadata": {}},
              user_event(then, language, intent=read_as, confidence=confidence)]
    dispatcher = CollectingDispatcher()
    action = ActionAnswerOffice() if read_as.startswith("office_") else ActionAnswerTopic()
    asyncio.run(action.run(dispatcher, make_tracker(events, {"topic": "naturalization"}), {}))
    return dispatcher.messages


def test_and_my_children_after_naturalisation_are_naturalised_with_the_citizen():
    # "und meine Kinder?" after the naturalisation answer asked which matter, then repeated it
    [answer, *_] = after_naturalisation("wie kann ich mich einbürgern lassen?",
                                        "und meine kinder?", "de")
    assert "§ 10 Abs. 2 StAG" in answer["text"]
    assert "51 Euro" in answer["text"]  # § 38 Abs. 2 StAG, not 255 each
    # "а дети?" was read weakly as where the office is, and got its address
    [russian, *_] = after_naturalisation("как получить немецкое гражданство?", "а дети?", "ru",
                                         read_as="office_location", confidence=0.35)
    assert "§ 10 Abs. 2 StAG" in russian["text"]


def test_an_eu_citizens_family_gets_free_movement_not_the_reunion_of_the_residence_act():
    # a French worker's wife from Morocco got A1 German, income and housing (§ 30 AufenthG)
    messages = answer_to("ich bin franzose und arbeite in deutschland. wie kann meine frau aus "
                         "marokko nachkommen?", intent="family_reunion")
    cited = " ".join(m.get("citations", "") for m in messages)
    assert "§ 3 Abs. 1 FreizügG/EU" in cited and "§ 30" not in cited
    assert "A1" not in messages[0]["text"]
    # a Syrian's wife still gets the Residence Act's reunion
    syrian = answer_to("ich bin syrer, wie kann meine frau nachkommen?", intent="family_reunion")
    assert "§ 30 Abs. 1 AufenthG" in " ".join(m.get("citations", "") for m in syrian)


def test_an_eu_citizen_who_lost_the_job_hears_what_keeps_the_right_of_residence():
    # "I am Italian and lost my job, can I stay?" got entry, three months and registration
    messages = answer_to("i am italian and i lost my job last month. can i stay in germany?",
                         intent="eu_citizens", language="en")
    assert "Agentur für Arbeit" in messages[0]["text"]
    assert "§ 2 Abs. 3 FreizügG/EU" in " ".join(m.get("citations", "") for m in messages)


def test_an_extension_for_someone_on_benefits_lists_the_benefits_notice_not_payslips():
    # "ich bekomme Bürgergeld … was muss ich mitbringen?" listed the last three payslips
    messages = answer_to("ich bekomme bürgergeld vom jobcenter und muss verlängern, was brauche "
                         "ich?", intent="extend_permit")
    [listed] = [m["documents"] for m in messages if m.get("response") == "utter_service_documents"]
    assert "Leistungsbescheid" in listed and "Gehaltsabrechnungen" not in listed
    russian = answer_to("я на джобцентре, нужно продлить внж, какие документы?",
                        intent="extend_permit", language="ru")
    assert any("Leistungsbescheid" in (m.get("documents") or "") for m in russian)


def test_an_extension_after_a_lost_job_lists_the_termination_not_payslips():
    # "işsiz olduğum için maaş bordrosu yok, ne getireyim?" got the last three payslips again
    messages = answer_to("ich habe meine arbeit verloren und meine karte läuft ab, was muss ich "
                         "für die verlängerung mitbringen?", intent="extend_permit")
    [listed] = [m["documents"] for m in messages if m.get("response") == "utter_service_documents"]
    assert "Kündigung" in listed and "Gehaltsabrechnungen" not in listed
    turkish = answer_to("işimi kaybettim, oturum iznimi uzatmam lazım, ne getireyim?",
                        intent="extend_permit", language="tr")
    assert any("Kündigung" in (m.get("documents") or "") for m in turkish)


def test_a_question_about_keeping_the_old_nationality_gets_that_it_may_be_kept():
    # "je dois abandonner ma nationalité marocaine ?" got the general naturalisation answer,
    # which says nothing about it
    [french, *_] = answer_to("est-ce que je dois abandonner ma nationalité marocaine pour "
                             "devenir allemand ?", intent="naturalization", language="fr")
    assert "§ 10 Abs. 1 Satz 1 Nr. 4 StAG" in french["text"]
    [german, *_] = answer_to("kann ich meinen türkischen pass behalten, wenn ich mich "
                             "einbürgern lasse? doppelpass?", intent="naturalization")
    assert german["text"].startswith("Ihre bisherige Staatsangehörigkeit müssen Sie")
    [plain, *_] = answer_to("wie kann ich mich einbürgern lassen?", intent="naturalization")
    assert "Nr. 4" not in plain["text"]


def test_a_job_lost_is_no_lost_document():
    # "Ich bin Polin und habe meine Arbeit verloren" read as a lost document: report the loss,
    # police, a new card for 67 Euro
    [polish, *_] = answer_to("ich bin polin und habe meine arbeit verloren. darf ich in "
                             "deutschland bleiben?", intent="lost_document")
    assert "Agentur für Arbeit" in polish["text"] and "Polizei" not in polish["text"]
    [other, *_] = answer_to("ich habe meinen job verloren, was passiert mit meinem aufenthalt?",
                            intent="lost_document")
    assert other["text"].startswith("Ihr Aufenthaltstitel bleibt zunächst gültig")
    # the topic itself for an EU citizen: the Freizügigkeitsgesetz/EU, not the title's duties
    [italian, *_] = answer_to("sono italiana e ho perso il lavoro, posso restare?",
                              intent="job_loss", language="it")
    assert "FreizügG/EU" in italian["text"]
    [card, *_] = answer_to("ich habe meine aufenthaltskarte verloren", intent="lost_document")
    assert "Polizei" in card["text"]


def test_a_title_named_after_the_lost_jobs_answer_is_the_title_of_the_one_who_lost_it():
    # "ich habe Aufenthaltserlaubnis für Fachkräfte, was muss ich jetzt machen?" right after
    # the lost job's answer got how to obtain that permit (a job offer, 100 Euro)
    first = user_event("Salam, mir wurde gekündigt", "de", intent="job_loss")
    answered = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(answered, make_tracker([first]), {}))
    said = [{"event": "bot", "text": m.get("text"), "metadata": {}} for m in answered.messages]
    title = user_event("ich habe Aufenthaltserlaubnis für Fachkräfte, was muss ich jetzt machen?",
                       "de", intent="skilled_worker",
                       entities={"residence_title": "skilled_worker"})
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([first, *said, title], {"topic": "job_loss"})
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker, {}))
    assert [m.get("response") for m in dispatcher.messages][0] == "utter_answer_stands"
    assert "100" not in " ".join(m.get("text") or "" for m in dispatcher.messages)
    # without the lost job's answer before, the same message is the skilled workers' topic
    alone = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(alone, make_tracker([title]), {}))
    assert "Fachkraft" in " ".join(m.get("text") or "" for m in alone.messages)


def test_and_my_son_after_the_settlement_permit_is_the_childs_own_way_to_it():
    # "und mein Sohn?" after the settlement permit's answer asked "his stay here or bringing
    # him here?", and either way the parents' rules (five years, 60 months of contributions)
    # came again; a child with a family permit has its own way (§ 35 AufenthG)
    def after(then, language, intent="family_reunion", confidence=0.36):
        first = user_event("wann bekomme ich die niederlassungserlaubnis?", language,
                           intent="settlement_permit")
        answered = CollectingDispatcher()
        asyncio.run(ActionAnswerTopic().run(answered, make_tracker([first]), {}))
        said = [{"event": "bot", "text": m.get("text"), "metadata": {}}
                for m in answered.messages]
        event = user_event(then, language, intent=intent, confidence=confidence)
        tracker = make_tracker([first, *said, event], {"topic": "settlement_permit"})
        dispatcher = CollectingDispatcher()
        action = ValidateFeeForm() if intent == "fees" else ActionAnswerTopic()
        asyncio.run(action.run(dispatcher, tracker, {}))
        return " ".join(str(m.get("citations") or "") for m in dispatcher.messages)

    assert "§ 35 Abs. 1 AufenthG" in after("und mein Sohn?", "de")
    assert "§ 35 Abs. 1 AufenthG" in after("а дети?", "ru")
    # "and my daughter?" read weakly as the fee: her way, which names a child's fee too
    assert "§ 35 Abs. 1 AufenthG" in after("and my daughter?", "en", intent="fees",
                                            confidence=0.44)
    # a parent who has children asks for themself
    [own, *_] = answer_to("Ich habe drei Kinder, wann bekomme ich die Niederlassungserlaubnis?",
                          intent="settlement_permit")
    assert "60 Monate" in own["text"] and "§ 35" not in own.get("citations", "")


def test_our_son_with_his_age_after_the_settlement_permit_is_his_way_to_it():
    # "und unser sohn, der ist 15" right after a Blue Card holder's settlement permit answer
    # was "Das habe ich leider nicht verstanden" (read as a form's answer), and "kann unser
    # sohn (15) auch eine niederlassungserlaubnis bekommen?" got the father's Blue Card rule
    from actions.forms.start import ActionRouteAnswer

    first = user_event("ich habe seit 2021 eine blaue karte, wann bekomme ich die "
                       "niederlassungserlaubnis?", "de", intent="settlement_permit",
                       entities={"residence_title": "blue_card"})
    answered = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(answered, make_tracker([first]), {}))
    said = [{"event": "bot", "text": m.get("text"), "metadata": {}} for m in answered.messages]
    for text, intent, action in [("und unser sohn, der ist 15", "inform", ActionRouteAnswer),
                                 ("kann unser sohn (15) auch eine niederlassungserlaubnis "
                                  "bekommen?", "settlement_permit", ActionAnswerTopic)]:
        tracker = make_tracker([first, *said, user_event(text, "de", intent=intent)],
                               {"topic": "settlement_permit"})
        dispatcher = CollectingDispatcher()
        asyncio.run(action().run(dispatcher, tracker, {}))
        cited = " ".join(str(m.get("citations") or "") for m in dispatcher.messages)
        assert "§ 35 Abs. 1 AufenthG" in cited and "§ 18c" not in cited, text


def test_and_my_wife_after_the_lost_jobs_answer_is_what_happens_to_her_permit():
    # "and my wife? she has family reunion visa with me" after the lost job's answer got how
    # to bring a wife to Germany; her family permit hangs on his title (§ 27 Abs. 4), a revoked
    # Blue Card takes it along (§ 52 Abs. 2b)
    first = user_event("I lost my job, I have a Blue Card", "en", intent="job_loss",
                       entities={"residence_title": "blue_card"})
    answered = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(answered, make_tracker([first]), {}))
    said = [{"event": "bot", "text": m.get("text"), "metadata": {}} for m in answered.messages]
    then = user_event("and my wife?", "en", intent="family_reunion", confidence=0.6)
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(dispatcher, make_tracker([first, *said, then],
                                                                 {"topic": "job_loss"}), {}))
    cited = " ".join(str(m.get("citations") or "") for m in dispatcher.messages)
    assert "§ 27 Abs. 4 AufenthG" in cited and "§ 30" not in cited
    # the lost job told with the wife in one message: the lost job's own answer first
    [own, *_] = answer_to("mir wurde gekündigt, was wird aus meiner Frau?", intent="job_loss")
    assert "zwei Wochen" in own["text"]
