"""The permit finder: nationality, purpose, place and what the citizen told about themselves
lead to the likely title, the way in and the next step."""

import asyncio
import re

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.forms.permit_finder import ActionAnswerPermitFinder, ValidatePermitFinderForm
from actions.knowledge import current_knowledge
from tests.actions.forms.conftest import responses, run
from tests.conftest import LANGUAGES, PROJECT_DIR, make_tracker, user_event

FORM = ValidatePermitFinderForm()
RULES = yaml.safe_load((PROJECT_DIR / "knowledge/permit_finder.yml").read_text("utf-8"))
ENTRY = {
    "utter_entry_visa",
    "utter_entry_visa_free",
    "utter_entry_visa_employment",
    "utter_entry_ukraine",
    "utter_entry_apply_here_visa_free",
    "utter_entry_visa_procedure",
    "utter_entry_apply_here",
}


def catalog(language):
    if language == "de":
        return yaml.safe_load((PROJECT_DIR / "domain.yml").read_text("utf-8"))["responses"]
    path = PROJECT_DIR / "locales" / f"{language}.yml"
    return yaml.safe_load(path.read_text("utf-8"))["responses"]


CATALOGS = {language: catalog(language) for language in LANGUAGES}


OFFICE_FACTS = {"office_name", "phone", "email", "hours", "postal_address", "booking_url"}


def rendered(message, language="de", office=True):
    """The text the citizen reads: the response in their language, filled in (without the
    office's facts if `office` is False)."""
    template = CATALOGS[language][message["response"]][0]["text"]
    values = {k: v for k, v in message.items() if isinstance(v, str)}
    if not office:
        values.update(dict.fromkeys(OFFICE_FACTS & set(values), ""))
    return template.format(**values)


def finish(domain_dict, nationality, purpose=None, status=None, facts=None, events=()):
    """Runs the answer action after the form; returns the messages and the slots it set."""
    slots = {
        "nationality": nationality,
        "stay_purpose": purpose,
        "current_status": status,
        "permit_facts": facts,
    }
    tracker = make_tracker([*events, user_event("", "de", "inform")], slots)
    dispatcher = CollectingDispatcher()
    result = asyncio.run(ActionAnswerPermitFinder().run(dispatcher, tracker, domain_dict))
    return dispatcher.messages, {e["name"]: e["value"] for e in result if e["event"] == "slot"}


def message(messages, response):
    found = [m for m in messages if m.get("response") == response]
    assert found, f"{response} not in {responses(messages)}"
    return found[0]


def all_citations(messages):
    return " ".join(m.get("citations", "") for m in messages)


# --- the form ------------------------------------------------------------------------------


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
    assert "FreizügG/EU" in all_citations(messages)


@pytest.mark.parametrize("code", ["DE", "CH"])
def test_germans_and_swiss_are_not_asked_further(domain_dict, code):
    _, slots = run(FORM, domain_dict, "x", entities={"country": code}, requested="nationality")
    assert slots["requested_slot"] is None


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
    "text, language, intent, purpose",
    [
        ("Ausbildung als Pflegefachkraft", "de", "skilled_worker", "training"),
        ("to join my wife", "en", "inform", "family"),
        ("çalışmak istiyorum", "tr", "inform", "work"),
        ("أريد الدراسة في ألمانيا", "ar", "inform", "study"),
        ("Захист / притулок", "uk", "inform", "protection"),
        ("Arbeit suchen", "de", "inform", "job_search"),
    ],
)
def test_the_purpose_is_read_from_the_words_first(domain_dict, text, language, intent, purpose):
    _, slots = run(
        FORM, domain_dict, text, intent=intent, slots={"nationality": "IN"},
        requested="stay_purpose", language=language,
    )
    assert slots["stay_purpose"] == purpose


@pytest.mark.parametrize(
    "text, language, status",
    [
        ("I'm already here without a visa", "en", "visa_free"),
        ("Noch im Ausland", "de", "abroad"),
        ("Almanya'da, oturma izniyle", "tr", "permit"),
        ("في ألمانيا بتأشيرة", "ar", "visa"),
        ("Інше", "uk", "other"),
    ],
)
def test_where_the_citizen_is_is_read_from_the_words(domain_dict, text, language, status):
    _, slots = run(
        FORM, domain_dict, text, slots={"nationality": "IN", "stay_purpose": "work"},
        requested="current_status", language=language,
    )
    assert slots["current_status"] == status


def test_the_new_status_button_in_germany_without_a_visa_is_accepted(domain_dict):
    buttons = domain_dict["responses"]["utter_ask_current_status"][0]["buttons"]
    assert '/inform{"current_status":"visa_free"}' in [b["payload"] for b in buttons]
    _, slots = run(
        FORM, domain_dict, "", entities={"current_status": "visa_free"},
        slots={"nationality": "IN", "stay_purpose": "work"}, requested="current_status",
    )
    assert slots["current_status"] == "visa_free"


