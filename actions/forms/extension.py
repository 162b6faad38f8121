"""The extension form: "until when is your title valid?" → when to apply, what applies while
the application is pending (§ 81 Abs. 4 AufenthG), documents, online application, appointment.

The date may come in the first message, in words ("vor zehn Tagen", "in 3 months") or not
at all: "weiß ich nicht" gets where the date is on the card and a way to skip it (then the
general rule). A title that has already expired ("ist schon abgelaufen", a past date) ends
the planner with the `permit_expired` guidance and the way to a person. A message that asks
for an appointment ("我想预约续签居留", read as the extension topic) goes to the booking with
the extension as its service, as a topic question with an appointment word does."""

import re
from datetime import date, timedelta
from typing import Any, Dict, List, Optional

from babel.dates import format_date
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from actions.answers import (
    answer_topic,
    citations,
    next_step_and_rating,
    service_details,
    wants_appointment,
)
from actions.context import (
    conversation_facts,
    language_and_office,
    latest_intent,
    said_in_session,
)
from actions.forms.base import FINISHED_SLOT, LotseForm
from actions.forms.choices import mentions, words
from actions.forms.dates import (
    later_day,
    mentions_negation,
    month_start,
    names_past,
    parse_date,
)
from actions.knowledge import current_knowledge
from actions.situations import nationality_groups, tells

SERVICE = "extension"
TOLERATION = "toleration_extension"  # a toleration is renewed, not extended as a title
PENDING_BASIS = ["§ 81 Abs. 4 AufenthG", "§ 81 Abs. 5 AufenthG"]
# residence titles are issued for at most a few years; a date beyond this is a typo
LATEST_PLAUSIBLE = timedelta(days=366 * 10)
# the permit_expiry values that are not dates
EXPIRED, UNKNOWN = "expired", "unknown"
# the plan's responses: a day told after them corrects the day planned for
PLANS = ["utter_extension_apply_by", "utter_extension_apply_now"]


