"""Answering what the message asks: its topic or office question, and the other questions
asked with it ("Was kostet das und wie lange dauert es?", guide rule 12).

The NLU lists a message's questions in the parse data (`questions`, lotse/nlu/questions.py),
the first one as the message's intent. Each is answered in order, headed by its label; the
next step and the rating question come once, at the end. More than MAX_ANSWERS questions:
the first ones are answered, the rest offered as buttons ("Außerdem gefragt: …").
"""

from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.anger import answer_anger, is_angry
from actions.answers import (
    CATALOG_TOPICS,
    answer_follow_up,
    answer_topic,
    next_step_and_rating,
    wants_appointment,
)
from actions.context import conversation_facts, language_and_office, latest_intent
from actions.fee_follow_up import ANOTHER_PERSON_WORDS, answer_child_fee
from actions.fees import named_service
from actions.follow_up import MIN_SCORE, answers_how_well, asks_a_case, said_before
from actions.forms.choices import mentions, normalize, words
from actions.forms.extension import expiry_ahead
from actions.forms.nationality import parse_nationality
from actions.forms.permit_recommendation import needs_title
from actions.forms.reading import intent_confidence
from actions.knowledge import Topic, current_knowledge
from actions.labels import label
from actions.languages import tracker_language
from actions.office_answers import RESPONSES, answer_office_question
from actions.referrals import department_for, refer
from actions.situations import (
    answered_by_routes,
    asked_of_the_answer_before,
    conversation_topic,
    route_for,
)
from actions.told import (
    answer_stands,
    answer_the_nationality,
    job_lost_instead,
    own_answer_topics,
    title_after_the_lost_job,
)
from actions.walk_in import answer_walk_in
from lotse_common.office.schema import Service

QUESTIONS_KEY = "questions"
MAX_ANSWERS = 3
# below this, a message read as another topic may still ask more of the answer just given
# ("а летом на каникулах можно больше?" after the students' work answer: travel at 0.58)
WEAK_READING = 0.65


def other_questions(tracker: Tracker) -> List[str]:
    """The questions of the latest message besides the one its intent answers."""
    asked = tracker.latest_message.get(QUESTIONS_KEY) or []
    main = latest_intent(tracker)
    told = answered_by_routes(main, tracker, tracker_language(tracker)) if asked else set()
    return [q for q in dict.fromkeys(asked) if q != main and q not in told]


def needs_a_title_instead(tracker: Tracker, topic_id: str) -> bool:
    """"I'm Nigerian and a trained nurse, …" read as the free-movement topic: that answer is
    not for someone who names only a nationality that needs a residence title (an EU spouse
    named too keeps it). Which title then depends on purpose and place: the permit finder."""
    if topic_id != "eu_citizens":
        return False
    language, _ = language_and_office(tracker)
    message = tracker.latest_message
    # "… I want to work in Germany": the destination is no second nationality
    countries = [str(e.get("value")) for e in message.get("entities") or []
                 if e.get("entity") == "country" and str(e.get("value")).upper() != "DE"]
    # not strict: "my husband is Polish" names a second nationality, and then none is sure
    nationality = parse_nationality(str(message.get("text") or ""), language, countries)
    return bool(nationality) and needs_title(nationality)


def _service(tracker: Tracker, topic_id: str) -> Optional[Service]:
    topic = current_knowledge().topics.get(topic_id)
    _, office = language_and_office(tracker)
    return office.service(topic.service) if topic is not None and topic.service else None


