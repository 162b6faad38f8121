"""What every Lotse channel shares: the limits of a message, the sentence a failure gets, the
bound on request bodies, the server's own metadata."""

import re
from typing import Any, Dict, Optional

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
