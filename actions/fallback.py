"""Rasa's two-stage fallback with Lotse's question: "Did you mean …?" with the two most likely
topics as buttons and "something else". Rephrasing that fails again ends in the contact offer
(`utter_default`)."""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.anger import answer_anger, is_angry
from actions.answers import CATALOG_TOPICS, answer_follow_up, answer_topic
from actions.asked import answer_told_after, case_of_the_answer_before
from actions.context import language_and_office
from actions.fee_follow_up import answer_child_fee
from actions.knowledge import current_knowledge
from actions.labels import label, labels
from actions.languages import (
    language_buttons,
    localized,
    response_text,
    topic_instead_of_language,
    tracker_language,
)
from actions.situations import asked_of_the_answer_before
from lotse_common.language import NO_KNOWN_WORD, PARSE_DATA_KEY

# never offered as "did you mean": they are not something a citizen asks about
# out_of_scope: the "something else" button already sends it
NOT_SUGGESTED = {
    "nlu_fallback", "affirm", "deny", "feedback_positive", "feedback_negative", "stop", "inform",
    "out_of_scope",
}
SUGGESTIONS = 2


def suggestions(tracker: Tracker) -> List[str]:
    if tracker.latest_message.get(NO_KNOWN_WORD):
        return []  # the classifier's ranking of "xkq wrr blrp" is a guess from nothing
    ranking = tracker.latest_message.get("intent_ranking") or []
    candidates = [r["name"] for r in ranking if r.get("name") not in NOT_SUGGESTED]
    return candidates[:SUGGESTIONS]

# what most citizens come for (the widget's first screen offers the same)
FREQUENT_TOPICS = ("extend_permit", "book_appointment", "application_status", "office_hours")


class ActionDefaultAskAffirmation(Action):
    """Replaces Rasa's default question of the two-stage fallback."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        detection = tracker.latest_message.get(PARSE_DATA_KEY) or {}
        if detection.get("unsupported"):
            # a language without translations: say so in German and English, offer the menu
            text = "\n\n".join(
                response_text("utter_unsupported_language", code, domain) for code in ("de", "en")
            )
            # in two languages: no one language to label it with (actions/server.py)
            dispatcher.utter_message(text=text, buttons=language_buttons(), language=None)
            return []
        from actions.forms.cancellation import move_asked, normalize_reference  # forms import us
        from actions.walk_in import answer_walk_in

        moved = move_asked(tracker)  # "и можно перенести на четверг?" after a booking
        if moved is not None:
            return moved

        if answer_walk_in(dispatcher, tracker):  # "ich komm einfach ohne Termin, ok?!"
            return []
        if is_angry(tracker):  # a furious message is understood well enough: a person
            answer_anger(dispatcher, tracker)
            return []
        if answer_child_fee(dispatcher, tracker):  # "und für die Kinder?" after the fee
            return []
        told = answer_told_after(dispatcher, tracker)  # "I'm Indian", "und unser Sohn?"
        if told is not None:
            return told
        # "а в часах это сколько? … и на каникулах?" after the students' work answer: more of
        # that answer, as when the question is read weakly as another topic (actions/asked.py)
        case = case_of_the_answer_before(tracker, next(iter(suggestions(tracker)), ""))
        if case is not None:
            answer_follow_up(dispatcher, tracker, *case, language_and_office(tracker)[1],
                             next_step=True)
            return []
        asked = asked_of_the_answer_before(tracker, tracker_language(tracker), unsure=True)
        if asked is not None:  # "мне надо уезжать из германии?" after the separation, unsure
            answer_topic(dispatcher, tracker, asked)
            return [SlotSet("topic", asked)]
        if "change_language" in suggestions(tracker):
            # "y mi esposa también tiene que hablar alemán?": another person's German is a
            # question about the topic, not "did you mean: change the language?"
            topic = topic_instead_of_language(tracker, [*CATALOG_TOPICS,
                                                        *current_knowledge().topics])
            if topic is not None:
                answer_topic(dispatcher, tracker, topic)
                return [SlotSet("topic", topic)]

        text = str(tracker.latest_message.get("text") or "")
        if "cancel_appointment" in suggestions(tracker) and normalize_reference(text):
            # "…T-7KQ2-M9XA numaralı randevuyu iptal etmem lazım": the reference says which
            # appointment; the cancellation asks for confirmation itself, no "did you mean"
            return [FollowupAction("cancel_appointment_form")]
        language = tracker_language(tracker)
        if not suggestions(tracker):
            # nothing to guess from ("?", "…", "xkq wrr"): not a "did you mean" but a
            # request to say it in words, the most asked topics and a person as ways forward
            dispatcher.utter_message(response="utter_ask_rephrase", buttons=[
                {"title": label(intent, language), "payload": f"/{intent}"}
                for intent in (*FREQUENT_TOPICS, "request_human")
            ])
            return []
        buttons = [
            {"title": label(intent, language), "payload": f"/{intent}"}
            for intent in suggestions(tracker)
        ]
        other = localized(labels()["something_else"], language)
        # out_of_scope, not deny: Rasa's two-stage fallback then asks to rephrase
        buttons.append({"title": other, "payload": "/out_of_scope"})
        dispatcher.utter_message(response="utter_did_you_mean", buttons=buttons)
        return []
