"""Several questions in one message are each recognised; in a story the question decides."""

import pytest

from lotse.nlu.classifier import RegularisedLogisticRegressionClassifier
from lotse.nlu.questions import REFERS_BACK, parts
from tests.lotse.nlu.conftest import train_and_load
from tests.lotse.nlu.test_classifier import EXAMPLES, featurized


@pytest.fixture
def classify(tmp_path):
    data, featurize = featurized(tmp_path / "features")
    config = {**RegularisedLogisticRegressionClassifier.get_default_config(), "C": 10,
              "not_questions": ["book_appointment"]}
    (tmp_path / "model").mkdir()
    classifier = train_and_load(RegularisedLogisticRegressionClassifier, tmp_path / "model",
                                data.training_examples, config)

    def run(text):
        [message] = classifier.process(featurize([text]))
        return message

    return run


def test_two_questions_are_both_recognised_in_the_order_asked(classify):
    message = classify("Wann habt ihr geöffnet? Wie kann ich den Aufenthaltstitel verlängern?")
    assert message.get("questions") == ["opening_hours", "extend_permit"]
    assert message.get("intent")["name"] == "opening_hours"
    # the other question is asked too, not a rival that would make the message ambiguous
    assert "extend_permit" not in [r["name"] for r in message.get("intent_ranking")[1:]]


def test_questions_joined_by_and_are_split(classify):
    message = classify("When are you open and how do I extend my residence permit?")
    assert message.get("questions") == ["opening_hours", "extend_permit"]


def test_in_a_story_the_question_decides_not_incidental_words(classify):
    story = ("Mein Chef sagt, ich brauche einen Termin, einen Termin, einen Termin. "
             "Wie kann ich meinen Aufenthaltstitel verlängern?")
    message = classify(story)
    assert message.get("intent")["name"] == "extend_permit"
    assert message.get("questions") is None


def test_a_single_question_is_left_alone(classify):
    message = classify("Ich möchte meinen Aufenthaltstitel verlängern")
    assert message.get("questions") is None
    assert message.get("intent")["name"] == "extend_permit"


def test_parts_of_a_message():
    text = "Was kostet das und wie lange dauert es? Ich wohne in Berlin und arbeite dort."
    found = [(text[a:b].strip(), question) for a, b, question in parts(text)]
    assert found == [("Was kostet das", True), ("und wie lange dauert es?", True),
                     ("Ich wohne in Berlin und arbeite dort.", False)]
    assert [q for *_, q in parts("Kann ich reisen؟ كم الرسوم؟")] == [True, True]
    # spoken Arabic asks with its own words: Levantine "ايمتى" (when), Egyptian "فين" (where)
    assert [q for *_, q in parts("ايمتى بتفتحوا ووين مكانكم؟")] == [True, True]
    assert [q for *_, q in parts("امتى الدوام وفين المكتب؟")] == [True, True]


def test_two_questions_are_cut_in_russian_persian_french_and_spanish():
    def questions(text):
        return [text[a:b].strip() for a, b, question in parts(text) if question]

    assert questions("Сколько стоит продление и когда будет готово?") == [
        "Сколько стоит продление", "и когда будет готово?"]
    assert len(questions("skolko stoit termin i gde vy nahodites?")) == 2
    # a half-space inside a word ("هزینه‌اش") does not hide the question word after it
    assert len(questions("مدارک لازم کدومه و هزینه‌اش چقدر است؟")) == 2
    assert len(questions("le rdv c'est quand? et ça coûte combien")) == 2
    assert len(questions("Cómo renuevo la residencia y cuánto cuesta?")) == 2
    # English "I" is no Russian "i"
    assert len(questions("Hello, what can I do if I lost my card?")) == 1


def test_what_does_that_mean_in_hindi_refers_back_to_the_story():
    # "… association agreement … iska kya matlab hai?" asks about the matter just told
    assert REFERS_BACK.search("iska kya matlab hai?")
    assert REFERS_BACK.search("इसके लिए क्या करना होगा?")
    assert not REFERS_BACK.search("iskandar ka visa kab tak hai?")
    # "Mein Mann ist verstorben. … Was passiert jetzt?" asks what the story means
    assert REFERS_BACK.search("Was passiert jetzt?")
    # "я потерял работу. что будет?": a bare "what will happen?" too, not one about a thing
    assert REFERS_BACK.search("что будет?") and REFERS_BACK.search("ne olacak?")
    assert not REFERS_BACK.search("что будет с моим ВНЖ?")


