"""Sends the outbox by SMTP. Settings from actions/settings.py (README, "Environment
variables"); the password is never logged."""

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Optional, Tuple

from actions import settings
from actions.contact.outbox import Outbox, OutgoingMail, one_line

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "localhost"
    port: int = 25
    starttls: bool = False
    username: Optional[str] = None
    password: Optional[str] = None
    sender: str = "lotse@localhost"
    timeout_seconds: float = 5.0

    @classmethod
    def from_settings(cls) -> "SmtpSettings":
        return cls(host=settings.SMTP_HOST, port=settings.SMTP_PORT,
                   starttls=settings.SMTP_STARTTLS, username=settings.SMTP_USER or None,
                   password=settings.SMTP_PASSWORD or None, sender=settings.SMTP_FROM)


def _message(mail: OutgoingMail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.recipient
    message["Subject"] = one_line(mail.subject)
    if mail.reply_to:
        message["Reply-To"] = one_line(mail.reply_to)
    message.set_content(mail.body)
    return message


def _server_problem(error: Exception) -> bool:
    """A lost connection or a temporary (4xx) answer is the server's problem: the whole batch
    waits. A permanent (5xx) refusal, or a mail that cannot even be built, is this mail's."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code < 500
    return isinstance(error, OSError)  # SMTPServerDisconnected, sockets


def deliver(outbox: Outbox, settings: SmtpSettings) -> Tuple[int, int]:
    """Sends every pending mail that is due; returns (sent, still pending). A server that is
    down keeps all for the next round; a mail that fails on its own is retried later."""
    pending = outbox.pending(due_only=True)
    if not pending:
        return 0, 0
    claimed, handled = [], set()
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_seconds) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.username:
                smtp.login(settings.username, settings.password or "")
            for mail in pending:
                if not outbox.claim(mail.reference):
                    continue  # another replica is sending it
                claimed.append(mail.reference)
                try:
                    smtp.send_message(_message(mail, settings.sender))
                except Exception as error:  # noqa: BLE001 - this mail only, never the others
                    if _server_problem(error):
                        raise  # the server, not this mail: everything stays for the next round
                    reason = f"{type(error).__name__}: {error}"
                    if outbox.mark_rejected(mail.reference, reason):
                        logger.error("Mail %s given up after repeated refusals (%s): the office"
                                     " must contact the citizen another way",
                                     mail.reference, type(error).__name__)
                    else:
                        logger.warning("Mail %s not sent: %s", mail.reference,
                                       type(error).__name__)
                else:
                    outbox.mark_sent(mail.reference)
                handled.add(mail.reference)
    except (OSError, smtplib.SMTPException) as error:
        logger.warning("SMTP %s:%s unavailable (%s); mails stay in the outbox",
                       settings.host, settings.port, type(error).__name__)
        unsent = [reference for reference in claimed if reference not in handled]
        outbox.mark_failed(unsent, type(error).__name__)
    still_pending = len(outbox.pending())
    return len(pending) - still_pending, still_pending
