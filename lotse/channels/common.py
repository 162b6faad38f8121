"""What every Lotse channel shares: the limits of a message, the sentence a failure gets, the
bound on request bodies, the server's own metadata."""

import re
from typing import Any, Dict, List, Optional

from sanic import Blueprint

from lotse import identities, settings

MAX_MESSAGE_CHARS = 2000  # the widget allows as many (widget/src/widget/config.js)
SENDER_PATTERN = re.compile(r"^[\w.:@+-]{1,128}$")
FAILURE_REPLY = {
    "text": "Entschuldigung, gerade ist ein technischer Fehler aufgetreten. Bitte versuchen "
    "Sie es in einigen Minuten noch einmal. / Sorry, a technical error occurred. "
    "Please try again in a few minutes."
}


def bounded(blueprint: Blueprint) -> Blueprint:
    """Every Lotse channel's blueprint: the server accepts no request body above the limit."""

    @blueprint.listener("before_server_start")
    async def limit_request_size(app: Any, _loop: Any) -> None:
        app.config.REQUEST_MAX_SIZE = min(app.config.REQUEST_MAX_SIZE, settings.MAX_REQUEST_BYTES)

    return blueprint


def with_client(metadata: Optional[Dict[str, Any]], address: str) -> Dict[str, Any]:
    """The server's own key: who sent it, pseudonymised, for the action server's limits on
    bookings and contact requests per client (a client cannot set it)."""
    return {**(metadata or {}), "client": identities.client(address)}


def valid_text(text: str) -> bool:
    """False for a string JSON can carry but no text holds (a lone surrogate, "\\ud800")."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# "[§ 44 AufenthV](https://…)" in answers (actions/answers.py `citations`)
LABELLED_LINK = re.compile(r"\[([^\[\]\n]{1,200})\]\((https?://[^\s()<>]+)\)")


def links_at_the_end(text: str) -> str:
    """For channels without link markup (WhatsApp): the label stays in the sentence, each URL
    follows once at the end with its label."""
    links = {}
    for label, url in LABELLED_LINK.findall(text):
        links.setdefault(url, label)
    if not links:
        return text
    text = LABELLED_LINK.sub(lambda match: match.group(1), text)
    return text + "\n\n" + "\n".join(f"{label}: {url}" for url, label in links.items())


# where a long text may be cut, best first: paragraph, line, sentence end, any space
BREAKS = [re.compile(p) for p in (r"\n\s*\n", r"\n", r"[.!?…:;]\s", r"\s")]


MESSENGER_TEXT_CHARS = 4096  # what WhatsApp and Telegram take in one text message


def split_text(text: str, limit: int = MESSENGER_TEXT_CHARS) -> List[str]:
    """Pieces of at most `limit` characters, each cut at the best break in its second half."""
    pieces, rest = [], text.strip()
    while len(rest) > limit:
        window = rest[: limit + 1]  # a break right after the limit still counts
        cut = limit
        for pattern in BREAKS:
            ends = [m.end() for m in pattern.finditer(window, limit // 2)]
            if ends:
                cut = ends[-1]  # every break ends in whitespace: the piece is <= limit
                break
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [*pieces, rest] if rest else pieces


ONLY_TEXT_REPLY = (
    "Ich kann leider nur Textnachrichten lesen. / Sorry, I can only read text messages."
)

