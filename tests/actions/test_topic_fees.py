"""Fees another law sets for a topic that is no service of the office: naturalisation
(§ 38 Abs. 2 StAG) is answered with its amounts, not with "which of our services?"."""

from tests.actions.test_answers import answer_to
from tests.actions.test_fee_questions import ask_fee


def test_the_naturalisation_fee_with_the_childs_reduced_fee():
    messages, service = ask_fee("Was kostet die Einbürgerung?")
    assert service is None  # no service of the office asked for
    fees = [m for m in messages if m.get("response") == "utter_fee_amount"]
    assert [(m["service_name"], m["amount"]) for m in fees] == [
        ("Einbürgerung", "255 Euro"), ("Einbürgerung", "51 Euro")]
    assert all("stag/__38.html" in m["citations"] for m in fees)
    assert [m["response"] for m in messages][-2:] == ["utter_next_step", "utter_ask_feedback"]
    english, _ = ask_fee("how much is naturalisation for me and my kid?", "en")
    assert [m.get("amount") for m in english][:2] == ["255 Euro", "51 Euro"]
    assert "minor child" in english[1]["case"]


def test_the_conversations_topic_is_what_das_means():
    messages, _ = ask_fee("und was kostet das?", slots={"topic": "naturalization"})
    assert messages[0]["amount"] == "255 Euro"
    russian, _ = ask_fee("сколько стоит немецкое гражданство?", "ru")
    assert russian[0]["amount"] == "255 Euro"


def test_a_nationality_held_is_not_naturalisation_and_a_service_named_wins():
    held, _ = ask_fee("Ich habe die syrische Staatsangehörigkeit, was kostet die Verlängerung?")
    assert held[0]["amount"] == "93 Euro"
    named, _ = ask_fee("was kostet die Verlängerung?", slots={"topic": "naturalization"})
    assert named[0]["amount"] == "93 Euro"


def test_the_temporary_protection_fee_says_who_pays_nothing():
    # "100 Euro" alone frightened people who live on benefits: § 53 Abs. 1 AufenthV frees them
    messages, _ = ask_fee("Was kostet die Aufenthaltserlaubnis für ukrainische Flüchtlinge?",
                          slots={"topic": "ukraine_protection"})
    assert messages[0]["amount"] == "100 Euro"
    assert messages[1]["response"] == "utter_fee_reduction"
    assert "SGB II" in messages[1]["reduction"] and "§ 53 Abs. 1" in messages[1]["citations"]
    # and with the topic's answer, after its fee line
    answer = answer_to("Was muss ich für den vorübergehenden Schutz tun?",
                       intent="ukraine_protection")
    fee = next(i for i, m in enumerate(answer) if m.get("response") == "utter_fee_amount")
    assert "SGB II" in answer[fee + 1]["reduction"]
    # other services' fees stay alone
    messages, _ = ask_fee("und was kostet das?", slots={"topic": "blue_card"})
    assert all(m.get("response") != "utter_fee_reduction" for m in messages)
