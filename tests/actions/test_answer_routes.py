"""Narrower answers for what the citizen told (`routes:` in knowledge/topics/): a situation
("rechtzeitig beantragt", "anerkannter Flüchtling") or a title held changes the answer."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.asked import ActionAnswerTopic
from tests.actions.test_answers import answer_to, catalog
from tests.conftest import make_tracker, user_event


def test_applied_in_time_and_may_i_work_gets_the_title_continuing_not_the_work_rules():
    # "hab rechtzeitig verlängerung beantragt, karte abgelaufen, darf ich weiter arbeiten?"
    # got the general work rules (students' 140 days); § 81 Abs. 4 is the answer
    messages = answer_to("hab rechtzeitig verlängerung beantragt, karte jetzt abgelaufen, darf "
                         "ich weiter arbeiten?", intent="work_permission")
    assert "gilt Ihr bisheriger Titel bis zur Entscheidung weiter" in messages[0]["text"]
    assert "§ 81 Abs. 4 AufenthG" in messages[1]["citations"]
    # waiting for the extension is having applied for it
    waiting = answer_to("ich warte noch auf meine verlängerung, darf ich so lange weiter "
                        "arbeiten?", intent="work_permission")
    assert "gilt Ihr bisheriger Titel bis zur Entscheidung weiter" in waiting[0]["text"]
    # read as the application's status: the question about work still decides
    status = answer_to("ich warte seit 4 Monaten auf meine Verlängerung, darf ich weiter "
                       "arbeiten?", intent="application_status")
    assert "auch mit der darin erlaubten Erwerbstätigkeit" in status[0]["text"]
    russian = answer_to("Я подал на продление вовремя, но карта уже истекла. Могу ли я работать?",
                        intent="work_permission", language="ru")
    assert "§ 81 Abs. 4 AufenthG" in russian[1]["citations"]


def test_an_application_too_late_keeps_the_expired_permit_answer():
    messages = answer_to("Karte abgelaufen, ich habe den Antrag zu spät gestellt",
                         intent="permit_expired")
    assert "§ 95 Abs. 1 AufenthG" in messages[1]["citations"]  # not the title continuing
    on_time = answer_to("Meine Karte ist abgelaufen, aber ich habe den Antrag rechtzeitig "
                        "gestellt. Bin ich jetzt illegal?", intent="permit_expired")
    assert "gilt Ihr bisheriger Titel bis zur Entscheidung weiter" in on_time[0]["text"]
    # Serbian, ekavian and Cyrillic: "I applied 3 months ago, before it ran out"
    for serbian in ("predao sam zahtev pre 3 meseca, pre nego što je istekla, da li sam ilegalan?",
                    "предао сам захтев пре 3 месеца, пре него што је истекла"):
        messages = answer_to(serbian, intent="permit_expired", language="hr")
        assert "§ 95 Abs. 1 AufenthG" not in messages[1]["citations"], serbian


def test_a_skilled_workers_spouse_is_not_told_to_learn_german_either():
    # "працюю як фахівець, аусвайс по 18а" got "usually A1" (§ 30 Abs. 1 Satz 3 Nr. 5)
    messages = answer_to("працюю як фахівець, аусвайс по 18а, хочу забрати жінку і сина",
                         intent="family_reunion", language="uk")
    assert "§ 18a" in messages[0]["text"] and "A1" not in messages[0]["text"]


def test_a_child_of_16_joining_gets_the_childs_rules_not_the_spouses():
    # "does my 16-year-old need German?" got "both spouses must be 18 … usually A1" or the
    # Ukraine rules; § 32 Abs. 2: German at C1 unless the child moves with the parents
    for text, language in (("Muss mein 16-jähriger Sohn Deutsch können, um nachzukommen?", "de"),
                           ("does my 17 year old daughter need german to come here?", "en"),
                           ("mon fils a 16 ans, doit-il parler allemand pour venir ?", "fr")):
        messages = answer_to(text, intent="family_reunion", language=language)
        assert "C1" in messages[0]["text"], text
        assert "§ 32 Abs. 2 AufenthG" in " ".join(m.get("citations", "") for m in messages)
    # the parent's title told: the exception that applies, not the C1 rule and its list
    blue_card = answer_to("Ich habe eine Blaue Karte. Muss mein 17-jähriger Sohn Deutsch können?",
                          intent="family_reunion", entities={"residence_title": "blue_card"})
    assert "C1" not in blue_card[0]["text"] and "keine Deutschkenntnisse" in blue_card[0]["text"]
    dispatcher = CollectingDispatcher()
    told_before = make_tracker([
        user_event("I have refugee status since March", "en", intent="refugee_status_permit"),
        user_event("my son is 17, does he need german to join me?", "en",
                   intent="family_reunion")])
    asyncio.run(ActionAnswerTopic().run(dispatcher, told_before, {}))
    said = dispatcher.messages[0]["text"]
    assert "C1" not in said and "three months" in said
    # a duration is no age: the spouses' general answer
    messages = answer_to("ich lebe seit 16 Jahren hier, kann meine Frau kommen?",
                         intent="family_reunion")
    said = " ".join(m.get("text") or "" for m in messages)
    assert "C1" not in said and "A1" in said


def test_a_recognised_refugee_gets_the_privileged_family_reunion():
    # "recognised Afghan refugee, want to bring wife and kids, how much income do I need?"
    # got the settlement permit or "income, housing, usually A1" (§ 29 Abs. 2 waives them)
    messages = answer_to("Ich bin anerkannter Flüchtling und will meine Frau und Kinder holen, "
                         "wie viel muss ich verdienen?", intent="family_reunion")
    assert "innerhalb von drei Monaten" in messages[0]["text"]
    assert "§ 29 Abs. 2 AufenthG" in " ".join(m.get("citations", "") for m in messages)
    persian = answer_to("پناهندگی گرفتم و می خواهم همسرم را بیاورم", intent="family_reunion",
                        language="fa")
    assert "§ 29 Abs. 2 AufenthG" in " ".join(m.get("citations", "") for m in persian)
    subsidiary = answer_to("Ich habe subsidiären Schutz, als Flüchtling anerkannt wurde ich nicht, "
                           "kann meine Frau kommen?", intent="family_reunion")
    assert "§ 29 Abs. 2 AufenthG" not in " ".join(m.get("citations", "") for m in subsidiary)


def test_a_recognised_refugees_family_is_not_asked_for_proof_of_income_and_housing():
    # the route says they are waived within three months; the list that followed asked for them
    said = "Ich bin anerkannter Flüchtling und will meine Frau und Kinder nachholen"
    messages = answer_to(said, intent="family_reunion")
    [listed] = [m["documents"] for m in messages if m.get("response") == "utter_service_documents"]
    assert "Anerkennungsbescheid des BAMF" in listed
    assert "Wohnraum" not in listed and "Einkommen" not in listed
    asked = CollectingDispatcher()
    tracker = make_tracker([user_event(said, "de", intent="family_reunion"),
                            user_event("welche Unterlagen brauche ich?", "de",
                                       intent="required_documents")],
                           slots={"topic": "family_reunion"})
    asyncio.run(ActionAnswerTopic().run(asked, tracker, {}))
    assert "Anerkennungsbescheid des BAMF" in asked.messages[0]["documents"]
    assert "Wohnraum" not in asked.messages[0]["documents"]
    # anyone else still brings them
    others = answer_to("Ich möchte meine Frau nachholen", intent="family_reunion")
    assert any("Wohnraum" in (m.get("documents") or "") for m in others)


def test_a_protection_holder_asking_about_settlement_gets_the_protection_rules():
    messages = catalog("settlement_permit", "Ich habe subsidiären Schutz, wann bekomme ich "
                       "die Niederlassungserlaubnis?")
    assert "subsidiärem Schutz" in messages[0]["text"]
    assert "§ 26 Abs. 4 AufenthG" in messages[1]["citations"]
    general = catalog("settlement_permit", "Wann bekomme ich die Niederlassungserlaubnis?")
    assert "§ 26" not in general[1]["citations"]


def test_the_spouse_of_a_blue_card_holder_is_not_told_to_learn_german():
    # § 30 Abs. 1 Satz 3 Nr. 5 AufenthG: no A1 for the spouse of a Blue Card holder
    messages = catalog("family_reunion", "i have blue card, can my wife come? does she need A1?",
                       "en", entities={"residence_title": "blue_card"})
    assert "does not need any German" in messages[0]["text"] and "(A1)" not in messages[0]["text"]
    general = catalog("family_reunion", "can my wife come to germany?", "en")
    assert "(A1)" in general[0]["text"]


def test_a_lost_card_told_with_a_status_gets_the_lost_cards_answer_and_time():
    # "ich habe vorübergehenden Schutz, Karte verloren" answered with the protection permit;
    # "wie lange dauert eine neue?" then gave the protection permit's processing time
    said = "Ich habe vorübergehenden Schutz und meine Karte verloren"
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswerTopic().run(
        dispatcher, make_tracker([user_event(said, "de", intent="ukraine_protection")]), {}))
    assert "§ 57a Abs. 1 AufenthV" in " ".join(m.get("citations", "")
                                               for m in dispatcher.messages)
    assert {"event": "slot", "name": "topic", "value": "lost_document"} in [
        {k: e[k] for k in ("event", "name", "value")} for e in events]
    # a lost job is no lost card
    job = answer_to("Ich habe vorübergehenden Schutz und meinen Job verloren",
                    intent="ukraine_protection")
    assert "§ 24 AufenthG" in " ".join(m.get("citations", "") for m in job)


def test_an_asylum_seeker_asking_to_work_gets_the_asylum_rules_not_the_students_days():
    for text, language in [("Ich habe eine Aufenthaltsgestattung, darf ich arbeiten?", "de"),
                           ("I'm an asylum seeker, can I work?", "en"),
                           ("sığınmacıyım, çalışabilir miyim?", "tr")]:
        messages = answer_to(text, intent="work_permission", language=language)
        assert "§ 61 AsylG" in " ".join(m.get("citations", "") for m in messages), text
        assert "140" not in messages[0]["text"], text
    recognised = answer_to("Ich bin als Flüchtling anerkannt, darf ich arbeiten?",
                           intent="work_permission")
    assert "§ 61 AsylG" not in " ".join(m.get("citations", "") for m in recognised)


def answer_with_topic(text, intent, language="de"):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswerTopic().run(
        dispatcher, make_tracker([user_event(text, language, intent=intent)]), {}))
    cited = " ".join(m.get("citations", "") for m in dispatcher.messages)
    topic = next(e["value"] for e in events if e.get("name") == "topic")
    return cited, topic


def test_a_status_named_with_a_question_about_work_gets_the_work_rules_of_that_status():
    # read as the toleration or the asylum application, the question was whether to work
    for text, intent, language, rule in [
            ("Ich habe eine Duldung, darf ich arbeiten?", "toleration", "de", "§ 32 BeschV"),
            ("I have a Duldung, can I work?", "toleration", "en", "§ 32 BeschV"),
            ("ich hab gestattung kann ich job machen", "asylum_request", "de", "§ 61 AsylG"),
            ("маю дульдунг, чи можу я працювати?", "toleration", "uk", "§ 32 BeschV")]:
        cited, topic = answer_with_topic(text, intent, language)
        assert rule in cited and "§ 60c AufenthG" not in cited, text
        assert topic == "work_permission", text  # "was kostet das?" is then about it
    # working already is no such question: the toleration's answer (§ 25b, § 60d)
    cited, topic = answer_with_topic(
        "Ich habe eine Duldung und arbeite seit zwei Jahren, kann ich bleiben?", "toleration")
    assert "§ 60d AufenthG" in cited and "§ 32 BeschV" not in cited
    assert topic == "toleration"


def test_training_in_the_asylum_procedure_is_the_work_permit_not_the_training_visa():
    # answered with § 16a AufenthG: 100 Euro, a valid passport, proof of income and an online
    # application for a title she cannot get; she needs the office's employment permit
    cited, topic = answer_with_topic(
        "بعدني باجراءات اللجوء ومعي Aufenthaltsgestattung، بقدر اعمل اوسبيلدونغ؟",
        "vocational_training", "ar")
    assert "§ 61 AsylG" in cited and "§ 16a AufenthG" not in cited
    assert topic == "work_permission"
    cited, _ = answer_with_topic("Ich möchte eine Ausbildung als Zahnarzthelferin machen",
                                 "vocational_training")
    assert "§ 16a AufenthG" in cited


def test_a_family_members_work_question_gets_that_any_work_is_allowed_not_students_days():
    # "I came by family reunion, may I work?" got the students' 140 days, twice
    for text, language in [
            ("با ویزای پیوستن به همسر اومدم، اقامتم Familiennachzug است. میتونم کار کنم؟", "fa"),
            ("Ich bin über den Familiennachzug zu meinem Mann gekommen, darf ich arbeiten?", "de")]:
        messages = answer_to(text, intent="work_permission", language=language)
        assert "§ 4a Abs. 1 AufenthG" in " ".join(m.get("citations", "") for m in messages)
        assert "140" not in messages[0]["text"], text
    # asking how to bring the family is no such permit
    student = answer_to("Ich will meine Frau nachholen, darf ich als Student arbeiten?",
                        intent="work_permission")
    assert "140" in student[0]["text"]


def test_an_asylum_seeker_without_a_passport_is_not_sent_to_the_embassy():
    # "no passport" in the asylum procedure got the Reiseausweis rules: apply for a passport
    # at the authorities of the state he fled
    cited, _ = answer_with_topic("Я в процедурі отримання притулку, паспорта в мене немає",
                                 "no_passport", "uk")
    assert "§ 64 Abs. 1 AsylG" in cited and "§ 5 Abs. 2 AufenthV" not in cited
    cited, _ = answer_with_topic("Ich habe keinen Pass, was kann ich tun?", "no_passport")
    assert "§ 5 Abs. 2 AufenthV" in cited


def test_a_students_work_question_gets_the_weeks_and_half_days_not_every_status():
    # "сколько часов мне можно работать? … на каникулах больше можно?" got the rules of every
    # title and 140 days, then travel abroad: the hours and the semester break are § 16b Abs. 3
    for text, language in [
            ("я студентка, учусь в универе тут. сколько часов мне можно работать?", "ru"),
            ("Ich studiere hier, wie viele Stunden pro Woche darf ich arbeiten?", "de")]:
        messages = answer_to(text, intent="work_permission", language=language)
        assert "§ 16b Abs. 3 AufenthG" in " ".join(m.get("citations", "") for m in messages)
        assert "20" in messages[0]["text"] and "140" in messages[0]["text"], text
    # a parent asking about a son who studies gets the general rules
    parent = answer_to("Mein Sohn studiert, darf er nebenbei arbeiten?", intent="work_permission")
    assert "20 Stunden" not in parent[0]["text"]


def test_a_weakly_read_question_after_the_students_answer_is_answered_from_it():
    # "и на каникулах больше можно?" read as travel abroad at 0.34 got § 51 (leaving Germany)
    first = "я студентка, учусь в универе тут. сколько часов мне можно работать?"
    given = answer_to(first, intent="work_permission", language="ru")[0]["text"]
    events = [user_event(first, "ru", "work_permission"), {"event": "bot", "text": given},
              user_event("а в часах это сколько? мне говорили 20 часов в неделю можно, это "
                         "правда? и на каникулах больше можно?", "ru", "travel_abroad", None,
                         0.34)]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(dispatcher, make_tracker(events,
                                                                  {"topic": "work_permission"}),
                                        {}))
    said = " ".join(m.get("text") or "" for m in dispatcher.messages)
    assert "20" in said and "§ 51" not in " ".join(str(m) for m in dispatcher.messages)


def test_a_family_members_work_after_the_citizens_own_student_question_is_not_students_days():
    # "I'm doing a Master's, how many hours may I work?" then "and my wife came with me on a
    # family visa, how much can she work?" got the students' 140 days for her (§ 4a Abs. 1:
    # any work)
    events = [
        user_event("I'm a master's student here, how many hours a week can I work?", "en",
                   intent="work_permission"),
        {"event": "bot", "text": "140 full days ..."},
        user_event("and my wife came with me on a family visa, how much can she work?", "en",
                   intent="work_permission"),
    ]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(dispatcher, make_tracker(events), {}))
    assert "140" not in dispatcher.messages[0]["text"]
    assert "§ 4a Abs. 1 AufenthG" in " ".join(m.get("citations", "") for m in dispatcher.messages)
    # the citizen's own follow-up keeps what they told
    own = [*events[:2], user_event("and how many in the semester break?", "en",
                                   intent="work_permission")]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(dispatcher, make_tracker(own), {}))
    assert "140" in dispatcher.messages[0]["text"]


def test_a_question_about_the_wife_keeps_the_citizens_refugee_status_for_her_reunion():
    # the citizen's status is the wife's matter too: "muss meine frau vorher deutsch lernen?"
    # after "anerkannter Flüchtling" is the privileged reunion, not "usually A1"
    events = [
        user_event("ich bin seit 2 monaten anerkannter flüchtling und will meine frau und die "
                   "kinder aus syrien holen", "de", intent="family_reunion"),
        {"event": "bot", "text": "Als anerkannter Flüchtling ..."},
        user_event("muss meine frau vorher deutsch lernen?", "de", intent="family_reunion"),
    ]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(dispatcher, make_tracker(events), {}))
    assert "A1" not in dispatcher.messages[0]["text"]
    assert "§ 29 Abs. 2 AufenthG" in " ".join(m.get("citations", "") for m in dispatcher.messages)


def as_said(messages):
    """The bot events Rasa records for the action's messages (the response named in metadata,
    its parameters in the text as the domain's templates put them)."""
    return [{"event": "bot", "text": " ".join(str(v) for k, v in m.items() if k != "response"),
             "metadata": {"utter_action": m.get("response")}} for m in messages]


