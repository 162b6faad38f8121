"""Fee questions: the amount of the service asked about with its paragraph, reductions where
they apply (a child, a nationality), how the fee is paid, and the fee form's question."""

import asyncio

import yaml
from rasa_sdk.executor import CollectingDispatcher

from tests.conftest import PROJECT_DIR, make_tracker, user_event

DOMAIN = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text(encoding="utf-8"))


def ask_fee(text, language="de", entities=None, slots=None, requested=None):
    """The fee form's turn for a message, then its answer if the form got the service."""
    from actions.forms.fee import ActionAnswerFee, ValidateFeeForm

    tracker = make_tracker(
        [user_event(text, language, "fees" if not requested else "inform", entities)],
        {**(slots or {}), "requested_slot": requested},
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateFeeForm().run(dispatcher, tracker, DOMAIN))
    service = next((e["value"] for e in events if e.get("name") == "fee_service"), None)
    if service:
        answered = make_tracker(tracker.events, {**(slots or {}), "fee_service": service})
        asyncio.run(ActionAnswerFee().run(dispatcher, answered, {}))
    return dispatcher.messages, service


def test_a_fee_question_gets_the_amount_of_the_service_asked_about():
    messages, _ = ask_fee("Was kostet eine Niederlassungserlaubnis?")
    assert messages[0]["response"] == "utter_fee_amount"
    assert messages[0]["amount"] == "113 Euro"  # § 44 Nr. 3 AufenthV, the usual case
    assert "__44.html" in messages[0]["citations"]
    assert [m["response"] for m in messages][-2:] == ["utter_next_step", "utter_ask_feedback"]
    english, _ = ask_fee("how much is the extension?", "en")
    assert english[0]["amount"] == "93 Euro" and "Extension" in english[0]["service_name"]


def test_extending_a_title_costs_the_extension_fee_not_the_issue_fee():
    # § 45 Nr. 2 b AufenthV: 93 Euro to extend a Blue Card, 100 Euro (Nr. 1) to be issued one
    extend, _ = ask_fee("how much do i pay to extend my blue card?", "en")
    assert extend[0]["amount"] == "93 Euro" and "xtension" in extend[0]["case"]
    issue, _ = ask_fee("Was kostet die Blaue Karte?")
    assert issue[0]["amount"] == "100 Euro"


def test_the_title_asked_about_wins_over_the_title_held_even_misspelt():
    # the fee form takes the service from the question, not from "I hold a Blue Card"
    messages, _ = ask_fee("was kostet die niederlasungserlaubnis? ich bin blaue karte inhaber",
                          entities={"residence_title": "blue_card"})
    assert messages[0]["amount"] == "113 Euro"  # § 44 Nr. 3 AufenthV, not § 45's 100 Euro


def test_a_fee_question_without_a_service_asks_which_instead_of_listing_all():
    from actions.forms.fee import ActionAskFeeService

    messages, service = ask_fee("Was kostet das?")
    assert service is None and messages == []  # the form asks its question
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAskFeeService().run(dispatcher, make_tracker([], {}), {}))
    buttons = dispatcher.messages[0]["buttons"]
    assert dispatcher.messages[0]["response"] == "utter_ask_fee_service"
    assert 2 <= len(buttons) <= 6 and buttons[0]["payload"] == '/inform{"fee_service":"extension"}'
    picked, _ = ask_fee("die für den Verlust der Karte", requested="fee_service")
    assert picked[0]["amount"] == "67 Euro"


def test_the_fee_of_another_authoritys_matter_is_that_authoritys():
    # not "which of our services?" after "I want to register my car"
    messages, service = ask_fee("Ich will mein Auto anmelden. Was kostet das?",
                                entities={"authority": "zulassungsstelle"})
    assert service is None
    assert [m["response"] for m in messages] == ["utter_referral"]
    # a service of ours named in the question: its fee
    ours, _ = ask_fee("Ich habe Kindergeld beantragt. Was kostet die Verlängerung?",
                      entities={"authority": "familienkasse"})
    assert ours[0]["response"] == "utter_fee_amount"


