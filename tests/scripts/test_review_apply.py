"""`make review-apply` (scripts/review_apply.py) on a copy of the training data: reviewed lines
land at the end of their intent's block in their language's file, as Rasa reads it; anything
doubtful is refused with a message naming the line, and then nothing is written at all."""

import shutil

import pytest
import yaml

from lotse_common.training_data import TURN_MIN_WORDS, conversation_turns, examples, folded
from scripts.review import Entry, render
from scripts.review_apply import main
from tests.conftest import PROJECT_DIR

HELD_OUT = PROJECT_DIR / "tests" / "nlu"
CONVERSATIONS = PROJECT_DIR / "tests" / "integration" / "conversations"
NEW_DE = "habt ihr am rosenmontag offen oder ist da zu"
NEW_EN = "how much is the fee for the card after my wedding"


@pytest.fixture
def project(tmp_path):
    shutil.copytree(PROJECT_DIR / "data" / "nlu", tmp_path / "nlu")
    (tmp_path / "review").mkdir()
    return tmp_path


def apply(project, capsys):
    code = main(["--review", str(project / "review"), "--data", str(project / "nlu"),
                 "--domain", str(PROJECT_DIR / "domain.yml"), "--held-out", str(HELD_OUT),
                 "--conversations", str(CONVERSATIONS)])
    out, err = capsys.readouterr()
    return code, out, err


def reviewed(project, language, blocks):
    """A review file as the trainer leaves it: blocks of `- text:` lines with comments."""
    lines = ['version: "3.1"', "nlu:"]
    for intent, texts in blocks:
        lines += [f"- intent: {intent}", f"  metadata: {{language: {language}}}", "  examples:"]
        for text in texts:
            lines += ["  # fallback | office_hours 0.40, fees 0.35, greet 0.05",
                      f"  - text: {yaml.safe_dump(text, allow_unicode=True).splitlines()[0]}"]
    path = project / "review" / f"{language}.yml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def holder(project, language, intent):
    """The training file of the language with a block for the intent (text search)."""
    [path] = [p for p in sorted((project / "nlu" / language).glob("*.yml"))
              if f"- intent: {intent}\n" in p.read_text("utf-8")]
    return path


def block(path, intent):
    [found] = [b for b in yaml.safe_load(path.read_text("utf-8"))["nlu"]
               if b.get("intent") == intent]
    return found


def snapshot(project):
    return {p: p.read_bytes() for p in sorted(project.rglob("*.yml"))}


def loaded(path):
    from rasa.shared.nlu.training_data.loading import load_data

    return {m.get("text"): (m.get("intent"), m.get("metadata"))
            for m in load_data(str(path)).intent_examples}


def test_a_line_is_appended_to_its_intents_block_in_its_languages_file(project, capsys):
    before = snapshot(project)
    target_de, target_en = holder(project, "de", "office_hours"), holder(project, "en", "fees")
    old_de = block(target_de, "office_hours")["examples"]
    reviewed(project, "de", [("office_hours", [NEW_DE])])
    reviewed(project, "en", [("fees", [NEW_EN])])

    code, out, err = apply(project, capsys)

    assert code == 0, err
    assert block(target_de, "office_hours")["examples"] == old_de + f"- {NEW_DE}\n"
    assert block(target_de, "office_hours")["metadata"] == {"language": "de"}
    changed = {p for p, content in snapshot(project).items() if before.get(p) != content}
    assert changed == {target_de, target_en}
    added = target_de.read_text("utf-8").splitlines()
    assert len(added) == len(before[target_de].decode("utf-8").splitlines()) + 1
    assert str(target_de) in out and str(target_en) in out
    assert not list((project / "review").glob("*.yml"))  # applied files are deleted
    # what Rasa reads: the new examples with their intent and language
    data = loaded(project / "nlu")
    assert data[NEW_DE] == ("office_hours", {"intent": {"language": "de"}})
    assert data[NEW_EN] == ("fees", {"intent": {"language": "en"}})


