"""The permit finder's answers as a whole: every combination is chat-sized in every
language, every paragraph named is cited and every number stands in the law, and the legal
points its rules rest on, checked against the law texts."""

import itertools
import re

from actions.knowledge import current_knowledge
from tests.actions.forms.test_permit_finder import CATALOGS, LANGUAGES, RULES, finish, rendered
from tests.test_legal_citations import paragraph_text, without_numbered_months

NATIONALITIES = ["IN", "US", "BR", "UA", "SY"]
PURPOSES = list(RULES["purposes"])
STATUSES = ["abroad", "visa", "visa_free", "permit", "other", None]
FACTS = [[], ["degree"], ["degree", "job_offer"], ["vocational"], ["vocational", "job_offer"],
         ["admission"], ["job_offer"]]


def every_answer(domain_dict):
    for nationality, purpose, status, facts in itertools.product(
        NATIONALITIES, PURPOSES, STATUSES, FACTS
    ):
        yield finish(domain_dict, nationality, purpose, status, facts)[0]
    for nationality in ("DE", "CH"):
        yield finish(domain_dict, nationality)[0]


def test_every_message_is_chat_sized_in_every_language(domain_dict):
    seen = set()
    for messages in every_answer(domain_dict):
        for m in messages:
            key = (m["response"], m.get("citations"), m.get("days"))
            if key in seen or not m["response"].startswith(("utter_permit", "utter_entry",
                                                             "utter_swiss")):
                continue
            seen.add(key)
            for language in LANGUAGES:
                text = rendered(m, language)
                assert len(text) <= 600, f"{m['response']} ({language}): {len(text)} characters"
    assert len({key[0] for key in seen}) >= 20


def test_every_paragraph_named_in_a_message_is_cited_and_every_number_is_in_the_law(
    domain_dict,
):
    """'§ 18g' in the text has '§ 18g …' in the citations; figures come from the cited law."""
    for messages in every_answer(domain_dict):
        for m in messages:
            if "citations" not in m:
                continue
            cited = m["citations"]
            laws = " ".join(
                # "[§ 18g AufenthG](https://…)" or a citation without a link
                paragraph_text(re.sub(r"^\[(.*)\]\(.*\)$", r"\1", c))
                for c in cited.split("; ") if c
            )
            for language in LANGUAGES:
                text = rendered(m, language, office=False)
                own = text.split(cited)[0] if cited else text
                for number in re.findall(r"§ (\d+[a-z]?)", own):
                    assert f"§ {number} " in cited, f"{m['response']} ({language}): § {number}"
                own = without_numbered_months(own)
                plain = re.sub(r"§ \d+[a-z]?(?: Abs\. \d+)?|B1|B2|A1", "", own)
                for figure in re.findall(r"\d+", plain):
                    assert re.search(rf"(?<!\d){figure}(?!\d)", laws), (
                        f"{m['response']} ({language}): '{figure}' not in {cited}"
                    )


# --- the legal points, checked against the law texts ---------------------------------------


def law(citation):
    return " ".join(paragraph_text(citation).split())


def test_germans_are_neither_foreigners_nor_union_citizens_under_the_freedom_of_movement_act():
    assert "DE" in RULES["germans"] and "DE" not in RULES["free_movement"]
    assert "nicht Deutscher" in law("§ 2 Abs. 1 AufenthG")
    assert "Staatsangehörige anderer Mitgliedstaaten der Europäischen Union, die nicht Deutsche" \
        in law("§ 1 FreizügG/EU")


def test_swiss_citizens_are_exempt_by_28_aufenthv():
    text = law(RULES["swiss_basis"][0])
    assert "Staatsangehörige der Schweiz" in text and "vom Erfordernis eines Aufenthaltstitels" \
        in text


def test_in_company_training_is_employment_and_not_covered_by_41_abs_2():
    assert "keine Erwerbstätigkeit" in law("§ 41 Abs. 2 AufenthV")
    assert "Erwerbstätigkeit ist die selbständige Tätigkeit, die Beschäftigung" in law(
        "§ 2 Abs. 2 AufenthG"
    )
    # the in-company training needs the Federal Employment Agency's consent to employment
    assert "betrieblichen Aus- und Weiterbildung" in law("§ 16a AufenthG")
    assert "nach § 39 zugestimmt" in law("§ 16a AufenthG")
    assert "training" in RULES["employment_purposes"]


def test_the_opportunity_card_is_not_issued_after_a_visa_free_entry():
    text = law("§ 20a AufenthG")
    assert "bereits im Bundesgebiet aufhält, darf die Chancenkarte nur erteilt werden, wenn er " \
        "im Besitz eines Aufenthaltstitels nach Abschnitt 3 oder Abschnitt 4 ist" in text
    assert "job_search" in RULES["visa_only_purposes"]


def test_asylum_is_requested_in_germany_at_the_bamf():
    assert "Über Asylanträge entscheidet das Bundesamt" in law("§ 5 AsylG")
    assert "im Bundesgebiet Schutz" in law("§ 13 AsylG")
    assert "Außenstelle des Bundesamtes" in law("§ 14 AsylG")
    assert "Ausländerbehörde" in law("§ 19 AsylG")


def test_the_ukraine_exemption_and_the_title_obtained_here():
    text = law("§ 2 UkraineAufenthÜV")
    assert "bis zum 4. Dezember 2026" in text and "90 Tagen" in text
    assert "im Bundesgebiet eingeholt werden" in law("§ 3 UkraineAufenthÜV")
    assert "vorübergehender Schutz" in law("§ 24 AufenthG")


def test_a_visa_free_entry_usually_requires_the_visa_procedure():
    assert "mit dem erforderlichen Visum eingereist" in law("§ 5 Abs. 2 AufenthG")
    assert "nationales Visum" in law("§ 39 AufenthV")


def test_every_citation_of_the_rules_links_to_an_existing_paragraph():
    knowledge = current_knowledge()
    cited = list(RULES["germans_basis"]) + list(RULES["swiss_basis"])
    cited += RULES["visa_free_application"]["employment_basis"]
    cited += RULES["ukraine_exemption"]["basis"]
    for entry in RULES["entry"].values():
        cited += entry.get("basis", [])
    for rule in RULES["recommendations"]:
        cited += rule["basis"] + [c for m in rule.get("then", []) for c in m["basis"]]
        assert rule["response"] in CATALOGS["de"], rule["response"]
        assert rule.get("topic", RULES["purposes"][rule["purpose"]]) in knowledge.topics
    for citation in cited:
        assert paragraph_text(citation)
        assert knowledge.citation_url(citation), citation
