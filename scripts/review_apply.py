"""`make review-apply`: merges the reviewed `review/<lang>.yml` (exported by `make review`,
edited by a trainer) into the training data: each line is appended to its intent's examples in
`data/nlu/<lang>/`, in the file that already holds that intent's block for the language (the
block with `metadata: {language: <lang>}`; of several, the largest), keeping the file's
comments and layout. `make train` then retrains, since the data changed.

Refused, with every reason listed and nothing written (exit 1):
- a line that is already a training example (duplicate), or is one of another intent, or
  stands under two intents in the review files (conflict) — compared folded: case,
  punctuation and accents ignored, as `rasa data validate` and tests/test_held_out.py see them;
- a line of the held-out test data (tests/nlu/*.yml) or a citizen turn of five words or more
  of the conversation tests (tests/integration/conversations/*.yml): tests must stay unseen;
- an intent that is not in domain.yml, or has no examples in that language yet;
- a button payload ("/intent"), a line of fewer than two letters, a review file of a language
  without training data.
Applied review files are deleted: the citizens' messages then live only in the training data.
"""

import argparse
import os
import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Set, Tuple

import yaml

from lotse_common.training_data import (
    TURN_MIN_WORDS,
    block_examples,
    conversation_turns,
    examples,
    folded,
    intent_blocks,
    parsed_blocks,
)

PAYLOAD = re.compile(r"^\s*/\w")
INTENT_LINE = re.compile(r"^- intent:\s*(\S+)\s*$")
EXAMPLES_KEY = re.compile(r"^(\s+)examples:\s*\|[-+]?\s*$")


@dataclass(frozen=True)
class Line:
    source: Path  # the review file
    language: str
    intent: str
    text: str

    def where(self) -> str:
        return f"{self.source} ({self.intent}): \"{self.text}\""


@dataclass(frozen=True)
class Block:
    path: Path  # the training file
    occurrence: int  # which block of this intent in the file (0: the first)
    size: int  # examples it holds


def review_lines(paths: List[Path], problems: List[str]) -> List[Line]:
    lines = []
    for path in paths:
        try:
            content = yaml.safe_load(path.read_text("utf-8")) or {}
        except yaml.YAMLError as error:
            problems.append(f"{path}: not valid YAML ({str(error).splitlines()[0]}): fix the "
                            "indentation of what was moved")
            continue
        for block in content.get("nlu") or []:
            if not isinstance(block, dict) or not block.get("intent"):
                problems.append(f"{path}: every block needs `- intent: <name>` and `examples:`")
                continue
            for text in block_examples(block.get("examples")):
                lines.append(Line(path, path.stem, str(block["intent"]), text))
    return lines


def training_blocks(data_dir: Path) -> Tuple[Dict[str, Set[Tuple[str, Path]]],
                                             Dict[Tuple[str, str], Block]]:
    """(folded sentence -> {(intent, file)}, (language, intent) -> the block to append to)."""
    known: Dict[str, Set[Tuple[str, Path]]] = defaultdict(set)
    targets: Dict[Tuple[str, str], Block] = {}
    for path in sorted(data_dir.glob("*/*.yml")):
        seen: Dict[str, int] = defaultdict(int)
        for intent, language, sentences in intent_blocks(path):
            for sentence in sentences:
                known[folded(sentence)].add((intent, path))
            block = Block(path, seen[intent], len(sentences))
            seen[intent] += 1
            key = (language or path.parent.name, intent)
            if key not in targets or block.size > targets[key].size:
                targets[key] = block
    return known, targets


def domain_intents(domain: Path) -> Set[str]:
    names = set()
    for item in (yaml.safe_load(domain.read_text("utf-8")) or {}).get("intents") or []:
        names.update(item if isinstance(item, dict) else [item])
    return {str(name) for name in names}


def check(lines: List[Line], data_dir: Path, intents: Set[str], held_out: Dict[str, Path],
          turns: Set[str], known: Dict[str, Set[Tuple[str, Path]]],
          targets: Dict[Tuple[str, str], Block]) -> List[str]:
    problems = []
    reviewed: Dict[str, Line] = {}
    for line in lines:
        key = folded(line.text)
        if not (data_dir / line.language).is_dir():
            problems.append(f"{line.where()}: no training data in {data_dir / line.language}/ "
                            "(a new language is added by hand, README \"For NLU trainers\")")
        elif PAYLOAD.match(line.text):
            problems.append(f"{line.where()}: a button payload, not a citizen's sentence")
        elif sum(c.isalpha() for c in line.text) < 2 or "\n" in line.text:
            problems.append(f"{line.where()}: one line with two letters or more, please")
        elif line.intent not in intents:
            problems.append(f"{line.where()}: intent {line.intent} is not in domain.yml")
        elif (line.language, line.intent) not in targets:
            problems.append(f"{line.where()}: no examples of {line.intent} in "
                            f"{data_dir / line.language}/ yet: add its block by hand first")
        elif key in held_out:
            problems.append(f"{line.where()}: in the held-out test data ({held_out[key]}); "
                            "it must stay out of training: delete the line")
        elif key in turns:
            problems.append(f"{line.where()}: a citizen turn of the conversation tests; it "
                            "must stay out of training: delete the line")
        elif any(intent == line.intent for intent, _ in known.get(key, ())):
            where = next(p for i, p in sorted(known[key]) if i == line.intent)
            problems.append(f"{line.where()}: duplicate, already an example of {line.intent} "
                            f"in {where}: delete the line")
        elif known.get(key):
            intent, where = sorted(known[key])[0]
            problems.append(f"{line.where()}: conflict, already an example of {intent} in "
                            f"{where}: the same sentence cannot teach two intents")
        elif key in reviewed:
            other = reviewed[key]
            kind = "duplicate" if other.intent == line.intent else "conflict"
            problems.append(f"{line.where()}: {kind}, also under {other.intent} in "
                            f"{other.source}: keep it once")
        reviewed.setdefault(key, line)
    return problems


