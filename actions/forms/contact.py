"""The contact request: name → e-mail or phone → topic → message → consent → sent.

The request is stored in the outbox first and then mailed to the office's staff mailbox; a
mail server that is down only delays it (actions/contact/delivery.py retries)."""

import logging
import re
from typing import Any, Dict, List, Optional

import phonenumbers
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import limits
from actions.anger import is_angry
from actions.contact.delivery import deliver_soon, outbox
from actions.contact.validation import normalize_email, normalize_phone
from actions.context import conversation_facts, language_and_office
from actions.forms.appointment_choice import service_in_text
from actions.forms.asking import OFFERED_SLOT, AskQuestion
from actions.forms.base import FINISHED_SLOT, SENTENCE, LotseForm
from actions.forms.choices import mentions, normalize, phrase_spans, word_languages, words
from actions.forms.digression import answer_digression, asks_a_topic
from actions.forms.reading import yes_or_no
from actions.labels import label
from lotse_common.redaction import EMAIL

logger = logging.getLogger(__name__)
# the topic becomes the mail's subject line: long enough for a sentence, short for a subject
MAX_TOPIC_CHARS = 120
# more choices than fit a phone screen (and WhatsApp's 10-row list) help nobody
MAX_TOPIC_BUTTONS = 6
FORM_SLOTS = [
    "contact_name",
    "contact_address",
    "contact_topic",
    "contact_message",
    "contact_consent",
]
NAME = re.compile(r"^[^\d?!@#$%^&*=<>{}\[\]/\\|~_]{2,80}$")
MAX_MESSAGE = 1500
# a matter said in the message that started the form: this many words after "dass"/":"
MIN_GIVEN_WORDS = 3
MAX_QUOTE_CHARS = 300
SHORT_ANSWER = 3  # words: "ja", "ja genau", "nein danke", "так, надсилайте"
COLON_AND_WORDS = re.compile(r":\s*\S+(?:\s+\S+){" + str(MIN_GIVEN_WORDS - 1) + ",}")


def name_in_text(text: str, language: str) -> Optional[str]:
    """The name after "mein Name ist", "my name is", "adım", "اسمي", "мене звати"."""
    intros = "|".join(re.escape(i) for i in words(language).get("name_intro") or [])
    if not intros:
        return None
    pattern = rf"(?:^|[\s,.;:!])(?:{intros})[\s:,]+((?:[^\W\d_][\w'’-]*\s*){{1,4}})"
    match = re.search(pattern, text, re.IGNORECASE)
    if not match:
        return None
    ends = {end for language in word_languages() for end in words(language).get("name_ends") or []}
    name: List[str] = []
    for word in match[1].split():
        if word.casefold() in ends:
            break
        name.append(word)
    return " ".join(name) if name and NAME.match(" ".join(name)) else None


def name_before_question(text: str) -> str:
    """ "Ahmed Yilmaz. Wie lange dauert das?": the name is the sentence before the question
    (the question is answered too); "Dr. Ahmed Yilmaz" asks nothing and stays whole."""
    first, *rest = [part for part in SENTENCE.split(text) if part.strip()] or [text]
    name = first.strip(" .,;:!").split()
    # two to four words, capitalised where the script has capitals ("Hallo. Was kostet
    # das?" names no one)
    if rest and rest[-1].rstrip().endswith(("?", "؟", "？")) and 2 <= len(name) <= 4 and all(
            word[:1].isupper() or word[:1].lower() == word[:1].upper() for word in name):
        return " ".join(name)
    return text


def contact_address_in_text(text: str) -> Optional[str]:
    """An e-mail address or a valid phone number somewhere in a longer message."""
    email = EMAIL.search(text)
    if email:
        return normalize_email(email.group())
    for match in phonenumbers.PhoneNumberMatcher(text, "DE"):
        return normalize_phone(match.raw_string)
    return None


def parse_contact_address(text: str) -> Optional[str]:
    """An e-mail address (lower case) or a phone number (+49 …) found in the text."""
    email = EMAIL.search(text)
    if email:
        return normalize_email(email.group())
    digits = re.sub(r"[^\d+]", "", text)
    if len(digits) < 6:
        return None
    # "0176 2345678, краще після 17:00": the number in the sentence
    return normalize_phone(text) or contact_address_in_text(text)


def _form_started(tracker: Tracker) -> int:
    """Where the contact form was activated in the events (their end if it was not)."""
    for index in range(len(tracker.events) - 1, -1, -1):
        event = tracker.events[index]
        if event.get("event") == "active_loop" and event.get("name") == "contact_form":
            return index
    return len(tracker.events)


