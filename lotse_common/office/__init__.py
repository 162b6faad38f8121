"""Office configuration: schema, loading and which office answers whom."""

from lotse_common.office.registry import (  # noqa: F401
    OfficeConfigError,
    OfficeRegistry,
    load_office,
    load_registry,
)
from lotse_common.office.schema import Office, Service  # noqa: F401
