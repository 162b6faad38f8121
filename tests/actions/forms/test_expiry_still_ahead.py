"""From the plays of 2026-12-06 (2): "se me vence el diez de enero" and "vai vencer dia nove
de janeiro" were read as the 6th of January 2026 (dateparser's "de janeiro" with today's day,
this year), so the permit had "expired", with the warning that staying may be a crime; "hết
hạn ngày 10.01.2027, chưa hết hạn" read as permit_expired got the same warning twice."""

from datetime import date

import pytest

from actions.asked import ActionAnswerTopic
from actions.forms import dates
from actions.forms.dates import parse_date
from actions.forms.extension import ValidateExtensionForm
from tests.actions.forms.conftest import run

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize("text, language", [
    ("mi permiso de residencia se me vence el diez de enero", "es"),
    ("minha autorizacao de residencia vai vencer dia nove de janeiro", "pt"),
])
def test_a_month_without_a_day_read_is_not_a_day_of_this_years_month(text, language):
    found = parse_date(text, language, TODAY)
    assert found is None or found > TODAY


def test_a_day_in_words_next_to_the_month_is_read(monkeypatch):
    words = {"es": {"day_words": {"diez": 10}}, "pt": {"day_words": {"nove": 9}}}
    monkeypatch.setattr(dates, "date_words", lambda: words)
    assert parse_date("se me vence el diez de enero", "es", TODAY) == date(2027, 1, 10)
    assert parse_date("vai vencer dia nove de janeiro", "pt", TODAY) == date(2027, 1, 9)


def test_a_future_expiry_read_as_expired_plans_the_extension(domain_dict):
    text = "the permit expires on 10.01.2031, it is not expired"
    messages, slots = run(ActionAnswerTopic(), domain_dict, text, intent="permit_expired",
                          language="en")
    assert messages == []  # not the warning for an expired permit
    _, slots = run(ValidateExtensionForm(), domain_dict, text, intent="permit_expired",
                   language="en")
    assert slots["permit_expiry"] == "2031-01-10"


def test_a_past_expiry_keeps_the_expired_guidance(domain_dict):
    messages, _ = run(ActionAnswerTopic(), domain_dict, "my permit expired on 10.01.2025",
                      intent="permit_expired", language="en")
    assert messages  # the permit_expired answer


def test_a_vietnamese_date_with_the_months_number_is_read():
    # "10 thang 1 nam 2027" was not a date: the planner took the permit for expired
    assert parse_date("het han ngay 10 thang 1 nam 2027", "vi", TODAY) == date(2027, 1, 10)
    assert parse_date("hết hạn ngày 10 tháng 1", "vi", TODAY) == date(2027, 1, 10)
    assert parse_date("3 tháng nay tôi chờ", "vi", TODAY) is None  # three months, no date
