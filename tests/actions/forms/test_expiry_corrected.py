"""From the plays of 2026-12-07: a day corrected ("1 şubat değil 15 şubat", "no es el 1, es el
15 de abril") or told again right after the extension's plan was "not understood" in four
languages of four, and inside the planner the first day named was taken."""

import asyncio
from datetime import date, timedelta

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionDefaultAskAffirmation
from actions.forms.extension import named_expiry
from actions.forms.start import ActionRouteAnswer
from tests.conftest import make_tracker, user_event

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize("text, language, meant", [
    ("pardon yanlış yazdım, 1 şubat değil 15 şubat", "tr", date(2027, 2, 15)),
    ("perdon, me equivoque: no es el 1, es el 15 de abril", "es", date(2027, 4, 15)),
    ("à không phải mùng 1, em nhìn nhầm, là ngày 15 tháng 2", "vi", date(2027, 2, 15)),
    ("nein, nicht der 1. März, sondern der 15. März", "de", date(2027, 3, 15)),
    # Levantine, the day with the article
    ("لا لا غلطت، مش الأول، ال١٥ من آذار", "ar", date(2027, 3, 15)),
])
def test_a_corrected_day_is_the_day_meant(text, language, meant):
    assert named_expiry(text, language, TODAY) == meant


def test_one_day_named_is_read_as_before():
    assert named_expiry("meine Karte gilt bis 15.03.2027, ich habe 2 Kinder", "de",
                        TODAY) == date(2027, 3, 15)


def _after_the_plan(text, language, read):
    expiry = (date.today() + timedelta(days=60)).strftime("%d.%m.%Y")
    events = [user_event(f"my permit ends on {expiry}", "en", intent="extend_permit"),
              {"event": "bot", "text": "Apply by …",
               "metadata": {"utter_action": "utter_extension_apply_by"}},
              user_event(text, language, intent=read, confidence=0.3)]
    tracker = make_tracker(events, {"topic": "extend_permit", "language": language})
    dispatcher = CollectingDispatcher()
    action = ActionDefaultAskAffirmation() if read == "nlu_fallback" else ActionRouteAnswer()
    asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages


def test_a_day_corrected_after_the_plan_gets_the_plan_for_it():
    year = date.today().year + 1
    messages = _after_the_plan(f"sorry, not the 1st, it is the 15th of March {year}", "en",
                               "nlu_fallback")
    [plan] = [m for m in messages if m.get("response") in ("utter_extension_apply_by",
                                                          "utter_extension_apply_now")]
    assert plan["expiry"] == f"March 15, {year}"
    assert "utter_default" not in [m.get("response") for m in messages]
    # read as a form's answer, the same
    messages = _after_the_plan(f"my card is valid until 15 March {year}", "en", "inform")
    assert any(m.get("expiry") == f"March 15, {year}" for m in messages)


@pytest.mark.parametrize("text, meant", [
    # asked again: "until when is your title valid?" after "şubatın birinde bitiyor"
    ("benim kartımı uzatmam lazım, şubatın birinde bitiyor", date(2027, 2, 1)),
    ("martın on beşinde bitiyor", date(2027, 3, 15)),  # was the 10th
    ("mart ayının 15inde bitiyor", date(2027, 3, 15)),
])
def test_turkish_months_and_days_with_case_endings_are_read(text, meant):
    assert named_expiry(text, "tr", TODAY) == meant
