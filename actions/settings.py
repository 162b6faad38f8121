"""Settings of the action server, from the environment with local defaults."""

import os

from lotse_common.paths import PROJECT_DIR, project_path, shared_dirs
from lotse_common.retention import retention_days

__all__ = ["PROJECT_DIR", "OFFICE_DIR", "LOCALES_DIR", "KNOWLEDGE_DIR", "DATA_DIR", "HOST",
           "PORT", "SECRET", "MAX_BODY_BYTES", "RETENTION_DAYS", "MAX_ACTIVE_BOOKINGS",
           "LIMIT_BOOKINGS_CLIENT", "LIMIT_CONTACTS_CLIENT", "LIMIT_CONTACTS_CONVERSATION"]

# office configurations, response translations, topic answers and law links
OFFICE_DIR, LOCALES_DIR, KNOWLEDGE_DIR = shared_dirs()
# the action server's own data: appointment calendar, contact outbox, feedback
DATA_DIR = project_path("LOTSE_DATA_DIR", "var")

# where the action server listens: loopback unless the operator opens it (a Rasa server on
# another machine); it answers only requests carrying the shared secret of the Rasa server
HOST = os.environ.get("LOTSE_ACTIONS_HOST") or os.environ.get("LOTSE_HOST") or "127.0.0.1"
PORT = int(os.environ.get("LOTSE_ACTIONS_PORT") or 5055)
SECRET = os.environ.get("LOTSE_ACTION_SECRET", "")
# a whole conversation's events travel with each call; bounded against oversized bodies
MAX_BODY_BYTES = int(os.environ.get("LOTSE_ACTIONS_MAX_BODY_BYTES") or 8_000_000)
# delivered mails, feedback comments and past appointments are deleted after this many days
RETENTION_DAYS = retention_days()
# against scripts emptying the calendar or flooding the mailbox (actions/limits.py)
MAX_ACTIVE_BOOKINGS = int(os.environ.get("LOTSE_MAX_ACTIVE_BOOKINGS") or 1)
LIMIT_BOOKINGS_CLIENT = os.environ.get("LOTSE_LIMIT_BOOKINGS_CLIENT") or "5/hour"
LIMIT_CONTACTS_CLIENT = os.environ.get("LOTSE_LIMIT_CONTACTS_CLIENT") or "5/hour"
LIMIT_CONTACTS_CONVERSATION = os.environ.get("LOTSE_LIMIT_CONTACTS_CONVERSATION") or "3/day"
