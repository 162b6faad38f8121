"""A fact told right after an answer: does it change the answer? "I'm Indian" after the Blue
Card's answer: no, the answer above applies (utter_answer_stands); "I'm from Romania" after
the lost job's: the EU citizen's answer; "ich bin Türke" after it: the association agreement's
(knowledge/told_nationality.yml). Also a lost job told in the question itself, and a work
title named right after the lost job's answer."""

from functools import lru_cache
from typing import Any, Dict, Iterator, List, Optional, Set

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import settings
from actions.answers import answer_topic, appointment_payload
from actions.context import conversation_facts
from actions.follow_up import said_before
from actions.forms.choices import normalize
from actions.forms.nationality import countries_of_origin, parse_nationality
from actions.forms.permit_recommendation import nationality_group
from actions.knowledge import Topic, current_knowledge
from actions.languages import tracker_language
from actions.situations import nationality_groups, route_for, tells_in_latest
from lotse_common.yaml_files import read_yaml

# "je suis de nationalité algérienne", "ich komme aus dem Kosovo": a few words, nothing more
NATIONALITY_TOLD_WORDS = 8
# "ich habe eine Aufenthaltserlaubnis für Fachkräfte, was muss ich jetzt machen?" right after
# the lost job's answer: the title of the one who lost the job, not how to get that title
TITLE_TOPICS = frozenset({"skilled_worker", "blue_card", "work_permission"})
TITLE_TOLD_WORDS = 15


@lru_cache(maxsize=1)
def _rules() -> Dict[str, Any]:
    return read_yaml(settings.KNOWLEDGE_DIR / "told_nationality.yml")


def _topics(after: Any) -> Set[str]:
    """A rule's topics: listed, or the name of a list of the file."""
    return set(_rules()[after]) if isinstance(after, str) else set(after)


def own_answer_topics() -> Set[str]:
    """The topics answering for a nationality of their own (eu_citizens, …)."""
    return {own["topic"] for own in _rules()["own_answers"]}


def _answers(topic: Topic) -> Iterator[Topic]:
    yield topic
    for route in topic.routes:
        yield from _answers(route)


def answer_given(tracker: Tracker, topic: Topic) -> bool:
    """Whether the topic's answer (or one of its routes') was given in this conversation."""
    language, _, facts = conversation_facts(tracker)
    return any(said_before(tracker, t.text(language).format(**facts).strip())
               for t in _answers(topic))


def nationality_told(tracker: Tracker, language: str) -> Optional[str]:
    """The nationality (ISO code) a short message tells and nothing more, else None."""
    message = tracker.latest_message
    text = str(message.get("text") or "/")
    if text.startswith("/") or len(normalize(text).split()) > NATIONALITY_TOLD_WORDS:
        return None
    # "I want to work in Germany": the destination is no nationality
    countries = [c for c in countries_of_origin(message.get("entities") or [], text)
                 if c.upper() != "DE"]
    return parse_nationality(text, language, countries, strict=True)


def answer_the_nationality(dispatcher: CollectingDispatcher, tracker: Tracker
                           ) -> Optional[List[EventType]]:
    """A nationality told right after an answer (see knowledge/told_nationality.yml): the
    answer for it, or that the answer given applies; None where nothing is assumed."""
    knowledge = current_knowledge()
    before = knowledge.topics.get(str(tracker.get_slot("topic")))
    language, _, facts = conversation_facts(tracker)
    code = nationality_told(tracker, language)
    if before is None or code is None or not answer_given(tracker, before):
        return None
    told: List[EventType] = [SlotSet("nationality", code)]
    routed = route_for(before, tracker, language)
    if routed.when.get("nationality") and not said_before(
            tracker, routed.text(language).format(**facts).strip()):
        answer_topic(dispatcher, tracker, before.id)  # its route for the nationality told
        return told
    group = nationality_group(code)
    for own in _rules()["own_answers"]:
        if {code, group} & set(own["nationality"]) and before.id in _topics(own["after"]):
            answer_topic(dispatcher, tracker, own["topic"])
            return [*told, SlotSet("topic", own["topic"])]
    if before.id in _topics("same_for_everyone") or (
            group == "title" and before.id in _topics("title_topics")):
        answer_stands(dispatcher)
        return told
    return None


def answer_stands(dispatcher: CollectingDispatcher) -> None:
    """ "Then the answer above applies to you", with the ways forward."""
    dispatcher.utter_message(response="utter_answer_stands")
    dispatcher.utter_message(response="utter_next_step",
                             appointment_payload=appointment_payload(None))


def job_lost_instead(tracker: Tracker, topic_id: str) -> Optional[str]:
    """ "Ich bin Polin und habe meine Arbeit verloren, darf ich bleiben?": for an EU citizen
    the right that remains (eu_citizens' route), for a title holder what the lost job means
    for the title; also where "verloren" read it as a lost document (no police report)."""
    language = tracker_language(tracker)
    if topic_id == "lost_document":
        if not tells_in_latest(tracker, "lost_job", language):
            return None
    elif topic_id != "job_loss":
        return None
    return "eu_citizens" if "free_movement" in nationality_groups(tracker, language) \
        else "job_loss"


def title_after_the_lost_job(tracker: Tracker, topic_id: str) -> bool:
    """A work title (or its service) named in a few words right after the lost job's answer,
    read as that title's topic: the answer given applies to it."""
    text = str(tracker.latest_message.get("text") or "/")
    if (tracker.get_slot("topic") != "job_loss" or topic_id not in TITLE_TOPICS
            or text.startswith("/") or len(normalize(text).split()) > TITLE_TOLD_WORDS
            or not any(e.get("entity") in ("residence_title", "service")
                       for e in tracker.latest_message.get("entities") or [])):
        return False
    language, _, facts = conversation_facts(tracker)
    answered = route_for(current_knowledge().topics["job_loss"], tracker, language)
    return said_before(tracker, answered.text(language).format(**facts).strip())
