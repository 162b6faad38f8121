import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.asked import ActionAnswerTopic
from tests.conftest import make_tracker, user_event


def answer(intent, language="de", slots=None):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([user_event("...", language, intent=intent)], slots)
    events = asyncio.run(ActionAnswerTopic().run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def test_a_topic_answer_has_text_legal_basis_service_next_step_and_rating():
    messages, events = answer("extend_permit")
    texts = [m.get("text") for m in messages]
    responses = [m.get("response") for m in messages]
    assert "8 Wochen" in texts[0]  # the office's lead time, filled into the answer
    assert responses[1] == "utter_legal_basis"
    # a link that reads as the paragraph (each channel renders it its own way)
    assert "[§ 81 Abs. 4 AufenthG](https://www.gesetze-im-internet.de/aufenthg_2004/__81.html)" in \
        messages[1]["citations"]
    assert responses[2] == "utter_disclaimer"  # first factual answer of the conversation
    assert "Gültiger Reisepass" in messages[3]["documents"]
    assert messages[4]["online_url"].startswith("https://www.lk-musterhausen.example/")
    assert responses[-2:] == ["utter_next_step", "utter_ask_feedback"]
    assert [(e["name"], e["value"]) for e in events] == [("topic", "extend_permit")]


def test_the_answer_is_in_the_conversation_language():
    german, _ = answer("blue_card", "de")
    english, _ = answer("blue_card", "en")
    ukrainian, _ = answer("blue_card", "uk")
    assert german[0]["text"] != english[0]["text"] != ukrainian[0]["text"]
    assert "Blaue Karte" in german[0]["text"]
    assert any("\u0400" <= ch <= "\u04ff" for ch in ukrainian[0]["text"])  # Cyrillic


def test_the_office_of_the_conversation_provides_the_facts():
    district, _ = answer("extend_permit", slots={"office_id": "lk-musterhausen"})
    city, _ = answer("extend_permit", slots={"office_id": "stadt-musterstadt"})
    assert "8 Wochen" in district[0]["text"] and "10 Wochen" in city[0]["text"]
    assert "musterstadt.example" in city[4]["online_url"]


def catalog(intent, text, language="de", entities=None):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([user_event(text, language, intent=intent, entities=entities)])
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker, {}))
    return dispatcher.messages


def test_a_catalog_question_without_a_service_asks_which_instead_of_listing_all():
    [message] = catalog("processing_time", "Wie lange dauert die Bearbeitung?")
    assert message["response"] == "utter_catalog_which"
    payloads = [b["payload"] for b in message["buttons"]]
    assert '/processing_time{"service":"extension"}' in payloads
    assert payloads[-1] == '/processing_time{"service":"all"}'  # the catalogue on request
    assert [b["title"] for b in message["buttons"]][-1] == "Alle anzeigen"


def test_the_whole_catalogue_only_when_asked_for():
    by_words = catalog("online_services", "list of all online services", "en")
    assert by_words[0]["response"] == "utter_online_services"
    assert "Extension of a residence permit: https://" in by_words[0]["services"]
    by_button = catalog("online_services", '/online_services{"service":"all"}', "en",
                        {"service": "all"})
    assert by_button[0]["services"] == by_words[0]["services"]


def test_a_catalog_question_names_only_the_service_asked_about():
    messages = catalog("processing_time", "wie lange dauert die verlaengerung",
                       entities={"service": "extension"})
    # one sentence for the one service ("Verlängerung …: 6" read like a form)
    assert messages[0]["response"] == "utter_processing_time_one"
    assert (messages[0]["service_name"], messages[0]["weeks"]) == (
        "Verlängerung der Aufenthaltserlaubnis", "6")


def test_a_topic_without_knowledge_gets_the_contact_not_an_invented_answer():
    messages, events = answer("no_such_topic")
    assert [m["response"] for m in messages] == ["utter_topic_not_available"]
    assert messages[0]["phone"] == "+49 1234 5678-0"
    assert events == []


def test_the_answer_states_the_fee_amount_with_its_paragraph():
    # not "the fee is set by § 45 AufenthV" when the amount is known: 100 Euro, § 45 Nr. 1
    messages, _ = answer("blue_card")
    [fee] = [m for m in messages if m.get("response") == "utter_fee_amount"]
    assert fee["amount"] == "100 Euro"
    assert fee["citations"].startswith("[§ 45 AufenthV](https://www.gesetze-im-internet.de/")


