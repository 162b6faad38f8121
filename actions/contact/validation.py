"""Checks of what a citizen types as contact details; each error is a sentence key."""

from typing import Optional

import phonenumbers

from lotse_common.redaction import EMAIL


def normalize_email(text: str) -> Optional[str]:
    text = text.strip()
    return text.lower() if EMAIL.fullmatch(text) and len(text) <= 254 else None


def normalize_phone(text: str, region: str = "DE") -> Optional[str]:
    """A valid phone number in international format (+49 ...), else None."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
