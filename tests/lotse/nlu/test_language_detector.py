import pytest
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.nlu.training_data.message import Message

from lotse.nlu.language_detector import LanguageDetector
from tests.conftest import PROJECT_DIR
from tests.lotse.nlu.conftest import train_and_load


def example(text: str, language: str) -> Message:
    return Message.build(text, intent="greet", intent_metadata={"language": language})


@pytest.fixture
def trained(tmp_path):
    examples = [
        example("Hallo", "de"),
        example("Guten Tag", "de"),
        example("ok", "de"),
        example("Hello", "en"),
        example("ok", "en"),
        example("Merhaba", "tr"),
    ]
    return train_and_load(LanguageDetector, tmp_path, examples)


def detect(detector, text):
    [message] = detector.process([Message.build(text)])
    return message.get("language")


def test_short_greetings_from_the_training_data_are_recognised(trained):
    assert detect(trained, "Hello!")["code"] == "en"
    assert detect(trained, "hallo")["code"] == "de"
    assert detect(trained, "MERHABA")["code"] == "tr"


def test_longer_messages_are_detected_by_the_statistical_model(trained):
    assert detect(trained, "Ich möchte meinen Aufenthaltstitel verlängern")["code"] == "de"
    assert detect(trained, "I would like to extend my residence permit")["code"] == "en"
    assert detect(trained, "Oturma iznimi uzatmak istiyorum")["code"] == "tr"


def test_ambiguous_and_short_messages_carry_no_language(trained):
    # "ok" occurs in two languages of the training data; "jo" is too short to tell
    assert detect(trained, "ok")["code"] is None
    assert detect(trained, "jo")["code"] is None


def test_languages_outside_the_training_data_are_never_reported(trained):
    result = detect(trained, "Je voudrais prolonger mon titre de séjour, s'il vous plaît")
    assert result["code"] in {None, "de", "en", "tr"}


def test_phrases_of_another_language_in_a_languages_data_are_not_learned(tmp_path):
    # German office terms occur inside other languages' examples, as citizens write them
    detector = train_and_load(LanguageDetector, tmp_path, [
        example("Hallo", "de"), example("Termin für die Verlängerung", "de"),
        example("Verlängerung beantragen", "de"), example("ich brauche einen Termin", "de"),
        example("termin verlängerung", "uk"), example("Привіт", "uk"),
    ])
    assert detect(detector, "termin verlängerung")["code"] == "de"
    assert detect(detector, "Integrationskurs записатися як")["code"] == "uk"


@pytest.fixture
def recognising(tmp_path):
    config = {**LanguageDetector.get_default_config(), "recognised_languages": ["fr", "ru", "es"]}
    examples = [example("Hallo", "de"), example("Hello", "en"), example("Привіт", "uk")]
    return train_and_load(LanguageDetector, tmp_path, examples, config)


def test_a_clear_message_in_a_recognised_but_unsupported_language_is_flagged(recognising):
    french = detect(recognising, "Bonjour, je voudrais prolonger mon titre de séjour")
    assert french["code"] is None and french["unsupported"] == "fr"
    russian = detect(recognising, "Здравствуйте, я хочу продлить вид на жительство")
    assert russian["unsupported"] == "ru"


def test_supported_languages_and_short_messages_are_not_flagged(recognising):
    german = detect(recognising, "Ich möchte meinen Aufenthaltstitel verlängern bitte")
    assert german["code"] == "de" and "unsupported" not in german
    ukrainian = detect(recognising, "Я хочу продовжити посвідку на проживання")
    assert ukrainian["code"] == "uk"
    assert "unsupported" not in detect(recognising, "merci")  # one word decides nothing


