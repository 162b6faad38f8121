"""What the citizen told in this conversation that changes the answer: the topic's narrower
route ("mein Mann ist Deutscher", "ich bin anerkannter Flüchtling") and the documents of a
service for that situation (knowledge/situations.yml; `situation_documents` in the office's
service catalog)."""

from typing import Dict, List

from rasa_sdk import Tracker

from actions.forms.choices import mentions
from actions.knowledge import Topic, current_knowledge
from lotse_common.office.schema import Service


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


def route_for(topic: Topic, tracker: Tracker, language: str) -> Topic:
    """The topic's narrower answer for what the citizen said in this conversation (a title
    held, "mein Mann ist Deutscher"), else the topic itself."""
    messages = session_messages(tracker)
    held = {str(e.get("value")) for m in messages for e in m.get("entities") or []
            if e.get("entity") == "residence_title"}
    said = _said(tracker)
    situations = current_knowledge().situations
    for route in topic.routes:
        told = situations.get(route.when.get("situation") or "") or route.when
        if held & set(route.when.get("residence_title") or ()) or _tells(said, told, language):
            return route_for(route, tracker, language)  # another topic's own routes
    return topic


def service_documents(service: Service, tracker: Tracker, language: str) -> List[str]:
    """The service's documents, or those for a situation the citizen told: a recognised
    refugee's family brings the recognition decision, and no proof of income and housing
    (§ 29 Abs. 2 AufenthG)."""
    situations = current_knowledge().situations
    said = _said(tracker)
    for situation, documents in service.situation_documents.items():
        if _tells(said, situations.get(situation) or {}, language):
            return [d.get(language) for d in documents]
    return [d.get(language) for d in service.documents]
