"""Every setting of the Rasa server's extensions, typed and read once at start from LOTSE_*
environment variables (README, "Environment variables"; tests/test_settings_documented.py
keeps that table and the code in step). An empty variable counts as unset. The folders have
the same variables and defaults as the action server's (lotse_common/paths.py).

Modules read the values below (tests change them with monkeypatch.setattr), never the
environment themselves.
"""

import ipaddress
from pathlib import Path
from typing import Optional

from pydantic import Field

from lotse_common.paths import PROJECT_DIR, shared_dirs
from lotse_common.retention import retention_days
from lotse_common.settings_base import LotseSettings


class RasaServerSettings(LotseSettings):
    tracker_db_url: str = f"sqlite:///{PROJECT_DIR}/var/tracker.db"  # LOTSE_TRACKER_DB_URL
    tracker_cache_size: int = Field(500, ge=0)  # LOTSE_TRACKER_CACHE_SIZE
    max_request_bytes: int = Field(1_000_000, gt=0)  # LOTSE_MAX_REQUEST_BYTES
    action_timeout: float = Field(10.0, gt=0)  # LOTSE_ACTION_TIMEOUT
    limit_client: str = "60/minute"  # LOTSE_LIMIT_CLIENT
    limit_conversation: str = "20/minute"  # LOTSE_LIMIT_CONVERSATION
    trusted_proxies: str = ""  # LOTSE_TRUSTED_PROXIES
    identity_secret: str = ""  # LOTSE_IDENTITY_SECRET
    identity_key_file: Path = Path("var/identity.key")  # LOTSE_IDENTITY_KEY_FILE
    review_margin: float = Field(0.1, ge=0, le=1)  # LOTSE_REVIEW_MARGIN
    law_index_dir: Path = Path("var/law-index")  # LOTSE_LAW_INDEX_DIR
    office_docs_dir: Path = Path("office/documents")  # LOTSE_OFFICE_DOCS_DIR
    staff_token: str = ""  # LOTSE_STAFF_TOKEN
    staff_users: str = ""  # LOTSE_STAFF_USERS
    limit_staff: str = "60/minute"  # LOTSE_LIMIT_STAFF
    limit_staff_logins: str = "10/minute"  # LOTSE_LIMIT_STAFF_LOGINS
    report_min_count: int = Field(5, ge=1)  # LOTSE_REPORT_MIN_COUNT


_SETTINGS = RasaServerSettings()

OFFICE_DIR, LOCALES_DIR, KNOWLEDGE_DIR = shared_dirs()
# the conversations (endpoints.yml passes the same variable to the tracker store)
TRACKER_DB_URL: str = _SETTINGS.tracker_db_url
# conversations whose tracker stays in memory (SQLite only)
TRACKER_CACHE_SIZE: int = _SETTINGS.tracker_cache_size
RETENTION_DAYS: int = retention_days()
# the largest request body any channel accepts (Sanic's default: 100 MB)
MAX_REQUEST_BYTES: int = _SETTINGS.max_request_bytes
# seconds a custom action may take before the citizen hears "technical problem"
ACTION_TIMEOUT: float = _SETTINGS.action_timeout
# messages per client address and per conversation ("<count>/<second|minute|hour|day>")
LIMIT_CLIENT: str = _SETTINGS.limit_client
LIMIT_CONVERSATION: str = _SETTINGS.limit_conversation
# the office's reverse proxies, comma-separated addresses or ranges (10.42.0.0/16: the ingress
# pods of a Kubernetes cluster): only their X-Forwarded-For names a client. A wrong entry
# stops the start (ValueError) rather than silently trusting no one
TRUSTED_PROXIES = tuple(ipaddress.ip_network(p.strip(), strict=False)
                        for p in _SETTINGS.trusted_proxies.split(",") if p.strip())
# signs web-chat sessions, hashes messenger numbers; without it a key file is made once
IDENTITY_SECRET: str = _SETTINGS.identity_secret
IDENTITY_KEY_FILE: Path = (_SETTINGS.identity_key_file if _SETTINGS.identity_key_file.is_absolute()
                           else PROJECT_DIR / _SETTINGS.identity_key_file)
# the trainers' review queue (scripts/review.py, read from the conversations): a message whose
# two most likely intents are closer than this is exported as uncertain
REVIEW_MARGIN: float = _SETTINGS.review_margin


def _project(path: Path) -> Path:
    return path if path.is_absolute() else PROJECT_DIR / path


# the staff law search (lotse/law/, lotse/channels/staff.py): the index the server reads, the
# office's documents `make law-index` adds to it
LAW_INDEX_DIR: Path = _project(_SETTINGS.law_index_dir)
OFFICE_DOCS_DIR: Path = _project(_SETTINGS.office_docs_dir)
# who may search: the office's token (Bearer, or the password of Basic auth) and/or a file of
# staff users with hashed passwords (python -m lotse.staff_auth); neither set: nobody
STAFF_TOKEN: str = _SETTINGS.staff_token
STAFF_USERS: Optional[Path] = _project(Path(_SETTINGS.staff_users)) if _SETTINGS.staff_users \
    else None
# searches per client address; wrong logins per client, beyond which it is locked out a while
LIMIT_STAFF: str = _SETTINGS.limit_staff
LIMIT_STAFF_LOGINS: str = _SETTINGS.limit_staff_logins
# the office report (scripts/report.py): counts below this are hidden, so that no citizen can be
# singled out
REPORT_MIN_COUNT: int = _SETTINGS.report_min_count
# Redis for locks, limits and messenger ids shared by replicas; empty: in this process
REDIS_URL: str = _SETTINGS.redis_url

__all__ = ["PROJECT_DIR", "OFFICE_DIR", "LOCALES_DIR", "KNOWLEDGE_DIR", "TRACKER_DB_URL",
           "TRACKER_CACHE_SIZE", "RETENTION_DAYS", "MAX_REQUEST_BYTES", "ACTION_TIMEOUT",
           "LIMIT_CLIENT", "LIMIT_CONVERSATION", "TRUSTED_PROXIES", "IDENTITY_SECRET",
           "IDENTITY_KEY_FILE", "REVIEW_MARGIN", "REPORT_MIN_COUNT", "REDIS_URL"]
