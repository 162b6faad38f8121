"""How topics are named to citizens (knowledge/labels.yml): buttons of "did you mean",
the contact form's topics, the questions asked with others."""

from functools import lru_cache
from typing import Any, Dict

import yaml

from actions import settings
from actions.languages import localized


@lru_cache(maxsize=1)
def labels() -> Dict[str, Any]:
    path = settings.KNOWLEDGE_DIR / "labels.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def label(intent: str, language: str) -> str:
    """A topic's name in the language (German standing in; the id if it has no name)."""
    names = labels()["labels"].get(intent)
    return localized(names, language) if names else intent