def answer_others(
    dispatcher: CollectingDispatcher, tracker: Tracker, answered: int = 1
) -> Optional[Service]:
    """Answers the message's other questions after the first; returns the first service
    among them (for the appointment button) if any."""
    language, _ = language_and_office(tracker)
    others = other_questions(tracker)
    # "… and can I work in the EU?" from a Nigerian: not the free-movement answer; which
    # title fits is the permit finder's question, offered as a button with the others
    finder = [i for i in others if needs_a_title_instead(tracker, i)]
    others = [i for i in others if i not in finder]
    room = max(MAX_ANSWERS - answered, 0)
    service = None
    for intent in others[:room]:
        dispatcher.utter_message(response="utter_also_asked", label=label(intent, language))
        if intent in RESPONSES or intent.startswith("office_"):
            answer_office_question(dispatcher, tracker, intent)
        elif intent == "out_of_scope":
            refer(dispatcher, tracker)
        else:
            answer_topic(dispatcher, tracker, intent, next_step=False)
            service = service or _service(tracker, intent)
    rest = others[room:] + (["permit_finder"] if finder else [])
    if rest:
        buttons = [{"title": label(i, language), "payload": f"/{i}"} for i in rest]
        dispatcher.utter_message(response="utter_more_questions", buttons=buttons)
    return service


def about_another_authority(tracker: Tracker) -> bool:
    """A question about documents, fees, time or online forms after another authority's matter
    ("Ich brauche einen neuen Personalausweis. Was muss ich mitbringen?"): that authority's,
    unless the message names a service or title of this office."""
    if not any(True for _ in tracker.get_latest_entity_values("authority")):
        return False
    if any(True for _ in tracker.get_latest_entity_values("residence_title")):
        return False
    language, office = language_and_office(tracker)
    return named_service(tracker, office, current_knowledge(), language, context=False) is None


def case_of_the_answer_before(tracker: Tracker, topic_id: str) -> Optional[Tuple[Topic, str]]:
    """ "а якщо я живу ще в Aufnahmeeinrichtung?" after the asylum seekers' work answer, read
    as the asylum application: a case of the answer just given ("und wenn …", condition
    words), which one of its sentences answers at least as well as the topic read. Then that
    answer (its route) and its text; else None."""
    question = str(tracker.latest_message.get("text") or "/")
    language, _, facts = conversation_facts(tracker)
    before = tracker.get_slot("topic")
    if question.startswith("/") or before in (None, topic_id):
        return None
    # "und wenn …" asks a case of it; a message read only weakly as another topic whose
    # answer shares nothing with it ("и на каникулах больше можно?" as travel at 0.34 after
    # the students' work) may ask more of it
    weakly = not asks_a_case(question, language)
    if weakly and intent_confidence(tracker) >= WEAK_READING:
        return None
    knowledge = current_knowledge()
    if before not in knowledge.topics:
        return None
    answered = route_for(knowledge.topics[before], tracker, language)
    text = answered.text(language).format(**facts).strip()
    if not said_before(tracker, text):
        return None
    read = knowledge.topics.get(topic_id)
    other = route_for(read, tracker, language).text(language) if read is not None else ""
    how_well = answers_how_well(question, text, knowledge, language)
    read_well = answers_how_well(question, other, knowledge, language)
    if how_well < max(MIN_SCORE, read_well) or (weakly and read_well >= MIN_SCORE):
        return None
    return answered, text


# topics about the family itself: "und meine Frau?" after them asks about bringing her
FAMILY_TOPICS = frozenset({"family_reunion", "spouse_independent_residence",
                           "child_born_in_germany", "parent_of_german_child",
                           "visitor_invitation"})


def same_topic_for_another(tracker: Tracker, topic_id: str) -> Optional[str]:
    """ "and my wife?" right after the settlement permit's or the work answer, read as family
    reunion (its words): the same question for her, not how to bring her to Germany."""
    text = str(tracker.latest_message.get("text") or "/")
    before = tracker.get_slot("topic")
    if text.startswith("/") or before in (None, topic_id) or before in FAMILY_TOPICS \
            or before not in current_knowledge().topics:
        return None
    language = tracker_language(tracker)
    if len(normalize(text).split()) > ANOTHER_PERSON_WORDS:
        return None
    return before if mentions(text, words(language).get("someone_else") or []) else None


