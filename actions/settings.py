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
