"""The office configuration as the Rasa server reads it (LOTSE_OFFICE_DIR), once per process:
for the phone number of the technical-problem answer and the widget's settings."""

from functools import lru_cache

from lotse import settings
from lotse_common.office import OfficeRegistry, load_registry


@lru_cache(maxsize=1)
def office_registry() -> OfficeRegistry:
    return load_registry(settings.OFFICE_DIR)