def test_anger_gets_an_apology_and_a_person_not_a_topic_answer():
    dispatcher = CollectingDispatcher()
    text = "Ihr seid alle unfähig, seit 3 Monaten warte ich auf meine Karte"
    tracker = make_tracker([user_event(text, "de", intent="travel_abroad")])
    events = asyncio.run(ActionAnswerTopic().run(dispatcher, tracker, {}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_complaint"]
    assert dispatcher.messages[0]["phone"] == "+49 1234 5678-0"
    assert events == []  # the topic of the conversation does not change
    calm, _ = answer("travel_abroad")
    assert calm[0].get("text")  # the same topic asked calmly is answered


def test_anger_about_a_job_at_stake_names_the_proof_for_the_employer():
    # the title goes on while an extension applied for in time is decided (§ 81 Abs. 4);
    # the Fiktionsbescheinigung shows the employer, so the job need not be lost
    job = responses_to("Seit 3 Monaten warte ich auf die Verlängerung, mein Arbeitgeber will "
                       "mich entlassen! Unfähig seid ihr!", "application_status")
    assert job == ["utter_complaint", "utter_complaint_job"]
    assert responses_to("я чекаю вже 4 місяці, мене звільнять з роботи, це жах",
                        "application_status", language="uk")[-1] == "utter_complaint_job"
    assert "utter_complaint_job" not in responses_to(
        "ich warte seit monaten auf meinen bescheid", "application_status")
    # "… до сих пор тишина!!! … работодатель угрожает уволить. Вы там вообще работаете???"
    # was read as a question about the opening hours
    russian = ("Я подал на продление ещё в сентябре и до сих пор тишина!!! Фиктион заканчивается "
               "в пятницу, работодатель угрожает уволить. Вы там вообще работаете???")
    assert responses_to(russian, "application_status", language="ru") == [
        "utter_complaint", "utter_complaint_job"]


def answer_after(earlier_events, intent="toleration"):
    dispatcher = CollectingDispatcher()
    events = [*earlier_events, user_event("...", "de", intent=intent)]
    asyncio.run(ActionAnswerTopic().run(dispatcher, make_tracker(events), {}))
    return [m.get("response") for m in dispatcher.messages]


def test_the_general_information_line_comes_once_per_conversation():
    said = {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_disclaimer"}}
    assert "utter_disclaimer" in answer_after([])
    assert "utter_disclaimer" not in answer_after([said])
    # a new session (the next day) says it again
    assert "utter_disclaimer" in answer_after([said, {"event": "session_started"}])


def test_a_topic_with_an_official_finder_sends_its_link():
    messages, _ = answer("migration_counselling", "en")
    links = [m for m in messages if m.get("response") == "utter_topic_links"]
    assert links and "https://bamf-navi.bamf.de" in links[0]["links"]


def responses_to(text, intent, confidence=1.0, language="de"):
    dispatcher = CollectingDispatcher()
    event = user_event(text, language, intent=intent, confidence=confidence)
    asyncio.run(ActionAnswerTopic().run(dispatcher, make_tracker([event]), {}))
    return [m.get("response") or "text" for m in dispatcher.messages]


def test_for_months_is_anger_only_when_it_is_about_waiting_for_the_office():
    # a clear question about another matter that takes long is answered
    passport = responses_to("die Botschaft gibt ihm seit Monaten keinen Pass, was kann er tun?",
                            "no_passport")
    assert "utter_complaint" not in passport and passport[0] == "text"
    assert "utter_complaint" not in responses_to(
        "büyükelçilik aylardır pasaport vermiyor, ne yapabilir?", "no_passport", language="tr")
    # also where the topic is less sure: the embassy keeps them waiting, not the office
    assert "utter_complaint" not in responses_to(
        "جوازي خلص والسفارة ما عم تعطيني جواز من شهور، شو الحل؟", "no_passport", 0.7,
        language="ar")
    # waiting for the office's decision, or not clearly about a topic: a complaint
    assert responses_to("ich warte seit monaten auf meinen bescheid", "application_status") == [
        "utter_complaint"]
    assert responses_to("seit monaten nichts, was ist hier los", "travel_abroad", 0.4) == [
        "utter_complaint"]
    # "warte seit" is waiting, not an insult: a calm question while waiting is answered
    # (the NLU is unsure between the extension and its status)
    work = responses_to("ich warte seit 4 Monaten auf meine Verlängerung, darf ich weiter "
                        "arbeiten?", "extend_permit", 0.44)
    assert "utter_complaint" not in work and work[0] == "text"
    assert responses_to("ich warte seit 4 monaten auf meinen bescheid", "application_status"
                        ) == ["utter_complaint"]


def test_the_card_answer_says_how_this_office_hands_out_the_card():
    district, _ = answer("eat_card", slots={"office_id": "lk-musterhausen"})
    city, _ = answer("eat_card", slots={"office_id": "stadt-musterstadt"})
    district_text = " ".join(m["text"] for m in district if m.get("text"))
    city_text = " ".join(m["text"] for m in city if m.get("text"))
    assert "kreuzen Sie das im Antrag an" in district_text
    assert "kreuzen Sie" not in city_text and "{" not in city_text
    assert not any(m["text"].endswith(" ") for m in city if m.get("text"))


def answer_to(text, intent="settlement_permit", language="de", entities=None):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([user_event(text, language, intent=intent, entities=entities)])
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker, {}))
    return dispatcher.messages


def test_the_way_that_fits_the_title_held_replaces_the_overview():
    # § 18c Abs. 2: a Blue Card holder asks; not the list of every way to the permit
    [text, *rest] = answer_to("Kann ich mit meiner Blauen Karte die Niederlassungserlaubnis "
                              "bekommen?", entities={"residence_title": "blue_card"})
    assert "27 Monate" in text["text"] and "Fachkräfte" not in text["text"]
    assert "§ 18c Abs. 2 AufenthG" in next(m for m in rest if m.get("citations"))["citations"]


def test_the_spouse_of_a_german_gets_that_rule_and_contributions_named_are_compared():
    [text, compared, *_] = answer_to(
        "Mein Mann ist Deutscher, ich habe 45 Monate Rentenbeiträge. Reicht das für die "
        "Niederlassungserlaubnis?")
    assert "drei Jahre" in text["text"]  # § 28 Abs. 2
    # no months rule for this way (the answer says so): nothing compared
    assert compared["response"] == "utter_legal_basis"
    [_, compared, *_] = answer_to("I paid pension contributions for 45 months, can I get the "
                                  "settlement permit?", language="en")
    assert compared["response"] == "utter_contributions_short"
    assert (compared["named"], compared["needed"]) == ("45", "60")  # § 9 Abs. 2 Nr. 3


def test_a_catalog_question_about_a_named_service_makes_it_the_conversations_topic():
    # "I need to renew my permit, what documents do I need?" → "can I do that online?"
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([user_event("I need to renew my permit, what documents do I need?",
                                       "en", intent="required_documents")])
    events = asyncio.run(ActionAnswerTopic().run(dispatcher, tracker, {}))
    assert {"event": "slot", "name": "topic", "value": "extend_permit"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]


def test_an_appointment_asked_for_with_an_expired_card_answers_then_books():
    # "Termin, meine Karte ist abgelaufen": what that means, then the booking starts
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([user_event("ich brauche dringend einen termin, meine karte ist "
                                       "abgelaufen", "de", intent="permit_expired")])
    events = asyncio.run(ActionAnswerTopic().run(dispatcher, tracker, {}))
    assert "sofort" in dispatcher.messages[0]["text"]
    assert "utter_next_step" not in [m.get("response") for m in dispatcher.messages]
    assert events[-1]["event"] == "followup" and events[-1]["name"] == "appointment_form"


def read_as_eu_citizens(text, language, countries=()):
    event = user_event(text, language, intent="eu_citizens")
    event["parse_data"]["entities"] = [{"entity": "country", "value": c} for c in countries]
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswerTopic().run(dispatcher, make_tracker([event]), {}))
    if any(e.get("name") == "permit_finder_form" for e in events):
        return "permit finder"
    return [e["value"] for e in events if e.get("name") == "topic"]


