"""The office facts every response and topic answer may use as placeholders ({phone},
{hours}, {figure_<id>}, ...), for the action server's answers and the Rasa server's
"technical problem" reply alike.

Yearly figures that are not in the law (salary thresholds, blocked account): the office
configuration states them with year, source and valid-until date (knowledge/figures.yml
says which exist); answers quote them as {figure_<id>} with year and source.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple
from urllib.parse import urlparse

from babel.dates import get_day_names
from babel.numbers import format_decimal

from lotse_common.language import DEFAULT_LANGUAGE, joined
from lotse_common.office.schema import WEEKDAYS, Figure, Office, OpeningHours
from lotse_common.yaml_files import read_yaml


def opening_hours(office: Office, language: str) -> str:
    """'Mo. 08:00–12:00 · Di. 08:00–12:00, 14:00–17:30 · ...' in the citizen's language."""
    return hours_text(office.opening_hours, language)


def hours_text(hours: OpeningHours, language: str) -> str:
    """Opening or walk-in hours, day by day, in the citizen's language."""
    names = get_day_names("abbreviated", locale=language)
    days = []
    for index, _ in enumerate(WEEKDAYS):
        intervals = hours.intervals(index)
        if intervals:
            times = joined((f"{i.start:%H:%M}–{i.end:%H:%M}" for i in intervals), language)
            days.append(f"{names[index]} {times}")
    return " · ".join(days)


def office_facts(office: Office, language: str, knowledge_dir: Path) -> Dict[str, str]:
    """Placeholders every response and topic answer may use; the figures' definitions come
    from `<knowledge_dir>/figures.yml` (LOTSE_KNOWLEDGE_DIR)."""
    address = office.address
    return {
        "office_name": office.name.get(language),
        "phone": office.contact.phone,
        "email": office.contact.email,
        "extension_lead_weeks": str(office.extension_lead_weeks),
        "hours": opening_hours(office, language),
        "postal_address": f"{address.street}, {address.postal_code} {address.town}",
        "booking_url": str(office.appointments.online_booking_url),
        "card_delivery": office.card_delivery.get(language) if office.card_delivery else "",
        **figure_facts(office, language, definitions(knowledge_dir)),
    }


@dataclass(frozen=True)
class Definitions:
    stated: Dict[str, str]  # figure id -> format
    derived: Dict[str, dict]  # figure id -> {of, percent, basis}
    formats: Dict[str, Dict[str, str]]  # format -> language -> template

    @property
    def ids(self) -> List[str]:
        return [*self.stated, *self.derived]


def load_definitions(directory: Path) -> Definitions:
    data = read_yaml(directory / "figures.yml")
    return Definitions(
        stated={key: entry["format"] for key, entry in data["stated"].items()},
        derived=data["derived"],
        formats=data["formats"],
    )


@lru_cache(maxsize=4)
def definitions(directory: Path) -> Definitions:
    """`load_definitions`, read once per knowledge directory."""
    return load_definitions(directory)


def amount_of(
    figure_id: str, office: Office, known: Definitions
) -> Optional[Tuple[Decimal, Figure]]:
    """The figure's amount and the stated figure it rests on; None if the office has none."""
    rule = known.derived.get(figure_id)
    stated = office.figures.get(rule["of"] if rule else figure_id)
    if stated is None:
        return None
    if rule is None:
        return stated.amount, stated
    percent = Decimal(str(rule["percent"]).replace(",", "."))
    return (stated.amount * percent / 100).quantize(Decimal("0.01")), stated


def money(amount: Decimal, language: str) -> str:
    pattern = "#,##0" if amount == amount.to_integral_value() else "#,##0.00"
    return format_decimal(amount, format=pattern, locale=language, numbering_system="latn")


def figure_facts(office: Office, language: str, known: Definitions) -> Dict[str, str]:
    """{figure_<id>: "50.700 € brutto im Jahr (Stand 2026, Quelle: …)"} for the office's
    figures, and the placeholder "missing" text where the office states none."""
    facts = {}
    for figure_id in known.ids:
        found = amount_of(figure_id, office, known)
        rule = known.derived.get(figure_id)
        kind = known.stated[rule["of"]] if rule else known.stated[figure_id]
        templates = known.formats["missing"] if found is None else known.formats[kind]
        template = templates.get(language) or templates[DEFAULT_LANGUAGE]
        if found is None:
            facts[f"figure_{figure_id}"] = template
            continue
        amount, stated = found
        facts[f"figure_{figure_id}"] = template.format(
            amount=money(amount, language), year=stated.year,
            source=(urlparse(str(stated.source)).hostname or "").removeprefix("www."),
        )
    return facts