def answer_told_after(dispatcher: CollectingDispatcher, tracker: Tracker
                      ) -> Optional[List[EventType]]:
    """A message read unsure or as a form's answer that tells a fact right after an answer:
    a nationality ("I'm Indian"), another person ("und unser Sohn, der ist 15"), the day the
    title ends after the extension's plan ("1 şubat değil 15 şubat"); None if not."""
    from actions.forms.extension import answer_expiry_told  # the forms import us

    told = answer_the_nationality(dispatcher, tracker)
    if told is None:
        told = answer_expiry_told(dispatcher, tracker)
    if told is not None:
        return told
    again = same_topic_for_another(tracker, "")
    return None if again is None else answer_for_another(dispatcher, tracker, again)


def answer_for_another(dispatcher: CollectingDispatcher, tracker: Tracker, again: str
                       ) -> List[EventType]:
    """The topic just answered, for the other person asked about; where that is the answer
    just given, whether their stay here or bringing them here (family reunion) is meant
    ("and my son?" read as the parent of a German child is still one of the two)."""
    language, _, facts = conversation_facts(tracker)
    routed = route_for(current_knowledge().topics[again], tracker, language)
    if said_before(tracker, routed.text(language).format(**facts).strip()):
        # her answer is the one just given: her stay here, or bringing her here?
        dispatcher.utter_message(response="utter_ask_whose_matter", buttons=[
            {"title": label(again, language), "payload": f"/{again}"},
            {"title": label("family_reunion", language), "payload": "/family_reunion"}])
        return []
    answer_topic(dispatcher, tracker, again)
    return [SlotSet("topic", again)]


class ActionAnswerTopic(Action):
    def name(self) -> str:
        return "action_answer_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        from actions.forms.cancellation import move_asked  # the forms import us

        moved = move_asked(tracker)  # "mejor el jueves, se puede cambiar?" after a booking
        if moved is not None:
            return moved
        topic_id = latest_intent(tracker)
        topic_id = job_lost_instead(tracker, topic_id) or topic_id  # "Arbeit verloren"
        if title_after_the_lost_job(tracker, topic_id):  # "… für Fachkräfte, was nun?"
            answer_stands(dispatcher)
            return []
        asked = asked_of_the_answer_before(tracker, tracker_language(tracker))
        if asked is not None and asked != topic_id:
            # "muss ich euch das melden?" after the lost job's answer, read as the change of
            # address: the answer's own narrower question
            topic_id = asked
        elif topic_id != tracker.get_slot("topic") and (
                topic_id in own_answer_topics() or intent_confidence(tracker) < WEAK_READING):
            # "I'm Indian" after the Blue Card's answer, read as another topic
            told = answer_the_nationality(dispatcher, tracker)
            if told is not None:
                return told
        if answer_walk_in(dispatcher, tracker):  # "Karte ohne Termin abholen?": yes or no
            return [SlotSet("topic", topic_id)]
        if is_angry(tracker):  # "Ihr seid unfähig, seit 3 Monaten warte ich": no topic answer
            answer_anger(dispatcher, tracker)
            return []
        if needs_a_title_instead(tracker, topic_id):
            return [FollowupAction("permit_finder_form")]
        if topic_id == "permit_expired" and expiry_ahead(tracker):
            return [FollowupAction("extension_form")]  # "vence el 10 de enero": still valid
        if topic_id in CATALOG_TOPICS and about_another_authority(tracker):
            refer(dispatcher, tracker)  # "… neuer Personalausweis. Was muss ich mitbringen?"
            return []
        if answer_child_fee(dispatcher, tracker):  # "and for my wife?" right after the fee
            return []
        again = same_topic_for_another(tracker, topic_id)
        if again is not None:  # "und meine Frau?" after the settlement permit: hers
            return answer_for_another(dispatcher, tracker, again)
        topic = current_knowledge().topics.get(topic_id)
        more = bool(other_questions(tracker))
        case = None if more else case_of_the_answer_before(tracker, topic_id)
        if case is not None:  # the conversation's topic stays the answer's
            _, office = language_and_office(tracker)
            answer_follow_up(dispatcher, tracker, *case, office, next_step=True)
            return []
        if topic is not None and wants_appointment(tracker) and not more:
            # a clerk books it rather than explaining the topic; the form says if it cannot
            if topic.service:
                return [SlotSet("service", topic.service), FollowupAction("appointment_form")]
            # "Termin, meine Karte ist abgelaufen": what that means, then the booking;
            # "Termin zur Einbürgerung": the form says whose appointments those are
            language, office = language_and_office(tracker)
            if department_for(topic_id, office, language) is None:
                answer_topic(dispatcher, tracker, topic_id, next_step=False)
            return [SlotSet("topic", topic_id), FollowupAction("appointment_form")]
        if not answer_topic(dispatcher, tracker, topic_id, next_step=not more):
            return []
        if more:
            also = answer_others(dispatcher, tracker)
            next_step_and_rating(dispatcher, _service(tracker, topic_id) or also)
        if topic_id in CATALOG_TOPICS:
            # "I need to renew my permit, what documents do I need?": then "can I do that
            # online?" is about the extension; "und was kostet das?" keeps to the conversation's
            language, office = language_and_office(tracker)
            knowledge = current_knowledge()
            named = named_service(tracker, office, knowledge, language, context=False)
            about = knowledge.topic_for_service(named.id if named else None)
            if about or tracker.get_slot("topic"):
                return [SlotSet("topic", about)] if about else []
        # "vorübergehender Schutz, Karte verloren": the lost card's answer was given, so
        # "wie lange dauert eine neue?" is about the card, not the protection permit
        return [SlotSet("topic", conversation_topic(topic_id, tracker, tracker_language(tracker)))]