def test_a_german_term_inside_an_english_question_does_not_make_it_german(tmp_path):
    detector = train_and_load(LanguageDetector, tmp_path, [
        example("Aufenthaltstitel verlängern", "de"), example("Hallo", "de"),
        example("Ich brauche einen neuen Aufenthaltstitel", "de"),
        example("how do I extend my Aufenthaltstitel", "en"), example("Hello", "en"),
    ])
    english = "I need to renew my Aufenthaltstitel, what documents do I need?"
    assert detect(detector, english)["code"] == "en"
    # a German sentence stays German without its office terms
    assert detect(detector, "Ich muss meinen Aufenthaltstitel verlängern lassen")["code"] == "de"
    # however often each language's examples use the term ("kindergeld" more in English ones)
    (tmp_path / "more").mkdir()
    detector = train_and_load(LanguageDetector, tmp_path / "more", [
        example("wo bekomme ich kindergeld", "de"), example("Hallo", "de"),
        example("kindergeld for my son", "en"), example("kindergeld payment late", "en"),
        example("is kindergeld your job", "en"), example("Hello", "en"),
    ])
    assert detect(detector, "and where do i get kindergeld?")["code"] == "en"


def test_persian_and_russian_in_latin_letters_are_read_as_persian_and_russian(tmp_path):
    detector = train_and_load(LanguageDetector, tmp_path, [
        example("Hallo", "de"), example("ich brauche einen Termin", "de"),
        example("merhaba termin almak istiyorum", "tr"), example("salam", "tr"),
        example("I need an appointment", "en"),
        # mostly in their own script, some examples in Latin letters
        example("سلام وقت میخوام", "fa"), example("اقامتم رو چطوری تمدید کنم", "fa"),
        example("ترمین برای تمدید اقامت میخواستم", "fa"), example("salam termin mikham", "fa"),
        example("chetor eghamatamo tamdid konam", "fa"),
        example("привет нужен термин", "ru"), example("как продлить внж подскажите", "ru"),
        example("сколько стоит продление вида на жительство", "ru"),
        example("kak prodlit vnzh", "ru"),
        example("skolko stoit termin", "ru"),
    ])
    assert detect(detector, "salam, mikham eghamatamo tamdid konam")["code"] == "fa"
    assert detect(detector, "privet, kak prodlit vnzh?")["code"] == "ru"
    # words a Latin-script language also uses ("salam", "termin") decide nothing alone
    assert detect(detector, "salam termin")["code"] != "fa"
    assert detect(detector, "merhaba termin almak istiyorum")["code"] == "tr"


def test_a_clear_lead_decides_when_many_languages_share_the_confidence(tmp_path):
    languages = ["de", "en", "tr", "ar", "uk", "ru", "fa", "fr", "es"]
    detector = train_and_load(LanguageDetector, tmp_path, [
        example(f"hallo {code}", code) for code in languages])
    # a German place name in a Spanish question takes a share, the Spanish words lead
    spanish = detect(detector, "vivo en Oberdorf, me corresponde ir con ustedes?")
    assert spanish["code"] == "es"


def test_arabic_and_persian_are_told_apart_by_their_letters(tmp_path):
    detector = train_and_load(LanguageDetector, tmp_path, [
        example("مرحبا", "ar"), example("شو الاوراق المطلوبة", "ar"),
        example("طيب لوين بروح", "ar"), example("بدي موعد", "ar"),
        example("سلام", "fa"), example("چه مدارکی لازمه", "fa"), example("ممنون", "fa"),
        example("Hallo", "de")])
    assert detect(detector, "أين أجد المكتب؟ وما هي الأوراق المطلوبة")["code"] == "ar"
    assert detect(detector, "برای تمدید اقامت چه مدارکی لازم است؟")["code"] == "fa"
    # without a letter only one of them writes, the words of each one's examples decide: a
    # Levantine question lingua reads as Persian, a Persian "thanks" it reads as Arabic
    assert detect(detector, "طيب لوين لازم روح؟")["code"] == "ar"
    assert detect(detector, "ممنون، مرسي")["code"] == "fa"


def test_serbian_and_bosnian_are_read_as_croatian_in_both_scripts(tmp_path):
    """One model language for Croatian, Serbian and Bosnian: a Serbian writer is answered in
    Croatian, not sent to the language menu."""
    config = {**LanguageDetector.get_default_config(), "aliases": {"sr": "hr", "bs": "hr"},
              "recognised_languages": ["sr", "bs", "bg"]}
    detector = train_and_load(LanguageDetector, tmp_path, [
        example("Dobar dan", "hr"), example("Hallo", "de"), example("Hello", "en"),
        example("Здравствуйте", "ru")], config)
    for text in ("Здраво, треба ми продужење дозволе за боравак, шта да радим",
                 "Zdravo, trebam produžiti boravišnu dozvolu, šta trebam donijeti"):
        assert detect(detector, text)["code"] == "hr", text