def test_a_nationality_that_needs_a_title_gets_the_permit_finder_not_free_movement():
    # a US citizen was answered as an EU citizen
    assert read_as_eu_citizens("I'm Nigerian and a trained nurse, can I come and work here?",
                               "en") == "permit finder"
    assert read_as_eu_citizens("Ich bin Amerikanerin und möchte hier arbeiten", "de") == (
        "permit finder")
    # the country of the NLU's entities; Germany as the destination is no second nationality
    assert read_as_eu_citizens("I'm from Nigeria and a nurse, I want to work in Germany", "en",
                               ["NG", "DE"]) == "permit finder"
    # EU citizens, and a third-country spouse of one, get the free-movement answer
    assert read_as_eu_citizens("Ich bin Italiener, brauche ich eine Erlaubnis?", "de") == [
        "eu_citizens"]
    assert read_as_eu_citizens("I'm Nigerian, my husband is Polish, do I need a card?",
                               "en") == ["eu_citizens"]


def test_the_status_of_an_asylum_procedure_is_the_bamfs_not_ours():
    # not "ask the immigration office, phone …, your residence title continues"
    messages = catalog("application_status", "Wie ist der Stand meines Asylverfahrens?")
    assert "BAMF" in messages[0]["text"] and "{phone}" not in messages[0]["text"]
    assert any("§ 5 Abs. 1 AsylG" in (m.get("citations") or "") for m in messages)
    persian = catalog("application_status", "وضعیت پرونده پناهندگی من چی شد؟", "fa")
    assert "BAMF" in persian[0]["text"]
    extension = catalog("application_status", "Wie ist der Stand meiner Verlängerung?")
    assert "BAMF" not in extension[0]["text"]