def test_a_fee_question_follows_the_conversation_and_the_nationality():
    messages, _ = ask_fee("und was kostet das?", slots={"topic": "blue_card", "nationality": "TR"})
    assert messages[0]["service_name"] == "Blaue Karte EU"
    assert messages[1]["response"] == "utter_fee_reduction"  # § 52a AufenthV
    assert "__52a.html" in messages[1]["citations"]
    # after the spouse's own right of residence (§ 31), applied for as an extension
    after, _ = ask_fee("und was kostet das?", slots={"topic": "spouse_independent_residence"})
    assert after[0]["amount"] == "93 Euro" and "Verlängerung" in after[0]["service_name"]


def test_a_fee_for_a_child_names_the_minors_half_fee():
    # § 50 Abs. 1 AufenthV halves the fees of § 44 ff. for minors; an adult's question does not
    # get it, nor does "seit 5 Jahren" (a duration, not an age)
    def reductions(text, language="de", slots=None):
        messages, _ = ask_fee(text, language, slots=slots)
        return [m for m in messages if m["response"] == "utter_fee_reduction"]

    [son] = reductions("Was kostet die Niederlassungserlaubnis für meinen Sohn?")
    assert "__50.html" in son["citations"] and "Hälfte" in son["reduction"]
    assert reductions("und für die Kinder?", slots={"topic": "extend_permit"})
    assert reductions("how much is the extension for my 16-year-old?", "en")
    assert reductions("cât costă prelungirea pentru copilul meu?", "ro")
    # "for the kids" in Syrian Arabic got the adults' 100 Euro alone
    assert reductions("وقديش بيكلف تمديد الإقامة للولاد؟", "ar")
    assert not reductions("Was kostet die Niederlassungserlaubnis? Ich bin seit 5 Jahren hier.")
    assert not reductions("how much is the extension?", "en")


def test_a_childs_fee_right_after_a_fee_answer_is_that_fee_halved():
    # "und was zahl ich für meinen sohn? der ist 12" after the extension's fee was read as out
    # of remit ("Dabei kann ich leider nicht helfen"); the same words after the family reunion
    # answer are no fee question
    from actions.asked import ActionAnswerOutOfScope

    def after(intent, responses, text="und was zahl ich für meinen sohn? der ist 12"):
        earlier = [user_event("was kostet die verlängerung?", "de", intent),
                   *({"event": "bot", "text": "…", "metadata": {"utter_action": r}}
                     for r in responses),
                   {"event": "action", "name": "action_listen"},
                   user_event(text, "de", "out_of_scope", confidence=0.6),
                   # as the server sends it: events after the message itself
                   {"event": "user_featurization", "use_text_for_featurization": False}]
        dispatcher = CollectingDispatcher()
        tracker = make_tracker(earlier, {"topic": "extend_permit"})
        asyncio.run(ActionAnswerOutOfScope().run(dispatcher, tracker, {}))
        return dispatcher.messages

    fee = after("fees", ["utter_fee_amount", "utter_next_step"])
    assert fee[0]["amount"] == "93 Euro"
    assert "__50.html" in fee[1]["citations"]
    assert after("family_reunion", ["utter_fee_amount"])[0].get("amount") is None
    # "а я получаю бюргергельд, мне тоже надо платить?" after the fee: the fee, with § 53
    benefits = after("fees", ["utter_fee_amount", "utter_next_step"],
                     "und ich bekomme bürgergeld vom jobcenter, muss ich trotzdem zahlen?")
    assert any("__53.html" in (m.get("citations") or "") for m in benefits)
    assert after("fees", ["utter_fee_amount"], "und wo melde ich ihn an der schule an?")[0].get(
        "amount") is None


def test_another_persons_fee_right_after_a_fee_answer_is_that_fee_not_their_eligibility():
    # "and for my wife?" after the settlement permit's fee, read as family reunion, got
    # whether she may have the permit (§ 9 Abs. 3) instead of what it costs her
    from actions.asked import ActionAnswerTopic

    events = [user_event("what is the fee for my settlement permit?", "en", "fees"),
              {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_fee_amount"}},
              {"event": "action", "name": "action_listen"},
              user_event("and for my wife?", "en", "family_reunion", confidence=0.7)]
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(events, {"topic": "settlement_permit"})
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker, {}))
    assert dispatcher.messages[0]["amount"] == "113 Euro"
    # the same words after an answer that named no fee ask about her, not a fee
    events[1]["metadata"]["utter_action"] = "utter_legal_basis"
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(dispatcher, make_tracker(
        events, {"topic": "settlement_permit"}), {}))
    assert dispatcher.messages[0].get("amount") is None


