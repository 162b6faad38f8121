from lotse_common.language import conversation_language, detected_language
from tests.conftest import user_event


def test_a_new_conversation_is_in_german():
    assert conversation_language([]) == "de"


def test_the_language_follows_what_the_citizen_writes():
    events = [user_event("Hallo", "de"), user_event("I need an appointment", "en")]
    assert conversation_language(events) == "en"


def test_short_undetected_messages_keep_the_language():
    events = [user_event("I need an appointment", "en"), user_event("ok", None)]
    assert conversation_language(events) == "en"


def test_an_explicit_choice_wins_until_the_citizen_writes_another_language():
    choice = {"event": "slot", "name": "language", "value": "tr"}
    assert conversation_language([user_event("Hallo", "de"), choice]) == "tr"
    assert conversation_language([choice, user_event("yes", None)]) == "tr"
    assert conversation_language([choice, user_event("Wie lange dauert das?", "de")]) == "de"


def test_a_cleared_slot_does_not_reset_the_language():
    events = [user_event("Hello there", "en"), {"event": "slot", "name": "language", "value": None}]
    assert conversation_language(events) == "en"


def test_answers_to_a_form_question_do_not_switch_the_language():
    events = [
        user_event("Ich brauche einen Termin", "de"),
        {"event": "slot", "name": "requested_slot", "value": "contact_name"},
        user_event("Ali Yılmaz", "tr"),
        {"event": "slot", "name": "requested_slot", "value": None},
    ]
    assert conversation_language(events) == "de"
    assert (
        conversation_language([*events, user_event("Oturma iznimi uzatmak istiyorum", "tr")])
        == "tr"
    )


def test_a_question_in_another_language_while_a_form_waits_switches_the_language():
    asking = [
        user_event("I need an appointment", "en"),
        {"event": "slot", "name": "requested_slot", "value": "expiry_date"},
    ]
    question = user_event("مرحبا، ما هي ساعات العمل لديكم؟", "ar", intent="office_hours")
    assert conversation_language([*asking, question]) == "ar"
    # an answer stays an answer, also when read as something else: a name, a short reply
    for answer in (user_event("Ayşe Nur Yılmaz", "tr", intent="inform"),
                   user_event("Ayşe Nur Yılmaz", "tr", intent="greet"),
                   user_event("evet, doğru", "tr", intent="affirm")):
        assert conversation_language([*asking, answer]) == "en"


def test_a_sentence_not_understood_keeps_its_language():
    # an angry Turkish first message the classifier could not place was answered in German
    def fallback(text, code):
        return {"text": text, "intent": {"name": "nlu_fallback"}, "language": {"code": code}}

    assert detected_language(fallback("3 aydır kartımı bekliyorum, rezalet!", "tr")) == "tr"
    assert detected_language(fallback("انتو فاشلين، من شهور عم استنى البطاقة", "ar")) == "ar"


def test_a_message_for_the_staff_in_another_language_does_not_switch_the_language():
    events = [
        user_event("Randevumu iptal etmek istiyorum", "tr"),
        {"event": "slot", "name": "requested_slot", "value": "contact_message"},
        user_event("Ich möchte meinen Termin am Montag bitte verschieben", "de",
                   intent="book_appointment"),
    ]
    assert conversation_language(events) == "tr"


def test_the_free_text_slots_are_slots_of_the_domains_forms(domain_dict):
    from lotse_common.language import FREE_TEXT_SLOTS

    asked = {slot for form in domain_dict["forms"].values() for slot in form["required_slots"]}
    assert FREE_TEXT_SLOTS <= asked


def test_a_name_without_a_form_does_not_switch_the_language():
    # a playtest: "Hallo", then "Mehmet Yilmaz" was answered in Turkish
    name = user_event("Mehmet Yilmaz", "tr", intent="inform")
    assert conversation_language([user_event("Hallo", "de"), name]) == "de"
    arabic = user_event("من سوريا", "ar", intent="inform")  # the script says the language
    assert conversation_language([user_event("Hallo", "de"), arabic]) == "ar"


def test_a_first_unsure_message_starts_the_conversation_in_its_likely_language():
    first = user_event("vivo en Oberdorf, me corresponde ir con ustedes?", None)
    first["parse_data"]["language"]["likely"] = "es"
    assert conversation_language([first]) == "es"
    # later, an unsure message does not switch a conversation that has its language
    later = user_event("moro em Oberdorf", None)
    later["parse_data"]["language"]["likely"] = "pt"
    assert conversation_language([user_event("Hallo, ich brauche Hilfe", "de"), later]) == "de"


def test_a_short_thanks_in_english_keeps_the_conversations_language():
    # Hinglish chats end in "thank you": the answer stays in Hindi, not English
    events = [user_event("residence permit renew karne me kitna kharcha hai?", "hi")]
    thanks = user_event("thank you", "en")
    thanks["parse_data"]["intent"] = {"name": "thank_you", "confidence": 0.97}
    assert conversation_language([*events, thanks]) == "hi"
    # a first "thank you" still starts the conversation in English
    assert conversation_language([thanks]) == "en"


def test_a_message_nearly_as_likely_in_the_conversations_language_keeps_it():
    # "bamfa nasil ulasirim peki": Croatian first for lingua, Turkish close behind
    turkish = [user_event("selam, iltica başvurum ne durumda?", "tr")]
    unsure = user_event("bamfa nasil ulasirim peki", "hr")
    unsure["parse_data"]["language"]["runner_up"] = "tr"
    assert conversation_language([*turkish, unsure]) == "tr"
    # a German conversation is not kept by a Turkish second place: the message is Croatian
    assert conversation_language([user_event("Hallo", "de"), unsure]) == "hr"


def test_a_message_with_words_of_the_conversations_romanised_language_keeps_it():
    # "5 hafte?? too in modat age raeisam madrak bekhad chi neshoon bedam?" in a Persian chat
    # was read as German and answered in German
    persian = [user_event("سلام، کارت اقامتمو گم کردم", "fa")]
    fingilish = user_event("5 hafte?? too in modat chi neshoon bedam?", "de")
    fingilish["parse_data"]["language"]["romanised"] = "fa"
    assert conversation_language([*persian, fingilish]) == "fa"
    assert conversation_language([user_event("Hallo", "de"), fingilish]) == "de"
