"""How NLU training sentences are read and compared: the examples of a Rasa NLU YAML file, the
citizen turns of the multi-turn conversation tests, and the folded form under which two
sentences count as the same (case, punctuation, accents and entity annotations ignored).

Used by the held-out check (tests/test_held_out.py) and the trainers' review queue
(scripts/review.py, scripts/review_apply.py), so that what the check refuses and what the
review refuses are the same sentences. Plain YAML, no Rasa: readable without the model."""

import re
import unicodedata
from pathlib import Path
from typing import Any, Iterable, Iterator, List, Tuple

import yaml

# [Indien]{"entity": "country", "value": "IN"} and [Indien](country) -> Indien
ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}")
# conversation-test turns shorter than this are a form's vocabulary ("the second one",
# "next week in the morning") and may also be training examples
TURN_MIN_WORDS = 5
# libyaml where installed: the training data is a few MB of YAML
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader


def folded(text: str) -> str:
    """The sentence as compared: lower case, words only, no accents, annotations resolved."""
    text = re.sub(r"[^\w]+", " ", ANNOTATION.sub(lambda m: m[1] or m[2], text).lower()).strip()
    text = unicodedata.normalize("NFKD", text).replace("ı", "i")
    return "".join(c for c in text if not unicodedata.combining(c))


def block_examples(examples: Any) -> List[str]:
    """The sentences of one block's `examples`: a `|` text of `- ` lines, or a list of
    `{text: ...}` entries (or plain strings)."""
    if isinstance(examples, str):
        return [line.strip()[2:].strip() for line in examples.splitlines()
                if line.strip().startswith("- ")]
    if isinstance(examples, list):
        found = [item.get("text") if isinstance(item, dict) else item for item in examples]
        return [str(text).strip() for text in found if text is not None and str(text).strip()]
    return []


def intent_blocks(path: Path) -> List[Tuple[str, str | None, List[str]]]:
    """(intent, metadata language or None, sentences) for each intent block of an NLU file."""
    return parsed_blocks(path.read_text("utf-8"))


def parsed_blocks(text: str) -> List[Tuple[str, str | None, List[str]]]:
    """intent_blocks of an NLU file's text."""
    return list(_blocks(load_yaml(text) or {}))


def _blocks(content: Any) -> Iterator[Tuple[str, str | None, List[str]]]:
    for block in (content.get("nlu") if isinstance(content, dict) else None) or []:
        if isinstance(block, dict) and block.get("intent"):
            metadata = block.get("metadata") if isinstance(block.get("metadata"), dict) else {}
            yield str(block["intent"]), metadata.get("language"), block_examples(
                block.get("examples"))


def examples(path: Path) -> Iterator[str]:
    """Every example of an NLU file as written: of its intents, and of its lookup tables,
    synonyms and regexes (words the model learns too)."""
    for block in (load_yaml(path.read_text("utf-8")) or {}).get("nlu") or []:
        if isinstance(block, dict):
            yield from block_examples(block.get("examples"))


def conversation_turns(paths: Iterable[Path]) -> Iterator[str]:
    """The citizens' messages of the multi-turn conversation files
    (tests/integration/conversations/<lang>.yml)."""
    for path in paths:
        for conversation in (load_yaml(path.read_text("utf-8")) or {}).get(
                "conversations") or []:
            for turn in conversation.get("turns") or []:
                if isinstance(turn, dict) and isinstance(turn.get("user"), str):
                    yield turn["user"]
