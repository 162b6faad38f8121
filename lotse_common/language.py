"""Which language a conversation is in.

Shared by the Rasa server (response generation) and the action server, so it has no
dependencies. The language is the latest of:
- an explicit choice: the `language` slot (language menu, widget setting, "English please");
- a confident detection of a user message (`parse_data["language"]`, set by the
  LanguageDetector NLU component; short or ambiguous messages carry no code); a conversation
  not yet in any language starts in the `likely` one of an unsure detection ("vivo en
  Oberdorf, me corresponde ir con ustedes?": Spanish, not German). Gibberish
  ("qqq zzz") carries none either — unless written in Arabic or Cyrillic script, which tells
  the language anyway —, while a real sentence the NLU did not understand keeps its own.
  Nor do answers to a form's question: a name ("Ali Yılmaz"), an e-mail address or a date
  says nothing about the language the citizen wants — but a sentence that asks something
  else instead ("ما هي ساعات العمل لديكم؟" while the form waits for a date) does.
"""

import re
from pathlib import Path
from typing import Any, Iterable, List, Mapping

DEFAULT_LANGUAGE = "de"
LANGUAGE_SLOT = "language"
PARSE_DATA_KEY = "language"
FALLBACK_INTENT = "nlu_fallback"
# parse data: True when not one word of the message is known (lotse/nlu/unfamiliar.py), so
# that the fallback has no topic to guess ("did you mean the Blue Card?" for "xkq wrr")
NO_KNOWN_WORD = "no_known_word"
REQUESTED_SLOT = "requested_slot"


def available_languages(locales_dir: Path) -> List[str]:
    """German (the source texts) plus every language with a response catalog
    (`<locales_dir>/<lang>.yml`)."""
    return sorted({DEFAULT_LANGUAGE, *(p.stem for p in locales_dir.glob("*.yml"))})


def detected_language(parse_data: Mapping[str, Any] | None) -> str | None:
    """The language code the NLU was confident about for one message, if any."""
    # gibberish ("xkq wrr pfff") carries no code: the NLU's UnfamiliarWordsFallback drops
    # lingua's guess; a real sentence the classifier did not understand keeps its language
    detection = (parse_data or {}).get(PARSE_DATA_KEY) or {}
    return detection.get("code") or None


def non_latin(text: str) -> bool:
    """Mostly letters of a non-Latin script (Arabic, Cyrillic)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c > "\u024f" for c in letters) > len(letters) / 2


ANSWER_INTENTS = {"inform", "affirm", "deny", FALLBACK_INTENT}
# the form questions answered in the citizen's own words (a message for the staff, a
# comment): whatever language they are in, they are the answer
FREE_TEXT_SLOTS = {"contact_name", "contact_address", "contact_topic", "contact_message",
                   "feedback_comment"}
SENTENCE_WORDS = 4  # fewer words (a name, a date) are an answer, whatever they are read as


def _question_instead_of_answer(event: Mapping[str, Any]) -> bool:
    """A message written while a form waits for an answer that is a sentence of its own."""
    parse_data = event.get("parse_data") or {}
    intent = (parse_data.get("intent") or {}).get("name")
    words = re.findall(r"[^\W\d_]+", str(parse_data.get("text") or event.get("text") or ""))
    return intent not in ANSWER_INTENTS and len(words) >= SENTENCE_WORDS


def _bare_answer(event: Mapping[str, Any]) -> bool:
    """A name or a nationality said without a question ("Mehmet Yilmaz"): in Latin script it
    tells nothing about the language wanted, even when no form asked for it."""
    parse_data = event.get("parse_data") or {}
    text = str(parse_data.get("text") or event.get("text") or "")
    return ((parse_data.get("intent") or {}).get("name") == "inform" and not non_latin(text)
            and len(re.findall(r"[^\W\d_]+", text)) < SENTENCE_WORDS)


# "thank you", "ok", "bye" are said in English (or German) inside every language's chat:
# short ones keep the conversation's language ("thank you" after a Hindi answer)
COURTESY_INTENTS = {"thank_you", "goodbye", "greet", "affirm", "deny"}


def _courtesy(event: Mapping[str, Any]) -> bool:
    parse_data = event.get("parse_data") or {}
    text = str(parse_data.get("text") or event.get("text") or "")
    return ((parse_data.get("intent") or {}).get("name") in COURTESY_INTENTS
            and len(re.findall(r"[^\W\d_]+", text)) < SENTENCE_WORDS)


def conversation_language(
    events: Iterable[Mapping[str, Any]], default: str = DEFAULT_LANGUAGE
) -> str:
    """The language to answer in, from a tracker's events (as dicts)."""
    language = None
    asking = None  # the slot a form has asked for (requested_slot)
    for event in events:
        kind = event.get("event")
        if kind == "slot" and event.get("name") == LANGUAGE_SLOT and event.get("value"):
            language = event["value"]
        elif kind == "slot" and event.get("name") == REQUESTED_SLOT:
            asking = event.get("value") or None
        elif kind == "user" and (
            (not asking and not _bare_answer(event))
            or (asking and asking not in FREE_TEXT_SLOTS and _question_instead_of_answer(event))
        ):
            if language and _courtesy(event):
                continue
            detection = (event.get("parse_data") or {}).get(PARSE_DATA_KEY) or {}
            if language and language in (detection.get("runner_up"), detection.get("romanised")):
                # the conversation's language nearly as likely, or its words typed in Latin
                # letters ("too in modat chi neshoon bedam?"): no clear switch
                continue
            language = (detected_language(event.get("parse_data")) or language
                        or detection.get("likely") or None)
    return language or default


# Arabic script separates the items of a list with the Arabic comma
_COMMAS = {"ar": "، ", "fa": "، ", "ur": "، "}


def joined(items: Iterable[str], language: str) -> str:
    """The items as a list in the language's punctuation ("A, B" / "A، B")."""
    return _COMMAS.get(language, ", ").join(items)
