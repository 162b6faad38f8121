"""`make review` (scripts/review.py) on a conversation store written by the real stack: citizens'
conversations over the REST channel, then the export of the running server's store into
review/<lang>.yml. What a trainer must find there (fallbacks, 👎-rated questions, questions
followed by a request for a person, each under its intent with the top-3 comment), and what
must never be there (personal data, contact form answers, feedback comments, well-understood
questions)."""

import os
import re
import subprocess
import sys
import uuid

import pytest
import yaml

from lotse_common.training_data import folded
from tests.conftest import PROJECT_DIR

RUN = uuid.uuid4().hex[:8]
GIBBERISH = "xkq vvv blrp zzzt"
GIBBERISH_AGAIN = "XKQ vvv, blrp zzzt!"  # the same, folded: one line, counted twice
OTHER_GIBBERISH = "xkq Karte blrp"  # one known word: a "did you mean" topic is clicked
RATED = "Was kostet eine Niederlassungserlaubnis wenn ich schon 5 Jahre hier arbeite?"
FEEDBACK_COMMENT = "Mir fehlte der genaue Betrag für Selbständige"
BEFORE_PERSON = "My fictional certificate runs out next week, what happens then?"
PERSON = "I want to talk to a person"
EMAIL, PHONE, PASSPORT = "anna.beispiel@example.org", "0171 2345678", "C01X00T47"
PERSONAL = (f"Ich habe meinen Reisepass {PASSPORT} verloren, erreichbar unter {EMAIL} "
            f"oder {PHONE}")
NAME = "Anna Beispielfrau"
CONTACT_MESSAGE = "Bitte rufen Sie mich wegen meines Ersatzausweises zurück"
WELL_UNDERSTOOD = "Wann hat die Ausländerbehörde am Dienstag geöffnet?"
DEFAULT_MARGIN = 0.1  # LOTSE_REVIEW_MARGIN's default (README, "Environment variables")
TOP = re.compile(r"[a-z_]+ \d\.\d\d(, [a-z_]+ \d\.\d\d)*")


def say(stack, conversation, message):
    response = stack.send(f"review-{RUN}-{conversation}", message)
    assert response.status_code == 200, response.text
    return response.json()