def test_an_unsure_leader_confirmed_by_the_training_words_decides(tmp_path):
    """With many Romance languages lingua's confidences spread ("vivo en Oberdorf": Spanish
    0.30, Portuguese 0.17, German 0.15 for the place name): the words of the examples decide
    between the two likeliest, so the citizen is answered in Spanish, not in German."""
    detector = train_and_load(LanguageDetector, tmp_path, [
        example("hola, me corresponde ir con ustedes?", "es"), example("vivo en Madrid", "es"),
        example("olá, moro em Lisboa, é com vocês?", "pt"), example("Hallo", "de"),
        example("ciao, abito a Roma", "it"), example("buna ziua", "ro")])
    assert detect(detector, "vivo en Oberdorf, me corresponde ir con ustedes?")["code"] == "es"


def test_between_sister_languages_the_training_words_decide(tmp_path):
    """Portuguese typed without accents reads as Spanish to lingua (0.57 against 0.37): the
    citizen would be answered in Spanish. The words of the examples tell the sisters apart."""
    config = {**LanguageDetector.get_default_config(), "close_languages": [["es", "pt"]]}
    detector = train_and_load(LanguageDetector, tmp_path, [
        example("quero marcar um horario pra renovar o visto", "pt"),
        example("meu cartao de residencia ta pronto?", "pt"),
        example("quiero pedir una cita para renovar la residencia", "es"),
        example("mi tarjeta de residencia ya está lista?", "es"), example("Hallo", "de")],
        config)
    text = "quero marcar horario pra buscar meu cartao de residencia que ja ta pronto"
    assert detect(detector, text)["code"] == "pt"
    spanish = "quiero una cita para recoger mi tarjeta, ya está lista"
    assert detect(detector, spanish)["code"] == "es"


def test_turkish_typed_without_its_letters_is_turkish_not_croatian(tmp_path):
    """ "bamfa nasil ulasirim": Croatian with Serbian and Bosnian 0.47, Albanian and Turkish
    0.17 each to lingua; the first message was answered in Croatian. Turkish, third, is the
    configured sister: the words of the examples decide."""
    config = {**LanguageDetector.get_default_config(), "close_languages": [["hr", "tr"]],
              "aliases": {"sr": "hr", "bs": "hr"}}
    detector = train_and_load(LanguageDetector, tmp_path, [
        example("oturum iznimi nasil uzatirim", "tr"), example("randevuya nasil ulasirim", "tr"),
        example("kako mogu produžiti boravak", "hr"), example("gdje je ured za strance", "hr"),
        example("si mund ta zgjas lejen", "sq"), example("Hallo", "de")], config)
    assert detect(detector, "bamfa nasil ulasirim")["code"] == "tr"
    assert detect(detector, "kako mogu doći do ureda")["code"] == "hr"


def test_words_sister_languages_share_still_tell_the_language_around_a_german_term(tmp_path):
    """ "quanto costa" is in the Italian and the Portuguese examples: only the German term is
    left out when the question is judged again, so it is answered in Italian, not German."""
    detector = train_and_load(LanguageDetector, tmp_path, [
        example("Fiktionsbescheinigung beantragen", "de"), example("Hallo", "de"),
        example("quanto costa la Fiktionsbescheinigung", "it"), example("mi serve aiuto", "it"),
        example("quanto costa a renovação", "pt"), example("serve o passaporte?", "pt")])
    text = "mi serve la fiktionsbescheinigung quanto costa"
    assert detect(detector, text)["code"] == "it"


def test_a_booking_reference_does_not_count_as_words_of_a_language(tmp_path):
    """ "sorry, mujhe appointment T-TMUR-QCPM cancel karna padega" is Hinglish: the letters of
    the reference are no English words that outnumber the Hindi ones."""
    detector = train_and_load(LanguageDetector, tmp_path, [
        # Hindi's examples mostly in Devanagari: its Latin-script words are romanised Hindi
        example("मुझे अपॉइंटमेंट रद्द करना है, कृपया मदद कीजिए", "hi"),
        example("मेरा निवास परमिट कब तक बन जाएगा, बताइए", "hi"),
        example("mujhe appointment cancel karna padega", "hi"),
        example("mujhe madad chahiye", "hi"),
        example("sorry, I need to cancel my appointment", "en"), example("Hallo", "de")])
    text = "sorry, mujhe appointment T-TMUR-QCPM cancel karna padega"
    assert detect(detector, text)["code"] == "hi"


