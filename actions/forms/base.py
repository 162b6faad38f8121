"""What every Lotse form does the same way.

- Slots are filled from button payloads (an entity named like the slot) or from what the
  citizen typed (`parse`, per form): for the slot just asked for, the typed title, number or
  ordinal of an offered button too ("den zweiten", actions/forms/choices.py).
- Nothing is asked twice: `VOLUNTEERED` slots are read from every message, even when another
  question was asked ("Termin nächste Woche zur Verlängerung"); `REMEMBERED` slots also from
  the conversation's earlier messages when the form starts ("Ich bin Inderin" before it).
- A message that does not answer the question is a digression: a question is answered (topic,
  office facts, a person, another language), anything else gets a hint; then Rasa asks the
  question again. The form is never rejected for it, so no rule per topic and form is needed.
- "I don't know" gets the question's help and, where the form can do without the answer, a
  button to skip it. After two misses on the same question the form offers "try again,
  skip, or a person" instead of the question; after the third it ends with the way to a
  person: no loop.
- "stop" / "abbrechen" is the one message the form rejects: the stop rule then ends it.
- A form can finish early (`form_finished`), e.g. when its answer is already clear.
"""

import json
import re
from abc import abstractmethod
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT, FormValidationAction

from actions.anger import answer_anger, is_angry
from actions.context import as_latest, conversation_facts, earlier_messages, latest_intent
from actions.forms.asking import OFFERED_SLOT
from actions.forms.choices import Option, choose, mentions, offered_options, question_buttons, words
from actions.forms.digression import answer_digression, asks_a_topic
from actions.forms.leaving import FINISHED_SLOT, leaves_or_answers
from actions.forms.reading import (
    entity_value,
    intent_confidence,
    is_question,
    message_text,
    started_weakly,
)
from actions.labels import label
from actions.languages import response_text, tracker_language
from lotse_common.language import joined

# the sentences of a message: "Азамат Нурланов. а зачем имя?"
SENTENCE = re.compile(r"(?<=[.!?;。？؟])\s*")
STOP_INTENT = "stop"
# a free-text answer read as "stop" ends the form when the NLU is this sure ("abbrechen" 0.98,
# "never mind, forget it" 0.94), or this sure and the text does not look like the answer
# asked: "Rahul Verma" read as "stop" at 0.51 is a name ("cancel" 0.63 is no name)
STOP_SURE = 0.9
STOP_LIKELY = 0.6
# below this confidence an angry message does not start the form its intent would, and a
# form so started ends when its first question gets another matter instead of an answer
ANGER_STARTS_NO_FORM = WEAK_START = 0.5
MISSES_SLOT = "form_misses"
# the same question failed this often: the form ends with a way out (the time before, the
# question comes with "skip" and "a person" beside it)
MAX_MISSES = 3