def test_a_second_answer_about_the_same_service_does_not_list_documents_and_fee_again():
    # "can my wife come?" then "and my son is 17?": both family reunion; the documents, the
    # online link and the 100 € came twice
    first_event = user_event("I work here with a blue card. can my wife come?", "en",
                             intent="family_reunion", entities={"residence_title": "blue_card"})
    first = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(first, make_tracker([first_event]), {}))
    said = [m.get("response") for m in first.messages]
    assert {"utter_service_documents", "utter_service_online", "utter_fee_amount"} <= set(said)
    second = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(second, make_tracker([
        first_event, *as_said(first.messages),
        user_event("and my son is 17, does he need german?", "en", intent="family_reunion")]),
        {}))
    again = [m.get("response") for m in second.messages]
    assert "utter_service_documents" not in again and "utter_fee_amount" not in again
    # a way forward still (family reunion is applied for online: a person, not an appointment)
    assert "utter_service_online" not in again and "utter_next_step_contact" in again
    # the minors' half fee is new for the son
    assert "utter_fee_reduction" in again


def test_a_students_extension_lists_enrolment_and_funding_not_payslips():
    # "ben öğrenciyim … uzatma" listed the last three payslips and a rental agreement
    messages = answer_to("ben öğrenciyim, oturma iznimi uzatmam lazım", intent="extend_permit",
                         language="tr")
    [listed] = [m["documents"] for m in messages if m.get("response") == "utter_service_documents"]
    assert "Sperrkonto" in listed or "bloke" in listed.lower()
    assert "Gehaltsabrechnungen" not in listed and "bordro" not in listed.lower()
    workers = answer_to("Ich arbeite hier und muss verlängern", intent="extend_permit")
    assert any("Gehaltsabrechnungen" in (m.get("documents") or "") for m in workers)


