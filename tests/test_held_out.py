"""Held-out data stays held out: no example of tests/nlu/, of the blind set tests/nlu_blind/ or
of its predecessor tests/nlu_seen/ (any language) and no citizen turn of the conversation tests
is also a training example, up to case, punctuation and accents."""

import yaml

# the same folding and reading as the trainers' review queue (scripts/review_apply.py)
from lotse_common.training_data import TURN_MIN_WORDS, examples, folded
from tests.conftest import PROJECT_DIR

TRAINING = {folded(e) for path in (PROJECT_DIR / "data" / "nlu").glob("*/*.yml")
            for e in examples(path)}
HELD_OUT = sorted([*(PROJECT_DIR / "tests" / "nlu").glob("*.yml"),
                   *(PROJECT_DIR / "tests" / "nlu_seen").glob("*.yml"),
                   *(PROJECT_DIR / "tests" / "nlu_blind").glob("*.yml")])


def test_no_held_out_example_is_trained_on():
    leaked = [e for path in HELD_OUT for e in examples(path) if folded(e) in TRAINING]
    assert not leaked, leaked


def test_no_longer_conversation_turn_is_trained_on():
    # short answers to a form ("the second one", "next week in the morning") are the form's
    # vocabulary; a question of a conversation test must not be a training example
    turns = [turn["user"]
             for path in (PROJECT_DIR / "tests" / "integration" / "conversations").glob("*.yml")
             for conversation in yaml.safe_load(path.read_text("utf-8"))["conversations"]
             for turn in conversation["turns"]]
    leaked = [t for t in turns if len(t.split()) >= TURN_MIN_WORDS and folded(t) in TRAINING]
    assert not leaked, leaked


def near_copies(held_out, training, min_words, min_ratio):
    """Pairs (held-out, training) of sentences of min_words or more that differ in a word or
    two only (difflib ratio ≥ min_ratio): a held-out sentence reworded slightly into the
    training data measures memory, not understanding. (Short formulas such as "vielen Dank
    für die schnelle Hilfe" are alike in any two data sets: they are left out.)"""
    from collections import Counter, defaultdict
    from difflib import SequenceMatcher

    index = defaultdict(list)
    for number, sentence in enumerate(training):
        for word in set(sentence.split()):
            index[word].append(number)
    found = []
    for sentence in held_out:
        words = set(sentence.split())
        if len(words) < min_words:
            continue
        shared = Counter(n for w in words for n in index.get(w, ()))
        for number, count in shared.items():
            # a ratio of 0.8 is impossible with fewer than half of the words in common; the
            # lengths' and characters' bounds of the ratio before the ratio itself (slow)
            other = training[number]
            if count < len(words) / 2 or (
                    2 * min(len(sentence), len(other)) < min_ratio * (len(sentence) + len(other))):
                continue
            matcher = SequenceMatcher(None, sentence, other)
            if matcher.quick_ratio() >= min_ratio and matcher.ratio() >= min_ratio:
                found.append((sentence, other))
    return found


def test_no_held_out_example_is_reworded_into_the_training_data():
    assert near_copies(["wie lange dauert die verlaengerung meines aufenthaltstitels"],
                       ["wie lange dauert die verlaengerung des aufenthaltstitels"], 6, 0.85)
    held_out = [folded(e) for path in HELD_OUT for e in examples(path)]
    leaked = near_copies(held_out, sorted(TRAINING), min_words=6, min_ratio=0.85)
    assert not leaked, leaked