def message_given(tracker: Tracker) -> Optional[str]:
    """The message that started the form, if it already says the matter ("schreiben Sie
    meiner Sachbearbeiterin, dass ich am Dienstag nicht kommen kann", "напишіть працівнику
    шо я хочу скасувати запис"): words of its language that introduce what to tell
    (`message_follows`) or a colon, followed by a few words. The case worker gets it whole, as
    the citizen wrote it: no cut that could lose a word."""
    start = _form_started(tracker)
    text = next((str(e.get("text") or "") for e in reversed(tracker.events[:start])
                 if e.get("event") == "user"), "").strip()
    if not text or text.startswith("/"):
        return None
    tokens = normalize(text).split()
    markers = words(language_and_office(tracker)[0]).get("message_follows") or []
    # counted from the marker's first word: "that i" ends in the matter's first word
    follows = any(len(tokens) - start - 1 >= MIN_GIVEN_WORDS
                  for marker in markers for start, _ in phrase_spans(tokens, marker))
    return text[:MAX_MESSAGE] if follows or COLON_AND_WORDS.search(text) else None


def _declines(tracker: Tracker) -> bool:
    """A message that starts with "no" ("no, i dont want write message"): no name."""
    text = str(tracker.latest_message.get("text") or "")
    first = " ".join(normalize(text).split()[:2])
    language, _ = language_and_office(tracker)
    return not text.startswith("/") and any(
        phrase_spans(first.split(), phrase)[:1] == [(0, len(phrase.split()))]
        for phrase in words(language)["no"] if len(phrase.split()) <= 2)


def _offered(tracker: Tracker) -> bool:
    """Whether the given message was quoted back in this run of the form."""
    return any(e.get("event") == "bot" and (e.get("metadata") or {}).get("utter_action")
               == "utter_ask_contact_message_given"
               for e in tracker.events[_form_started(tracker):])


