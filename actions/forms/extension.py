"""The extension form: "until when is your title valid?" → when to apply, what applies while
the application is pending (§ 81 Abs. 4 AufenthG), documents, online application, appointment.
A title that has already expired gets the `permit_expired` guidance instead."""

from datetime import date, timedelta
from typing import Any, Dict, List, Optional

from babel.dates import format_date
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import answer_topic, citations, next_step_and_rating, service_details
from actions.context import conversation_facts, language_and_office
from actions.forms.base import LotseForm
from actions.forms.dates import parse_date
from actions.knowledge import current_knowledge

SERVICE = "extension"
PENDING_BASIS = ["§ 81 Abs. 4 AufenthG", "§ 81 Abs. 5 AufenthG"]
# residence titles are issued for at most a few years; a date beyond this is a typo
LATEST_PLAUSIBLE = timedelta(days=366 * 10)


class ValidateExtensionForm(LotseForm):
    def name(self) -> str:
        return "validate_extension_form"

    def parse(self, slot: str, text: str, tracker: Tracker) -> Optional[Any]:
        language, _ = language_and_office(tracker)
        expiry = parse_date(text, language, date.today())
        return expiry.isoformat() if expiry else None

    async def validate_permit_expiry(self, value: Any, dispatcher, tracker, domain):
        try:
            expiry = date.fromisoformat(str(value))
        except ValueError:
            expiry = None
        if expiry is None or expiry > date.today() + LATEST_PLAUSIBLE:
            dispatcher.utter_message(response="utter_invalid_permit_expiry")
            return {"permit_expiry": None}
        return {"permit_expiry": expiry.isoformat()}


def extension_plan(expiry: date, lead_weeks: int, today: date) -> Dict[str, Any]:
    """Which response applies and by when to apply (the office's lead time before expiry)."""
    apply_by = expiry - timedelta(weeks=lead_weeks)
    if expiry < today:
        return {"response": None}
    if apply_by <= today:
        return {"response": "utter_extension_apply_now", "apply_by": None}
    return {"response": "utter_extension_apply_by", "apply_by": apply_by}


class ActionAnswerExtension(Action):
    def name(self) -> str:
        return "action_answer_extension"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        reset = [SlotSet("permit_expiry", None)]
        value = tracker.get_slot("permit_expiry")
        if not value:
            return reset
        language, office, facts = conversation_facts(tracker)
        expiry = date.fromisoformat(value)
        plan = extension_plan(expiry, office.extension_lead_weeks, date.today())
        if plan["response"] is None:
            answer_topic(dispatcher, tracker, "permit_expired")
            return reset + [SlotSet("topic", "permit_expired")]
        apply_by = plan["apply_by"]
        dispatcher.utter_message(
            response=plan["response"],
            expiry=format_date(expiry, "long", locale=language),
            apply_by=format_date(apply_by, "long", locale=language) if apply_by else "",
            **facts,
        )
        dispatcher.utter_message(
            response="utter_extension_pending",
            citations=citations(current_knowledge(), PENDING_BASIS),
        )
        service = service_details(dispatcher, office, SERVICE, language)
        next_step_and_rating(dispatcher, service)
        return reset + [SlotSet("topic", "extend_permit")]
