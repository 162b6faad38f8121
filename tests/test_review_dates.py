"""Answers bound to a date carry a review date, and stale law cannot ship: once a `review_by`
date has passed, this test fails until someone re-reads the law and moves the date."""

import re
from datetime import date

import pytest

from actions.knowledge import load_knowledge
from tests.conftest import PROJECT_DIR

KNOWLEDGE = load_knowledge(PROJECT_DIR / "knowledge")
MONTHS = ("Januar Februar März April Mai Juni Juli August September Oktober November"
          " Dezember").split()
DATE = re.compile(rf"\b(\d{{1,2}})\.\s?(\d{{1,2}}\.|{'|'.join(MONTHS)})\s?(\d{{4}})\b")


def dates_named(text):
    for day, month, year in DATE.findall(text):
        number = int(month.rstrip(".")) if month[0].isdigit() else MONTHS.index(month) + 1
        yield date(int(year), number, int(day))


@pytest.mark.parametrize("topic", KNOWLEDGE.answers(), ids=lambda t: t.id)
def test_an_answer_naming_a_coming_date_has_a_review_date(topic):
    coming = [d for d in dates_named(topic.answer["de"]) if d >= date.today()]
    assert not coming or topic.review_by, f"names {coming} but has no review_by"


@pytest.mark.parametrize(
    "topic", [t for t in KNOWLEDGE.topics.values() if t.review_by], ids=lambda t: t.id
)
def test_no_review_date_has_passed(topic):
    assert topic.review_by >= date.today(), (
        f"review_by {topic.review_by} has passed: re-read {topic.basis} and the answer, then move"
        " the date (say so in the commit message)"
    )
