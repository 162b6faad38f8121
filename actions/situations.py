"""What the citizen told in this conversation that changes the answer: the topic's narrower
route ("mein Mann ist Deutscher", "ich bin anerkannter Flüchtling") and the documents of a
service for that situation (knowledge/situations.yml; `situation_documents` in the office's
service catalog)."""

from typing import Dict, List, Optional, Set

from rasa_sdk import Tracker

from actions.forms.choices import mentions, words
from actions.forms.nationality import parse_nationality
from actions.forms.permit_recommendation import nationality_group
from actions.knowledge import Topic, current_knowledge
from lotse_common.office.schema import Service

# answered by the asking person's own title, never by what someone else told of theirs
OWN_TITLE_TOPICS = ("work_permission",)


def session_messages(tracker: Tracker) -> List[Dict]:
    """The citizen's messages of this session (parse data), newest first."""
    found = []
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            break
        if event.get("event") == "user":
            found.append(event.get("parse_data") or {"text": event.get("text")})
    return found or [tracker.latest_message]


def _said(tracker: Tracker) -> str:
    return " . ".join(str(m.get("text") or "") for m in session_messages(tracker))


def _tells(said: str, told: Dict, language: str) -> bool:
    """The words that tell it, and none of those that rule it out: "nicht rechtzeitig
    beantragt" is no application in time."""
    says, unless = told.get("says") or {}, told.get("unless") or {}
    phrases = [p for lang in (language, "de") for p in says.get(lang) or []]
    excluded = [p for lang in (language, "de") for p in unless.get(lang) or []]
    return mentions(said, phrases) and not mentions(said, excluded)


def tells(tracker: Tracker, situation: str, language: str) -> bool:
    """Whether the conversation tells the situation ("ich habe eine Duldung")."""
    return _tells(_said(tracker), current_knowledge().situations.get(situation) or {}, language)


def tells_in_latest(tracker: Tracker, situation: str, language: str) -> bool:
    """Whether the latest message tells the situation ("darf ich weiter arbeiten?")."""
    told = current_knowledge().situations.get(situation) or {}
    return _tells(str(tracker.latest_message.get("text") or ""), told, language)


def route_for(topic: Topic, tracker: Tracker, language: str) -> Topic:
    """The topic's narrower answer for what the citizen said in this conversation (a title
    held, "mein Mann ist Deutscher"), else the topic itself."""
    return _route_chain(topic, tracker, language)[-1]


def _route_chain(topic: Topic, tracker: Tracker, language: str) -> List[Topic]:
    """The topic and the routes taken from it, each within the one before (a route giving
    another topic's answer brings that topic's own routes).

    A message about another person ("and my wife came on a family visa, how much can she
    work?" after "I'm a student") is routed by what it tells of that person; what the
    citizen told of themself still counts where it is the other's matter too ("anerkannter
    Flüchtling … muss meine Frau Deutsch lernen?": the citizen's family reunion), except for
    the topics that only the person's own title answers (work)."""
    messages = session_messages(tracker)
    latest = str(tracker.latest_message.get("text") or "")
    if mentions(latest, words(language).get("someone_else") or []):
        own = _chain(topic, messages[:1], latest, language)
        if topic.id in OWN_TITLE_TOPICS:
            return own
        if len(own) > 1:
            # within the other person's route, the citizen's own title still narrows it:
            # "Blaue Karte" earlier, "mein Sohn ist 17" now: the Blue Card exception
            return own[:-1] + _chain(own[-1], messages, latest, language)
    return _chain(topic, messages, latest, language)


def _chain(topic: Topic, messages: List[Dict], latest: str, language: str) -> List[Topic]:
    held = {str(e.get("value")) for m in messages for e in m.get("entities") or []
            if e.get("entity") == "residence_title"}
    said = " . ".join(str(m.get("text") or "") for m in messages)
    situations = current_knowledge().situations
    groups = None
    chain = [topic]
    while True:
        for route in chain[-1].routes:
            told = situations.get(route.when.get("situation") or "") or route.when
            # a question ("darf ich arbeiten?") counts in the message answered, a situation
            # ("ich habe eine Duldung") in every message of the conversation
            text = latest if told.get("latest") else said
            if route.when.get("nationality"):
                groups = _nationality_groups(messages, language) if groups is None else groups
                if groups & set(route.when["nationality"]):
                    chain.append(route)
                    break
            elif (held & set(route.when.get("residence_title") or ())
                  or _tells(text, told, language)) and not _unless(route, text, latest,
                                                                   situations, language):
                # `unless_situation`: "mir wurde gekündigt, was wird aus meiner Frau?" is the
                # lost job's own answer, "und meine Frau?" after it the spouse's route
                chain.append(route)
                break
        else:
            return chain


