"""Fees of the services a status decides: the employment permit (no fee the AufenthV names)
and the toleration's renewal (§ 47 Abs. 1 Nr. 6, § 53 Abs. 1 AufenthV)."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from tests.actions.test_fee_questions import DOMAIN, ask_fee
from tests.conftest import make_tracker, user_event


def test_the_fee_of_a_service_the_office_names_none_for_is_not_asked_back():
    # "Was kostet das?" after the asylum seekers' work answer asked "for which service?" with
    # buttons that do not fit: the employment permit has no fee in our table
    from actions.forms.fee import ValidateFeeForm

    events = [user_event("Ich bin Asylbewerber, darf ich arbeiten?", "de", "work_permission"),
              user_event("Was kostet das?", "de", "fees")]
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(events, {"requested_slot": None, "topic": "work_permission"})
    asyncio.run(ValidateFeeForm().run(dispatcher, tracker, DOMAIN))
    assert dispatcher.messages[0]["response"] == "utter_fee_unknown"
    assert "Beschäftigungserlaubnis" in dispatcher.messages[0]["service_name"]
    assert "utter_ask_fee_service" not in [m.get("response") for m in dispatcher.messages]


def test_renewing_a_toleration_costs_the_fee_of_its_certificate():
    # "was kostet die Verlängerung der Duldung?": § 47 Abs. 1 Nr. 6 AufenthV, not the
    # residence permit's 93 Euro and not "no fee stated"
    from actions.forms.fee import ValidateFeeForm

    events = [user_event("Meine Duldung läuft ab", "de", "toleration"),
              user_event("Was kostet das?", "de", "fees")]
    tracker = make_tracker(events, {"requested_slot": None, "topic": "toleration"})
    dispatcher = CollectingDispatcher()
    found = asyncio.run(ValidateFeeForm().run(dispatcher, tracker, DOMAIN))
    assert {"event": "slot", "name": "fee_service", "value": "toleration_extension"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in found]

    messages, _ = ask_fee("Was kostet die Verlängerung der Duldung?")
    assert messages[0]["amount"] == "33 Euro"  # § 47 Abs. 1 Nr. 6 Buchst. a AufenthV
    assert "§ 53 Abs. 1 AufenthV" in messages[1]["citations"]  # no fee on AsylbLG benefits