def test_cyrillic_words_sister_languages_share_are_not_left_out(tmp_path):
    """Left without "отменить" and "запись" (in the Russian and the Ukrainian examples both),
    "ой извините, мне надо" reads as Bulgarian: the Russian citizen was answered so."""
    detector = train_and_load(LanguageDetector, tmp_path, [
        example("хочу отменить запись", "ru"), example("как продлить внж", "ru"),
        example("хочу отменить запись, бо не можу", "uk"),
        example("як продовжити посвідку", "uk"), example("искам да отменя часа", "bg"),
        *(example("Hallo", language) for language in (
            "de", "en", "tr", "ar", "fa", "fr", "es", "it", "pl", "pt", "ro", "hr", "sq",
            "vi", "zh", "hi"))],
        {**LanguageDetector.get_default_config(), "aliases": {"sr": "hr", "bs": "hr"}})
    text = "ой извините, мне надо отменить запись"
    assert detect(detector, text)["code"] == "ru"


def test_a_close_second_language_is_reported_with_the_first(tmp_path):
    """Turkish typed without its letters reads to lingua as Croatian (with Serbian and
    Bosnian) before Turkish: the Turkish second place lets a Turkish conversation stay in
    Turkish (lotse_common/language.py); a clear lead reports none."""
    config = {**LanguageDetector.get_default_config(), "aliases": {"sr": "hr", "bs": "hr"}}
    detector = train_and_load(LanguageDetector, tmp_path, [
        example("Merhaba", "tr"), example("Dobar dan", "hr"), example("Hallo", "de"),
        example("Hello", "en"), example("Përshëndetje", "sq")], config)
    unsure = detect(detector, "bamfa nasil ulasirim peki")
    assert (unsure["code"], unsure.get("runner_up")) == ("hr", "tr")
    clear = detect(detector, "Oturma iznimi uzatmak istiyorum, ne yapmam lazım?")
    assert clear["code"] == "tr" and "runner_up" not in clear


def test_arabic_in_latin_letters_with_digits_is_arabic(tmp_path):
    """ "ani 3indi i9ama hna w zawjti bil 3iraq" was answered in Albanian, "3ande i9ame badde
    ruh 3a lebnen" in Turkish: digits inside words stand for Arabic sounds (Arabizi)."""
    detector = train_and_load(LanguageDetector, tmp_path, [
        example("عندي إقامة وبدي جيب مرتي", "ar"), example("بدي موعد", "ar"),
        example("oturum iznimi uzatmak istiyorum", "tr"), example("dua te zgjas lejen", "sq"),
        example("Hallo", "de")])
    for text in ("ani 3indi i9ama hna w zawjti bil 3iraq, ariid ajibha",
                 "3ande i9ame w badde ruh 3a lebnen shahren, fiye?"):
        assert detect(detector, text)["code"] == "ar", text
    assert detect(detector, "ich brauche 2 termine am 3.12")["code"] != "ar"


def test_a_romanisation_short_of_words_is_reported_with_the_language_read(tmp_path):
    # too few of its words known to say Persian, and German to lingua: the Persian words are
    # named, so that a Persian conversation stays Persian (lotse_common.language)
    detector = train_and_load(LanguageDetector, tmp_path, [
        example("Hallo", "de"), example("ich brauche einen Termin", "de"),
        example("wie lange dauert das bitte", "de"), example("I need an appointment", "en"),
        example("سلام وقت میخوام", "fa"), example("chetor eghamatamo tamdid konam", "fa"),
        example("salam termin mikham", "fa"),
    ])
    mixed = detect(detector, "eghamatamo wie lange dauert das bitte, ich brauche einen Termin")
    assert (mixed["code"], mixed.get("romanised")) == ("de", "fa")
    assert "romanised" not in detect(detector, "wie lange dauert das bitte, ich brauche Hilfe")


