"""knowledge/fees.yml: every amount is quoted from the paragraph it cites (../shared/legal)."""

import re

import pytest
import yaml

from actions.office import load_registry
from lotse_common.office.schema import CITATION
from tests.conftest import LANGUAGES, PROJECT_DIR
from tests.test_legal_citations import paragraph_text

FEES = yaml.safe_load((PROJECT_DIR / "knowledge" / "fees.yml").read_text("utf-8"))
OFFICE = load_registry(PROJECT_DIR / "office").default  # Musterhausen, the sample office

CASES = [
    pytest.param(case, id=f"{service}:{case.get('amount', 'none')}")
    for service, cases in FEES["services"].items()
    for case in cases
] + [
    pytest.param(case, id=f"{topic}:{case['amount']}")
    for topic, entry in FEES["topics"].items()
    for case in entry["cases"]
]
REDUCTIONS = [pytest.param(reduction, id=reduction["id"]) for reduction in FEES["reductions"]]


def cited_text(citation: str) -> str:
    """The cited paragraph, or only its Absatz if the citation names one; whitespace collapsed."""
    text = paragraph_text(citation)  # fails if the paragraph or the Absatz does not exist
    subsection = re.search(r" Abs\. (\d+) ", citation)
    if subsection:
        parts = re.split(r"^\((\d+)\) ", text, flags=re.MULTILINE)
        text = dict(zip(parts[1::2], parts[2::2], strict=True))[subsection[1]]
    return " ".join(text.split())


def check_text(texts: dict, citation: str | None) -> None:
    """Five languages, one line each, and every number in them stated by the cited law."""
    assert sorted(texts) == sorted(LANGUAGES)
    law = cited_text(citation) if citation else ""
    for language, text in texts.items():
        assert text and "\n" not in text, language
        for number in re.findall(r"\d+", text):
            found = re.search(rf"(?<!\d){number}(?!\d)", law)
            assert found, f"{language}: '{number}' is not in {citation}"


@pytest.mark.parametrize("case", CASES)
def test_every_amount_is_quoted_from_the_cited_paragraph(case):
    assert ("amount" in case) != ("none" in case), "a case has an amount or none"
    if "amount" in case:
        assert re.fullmatch(r"\d+ Euro", case["amount"]), case["amount"]
        assert re.search(rf"(?<!\d){case['amount']}", cited_text(case["basis"]))
        check_text(case["case"], case["basis"])
    else:
        check_text(case["none"], case.get("basis"))


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_reductions_are_sourced_and_name_countries_by_iso_code(reduction):
    check_text(reduction["text"], reduction["basis"])
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in reduction.get("nationalities", []))


def test_every_basis_is_a_citation_of_the_current_law_text():
    cases = [case for cases in FEES["services"].values() for case in cases]
    for entry in cases + FEES["reductions"]:
        if "basis" in entry:
            assert CITATION.match(entry["basis"]), entry["basis"]
            front_matter = paragraph_text(entry["basis"]).split("---")[1]
            assert f'stand_datum: "{FEES["stand_datum"]}"' in front_matter, (
                f"{entry['basis']} has changed since {FEES['stand_datum']}: check the amounts"
            )
    for topic, entry in FEES["topics"].items():  # another law, with its own date
        for case in entry["cases"]:
            front_matter = paragraph_text(case["basis"]).split("---")[1]
            assert f'stand_datum: "{entry["stand_datum"]}"' in front_matter, (
                f"{case['basis']} has changed since {entry['stand_datum']}: check {topic}"
            )


def test_the_fees_are_those_of_the_office_services():
    for service_id in FEES["services"]:
        assert OFFICE.service(service_id), f"unknown service {service_id}"
    for service in OFFICE.services:
        if service.fee_reference:
            assert service.id in FEES["services"], f"{service.id}: no fees in knowledge/fees.yml"
