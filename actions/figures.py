"""Yearly figures that are not in the law (salary thresholds, blocked account): the office
configuration states them with year, source and valid-until date (knowledge/figures.yml
says which exist); answers quote them as {figure_<id>} with year and source.

The rendering is lotse_common.facts' (the Rasa server quotes the office's facts too); here
with the action server's LOTSE_KNOWLEDGE_DIR, and the office check's warnings."""

from datetime import date
from typing import Dict, List, Optional

from actions import settings
from lotse_common import facts
from lotse_common.facts import Definitions, amount_of, load_definitions, money  # noqa: F401
from lotse_common.office import Office


def definitions() -> Definitions:
    return facts.definitions(settings.KNOWLEDGE_DIR)


def figure_facts(
    office: Office, language: str, known: Optional[Definitions] = None
) -> Dict[str, str]:
    """{figure_<id>: "50.700 € brutto im Jahr (Stand 2026, Quelle: …)"} for the office's
    figures, and the placeholder "missing" text where the office states none."""
    return facts.figure_facts(office, language, known or definitions())


def expired(office: Office, today: date) -> List[str]:
    """Warnings for the office check: stated figures past their valid-until date."""
    return [
        f"{office.id}: figure '{key}' ({figure.year}) was valid until {figure.valid_until};"
        f" update it from {figure.source}"
        for key, figure in office.figures.items()
        if figure.valid_until < today
    ]
