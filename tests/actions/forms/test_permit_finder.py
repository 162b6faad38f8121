"""The permit finder: nationality, purpose and place lead to the matching title."""

import pytest

from actions.forms.permit_finder import ActionAnswerPermitFinder, ValidatePermitFinderForm
from tests.actions.forms.conftest import responses, run

FORM = ValidatePermitFinderForm()


def finish(domain_dict, nationality, purpose=None, status=None):
    slots = {"nationality": nationality, "stay_purpose": purpose, "current_status": status}
    return run(ActionAnswerPermitFinder(), domain_dict, slots=slots)


def test_the_nationality_comes_from_the_country_entity(domain_dict):
    _, slots = run(
        FORM, domain_dict, "aus Indien", entities={"country": "IN"}, requested="nationality"
    )
    assert slots["nationality"] == "IN"


def test_eu_citizens_are_told_after_the_first_question_that_they_need_no_title(domain_dict):
    _, slots = run(FORM, domain_dict, "Polen", entities={"country": "PL"}, requested="nationality")
    assert slots["requested_slot"] is None  # no further questions
    messages, topic = finish(domain_dict, "PL")
    assert topic["topic"] == "eu_citizens"


def test_a_question_about_a_title_answers_the_purpose_question(domain_dict):
    _, slots = run(
        FORM,
        domain_dict,
        "ich will studieren",
        intent="study_permit",
        slots={"nationality": "IN"},
        requested="stay_purpose",
    )
    assert slots["stay_purpose"] == "study"


@pytest.mark.parametrize(
    "nationality, purpose, entry",
    [
        ("US", "work", "utter_entry_visa_free"),  # § 41 Abs. 1 AufenthV
        ("BR", "study", "utter_entry_visa_free"),  # § 41 Abs. 2 AufenthV: not for work
        ("BR", "work", "utter_entry_visa"),
        ("IN", "work", "utter_entry_visa"),
    ],
)
def test_from_abroad_the_way_in_depends_on_nationality_and_purpose(
    domain_dict, nationality, purpose, entry
):
    messages, slots = finish(domain_dict, nationality, purpose, "abroad")
    assert responses(messages)[0] == entry
    assert "__41.html" in messages[0]["citations"] or "__6.html" in messages[0]["citations"]
    assert slots["topic"] == {"work": "skilled_worker", "study": "study_permit"}[purpose]
    assert "utter_next_step" in responses(messages)


def test_in_germany_the_answer_is_the_title_itself(domain_dict):
    messages, slots = finish(domain_dict, "SY", "family", "permit")
    assert slots["topic"] == "family_reunion"
    assert not {"utter_entry_visa", "utter_entry_visa_free"} & set(responses(messages))
    # the title's documents, online application and fee paragraph from the office catalog
    assert {"utter_service_documents", "utter_service_online", "utter_service_fee"} <= set(
        responses(messages)
    )


def test_ukrainians_seeking_protection_get_the_temporary_protection_answer(domain_dict):
    _, slots = finish(domain_dict, "UA", "protection", "permit")
    assert slots["topic"] == "ukraine_protection"
