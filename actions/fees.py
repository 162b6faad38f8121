"""Fees: the amount the Aufenthaltsverordnung sets for the service asked about, with its
paragraph (knowledge/fees.yml), and a reduction only where it applies to the citizen's
nationality. Without a service named in the question or the conversation, the fee form asks
which (actions/forms/fee.py) instead of listing every fee."""

import re
from functools import lru_cache
from typing import Any, Dict, List, Optional, Sequence

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import settings
from actions.context import message_before, office_facts
from actions.forms.appointment_choice import (
    asked_first,
    service_in_text,
    service_words,
    topic_service,
)
from actions.forms.choices import mentions, words
from actions.knowledge import Knowledge
from actions.labels import label
from actions.languages import localized
from actions.office import Office
from actions.situations import routed_service, tells, tells_in_latest
from lotse_common.office.schema import Service
from lotse_common.yaml_files import read_yaml

# at most this many services as buttons when the question names none
CHOICES = 6
# what a running form is about ("can I apply online?" inside the extension planner)
FORM_TOPICS = {"extension_form": "extend_permit"}


@lru_cache(maxsize=1)
def fee_table() -> Dict[str, Any]:
    path = settings.KNOWLEDGE_DIR / "fees.yml"
    return read_yaml(path)


def fee_service(
    tracker: Tracker, office: Office, knowledge: Knowledge, language: str, context: bool = True
) -> Optional[Service]:
    """The service a fee question is about, if the Aufenthaltsverordnung sets its fee."""
    service = named_service(tracker, office, knowledge, language, context)
    return service if service is not None and service.id in fee_table()["services"] else None


def named_service(
    tracker: Tracker, office: Office, knowledge: Knowledge, language: str, context: bool = True
) -> Optional[Service]:
    """The service a question is about: named in it (a button, the NLU's entity, in
    words, a residence title), else (`context`) the one the conversation is about."""
    text = str(tracker.latest_message.get("text") or "")
    named = next(tracker.get_latest_entity_values("service"), None)
    if named is None and not text.startswith("/"):
        found = (service_in_text(part, office, language) for part in asked_first(text))
        named = next((service for service in found if service), None)
    loop = (tracker.active_loop or {}).get("name")
    if named is None and context and loop == "appointment_form":
        named = tracker.get_slot("service")  # "kann ich das online machen?" while booking
    if named is None:
        title = next(tracker.get_latest_entity_values("residence_title"), None)
        # the conversation's topic: the planner running, else the last topic answered
        current = FORM_TOPICS.get(loop) or tracker.get_slot("topic")
        topic = knowledge.topics.get(title or (current if context else "") or "")
        # "Asylbewerber, darf ich arbeiten?", then "was kostet das?": the route's service
        named = (routed_service(topic.id, tracker, language) or topic.service
                 if topic is not None else None)
        if named is None and topic is not None:
            # "und was kostet das?" after the spouse's own right (§ 31): applied for as an
            # extension
            named = topic_service(topic.id, office)
    return office.service(named) if named else None


def says_fee_unknown(
    dispatcher: CollectingDispatcher, tracker: Tracker, office: Office, knowledge: Knowledge,
    language: str, facts: Dict[str, str],
) -> Optional[Service]:
    """ "Was kostet das?" about a service whose fee no table of ours sets (the employment
    permit): that the office has named none and who knows, not "which service?" about the
    one just talked about. The service, or None if the question is not about one."""
    service = named_service(tracker, office, knowledge, language)
    if service is None or service.id in fee_table()["services"]:
        return None
    dispatcher.utter_message(response="utter_fee_unknown", service_name=service.name.get(language),
                             **facts)
    return service


def fee_topic(
    tracker: Tracker, office: Office, knowledge: Knowledge, language: str
) -> Optional[str]:
    """A topic whose fees another law sets (naturalisation, § 38 StAG), named in the question
    ("Was kostet die Einbürgerung?") or, without a service named, the conversation's."""
    topics = fee_table().get("topics") or {}
    text = str(tracker.latest_message.get("text") or "")
    if text.startswith("/") or named_service(tracker, office, knowledge, language, False):
        return None
    for topic_id, entry in topics.items():
        if mentions(text, list(entry["words"].get(language) or []) + entry["words"]["de"]):
            return topic_id
    current = tracker.get_slot("topic")
    return current if current in topics else None


