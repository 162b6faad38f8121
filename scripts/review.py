"""`make review`: the trainers' review queue. Exports the citizens' messages Lotse did not
handle well from the conversation store into one Rasa NLU file per language,
`review/<lang>.yml`, for a trainer to label; `make review-apply` (scripts/review_apply.py)
then merges the labelled lines into data/nlu/ (README, "For NLU trainers").

A message is exported when
- it became `nlu_fallback` ("fallback"),
- its two most likely intents were closer than LOTSE_REVIEW_MARGIN ("low margin"),
- the answer to it was rated 👎 ("👎": the citizen's last own question before the rating),
- the citizen's next message asked for a person, `request_human` or `contact_request`
  ("person asked").
Not exported: button payloads ("/intent{...}"), messages with fewer than two letters, answers
to the contact form and the feedback comment (free text about the citizen), any message that
contains what the citizen gave the contact form (name, address, topic, message) or that the
store already cut such details from, languages without training data, sentences that are
already training examples or are sentences of the held-out and conversation tests (which
review-apply would refuse). Every text is redacted again (lotse_common/redaction.py) although
the store keeps them redacted, and de-duplicated by its folded form (case, punctuation).

Each message stands under the intent Lotse predicted, with a comment: why it is there, how
often it came, the top-3 intents with their confidences and, after a fallback, the topic the
citizen chose among the "did you mean" buttons. The store is opened read-only (SQLite or
PostgreSQL, SQLAlchemy Core on Rasa's `events` table): the chat goes on meanwhile.

Settings as the servers read them (scripts/env.sh): LOTSE_TRACKER_DB_URL, LOTSE_REVIEW_MARGIN.
"""

import argparse
import itertools
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Set, Tuple

import sqlalchemy as sa
import yaml

from lotse import settings
from lotse.retention import EVENTS
from lotse.store_reading import read_only_engine
from lotse_common.language import (
    FALLBACK_INTENT,
    FREE_TEXT_SLOTS,
    REQUESTED_SLOT,
    conversation_language,
    detected_language,
)
from lotse_common.redaction import redact
from lotse_common.training_data import TURN_MIN_WORDS, conversation_turns, examples, folded

FALLBACK, LOW_MARGIN, RATED_BAD, PERSON = "fallback", "low margin", "👎", "person asked"
PERSON_INTENTS = {"request_human", "contact_request"}
RATING_INTENTS = {"feedback_positive", "feedback_negative"}
NAME_SLOT = "contact_name"
OUT_OF_SCOPE = "out_of_scope"
# a button's payload as the widget and the messengers send it: "/intent" or "/intent{...}"
PAYLOAD = re.compile(r"^\s*/\w")
# what redaction and erasure put in place of personal data ("[e-mail]", "[removed]")
PLACEHOLDER = re.compile(r"\[[^\]]*\]")
REMOVED = "[removed]"
EVENT_TYPES = ("user", "slot", "session_started")


@dataclass
class Turn:
    """One user message of a conversation, as the export needs it."""
    text: str
    intent: Optional[str]
    ranking: List[Tuple[str, float]]  # the intents, most likely first, without nlu_fallback
    language: str
    session: int
    asking: Optional[str]  # the slot a form was asking for when it came

    @property
    def payload(self) -> bool:
        return bool(PAYLOAD.match(self.text))

    @property
    def free_text(self) -> bool:
        """An answer to the contact form or the feedback comment: about the citizen."""
        return self.asking in FREE_TEXT_SLOTS

    @property
    def question(self) -> bool:
        """Written by the citizen, not a button, not an answer to a form's question."""
        return not self.payload and not self.asking


@dataclass
class Entry:
    """A message in the queue (the first of its folded form), with what all copies had."""
    text: str
    language: str
    ranking: List[Tuple[str, float]]
    reasons: Set[str] = field(default_factory=set)
    margin: Optional[float] = None
    chosen: Optional[str] = None
    count: int = 0

    @property
    def intent(self) -> str:
        """The intent Lotse predicted (nothing guessed: out_of_scope)."""
        return self.ranking[0][0] if self.ranking else OUT_OF_SCOPE


def conversations(engine: sa.engine.Engine) -> Iterator[List[Dict[str, Any]]]:
    """The events the export reads, per conversation in their order."""
    if not sa.inspect(engine).has_table("events"):
        return
    query = (sa.select(EVENTS.c.sender_id, EVENTS.c.data)
             .where(EVENTS.c.type_name.in_(EVENT_TYPES))
             .order_by(EVENTS.c.sender_id, EVENTS.c.timestamp, EVENTS.c.id))
    with engine.connect() as connection:
        rows = connection.execution_options(stream_results=True).execute(query)
        for _, group in itertools.groupby(rows, key=lambda row: row[0]):
            yield [json.loads(data) for _, data in group if data]


def _ranking(parse_data: Dict[str, Any]) -> List[Tuple[str, float]]:
    ranking = parse_data.get("intent_ranking") or [parse_data.get("intent") or {}]
    return [(str(r["name"]), float(r.get("confidence") or 0.0)) for r in ranking
            if isinstance(r, dict) and r.get("name") and r["name"] != FALLBACK_INTENT]


