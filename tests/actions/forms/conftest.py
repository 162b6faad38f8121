"""Running a form's actions the way the Rasa server does: a real Tracker with the requested
slot and the citizen's message, the project's domain, a calendar in a temporary directory."""

import asyncio
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions import settings
from actions.appointments import access
from actions.office import current_registry
from tests.conftest import PROJECT_DIR, make_tracker, user_event


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(settings, "DATA_DIR", tmp_path / "var")
    access.reset_backends()
    yield tmp_path / "var"
    access.reset_backends()


@pytest.fixture
def office_dir(tmp_path, monkeypatch):
    """Use the sample district office with changed settings: office_dir(appointments={...})."""

    def make(**changes) -> Dict[str, Any]:
        content = yaml.safe_load((PROJECT_DIR / "office/musterhausen.yml").read_text("utf-8"))
        for key, value in changes.items():
            content[key].update(value)
        directory = tmp_path / "office"
        directory.mkdir(exist_ok=True)
        (directory / "office.yml").write_text(yaml.safe_dump(content, allow_unicode=True))
        monkeypatch.setattr(settings, "OFFICE_DIR", directory)
        current_registry.cache_clear()
        access.reset_backends()
        return content

    yield make
    current_registry.cache_clear()


def run(
    action,
    domain: Dict[str, Any],
    text: str = "",
    intent: str = "inform",
    slots: Optional[Dict[str, Any]] = None,
    requested: Optional[str] = None,
    entities: Optional[Dict[str, Any]] = None,
    language: str = "de",
    confidence: float = 0.95,
) -> Tuple[List[Dict[str, Any]], Dict[str, Any]]:
    """Runs an action for one message; returns the bot messages and the slots it set."""
    all_slots = {**(slots or {}), "requested_slot": requested}
    tracker = make_tracker([user_event(text, language, intent, entities, confidence)], all_slots)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def responses(messages: List[Dict[str, Any]]) -> List[str]:
    return [m.get("response") for m in messages]