def answer_topic_fee(dispatcher: CollectingDispatcher, topic_id: str, language: str, cite) -> None:
    """Each fee case of the topic, with its paragraph: 255 Euro, 51 Euro for a child."""
    for case in fee_table()["topics"][topic_id]["cases"]:
        dispatcher.utter_message(
            response="utter_fee_amount", service_name=label(topic_id, language),
            amount=case["amount"], case=localized(case["case"], language),
            citations=cite([case["basis"]]),
        )


def fee_choices(office: Office, language: str, slot: str) -> List[Dict[str, str]]:
    """The services with a fee as buttons, for "which one?"."""
    return [
        {"title": s.name.get(language), "payload": f'/inform{{"{slot}":"{s.id}"}}'}
        for s in office.services
        if s.id in fee_table()["services"]
    ][:CHOICES]


def asks_how_to_pay(tracker: Tracker, language: str) -> bool:
    """ "Kann ich mit Karte zahlen?", "only cash?": the way of paying, not the amount."""
    text = str(tracker.latest_message.get("text") or "")
    return not text.startswith("/") and mentions(text, list(words(language).get("payment") or []))


def answer_payment(dispatcher: CollectingDispatcher, office: Office, language: str) -> None:
    """The office's way of paying the fee (its configuration), else whom to ask."""
    if office.payment is not None:
        dispatcher.utter_message(text=office.payment.get(language))
    else:
        dispatcher.utter_message(response="utter_fee_payment_unknown",
                                 **office_facts(office, language))


def wants_extension(text: str, language: str) -> bool:
    """"Blue Card verlängern", "extend my study permit": the extension's fee, not the issue's."""
    entry = next((e for e in service_words() if e["id"] == "extension"), {})
    return mentions(text, list(entry.get(language) or []) + list(entry.get("de") or []))


def asked_case(service: Service, language: str, text: str) -> Dict[str, Any]:
    """The service's fee case the question is about: the extension's ("Blue Card
    verlängern"), else the typical one (the first)."""
    cases = fee_table()["services"].get(service.id) or []
    wanted = "extension" if wants_extension(text, language) else None
    return next((c for c in cases if wanted and c.get("when") == wanted), cases[0] if cases else {})


def typical_fee(service: Service, language: str, text: str, cite) -> Optional[Dict[str, str]]:
    """`utter_fee_amount` of the service's typical case ("extend …": the extension's), or
    None where the table has no amount for it."""
    case = asked_case(service, language, text)
    if "amount" not in case:
        return None
    return {"response": "utter_fee_amount", "service_name": service.name.get(language),
            "amount": case["amount"], "case": localized(case["case"], language),
            "citations": cite([case["basis"]])}


def service_reductions(
    service: Service, language: str, cite, text: str = "", before: str = "",
    tracker: Optional[Tracker] = None,
) -> List[Dict[str, str]]:
    """`utter_fee_reduction` for the exemptions named with every fee of the service ("100
    Euro" for temporary protection, free for whoever lives on SGB II benefits), the minors'
    half fee (§ 50 AufenthV) when the question, or the message `before` it, is about a child
    ("und für meinen Sohn?") and the service's fee is one the paragraph halves, and an
    exemption for a situation the conversation told ("ich bin beim Jobcenter": § 53 AufenthV)
    when it covers the service's fee."""
    basis = asked_case(service, language, text).get("basis", "")
    for_child = about_child(text, language) or about_child(before, language)
    return [_reduction(r, language, cite) for r in fee_table().get("reductions") or []
            if service.id in (r.get("services") or ())
            or (for_child and halved(basis, r.get("halves") or ()))
            or (tracker is not None and _told(r.get("told"), service, basis, tracker, language))]


