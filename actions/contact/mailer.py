"""Sends the outbox by SMTP. Settings from the environment (README, "Environment variables");
the password is never logged."""

import logging
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Optional, Tuple

from actions.contact.outbox import Outbox, OutgoingMail

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
    def from_environment(cls) -> "SmtpSettings":
        env = os.environ
        return cls(
            host=env.get("LOTSE_SMTP_HOST", cls.host),
            port=int(env.get("LOTSE_SMTP_PORT", cls.port)),
            starttls=env.get("LOTSE_SMTP_STARTTLS", "false").lower() == "true",
            username=env.get("LOTSE_SMTP_USER") or None,
            password=env.get("LOTSE_SMTP_PASSWORD") or None,
            sender=env.get("LOTSE_SMTP_FROM", cls.sender),
        )


def _message(mail: OutgoingMail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    if mail.reply_to:
        message["Reply-To"] = mail.reply_to
    message.set_content(mail.body)
    return message


def deliver(outbox: Outbox, settings: SmtpSettings) -> Tuple[int, int]:
    """Sends every pending mail; returns (sent, still pending). Failures stay in the outbox."""
    pending = outbox.pending()
    if not pending:
        return 0, 0
    handled = set()
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_seconds) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.username:
                smtp.login(settings.username, settings.password or "")
            for mail in pending:
                handled.add(mail.reference)
                try:
                    smtp.send_message(_message(mail, settings.sender))
                except smtplib.SMTPException as error:
                    outbox.mark_failed([mail.reference], type(error).__name__)
                    continue
                outbox.mark_sent(mail.reference)
    except (OSError, smtplib.SMTPException) as error:
        logger.warning("SMTP %s:%s unavailable (%s); mails stay in the outbox",
                       settings.host, settings.port, type(error).__name__)
        unsent = [mail.reference for mail in pending if mail.reference not in handled]
        outbox.mark_failed(unsent, type(error).__name__)
    still_pending = len(outbox.pending())
    return len(pending) - still_pending, still_pending
