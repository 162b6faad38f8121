"""Office configuration: schema, loading and which office answers whom (lotse_common.office),
read from the action server's LOTSE_OFFICE_DIR."""

from functools import lru_cache

from actions import settings
from lotse_common.office import (  # noqa: F401
    Office,
    OfficeConfigError,
    OfficeRegistry,
    Service,
    load_office,
    load_registry,
)


@lru_cache(maxsize=1)
def current_registry() -> OfficeRegistry:
    return load_registry(settings.OFFICE_DIR)