def told_reductions(service: Service, language: str, cite, text: str,
                    tracker: Tracker) -> List[Dict[str, str]]:
    """The exemptions of `service_reductions` that apply because of a situation the
    conversation told ("ich bin beim Jobcenter"), not because of the service alone."""
    basis = asked_case(service, language, text).get("basis", "")
    return [_reduction(r, language, cite) for r in fee_table().get("reductions") or []
            if _told(r.get("told"), service, basis, tracker, language)]


def _reduction(reduction: Dict[str, Any], language: str, cite) -> Dict[str, str]:
    return {"response": "utter_fee_reduction", "reduction": localized(reduction["text"], language),
            "citations": cite([reduction["basis"]])}


def _told(told: Optional[Dict[str, Any]], service: Service, basis: str, tracker: Tracker,
          language: str) -> bool:
    return bool(told) and (halved(basis, told.get("paragraphs") or ())
                           or service.id in (told.get("services") or ())) and tells(
        tracker, told["situation"], language)


def reduction_told(tracker: Tracker, language: str) -> bool:
    """Whether the latest message tells a situation that waives a fee ("а я получаю
    бюргергельд, мне тоже надо платить?")."""
    return any(r.get("told") and tells_in_latest(tracker, r["told"]["situation"], language)
               for r in fee_table().get("reductions") or [])


def about_child(text: str, language: str) -> bool:
    """ "Was kostet das für meinen Sohn?": the `child` words (knowledge/choice_words.yml) of
    the language, or a number of years under 18 ("my 16 year old")."""
    if not text or text.startswith("/"):
        return False
    if mentions(text, list(words(language).get("child") or [])):
        return True
    return any(int(age) < 18 for age in AGE.findall(text.lower()))


# an age, not a duration ("seit 5 Jahren"): "16-year-old", "16 years old", "16-jährig",
# "16 Jahre alt", "16 yaşında", "16-летний", "16岁"
AGE = re.compile(r"(?<!\d)(\d{1,2})\s*-?\s*(?:years?[- ]old|jährig|jahrig|jahre alt|yaşında|"
                 r"yasinda|летн|річн|岁|歲)")


def halved(basis: str, paragraphs: Sequence[str]) -> bool:
    """Whether the citation ("§ 47 Abs. 1 AufenthV") is one of the paragraphs ("47 Abs. 1",
    "45") whose fees § 50 Abs. 1 AufenthV halves for minors."""
    found = re.match(r"§ (\w+)(?: Abs\. (\d+))? AufenthV", basis)
    if found is None:
        return False
    return found[1] in paragraphs or f"{found[1]} Abs. {found[2]}" in paragraphs


def answer_fee(
    dispatcher: CollectingDispatcher, tracker: Tracker, service: Service, language: str, cite
) -> None:
    """The fee of the service's typical case with its paragraph; a reduction only where it
    applies to the citizen's nationality."""
    name = service.name.get(language)
    text = str(tracker.latest_message.get("text") or "")
    case = asked_case(service, language, text)
    amount = typical_fee(service, language, text, cite)
    # "ich bekomme Bürgergeld, was kostet die Verlängerung?": the exemption the citizen's own
    # situation gives comes first, the fee after it as the one without it
    told = told_reductions(service, language, cite, text, tracker)
    for reduction in told:
        dispatcher.utter_message(**dict(reduction, response="utter_fee_told_reduction"))
    if amount is not None:
        if told:
            amount = dict(amount, response="utter_fee_amount_otherwise")
        dispatcher.utter_message(**amount)
    else:
        dispatcher.utter_message(text=f"{name}: {localized(case['none'], language)}")
    # "Meine Tochter ist 17 … und was kostet das für sie?": the child told just before counts
    before = message_before(tracker)
    for reduction in service_reductions(service, language, cite, text, before, tracker):
        if reduction not in told:
            dispatcher.utter_message(**reduction)
    nationality = tracker.get_slot("nationality")
    for reduction in fee_table().get("reductions") or []:
        if nationality and nationality in (reduction.get("nationalities") or []):
            dispatcher.utter_message(**_reduction(reduction, language, cite))
            break
