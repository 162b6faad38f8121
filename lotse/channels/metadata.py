"""What a client may send along with a message: the documented metadata keys only, bounded.
Metadata is stored with every message, so anything else would let a client fill the
conversation store (30 MB of metadata once grew it by 181 MB)."""

import json
import re
from typing import Any, Dict, Optional

MAX_METADATA_BYTES = 1024
# key -> the values it may take
DOCUMENTED = {
    "language": re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$"),  # the conversation's language
    "office": re.compile(r"^[\w-]{1,64}$"),  # which office's website the widget sits on
}


class MetadataTooLarge(ValueError):
    pass


def documented_metadata(value: Any) -> Optional[Dict[str, str]]:
    """The documented keys with valid values; None for no object. Rasa's clients may send
    the object as a JSON string. MetadataTooLarge above MAX_METADATA_BYTES."""
    if isinstance(value, str):
        if len(value.encode()) > MAX_METADATA_BYTES:
            raise MetadataTooLarge(f"'metadata' is too large: at most {MAX_METADATA_BYTES} bytes.")
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if not isinstance(value, dict):
        return None
    try:
        size = len(json.dumps(value).encode())
    except (RecursionError, ValueError):  # nested too deep; lone surrogates
        raise MetadataTooLarge("'metadata' cannot be read.") from None
    if size > MAX_METADATA_BYTES:
        raise MetadataTooLarge(f"'metadata' is too large: at most {MAX_METADATA_BYTES} bytes.")
    return {key: item for key, item in value.items()
            if key in DOCUMENTED and isinstance(item, str) and DOCUMENTED[key].match(item)}
