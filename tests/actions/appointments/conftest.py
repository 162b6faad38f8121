from datetime import datetime
from pathlib import Path

import pytest
import yaml

from actions.appointments.embedded import EmbeddedCalendar
from actions.office import load_registry
from tests.conftest import PROJECT_DIR

# Monday 7 December 2026, 07:00 local time
NOW = datetime(2026, 12, 7, 7, 0)


def office_dir(tmp_path: Path, **embedded) -> Path:
    """The sample district office, with calendar settings changed for a test."""
    content = yaml.safe_load((PROJECT_DIR / "office/musterhausen.yml").read_text("utf-8"))
    content["appointments"]["embedded"].update(embedded)
    directory = tmp_path / "office"
    directory.mkdir(exist_ok=True)
    (directory / "office.yml").write_text(yaml.safe_dump(content, allow_unicode=True), "utf-8")
    return directory


@pytest.fixture
def make_calendar(tmp_path, store_at):
    def make(**embedded) -> EmbeddedCalendar:
        registry = load_registry(office_dir(tmp_path, **embedded))
        return EmbeddedCalendar(store_at("appointments"), registry, clock=lambda: NOW)

    return make