def turns(events: List[Dict[str, Any]]) -> List[Turn]:
    """The user messages of one conversation, with their language and form context."""
    found: List[Turn] = []
    session, asking = 0, None
    for position, event in enumerate(events):
        kind = event.get("event")
        if kind == "session_started":
            session, asking = session + 1, None
        elif kind == "slot" and event.get("name") == REQUESTED_SLOT:
            asking = event.get("value") or None
        elif kind == "user":
            parse_data = event.get("parse_data") or {}
            language = (detected_language(parse_data)
                        or conversation_language(events[: position + 1]))
            found.append(Turn(
                text=str(event.get("text") or ""),
                intent=(parse_data.get("intent") or {}).get("name"),
                ranking=_ranking(parse_data), language=language, session=session,
                asking=asking))
    return found


def reasons(conversation: List[Turn], margin: float) -> Dict[int, Set[str]]:
    """Turn index -> why the message is in the queue, for the turns that are."""
    found: Dict[int, Set[str]] = {}
    for index, turn in enumerate(conversation):
        if turn.payload or turn.free_text:
            continue
        if turn.intent == FALLBACK_INTENT:
            found.setdefault(index, set()).add(FALLBACK)
        elif len(turn.ranking) > 1 and turn.ranking[0][1] - turn.ranking[1][1] < margin:
            found.setdefault(index, set()).add(LOW_MARGIN)
        following = next((t for t in conversation[index + 1:] if t.session == turn.session),
                         None)
        if (following and following.intent in PERSON_INTENTS
                and turn.intent not in PERSON_INTENTS | RATING_INTENTS):
            found.setdefault(index, set()).add(PERSON)
    for index, turn in enumerate(conversation):
        if turn.intent != "feedback_negative":
            continue
        rated = next((i for i in range(index - 1, -1, -1)
                      if conversation[i].session == turn.session and conversation[i].question
                      and conversation[i].intent not in RATING_INTENTS), None)
        if rated is not None:
            found.setdefault(rated, set()).add(RATED_BAD)
    return found


def chosen_topic(conversation: List[Turn], index: int) -> Optional[str]:
    """After a fallback: the suggested topic the citizen clicked ("did you mean …?"), not
    "something else" (out_of_scope) nor a person."""
    turn = conversation[index]
    following = conversation[index + 1] if index + 1 < len(conversation) else None
    if (turn.intent == FALLBACK_INTENT and following and following.payload
            and following.session == turn.session
            and following.intent not in {OUT_OF_SCOPE, *PERSON_INTENTS, *RATING_INTENTS}
            and following.intent in {name for name, _ in turn.ranking}):
        return following.intent
    return None


def contact_details(events: Iterable[Dict[str, Any]]) -> List[re.Pattern]:
    """What the citizen gave the contact form (and the feedback comment), as patterns: the
    whole value, and each word of the name."""
    values: Set[str] = set()
    for event in events:
        if event.get("event") == "slot" and event.get("name") in FREE_TEXT_SLOTS:
            value = event.get("value")
            if isinstance(value, str) and value.strip() and value != REMOVED:
                values.add(value.strip())
                if event["name"] == NAME_SLOT:
                    values.update(w for w in re.findall(r"[^\W\d_]{2,}", value))
    return [re.compile(rf"(?<!\w){re.escape(v)}(?!\w)", re.IGNORECASE) for v in values]


# characters YAML does not allow even quoted (control characters a client may send): the
# review file must read back
NOT_YAML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def letters(text: str) -> int:
    return sum(c.isalpha() for c in PLACEHOLDER.sub("", text))


def collect(stream: Iterable[List[Dict[str, Any]]], margin: float, languages: Set[str],
            trained: Set[str], skipped: Counter,
            tests: Set[str] = frozenset()) -> Dict[str, Dict[str, Entry]]:
    """language -> folded text -> entry, from every conversation; `trained` and `tests`: the
    folded sentences of the training data and of the tests (left out)."""
    queue: Dict[str, Dict[str, Entry]] = {}
    for events in stream:
        conversation = turns(events)
        found = reasons(conversation, margin)
        details = contact_details(events) if found else []
        for index, why in sorted(found.items()):
            turn = conversation[index]
            text = " ".join(NOT_YAML.sub(" ", redact(turn.text)).split())
            key = folded(text)
            if turn.payload or letters(text) < 2 or not key:
                continue
            if REMOVED in turn.text or any(p.search(turn.text) for p in details):
                skipped["with contact details"] += 1
            elif turn.language not in languages:
                skipped[f"in {turn.language}, a language without training data"] += 1
            elif key in trained:
                skipped["already in the training data"] += 1
            elif key in tests:
                skipped["of the held-out or conversation tests (never trained on)"] += 1
            else:
                entry = queue.setdefault(turn.language, {}).setdefault(
                    key, Entry(text, turn.language, turn.ranking))
                entry.count += 1
                entry.reasons |= why
                if LOW_MARGIN in why:
                    gap = turn.ranking[0][1] - turn.ranking[1][1]
                    entry.margin = gap if entry.margin is None else min(entry.margin, gap)
                entry.chosen = entry.chosen or chosen_topic(conversation, index)
    return queue