def test_a_national_visa_running_out_gets_the_first_permit_not_an_extension():
    # "mein visum im pass läuft nächsten monat ab" got the new passport's answer (embassy);
    # a national visa continues until the decision when the permit is applied for in time
    messages = answer_to("ich bin mit einem nationalen visum zum studium gekommen, das visum im "
                         "pass läuft nächsten monat ab", intent="extend_permit")
    assert "„D“" in messages[0]["text"] and "Schengen" in messages[0]["text"]
    assert "§ 81 Abs. 4 AufenthG" in " ".join(m.get("citations", "") for m in messages)
    # no extension fee or payslips: the permit depends on the purpose
    assert not any("93 Euro" in str(m.get("amount")) for m in messages)
    assert not any("Gehaltsabrechnungen" in (m.get("documents") or "") for m in messages)
    # a visitor's Schengen visa is another matter
    visitor = answer_to("mein schengen visum läuft ab, kann ich verlängern?",
                        intent="extend_permit")
    assert "„D“" not in visitor[0]["text"]
    # read as a Schengen visa's extension, a visa in the passport still gets the first permit
    national = answer_to("ich hab nur ein visum im pass, keine karte. das visum läuft nächsten "
                         "monat ab", intent="visa_extension")
    assert "„D“" in national[0]["text"]
    visit = answer_to("mein visum läuft bald ab, ich bin zu besuch bei meiner tochter",
                      intent="visa_extension")
    assert "Schengen-Visum kann nur in engen Fällen" in visit[0]["text"]