class ValidateExtensionForm(LotseForm):
    VOLUNTEERED = ("permit_expiry",)
    OWN_QUESTIONS = ("permit_expired",)
    SKIPPABLE = {"permit_expiry": UNKNOWN}
    INTENT = "extend_permit"

    def name(self) -> str:
        return "validate_extension_form"

    async def run(self, dispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        language, _ = language_and_office(tracker)
        if not tracker.get_slot(REQUESTED_SLOT) and tells(tracker, "tolerated", language):
            # "meine Duldung läuft in zehn Tagen ab": no residence title to plan for (no
            # Fiktionsbescheinigung, no 93 Euro); the toleration's answer and its renewal
            if not wants_appointment(tracker):
                answer_topic(dispatcher, tracker, "toleration")
            return [SlotSet(FINISHED_SLOT, True), SlotSet(REQUESTED_SLOT, None),
                    SlotSet("topic", "toleration")]
        if not tracker.get_slot(REQUESTED_SLOT) and tells(tracker, "national_visa", language) \
                and not wants_appointment(tracker):
            # "das visum läuft ende januar ab": a national visa is not extended, the permit for
            # its purpose is applied for (extend_permit's national_visa route): no extension
            # documents and no 93 Euro
            answer_topic(dispatcher, tracker, "extend_permit")
            return [SlotSet(FINISHED_SLOT, True), SlotSet(REQUESTED_SLOT, None),
                    SlotSet("topic", "extend_permit")]
        if "free_movement" in nationality_groups(tracker, language, latest=True):
            # "ich bin Italiener" asked for the title's expiry: an EU citizen has no title to
            # extend (FreizügG/EU), so the plan is not asked for any further
            answer_topic(dispatcher, tracker, "eu_citizens")
            return [SlotSet(FINISHED_SLOT, True), SlotSet(REQUESTED_SLOT, None),
                    SlotSet("topic", "eu_citizens")]
        if wants_appointment(tracker):
            # "我想预约续签居留" asks for an appointment for the extension, not for the plan:
            # the planner ends without a word and the booking takes over (below)
            return [SlotSet(FINISHED_SLOT, True), SlotSet(REQUESTED_SLOT, None)]
        return await super().run(dispatcher, tracker, domain)

    def parse(self, slot: str, text: str, tracker: Tracker) -> Optional[Any]:
        language, _ = language_and_office(tracker)
        # a date, or how far ahead: "läuft in zwei Monaten ab", "تا دو ماه دیگه تموم میشه"
        expiry = named_expiry(text, language, date.today())
        if expiry is not None:
            return expiry_value(expiry, text, language)
        # "it has already expired" (also in words the lists lack: "thẻ hết hạn 10 hôm trước
        # rồi"), or the question what that means: a change of situation
        told_expired = latest_intent(tracker) == "permit_expired" or names_past(text, language)
        if told_expired or mentions(text, words(language).get("expired") or []):
            return EXPIRED
        return None

    async def validate_permit_expiry(self, value: Any, dispatcher, tracker, domain):
        if value in (EXPIRED, UNKNOWN):
            return {"permit_expiry": value}
        expiry = expiry_day(value)
        if expiry is None or expiry > date.today() + LATEST_PLAUSIBLE:
            dispatcher.utter_message(response="utter_invalid_permit_expiry")
            return {"permit_expiry": None}
        return {"permit_expiry": str(value)}


def expiry_value(expiry: date, text: str, language: str) -> str:
    """The slot's value: the day, or only the month ("2027-03") where the citizen named no
    day ("mart ayında bitiyor"): the plan then says "until March 2027", not a 1 March the
    citizen never said, and counts the lead time from the month's first day (the earliest)."""
    no_day = expiry.day == 1 and month_start(text, language, date.today()) == expiry \
        and parse_date(text, language, date.today()) is None \
        and later_day(text, language, date.today()) is None
    return expiry.strftime("%Y-%m") if no_day else expiry.isoformat()


def month_only(value: Any) -> bool:
    """Whether a slot value is a month without a day ("2027-03")."""
    return re.fullmatch(r"\d{4}-\d{2}", str(value)) is not None


def expiry_day(value: Any) -> Optional[date]:
    """The day a slot value stands for; for a month ("2027-03") its first day, or today
    within the month itself ("im Dezember" said on 7 December has not run out); a month
    gone by stays in the past ("ist im November abgelaufen")."""
    text = str(value)
    try:
        if month_only(text):
            first = date.fromisoformat(f"{text}-01")
            this_month = date.today().replace(day=1)
            return date.today() if first == this_month else first
        return date.fromisoformat(text)
    except ValueError:
        return None


def expiry_ahead(tracker: Tracker) -> bool:
    """Whether the message names a day still to come as the end of the title: "hết hạn
    ngày 10.01.2027", "se me vence el 10 de enero", read as an expired permit by the NLU, are
    an extension to plan, not the warning for an expired one."""
    language, _ = language_and_office(tracker)
    text, today = str(tracker.latest_message.get("text") or ""), date.today()
    if text.startswith("/"):
        return False
    expiry = named_expiry(text, language, today)
    return expiry is not None and today < expiry <= today + LATEST_PLAUSIBLE


def named_expiry(text: str, language: str, today: date) -> Optional[date]:
    """The day the title ends as the message names it: a date, how far ahead ("in zwei
    Monaten"), a month's start ("Anfang Februar"). A correction names the day meant last:
    "1 şubat değil 15 şubat", "no es el 1, es el 15 de abril" (a negation, then the shortest
    end of the message that names a calendar day)."""
    if mentions_negation(text, language):
        tokens = text.split()
        for start in range(len(tokens) - 1, 0, -1):
            found = parse_date(" ".join(tokens[start:]), language, today, relative=False)
            if found is not None:
                return found
    return _day_named(text, language, today)


def _day_named(text: str, language: str, today: date) -> Optional[date]:
    return (parse_date(text, language, today) or later_day(text, language, today)
            or month_start(text, language, today))


def answer_expiry_told(dispatcher: CollectingDispatcher, tracker: Tracker
                       ) -> Optional[List[EventType]]:
    """A day told right after the extension's plan ("pardon, 1 şubat değil 15 şubat",
    "kartım 15 şubat 2027'ye kadar geçerli"): the plan for that day, not "not understood".
    None if the message names no day still to come or no plan was given."""
    language, _ = language_and_office(tracker)
    text, today = str(tracker.latest_message.get("text") or "/"), date.today()
    if text.startswith("/") or tracker.get_slot("topic") != "extend_permit" \
            or not said_in_session(tracker, PLANS):
        return None
    expiry = named_expiry(text, language, today)
    if expiry is None or not today < expiry <= today + LATEST_PLAUSIBLE:
        return None
    return ActionAnswerExtension.plan(dispatcher, tracker, expiry_value(expiry, text, language))


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
        reset = [SlotSet("permit_expiry", None), SlotSet(FINISHED_SLOT, None)]
        value = tracker.get_slot("permit_expiry")
        if tracker.get_slot(FINISHED_SLOT) and wants_appointment(tracker):
            language, _ = language_and_office(tracker)
            service = TOLERATION if tells(tracker, "tolerated", language) else SERVICE
            return reset + [SlotSet("service", service), FollowupAction("appointment_form")]
        if not value or tracker.get_slot(FINISHED_SLOT):
            return reset
        language, office, facts = conversation_facts(tracker)
        if value == UNKNOWN:
            dispatcher.utter_message(response="utter_extension_general", **facts)
            return reset + self._pending_and_next_step(dispatcher, tracker, office, language)
        expiry = None if value == EXPIRED else expiry_day(value)
        if expiry is None or expiry < date.today():
            # the planner is over: what to do now, and the people who can help at once
            answer_topic(dispatcher, tracker, "permit_expired", next_step=False)
            dispatcher.utter_message(response="utter_human_contact", **facts)
            return reset + [SlotSet("topic", "permit_expired")]
        return reset + self.plan(dispatcher, tracker, value)

    @classmethod
    def plan(cls, dispatcher, tracker, value: str) -> List[EventType]:
        """By when to apply for a title ending on the day (or in the month) `value`, what
        holds meanwhile, the service's documents and the next step."""
        language, office, facts = conversation_facts(tracker)
        expiry = expiry_day(value)
        plan = extension_plan(expiry, office.extension_lead_weeks, date.today())
        apply_by = plan["apply_by"]
        dispatcher.utter_message(
            response=plan["response"],
            expiry=_long_date(expiry, language, month_only=month_only(value)),
            apply_by=_long_date(apply_by, language) if apply_by else "",
            **facts,
        )
        return cls._pending_and_next_step(dispatcher, tracker, office, language)

    @staticmethod
    def _pending_and_next_step(dispatcher, tracker, office, language) -> List[EventType]:
        dispatcher.utter_message(
            response="utter_extension_pending",
            citations=citations(current_knowledge(), PENDING_BASIS),
        )
        service = service_details(dispatcher, tracker, office, SERVICE, language)
        next_step_and_rating(dispatcher, service)
        return [SlotSet("topic", "extend_permit")]


def _long_date(day: date, language: str, month_only: bool = False) -> str:
    """"15 марта 2027 г.": the sentence's own full stop follows the date, not a second one.
    A month alone in the form a date takes ("до марта 2027", "bis März 2027")."""
    if month_only:
        return format_date(day, "MMMM y", locale=language)
    return format_date(day, "long", locale=language).rstrip(".")