def appended(source: str, intent: str, occurrence: int, texts: List[str]) -> str:
    """The training file with the texts added at the end of the intent's examples block."""
    lines = source.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines)
              if (m := INTENT_LINE.match(line)) and m[1].strip("'\"") == intent]
    start = starts[occurrence]
    key = next(i for i in range(start + 1, len(lines)) if EXAMPLES_KEY.match(lines[i]))
    indent = len(EXAMPLES_KEY.match(lines[key])[1])
    last = key
    for i in range(key + 1, len(lines)):
        if not lines[i].strip():
            continue
        if len(lines[i]) - len(lines[i].lstrip()) <= indent:
            break
        last = i
    if last == key:
        raise ValueError(f"the {intent} block has no examples to append to")
    prefix = lines[last][: len(lines[last]) - len(lines[last].lstrip())]
    if not lines[last].endswith("\n"):
        lines[last] += "\n"
    lines[last + 1:last + 1] = [f"{prefix}- {text}\n" for text in texts]
    return "".join(lines)


def merged(path: Path, additions: Dict[Tuple[str, int], List[str]]) -> str:
    """The file's new text, checked: it reads back as the old blocks with exactly the texts
    appended to their blocks."""
    source = path.read_text("utf-8")
    text = source
    for (intent, occurrence), texts in additions.items():
        text = appended(text, intent, occurrence, texts)
    expected, seen = [], defaultdict(int)
    for intent, language, sentences in parsed_blocks(source):
        expected.append((intent, language, sentences + additions.get((intent, seen[intent]), [])))
        seen[intent] += 1
    if parsed_blocks(text) != expected:
        raise ValueError("the result does not read back as the old examples plus the new")
    return text


def write(path: Path, text: str) -> None:
    """Replaces the file at once: a crash leaves the old or the new file, never half."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temporary, path)


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--review", type=Path, default=Path("review"))
    parser.add_argument("--data", type=Path, default=Path("data/nlu"))
    parser.add_argument("--domain", type=Path, default=Path("domain.yml"))
    parser.add_argument("--held-out", type=Path, default=Path("tests/nlu"))
    parser.add_argument("--conversations", type=Path,
                        default=Path("tests/integration/conversations"))
    args = parser.parse_args(argv)
    files = sorted(args.review.glob("*.yml"))
    if not files:
        print(f"Nothing to apply: no {args.review}/<lang>.yml (make review writes them).")
        return 0
    problems: List[str] = []
    lines = review_lines(files, problems)
    known, targets = training_blocks(args.data)
    held_out = {folded(e): path for path in sorted(args.held_out.glob("*.yml"))
                for e in examples(path)}
    turns = {folded(t) for t in conversation_turns(sorted(args.conversations.glob("*.yml")))
             if len(t.split()) >= TURN_MIN_WORDS}
    problems += check(lines, args.data, domain_intents(args.domain), held_out, turns, known,
                      targets)
    if problems:
        print(f"Nothing written: {len(problems)} line(s) to fix in {args.review}/, then run "
              "make review-apply again.", file=sys.stderr)
        for problem in problems:
            print(f"- {problem}", file=sys.stderr)
        return 1
    plan: Dict[Path, Dict[Tuple[str, int], List[Line]]] = defaultdict(lambda: defaultdict(list))
    for line in lines:
        block = targets[line.language, line.intent]
        plan[block.path][line.intent, block.occurrence].append(line)
    changed = {}
    for path, blocks in plan.items():
        try:
            changed[path] = merged(path, {block: [" ".join(line.text.split()) for line in added]
                                          for block, added in blocks.items()})
        except (ValueError, IndexError, StopIteration, yaml.YAMLError) as error:
            print(f"Nothing written: could not append to {path} safely ({error}).",
                  file=sys.stderr)
            return 1
    for path, text in changed.items():
        write(path, text)
        count = sum(len(added) for added in plan[path].values())
        names = ", ".join(sorted({intent for intent, _ in plan[path]}))
        print(f"{path}: {count} example(s) added ({names})")
    for path in files:
        path.unlink()
    print(f"Applied and deleted: {', '.join(map(str, files))}. Next: make train, make test-nlu.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
