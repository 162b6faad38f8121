"""The fee question as a one-question form: "Was kostet die Niederlassungserlaubnis?" is
answered at once; "Was kostet das?" without a service the conversation is about asks which
(buttons, or the service typed in words), then answers (actions/fees.py)."""

from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from actions.answers import citations, next_step_and_rating
from actions.asked import (
    WEAK_READING,
    about_another_authority,
    answer_for_another,
    answer_others,
    same_topic_for_another,
)
from actions.context import conversation_facts, language_and_office, office_facts
from actions.fee_follow_up import child_fee_asked
from actions.fees import (
    answer_fee,
    answer_payment,
    answer_topic_fee,
    asks_how_to_pay,
    fee_choices,
    fee_service,
    fee_topic,
    says_fee_unknown,
)
from actions.forms.asking import AskQuestion
from actions.forms.base import FINISHED_SLOT, LotseForm
from actions.forms.reading import intent_confidence
from actions.knowledge import current_knowledge
from actions.referrals import refer

SLOT = "fee_service"


class ValidateFeeForm(LotseForm):
    VOLUNTEERED = (SLOT,)
    # "Was kostet das?" — "Für welche Leistung?" — "Wo beantrage ich Kindergeld?": answered,
    # and the fee question is not asked again after it
    DROPPED_BY_DIGRESSION = True

    def name(self) -> str:
        return "validate_fee_form"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        finished = [SlotSet(FINISHED_SLOT, True), SlotSet(REQUESTED_SLOT, None)]
        if tracker.get_slot("requested_slot"):
            return await super().run(dispatcher, tracker, domain)
        if about_another_authority(tracker):
            # "Ich will mein Auto anmelden. Was kostet das?": that authority's fee
            refer(dispatcher, tracker)
            return finished
        again = same_topic_for_another(tracker, "fees")
        if again is not None and intent_confidence(tracker) < WEAK_READING \
                and child_fee_asked(tracker) is None:
            # "and my daughter?" after the settlement permit's answer, read weakly as its
            # fee: her way to it (§ 35 AufenthG), which names a child's fee too
            return finished + answer_for_another(dispatcher, tracker, again)
        language, office = language_and_office(tracker)
        if asks_how_to_pay(tracker, language):  # "kann ich mit Karte zahlen?"
            answer_payment(dispatcher, office, language)
            next_step_and_rating(dispatcher, None)
            return finished
        knowledge = current_knowledge()
        topic = fee_topic(tracker, office, knowledge, language)
        if topic is not None:  # "Was kostet die Einbürgerung?": § 38 StAG, not "which service?"
            answer_topic_fee(dispatcher, topic, language, lambda b: citations(knowledge, b))
            next_step_and_rating(dispatcher, None)
            return finished + [SlotSet("topic", topic)]
        unknown = says_fee_unknown(dispatcher, tracker, office, knowledge, language,
                                   office_facts(office, language))
        if unknown is not None:
            next_step_and_rating(dispatcher, unknown)
            return finished
        return await super().run(dispatcher, tracker, domain)

    def parse(self, slot: str, text: str, tracker: Tracker) -> Optional[Any]:
        language, office = language_and_office(tracker)
        asked = tracker.get_slot("requested_slot") == slot
        # when asked, only what this answer names; at the start also the conversation's topic
        service = fee_service(tracker, office, current_knowledge(), language, context=not asked)
        return service.id if service is not None else None


class ActionAskFeeService(AskQuestion, Action):
    SLOT = SLOT

    async def ask(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> None:
        language, office = language_and_office(tracker)
        dispatcher.utter_message(
            response="utter_ask_fee_service", buttons=fee_choices(office, language, SLOT)
        )


class ActionAnswerFee(Action):
    def name(self) -> str:
        return "action_answer_fee"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        reset = [SlotSet(SLOT, None), SlotSet(FINISHED_SLOT, None)]
        language, office, _ = conversation_facts(tracker)
        service = office.service(tracker.get_slot(SLOT) or "")
        if service is None or tracker.get_slot(FINISHED_SLOT):
            return reset
        knowledge = current_knowledge()
        answer_fee(dispatcher, tracker, service, language, lambda b: citations(knowledge, b))
        answer_others(dispatcher, tracker)  # "… und wie lange dauert das?"
        next_step_and_rating(dispatcher, service)
        # "und welche Unterlagen brauche ich dafür?" is about the same service
        topic = knowledge.topic_for_service(service.id)
        return reset + ([SlotSet("topic", topic)] if topic else [])
