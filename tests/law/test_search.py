"""Searching the law texts of ../shared/legal: known paragraphs for case workers' questions,
the sentences shown and what was matched, the glossary, compounds, sentences, the CLI."""

import json

import pytest

from lotse.law import text
from lotse.law.__main__ import main as cli
from lotse.law.glossary import Glossary


@pytest.mark.parametrize("query, expected, within", [
    ("Fiktionswirkung bei verspätetem Verlängerungsantrag", "aufenthg 81", 1),
    ("Kunde war 8 Monate in Marokko – AE erloschen?", "aufenthg 51", 3),
    ("Blaue Karte Mindestgehalt", "aufenthg 18g", 1),
    ("Beschäftigungsduldung", "aufenthg 60d", 1),
    ("Gebühren Niederlassungserlaubnis", "aufenthv 44", 3),
    ("Daueraufenthaltsrecht Unionsbürger", "freizuegg_eu 4a", 3),
    ("§ 9a AufenthG", "aufenthg 9a", 1),
    ("§ 2 UkraineAufenthÜV", "ukraineaufenthuev 2", 1),
])
def test_known_paragraphs_are_found(law_search, query, expected, within):
    found = [f"{r['law']} {r['paragraph']}" for r in law_search.search(query, 5)]
    assert expected in found[:within], found


def test_a_citation_of_another_law_puts_none_of_ours_first(law_search):
    # "§ 64 StGB" (committal to a rehabilitation clinic) put the AufenthG's, AufenthV's and
    # AsylG's § 64 first, whatever the question asked; "§ 81 Abs. 4 AufenthG" still comes first
    found = law_search.search("Unterbringung in einer Entziehungsanstalt nach § 64 StGB – "
                              "wann wird die Ausländerbehörde unterrichtet?", 3)
    assert found and all(r["paragraph"] != "64" for r in found), found
    assert law_search.search("§ 81 Abs. 4 AufenthG Frist", 1)[0]["citation"] == "§ 81 AufenthG"


def test_a_result_has_the_documented_shape_and_the_laws_own_sentences(law_search):
    result = law_search.search("Fiktionswirkung bei verspätetem Verlängerungsantrag", 5)[0]
    assert set(result) == {"law", "paragraph", "citation", "title", "score", "url", "sentences"}
    assert result["url"] == "https://www.gesetze-im-internet.de/aufenthg_2004/__81.html"
    assert result["citation"] == "§ 81 AufenthG"
    paragraph = " ".join(t for _, t in law_search.index.units[
        next(i for i, u in enumerate(law_search.index.units)
             if u.law == "aufenthg" and u.paragraph == "81")].absaetze)
    assert 1 <= len(result["sentences"]) <= 3
    for sentence in result["sentences"]:
        assert sentence["text"] in paragraph  # the wording, never generated
        assert sentence["ref"] == f"Abs. {sentence['absatz']} Satz {sentence['satz']}"
        assert sentence["marks"]
        marked = [sentence["text"][a:b].lower() for a, b in sentence["marks"]]
        assert any(word.startswith(("verspät", "verlänger", "antrag")) for word in marked)


def test_nothing_is_found_for_words_the_laws_do_not_have(law_search):
    assert law_search.search("xkqz wrrr", 5) == []
    assert law_search.search("und oder", 5) == []


def test_the_glossary_expands_abbreviations_and_practice_words():
    kept, added = Glossary.load().expand("Kunde hat AE und Blue Card, Ehefrau hat Duldung")
    assert "kunde" not in kept.split() and "ae" not in kept.split()
    words = {(e.words, e.weight) for e in added}
    assert ("Aufenthaltserlaubnis", 1.0) in words
    assert ("Blaue Karte EU", 0.5) in words
    assert ("Aussetzung der Abschiebung", 0.5) in words
    assert ("Ehegatte", 0.5) in words


