"""Held-out data stays held out: no example of tests/nlu/ (any language) and no citizen turn
of the conversation tests is also a training example, up to case, punctuation and accents."""

import re
import unicodedata

import yaml

from tests.conftest import PROJECT_DIR

ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}")


def folded(text: str) -> str:
    text = re.sub(r"[^\w]+", " ", ANNOTATION.sub(lambda m: m[1] or m[2], text).lower()).strip()
    text = unicodedata.normalize("NFKD", text).replace("ı", "i")
    return "".join(c for c in text if not unicodedata.combining(c))


def examples(path):
    for block in yaml.safe_load(path.read_text("utf-8")).get("nlu") or []:
        for line in (block.get("examples") or "").splitlines():
            if line.strip().startswith("- "):
                yield line.strip()[2:]


TRAINING = {folded(e) for path in (PROJECT_DIR / "data" / "nlu").glob("*/*.yml")
            for e in examples(path)}


def test_no_held_out_example_is_trained_on():
    leaked = [e for path in sorted((PROJECT_DIR / "tests" / "nlu").glob("*.yml"))
              for e in examples(path) if folded(e) in TRAINING]
    assert not leaked, leaked


def test_no_longer_conversation_turn_is_trained_on():
    # short answers to a form ("the second one", "next week in the morning") are the form's
    # vocabulary; a question of a conversation test must not be a training example
    turns = [turn["user"]
             for path in (PROJECT_DIR / "tests" / "integration" / "conversations").glob("*.yml")
             for conversation in yaml.safe_load(path.read_text("utf-8"))["conversations"]
             for turn in conversation["turns"]]
    leaked = [t for t in turns if len(t.split()) >= 5 and folded(t) in TRAINING]
    assert not leaked, leaked
