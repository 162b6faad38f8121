"""How topics are named to citizens (knowledge/labels.yml): buttons of "did you mean",
the contact form's topics, the questions asked with others."""

from functools import lru_cache
from typing import Any, Dict

from actions import settings
from actions.languages import localized
from lotse_common.yaml_files import read_yaml


@lru_cache(maxsize=1)
def labels() -> Dict[str, Any]:
    path = settings.KNOWLEDGE_DIR / "labels.yml"
    return read_yaml(path)


def label(intent: str, language: str) -> str:
    """A topic's name in the language (German standing in; the id if it has no name)."""
    names = labels()["labels"].get(intent)
    return localized(names, language) if names else intent
