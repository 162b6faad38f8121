"""Not our remit, not our district: the reply says whose it is and how to reach them."""

import asyncio

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.asked import ActionAnswerOffice, ActionAnswerOutOfScope
from actions.office import current_registry
from tests.conftest import LANGUAGES, PROJECT_DIR, make_tracker, user_event

AUTHORITIES = yaml.safe_load((PROJECT_DIR / "knowledge" / "referrals.yml").read_text("utf-8"))[
    "authorities"
]


def run(action, text, intent, entities=None, language="de"):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([user_event(text, language, intent=intent, entities=entities)])
    asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages


def test_kindergeld_goes_to_the_familienkasse_with_its_link():
    [message] = run(ActionAnswerOutOfScope(), "Wo beantrage ich Kindergeld?", "out_of_scope",
                    {"authority": "familienkasse"})
    assert message["response"] == "utter_referral"
    assert message["authority"] == "Familienkasse der Bundesagentur für Arbeit"
    assert "Kindergeld" in message["handles"]
    assert message["contact"] == " https://www.arbeitsagentur.de/familie-und-kinder"


def test_the_offices_local_authority_is_named_with_its_phone():
    [message] = run(ActionAnswerOutOfScope(), "Personalausweis verloren", "out_of_scope",
                    {"authority": "buergerbuero"}, language="en")
    assert message["authority"].startswith("citizens' office at the Landratsamt Musterhausen")
    assert "ID cards and passports of German citizens" in message["handles"]
    assert "https://www.lk-musterhausen.example/buergerbuero" in message["contact"]
    assert "☎ +49 1234 5678-100" in message["contact"]


def test_an_unrelated_question_gets_the_general_reply():
    [message] = run(ActionAnswerOutOfScope(), "Wie wird das Wetter?", "out_of_scope")
    assert message["response"] == "utter_out_of_scope"


def test_a_postal_code_of_a_configured_neighbour_names_that_office():
    [message] = run(ActionAnswerOffice(), "Ich wohne in 99931, seid ihr zuständig?",
                    "office_responsibility", {"postal_code": "99931"})
    assert message["response"] == "utter_office_neighbour"
    assert message["neighbour"] == "Ausländerbehörde des Landkreises Beispielland"
    assert "☎ +49 1235 4321-0" in message["contact"]


def test_an_unknown_postal_code_gets_no_guess_but_the_office_finder():
    messages = run(ActionAnswerOffice(), "PLZ 80331, wer ist zuständig?",
                   "office_responsibility", {"postal_code": "80331"})
    assert [m["response"] for m in messages] == [
        "utter_office_not_responsible", "utter_office_finder"]
    assert messages[0]["place"] == "80331"
    assert messages[1]["finder_url"] == "https://bamf-navi.bamf.de"


def test_a_town_of_a_neighbour_is_recognised_in_words():
    [message] = run(ActionAnswerOffice(), "Ich wohne in Oberdorf, bin ich hier richtig?",
                    "office_responsibility")
    assert message["response"] == "utter_office_neighbour"


@pytest.mark.parametrize("authority", sorted(AUTHORITIES))
def test_every_authority_is_described_in_every_language(authority):
    entry = AUTHORITIES[authority]
    for field in ("name", "handles", "keywords"):
        assert set(entry[field]) == set(LANGUAGES), f"{authority}.{field}"
    assert all(entry["keywords"][language] for language in LANGUAGES)


def test_offices_refer_only_to_known_authorities():
    for office in current_registry().offices:
        assert set(office.referrals.authorities) <= set(AUTHORITIES), office.id


def test_anger_read_as_out_of_scope_still_gets_the_way_to_a_person():
    [message] = run(ActionAnswerOutOfScope(), "Ihr seid alle unfähig, ein Saftladen",
                    "out_of_scope")
    assert message["response"] == "utter_complaint"


def test_two_other_authorities_in_one_message_are_both_named():
    # a playtest: "Personalausweis abgelaufen und Auto ummelden" named only the Bürgerbüro
    event = user_event("Ich bin Deutsche, mein Personalausweis ist abgelaufen und ich muss mein "
                       "Auto ummelden", "de", intent="out_of_scope")
    event["parse_data"]["entities"] = [{"entity": "authority", "value": "buergerbuero"},
                                       {"entity": "authority", "value": "zulassungsstelle"}]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerOutOfScope().run(dispatcher, make_tracker([event]), {}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_referrals"
    first, second = message["authorities"].splitlines()
    assert "Bürgerbüro" in first and "Personalausweis" in first
    assert "Zulassungsstelle" in second and "Kennzeichen" in second


def after_referral(text, intent, language="de"):
    """`text` right after the bot sent the citizen to the Zulassungsstelle."""
    events = [user_event("Ich muss mein Auto ummelden", language, "out_of_scope",
                         {"authority": "zulassungsstelle"}),
              {"event": "bot", "text": "Das macht nicht die Ausländerbehörde …",
               "metadata": {"utter_action": "utter_referral"}},
              user_event(text, language, intent)]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerOffice().run(dispatcher, make_tracker(events), {}))
    return dispatcher.messages


def test_where_is_that_after_a_referral_is_about_the_authority_named():
    # "wo ist das?" after the Zulassungsstelle got the immigration office's own address
    [where] = after_referral("wo ist das?", "office_location")
    assert where["text"].startswith("Kfz-Zulassungsstelle des Landkreises Musterhausen")
    assert "Gewerbestraße 12" in where["text"] and "☎ +49 1234 5678-200" in where["text"]
    assert "Landratsamtplatz 1" not in where["text"]
    [russian] = after_referral("куда?", "office_location", language="ru")
    assert "Gewerbestraße 12" in russian["text"]
    # a longer question names the immigration office again: its own address
    [ours] = after_referral("und wo ist eigentlich die Ausländerbehörde bei euch?",
                            "office_location")
    assert ours["response"] == "utter_office_location"


