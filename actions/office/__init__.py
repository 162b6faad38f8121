"""Office configuration: schema, loading and which office answers whom."""

from actions.office.registry import (  # noqa: F401
    OfficeConfigError,
    OfficeRegistry,
    current_registry,
    load_office,
    load_registry,
)
from actions.office.schema import Office, Service  # noqa: F401
