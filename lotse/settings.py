"""Settings of the Rasa server's extensions, read once at start (the folders: the same
variables and defaults as the action server's, lotse_common/paths.py)."""

import os

from lotse_common.paths import PROJECT_DIR, shared_dirs
from lotse_common.retention import retention_days

__all__ = ["PROJECT_DIR", "OFFICE_DIR", "LOCALES_DIR", "KNOWLEDGE_DIR", "TRACKER_DB_URL",
           "RETENTION_DAYS", "MAX_REQUEST_BYTES"]

OFFICE_DIR, LOCALES_DIR, KNOWLEDGE_DIR = shared_dirs()
# the conversations (endpoints.yml passes the same variable to the tracker store)
TRACKER_DB_URL = os.environ.get("LOTSE_TRACKER_DB_URL") or f"sqlite:///{PROJECT_DIR}/var/tracker.db"
RETENTION_DAYS = retention_days()
# the largest request body any channel accepts (Sanic's default: 100 MB)
MAX_REQUEST_BYTES = int(os.environ.get("LOTSE_MAX_REQUEST_BYTES") or 1_000_000)
