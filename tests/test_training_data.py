"""Every intent block of the training data says its language, as the README's "For NLU
trainers" asks: the tokenizer stems a training example in the language its block declares
(lotse/nlu/stemming.py) and the language detector learns its phrases from it, so a block
without it trains German words unstemmed while a live German message is stemmed."""

from lotse_common.training_data import intent_blocks
from tests.conftest import PROJECT_DIR


def test_every_intent_block_declares_the_language_of_its_folder():
    wrong = [(path.relative_to(PROJECT_DIR).as_posix(), intent, language)
             for path in sorted((PROJECT_DIR / "data" / "nlu").glob("*/*.yml"))
             for intent, language, _ in intent_blocks(path)
             if language != path.parent.name]
    assert not wrong, wrong[:20]