class LotseForm(FormValidationAction):
    """Base of the forms' validation actions (`validate_<form>`)."""

    # slots read from any message of the citizen, not only the answer to their question
    VOLUNTEERED: Tuple[str, ...] = ()
    # volunteered slots the citizen may change later in the form ("lieber Karte abholen")
    CHANGEABLE: Tuple[str, ...] = ()
    # slots also read from the conversation's earlier messages when the form starts
    REMEMBERED: Tuple[str, ...] = ()
    # slot -> the value that stands for "skipped": the form can answer without it
    SKIPPABLE: Dict[str, Any] = {}
    # slots that take any text, a question too (the message to the case worker)
    FREE_TEXT: Tuple[str, ...] = ()
    # a clarifying question ("for which service?") rather than a process the citizen began:
    # their next matter replaces it, so a digression ends the form instead of asking again
    DROPPED_BY_DIGRESSION = False
    # questions the form's own parse answers ("what if it has expired?" in the extension form)
    OWN_QUESTIONS: Tuple[str, ...] = ()
    # slots whose answer may come with a question, both taken: "Ahmed Yilmaz. Wie lange
    # dauert das?" is the name, and the question is answered
    ANSWERED_WITH_QUESTION: Tuple[str, ...] = ()
    # the intent that starts the form: the skip button starts it again with what is known
    INTENT = ""

    @abstractmethod  # abstract: rasa-sdk registers only concrete actions
    def name(self) -> str: ...

    def __getattr__(self, name: str) -> Any:
        # slots whose parsing is their validation need no validate_<slot> method; without
        # this, rasa-sdk logs a warning on every turn
        if name.startswith("validate_"):
            slot = name[len("validate_") :]

            async def accept(value: Any, *_: Any) -> Dict[str, Any]:
                return {slot: value}

            return accept
        raise AttributeError(name)

    def slots(self, tracker: Tracker) -> List[str]:
        """The slots still to ask, in order; override for forms whose questions depend on
        earlier answers."""
        return self._domain_slots

    def parse(self, slot: str, text: str, tracker: Tracker) -> Optional[Any]:
        """The value of `slot` in what the citizen typed, None if it is not there. The slot
        is the one asked for if `tracker.get_slot("requested_slot") == slot`."""
        return None

    def understood(
        self, found: Dict[str, Any], tracker: Tracker, domain: Dict[str, Any]
    ) -> List[str]:
        """How the form names values it took from the citizen's words ("Indien"), to say
        back what it understood; empty: nothing to say."""
        return []

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[str]:
        if tracker.get_slot(FINISHED_SLOT):
            return []
        self._domain_slots = domain_slots
        return self.slots(tracker)

    def _typed_choice(self, slot: str, text: str, tracker: Tracker) -> Optional[Any]:
        """The offered button the citizen typed: its title, number or ordinal."""
        options: List[Option] = offered_options(tracker.events, slot)
        chosen = choose(text, options, tracker_language(tracker))
        return chosen.value if chosen is not None else None

    def _from_message(self, slot: str, tracker: Tracker, asked: bool) -> Optional[Any]:
        value = entity_value(tracker, slot)
        text = message_text(tracker)
        if asked and slot not in self.FREE_TEXT and is_question(tracker):
            if latest_intent(tracker) not in self.OWN_QUESTIONS:
                return value  # "Was kostet die Verlängerung?" asks; it does not answer
        current = tracker.get_slot(slot)
        volunteered = slot in self.VOLUNTEERED and (current is None or slot in self.CHANGEABLE)
        if value is None and (asked or (volunteered and text)):
            value = self.parse(slot, text, tracker)
            if value is None and asked:
                value = self._typed_choice(slot, text, tracker)
        return None if value == current and not asked else value

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        requested = tracker.get_slot(REQUESTED_SLOT)
        found: Dict[str, Any] = {}
        typed: Dict[str, Any] = {}  # values understood from words, to say them back
        for slot in await self.required_slots(
            self.domain_slots(domain), dispatcher, tracker, domain
        ):
            value = self._from_message(slot, tracker, asked=slot == requested)
            if value is not None and entity_value(tracker, slot) is None and slot != requested:
                typed[slot] = value
            if value is None and requested is None and slot in self.REMEMBERED:
                if tracker.get_slot(slot) is None:
                    value = self._recall(slot, tracker)
                    if value is not None:
                        typed[slot] = value
            if value is not None:
                found[slot] = value
        said = self.understood(typed, tracker, domain)
        if said:
            dispatcher.utter_message(
                response="utter_form_understood", understood=joined(said, tracker_language(tracker))
            )
        events: List[EventType] = [SlotSet(slot, value) for slot, value in found.items()]
        if requested is None:
            events.append(SlotSet(MISSES_SLOT, None))  # a new form: no misses yet
        return events

    def by_topic(self, slot: str, tracker: Tracker) -> Optional[Any]:
        """A slot's value that an earlier message's topic gives, before its words."""
        return None

    def _recall(self, slot: str, tracker: Tracker) -> Optional[Any]:
        for parse_data in earlier_messages(tracker):
            value = self.by_topic(slot, as_latest(tracker, parse_data))
            if value is not None:
                return value
            value = self._from_message(slot, as_latest(tracker, parse_data), asked=False)
            if value is None and slot not in self.VOLUNTEERED:
                view = as_latest(tracker, parse_data)
                text = message_text(view)
                value = self.parse(slot, text, view) if text else None
            if value is not None:
                return value
        return None

    def looks_like_answer(self, slot: str, text: str, tracker: Tracker) -> bool:
        """Whether a free-text message read as "stop" looks like the answer asked for."""
        return False

    def _stops(self, slot: str, text: str, tracker: Tracker) -> bool:
        confidence = intent_confidence(tracker)
        return confidence >= STOP_SURE or (
            confidence >= STOP_LIKELY and not self.looks_like_answer(slot, text, tracker))

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        requested = tracker.get_slot(REQUESTED_SLOT)
        left = leaves_or_answers(self, dispatcher, tracker, requested)
        if left is not None:
            return left
        if not requested and intent_confidence(tracker) < ANGER_STARTS_NO_FORM and is_angry(
                tracker):
            # "hepiniz beceriksizsiniz, 3 aydır bekliyorum" read as a weak booking request:
            # an apology and a person, no form (a clear request for one still starts it)
            answer_anger(dispatcher, tracker)
            return [SlotSet(FINISHED_SLOT, True), SlotSet(REQUESTED_SLOT, None)]
        if requested and f"utter_why_{requested}" in domain.get("responses", {}) and mentions(
                message_text(tracker), words(tracker_language(tracker)).get("why_asked") or []):
            return await self._explain_why(dispatcher, tracker, domain, requested)
        if requested and latest_intent(tracker) == STOP_INTENT:
            # "ja, absagen" or "asap please" may read as "stop": an answer to the question
            # is an answer; only for free text, "abbrechen" is always "stop"
            text = message_text(tracker)
            # ("e para", the first button, reads as "stop" in Albanian: a choice too)
            if requested in self.FREE_TEXT:
                if self._stops(requested, text, tracker):
                    return []  # the form rejects the message; the stop rule ends the form
            elif (self.parse(requested, text, tracker) is None
                    and self._typed_choice(requested, text, tracker) is None):
                return []
        if requested and requested not in self.FREE_TEXT and is_angry(tracker):
            # anger is no answer and no change of situation: an apology and a person; the
            # question stays open (the slot event keeps the form active)
            answer_anger(dispatcher, tracker)
            return [SlotSet(requested, None)]
        said_before, before = len(dispatcher.messages), dict(tracker.slots)
        events = await super().run(dispatcher, tracker, domain)
        if not requested:
            return events
        filled = {
            e.get("name"): e.get("value")
            for e in events
            if isinstance(e, dict) and e.get("event") == "slot"
        }
        # progress: an answer, or something else changed (other times offered, ...)
        progress = any(
            value != before.get(name)
            for name, value in filled.items()
            if name not in (REQUESTED_SLOT, MISSES_SLOT)
        )
        with_question = requested in self.ANSWERED_WITH_QUESTION and message_text(
            tracker).rstrip().endswith(("?", "؟", "？"))
        if progress and (requested not in filled or with_question) and asks_a_topic(tracker):
            # "wie lange dauert eine Verlängerung?" while asked for the name: the topic it
            # names is taken, and the question is answered, not dropped
            events += answer_digression(dispatcher, tracker, domain, requested) or []
        if progress or tracker.get_slot(FINISHED_SLOT):
            return events
        if requested not in filled:  # not an answer at all: a question, or not understood
            if not self._dont_know(dispatcher, tracker, domain, requested):
                answered = answer_digression(dispatcher, tracker, domain, requested)
                # "той самий номер" read as a cancellation at 0.35, then another matter
                dropped = self.DROPPED_BY_DIGRESSION or started_weakly(
                    tracker, self.name()[len("validate_"):], self._domain_slots, WEAK_START)
                if answered is not None and dropped:
                    return events + answered + [SlotSet(requested, None),
                                                SlotSet(FINISHED_SLOT, True),
                                                SlotSet(REQUESTED_SLOT, None)]
                if answered is not None:
                    # a slot event keeps the form active: Rasa asks the same question again
                    return events + answered + [SlotSet(requested, None)]
        return self._missed(dispatcher, tracker, domain, requested, events, said_before)

    async def _explain_why(self, dispatcher, tracker: Tracker, domain, slot: str
                           ) -> List[EventType]:
        """ "Wozu brauchen Sie meinen Namen?": why the question is asked (guide rules 8 and
        18), then the question again; an answer given with it is taken ("Азамат Нурланов. а
        зачем имя?"). No miss: the citizen did nothing wrong."""
        *_, facts = conversation_facts(tracker)
        dispatcher.utter_message(response=f"utter_why_{slot}", **facts)
        why = words(tracker_language(tracker)).get("why_asked") or []
        rest = " ".join(part for part in SENTENCE.split(message_text(tracker))
                        if part.strip() and not mentions(part, why)).strip(" .,;:!?")
        if rest:
            answered = Tracker(tracker.sender_id, tracker.slots,
                               {**tracker.latest_message, "text": rest, "entities": []},
                               tracker.events, tracker.is_paused(), tracker.followup_action,
                               tracker.active_loop, tracker.latest_action_name)
            events = await super().run(dispatcher, answered, domain)
            if any(isinstance(e, dict) and e.get("name") == slot and e.get("value") is not None
                   for e in events):
                return events
        return [SlotSet(slot, None)]  # a slot event keeps the form: the question comes again

    def _dont_know(self, dispatcher, tracker: Tracker, domain, slot: str) -> bool:
        """ "Weiß nicht", "the card is at home": the question's help and, if it can be
        skipped, a button for that."""
        if not mentions(message_text(tracker), words(tracker_language(tracker))["dont_know"]):
            return False
        help_response = f"utter_help_{slot}"
        if help_response in domain.get("responses", {}):
            *_, facts = conversation_facts(tracker)
            dispatcher.utter_message(response=help_response, **facts)
        if slot in self.SKIPPABLE:
            language = tracker_language(tracker)
            skip = response_text("utter_button_skip", language, domain)
            payload = json.dumps({slot: self.SKIPPABLE[slot]})
            dispatcher.utter_message(
                response="utter_can_skip", buttons=[{"title": skip, "payload": f"/inform{payload}"}]
            )
        elif help_response not in domain.get("responses", {}):
            return False
        return True

    def _missed(self, dispatcher, tracker, domain, slot, events, said_before) -> List[EventType]:
        """The question was not answered: count it. The second time, offer instead of the
        question to skip it or a person; the third time, end with the way to a person."""
        misses = dict(tracker.get_slot(MISSES_SLOT) or {})
        misses[slot] = misses.get(slot, 0) + 1
        if misses[slot] < MAX_MISSES:
            missed = events + [SlotSet(slot, None), SlotSet(MISSES_SLOT, misses)]
            if misses[slot] == MAX_MISSES - 1:
                # the offer replaces this turn's hint, and the question (actions/forms/asking.py)
                del dispatcher.messages[said_before:]
                self.offer_way_out(dispatcher, tracker, domain, slot)
                missed.append(SlotSet(OFFERED_SLOT, slot))
            return missed
        del dispatcher.messages[said_before:]
        self.way_out(dispatcher, tracker, domain, slot)
        kept = [
            e for e in events
            if not (isinstance(e, dict) and e.get("name") in (REQUESTED_SLOT, slot))
        ]
        return kept + [
            SlotSet(MISSES_SLOT, None),
            SlotSet(FINISHED_SLOT, True),
            SlotSet(REQUESTED_SLOT, None),
        ]

    def offer_way_out(self, dispatcher, tracker: Tracker, domain: Dict[str, Any], slot: str):
        """The second miss: try again (the question's own buttons stay: "Ja, absagen | Nein,
        behalten"), skip the question, or a person."""
        language, _, facts = conversation_facts(tracker)
        buttons = [b for b in question_buttons(tracker.events)
                   if b.get("payload") not in ("/request_human", "/contact_request")]
        if slot in self.SKIPPABLE:
            skip = response_text("utter_button_skip", language, domain)
            payload = f"/inform{json.dumps({slot: self.SKIPPABLE[slot]})}"
            if payload not in {b.get("payload") for b in buttons}:
                buttons.append({"title": skip, "payload": payload})
        buttons.append({"title": label("request_human", language), "payload": "/request_human"})
        dispatcher.utter_message(response="utter_form_second_try", buttons=buttons, **facts)

    def way_out(self, dispatcher, tracker: Tracker, domain: Dict[str, Any], slot: str) -> None:
        """The third miss ends the form: a person, or start again without the question."""
        language, _, facts = conversation_facts(tracker)
        buttons = []
        if slot in self.SKIPPABLE and self.INTENT:
            known = {
                s: tracker.get_slot(s)
                for s in self.domain_slots(domain)
                if s != slot and tracker.get_slot(s) is not None
            }
            entities = json.dumps({**known, slot: self.SKIPPABLE[slot]})
            skip = response_text("utter_button_skip", language, domain)
            buttons.append({"title": skip, "payload": f"/{self.INTENT}{entities}"})
        buttons.append({"title": label("contact_request", language), "payload": "/contact_request"})
        dispatcher.utter_message(response="utter_form_way_out", buttons=buttons, **facts)


class ActionFormStopped(Action):
    """After "stop": forget what the form had collected, say so, offer what else is possible."""

    def name(self) -> str:
        return "action_form_stopped"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        form_slots = {
            slot
            for form in domain.get("forms", {}).values()
            for slot in form.get("required_slots", [])
        }
        dispatcher.utter_message(response="utter_form_stopped")
        # not asked, but collected
        helpers = {FINISHED_SLOT, MISSES_SLOT, OFFERED_SLOT, "appointment_options", "rebooking",
                   "replaces_booking", "replaces_start"}
        return [SlotSet(slot, None) for slot in sorted(form_slots | helpers)]
