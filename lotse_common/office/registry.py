"""Loading the office files and deciding which office is responsible."""

import re
from pathlib import Path
from typing import Dict, List, Optional

import yaml
from pydantic import ValidationError

from lotse_common.office.schema import Office
from lotse_common.yaml_files import read_yaml


class OfficeConfigError(Exception):
    """An office file cannot be used; the message names the file, the key and the problem."""


def _describe(error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"] if part != "__root__")
        problems.append(f"{key or '(top level)'}: {item['msg']}")
    return "; ".join(problems)


def load_office(path: Path) -> Office:
    try:
        content = read_yaml(path)
    except (OSError, yaml.YAMLError) as error:
        raise OfficeConfigError(f"{path}: cannot read: {error}") from error
    if not isinstance(content, dict):
        raise OfficeConfigError(f"{path}: expected a mapping of keys such as 'id', 'name'")
    try:
        return Office.parse_obj(content)
    except ValidationError as error:
        raise OfficeConfigError(f"{path}: {_describe(error)}") from None


class OfficeRegistry:
    """All offices of a deployment; one of them answers when the place is unknown."""

    def __init__(self, offices: List[Office]) -> None:
        if not offices:
            raise OfficeConfigError("no office configured")
        defaults = [o for o in offices if o.default] or (offices if len(offices) == 1 else [])
        if len(defaults) != 1:
            raise OfficeConfigError(
                f"exactly one office needs 'default: true', found {len(defaults)}"
            )
        self.offices = offices
        self.default = defaults[0]
        self._by_postal_code: Dict[str, Office] = {}
        self._by_town: Dict[str, Office] = {}
        for office in offices:
            for code in office.responsibility.postal_codes:
                self._claim(self._by_postal_code, code, office, "postal code")
            for town in office.responsibility.towns:
                self._claim(self._by_town, town.casefold(), office, "town")

    @staticmethod
    def _claim(index: Dict[str, Office], key: str, office: Office, what: str) -> None:
        if key in index:
            raise OfficeConfigError(
                f"{what} '{key}' is claimed by both '{index[key].id}' and '{office.id}'"
            )
        index[key] = office

    def responsible_for(self, place: str) -> Optional[Office]:
        """The office for a postal code or town name, None if no office covers it."""
        place = place.strip()
        code = re.search(r"\b\d{5}\b", place)
        if code:
            return self._by_postal_code.get(code.group())
        return self._by_town.get(place.casefold())

    def get(self, office_id: Optional[str]) -> Office:
        """The office with this id (e.g. a slot value), else the default office."""
        return next((o for o in self.offices if o.id == office_id), self.default)


def load_registry(directory: Path) -> OfficeRegistry:
    """The offices of one deployment: every `<id>.yml` in `directory` (LOTSE_OFFICE_DIR)."""
    paths = sorted(directory.glob("*.yml"))
    if not paths:
        raise OfficeConfigError(f"{directory}: no office file (*.yml) found")
    return OfficeRegistry([load_office(path) for path in paths])
