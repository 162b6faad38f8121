"""Settings of the action server, from the environment with local defaults."""

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _path(variable: str, default: str) -> Path:
    path = Path(os.environ.get(variable, default))
    return path if path.is_absolute() else PROJECT_DIR / path


# the office configurations, one <id>.yml per office (name, addresses, hours, services, ...)
OFFICE_DIR = _path("LOTSE_OFFICE_DIR", "office")
# translations of the responses; their file names are the supported languages
LOCALES_DIR = _path("LOTSE_LOCALES_DIR", "locales")
# topic answers with their legal basis, and the laws' official URLs
KNOWLEDGE_DIR = _path("LOTSE_KNOWLEDGE_DIR", "knowledge")
# the action server's own data: appointment calendar, contact outbox, feedback
DATA_DIR = _path("LOTSE_DATA_DIR", "var")

# where the action server listens: loopback unless the operator opens it (a Rasa server on
# another machine); it answers only requests carrying the shared secret of the Rasa server
HOST = os.environ.get("LOTSE_ACTIONS_HOST") or os.environ.get("LOTSE_HOST") or "127.0.0.1"
PORT = int(os.environ.get("LOTSE_ACTIONS_PORT") or 5055)
SECRET = os.environ.get("LOTSE_ACTION_SECRET", "")
# a whole conversation's events travel with each call; bounded against oversized bodies
MAX_BODY_BYTES = int(os.environ.get("LOTSE_ACTIONS_MAX_BODY_BYTES") or 8_000_000)