def test_a_question_instead_of_the_place_is_not_taken_for_an_answer(domain_dict):
    messages, slots = run(
        FORM, domain_dict, "Wie lange dauert das?", intent="processing_time", confidence=0.3,
        slots={"nationality": "IN", "stay_purpose": "work"}, requested="current_status",
    )
    assert slots["current_status"] is None


def test_asylum_seekers_are_not_asked_where_they_are(domain_dict):
    _, slots = run(
        FORM, domain_dict, "Asyl", slots={"nationality": "SY"}, requested="stay_purpose"
    )
    assert slots["stay_purpose"] == "protection"
    assert slots["requested_slot"] is None


# --- the answer ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nationality, purpose, entry, paragraph",
    [
        ("US", "work", "utter_entry_visa_free", "aufenthv/__41.html"),  # § 41 Abs. 1 AufenthV
        ("BR", "study", "utter_entry_visa_free", "aufenthv/__41.html"),  # Abs. 2: not for work
        ("BR", "work", "utter_entry_visa_employment", "aufenthv/__41.html"),
        # in-company training is employment (§ 2 Abs. 2 AufenthG): no visa-free way in
        ("BR", "training", "utter_entry_visa_employment", "aufenthg_2004/__2.html"),
        ("IN", "work", "utter_entry_visa", "aufenthg_2004/__6.html"),
        # the opportunity card is not issued after a visa-free entry (§ 20a Abs. 4 AufenthG)
        ("US", "job_search", "utter_entry_visa", "aufenthg_2004/__6.html"),
    ],
)
def test_from_abroad_the_way_in_depends_on_nationality_and_purpose(
    domain_dict, nationality, purpose, entry, paragraph
):
    messages, slots = finish(domain_dict, nationality, purpose, "abroad")
    assert set(responses(messages)) & ENTRY == {entry}
    assert paragraph in message(messages, entry)["citations"]
    assert slots["topic"] == RULES["purposes"][purpose]
    # a way forward: an appointment, or for a service applied for online a person
    assert {"utter_next_step", "utter_next_step_contact"} & set(responses(messages))


def test_brazilians_are_told_that_company_training_counts_as_work(domain_dict):
    messages, _ = finish(domain_dict, "BR", "training", "abroad")
    entry = message(messages, "utter_entry_visa_employment")
    assert "betriebliche Ausbildung" in rendered(entry, "de")
    assert "§ 41 Abs. 2 AufenthV" in entry["citations"]


def test_the_likely_title_comes_first_with_its_paragraph(domain_dict):
    messages, slots = finish(domain_dict, "IN", "work", "abroad", ["degree", "job_offer"])
    first = messages[0]
    assert first["response"] == "utter_permit_work_academic_offer"
    assert "§ 18g AufenthG" in first["citations"] and "§ 18b AufenthG" in first["citations"]
    assert "__18g.html" in first["citations"]
    # the Blue Card depends on the yearly minimum salary; Lotse states no figure
    assert not re.search(r"\d{2}[.,]?\d{3}", rendered(first, "de"))
    assert slots["topic"] == "blue_card"


def test_a_vocational_qualification_leads_to_18a(domain_dict):
    messages, _ = finish(domain_dict, "IN", "work", "abroad", ["vocational", "job_offer"])
    assert "§ 18a AufenthG" in messages[0]["citations"]
    assert "§ 18g" not in messages[0]["citations"]


def test_studies_with_and_without_admission(domain_dict):
    admitted, _ = finish(domain_dict, "IN", "study", "abroad", ["admission"])
    applicant, _ = finish(domain_dict, "IN", "study", "abroad", [])
    assert "§ 16b AufenthG" in admitted[0]["citations"]
    assert "§ 17 Abs. 2 AufenthG" in applicant[0]["citations"]
    # the admission letter is among the documents only once there is one
    assert "utter_service_documents" in responses(admitted)
    assert "utter_service_documents" not in responses(applicant)


def test_asylum_is_requested_at_the_bamf_not_through_a_residence_title(domain_dict):
    messages, slots = finish(domain_dict, "SY", "protection")
    assert messages[0]["response"] == "utter_permit_asylum"
    assert "asylvfg_1992/__14.html" in messages[0]["citations"]
    assert "BAMF" in rendered(messages[0], "de")
    assert not set(responses(messages)) & ENTRY  # no visa, no § 41 way in
    assert slots["topic"] == "refugee_status_permit"


def test_ukrainians_seeking_protection_get_temporary_protection(domain_dict):
    messages, slots = finish(domain_dict, "UA", "protection", "abroad")
    assert "§ 24 AufenthG" in messages[0]["citations"]
    assert "UkraineAufenthÜV" in message(messages, "utter_entry_ukraine")["citations"]
    assert slots["topic"] == "ukraine_protection"
    _, slots = finish(domain_dict, "UA", "protection", "permit")
    assert slots["topic"] == "ukraine_protection"