def test_two_questions_are_cut_in_chinese_hinglish_croatian_and_albanian():
    def found(text):
        return [(text[a:b].strip(" ，,"), question) for a, b, question in parts(text)]

    # Chinese clauses after a comma, each with its question word
    assert found("你们几点上班，地址在哪") == [("你们几点上班", True), ("地址在哪", True)]
    assert found("谢谢，你们电话多少") == [("谢谢", False), ("你们电话多少", True)]
    # Hinglish "kahan?" with its question mark ends the second question
    assert len(found("office ka timing kya hai aur aap ho kahan?")) == 2
    # "koje …", Gheg "qfare …" start a question as "kako" and "çfarë" do
    assert [q for *_, q in parts("koje vam je radno vrijeme i gdje se nalazite?")] == [True, True]
    assert [q for *_, q in parts("qfare orari keni dhe ku jeni?")] == [True, True]
    # Romanian "am" (I have) tells; English "am I …" asks
    text = "am cartea albastra de doi ani, cand pot sa cer sederea permanenta?"
    assert [q for *_, q in parts(text)] == [False, True]
    assert [q for *_, q in parts("am I allowed to travel with it")] == [True]


def test_who_marks_questions_marks_them_all():
    # "When I got home …." is told; without any "?" a question may end in a full stop
    text = "When I got home, my wallet was gone. What do I do about my residence card?"
    assert [q for *_, q in parts(text)] == [False, True]
    assert [q for *_, q in parts("Wann habt ihr offen. Danke")] == [True, False]


def test_a_statement_before_the_question_is_no_question():
    text = "I need to renew my Aufenthaltstitel, what documents do I need?"
    found = [(text[a:b].strip(" ,"), question) for a, b, question in parts(text)]
    assert found == [("I need to renew my Aufenthaltstitel", False),
                     ("what documents do I need?", True)]
    # Turkish asks in the middle of the sentence
    assert [q for *_, q in parts("Uzatma ne kadar tutar ve hangi belgeler lazım?")] == [True, True]
    assert [q for *_, q in parts("Türkiye'ye gidebilir miyim ve cumartesi açık mısınız?")] == [
        True, True]


SETTLEMENT = {
    "settlement_permit": ["Wann bekomme ich die Niederlassungserlaubnis?",
                          "Niederlassungserlaubnis beantragen", "unbefristeter Aufenthalt wann",
                          "Wie bekomme ich eine Niederlassungserlaubnis?"],
    "settlement_refugee": ["Niederlassungserlaubnis für anerkannte Flüchtlinge",
                           "Ich bin als Flüchtling anerkannt, bekomme ich einen "
                           "unbefristeten Titel?",
                           "Flüchtling seit fünf Jahren anerkannt, Niederlassung",
                           "anerkannter Flüchtling Niederlassungserlaubnis nach drei Jahren"],
    "opening_hours": ["Wann habt ihr geöffnet?", "Öffnungszeiten", "Wann seid ihr offen?"],
}


def trained_intent(tmp_path, text, examples=SETTLEMENT, **config):
    """The intent a classifier trained on the examples with these settings gives the text."""
    data, featurize = featurized(tmp_path / "features", examples)
    config = {**RegularisedLogisticRegressionClassifier.get_default_config(), "C": 10, **config}
    (tmp_path / "model").mkdir()
    classifier = train_and_load(RegularisedLogisticRegressionClassifier, tmp_path / "model",
                                data.training_examples, config)
    [message] = classifier.process(featurize([text]))
    return message.get("intent")["name"]


@pytest.mark.parametrize("finer, expected", [
    ({}, "settlement_permit"),  # without the setting the question alone decides
    ({"settlement_permit": ["settlement_refugee"]}, "settlement_refugee"),
])
def test_a_story_keeps_the_finer_topic_its_question_alone_lacks(tmp_path, finer, expected):
    text = ("Ich bin seit 2020 als Flüchtling anerkannt und arbeite. "
            "Wann bekomme ich die Niederlassungserlaubnis?")
    assert trained_intent(tmp_path, text, finer_topics=finer) == expected


@pytest.mark.parametrize("bar, expected", [
    (0.0, "settlement_permit"),  # any question decides, however vague
    (0.8, "settlement_refugee"),  # a question below the bar leaves the surer whole message
])
def test_a_vague_story_question_does_not_override_a_surer_whole(tmp_path, bar, expected):
    text = ("Ich bin seit fünf Jahren als anerkannter Flüchtling hier, habe B1 und arbeite. "
            "Kann ich dann unbefristet bleiben?")
    assert trained_intent(tmp_path, text, story_question_confidence=bar) == expected