def test_documents_for_another_authoritys_matter_are_that_authoritys():
    # "what do I bring?" after the German ID card: the Bürgerbüro's list, not ours
    [referral] = answer_to("Ich brauche einen neuen Personalausweis. Was muss ich mitbringen?",
                           "required_documents", entities={"authority": "buergerbuero"})
    assert referral["response"] == "utter_referral"
    # the story names another authority, the question a service of ours: ours
    ours = answer_to("Ich habe gerade meine Steuererklärung beim Finanzamt gemacht. Welche "
                     "Unterlagen brauche ich für die Verlängerung?", "required_documents",
                     entities={"authority": "finanzamt"})
    assert ours[0]["response"] != "utter_referral"


def test_another_languages_anger_word_in_a_calm_question_is_no_anger():
    # Albanian "me marrë" (to get) is French "marre" (fed up): the question is answered
    text = "e kam karten blu qe dy vjet, kur mundem me marre lejen e perhershme?"
    assert "utter_complaint" not in responses_to(text, "settlement_permit", language="sq")
    # a first message whose language is unknown still meets every language's words
    assert responses_to("j'en ai marre, personne ne répond", "nlu_fallback", 0.3,
                        language=None) == ["utter_complaint"]


def test_how_long_after_a_matter_without_a_time_says_so_instead_of_asking_which_service():
    # "Wie lange dauert das?" after the formal obligation: not "which service?" (rule 6)
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([user_event("Wie lange dauert das?", "de", intent="processing_time")],
                           {"topic": "visitor_invitation"})
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker, {}))
    responses = [m.get("response") for m in dispatcher.messages]
    assert responses[0] == "utter_processing_time_unknown"
    assert dispatcher.messages[0]["service_name"] == "Verpflichtungserklärung für Besuch"
    assert "utter_catalog_which" not in responses
    assert responses[-2:] == ["utter_next_step", "utter_ask_feedback"]


def test_how_long_after_the_lost_card_gives_the_new_cards_time():
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([user_event("Wie lange dauert das?", "de", intent="processing_time")],
                           {"topic": "lost_document"})
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker, {}))
    assert dispatcher.messages[0]["weeks"] == "5"


def test_a_fee_the_answer_already_states_is_not_repeated():
    # the lost-card answer says "sie kostet grundsätzlich 67 Euro": no second fee line
    messages, _ = answer("lost_document")
    assert "67" in messages[0]["text"]
    assert not [m for m in messages if m.get("response") == "utter_fee_amount"]
    blue_card, _ = answer("blue_card")  # its text names no fee: the fee line stays
    assert [m for m in blue_card if m.get("response") == "utter_fee_amount"]


def test_dialect_anger_gets_the_apology_too():
    # Egyptian "ده قرف", "محدش بيرد" and Ukrainian "не відповідає … скільки можна" were read as
    # a status question: the same e-mail address that goes unanswered, no apology
    # (nobody answering the phone: the apology names the ways without the phone)
    for text, language, apology in (
            ("مستني رد من ٤ شهور ومحدش بيرد على التليفون، ده قرف", "ar", "utter_complaint_phone"),
            ("сачбеарбайтер не відповідає на емейли вже 3 неділі, скільки можна", "uk",
             "utter_complaint")):
        dispatcher = CollectingDispatcher()
        tracker = make_tracker([user_event(text, language, intent="application_status")])
        asyncio.run(ActionAnswerTopic().run(dispatcher, tracker, {}))
        assert dispatcher.messages[0]["response"] == apology, text

