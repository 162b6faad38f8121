"""Settings of the action server, from the environment with local defaults."""

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _path(variable: str, default: str) -> Path:
    path = Path(os.environ.get(variable, default))
    return path if path.is_absolute() else PROJECT_DIR / path


# the office configuration (name, addresses, hours, services, ...)
OFFICE_FILE = _path("LOTSE_OFFICE_FILE", "office/office.yml")
# translations of the responses; their file names are the supported languages
LOCALES_DIR = _path("LOTSE_LOCALES_DIR", "locales")