def test_germans_need_no_title_and_are_not_eu_citizens_under_the_freedom_of_movement_act(
    domain_dict,
):
    messages, slots = finish(domain_dict, "DE")
    assert responses(messages) == ["utter_permit_germans"]
    assert "§ 2 Abs. 1 AufenthG" in messages[0]["citations"]
    assert "FreizügG" not in all_citations(messages)
    assert slots.get("topic") != "eu_citizens"


def test_swiss_citizens_are_exempt_under_28_aufenthv(domain_dict):
    messages, _ = finish(domain_dict, "CH", "work", "abroad")
    assert responses(messages) == ["utter_swiss_citizens"]
    assert "§ 28 AufenthV" in messages[0]["citations"]
    assert "aufenthv/__28.html" in messages[0]["citations"]


def test_family_reunion_is_addressed_to_the_person_who_wants_to_join(domain_dict):
    messages, slots = finish(domain_dict, "SY", "family", "abroad")
    first = messages[0]
    assert first["response"] == "utter_permit_family"
    for paragraph in ("§ 28 AufenthG", "§ 29 AufenthG", "§ 3 FreizügG/EU"):
        assert paragraph in first["citations"]
    assert "Ihres Angehörigen" in rendered(first, "de")  # the relative is the one in Germany
    assert "your relative" in rendered(first, "en")
    # the topic answer speaks to the family member in Germany ("Ihre Angehörigen"): not sent
    sponsor_text = current_knowledge().topics["family_reunion"].text("de")
    assert sponsor_text not in [m.get("text") for m in messages]
    assert "utter_entry_visa" in responses(messages)  # the visa from abroad
    assert slots["topic"] == "family_reunion"


def test_in_germany_the_answer_is_the_title_itself(domain_dict):
    messages, slots = finish(domain_dict, "SY", "family", "permit")
    assert slots["topic"] == "family_reunion"
    assert not {"utter_entry_visa", "utter_entry_visa_free"} & set(responses(messages))
    # the title's documents, online application and fee from the office catalog
    assert {"utter_service_documents", "utter_service_online", "utter_fee_amount"} <= set(
        responses(messages)
    )


@pytest.mark.parametrize(
    "nationality, entry, paragraph",
    [
        ("US", "utter_entry_apply_here_visa_free", "aufenthv/__41.html"),
        ("IN", "utter_entry_visa_procedure", "aufenthg_2004/__5.html"),
    ],
)
def test_in_germany_without_a_visa(domain_dict, nationality, entry, paragraph):
    messages, _ = finish(domain_dict, nationality, "work", "visa_free")
    assert paragraph in message(messages, entry)["citations"]


def test_the_answer_ends_with_no_promise_and_the_next_step(domain_dict):
    messages, _ = finish(domain_dict, "IN", "work", "abroad", ["degree"])
    names = responses(messages)
    assert names[-2:] == ["utter_next_step", "utter_ask_feedback"]
    assert names.count("utter_permit_finder_disclaimer") == 1


def test_the_disclaimer_is_said_once_per_conversation(domain_dict):
    earlier = {
        "event": "bot", "text": "…", "metadata": {"utter_action": "utter_permit_finder_disclaimer"}
    }
    messages, _ = finish(domain_dict, "IN", "work", "abroad", events=[earlier])
    assert "utter_permit_finder_disclaimer" not in responses(messages)


def test_nationality_purpose_and_facts_are_kept_for_later_forms(domain_dict):
    _, slots = finish(domain_dict, "IN", "work", "abroad", ["degree"])
    assert slots["current_status"] is None
    assert not {"nationality", "stay_purpose", "permit_facts"} & set(slots)
    _, slots = finish(domain_dict, "PL")
    assert "nationality" not in slots


# --- every answer, every language ----------------------------------------------------------


def test_who_needs_a_visa_first_gets_what_to_prepare_not_this_offices_application(domain_dict):
    # still in India with an admission: the visa at the mission comes first, so not the
    # office's online form or residence-permit fee, and no appointment of the office's service
    messages, _ = finish(domain_dict, "IN", "study", "abroad", ["admission"])
    assert "utter_service_documents" in responses(messages)
    assert not {"utter_service_online", "utter_fee_amount", "utter_service_fee"} & set(
        responses(messages))
    assert message(messages, "utter_next_step")["appointment_payload"] == "/book_appointment"
    # an American may enter without a visa and apply here: this office's application
    american, _ = finish(domain_dict, "US", "study", "abroad", ["admission"])
    assert {"utter_service_online", "utter_fee_amount"} <= set(responses(american))


def test_why_the_nationality_is_asked_is_answered(domain_dict):
    messages, slots = run(FORM, domain_dict, "Warum wollen Sie das wissen?",
                          requested="nationality", intent="bot_challenge", confidence=0.6)
    assert responses(messages) == ["utter_why_nationality"]
    assert slots["nationality"] is None