def test_words_romanised_sisters_share_count_for_the_language_told(tmp_path):
    """ "Dobryi den. Shcho za bardak u vas, ya chekayu kartu vzhe 3 misyatsi" was answered in
    Croatian: "dobryi", "den", "ya" are in the romanised Russian examples too, and the
    Ukrainian words alone were too few of the message's. Once "shcho" tells Ukrainian, the
    shared words count for it; alone they tell nothing."""
    detector = train_and_load(LanguageDetector, tmp_path, [
        example("доброго дня, де моя карта?", "uk"), example("як продовжити посвідку", "uk"),
        example("dobryi den, shcho z moieiu kartoiu", "uk"),
        example("ya chekayu vzhe try misyatsi", "uk"),
        example("привет, где моя карта", "ru"), example("как продлить внж", "ru"),
        example("dobryi den, ya zhdu kartu", "ru"),
        example("dobar dan, gdje je moja karta za boravak", "hr"),
        example("kod vas sam predao zahtjev za kartu", "hr"),
        example("Hallo", "de"), example("I need an appointment", "en")])
    text = "Dobryi den. Shcho za bardak u vas, ya chekayu kartu vzhe 3 misyatsi"
    assert detect(detector, text)["code"] == "uk"
    assert detect(detector, "dobryi den, ya zhdu kartu")["code"] == "ru"
    assert detect(detector, "dobar dan, kod vas sam predao zahtjev za kartu")["code"] == "hr"


def test_vietnamese_typed_without_diacritics_starts_in_vietnamese_not_french(tmp_path):
    """ "toi muon dat lich hen gia han giay phep cu tru, tuan sau buoi sang" was answered in
    French: lingua, without the diacritics, ranks French and Romanian, not Vietnamese; the
    Vietnamese examples alone use these words."""
    detector = train_and_load(LanguageDetector, tmp_path, [
        example("tôi muốn đặt lịch hẹn gia hạn giấy phép cư trú", "vi"),
        example("toi muon dat lich hen tuan sau", "vi"),
        example("gia han giay phep cu tru can giay to gi", "vi"),
        example("buoi sang tuan sau duoc khong", "vi"),
        example("je voudrais un rendez-vous pour prolonger mon titre de séjour", "fr"),
        example("la semaine prochaine le matin", "fr"),
        *(example("Hallo", language) for language in (
            "de", "en", "tr", "ar", "uk", "ru", "fa", "es", "it", "pl", "pt", "ro", "hr", "sq",
            "bg", "zh", "hi"))],
        {**LanguageDetector.get_default_config(), "aliases": {"sr": "hr", "bs": "hr"}})
    found = detect(detector, "toi muon dat lich hen gia han giay phep cu tru, tuan sau buoi sang")
    assert "vi" in (found["code"], found.get("likely"))
    french = detect(detector, "je voudrais prolonger mon titre de séjour la semaine prochaine")
    assert french["code"] == "fr"


def test_a_country_or_nationality_named_does_not_switch_the_language(tmp_path):
    # "I'm from Romania" after "tell me your country" was answered in Romanian
    languages = ["de", "en", "tr", "ar", "uk", "ru", "fa", "fr", "es", "it", "pl", "pt", "ro",
                 "hr", "sq", "bg", "vi", "zh", "hi"]
    tables = [table for path in sorted((PROJECT_DIR / "data" / "nlu" / "lookups").glob("*.yml"))
              for table in RasaYAMLReader().read(path).lookup_tables]
    # the Romanian examples name their country, as real ones do: its name is Romanian-typical
    examples = [example(f"hallo {code}", code) for code in languages] + [
        example("sunt din romania si lucrez aici", "ro"), example("am venit din romania", "ro"),
        example("romanian si bulgarian la ghiseu", "ro")]
    detector = train_and_load(LanguageDetector, tmp_path, examples, lookup_tables=tables)
    for text in ["I'm from Romania", "I'm Bulgarian", "I'm Romanian"]:
        assert detect(detector, text)["code"] in ("en", None), text
    # the country's own language is still its language
    assert detect(detector, "Sunt din România și caut de lucru aici")["code"] == "ro"
    assert detect(detector, "Аз съм от България и търся работа тук")["code"] == "bg"
