from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from lotse.nlu.stemming import StemmingTokenizer


def stems(tmp_path, text, detected=None, trained_as=None):
    tokenizer = StemmingTokenizer.create(
        StemmingTokenizer.get_default_config(), LocalModelStorage(tmp_path),
        Resource("tokenizer"), ExecutionContext(GraphSchema({}), "test"))
    message = Message.build(text)
    if detected:
        message.set("language", {"code": detected})
    if trained_as:
        message.set("metadata", {"intent": {"language": trained_as}})
    return [(t.text, t.lemma) for t in tokenizer.tokenize(message, "text")]


def test_word_forms_of_a_language_share_one_stem(tmp_path):
    # the training data says "verlängern", a citizen writes "Verlängerung" or "verlangern"
    german = stems(tmp_path, "Verlängerungen verlängern", detected="de")
    assert german[0][1] == stems(tmp_path, "Verlängerung", trained_as="de")[0][1]
    assert [text for text, _ in german] == ["Verlängerungen", "verlängern"]  # text kept
    english = stems(tmp_path, "renewing renewal", detected="en")
    assert english[0][1] == english[1][1]


def test_without_a_language_latin_words_stay_as_written_other_scripts_follow_the_script(tmp_path):
    assert stems(tmp_path, "Termine Terminen") == [("Termine", "termine"), ("Terminen", "terminen")]
    ukrainian = stems(tmp_path, "продовження продовжити")
    assert ukrainian[0][1] != "продовження"


def test_persian_typed_on_an_arabic_keyboard_or_without_half_space_reads_the_same(tmp_path):
    persian = stems(tmp_path, "می\u200cخواهم كارت ۲۴", detected="fa")
    arabic_keyboard = stems(tmp_path, "ميخواهم کارت 24", detected="fa")
    assert persian == arabic_keyboard
    # without a detected language the Persian letters choose Persian, not Arabic, stems
    assert stems(tmp_path, "اقامتم را تمدید کنم") == stems(
        tmp_path, "اقامتم را تمدید کنم", detected="fa")


def test_chinese_is_cut_into_characters_and_traditional_reads_as_simplified(tmp_path):
    # Rasa's whitespace tokenizer took Chinese characters for emoji and dropped the clause
    tokens = [text for text, _ in stems(tmp_path, "可以改語言嗎 Blue Card機會卡", detected="zh")]
    assert tokens == ["可", "以", "改", "语", "言", "吗", "Blue", "Card", "机", "会", "卡"]
    assert stems(tmp_path, "機會卡", detected="zh") == stems(tmp_path, "机会卡", trained_as="zh")