def test_a_recognised_refugees_lost_travel_document_is_not_sent_to_the_embassy():
    # "pasporte abi ro gom kardam" (the blue refugee passport) was told to get a new passport
    # at the embassy of the state that persecuted him (§ 73 Abs. 1 AsylG: revocation)
    messages = answer_to("Ich bin anerkannter Flüchtling und habe meinen blauen Reiseausweis "
                         "verloren", intent="lost_document")
    assert "Reiseausweis für Flüchtlinge" in messages[0]["text"]
    assert "nicht bei der Botschaft" in messages[0]["text"]
    assert "§ 73 Abs. 1 AsylG" in " ".join(m.get("citations", "") for m in messages)
    # nor asked to bring the "valid passport" he cannot have
    [listed] = [m["documents"] for m in messages if m.get("response") == "utter_service_documents"]
    assert "Reisepass" not in listed and "Foto" in listed
    others = answer_to("Ich habe meinen Pass verloren", intent="lost_document")
    assert "Botschaft oder dem Konsulat Ihres Landes" in others[0]["text"]


def test_subsidiary_protection_hears_first_that_reunion_is_suspended_without_an_application():
    # "مه … حمایت فرعی دارم. میخواهم خانمم و اولادهایم را بیارم" got income, housing and A1
    # first, the suspension (§ 104 Abs. 14) in the middle, then an online application and 100 €
    messages = answer_to("مه از افغانستان هستم و حمایت فرعی (subsidiär) دارم. میخواهم خانمم و "
                         "اولادهایم را از ایران بیارم. چطور میشه؟", intent="family_reunion",
                         language="fa")
    assert "2027" in messages[0]["text"]
    assert "§ 104 Abs. 14 AufenthG" in " ".join(m.get("citations", "") for m in messages)
    responses = [m.get("response") for m in messages]
    assert "utter_service_online" not in responses and "utter_fee_amount" not in responses
    german = answer_to("Ich habe subsidiären Schutz, kann meine Frau nachkommen?",
                       intent="family_reunion")
    assert german[0]["text"].startswith("Zu Personen mit subsidiärem Schutz")
    # a recognised refugee keeps the privileged reunion
    refugee = answer_to("Ich bin anerkannter Flüchtling, kann meine Frau nachkommen?",
                        intent="family_reunion")
    assert "innerhalb von drei Monaten" in refugee[0]["text"]