def test_compounds_split_into_words_of_the_corpus():
    splitter = text.Splitter({"verlängerung": 5, "antrag": 9, "aufenthalt": 7, "erlaubnis": 4})
    assert splitter.split("verlängerungsantrag") == ("verlängerung", "antrag")
    assert splitter.split("aufenthaltserlaubnis") == ("aufenthalt", "erlaubnis")
    assert splitter.split("antrag") == ()
    assert splitter.split("verlängerungsxyzabc") == ()


def test_sentences_follow_the_laws_counting():
    absatz = ("Der Ausländer muss das 60. Lebensjahr vollendet haben. Dies gilt nicht für ein "
              "Visum nach § 6 Absatz 1. Abs. 2 bleibt unberührt; § 9 Abs. 1 Satz 2 gilt "
              "entsprechend. Fälle: 1. Ablauf, 5a. Bekanntgabe.")
    assert text.sentences(absatz) == [
        "Der Ausländer muss das 60. Lebensjahr vollendet haben.",
        "Dies gilt nicht für ein Visum nach § 6 Absatz 1.",
        "Abs. 2 bleibt unberührt; § 9 Abs. 1 Satz 2 gilt entsprechend.",
        "Fälle: 1. Ablauf, 5a. Bekanntgabe.",
    ]


def test_the_cli_prints_results_and_json(law_index_dir, capsys):
    query = "verspäteter Verlängerungsantrag"
    assert cli([query, "--index", str(law_index_dir), "--top", "2"]) == 0
    printed = capsys.readouterr().out
    assert "§ 81 AufenthG" in printed and "__81.html" in printed
    assert cli(["Chancenkarte", "--json", "--index", str(law_index_dir)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["results"][0]["paragraph"] in {"20a", "20b"}


def test_the_cli_says_when_there_is_no_index(tmp_path, capsys):
    assert cli(["Fiktion", "--index", str(tmp_path)]) == 2
    assert "make law-index" in capsys.readouterr().err


def test_the_questions_a_paragraph_answers_are_indexed_and_none_copies_an_evaluation_question():
    import difflib
    import re

    import numpy as np
    import yaml

    from lotse.law.index import case_questions
    from tests.conftest import PROJECT_DIR

    asked = case_questions()
    # every law of ../shared/legal has them, under the index's own keys ("16b", not "§ 16b")
    assert {law for law, _ in asked} >= {"aufenthg", "aufenthv", "asylg", "beschv", "stag"}
    assert all(re.fullmatch(r"\d+[a-z]?", paragraph) for _, paragraph in asked)
    # written from the law texts: no evaluation question (make eval-search) slipped in
    evaluation = yaml.safe_load((PROJECT_DIR / "tests" / "law" / "search_questions.yml")
                                .read_text("utf-8"))["questions"]

    def plain(words):
        return " ".join(re.findall(r"\w+", words.lower()))

    written = [plain(q) for questions in asked.values() for q in questions]
    questions = [(q["q"], plain(q["q"])) for q in evaluation]
    # difflib's quick_ratio (an upper bound of ratio) for all pairs at once, from the
    # characters' counts; ratio() only where the bound allows 0.8
    characters = set("".join(written + [w for _, w in questions]))
    alphabet = {c: i for i, c in enumerate(sorted(characters))}

    def counts(lines_):
        table = np.zeros((len(lines_), len(alphabet)), dtype=np.int32)
        for row, line in enumerate(lines_):
            for c in line:
                table[row, alphabet[c]] += 1
        return table

    lines, asked_counts = counts(written), counts([w for _, w in questions])
    lengths = lines.sum(axis=1)
    copies = set()
    for (question, words), row in zip(questions, asked_counts, strict=True):
        bound = 2 * np.minimum(lines, row).sum(axis=1) / (lengths + len(words))
        for index in np.flatnonzero(bound >= 0.8):
            if difflib.SequenceMatcher(None, words, written[index]).ratio() >= 0.8:
                copies.add(question)
    assert not copies, copies
