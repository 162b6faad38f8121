"""Factual answers: the topic's text from knowledge/, its legal basis, the office's service
(documents, online application, appointment) and the feedback question.

Each piece is its own chat message: one idea per message, the next step last.
"""

import logging
import re
from typing import Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import conversation_facts, said_in_session
from actions.durations import compare_contributions, compare_time_together
from actions.fees import (
    answer_fee,
    fee_service,
    named_service,
    says_fee_unknown,
    service_reductions,
    typical_fee,
)
from actions.follow_up import answering, message_parts, said_before, sentences
from actions.forms.choices import mentions, words
from actions.knowledge import Knowledge, Topic, current_knowledge
from actions.languages import tracker_language
from actions.office import Office
from actions.referrals import department_for
from actions.situations import (
    nationality_groups,
    route_for,
    service_documents,
    tells_in_latest,
)
from lotse_common.language import joined
from lotse_common.office.schema import Service

logger = logging.getLogger(__name__)

# "general information, the office decides": once per conversation, the finder's own or this
DISCLAIMERS = ("utter_permit_finder_disclaimer", "utter_disclaimer")

# answered from the office's service catalog instead of a knowledge text
CATALOG_TOPICS = {"fees", "processing_time", "online_services", "required_documents"}


def citations(knowledge: Knowledge, basis: List[str]) -> str:
    """"[§ 44 AufenthV](https://…)": a link that reads as the paragraph; each channel renders
    it its own way (widget: a link; WhatsApp: the label, the URLs once at the end)."""
    parts = []
    for citation in basis:
        url = knowledge.citation_url(citation)
        parts.append(f"[{citation}]({url})" if url else citation)
    return "; ".join(parts)


# the service catalog's field each catalog topic answers from
FACT_FIELDS = {
    "processing_time": "processing_weeks",
    "online_services": "online_application_url",
    "required_documents": "documents",
}
# what to say when the service talked about lacks the fact
UNKNOWN_FACT = {
    "processing_time": "utter_processing_time_unknown",
    "online_services": "utter_online_service_unknown",
}
ALL_SERVICES = "all"  # the "show all" button's service
CHOICES = 6


def has_fact(topic: str, service: Optional[Service]) -> bool:
    return service is not None and bool(getattr(service, FACT_FIELDS[topic], None))


def wants_list(tracker: Tracker) -> bool:
    """ "Alle Bearbeitungszeiten", "list of all online services", the "show all" button."""
    if ALL_SERVICES in tracker.get_latest_entity_values("service"):
        return True
    text = str(tracker.latest_message.get("text") or "")
    return not text.startswith("/") and mentions(text, words(tracker_language(tracker))["list"])


def ask_which_service(
    dispatcher: CollectingDispatcher, topic: str, office: Office, language: str,
    facts: Dict[str, str],
) -> None:
    """ "Wie lange dauert die Bearbeitung?" without a service: which one (buttons), not
    the whole catalogue; the catalogue only on request (the last button)."""
    buttons = [
        {"title": s.name.get(language), "payload": f'/{topic}{{"service":"{s.id}"}}'}
        for s in office.services
        if has_fact(topic, s)
    ][:CHOICES]
    if topic == "required_documents":  # what every application needs, then which service
        names = joined((s.name.get(language) for s in office.services), language)
        dispatcher.utter_message(
            response="utter_required_documents", services=names, buttons=buttons, **facts
        )
        return
    everything = words(language)["show_all"]
    buttons.append({"title": everything, "payload": f'/{topic}{{"service":"{ALL_SERVICES}"}}'})
    dispatcher.utter_message(response="utter_catalog_which", buttons=buttons, **facts)


def catalog_answer(
    topic: str, office: Office, tracker: Tracker, about: Optional[Service] = None
) -> Dict[str, str]:
    """Response name and values for topics the service catalog answers: for the service
    asked about if it has the fact ("und was kostet das?"), else (asked for) for all."""
    language = tracker_language(tracker)
    services = [about] if has_fact(topic, about) else office.services
    if topic == "required_documents" and about is not None and has_fact(topic, about):
        documents = joined(service_documents(about, tracker, language), language)
        return {"response": "utter_service_documents", "documents": documents}
    if topic == "processing_time" and about is not None and has_fact(topic, about):
        # "wie lange dauert eine neue Karte?": one sentence, not a table of one row
        return {"response": "utter_processing_time_one", "service_name": about.name.get(language),
                "weeks": str(about.processing_weeks)}
    if topic == "processing_time":
        lines = [
            f"{s.name.get(language)}: {s.processing_weeks}"
            for s in services
            if s.processing_weeks is not None
        ]
        return {"response": "utter_processing_times", "times": "; ".join(lines)}
    if topic == "online_services":
        lines = [
            f"{s.name.get(language)}: {s.online_application_url}"
            for s in services
            if s.online_application_url
        ]
        return {"response": "utter_online_services", "services": "; ".join(lines)}
    names = joined((s.name.get(language) for s in services), language)
    return {"response": "utter_required_documents", "services": names}