def test_a_vague_question_is_about_the_statement_before_it(tmp_path):
    """"What now?" after "I want to extend my permit" asks about the extension, also when the
    message's last question (opening hours) is about something else."""
    examples = {**EXAMPLES, "ask_capabilities": ["Was kannst du?", "Was nun?", "Was tun?",
                                                  "What can you do?", "Was machst du?"]}
    data, featurize = featurized(tmp_path / "features", examples)
    config = {**RegularisedLogisticRegressionClassifier.get_default_config(), "C": 10,
              "not_questions": ["ask_capabilities"]}
    (tmp_path / "model").mkdir()
    classifier = train_and_load(RegularisedLogisticRegressionClassifier, tmp_path / "model",
                                data.training_examples, config)
    [message] = classifier.process(featurize(
        ["Aufenthaltstitel verlängern. Was nun? Wann habt ihr geöffnet, wann seid ihr offen?"]))
    assert message.get("questions") == ["extend_permit", "opening_hours"]


DOCUMENTS = {
    "extend_permit": ["I need to renew my residence permit", "renew my permit",
                      "I need to extend my residence permit", "extension of my permit",
                      "my permit needs renewing", "I need to renew my permit soon",
                      "I need to renew my permit, what now?", "need to renew permit"],
    "required_documents": ["what documents do I need?", "which papers do I need to bring?",
                           "documents to bring"],
    "book_appointment": ["I need an appointment", "book an appointment for that"],
}


@pytest.mark.parametrize("text, config, expected", [
    # the question about the service's documents decides; the statement names the service
    ("I need to renew my residence permit, it needs renewing soon, what documents do I need?",
     {}, "extend_permit"),
    ("I need to renew my residence permit, it needs renewing soon, what documents do I need?",
     {"service_facts": ["required_documents"]}, "required_documents"),
])
def test_a_question_about_a_fact_of_the_service_the_statement_names_decides(
    tmp_path, text, config, expected
):
    assert trained_intent(tmp_path, text, DOCUMENTS, **config) == expected


REUNION = {
    "family_reunion": ["Ich bin über den Familiennachzug gekommen",
                       "Familiennachzug zu meinem Mann", "Ehegattennachzug Visum",
                       "Familienzusammenführung beantragen"],
    "spouse_independent": ["Mein Mann ist gestorben, darf ich bleiben?",
                           "Wir haben uns getrennt, was wird aus meinem Aufenthalt?",
                           "Scheidung eigenes Aufenthaltsrecht",
                           "mein Mann ist gestorben und ich kam über den Familiennachzug"],
    "book_appointment": ["Kann ich einen Termin bekommen?", "Termin machen", "Ich brauche einen "
                         "Termin", "Termin vereinbaren bitte"],
}


@pytest.mark.parametrize("config, expected", [
    ({}, "book_appointment"),  # without the setting the booking question alone decides
    ({"requests": ["book_appointment"]}, "spouse_independent"),
])
def test_an_appointment_asked_after_a_story_is_for_the_matter_told(tmp_path, config, expected):
    # the death decides the kind of matter, not the family reunion she once came by
    text = "Mein Mann ist gestorben, ich bin über den Familiennachzug gekommen. Kann ich einen " \
           "Termin bekommen?"
    assert trained_intent(tmp_path, text, REUNION, **config,
                          finer_topics={"family_reunion": ["spouse_independent"]}) == expected


ADAPTATION = {
    "recognition_measures": ["she has to do an adaptation course for her recognition",
                             "partial recognition, adaptation course", "adaptation measure",
                             "my degree is only partly recognised, I need a qualification course"],
    "visa_extension": ["can I get a visa?", "can she get a visa", "extend my visa",
                       "can my mother get a longer visa?"],
}


def test_a_question_about_what_was_just_told_is_about_that_matter(tmp_path):
    # "for that": the adaptation course told before, not the topic "visa" alone reads as
    text = "My wife's degree is only partly recognised, she has to do an adaptation course. " \
           "Can she get a visa for that?"
    assert trained_intent(tmp_path, text, ADAPTATION) == "recognition_measures"
    assert [p for p in ("Can he stay for that training?", "Was brauche ich dafür?")
            if REFERS_BACK.search(p)] == ["Was brauche ich dafür?"]
