from rasa.shared.nlu.training_data.message import Message

from lotse.nlu.unfamiliar import UnfamiliarWordsFallback
from tests.lotse.nlu.conftest import train_and_load


def trained(tmp_path):
    return train_and_load(UnfamiliarWordsFallback, tmp_path, [
        Message.build("Ich möchte meinen Aufenthaltstitel verlängern", intent="extend_permit"),
        Message.build("Hallo zusammen", intent="greet"),
    ])


def classify(component, text):
    message = Message.build(text)
    message.set("intent", {"name": "greet", "confidence": 0.6})
    message.set("intent_ranking", [{"name": "greet", "confidence": 0.6}])
    [message] = component.process([message])
    return message.get("intent")["name"], [r["name"] for r in message.get("intent_ranking")]


def test_gibberish_becomes_nlu_fallback_keeping_the_ranking(tmp_path):
    result = classify(trained(tmp_path), "xkq wrr pfff")
    assert result == ("nlu_fallback", ["nlu_fallback", "greet"])


def test_a_message_without_one_known_word_says_so_for_the_fallback(tmp_path):
    component = trained(tmp_path)
    flagged = []
    for text in ("xkq wrr pfff", "xkq aufenthaltstitel wrr pfff"):
        message = Message.build(text)
        message.set("intent", {"name": "greet", "confidence": 0.6})
        [message] = component.process([message])
        flagged.append(bool(message.get("no_known_word")))
    assert flagged == [True, False]  # one known word: "did you mean …?" has something to go on


def test_typos_and_known_words_keep_the_classifiers_intent(tmp_path):
    component = trained(tmp_path)
    assert classify(component, "aufenthaltstitel verlangern")[0] == "greet"
    assert classify(component, "halo")[0] == "greet"
    assert classify(component, "👍")[0] == "greet"


def test_dates_numbers_and_booking_references_are_data_not_unknown_words(tmp_path):
    component = trained(tmp_path)
    assert classify(component, "T-3RWB-8LNC")[0] == "greet"
    assert classify(component, "Aufenthaltstitel 15.03.2027")[0] == "greet"
    assert classify(component, "qqq 15.03.2027")[0] == "nlu_fallback"


def test_a_short_typo_counts_when_the_classifier_is_sure(tmp_path):
    # "hii" for "hi" got "I did not understand" although the classifier read a greeting;
    # "ihc" is "ich" with two letters swapped
    component = trained(tmp_path)
    sure = Message.build("ihc")
    sure.set("intent", {"name": "greet", "confidence": 0.9})
    [sure] = component.process([sure])
    assert sure.get("intent")["name"] == "greet"
    assert classify(component, "ihc")[0] == "nlu_fallback"  # unsure: still not understood
    gibberish = Message.build("xkq wrr pfff")
    gibberish.set("intent", {"name": "greet", "confidence": 0.9})
    [gibberish] = component.process([gibberish])
    assert gibberish.get("intent")["name"] == "nlu_fallback"


def test_one_letter_held_down_is_no_typo_even_when_the_classifier_is_sure(tmp_path):
    # "ttt" is one letter from "tot", "qqq" from "qq": with thank_you at 0.81 for "qqq zzz ttt"
    # the citizen got "you're welcome" instead of "I did not understand"
    component = train_and_load(UnfamiliarWordsFallback, tmp_path, [
        Message.build("tot zz qq", intent="greet"), Message.build("Hallo", intent="greet")])
    mashed = Message.build("qqq zzz ttt")
    mashed.set("intent", {"name": "thank_you", "confidence": 0.81})
    [mashed] = component.process([mashed])
    assert mashed.get("intent")["name"] == "nlu_fallback"


def test_gibberish_loses_the_language_guessed_for_it_but_arabic_script_keeps_it(tmp_path):
    component = trained(tmp_path)

    def language(text, code):
        message = Message.build(text)
        message.set("intent", {"name": "greet", "confidence": 0.6})
        message.set("language", {"code": code, "source": "detector"})
        [message] = component.process([message])
        return message.get("language")["code"]

    assert language("xkq wrr pfff zzz", "tr") is None
    assert language("انتو فاشلين، من شهور عم استنى البطاقة", "ar") == "ar"
    assert language("Ich möchte meinen Aufenthaltstitel verlängern", "de") == "de"


def test_a_keyboard_row_with_one_known_3_gram_of_two_is_not_a_word(tmp_path):
    # "asdf" shares "asd" with a known word and only that: it was read as a word, the
    # classifier's "affirm" 0.83 stood, and it cancelled an appointment when asked to confirm
    component = train_and_load(UnfamiliarWordsFallback, tmp_path, [
        Message.build("Lasd mich den Termin absagen", intent="cancel_appointment"),
        Message.build("Hallo", intent="greet")])
    assert classify(component, "asdf")[0] == "nlu_fallback"
    assert classify(component, "absagn")[0] == "greet"  # a typo keeps most of its 3-grams


def test_a_typo_is_never_forgiven_to_a_sure_out_of_scope(tmp_path):
    # "xkq wrr pfff blorp" read as out_of_scope 0.8, each word one letter from a training word:
    # "I only answer questions about …" instead of asking to say it in words, and the message
    # was missing from the review queue
    component = trained(tmp_path)
    sure = Message.build("ihc")
    sure.set("intent", {"name": "out_of_scope", "confidence": 0.9})
    [sure] = component.process([sure])
    assert sure.get("intent")["name"] == "nlu_fallback"
