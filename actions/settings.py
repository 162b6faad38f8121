"""Every setting of the action server, typed and read once at start from LOTSE_* environment
variables (README, "Environment variables"; tests/test_settings_documented.py keeps that
table and the code in step). An empty variable counts as unset. The folders have the same
variables and defaults as the Rasa server's (lotse_common/paths.py).

Modules read the values below (tests change them with monkeypatch.setattr), never the
environment themselves.
"""

from pathlib import Path
from typing import Optional

from pydantic import Field

from lotse_common.paths import PROJECT_DIR, shared_dirs
from lotse_common.retention import retention_days
from lotse_common.settings_base import LotseSettings


class ActionServerSettings(LotseSettings):
    data_dir: Path = Path("var")  # LOTSE_DATA_DIR
    actions_db_url: str = ""  # LOTSE_ACTIONS_DB_URL (may hold a password: never logged)
    host: str = "127.0.0.1"  # LOTSE_HOST
    actions_host: str = ""  # LOTSE_ACTIONS_HOST
    actions_port: int = 5055  # LOTSE_ACTIONS_PORT
    action_secret: str = ""  # LOTSE_ACTION_SECRET
    actions_max_body_bytes: int = Field(8_000_000, gt=0)  # LOTSE_ACTIONS_MAX_BODY_BYTES
    appointment_timeout: float = Field(3.0, gt=0)  # LOTSE_APPOINTMENT_TIMEOUT
    outbox_retry_seconds: float = Field(300.0, gt=0)  # LOTSE_OUTBOX_RETRY_SECONDS
    max_active_bookings: int = Field(1, ge=1)  # LOTSE_MAX_ACTIVE_BOOKINGS
    limit_bookings_client: str = "5/hour"  # LOTSE_LIMIT_BOOKINGS_CLIENT
    limit_contacts_client: str = "5/hour"  # LOTSE_LIMIT_CONTACTS_CLIENT
    limit_contacts_conversation: str = "3/day"  # LOTSE_LIMIT_CONTACTS_CONVERSATION
    smtp_host: str = "localhost"  # LOTSE_SMTP_HOST
    smtp_port: int = 25  # LOTSE_SMTP_PORT
    smtp_starttls: bool = False  # LOTSE_SMTP_STARTTLS
    smtp_user: Optional[str] = None  # LOTSE_SMTP_USER
    smtp_password: Optional[str] = None  # LOTSE_SMTP_PASSWORD (never logged)
    smtp_from: str = "lotse@localhost"  # LOTSE_SMTP_FROM


_SETTINGS = ActionServerSettings()

# office configurations, response translations, topic answers and law links
OFFICE_DIR, LOCALES_DIR, KNOWLEDGE_DIR = shared_dirs()
# the action server's own data: appointment calendar, contact outbox, feedback
DATA_DIR: Path = (_SETTINGS.data_dir if _SETTINGS.data_dir.is_absolute()
                  else PROJECT_DIR / _SETTINGS.data_dir)
# instead of SQLite files in DATA_DIR: one PostgreSQL database (postgresql://…) for calendar,
# outbox and feedback, shared by action servers on several hosts (actions/database.py)
DB_URL: str = _SETTINGS.actions_db_url
# where the action server listens: loopback unless the operator opens it (a Rasa server on
# another machine); it answers only requests carrying the shared secret of the Rasa server
HOST: str = _SETTINGS.actions_host or _SETTINGS.host
PORT: int = _SETTINGS.actions_port
SECRET: str = _SETTINGS.action_secret
# a whole conversation's events travel with each call; bounded against oversized bodies
MAX_BODY_BYTES: int = _SETTINGS.actions_max_body_bytes
# seconds the chat waits for the calendar before it offers the booking link
APPOINTMENT_TIMEOUT: float = _SETTINGS.appointment_timeout
# how often pending contact mails are tried again while the mail server is down
OUTBOX_RETRY_SECONDS: float = _SETTINGS.outbox_retry_seconds
# delivered mails, feedback comments and past appointments are deleted after this many days
RETENTION_DAYS: int = retention_days()
# Redis for the booking and contact limits shared by replicas; empty: in this process
REDIS_URL: str = _SETTINGS.redis_url
# against scripts emptying the calendar or flooding the mailbox (actions/limits.py)
MAX_ACTIVE_BOOKINGS: int = _SETTINGS.max_active_bookings
LIMIT_BOOKINGS_CLIENT: str = _SETTINGS.limit_bookings_client
LIMIT_CONTACTS_CLIENT: str = _SETTINGS.limit_contacts_client
LIMIT_CONTACTS_CONVERSATION: str = _SETTINGS.limit_contacts_conversation
# the mail server for contact requests
SMTP_HOST: str = _SETTINGS.smtp_host
SMTP_PORT: int = _SETTINGS.smtp_port
SMTP_STARTTLS: bool = _SETTINGS.smtp_starttls
SMTP_USER: Optional[str] = _SETTINGS.smtp_user
SMTP_PASSWORD: Optional[str] = _SETTINGS.smtp_password
SMTP_FROM: str = _SETTINGS.smtp_from

__all__ = ["PROJECT_DIR", "OFFICE_DIR", "LOCALES_DIR", "KNOWLEDGE_DIR", "DATA_DIR", "DB_URL",
           "HOST", "PORT", "SECRET", "MAX_BODY_BYTES", "APPOINTMENT_TIMEOUT",
           "OUTBOX_RETRY_SECONDS",
           "RETENTION_DAYS", "MAX_ACTIVE_BOOKINGS", "LIMIT_BOOKINGS_CLIENT",
           "LIMIT_CONTACTS_CLIENT", "LIMIT_CONTACTS_CONVERSATION", "SMTP_HOST", "SMTP_PORT",
           "SMTP_STARTTLS", "SMTP_USER", "SMTP_PASSWORD", "SMTP_FROM"]
