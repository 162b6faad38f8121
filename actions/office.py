"""The office configuration: everything office-specific, validated when it is loaded."""

from functools import lru_cache
from pathlib import Path
from typing import Dict

import yaml
from pydantic import BaseModel, ValidationError, validator

from actions import settings
from lotse.language import DEFAULT_LANGUAGE


class OfficeConfigError(Exception):
    """The office file cannot be used; the message names the file, key and problem."""


class Office(BaseModel):
    # the office's name per language, as it fits into "the assistant of the ..."
    name: Dict[str, str]

    @validator("name")
    def german_name_required(cls, value: Dict[str, str]) -> Dict[str, str]:
        if not value.get(DEFAULT_LANGUAGE):
            raise ValueError(f"a '{DEFAULT_LANGUAGE}' entry is required")
        return value

    def localized_name(self, language: str) -> str:
        return self.name.get(language) or self.name[DEFAULT_LANGUAGE]


def load_office(path: Path) -> Office:
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise OfficeConfigError(f"{path}: cannot read: {error}") from error
    try:
        return Office.parse_obj(content or {})
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        raise OfficeConfigError(f"{path}: {problems}") from error


@lru_cache(maxsize=1)
def current_office() -> Office:
    return load_office(settings.OFFICE_FILE)