def answer_topic(
    dispatcher: CollectingDispatcher, tracker: Tracker, topic_id: str, next_step: bool = True
) -> bool:
    """Sends the topic's answer, legal basis and service details; False if Lotse has none.

    `next_step` adds the appointment/contact buttons and the rating question; inside a form
    they are left out, since the form continues with its own question.
    """
    language, office, facts = conversation_facts(tracker)
    knowledge = current_knowledge()
    topic = knowledge.topics.get(topic_id)
    service_id: Optional[str] = None

    if topic_id == "fees":  # inside another form: the fee if the service is clear
        service = fee_service(tracker, office, knowledge, language)
        if service is None and not says_fee_unknown(dispatcher, tracker, office, knowledge,
                                                     language, facts):
            dispatcher.utter_message(response="utter_fee_which_hint")
        elif service is not None:
            answer_fee(dispatcher, tracker, service, language, lambda b: citations(knowledge, b))
        return True
    if topic_id in CATALOG_TOPICS:  # for the service named, else the conversation's
        service = named_service(tracker, office, knowledge, language)
        listing = wants_list(tracker)
        if service is not None and topic_id in UNKNOWN_FACT and not has_fact(topic_id, service) \
                and not listing:
            # "Wie lange dauert das?" after a matter the office gives no time for: say so,
            # not "which service?" about the one just talked about
            dispatcher.utter_message(response=UNKNOWN_FACT[topic_id],
                                     service_name=service.name.get(language), **facts)
            if next_step:
                next_step_and_rating(dispatcher, service)
            return True
        if not has_fact(topic_id, service) and not listing:
            ask_which_service(dispatcher, topic_id, office, language, facts)
            return True
        dispatcher.utter_message(**catalog_answer(topic_id, office, tracker, service), **facts)
        basis = []
    elif topic is not None:
        topic = route_for(topic, tracker, language)
        text = topic.text(language).format(**facts).strip()
        if asked_again(tracker, text):
            answer_follow_up(dispatcher, tracker, topic, text, office, next_step)
            return True
        for part in message_parts(text):
            dispatcher.utter_message(text=part)
        ask_nationality(dispatcher, tracker, topic, language)
        compare_contributions(dispatcher, tracker, topic, language)
        compare_time_together(dispatcher, tracker, topic, language)
        basis, service_id = topic.basis, topic.service
        links = [f"{link['label'].get(language) or link['label']['de']}: {link['url']}"
                 for link in topic.links]
        if links:
            dispatcher.utter_message(response="utter_topic_links", links=" · ".join(links))
    else:
        logger.warning("No knowledge entry for topic '%s'", topic_id)
        dispatcher.utter_message(response="utter_topic_not_available", **facts)
        return False

    # another department's matter (naturalisation): it decides, and it is the way forward
    elsewhere = department_for(topic_id, office, language) if topic is not None else None
    if basis:
        cited = citations(knowledge, basis)
        dispatcher.utter_message(response="utter_legal_basis", citations=cited)
        if topic is not None and not elsewhere and not disclaimer_given(tracker, dispatcher):
            dispatcher.utter_message(response="utter_disclaimer")
    if elsewhere:
        dispatcher.utter_message(text=elsewhere)
        if next_step:
            dispatcher.utter_message(response="utter_ask_feedback")
        return True
    text = str(tracker.latest_message.get("text") or "")
    told = topic.text(language) if topic is not None else ""
    service = service_details(dispatcher, tracker, office, service_id, language, text,
                              told=told)
    if next_step:
        next_step_and_rating(dispatcher, service)
    return True


def ask_nationality(dispatcher: CollectingDispatcher, tracker: Tracker, topic: Topic,
                    language: str) -> None:
    """The topic's question for the nationality, unless the citizen named it already ("I'm
    from Brazil, … I lost my job" is not asked whether they are an EU citizen)."""
    if topic.nationality_question and not tracker.get_slot("nationality") \
            and not nationality_groups(tracker, language):
        dispatcher.utter_message(text=topic.nationality_question.get(language)
                                 or topic.nationality_question["de"])


def asked_again(tracker: Tracker, text: str) -> bool:
    """A question in words on an answer given earlier in the conversation."""
    said = str(tracker.latest_message.get("text") or "/")
    return not said.startswith("/") and said_before(tracker, text)


