"""What a story tells before the question: how the citizen came is not what they ask for, and
where they are is the way in the permit finder gives (actions/forms/appointment_choice.py,
actions/forms/start.py)."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.forms.appointment_choice import match_service
from actions.office import current_registry
from tests.conftest import make_tracker, user_event


def test_a_service_named_only_in_the_story_is_how_they_came_not_what_they_ask_for():
    office = current_registry().get(None)
    story = ("Mein Mann ist letztes Jahr gestorben. Ich bin damals über den Familiennachzug "
             "gekommen. Kann ich einen Termin bekommen?")
    # the topic the message leads with (§ 31) books the extension, not a family-reunion visa
    assert match_service(story, "spouse_independent_residence", office, "de") == "extension"
    # a service named in the question itself still decides
    asked = "Ich bin über den Familiennachzug gekommen. Kann ich einen Termin für die " \
            "Niederlassungserlaubnis bekommen?"
    assert match_service(asked, "spouse_independent_residence", office, "de") == \
        "settlement_permit"


def test_where_the_citizen_is_after_a_purpose_answer_gives_the_way_in_from_there():
    # "Türk vatandaşıyım, … ausbildung … hangi izin?" was answered with § 16a; "still in Izmir"
    # is where they are: the finder's way in (the visa), nationality and purpose not asked again
    from actions.forms.start import ActionRouteAnswer

    events = [
        user_event("Türk vatandaşıyım, Almanya'da ausbildung yapmak istiyorum. Hangi oturum "
                   "iznine ihtiyacım var?", "tr", "vocational_training"),
        {"event": "bot", "text": "…", "data": {}},
        user_event("hala türkiyedeyim, izmirde", "tr", "inform"),
    ]
    dispatcher = CollectingDispatcher()
    result = asyncio.run(ActionRouteAnswer().run(
        dispatcher, make_tracker(events, {"topic": "vocational_training"}), {}))
    slots = {e["name"]: e["value"] for e in result if e.get("event") == "slot"}
    assert slots == {"nationality": "TR", "stay_purpose": "training", "current_status": "abroad"}
    assert (result[-1]["event"], result[-1]["name"]) == ("followup", "permit_finder_form")
    assert dispatcher.messages == []  # no "not understood"