def test_how_to_pay_gets_the_offices_way_of_paying_not_which_service():
    # "kann ich mit Karte zahlen?" asked which service's fee; the office configures how it is
    # paid, and an office without it says whom to ask
    messages, service = ask_fee("kann ich mit karte zahlen oder nur bar?")
    assert service is None and "Girocard" in messages[0]["text"]
    english, _ = ask_fee("do you take credit cards?", "en")
    assert "credit cards" in english[0]["text"]
    elsewhere, _ = ask_fee("kann ich mit ec karte zahlen?",
                           slots={"office_id": "stadt-musterstadt"})
    assert elsewhere[0]["response"] == "utter_fee_payment_unknown"
    assert elsewhere[0]["phone"]
    amount, _ = ask_fee("was kostet die niederlassungserlaubnis?")
    assert amount[0]["amount"] == "113 Euro"  # the amount question is not a payment question


def test_the_fee_for_a_child_told_of_just_before_names_the_minors_half_fee():
    # "Meine Tochter ist 17 … muss sie Deutsch lernen?", then "und was kostet das für sie?"
    # got the adults' 100 Euro alone
    from actions.forms.fee import ActionAnswerFee

    def reductions(before):
        events = [user_event(before, "de", "family_reunion"),
                  {"event": "bot", "text": "…", "metadata": {}},
                  user_event("und was kostet das für sie?", "de", "fees"),
                  {"event": "active_loop", "name": "fee_form"}]
        dispatcher = CollectingDispatcher()
        tracker = make_tracker(events, {"fee_service": "family_reunion"})
        asyncio.run(ActionAnswerFee().run(dispatcher, tracker, {}))
        return [m for m in dispatcher.messages if m.get("response") == "utter_fee_reduction"]

    [half] = reductions("Meine Tochter ist 17 und noch in der Türkei. Muss sie Deutsch lernen?")
    assert "__50.html" in half["citations"]
    assert not reductions("Meine Frau ist noch in der Türkei. Muss sie Deutsch lernen?")


def test_a_fee_asked_by_someone_living_on_benefits_names_the_exemption():
    # "я получаю бюргергельд. мне надо платить 93 евро за продление?" got "93 Euro" alone:
    # § 53 Abs. 1 AufenthV waives the residence permit's fee for whoever lives on SGB II
    def exemptions(text, language="de"):
        messages, _ = ask_fee(text, language)
        return [m for m in messages if m["response"] in ("utter_fee_reduction",
                                                         "utter_fee_told_reduction")
                and "__53.html" in m["citations"]]

    assert exemptions("ich bekomme bürgergeld vom jobcenter, was kostet die verlängerung?")
    assert exemptions("я получаю бюргергельд. мне надо платить 93 евро за продление?", "ru")
    assert exemptions("i get money from the jobcenter, how much is the extension?", "en")
    assert not exemptions("was kostet die verlängerung?")
    # the settlement permit's fee (§ 44 AufenthV) is not one § 53 Abs. 1 waives
    assert not exemptions("ich bin beim jobcenter, was kostet die niederlassungserlaubnis?")


def test_a_citizen_living_on_benefits_hears_the_exemption_before_the_fee():
    # "ich bekomme Bürgergeld, was kostet die Verlängerung?" got "93 Euro" first and "may
    # apply to you: no fee" after it; a clerk leads with what the citizen's situation means
    messages, _ = ask_fee("ich bekomme bürgergeld vom jobcenter, was kostet die verlängerung?")
    assert messages[0]["response"] == "utter_fee_told_reduction"
    assert "__53.html" in messages[0]["citations"]
    assert messages[1]["response"] == "utter_fee_amount_otherwise"
    assert messages[1]["amount"] == "93 Euro"
    assert [m["response"] for m in messages].count("utter_fee_told_reduction") == 1
    assert "utter_fee_reduction" not in [m["response"] for m in messages]
    # without a word of benefits the fee is said as before
    plain, _ = ask_fee("was kostet die verlängerung?")
    assert plain[0]["response"] == "utter_fee_amount"