def export(stack, out, margin=None):
    env = {**os.environ, "LOTSE_TRACKER_DB_URL": f"sqlite:///{stack.tracker_db}"}
    env.pop("LOTSE_REVIEW_MARGIN", None)
    if margin is not None:
        env["LOTSE_REVIEW_MARGIN"] = str(margin)
    result = subprocess.run([sys.executable, "scripts/review.py", "--out", str(out)],
                            cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return {path.stem: path.read_text("utf-8") for path in sorted(out.glob("*.yml"))}


def entries(text):
    """(intent, example text, the comment above it) of a review file, as a trainer reads it."""
    found, intent, comment = [], None, None
    for line in text.splitlines():
        if line.startswith("- intent: "):
            intent = line.split(": ", 1)[1]
        elif line.strip().startswith("# ") and intent:
            comment = line.strip()[2:]
        elif line.strip().startswith("- text: "):
            found.append((intent, yaml.safe_load(line.strip()[2:])["text"], comment))
            comment = None
    return found


def entry(files, language, text):
    matches = [e for e in entries(files.get(language, "")) if folded(e[1]) == folded(text)]
    assert len(matches) == 1, f"{text!r} is in review/{language}.yml {len(matches)} times:\n" \
        + files.get(language, "(no file)")
    return matches[0]


def likeliest(comment):
    """(intent, confidence) of the comment's top-3 part, as written."""
    [part] = [p for p in comment.split(" | ") if TOP.fullmatch(p)]
    return re.findall(r"([a-z_]+) (\d\.\d\d)", part)


@pytest.fixture(scope="module")
def conversations(stack):
    # a fallback, the same message again in other spelling, a fallback whose suggestion is clicked
    rephrase = say(stack, "fallback", GIBBERISH)
    assert "anders formulieren" in rephrase[0]["text"]
    say(stack, "fallback-again", GIBBERISH_AGAIN)
    [question] = say(stack, "fallback-choice", OTHER_GIBBERISH)
    # a topic (asking for a person would make it a "person asked" entry instead)
    choice = next(b["payload"] for b in question["buttons"] if b["payload"] not in (
        "/out_of_scope", "/contact_request", "/request_human"))
    say(stack, "fallback-choice", choice)
    # an answer rated 👎 through its button, with a comment
    payloads = [b["payload"] for m in say(stack, "rated", RATED) for b in m.get("buttons", [])]
    assert "/feedback_negative" in payloads
    say(stack, "rated", "/feedback_negative")
    say(stack, "rated", FEEDBACK_COMMENT)
    # a question, then a person asked for (English)
    say(stack, "person", BEFORE_PERSON)
    say(stack, "person", PERSON)
    # personal data, a person, and a contact form left before its end (nothing erased yet)
    say(stack, "personal", PERSONAL)
    say(stack, "personal", "Ich will mit einem Menschen sprechen")
    say(stack, "personal", "/contact_request")
    say(stack, "personal", NAME)
    say(stack, "personal", EMAIL)
    say(stack, "personal", CONTACT_MESSAGE)
    # understood at once, nothing asked afterwards
    say(stack, "understood", WELL_UNDERSTOOD)
    return stack


@pytest.fixture(scope="module")
def exported(conversations, tmp_path_factory):
    return export(conversations, tmp_path_factory.mktemp("review"))


def test_a_fallback_is_exported_once_under_its_likeliest_intent_with_the_top_three(exported):
    intent, _, comment = entry(exported, "de", GIBBERISH)
    assert comment.startswith("fallback")
    assert "2x" in comment  # GIBBERISH_AGAIN folded into the same line
    top = likeliest(comment)
    assert len(top) == 3 and intent == top[0][0] != "nlu_fallback"
    assert [float(c) for _, c in top] == sorted((float(c) for _, c in top), reverse=True)


def test_the_topic_chosen_after_a_fallback_is_named(conversations, exported):
    tracker = conversations.tracker(f"rest:review-{RUN}-fallback-choice")
    clicked = [e["parse_data"]["intent"]["name"] for e in tracker["events"]
               if e["event"] == "user" and e["text"].startswith("/")][0]
    _, _, comment = entry(exported, "de", OTHER_GIBBERISH)
    assert f"citizen chose {clicked}" in comment


def test_the_question_whose_answer_was_rated_bad_is_exported_not_the_comment(exported):
    intent, _, comment = entry(exported, "de", RATED)
    assert "👎" in comment
    assert intent == likeliest(comment)[0][0]
    everything = "\n".join(exported.values())
    assert "Selbständige" not in everything and "/feedback_negative" not in everything


def test_a_question_followed_by_a_request_for_a_person_is_exported_in_its_language(exported):
    intent, text, comment = entry(exported, "en", BEFORE_PERSON)
    assert "person asked" in comment and text == BEFORE_PERSON
    assert not [e for lang in exported for e in entries(exported[lang]) if e[1] == PERSON]
    assert BEFORE_PERSON not in exported.get("de", "")


def test_personal_data_is_redacted(exported):
    _, text, comment = entry(exported, "de", "Ich habe meinen Reisepass [document number] "
                                              "verloren, erreichbar unter [e-mail] oder [phone]")
    assert "person asked" in comment
    everything = "\n".join(exported.values())
    for planted in (EMAIL, "example.org", PHONE, "2345678", PASSPORT):
        assert planted not in everything


@pytest.mark.parametrize("margin", [None, 1.0])
def test_contact_form_answers_are_never_exported(conversations, tmp_path, margin):
    # margin 1.0: every message counts as uncertain, the form's answers too
    files = export(conversations, tmp_path, margin)
    everything = "\n".join(files.values()).lower()
    assert "beispielfrau" not in everything and not re.search(r"\banna\b", everything)
    assert "ersatzausweises" not in everything


def test_a_well_understood_question_is_exported_only_below_the_margin(conversations, exported,
                                                                       tmp_path):
    tracker = conversations.tracker(f"rest:review-{RUN}-understood")
    [parse] = [e["parse_data"] for e in tracker["events"] if e["event"] == "user"]
    ranking = [r["confidence"] for r in parse["intent_ranking"] if r["name"] != "nlu_fallback"]
    gap = ranking[0] - ranking[1]
    assert parse["intent"]["name"] != "nlu_fallback" and gap >= DEFAULT_MARGIN, parse
    assert not [e for e in entries(exported.get("de", "")) if e[1] == WELL_UNDERSTOOD]
    wider = export(conversations, tmp_path, margin=min(1.0, round(gap + 0.01, 4)))
    intent, _, comment = entry(wider, "de", WELL_UNDERSTOOD)
    assert comment.startswith("low margin") and intent == parse["intent"]["name"]


def test_each_file_is_rasa_nlu_data_of_its_language(exported, tmp_path):
    from rasa.shared.nlu.training_data.loading import load_data

    assert {"de", "en"} <= set(exported)
    for language, text in exported.items():
        content = yaml.safe_load(text)
        assert all(block["metadata"] == {"language": language} for block in content["nlu"])
        assert content["nlu"][-1]["intent"] == "out_of_scope"  # where lines are moved to
    (tmp_path / "de.yml").write_text(exported["de"], "utf-8")
    data = load_data(str(tmp_path / "de.yml"))
    assert {m.get("text") for m in data.intent_examples} >= {RATED, GIBBERISH}
