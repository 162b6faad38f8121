"""Placeholders of the response texts: which ones a response needs, in every language."""

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, Set

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})")


@lru_cache(maxsize=1)
def domain() -> Dict:
    return yaml.safe_load((PROJECT_DIR / "domain.yml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def catalogs() -> Dict[str, Dict]:
    """{language: responses}, German from the domain, the others from locales/."""
    found = {"de": domain()["responses"]}
    for path in sorted((PROJECT_DIR / "locales").glob("*.yml")):
        found[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))["responses"]
    return found


def texts(variation: Dict) -> Iterable[str]:
    yield variation.get("text") or ""
    for button in variation.get("buttons") or []:
        if not str(button.get("payload", "")).startswith("/"):
            yield str(button.get("payload", ""))
        yield str(button.get("title", ""))


def needed(response: str) -> Dict[str, Set[str]]:
    """{language: placeholders} of a response over all its variations."""
    return {
        language: {
            name
            for variation in responses.get(response) or []
            for text in texts(variation)
            for name in PLACEHOLDER.findall(text)
        }
        for language, responses in catalogs().items()
    }


def slots() -> Set[str]:
    return set(domain().get("slots") or {})
