"""How topics are named to citizens (knowledge/labels.yml): buttons of "did you mean",
the contact form's topics, the questions asked with others."""

from functools import lru_cache
from typing import Any, Dict

import yaml

from actions import settings
from lotse_common.language import DEFAULT_LANGUAGE


@lru_cache(maxsize=1)
def labels() -> Dict[str, Any]:
    path = settings.KNOWLEDGE_DIR / "labels.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def localized(names: Dict[str, str], language: str, fallback: str) -> str:
    return names.get(language) or names.get(DEFAULT_LANGUAGE) or fallback


def label(intent: str, language: str) -> str:
    """A topic's name in the language (German, else the id)."""
    return localized(labels()["labels"].get(intent) or {}, language, intent)