class ValidateContactForm(LotseForm):
    # "Ich heiße Maria Beispiel, maria@example.org, es geht um meine Verlängerung": what the
    # first message says is not asked again
    VOLUNTEERED = ("contact_name", "contact_address", "contact_topic")
    # nor what an earlier message of this conversation named ("seit 4 Monaten warte ich auf
    # meine Verlängerung", then "ja, bitte rufen Sie mich an")
    REMEMBERED = ("contact_topic",)
    # any text, so "abbrechen" there is "stop" (a name read as "stop" is a name: base.py) and a
    # question is the message
    FREE_TEXT = ("contact_name", "contact_topic", "contact_message")
    ANSWERED_WITH_QUESTION = ("contact_name",)

    def name(self) -> str:
        return "validate_contact_form"

    async def run(self, dispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        if tracker.get_slot("requested_slot") == "contact_name" and _declines(tracker):
            # "no, I don't want to write a message, I asked what time the phone is answered":
            # nothing is sent, and the question asked is answered
            dispatcher.utter_message(response="utter_form_stopped")
            if asks_a_topic(tracker):
                answer_digression(dispatcher, tracker, domain, "contact_name")
            return [SlotSet("contact_name", None), SlotSet(FINISHED_SLOT, True),
                    SlotSet("requested_slot", None)]
        return await super().run(dispatcher, tracker, domain)

    def looks_like_answer(self, slot: str, text: str, tracker: Tracker) -> bool:
        """ "Rahul Verma" asked for a name: two to four capitalised words are one."""
        typed = text.split()
        capitalised = 2 <= len(typed) <= 4 and all(word[:1].isupper() for word in typed)
        return (slot == "contact_name" and capitalised
                and self.parse(slot, text, tracker) is not None)

    def parse(self, slot: str, text: str, tracker: Tracker) -> Optional[Any]:
        if tracker.get_slot("requested_slot") != slot:  # said without being asked
            language, office = language_and_office(tracker)
            if slot == "contact_name":
                return name_in_text(text, language)
            if slot == "contact_address":
                return contact_address_in_text(text)
            if slot == "contact_topic":
                service = office.service(service_in_text(text, office, language) or "")
                return service.name.get(language) if service else None
            return None
        if slot == "contact_name":  # "ihr seid einfach nur inkompetent", "ja abschicken": no name
            language, _ = language_and_office(tracker)
            introduced = name_in_text(text, language)  # "اسمي محمد الحلبي، الدولدونغ بتخلص …"
            if introduced:
                return introduced
            text = name_before_question(text)
            vocabulary = words(language)
            name = NAME.match(text) and len(text.split()) <= 6 and not is_angry(tracker) and not (
                mentions(text, vocabulary["yes"] + vocabulary["no"]))
            return " ".join(text.split()) if name else None
        if slot == "contact_address":
            return parse_contact_address(text)
        if slot == "contact_message" and _offered(tracker):
            return self._answer_to_quote(text, tracker)
        if slot in ("contact_topic", "contact_message"):
            return text or None
        if slot == "contact_consent":
            return yes_or_no(tracker)
        return None

    @staticmethod
    def _answer_to_quote(text: str, tracker: Tracker) -> Optional[Any]:
        """ "Ja" sends the quoted message, "nein" asks for another (False); "ja, und rufen
        Sie mich bitte an" adds to it; anything longer is the message instead ("Mi permiso
        vence en marzo y no me llegó ninguna carta" says "no" and is no answer to the quote)."""
        given = message_given(tracker) or ""
        if len(text.split()) <= SHORT_ANSWER:
            answer = yes_or_no(tracker)
            if answer is not None:
                return given if answer else False
            return text or None
        language, _ = language_and_office(tracker)
        first = " ".join(normalize(text).split()[:1])
        if mentions(first, words(language)["yes"]):
            return f"{given}\n\n{text}"[:MAX_MESSAGE]
        return text

    async def validate_contact_topic(self, value: Any, dispatcher, tracker, domain):
        return {"contact_topic": str(value)[:MAX_TOPIC_CHARS]}

    async def validate_contact_message(self, value: Any, dispatcher, tracker, domain):
        if value is False:  # the quoted message is not what to send: the question, plainly
            *_, facts = conversation_facts(tracker)
            dispatcher.utter_message(response="utter_ask_contact_message", **facts)
            return {"contact_message": None, OFFERED_SLOT: "contact_message"}
        text = str(value).strip()
        if len(text) < 3:
            dispatcher.utter_message(response="utter_invalid_contact_message")
            return {"contact_message": None}
        return {"contact_message": text[:MAX_MESSAGE]}

    async def validate_contact_consent(self, value: Any, dispatcher, tracker, domain):
        if value is False:
            *_, facts = conversation_facts(tracker)
            dispatcher.utter_message(response="utter_contact_no_consent", **facts)
            return {"contact_consent": False, FINISHED_SLOT: True}
        return {"contact_consent": bool(value)}


class ActionAskContactName(AskQuestion, Action):
    SLOT = "contact_name"
    """An angry message that starts the form ("seit 3 Monaten meldet sich keiner") gets the
    apology and the phone for urgent matters before the first question (guide rule 13)."""

    async def ask(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> None:
        if is_angry(tracker):
            *_, facts = conversation_facts(tracker)
            dispatcher.utter_message(response="utter_complaint_writing", **facts)
        await super().ask(dispatcher, tracker, domain)


class ActionAskContactTopic(AskQuestion, Action):
    SLOT = "contact_topic"
    """Offers the office's services and the topic of the last answer as buttons."""

    async def ask(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> None:
        language, office = language_and_office(tracker)
        titles = [label(tracker.get_slot("topic"), language)] if tracker.get_slot("topic") else []
        titles += [
            s.name.get(language) for s in office.services if s.name.get(language) not in titles
        ]
        buttons = [{"title": t, "payload": f'/inform{{"contact_topic":"{t}"}}'} for t in titles]
        dispatcher.utter_message(response="utter_ask_contact_topic",
                                 buttons=buttons[:MAX_TOPIC_BUTTONS])


class ActionAskContactMessage(AskQuestion, Action):
    SLOT = "contact_message"
    """A matter already said when the form started is quoted back, not asked for again."""

    async def ask(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> None:
        given = message_given(tracker)
        if not given or _offered(tracker):
            await super().ask(dispatcher, tracker, domain)
            return
        quote = given if len(given) <= MAX_QUOTE_CHARS else given[:MAX_QUOTE_CHARS - 1] + "…"
        *_, facts = conversation_facts(tracker)
        dispatcher.utter_message(response="utter_ask_contact_message_given",
                                 message=" ".join(quote.split()), **facts)


class ActionAskContactConsent(AskQuestion, Action):
    SLOT = "contact_consent"
    """The consent question names the office that receives the data."""

    async def ask(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> None:
        *_, facts = conversation_facts(tracker)
        dispatcher.utter_message(response="utter_ask_contact_consent", **facts)


def mail_body(tracker: Tracker, language: str) -> str:
    """What the case worker reads; the chat transcript is not attached (data minimisation)."""
    return "\n".join(
        [
            "Kontaktanfrage aus dem Chat-Assistenten Lotse",
            f"Name: {tracker.get_slot('contact_name')}",
            f"Kontakt: {tracker.get_slot('contact_address')}",
            f"Anliegen: {tracker.get_slot('contact_topic')}",
            f"Sprache des Chats: {language}",
            "Einwilligung in die Verarbeitung: ja",
            "",
            str(tracker.get_slot("contact_message")),
        ]
    )


class ActionSubmitContactRequest(Action):
    def name(self) -> str:
        return "action_submit_contact_request"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        reset = [SlotSet(slot, None) for slot in FORM_SLOTS + [FINISHED_SLOT]]
        if tracker.get_slot(FINISHED_SLOT) or not tracker.get_slot("contact_consent"):
            return reset
        language, office, facts = conversation_facts(tracker)
        if not limits.allow("contact", tracker):
            dispatcher.utter_message(response="utter_request_limit", **facts)
            return reset
        address = str(tracker.get_slot("contact_address") or "")
        reference = outbox().add(
            office.id,
            office.contact.staff_mailbox,
            f"Kontaktanfrage: {tracker.get_slot('contact_topic')}",
            mail_body(tracker, language),
            reply_to=address if "@" in address else None,
        )
        logger.info("Contact request %s stored for %s", reference, office.id)
        deliver_soon()
        dispatcher.utter_message(
            response="utter_contact_request_sent", reference=reference, **facts
        )
        return reset