def scalar(text: str) -> str:
    """The text as a YAML scalar: plain where that reads back the same, else quoted."""
    try:
        plain = yaml.safe_load(f"text: {text}") == {"text": text}
    except yaml.YAMLError:
        plain = False
    return text if plain and "#" not in text else json.dumps(text, ensure_ascii=False)


def comment(entry: Entry) -> str:
    why = [reason for reason in (FALLBACK, LOW_MARGIN, RATED_BAD, PERSON)
           if reason in entry.reasons]
    if entry.margin is not None:
        why[why.index(LOW_MARGIN)] = f"{LOW_MARGIN} {entry.margin:.2f}"
    parts = [", ".join(why)]
    if entry.count > 1:
        parts.append(f"{entry.count}x")
    parts.append(", ".join(f"{name} {confidence:.2f}" for name, confidence in entry.ranking[:3])
                 or "no intent guessed")
    if entry.chosen:
        parts.append(f"citizen chose {entry.chosen}")
    return " | ".join(parts)


def render(language: str, entries: Iterable[Entry]) -> str:
    entries = sorted(entries, key=lambda e: (-e.count, e.text.lower()))
    per_intent: Dict[str, List[Entry]] = {}
    for entry in entries:
        per_intent.setdefault(entry.intent, []).append(entry)
    lines = [
        f"# Review queue, language {language}: {len(entries)} message(s) Lotse did not handle well"
        f" (make review, {date.today().isoformat()}).",
        "# Each stands under the intent Lotse predicted. Its comment: why it is here (fallback,",
        "# low margin, 👎, person asked), how often it came, the three likeliest intents.",
        "# Keep a line under the right intent (move it there), delete it, or move it to",
        "# out_of_scope (last block). Then: make review-apply, make train, make test-nlu.",
        "# Citizens' messages, redacted: never commit this file (review/ is in .gitignore).",
        'version: "3.1"',
        "nlu:",
    ]
    for intent in sorted(per_intent, key=lambda name: (name == OUT_OF_SCOPE, name)):
        lines += [f"- intent: {intent}", f"  metadata: {{language: {language}}}", "  examples:"]
        for entry in per_intent[intent]:
            lines += [f"  # {comment(entry)}", f"  - text: {scalar(entry.text)}"]
    if OUT_OF_SCOPE not in per_intent:
        lines += [f"- intent: {OUT_OF_SCOPE}", f"  metadata: {{language: {language}}}",
                  "  examples:", "  # lines moved here: not the office's matter"]
    return "\n".join(lines) + "\n"


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("review"),
                        help="folder of the review files (default: review)")
    parser.add_argument("--data", type=Path, default=Path("data/nlu"),
                        help="the training data: its languages, its sentences (data/nlu)")
    parser.add_argument("--held-out", type=Path, default=Path("tests/nlu"))
    parser.add_argument("--conversations", type=Path,
                        default=Path("tests/integration/conversations"))
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        raise SystemExit(f"No training data at {args.data} (--data).")
    languages = {p.name for p in args.data.iterdir() if p.is_dir() and any(p.glob("*.yml"))}
    trained = {folded(e) for path in args.data.glob("*/*.yml") for e in examples(path)}
    tests = {folded(e) for path in args.held_out.glob("*.yml") for e in examples(path)}
    tests |= {folded(t) for t in conversation_turns(sorted(args.conversations.glob("*.yml")))
              if len(t.split()) >= TURN_MIN_WORDS}
    skipped: Counter = Counter()
    queue = collect(conversations(read_only_engine(settings.TRACKER_DB_URL)),
                    settings.REVIEW_MARGIN, languages, trained, skipped, tests)
    waiting = [args.out / f"{language}.yml" for language in sorted(queue)
               if (args.out / f"{language}.yml").exists()]
    if waiting:
        print(f"Not exported: {', '.join(map(str, waiting))} not applied yet. Run make "
              "review-apply or delete the file(s) first.", file=sys.stderr)
        return 1
    if not queue:
        print("Nothing to review: no message was a fallback, uncertain, rated 👎 or followed "
              "by a request for a person.")
    for language, entries in sorted(queue.items()):
        args.out.mkdir(parents=True, exist_ok=True)
        path = args.out / f"{language}.yml"
        path.write_text(render(language, entries.values()), "utf-8")
        counts = Counter(r for e in entries.values() for r in e.reasons)
        print(f"{path}: {len(entries)} message(s) ("
              + ", ".join(f"{r} {counts[r]}" for r in (FALLBACK, LOW_MARGIN, RATED_BAD, PERSON)
                          if counts[r]) + ")")
    for why, count in sorted(skipped.items()):
        print(f"Left out: {count} message(s) {why}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
