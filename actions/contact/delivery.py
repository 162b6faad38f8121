"""Getting the outbox to the mail server: right after each request, and again every
LOTSE_OUTBOX_RETRY_SECONDS while mails are pending, in a background thread so that neither
a slow nor a broken mail server holds up the chat."""

import logging
import threading
import time
from typing import Optional

from actions import settings
from actions.contact.mailer import SmtpSettings, deliver
from actions.contact.outbox import Outbox
from actions.database import location

logger = logging.getLogger(__name__)
RETRY_SECONDS = settings.OUTBOX_RETRY_SECONDS
BATCH_SECONDS = 1.0

_outbox: Optional[Outbox] = None
_wake = threading.Event()
_worker: Optional[threading.Thread] = None
_lock = threading.Lock()


def outbox() -> Outbox:
    global _outbox
    where = location("outbox", settings.DATA_DIR, settings.DB_URL)
    if _outbox is None or _outbox.location != where:
        _outbox = Outbox(where)
    return _outbox


def _run() -> None:
    while True:
        if _wake.wait(RETRY_SECONDS):
            time.sleep(BATCH_SECONDS)  # requests arriving together go out in one connection
        _wake.clear()
        try:
            sent, pending = deliver(outbox(), SmtpSettings.from_settings())
        except Exception:  # noqa: BLE001 - the worker must survive anything and retry later
            logger.exception("Delivering the outbox failed")
            continue
        dead = outbox().dead_letters()
        if sent or pending or dead:
            # dead letters: rejected MAX_ATTEMPTS times, reason in the outbox's last_error
            logger.info("Outbox: %d sent, %d pending, %d failed for good", sent, pending, dead)


def deliver_soon() -> None:
    """Wakes the delivery thread (starting it on first use)."""
    global _worker
    with _lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_run, name="outbox-delivery", daemon=True)
            _worker.start()
    _wake.set()