def answer_follow_up(
    dispatcher: CollectingDispatcher, tracker: Tracker, topic: Topic, text: str, office: Office,
    next_step: bool,
) -> None:
    """ "Muss ich zur Polizei?" after the lost card: the sentences of the answer and the
    documents of its service that answer it, with the paragraphs; else that the answer
    above is all Lotse knows, and the way to a person."""
    language = tracker_language(tracker)
    question = str(tracker.latest_message.get("text") or "")
    service = office.service(topic.service) if topic.service else None
    documents = service_documents(service, tracker, language) if service is not None else []
    found = answering(question, sentences(text) + documents, current_knowledge(), language)
    if not found and asks_what_the_route_answers(tracker, topic, language):
        # "muss ich jetzt ausreisen??" again after the answer to just that: its first
        # sentence, not "I can say no more than above"
        found = sentences(text)[:1]
    told = [part for part in found if part not in documents]
    if told:
        dispatcher.utter_message(text=" ".join(told))
        cited = citations(current_knowledge(), topic.basis)
        dispatcher.utter_message(response="utter_legal_basis", citations=cited)
    needed = [part for part in found if part in documents]
    if needed:
        dispatcher.utter_message(response="utter_service_documents",
                                 documents=joined(needed, language))
    if not found:
        dispatcher.utter_message(response="utter_follow_up_beyond")
    if next_step:
        the_next_step(dispatcher, service)


def asks_what_the_route_answers(tracker: Tracker, topic: Topic, language: str) -> bool:
    """Whether the latest message is the question the topic's route exists for."""
    situation = topic.when.get("situation")
    return bool(situation) and tells_in_latest(tracker, situation, language) and bool(
        (current_knowledge().situations.get(situation) or {}).get("latest"))


def disclaimer_given(tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """Whether "general information, the office decides" was said in this conversation
    (session), including by the running action (two questions answered at once)."""
    if any(message.get("response") in DISCLAIMERS for message in dispatcher.messages):
        return True
    return said_in_session(tracker, DISCLAIMERS)


def service_details(
    dispatcher: CollectingDispatcher, tracker: Tracker, office: Office,
    service_id: Optional[str], language: str, text: str = "", documents_only: bool = False,
    told: str = "",
) -> Optional[Service]:
    """Documents, online application and fee of the office's service, if the topic has one;
    `text` the citizen's ("Blue Card verlängern": the extension's fee). `documents_only`: for
    someone who first needs a visa abroad, what to prepare, not this office's application.
    `told`: the answer just given; a fee it already states is not said twice. The
    conversation's situation may change the documents (service_documents)."""
    service = office.service(service_id) if service_id else None
    if service is not None:
        documents = joined(service_documents(service, tracker, language), language)
        # a second answer about the same service ("and my son?") does not list it all again
        repeated = said_in_session(tracker, ["utter_service_documents"], documents)
        if not repeated:
            dispatcher.utter_message(response="utter_service_documents", documents=documents)
        if documents_only:
            return service
        if service.online_application_url and not repeated:
            dispatcher.utter_message(
                response="utter_service_online", online_url=str(service.online_application_url)
            )
        # the amount where the fee table knows the typical case, else the paragraph
        cite = lambda basis: citations(current_knowledge(), basis)  # noqa: E731
        amount = typical_fee(service, language, text, cite)
        if amount is not None and not states_amount(told, str(amount["amount"])):
            if not (repeated and said_in_session(tracker, [amount["response"]],
                                                 str(amount["amount"]))):
                dispatcher.utter_message(**amount)
            for reduction in service_reductions(service, language, cite, text,
                                                tracker=tracker):
                if not said_in_session(tracker, [reduction["response"]], reduction["reduction"]):
                    dispatcher.utter_message(**reduction)
        elif service.fee_reference and not repeated:
            fee = citations(current_knowledge(), [service.fee_reference])
            dispatcher.utter_message(response="utter_service_fee", fee_reference=fee)
    return service


def states_amount(text: str, amount: str) -> bool:
    """Whether the text names the amount's number ("67 Euro" in "kostet grundsätzlich 67 euros")."""
    number = re.match(r"\d[\d.,]*", amount)
    said = rf"(?<![\d.,]){re.escape(number[0])}(?!\d|[.,]\d)" if number else None
    return said is not None and re.search(said, text) is not None


def next_step_and_rating(dispatcher: CollectingDispatcher, service: Optional[Service]) -> None:
    """The closing of every factual answer: the next step, then 👍/👎."""
    the_next_step(dispatcher, service)
    dispatcher.utter_message(response="utter_ask_feedback")


def the_next_step(dispatcher: CollectingDispatcher, service: Optional[Service]) -> None:
    """Appointment / contact buttons; no appointment button for a service the chat does not
    book (applied for online), in a first answer as in a follow-up on it."""
    if service is not None and not service.appointment_type:
        dispatcher.utter_message(response="utter_next_step_contact")
    else:
        bookable = service.id if service is not None else None
        dispatcher.utter_message(
            response="utter_next_step", appointment_payload=appointment_payload(bookable)
        )


def appointment_payload(service_id: Optional[str]) -> str:
    """The appointment button; with the answer's service, so the form need not ask for it."""
    return f'/book_appointment{{"service":"{service_id}"}}' if service_id else "/book_appointment"


def wants_appointment(tracker: Tracker) -> bool:
    """ "Termin zum Karte abholen": the topic is the service of an appointment asked for."""
    text = str(tracker.latest_message.get("text") or "")
    asked_for = words(tracker_language(tracker))["appointment"]
    return not text.startswith("/") and mentions(text, asked_for)
