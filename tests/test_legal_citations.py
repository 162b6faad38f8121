"""Every paragraph Lotse cites exists in the current law texts (../shared/legal)."""

import re

import pytest

from actions.office import load_registry
from tests.conftest import LEGAL_DIR, PROJECT_DIR

FOLDERS = {
    "AufenthG": "aufenthg", "AufenthV": "aufenthv", "BeschV": "beschv",
    "FreizügG/EU": "freizuegg_eu", "StAG": "stag", "AsylG": "asylg", "IntV": "intv",
    "UkraineAufenthÜV": "ukraineaufenthuev",
}
CITATION = re.compile(r"^§ (\d+)([a-z]?)(?: Abs\. (\d+[a-z]?))? (\S+)$")


# Chinese and Vietnamese write a date's month as a number ("2022年12月31日", "31 tháng 12 năm
# 2022") where the law writes its name: that number is the month, not a figure of the law
NUMBERED_MONTH = re.compile(r"(?<!\d)\d{1,2}(?=\s?月)|(?<=tháng )\d{1,2}(?!\d)", re.IGNORECASE)


def without_numbered_months(text: str) -> str:
    return NUMBERED_MONTH.sub("", text)


def paragraph_text(citation: str) -> str:
    number, letter, subsection, law = CITATION.match(citation).groups()
    path = LEGAL_DIR / FOLDERS[law] / "paragraphs" / f"{int(number):04d}{letter}.md"
    assert path.exists(), f"{citation}: no such paragraph ({path.name})"
    text = path.read_text(encoding="utf-8")
    if subsection:
        assert f"({subsection})" in text, f"{citation}: no Abs. {subsection}"
    return text


def office_citations():
    for office in load_registry(PROJECT_DIR / "office").offices:
        for service in office.services:
            for citation in [*service.legal_basis, service.fee_reference]:
                if citation:
                    yield pytest.param(citation, id=f"{office.id}:{service.id}:{citation}")


def test_the_law_texts_are_available():
    assert LEGAL_DIR.is_dir(), f"{LEGAL_DIR} missing: the tests need ../shared/legal"


@pytest.mark.parametrize("citation", office_citations())
def test_office_service_citations_exist(citation):
    paragraph_text(citation)


def test_fee_references_point_to_fee_paragraphs():
    for office in load_registry(PROJECT_DIR / "office").offices:
        for service in office.services:
            if service.fee_reference:
                text = paragraph_text(service.fee_reference)
                assert "Gebühr" in text, f"{service.id}: {service.fee_reference} sets no fee"