def test_a_line_moved_to_out_of_scope_goes_to_an_out_of_scope_block_of_its_language(
        project, capsys):
    sentence = "wo kann ich hier in der naehe gut parken"
    reviewed(project, "de", [("out_of_scope", [sentence])])
    assert apply(project, capsys)[0] == 0
    [path] = [p for p in (project / "nlu" / "de").glob("*.yml")
              if f"- {sentence}\n" in p.read_text("utf-8")]
    assert loaded(path)[sentence] == ("out_of_scope", {"intent": {"language": "de"}})


def test_the_file_make_review_writes_applies_as_it_is(project, capsys):
    # the export's own format: comments, quoting of placeholders and colons, an empty block
    texts = ["[e-mail] ist meine adresse, wann habt ihr offen", "öffnungszeiten: samstag auch?"]
    entries = [Entry(t, "de", [("office_hours", 0.4), ("fees", 0.3)], {"fallback"}, count=1)
               for t in texts]
    (project / "review" / "de.yml").write_text(render("de", entries), "utf-8")
    code, _, err = apply(project, capsys)
    assert code == 0, err
    data = loaded(holder(project, "de", "office_hours"))
    assert all(data[t] == ("office_hours", {"intent": {"language": "de"}}) for t in texts)


def first_example(path, intent):
    [content] = [b for b in yaml.safe_load(path.read_text("utf-8"))["nlu"]
                 if b["intent"] == intent]
    return content["examples"].splitlines()[0][2:]


def long_turn():
    """A conversation-test turn that is neither training nor held-out data."""
    known = {folded(e) for p in (PROJECT_DIR / "data" / "nlu").glob("*/*.yml")
             for e in examples(p)}
    known |= {folded(e) for p in HELD_OUT.glob("*.yml") for e in examples(p)}
    return next(t for t in conversation_turns(sorted(CONVERSATIONS.glob("de.yml")))
                if len(t.split()) >= TURN_MIN_WORDS and folded(t) not in known
                and not t.startswith("/") and "<" not in t)


REFUSALS = {
    # kind: (review blocks for de, beside the good line; words of the message)
    "duplicate": (lambda p: [("office_hours", [first_example(
        holder(p, "de", "office_hours"), "office_hours").upper() + "!!"])], "duplicate"),
    "conflict with training": (lambda p: [("fees", [first_example(
        holder(p, "de", "office_hours"), "office_hours")])], "conflict"),
    "conflict in the review": (lambda p: [("fees", ["Habt ihr am Rosenmontag offen, oder ist "
                                                    "da zu?"])], "conflict"),
    "held-out": (lambda p: [("greet", [first_example(HELD_OUT / "de.yml", "greet")])],
                 "held-out"),
    "conversation test": (lambda p: [("inform", [long_turn()])], "conversation tests"),
    "unknown intent": (lambda p: [("renew_passport_abroad", ["wo verlaengere ich den pass"])],
                       "not in domain.yml"),
    "payload": (lambda p: [("office_hours", ["/office_hours"])], "payload"),
    "too short": (lambda p: [("affirm", ["k"])], "two letters"),
}


@pytest.mark.parametrize("kind", sorted(REFUSALS))
def test_a_doubtful_line_is_refused_and_nothing_is_written(project, capsys, kind):
    blocks, words = REFUSALS[kind]
    bad = blocks(project)
    review = reviewed(project, "de", [("office_hours", [NEW_DE]), *bad])
    before = snapshot(project)

    code, out, err = apply(project, capsys)

    assert code == 1
    assert "Nothing written" in err
    [problem] = [line for line in err.splitlines() if line.startswith("- ")]
    assert words in problem and bad[0][1][0] in problem
    assert snapshot(project) == before and review.exists()


def test_a_language_without_training_data_is_refused(project, capsys):
    review = reviewed(project, "sw", [("office_hours", ["ofisi inafunguliwa saa ngapi"])])
    code, _, err = apply(project, capsys)
    assert code == 1 and "no training data" in err and review.exists()


def test_without_review_files_nothing_happens(project, capsys):
    before = snapshot(project)
    code, out, _ = apply(project, capsys)
    assert code == 0 and "Nothing to apply" in out and snapshot(project) == before


def test_the_held_out_check_uses_the_same_folding():
    # tests/test_held_out.py and the review refuse the same sentences
    from tests import test_held_out

    assert test_held_out.folded is folded and test_held_out.examples is examples