class ActionAnswerOffice(Action):
    def name(self) -> str:
        return "action_answer_office"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        if answer_walk_in(dispatcher, tracker):  # "ohne Termin?" about a service it names
            return []
        if is_angry(tracker):  # "3 aydır bekliyorum, beceriksizsiniz": anger before any facts
            answer_anger(dispatcher, tracker)
            return []
        # "а дети?" after the naturalisation answer, read weakly as where the office is
        again = same_topic_for_another(tracker, latest_intent(tracker))
        if again is not None and intent_confidence(tracker) < WEAK_READING:
            return answer_for_another(dispatcher, tracker, again)
        events = answer_office_question(dispatcher, tracker, latest_intent(tracker))
        if other_questions(tracker):
            next_step_and_rating(dispatcher, answer_others(dispatcher, tracker))
        return events


class ActionAnswerOutOfScope(Action):
    """Not the immigration office's matter: whose it is (actions/referrals.py)."""

    def name(self) -> str:
        return "action_answer_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        if is_angry(tracker):  # "Ihr seid zu nichts zu gebrauchen" is no other authority's matter
            answer_anger(dispatcher, tracker)
            return []
        if answer_child_fee(dispatcher, tracker):  # "und für meinen Sohn?" after the fee
            return []
        authority = next(tracker.get_latest_entity_values("authority"), None)
        asked = None if authority else asked_of_the_answer_before(tracker,
                                                                  tracker_language(tracker))
        if asked is not None:  # "how long do I have to find a new job?" after the lost job
            answer_topic(dispatcher, tracker, asked)
            return [SlotSet("topic", asked)]
        if other_questions(tracker) and authority is None:
            # the part read as out of remit names no other authority: what the message asks
            # of us is answered, without "I can't help with that" before the answer
            next_step_and_rating(dispatcher, answer_others(dispatcher, tracker, answered=0))
            return []
        refer(dispatcher, tracker)
        if other_questions(tracker):
            next_step_and_rating(dispatcher, answer_others(dispatcher, tracker))
        return []