def test_naturalisation_names_its_department_and_books_no_appointment_here(domain_dict):
    # the answer ended "Zuständig ist die Einbürgerungsbehörde" with the immigration office's
    # appointment button, and "kann ich dafür einen Termin machen?" offered its services
    from actions.asked import ActionAnswerTopic
    from actions.forms.appointment import ValidateAppointmentForm

    dispatcher = CollectingDispatcher()
    said = user_event("Ich möchte mich einbürgern lassen, wo muss ich hin?", "de",
                      intent="naturalization")
    asyncio.run(ActionAnswerTopic().run(dispatcher, make_tracker([said]), {}))
    texts = [m.get("text") or "" for m in dispatcher.messages]
    assert any(t.startswith("Einbürgerungsbehörde im Landratsamt Musterhausen:")
               and "☎" in t for t in texts)
    responses = [m.get("response") for m in dispatcher.messages]
    assert "utter_next_step" not in responses and "utter_disclaimer" not in responses
    booking = CollectingDispatcher()
    asked = make_tracker([said, user_event("kann ich dafür einen Termin machen?", "de",
                                           intent="book_appointment")],
                         {"topic": "naturalization", "requested_slot": None})
    events = asyncio.run(ValidateAppointmentForm().run(booking, asked, domain_dict))
    [message] = booking.messages
    assert message["response"] == "utter_appointment_elsewhere"
    assert "Landratsamt Musterhausen" in message["where"]
    assert {"event": "slot", "name": "form_finished", "value": True} in [
        {k: e[k] for k in ("event", "name", "value")} for e in events]


def test_an_appointment_for_naturalisation_is_sent_to_its_department_once():
    from actions.asked import ActionAnswerTopic

    dispatcher = CollectingDispatcher()
    tracker = make_tracker([user_event("Ich brauche einen Termin für die Einbürgerung", "de",
                                       intent="naturalization")])
    events = asyncio.run(ActionAnswerTopic().run(dispatcher, tracker, {}))
    # the appointment form says whose appointments those are; not the department twice
    assert dispatcher.messages == []
    assert {"event": "followup", "name": "appointment_form"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events]


def test_a_question_for_contact_or_hours_naming_another_authority_gets_that_authority():
    # "Wie erreiche ich das BAMF?" (office_contact) gave the immigration office's phone
    bamf = run(ActionAnswerOffice(), "Wie erreiche ich das BAMF?", "office_contact")
    assert "bamf.de" in bamf[0]["text"] and "5678" not in bamf[0]["text"]
    turkish = run(ActionAnswerOffice(), "bamfa nasil ulasirim", "office_contact", language="tr")
    assert "bamf.de" in turkish[0]["text"]
    # the local Bürgerbüro's own entry (office configuration): its address and phone
    hours = run(ActionAnswerOffice(), "Wann hat das Bürgerbüro geöffnet?", "office_hours")
    assert "Gebäude A" in hours[0]["text"] and "5678-100" in hours[0]["text"]
    # an authority known only generically: whose matter it is, not a bare name
    registry = run(ActionAnswerOffice(), "Öffnungszeiten Standesamt?", "office_hours")
    assert registry[0]["response"] == "utter_referral"
    # our own office asked about: our hours
    ours = run(ActionAnswerOffice(), "Wann habt ihr geöffnet?", "office_hours")
    assert ours[0]["response"] == "utter_office_hours"


def test_waiting_for_the_bamf_is_no_complaint_about_us_and_gets_the_bamf():
    # "8 aydır cevap yok. BAMF'a nasıl ulaşabiliriz?" got "sorry, this is annoying" and our
    # own phone
    event = user_event("kardesim 8 aydir iltica basvurusu yapti hala cevap yok. BAMF a nasil "
                       "ulasabiliriz, telefon var mi?", "tr", intent="office_contact",
                       confidence=0.83)
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerOffice().run(dispatcher, make_tracker([event]), {}))
    assert "bamf.de" in dispatcher.messages[0]["text"]


def test_a_move_names_the_local_buergerbuero_and_books_there(domain_dict):
    # "Termin für die Adressänderung" offered the immigration office's ten services, again
    # and again; the office configures the Bürgerbüro for registration and the card's address
    from actions.asked import ActionAnswerTopic
    from actions.forms.appointment import ValidateAppointmentForm

    dispatcher = CollectingDispatcher()
    said = user_event("ich bin umgezogen, wo melde ich die neue adresse?", "de",
                      intent="change_of_address")
    asyncio.run(ActionAnswerTopic().run(dispatcher, make_tracker([said]), {}))
    texts = [m.get("text") or "" for m in dispatcher.messages]
    assert any(t.startswith("Bürgerbüro im Landratsamt Musterhausen")
               and "Landratsamtplatz 1, Gebäude A" in t for t in texts)
    booking = CollectingDispatcher()
    asked = make_tracker([said, user_event("kann ich da einen termin machen?", "de",
                                           intent="book_appointment")],
                         {"topic": "change_of_address", "requested_slot": None})
    asyncio.run(ValidateAppointmentForm().run(booking, asked, domain_dict))
    [message] = booking.messages
    assert message["response"] == "utter_appointment_elsewhere"
    assert message["where"].startswith("Bürgerbüro im Landratsamt Musterhausen")


def test_a_department_naming_an_unknown_authority_is_refused():
    import pytest
    from pydantic import ValidationError

    from lotse_common.office.schema import Referrals

    assert Referrals(authorities={}, departments={}).departments == {}
    with pytest.raises(ValidationError, match="no such referrals.authorities: rathaus"):
        Referrals(departments={"change_of_address": "rathaus"})
