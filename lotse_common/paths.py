"""The folders both servers read, from the environment with the project's own as defaults:
one definition for lotse/settings.py (Rasa server) and actions/settings.py (action server)."""

import os
from pathlib import Path
from typing import Tuple

PROJECT_DIR = Path(__file__).resolve().parent.parent


def project_path(variable: str, default: str) -> Path:
    """A folder setting; relative paths are relative to the project."""
    path = Path(os.environ.get(variable, default))
    return path if path.is_absolute() else PROJECT_DIR / path


def shared_dirs() -> Tuple[Path, Path, Path]:
    """Office configurations (one <id>.yml per office), response translations (their file
    names are the supported languages), knowledge (topic answers, laws, yearly figures)."""
    return (project_path("LOTSE_OFFICE_DIR", "office"),
            project_path("LOTSE_LOCALES_DIR", "locales"),
            project_path("LOTSE_KNOWLEDGE_DIR", "knowledge"))