def _unless(route: Topic, text: str, latest: str, situations: Dict, language: str) -> bool:
    """The route's `unless_situation` told: a question ("und mein Sohn?", `latest`) in the
    message answered, a situation where the route's own is read ("mir wurde gekündigt" with
    "und meine Frau?" in one message)."""
    unless = situations.get(route.when.get("unless_situation") or "") or {}
    return _tells(latest if unless.get("latest") else text, unless, language)


def nationality_groups(tracker: Tracker, language: str, latest: bool = False) -> Set[str]:
    """The nationality groups named in this conversation, or in its latest message only
    (see _nationality_groups)."""
    messages = [tracker.latest_message] if latest else session_messages(tracker)
    return _nationality_groups(messages, language)


def _nationality_groups(messages: List[Dict], language: str) -> Set[str]:
    """The nationality groups (permit_finder.yml: free_movement, germans, …) of the
    nationalities the messages name: "Ich bin Franzose, wie kann meine Frau aus Marokko
    nachkommen?" is free movement, whoever of the two is the EU citizen."""
    found = set()
    for message in messages:
        countries = [str(e.get("value")) for e in message.get("entities") or []
                     if e.get("entity") == "country" and str(e.get("value")).upper() != "DE"]
        nationality = parse_nationality(str(message.get("text") or ""), language, countries,
                                        strict=True)
        if nationality:
            found.add(nationality_group(nationality))
    return found


def answered_by_routes(topic_id: str, tracker: Tracker, language: str) -> Set[str]:
    """The topics the answer's routes already stand for: in "Mein Mann ist Deutscher, kann
    ich mich einbürgern lassen?" the spouse of a German is the naturalisation's route, no
    second question to answer with the spouse's residence permit."""
    knowledge = current_knowledge()
    topic = knowledge.topics.get(topic_id)
    if topic is None:
        return set()
    found: Set[str] = set()
    for route in _route_chain(topic, tracker, language)[1:]:
        told = knowledge.situations.get(route.when.get("situation") or "") or {}
        found.update(told.get("topics") or ())
        found.update([route.answers_for] if route.answers_for else [])
    return found


def asked_of_the_answer_before(tracker: Tracker, language: str, unsure: bool = False
                               ) -> Optional[str]:
    """The conversation's topic when the message asks one of its narrower questions that
    count however the message was read (`follow_up: true`: "how long do I have to find a new
    job?" after the lost job's answer, read as out of remit); else None. A message the NLU
    is `unsure` of also asks any narrower question it names (`latest` situations: "c'est
    trop long … C'est possible pour les enfants oui ou non ?" after the family reunion)."""
    topic = current_knowledge().topics.get(tracker.get_slot("topic") or "")
    if topic is None:
        return None
    situations = current_knowledge().situations
    latest = str(tracker.latest_message.get("text") or "")
    for route in topic.routes:
        told = situations.get(route.when.get("situation") or "") or {}
        counts = told.get("follow_up") or (unsure and told.get("latest"))
        if counts and _tells(latest, told, language):
            return topic.id
    return None


def conversation_topic(topic_id: str, tracker: Tracker, language: str) -> str:
    """The topic the conversation is about once topic_id's answer was given: the topic of
    the route's service ("vorübergehender Schutz, Karte verloren": the lost card, so "wie
    lange dauert eine neue?" is about the card), or the topic whose answer a route gave
    ("Duldung, darf ich arbeiten?": work), else topic_id."""
    knowledge = current_knowledge()
    topic = knowledge.topics.get(topic_id)
    if topic is None:
        return topic_id
    chain = _route_chain(topic, tracker, language)
    if chain[-1].service != topic.service:
        by_service = knowledge.topic_for_service(chain[-1].service)
        if by_service:
            return by_service
    return next((t.answers_for for t in reversed(chain) if t.answers_for), topic_id)


def routed_service(topic_id: str, tracker: Tracker, language: str) -> Optional[str]:
    """The service of the topic's narrower answer for this conversation when it has its own:
    "Asylbewerber, darf ich arbeiten?" is about the employment permit, "vorübergehender
    Schutz, Karte verloren" about the lost card; else None."""
    topic = current_knowledge().topics.get(topic_id)
    if topic is None:
        return None
    routed = route_for(topic, tracker, language)
    return routed.service if routed.service != topic.service else None


def service_documents(service: Service, tracker: Tracker, language: str) -> List[str]:
    """The service's documents, or those for a situation the citizen told: a recognised
    refugee's family brings the recognition decision, and no proof of income and housing
    (§ 29 Abs. 2 AufenthG)."""
    situations = current_knowledge().situations
    said = _said(tracker)
    # a topic that is the situation itself ("my fiancée is German, which permit?" read as the
    # spouse of a German) tells it without its words
    asked = {(tracker.latest_message.get("intent") or {}).get("name"), tracker.get_slot("topic")}
    for situation, documents in service.situation_documents.items():
        told = situations.get(situation) or {}
        if _tells(said, told, language) or asked & set(told.get("topics") or ()):
            return [d.get(language) for d in documents]
    return [d.get(language) for d in service.documents]
